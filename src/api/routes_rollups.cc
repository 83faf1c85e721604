// Routes for the live figures: indicator, obligation and target roll-ups and cascade coverage.
// Every figure comes with the rows behind it.
#include <charconv>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "api/app.h"
#include "app/policy.h"
#include "api/crud.h"
#include "api/figures_json.h"
#include "api/structure_json.h"

namespace nq::api {
namespace {

using namespace nq::domain;

json::object CountsJson(const engine::CompletenessCounts& c) {
  return json::object{{"expected", c.expected}, {"done", c.done},       {"on_time", c.on_time},
                      {"late", c.late},         {"overdue", c.overdue}, {"pending", c.pending}};
}

json::object StateJson(const engine::AssignmentState& s) {
  return json::object{{"assignment_id", s.assignment_id},
                      {"unit_id", s.unit_id},
                      {"kind_id", s.kind_id},
                      {"done", s.done},
                      {"on_time", s.on_time},
                      {"overdue", s.overdue},
                      {"effective_due", s.effective_due.ToString()},
                      {"completed_on", s.completed_on ? json::value(s.completed_on->ToString())
                                                      : json::value(nullptr)}};
}

json::object IndicatorJson(const engine::IndicatorRollup& r) {
  json::array rows;
  for (const engine::ValueRow& row : r.rows) {
    rows.push_back(json::object{
        {"unit_id", row.unit_id}, {"period", row.period.ToString()}, {"value", row.number}});
  }
  return json::object{{"indicator_id", r.indicator_id},
                      {"unit_id", r.unit_id},
                      {"period", formats::PeriodJson(r.period)},
                      {"value", NumberJson(r.value)},
                      {"numerator", NumberJson(r.numerator)},
                      {"denominator", NumberJson(r.denominator)},
                      {"units_reporting", r.units_reporting},
                      {"units_in_subtree", r.units_in_subtree},
                      {"rows", std::move(rows)}};
}

// Unit names and kind names, for figures that people read.
struct Names {
  std::map<Id, std::pair<std::string, std::string>> units;  // id → (code, short name)
  std::map<Id, std::pair<std::string, std::string>> kinds;  // id → (code, name)
};

Result<Names> LoadNames(app::Service& service) {
  return service.database().Read([](storage::Transaction& tx) -> Result<Names> {
    Names names;
    NQ_TRY(auto units, storage::List<Unit>(tx));
    for (const Unit& u : units) names.units[u.id] = {u.code, u.short_name};
    NQ_TRY(auto kinds, storage::List<UnitKind>(tx));
    for (const UnitKind& k : kinds) names.kinds[k.id] = {k.code, k.name};
    return names;
  });
}

// The date a roll-up over `unit` is asked for (by default today, or a closed unit's last day),
// once the caller may read the unit on that date.
Result<Date> ReadableAsOf(const Call& call, Id unit) {
  NQ_TRY(Date as_of, call.AsOfFor(unit));
  app::Access access(call.principal(), call.service().engine(), as_of);
  NQ_RETURN_IF_ERROR(access.Require(Action::kRead, unit, fmt::format("unit {}", unit)));
  return as_of;
}

// The query of an indicator roll-up: indicator_id, unit_id and period, all required.
struct IndicatorQuery {
  Id indicator = 0;
  Id unit = 0;
  Period period = Period::Year(2021);
  Date as_of;
};

Result<IndicatorQuery> ReadIndicatorQuery(const Call& call) {
  IndicatorQuery query;
  NQ_TRY(query.indicator, call.RequiredQueryId("indicator_id"));
  NQ_TRY(query.unit, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(std::optional<Period> period, call.QueryPeriod("period"));
  if (!period) return FieldError("period", "query parameter \"period\" is required");
  query.period = *period;
  NQ_TRY(query.as_of, ReadableAsOf(call, query.unit));
  return query;
}

HttpResponse IndicatorRollup(const Call& call) {
  auto query = ReadIndicatorQuery(call);
  if (!query) return ErrorResponse(query.error());
  const auto& [indicator, unit, period, as_of] = *query;
  engine::Engine& engine = call.service().engine();
  app::Access access(call.principal(), engine, as_of);
  auto rollup = engine.RollupIndicator(indicator, unit, period, as_of);
  if (!rollup) return ErrorResponse(rollup.error());
  json::object out = IndicatorJson(*rollup);
  json::array children;
  if (auto ids = engine.Children(unit, as_of)) {
    for (Id child : *ids) {
      if (!access.Can(Action::kRead, child)) continue;
      auto part = engine.RollupIndicator(indicator, child, period, as_of);
      if (!part) return ErrorResponse(part.error());
      json::object entry = IndicatorJson(*part);
      entry.erase("rows");
      children.push_back(std::move(entry));
    }
  }
  out["children"] = std::move(children);
  out["as_of"] = as_of.ToString();
  AddStructureAsOf(out, engine, unit, period, as_of);
  return JsonResponse(200, out);
}

// Depth of a tree roll-up: how many levels below the unit; 1 unless asked, at most 10.
Result<int> QueryDepth(const Call& call) {
  constexpr int kMaxDepth = 10;
  const std::optional<std::string> text = call.QueryText("depth");
  if (!text) return 1;
  int depth = -1;
  const std::string& raw = *text;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), depth);
  if (ec != std::errc() || end != raw.data() + raw.size() || depth < 0 || depth > kMaxDepth) {
    return FieldError("depth",
                      "query parameter \"depth\" must be a whole number from 0 to {}, not \"{}\"",
                      kMaxDepth, raw);
  }
  return depth;
}

// Answers of the tree roll-up by their query, each kept with the engine version it was computed
// under: while no write has been published since, the same query gets the same bytes without
// being computed again. Access is checked on every request before the cache is looked at.
class TreeAnswers final {
 public:
  std::shared_ptr<const std::string> Find(const std::string& key, uint64_t version) {
    std::lock_guard lock(mutex_);
    auto it = answers_.find(key);
    if (it == answers_.end() || it->second.first != version) return nullptr;
    return it->second.second;
  }
  void Put(const std::string& key, uint64_t version, std::shared_ptr<const std::string> body) {
    std::lock_guard lock(mutex_);
    if (answers_.size() >= kCapacity) answers_.clear();
    answers_[key] = {version, std::move(body)};
  }

