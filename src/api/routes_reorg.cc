// Routes for reorganisations: apply a batch (or try it), a unit's lineage with its names over
// time, and a comparable series rebuilt from a unit's predecessors.
#include <boost/json.hpp>
#include <map>

#include "api/app.h"
#include "api/crud.h"
#include "api/figures_json.h"
#include "api/structure_json.h"
#include "app/figures_text.h"
#include "app/reorg/reorg.h"
#include "app/reorg/reorg_views.h"
#include "domain/registry.h"
#include "formats/codec.h"

namespace nq::api {
namespace {

using namespace nq::domain;

Result<HttpResponse> PostReorganisation(const Call& call) {
  NQ_TRY(json::value body, call.Body());
  NQ_TRY(auto operations, app::DecodeReorganisation(body));
  bool dry_run = false;
  if (const json::value* flag = body.as_object().if_contains("dry_run")) {
    if (!flag->is_bool()) {
      return FieldError("/dry_run", "field \"/dry_run\" must be true or false");
    }
    dry_run = flag->get_bool();
  }
  return WriteResponse(app::ApplyReorganisationAs(call.service(), call.principal(), call.Actor(),
                                                  call.Fingerprint(), operations, dry_run));
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
json::array NameHistory(const Unit& unit, const std::vector<Lineage>& events) {
  std::vector<json::object> names;
  std::optional<Date> until = unit.validity.valid_to;
  std::string name = unit.name;
  std::string short_name = unit.short_name;
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (it->kind != LineageKind::kRename) continue;
    json::object details = formats::LineageDetailsJson(*it);
    names.push_back(json::object{{"name", name},
                                 {"short_name", short_name},
                                 {"from", it->date.ToString()},
                                 {"to", until ? json::value(until->ToString()) : nullptr}});
    until = it->date.AddDays(-1);
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

json::array NeighboursJson(const std::map<Id, Unit>& units,
                           const std::vector<app::LineageNeighbour>& neighbours) {
  json::array out;
  for (const app::LineageNeighbour& neighbour : neighbours) {
    json::object brief = Brief(units, neighbour.unit_id);
    brief["date"] = neighbour.date.ToString();
    brief["kind"] = LineageKindName(neighbour.kind);
    out.push_back(std::move(brief));
  }
  return out;
}

Result<HttpResponse> UnitLineage(const Call& call) {
  NQ_TRY(app::LineageView view,
         app::ViewLineage(call.service(), call.principal(), call.PathParam("id")));
  json::array history;
  for (const Lineage& event : view.events) {
    json::object entry = formats::ToJson(event).as_object();
    json::array sources;
    for (Id id : event.source_unit_ids) sources.push_back(Brief(view.units, id));
    json::array targets;
    for (Id id : event.target_unit_ids) targets.push_back(Brief(view.units, id));
    entry["sources"] = std::move(sources);
    entry["targets"] = std::move(targets);
    history.push_back(std::move(entry));
  }
  json::object out = formats::ToJson(view.unit).as_object();
  out["open"] = view.open;
  out["names"] = NameHistory(view.unit, view.events);
  out["predecessors"] = NeighboursJson(view.units, view.predecessors);
  out["successors"] = NeighboursJson(view.units, view.successors);
  out["events"] = std::move(history);
  return JsonResponse(200, out);
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

Result<HttpResponse> Series(const Call& call) {
  app::SeriesQuery query;
  NQ_TRY(query.indicator, call.RequiredQueryId("indicator_id"));
  NQ_TRY(query.unit, call.RequiredQueryUnit("unit_id"));
  query.comparable = call.QueryText("comparable").value_or("") == "true";
  query.periods = [&call](const Indicator& indicator) { return PeriodsBetween(call, indicator); };
  NQ_TRY(app::SeriesView series, app::SeriesAs(call.service(), call.principal(), query));
  const Id indicator_id = query.indicator;
  const Id unit = query.unit;
  const bool comparable = query.comparable;
  json::array points;
  for (const engine::ComparablePoint& point : series.points) {
    json::object entry = formats::PeriodJson(point.period).as_object();
    entry["value"] = NumberJson(point.value);
    entry["numerator"] = NumberJson(point.numerator);
    entry["denominator"] = NumberJson(point.denominator);
    entry["units_reporting"] = point.units_reporting;
    entry["rebuilt"] = point.rebuilt;
    json::array from;
    for (Id id : point.from_unit_ids) from.push_back(id);
    entry["from_unit_ids"] = std::move(from);
    if (point.note != engine::ComparableNote::kNone) {
      entry["note"] = app::ComparableNoteVi(point.note);
      entry["note_en"] = app::ComparableNoteEn(point.note);
    }
    points.push_back(std::move(entry));
  }
  json::array predecessors;
  for (const engine::Predecessor& before : series.predecessors) {
    predecessors.push_back(
        json::object{{"unit_id", before.unit_id}, {"date", before.date.ToString()}});
  }
  json::object out{{"indicator_id", indicator_id},
                   {"unit_id", unit},
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

// ---- The schemas of these answers, beside their encoders.

namespace sc = formats::schema;

sc::Schema BriefSchema() {
  return sc::Object({{"id", sc::PositiveId()},
                     sc::Optional("code", sc::Text()),
                     sc::Optional("name", sc::Text()),
                     sc::Optional("short_name", sc::Text())});
}

sc::Schema UnitLineageSchema() {
  sc::Schema neighbour = sc::Named(
      "LineageUnit", sc::Extend(BriefSchema(), {{"date", sc::DateText()},
                                                {"kind", sc::OneOf(EnumNameList<LineageKind>())}}));
  sc::Schema name = sc::Object({{"name", sc::Example(sc::Text(), "Đảng bộ huyện Bá Thước")},
                                {"short_name", sc::Text()},
                                {"from", sc::DateText()},
                                {"to", sc::Nullable(sc::DateText())}});
  sc::Schema event = sc::Extend(
      formats::LineageSchema(),
      {{"sources", sc::ArrayOf(BriefSchema())}, {"targets", sc::ArrayOf(BriefSchema())}});
  return sc::Named(
      "UnitLineage",
      sc::Extend(formats::AnswerSchema<Unit>(),
                 {{"open", sc::Boolean()},
                  {"names", sc::ArrayOf(std::move(name), "Tên qua các thời kỳ, cũ nhất trước")},
                  {"predecessors", sc::ArrayOf(neighbour)},
                  {"successors", sc::ArrayOf(neighbour)},
                  {"events", sc::ArrayOf(std::move(event))}}));
}

sc::Schema SeriesSchema() {
  sc::Schema point = sc::Extend(formats::PeriodJsonSchema(),
                                {{"value", NumberSchema()},
                                 {"numerator", NumberSchema()},
                                 {"denominator", NumberSchema()},
                                 {"units_reporting", sc::Integer()},
                                 {"rebuilt", sc::Boolean("Dựng lại từ đơn vị tiền thân")},
                                 {"from_unit_ids", sc::ArrayOf(sc::PositiveId())},
                                 sc::Optional("note", sc::Text()),
                                 sc::Optional("note_en", sc::Text())});
  return sc::Named(
      "Series", sc::Object({{"indicator_id", sc::PositiveId()},
                            {"unit_id", sc::PositiveId()},
                            {"comparable", sc::Boolean()},
                            {"predecessors", sc::ArrayOf(sc::Object({{"unit_id", sc::PositiveId()},
                                                                     {"date", sc::DateText()}}))},
                            {"points", sc::ArrayOf(sc::Named("SeriesFigure", std::move(point)))},
                            sc::Optional("note", sc::Text()),
                            sc::Optional("note_en", sc::Text())}));
}

}  // namespace

void AddReorgRoutes(Router& router, app::Service& service) {
  router
      .Add("POST", "/api/v1/reorganisations",
           "Apply a batch of reorganisations (rename, move, merge, split, close, open), all or "
           "nothing; dry_run shows what would change",
           Bind(service, PostReorganisation))
      .Takes(app::ReorganisationSchema())
      .Answers(201, app::ReorgResultSchema())
      .AlsoAnswers(200);
  router
      .Add("GET", "/api/v1/units/{id}/lineage",
           "A unit's predecessors, successors, reorganisation events and names over time",
           Bind(service, UnitLineage))
      .Path("id", sc::UnitKey())
      .Answers(200, UnitLineageSchema());
  router
      .Add("GET", "/api/v1/rollups/series",
           "An indicator for a unit period by period (from, to); comparable=true rebuilds the "
           "periods before a merge from the predecessors",
           Bind(service, Series))
      .Query("indicator_id", sc::PositiveId(), true)
      .Query("unit_id", sc::UnitKey(), true)
      .Query("from", sc::PeriodCode(), true)
      .Query("to", sc::PeriodCode(), true)
      .Query("comparable", sc::Boolean())
      .Answers(200, SeriesSchema());
}

}  // namespace nq::api
