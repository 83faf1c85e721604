// Routes for reorganisations: apply a batch (or try it), a unit's lineage with its names over
// time, and a comparable series rebuilt from a unit's predecessors.
#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <map>

#include "api/app.h"
#include "api/crud.h"
#include "api/figures_json.h"
#include "api/structure_json.h"
#include "engine/comparable.h"
#include "engine/structure.h"
#include "formats/codec.h"
#include "app/reorg/reorg.h"

namespace nq::api {
namespace {

using namespace nq::domain;

HttpResponse PostReorganisation(const Call& call) {
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  auto operations = app::DecodeReorganisation(*body);
  if (!operations) return ErrorResponse(operations.error());
  bool dry_run = false;
  if (const json::value* flag = body->as_object().if_contains("dry_run")) {
    if (!flag->is_bool()) {
      return ErrorResponse(FieldError("/dry_run", "field \"/dry_run\" must be true or false"));
    }
    dry_run = flag->get_bool();
  }
  app::Access access = call.access();
  // Managers act over the units of their subtree; a new root needs an administrator over all.
  app::ReorgAuthorize authorize = [&](Id unit_id, std::string_view what) -> Status {
    if (unit_id == 0) return access.RequireGlobal(Action::kAdminister, what);
    return access.Require(Action::kManage, unit_id, what);
  };
  auto run = [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_TRY(app::ReorgResult result,
           app::ApplyReorganisation(scope, *operations, authorize));
    return app::Reply{dry_run ? 200 : 201, app::ReorgResultJson(result, dry_run), false};
  };
  if (!dry_run) return Mutation(call, run);
  auto reply = call.service().DryRun(call.Actor(), run);
  if (!reply) return ErrorResponse(reply.error());
  return JsonResponse(reply->status, reply->body);
}

Result<Unit> UnitByKey(storage::Transaction& tx, const std::string& key) {
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
  if (ec == std::errc() && ptr == key.data() + key.size()) return storage::Get<Unit>(tx, id);
  return storage::GetByCode<Unit>(tx, key);
}

json::object Brief(const std::map<Id, Unit>& units, Id id) {
  auto it = units.find(id);
  if (it == units.end()) return json::object{{"id", id}};
  return json::object{{"id", id},
                      {"code", it->second.code},
                      {"name", it->second.name},
                      {"short_name", it->second.short_name}};
}

// The unit's names over time, newest last, from its rename events.
json::array NameHistory(const Unit& unit, const std::vector<const Lineage*>& events) {
  std::vector<json::object> names;
  std::optional<Date> until = unit.validity.valid_to;
  std::string name = unit.name;
  std::string short_name = unit.short_name;
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if ((*it)->kind != LineageKind::kRename) continue;
    json::object details = formats::LineageDetailsJson(**it);
    names.push_back(json::object{{"name", name},
                                 {"short_name", short_name},
                                 {"from", (*it)->date.ToString()},
                                 {"to", until ? json::value(until->ToString()) : nullptr}});
    until = (*it)->date.AddDays(-1);
    if (const auto* before = details.if_contains("name_before"); before && before->is_string()) {
      name = std::string(before->get_string());
    }
    if (const auto* before = details.if_contains("short_name_before");
        before && before->is_string()) {
      short_name = std::string(before->get_string());
    }
  }
  names.push_back(json::object{{"name", name},
                               {"short_name", short_name},
                               {"from", unit.validity.valid_from.ToString()},
                               {"to", until ? json::value(until->ToString()) : nullptr}});
  json::array out;
  for (auto it = names.rbegin(); it != names.rend(); ++it) out.push_back(std::move(*it));
  return out;
}

HttpResponse UnitLineage(const Call& call) {
  engine::Engine& engine = call.service().engine();
  app::Access access = call.access();
  auto structure = engine.structure();
  auto view = call.service().database().Read([&](storage::Transaction& tx) -> Result<json::object> {
    NQ_TRY(Unit unit, UnitByKey(tx, call.PathParam("id")));
    NQ_RETURN_IF_ERROR(
        access.Require(Action::kRead, unit.id, fmt::format("unit \"{}\"", call.PathParam("id"))));
    std::vector<const Lineage*> events = structure->EventsOf(unit.id);
    std::map<Id, Unit> units;
    for (const Lineage* event : events) {
      for (const auto* ids : {&event->source_unit_ids, &event->target_unit_ids}) {
        for (Id id : *ids) {
          if (units.contains(id)) continue;
          NQ_TRY(Unit other, storage::Get<Unit>(tx, id));
          units.emplace(id, std::move(other));
        }
      }
    }
    json::array history;
    json::array predecessors;
    json::array successors;
    for (const Lineage* event : events) {
      json::object entry = formats::ToJson(*event).as_object();
      json::array sources;
      for (Id id : event->source_unit_ids) sources.push_back(Brief(units, id));
      json::array targets;
      for (Id id : event->target_unit_ids) targets.push_back(Brief(units, id));
      entry["sources"] = std::move(sources);
      entry["targets"] = std::move(targets);
      history.push_back(std::move(entry));
      if (event->kind == LineageKind::kRename || event->kind == LineageKind::kMove) continue;
      auto named = [&](const std::vector<Id>& ids) {
        return std::find(ids.begin(), ids.end(), unit.id) != ids.end();
      };
      auto add = [&](json::array& out, const std::vector<Id>& ids) {
        for (Id id : ids) {
          if (id == unit.id || !access.Can(Action::kRead, id)) continue;
          json::object brief = Brief(units, id);
          brief["date"] = event->date.ToString();
          brief["kind"] = LineageKindName(event->kind);
          out.push_back(std::move(brief));
        }
      };
      if (named(event->target_unit_ids)) add(predecessors, event->source_unit_ids);
      if (named(event->source_unit_ids)) add(successors, event->target_unit_ids);
    }
    json::object out = formats::ToJson(unit).as_object();
    out["open"] = unit.validity.Covers(call.service().Today());
    out["names"] = NameHistory(unit, events);
    out["predecessors"] = std::move(predecessors);
    out["successors"] = std::move(successors);
    out["events"] = std::move(history);
    return out;
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, *view);
}

// The periods from `from` to `to` inclusive, of the indicator's type; at most 240.
Result<std::vector<Period>> PeriodsBetween(const Call& call, const Indicator& indicator) {
  NQ_TRY(auto from, call.QueryPeriod("from"));
  NQ_TRY(auto to, call.QueryPeriod("to"));
  if (!from || !to) {
    return FieldError(from ? "to" : "from", "query parameters \"from\" and \"to\" are required");
  }
  for (const auto& [name, period] : {std::pair{"from", *from}, std::pair{"to", *to}}) {
    if (period.type() != indicator.period_type) {
      return FieldError(name, "period \"{}\" does not fit indicator \"{}\", reported by {}",
                        period.ToString(), indicator.code, PeriodTypeName(indicator.period_type));
    }
  }
  std::vector<Period> periods;
  for (Period period = *from; period <= *to; period = period.Next()) {
    if (periods.size() == 240) {
      return FieldError("to", "a series holds at most 240 periods");
    }
    periods.push_back(period);
  }
  return periods;
}

HttpResponse Series(const Call& call) {
  auto indicator_id = call.RequiredQueryId("indicator_id");
  if (!indicator_id) return ErrorResponse(indicator_id.error());
  auto unit = call.RequiredQueryUnit("unit_id");
  if (!unit) return ErrorResponse(unit.error());
  const bool comparable = call.QueryText("comparable").value_or("") == "true";
  engine::Engine& engine = call.service().engine();
  app::Access access = call.access();
  if (auto allowed = access.Require(Action::kRead, *unit, fmt::format("unit {}", *unit));
      !allowed) {
    return ErrorResponse(allowed.error());
  }
  auto indicator = call.service().database().Read(
      [&](storage::Transaction& tx) { return storage::Get<Indicator>(tx, *indicator_id); });
  if (!indicator) return ErrorResponse(indicator.error());
  auto periods = PeriodsBetween(call, *indicator);
  if (!periods) return ErrorResponse(periods.error());
  auto series = engine::ComparableSeries(engine, *indicator, *unit, *periods, comparable);
  if (!series) return ErrorResponse(series.error());
  auto structure = engine.structure();
  json::array points;
  for (const engine::ComparablePoint& point : *series) {
    json::object entry = formats::PeriodJson(point.period).as_object();
    entry["value"] = NumberJson(point.value);
    entry["numerator"] = NumberJson(point.numerator);
    entry["denominator"] = NumberJson(point.denominator);
    entry["units_reporting"] = point.units_reporting;
    entry["rebuilt"] = point.rebuilt;
    json::array from;
    for (Id id : point.from_unit_ids) from.push_back(id);
    entry["from_unit_ids"] = std::move(from);
    if (!point.note_vi.empty()) {
      entry["note"] = point.note_vi;
      entry["note_en"] = point.note_en;
    }
    points.push_back(std::move(entry));
  }
  json::array predecessors;
  for (const engine::Predecessor& before : structure->WholePredecessors(*unit)) {
    predecessors.push_back(
        json::object{{"unit_id", before.unit_id}, {"date", before.date.ToString()}});
  }
  json::object out{{"indicator_id", *indicator_id},
                   {"unit_id", *unit},
                   {"comparable", comparable},
                   {"predecessors", std::move(predecessors)},
                   {"points", std::move(points)}};
  if (comparable) {
    out["note"] =
        "Các kỳ trước khi sáp nhập được dựng lại từ số liệu của các đơn vị tiền thân theo quy "
        "tắc cộng gộp của chỉ tiêu";
    out["note_en"] =
        "periods before a merge are rebuilt from the predecessors' figures by the indicator's "
        "rules across units";
  }
  return JsonResponse(200, out);
}

}  // namespace

void AddReorgRoutes(Router& router, app::Service& service) {
  router.Add("POST", "/api/v1/reorganisations",
             "Apply a batch of reorganisations (rename, move, merge, split, close, open), all or "
             "nothing; dry_run shows what would change",
             Bind(service, PostReorganisation));
  router.Add("GET", "/api/v1/units/{id}/lineage",
             "A unit's predecessors, successors, reorganisation events and names over time",
             Bind(service, UnitLineage));
  router.Add("GET", "/api/v1/rollups/series",
             "An indicator for a unit period by period (from, to); comparable=true rebuilds the "
             "periods before a merge from the predecessors",
             Bind(service, Series));
}

}  // namespace nq::api