 private:
  static constexpr size_t kCapacity = 256;
  std::mutex mutex_;
  std::unordered_map<std::string, std::pair<uint64_t, std::shared_ptr<const std::string>>> answers_;
};

TreeAnswers& Answers() {
  static TreeAnswers answers;
  return answers;
}

// The figure of every unit from `unit_id` down `depth` levels, in one pass over the numbers:
// the national dashboard's table. Readable units only (grants cover whole subtrees, so all of
// them when the root is readable).
HttpResponse TreeRollup(const Call& call) {
  auto query = ReadIndicatorQuery(call);
  if (!query) return ErrorResponse(query.error());
  auto depth = QueryDepth(call);
  if (!depth) return ErrorResponse(depth.error());
  const auto& [indicator, unit, period, as_of] = *query;
  engine::Engine& engine = call.service().engine();
  // The version is read before computing: an answer is never kept under a later version.
  const uint64_t version = engine.Version();
  const std::string key =
      fmt::format("{}/{}/{}/{}/{}", indicator, unit, period.ToString(), *depth, as_of.ToString());
  if (auto cached = Answers().Find(key, version)) {
    HttpResponse response;
    response.body = *cached;
    return response;
  }
  auto figures = engine.RollupTree(indicator, unit, period, as_of, *depth);
  if (!figures) return ErrorResponse(figures.error());
  std::vector<Id> ids;
  ids.reserve(figures->size());
  for (const engine::UnitFigure& figure : *figures) ids.push_back(figure.unit_id);
  const auto labels = engine.UnitLabels(ids);
  json::array units;
  units.reserve(figures->size());
  for (size_t i = 0; i < figures->size(); ++i) {
    const engine::UnitFigure& f = (*figures)[i];
    units.push_back(json::object{{"unit_id", f.unit_id},
                                 {"code", labels[i].first},
                                 {"name", labels[i].second},
                                 {"depth", f.depth},
                                 {"value", NumberJson(f.value)},
                                 {"numerator", NumberJson(f.numerator)},
                                 {"denominator", NumberJson(f.denominator)},
                                 {"units_reporting", f.units_reporting},
                                 {"units_in_subtree", f.units_in_subtree}});
  }
  HttpResponse response = JsonResponse(200, json::object{{"indicator_id", indicator},
                                                         {"unit_id", unit},
                                                         {"period", formats::PeriodJson(period)},
                                                         {"as_of", as_of.ToString()},
                                                         {"depth", *depth},
                                                         {"units", std::move(units)}});
  Answers().Put(key, version, std::make_shared<const std::string>(response.body));
  return response;
}

// Completeness of an obligation for every unit from `unit_id` down `depth` levels.
HttpResponse CompletenessTree(const Call& call) {
  auto obligation = call.RequiredQueryId("obligation_id");
  if (!obligation) return ErrorResponse(obligation.error());
  auto unit = call.RequiredQueryUnit("unit_id");
  if (!unit) return ErrorResponse(unit.error());
  auto depth = QueryDepth(call);
  if (!depth) return ErrorResponse(depth.error());
  auto as_of = ReadableAsOf(call, *unit);
  if (!as_of) return ErrorResponse(as_of.error());
  engine::Engine& engine = call.service().engine();
  auto figures = engine.CompletenessTree(*obligation, *unit, *as_of, *depth);
  if (!figures) return ErrorResponse(figures.error());
  std::vector<Id> ids;
  for (const engine::UnitCompleteness& figure : *figures) ids.push_back(figure.unit_id);
  const auto labels = engine.UnitLabels(ids);
  json::array units;
  for (size_t i = 0; i < figures->size(); ++i) {
    const engine::UnitCompleteness& f = (*figures)[i];
    json::object entry = CountsJson(f.counts);
    entry["unit_id"] = f.unit_id;
    entry["code"] = labels[i].first;
    entry["name"] = labels[i].second;
    entry["depth"] = f.depth;
    units.push_back(std::move(entry));
  }
  return JsonResponse(200, json::object{{"obligation_id", *obligation},
                                        {"unit_id", *unit},
                                        {"as_of", as_of->ToString()},
                                        {"depth", *depth},
                                        {"units", std::move(units)}});
}

HttpResponse ObligationRollup(const Call& call) {
  auto obligation = call.RequiredQueryId("obligation_id");
  if (!obligation) return ErrorResponse(obligation.error());
  auto unit = call.RequiredQueryUnit("unit_id");
  if (!unit) return ErrorResponse(unit.error());
  auto as_of = call.AsOfFor(*unit);
  if (!as_of) return ErrorResponse(as_of.error());
  engine::Engine& engine = call.service().engine();
  app::Access access(call.principal(), engine, *as_of);
  if (auto allowed = access.Require(Action::kRead, *unit, fmt::format("unit {}", *unit));
      !allowed) {
    return ErrorResponse(allowed.error());
  }
  auto rollup = engine.RollupObligation(*obligation, *unit, *as_of);
  if (!rollup) return ErrorResponse(rollup.error());
  auto names = LoadNames(call.service());
  if (!names) return ErrorResponse(names.error());
  auto named = [&](json::object state) {
    Id id = state.at("unit_id").as_int64();
    state["unit_code"] = names->units[id].first;
    state["unit_name"] = names->units[id].second;
    return state;
  };
  json::array by_kind;
  std::string summary_parts;
  for (const engine::KindCounts& k : rollup->by_kind) {
    json::object entry = CountsJson(k.counts);
    entry["kind_id"] = k.kind_id;
    entry["kind_code"] = names->kinds[k.kind_id].first;
    entry["kind_name"] = names->kinds[k.kind_id].second;
    by_kind.push_back(std::move(entry));
    summary_parts += fmt::format("{}{} {}", summary_parts.empty() ? "" : " + ", k.counts.done,
                                 names->kinds[k.kind_id].second);
  }
  json::array not_done;
  for (const auto& s : rollup->not_done) {
    if (access.Can(Action::kRead, s.unit_id)) not_done.push_back(named(StateJson(s)));
  }
  json::array assignments;
  for (const auto& s : rollup->assignments) {
    if (access.Can(Action::kRead, s.unit_id)) assignments.push_back(named(StateJson(s)));
  }
  json::array children;
  if (auto ids = engine.Children(*unit, *as_of)) {
    for (Id child : *ids) {
      if (!access.Can(Action::kRead, child)) continue;
      auto part = engine.RollupObligation(*obligation, child, *as_of);
      if (!part) return ErrorResponse(part.error());
      if (part->total.expected == 0) continue;
      json::object entry = CountsJson(part->total);
      entry["unit_id"] = child;
      children.push_back(named(std::move(entry)));
    }
  }
  const engine::CompletenessCounts& total = rollup->total;
  json::object out{
      {"obligation_id", rollup->obligation_id},
      {"unit_id", rollup->unit_id},
      {"as_of", rollup->as_of.ToString()},
      {"total", CountsJson(total)},
      {"summary", fmt::format("{}/{} ({})", total.done, total.expected, summary_parts)},
      {"by_kind", std::move(by_kind)},
      {"not_done", std::move(not_done)},
      {"children", std::move(children)},
      {"assignments", std::move(assignments)}};
  AddStructureAsOf(out, engine, *unit, std::nullopt, *as_of);
  return JsonResponse(200, out);
}

HttpResponse TargetRollup(const Call& call) {
  auto item = call.RequiredQueryId("item_id");
  if (!item) return ErrorResponse(item.error());
  auto as_of = call.AsOf();
  if (!as_of) return ErrorResponse(as_of.error());
  auto progress = call.service().engine().Progress(*item, *as_of);
  if (!progress) return ErrorResponse(progress.error());
  // A target of a unit closed by today is shown as of the unit's last open day.
  if (auto last = call.AsOfFor(progress->unit_id); last && *last != *as_of) {
    as_of = *last;
    progress = call.service().engine().Progress(*item, *as_of);
    if (!progress) return ErrorResponse(progress.error());
  }
  app::Access access(call.principal(), call.service().engine(), *as_of);
  if (!access.Can(Action::kRead, progress->unit_id)) {
    return ErrorResponse(access.Hidden(fmt::format("item {}", *item)));
  }
  const engine::TargetProgress& p = *progress;
  json::array series;
  for (const engine::SeriesPoint& point : p.series) {
    json::object entry = formats::PeriodJson(point.period).as_object();
    entry["value"] = NumberJson(point.value);
    series.push_back(std::move(entry));
  }
  json::object out = ProgressJson(p);
  out["series"] = std::move(series);
  out["as_of"] = as_of->ToString();
  AddStructureAsOf(out, call.service().engine(), p.unit_id, std::nullopt, *as_of);
  AddTargetLineage(out, call.service().engine(), *item, *as_of);
  return JsonResponse(200, out);
}

HttpResponse CoverageRollup(const Call& call) {
  auto upper = call.RequiredQueryId("upper_document_id");
  if (!upper) return ErrorResponse(upper.error());
  auto lower = call.RequiredQueryId("lower_document_id");
  if (!lower) return ErrorResponse(lower.error());
  app::Access access = call.access();
  auto seen = call.service().database().Read([&](storage::Transaction& tx) -> Status {
    for (Id id : {*upper, *lower}) {
      NQ_TRY(Document document, storage::Get<Document>(tx, id));
      NQ_RETURN_IF_ERROR(app::RequireRead(tx, access, document, fmt::format("document {}", id)));
    }
    return Ok();
  });
  if (!seen) return ErrorResponse(seen.error());
  auto coverage = call.service().engine().CoverageOf(*upper, *lower);
  if (!coverage) return ErrorResponse(coverage.error());
  auto titles = call.service().database().Read(
      [&](storage::Transaction& tx) -> Result<std::map<Id, std::pair<std::string, std::string>>> {
        NQ_TRY(auto items, storage::List<Item>(tx, {storage::In("document_id", {*upper, *lower})}));
        std::map<Id, std::pair<std::string, std::string>> out;
        for (const Item& i : items) out[i.id] = {i.code, i.title};
        return out;
      });
  if (!titles) return ErrorResponse(titles.error());
  auto describe = [&](Id id) {
    return json::object{
        {"item_id", id}, {"code", (*titles)[id].first}, {"title", (*titles)[id].second}};
  };
  json::array entries;
  for (const engine::CoverageEntry& e : coverage->entries) {
    json::object entry = describe(e.upper_item_id);
    entry["not_applicable"] = e.not_applicable;
    json::array lower_items;
    for (Id id : e.lower_item_ids) lower_items.push_back(describe(id));
    entry["covered"] = !e.lower_item_ids.empty();
    entry["lower_items"] = std::move(lower_items);
    entries.push_back(std::move(entry));
  }
  json::array uncovered;
  for (Id id : coverage->uncovered) uncovered.push_back(describe(id));
  json::object out{{"upper_document_id", coverage->upper_document_id},
                   {"lower_document_id", coverage->lower_document_id},
                   {"upper_targets", coverage->upper_targets},
                   {"covered", coverage->covered},
                   {"not_applicable", coverage->not_applicable},
                   {"entries", std::move(entries)},
                   {"uncovered", std::move(uncovered)}};
  return JsonResponse(200, out);
}

}  // namespace

void AddRollupRoutes(Router& router, app::Service& service) {
  router.Add(
      "GET", "/api/v1/rollups/indicator",
      "An indicator rolled up over a unit's subtree for a period, with its children and rows",
      Bind(service, IndicatorRollup));
  router.Add("GET", "/api/v1/rollups/tree",
             "An indicator rolled up for a unit and every unit down `depth` levels (default 1, "
             "at most 10), depth first, in one pass",
             Bind(service, TreeRollup));
  router.Add("GET", "/api/v1/rollups/completeness",
             "Completeness of an obligation for a unit and every unit down `depth` levels",
             Bind(service, CompletenessTree));
  router.Add("GET", "/api/v1/rollups/obligation",
             "Completeness of an obligation over a subtree, by unit kind, and who has not",
             Bind(service, ObligationRollup));
  router.Add("GET", "/api/v1/rollups/target",
             "Progress of a target: baseline, current, goal, trend and status",
             Bind(service, TargetRollup));
  router.Add("GET", "/api/v1/rollups/coverage", "Which upper targets a lower document covers",
             Bind(service, CoverageRollup));
}

}  // namespace nq::api
