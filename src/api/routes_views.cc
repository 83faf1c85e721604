// Routes that gather what one screen of the web UI shows in one request: a unit's overview, a
// target with its subordinate units, an obligation with every assignment, a unit's report form
// and the reports of a unit's subordinates. Figures come from the engine, rows from the store.
#include <algorithm>
#include <map>
#include <set>

#include "api/app.h"
#include "app/policy.h"
#include "api/crud.h"
#include "api/figures_json.h"
#include "api/structure_json.h"
#include "engine/comparable.h"
#include "engine/structure.h"

namespace nq::api {
namespace {

using namespace nq::domain;

constexpr int kDueSoonDays = 30;
constexpr size_t kMaxTasks = 50;
constexpr size_t kMaxReportPeriods = 6;

// Units and kinds by id, read once per request as needed.
class Names final {
 public:
  explicit Names(storage::Transaction& tx) : tx_(tx) {}

  Result<const Unit*> UnitById(Id id) {
    auto found = units_.find(id);
    if (found != units_.end()) return &found->second;
    NQ_TRY(Unit unit, storage::Get<Unit>(tx_, id));
    return &units_.emplace(id, std::move(unit)).first->second;
  }
  Result<const UnitKind*> KindById(Id id) {
    if (kinds_.empty()) {
      NQ_TRY(auto kinds, storage::List<UnitKind>(tx_));
      for (UnitKind& kind : kinds) kinds_.emplace(kind.id, std::move(kind));
    }
    auto found = kinds_.find(id);
    if (found == kinds_.end()) return MakeError(ErrorCode::kNotFound, "unit kind {} not found", id);
    return &found->second;
  }
  // {id, code, name, short_name, kind_id, kind_name, kind_name_en}
  Result<json::object> UnitBrief(Id id) {
    NQ_TRY(const Unit* unit, UnitById(id));
    NQ_TRY(const UnitKind* kind, KindById(unit->kind_id));
    return json::object{{"id", unit->id},
                        {"code", unit->code},
                        {"name", unit->name},
                        {"short_name", unit->short_name},
                        {"kind_id", kind->id},
                        {"kind_name", kind->name},
                        {"kind_name_en", kind->name_en}};
  }

 private:
  storage::Transaction& tx_;
  std::map<Id, Unit> units_;
  std::map<Id, UnitKind> kinds_;
};

// The unit named by query parameter `name` (id or code) when the principal may read it;
// not_found otherwise, exactly as for a unit that does not exist.
Result<Id> ReadableUnit(const Call& call, const app::Access& access, const std::string& name) {
  NQ_TRY(Id unit_id, call.RequiredQueryUnit(name));
  NQ_RETURN_IF_ERROR(access.Require(Action::kRead, unit_id, fmt::format("unit {}", unit_id)));
  return unit_id;
}

json::value OptDate(const std::optional<Date>& date) {
  return date ? json::value(date->ToString()) : json::value(nullptr);
}

json::object CountsJson(const engine::CompletenessCounts& c) {
  return json::object{{"expected", c.expected}, {"done", c.done},       {"on_time", c.on_time},
                      {"late", c.late},         {"overdue", c.overdue}, {"pending", c.pending}};
}

// The colour-coded state of one assignment: done_on_time, done_late, overdue, in_progress,
// not_started (the convention of Vietnamese offices: green, orange, red, blue, grey).
std::string_view StateName(const engine::AssignmentState& state, AssignmentStatus status) {
  if (state.done) return state.on_time ? "done_on_time" : "done_late";
  if (state.overdue) return "overdue";
  if (status == AssignmentStatus::kNotApplicable) return "not_applicable";
  return status == AssignmentStatus::kNotStarted ? "not_started" : "in_progress";
}

// The unit with its kind, its path from the root and its children count, as of a date.
Result<json::object> UnitHeader(Names& names, const engine::Engine& engine, const Unit& unit,
                                Date as_of) {
  NQ_TRY(json::object out, names.UnitBrief(unit.id));
  json::array path;
  if (auto ids = engine.Path(unit.id, as_of)) {
    for (Id id : *ids) {
      NQ_TRY(const Unit* step, names.UnitById(id));
      path.push_back(
          json::object{{"id", step->id}, {"code", step->code}, {"name", step->short_name}});
    }
  }
  out["path"] = std::move(path);
  auto children = engine.Children(unit.id, as_of);
  out["child_count"] = children ? children->size() : 0;
  return out;
}

// Targets measured over `unit`, with their progress as of the date.
Result<json::array> TargetsOf(storage::Transaction& tx, const engine::Engine& engine,
                              const Unit& unit, Date as_of) {
  NQ_TRY(auto items, storage::List<Item>(tx, {storage::Eq("kind", "target")}));
  json::array out;
  std::map<Id, Document> documents;
  std::map<Id, Indicator> indicators;
  for (const Item& item : items) {
    if (!item.measure) continue;
    auto progress = engine.Progress(item.id, as_of);
    if (!progress || progress->unit_id != unit.id) continue;
    if (!documents.count(item.document_id)) {
      NQ_TRY(Document document, storage::Get<Document>(tx, item.document_id));
      documents.emplace(item.document_id, std::move(document));
    }
    if (!indicators.count(item.measure->indicator_id)) {
      NQ_TRY(Indicator indicator, storage::Get<Indicator>(tx, item.measure->indicator_id));
      indicators.emplace(indicator.id, std::move(indicator));
    }
    const Document& document = documents.at(item.document_id);
    const engine::TargetProgress& p = *progress;
    json::object entry = ProgressJson(p);
    entry.erase("status_label");
    entry["code"] = item.code;
    entry["title"] = item.title;
    entry["document_id"] = document.id;
    entry["document_title"] = document.title;
    entry["indicator"] = formats::ToJson(indicators.at(item.measure->indicator_id));
    out.push_back(std::move(entry));
  }
  return out;
}

// Obligations expected of the unit's subtree, with their counts by kind; and the tasks in it
// that are overdue or due within kDueSoonDays.
struct ObligationsView {
  json::array obligations;
  json::array tasks;
  int overdue = 0;
  int due_soon = 0;
};

Result<ObligationsView> ObligationsOf(storage::Transaction& tx, Names& names,
                                      const engine::Engine& engine, const app::Access& access,
                                      const Unit& unit, Date as_of) {
  NQ_TRY(auto obligations, storage::List<Obligation>(tx));
  std::sort(obligations.begin(), obligations.end(),
            [](const Obligation& a, const Obligation& b) { return a.due_on < b.due_on; });
  ObligationsView view;
  std::vector<std::pair<Date, json::object>> tasks;
  for (const Obligation& obligation : obligations) {
    auto rollup = engine.RollupObligation(obligation.id, unit.id, as_of);
    if (!rollup || rollup->total.expected == 0) continue;
    json::array by_kind;
    for (const engine::KindCounts& k : rollup->by_kind) {
      NQ_TRY(const UnitKind* kind, names.KindById(k.kind_id));
      json::object entry = CountsJson(k.counts);
      entry["kind_id"] = k.kind_id;
      entry["kind_name"] = kind->name;
      entry["kind_name_en"] = kind->name_en;
      by_kind.push_back(std::move(entry));
    }
    NQ_TRY(const Unit* issuer, names.UnitById(obligation.issuer_unit_id));
    view.obligations.push_back(json::object{{"obligation_id", obligation.id},
                                            {"code", obligation.code},
                                            {"title", obligation.title},
                                            {"issuer_unit_id", issuer->id},
                                            {"issuer_name", issuer->short_name},
                                            {"issued_on", obligation.issued_on.ToString()},
                                            {"due_on", obligation.due_on.ToString()},
                                            {"total", CountsJson(rollup->total)},
                                            {"by_kind", std::move(by_kind)}});
    for (const engine::AssignmentState& state : rollup->not_done) {
      bool soon = !state.overdue && state.effective_due <= as_of.AddDays(kDueSoonDays);
      if ((!state.overdue && !soon) || !access.Can(Action::kRead, state.unit_id)) continue;
      (state.overdue ? view.overdue : view.due_soon)++;
      NQ_TRY(json::object task, names.UnitBrief(state.unit_id));
      task["unit_id"] = state.unit_id;
      task["assignment_id"] = state.assignment_id;
      task["obligation_id"] = obligation.id;
      task["obligation_title"] = obligation.title;
      task["due_on"] = state.effective_due.ToString();
      task["state"] = state.overdue ? "overdue" : "due_soon";
      tasks.emplace_back(state.effective_due, std::move(task));
    }
  }
  // Overdue first (oldest first), then due soon (nearest first).
  std::stable_sort(tasks.begin(), tasks.end(), [](const auto& a, const auto& b) {
    bool a_overdue = a.second.at("state").as_string() == "overdue";
    bool b_overdue = b.second.at("state").as_string() == "overdue";
    if (a_overdue != b_overdue) return a_overdue;
    return a.first < b.first;
  });
  for (auto& [due, task] : tasks) {
    if (view.tasks.size() >= kMaxTasks) break;
    view.tasks.push_back(std::move(task));
  }
  return view;
}

// Recommendations not yet closed that the unit's subtree raised or the unit must answer, and
// that the principal may see (from either end).
Result<json::array> OpenRecommendations(storage::Transaction& tx, Names& names,
                                        const engine::Engine& engine, const app::Access& access,
                                        const Unit& unit, Date as_of) {
  NQ_TRY(auto rows, storage::List<Recommendation>(tx, {storage::NotEq("status", "closed")}));
  json::array out;
  for (const Recommendation& r : rows) {
    bool raised_below = engine.InSubtree(r.from_unit_id, unit.id, as_of);
    if (!raised_below && r.to_unit_id != unit.id) continue;
    if (!access.Can(Action::kRead, r.from_unit_id) && !access.Can(Action::kRead, r.to_unit_id)) {
      continue;
    }
    json::object entry = formats::ToJson(r).as_object();
    NQ_TRY(const Unit* from, names.UnitById(r.from_unit_id));
    NQ_TRY(const Unit* to, names.UnitById(r.to_unit_id));
    entry["from_unit_name"] = from->short_name;
    entry["to_unit_name"] = to->short_name;
    entry["overdue"] = r.status == RecommendationStatus::kOpen && r.due_on && *r.due_on < as_of;
    out.push_back(std::move(entry));
  }
  return out;
}

// For each period the unit's subordinates reported on (latest first), how many reports are in
// each state, out of the subordinates open at the period's end.
Result<json::array> ReportCompleteness(storage::Transaction& tx, const engine::Engine& engine,
                                       const Unit& unit, Date as_of) {
  auto children = engine.Children(unit.id, as_of);
  if (!children || children->empty()) return json::array();
  std::set<Id> child_set(children->begin(), children->end());
  NQ_TRY(auto reports, storage::List<Report>(tx));
  std::map<Period, std::map<Id, ReportStatus>> by_period;
  for (const Report& report : reports) {
    if (child_set.count(report.unit_id)) by_period[report.period][report.unit_id] = report.status;
  }
  json::array out;
  for (auto it = by_period.rbegin(); it != by_period.rend() && out.size() < kMaxReportPeriods;
       ++it) {
    std::map<std::string_view, int> counts;
    for (const auto& [unit_id, status] : it->second) counts[ReportStatusName(status)]++;
    int expected = static_cast<int>(children->size());
    out.push_back(json::object{{"period", formats::PeriodJson(it->first)},
                               {"expected", expected},
                               {"missing", expected - static_cast<int>(it->second.size())},
                               {"draft", counts["draft"]},
                               {"submitted", counts["submitted"]},
                               {"returned", counts["returned"]},
                               {"accepted", counts["accepted"]}});
  }
  return out;
}

HttpResponse Overview(const Call& call) {
  auto as_of = call.AsOfForQueryUnit("unit_id");
  if (!as_of) return ErrorResponse(as_of.error());
  engine::Engine& engine = call.service().engine();
  app::Access access(call.principal(), engine, *as_of);
  auto unit_id = ReadableUnit(call, access, "unit_id");
  if (!unit_id) return ErrorResponse(unit_id.error());
  auto view = call.service().database().Read([&](storage::Transaction& tx) -> Result<json::object> {
    NQ_TRY(Unit unit, storage::Get<Unit>(tx, *unit_id));
    Names names(tx);
    NQ_TRY(json::object header, UnitHeader(names, engine, unit, *as_of));
    NQ_TRY(json::array targets, TargetsOf(tx, engine, unit, *as_of));
    NQ_TRY(ObligationsView obligations, ObligationsOf(tx, names, engine, access, unit, *as_of));
    NQ_TRY(json::array recommendations,
           OpenRecommendations(tx, names, engine, access, unit, *as_of));
    NQ_TRY(json::array reports, ReportCompleteness(tx, engine, unit, *as_of));
    NQ_TRY(auto documents, storage::List<Document>(tx, {storage::Eq("issuer_unit_id", unit.id)}));
    json::array document_list;
    for (const Document& d : documents) document_list.push_back(formats::ToJson(d));
    return json::object{{"unit", std::move(header)},
                        {"as_of", as_of->ToString()},
                        {"targets", std::move(targets)},
                        {"obligations", std::move(obligations.obligations)},
                        {"tasks", std::move(obligations.tasks)},
                        {"tasks_overdue", obligations.overdue},
                        {"tasks_due_soon", obligations.due_soon},
                        {"recommendations", std::move(recommendations)},
                        {"reports", std::move(reports)},
                        {"documents", std::move(document_list)}};
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, *view);
}

// A target's progress, and its indicator for each subordinate unit of the measured unit and
// each period of the series: the rows behind the figure.
// A target's series rebuilt from its unit's predecessors, one value per period of the series;
// null when the unit was formed by no merge.
Result<json::value> ComparableOf(const engine::Engine& engine, const Indicator& indicator,
                                 const engine::TargetProgress& p) {
  if (engine.structure()->WholePredecessors(p.unit_id).empty()) return json::value(nullptr);
  std::vector<Period> periods;
  for (const engine::SeriesPoint& point : p.series) periods.push_back(point.period);
  NQ_TRY(auto series, engine::ComparableSeries(engine, indicator, p.unit_id, periods, true));
  json::array values;
  for (const engine::ComparablePoint& point : series) values.push_back(NumberJson(point.value));
  return json::value(std::move(values));
}

HttpResponse TargetView(const Call& call) {
  auto item_id = call.RequiredQueryId("item_id");
  if (!item_id) return ErrorResponse(item_id.error());
  auto as_of = call.AsOf();
  if (!as_of) return ErrorResponse(as_of.error());
  engine::Engine& engine = call.service().engine();
  auto progress = engine.Progress(*item_id, *as_of);
  if (!progress) return ErrorResponse(progress.error());
  // A target of a unit closed by today is shown as of the unit's last open day.
  if (auto last = call.AsOfFor(progress->unit_id); last && *last != *as_of) {
    as_of = *last;
    progress = engine.Progress(*item_id, *as_of);
    if (!progress) return ErrorResponse(progress.error());
  }
  const engine::TargetProgress& p = *progress;
  app::Access access(call.principal(), engine, *as_of);
  if (!access.Can(Action::kRead, p.unit_id)) {
    return ErrorResponse(MakeError(ErrorCode::kNotFound, "item {} not found", *item_id));
  }
  auto view = call.service().database().Read([&](storage::Transaction& tx) -> Result<json::object> {
    Names names(tx);
    NQ_TRY(Item item, storage::Get<Item>(tx, *item_id));
    NQ_TRY(Document document, storage::Get<Document>(tx, item.document_id));
    NQ_TRY(Indicator indicator, storage::Get<Indicator>(tx, p.indicator_id));
    NQ_TRY(const Unit* unit, names.UnitById(p.unit_id));
    NQ_TRY(json::object header, UnitHeader(names, engine, *unit, *as_of));
    json::array periods;
    for (const engine::SeriesPoint& point : p.series) {
      json::object entry = formats::PeriodJson(point.period).as_object();
      entry["value"] = NumberJson(point.value);
      periods.push_back(std::move(entry));
    }
    json::array rows;
    if (auto children = engine.Children(p.unit_id, *as_of)) {
      for (Id child : *children) {
        if (!access.Can(Action::kRead, child)) continue;
        NQ_TRY(json::object row, names.UnitBrief(child));
        json::array values;
        bool any = false;
        for (const engine::SeriesPoint& point : p.series) {
          auto part = engine.RollupIndicator(indicator.id, child, point.period, *as_of);
          std::optional<double> value = part ? part->value : std::nullopt;
          any |= value.has_value();
          values.push_back(NumberJson(value));
        }
        row["values"] = std::move(values);
        row["reported"] = any;
        rows.push_back(std::move(row));
      }
    }
    json::object out = ProgressJson(p);
    out.erase("status_label");
    out["item"] = formats::ToJson(item);
    out["document"] = formats::ToJson(document);
    out["unit"] = std::move(header);
    out["indicator"] = formats::ToJson(indicator);
    out["series"] = std::move(periods);
    out["children"] = std::move(rows);
    out["as_of"] = as_of->ToString();
    AddStructureAsOf(out, engine, p.unit_id, std::nullopt, *as_of);
    AddTargetLineage(out, engine, *item_id, *as_of);
    NQ_TRY(out["comparable"], ComparableOf(engine, indicator, p));
    std::vector<Period> series_periods;
    for (const engine::SeriesPoint& point : p.series) series_periods.push_back(point.period);
    for (json::value& rebased : out["rebased"].as_array()) {
      const Id successor = rebased.at("unit_id").as_int64();
      NQ_TRY(json::object brief, names.UnitBrief(successor));
      rebased.as_object()["unit"] = std::move(brief);
      // The successor's latest figure, rebuilt from its predecessors where it has none itself.
      NQ_TRY(auto series,
             engine::ComparableSeries(engine, indicator, successor, series_periods, true));
      rebased.as_object()["comparable_current"] = nullptr;
      for (const engine::ComparablePoint& point : series) {
        if (!point.value || point.period.end() > *as_of) continue;
        rebased.as_object()["comparable_current"] = *point.value;
        rebased.as_object()["comparable_period"] = formats::PeriodJson(point.period);
      }
    }
    return out;
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, *view);
}

// Every assignment of an obligation within a unit's subtree, with its state and evidence.
HttpResponse ObligationView(const Call& call) {
  auto obligation_id = call.RequiredQueryId("obligation_id");
  if (!obligation_id) return ErrorResponse(obligation_id.error());
  auto as_of = call.QueryText("unit_id") ? call.AsOfForQueryUnit("unit_id") : call.AsOf();
  if (!as_of) return ErrorResponse(as_of.error());
  engine::Engine& engine = call.service().engine();
  app::Access access(call.principal(), engine, *as_of);
  std::optional<Id> unit_id;
  if (call.QueryText("unit_id")) {
    auto id = ReadableUnit(call, access, "unit_id");
    if (!id) return ErrorResponse(id.error());
    unit_id = *id;
  }
  auto view = call.service().database().Read([&](storage::Transaction& tx) -> Result<json::object> {
    Names names(tx);
    NQ_TRY(Obligation obligation, storage::Get<Obligation>(tx, *obligation_id));
    // Naming a unit one may see must not open an obligation one may not (its issuer's, or one
    // assigned to a unit one sees).
    std::string what = fmt::format("obligation {}", obligation.id);
    NQ_RETURN_IF_ERROR(app::RequireRead(tx, access, obligation, what));
    // Without a unit, the issuer's whole subtree.
    Id scope = unit_id.value_or(obligation.issuer_unit_id);
    NQ_RETURN_IF_ERROR(access.Require(Action::kRead, scope, what));
    NQ_TRY(Unit unit, storage::Get<Unit>(tx, scope));
    NQ_TRY(auto rollup, engine.RollupObligation(obligation.id, unit.id, *as_of));
    NQ_TRY(auto assignments, storage::List<Assignment>(tx, {storage::Eq("obligation_id", obligation.id)}));
    std::map<Id, const Assignment*> by_id;
    for (const Assignment& a : assignments) by_id[a.id] = &a;
    json::array rows;
    for (const engine::AssignmentState& state : rollup.assignments) {
      auto found = by_id.find(state.assignment_id);
      if (found == by_id.end() || !access.Can(Action::kRead, state.unit_id)) continue;
      const Assignment& a = *found->second;
      NQ_TRY(json::object row, names.UnitBrief(state.unit_id));
      row["unit_id"] = state.unit_id;
      row["assignment_id"] = a.id;
      row["version"] = a.version;
      row["role"] = AssignmentRoleName(a.role);
      row["status"] = AssignmentStatusName(a.status);
      row["state"] = StateName(state, a.status);
      row["due_on"] = state.effective_due.ToString();
      row["completed_on"] = OptDate(a.completed_on);
      row["evidence"] = formats::ToJson(a.evidence);
      rows.push_back(std::move(row));
    }
    json::array by_kind;
    for (const engine::KindCounts& k : rollup.by_kind) {
      NQ_TRY(const UnitKind* kind, names.KindById(k.kind_id));
      json::object entry = CountsJson(k.counts);
      entry["kind_id"] = k.kind_id;
      entry["kind_name"] = kind->name;
      entry["kind_name_en"] = kind->name_en;
      by_kind.push_back(std::move(entry));
    }
    json::object out = formats::ToJson(obligation).as_object();
    NQ_TRY(const Unit* issuer, names.UnitById(obligation.issuer_unit_id));
    out["issuer_name"] = issuer->short_name;
    if (obligation.document_id) {
      NQ_TRY(Document document, storage::Get<Document>(tx, *obligation.document_id));
      out["document_title"] = document.title;
    }
    NQ_TRY(json::object header, UnitHeader(names, engine, unit, *as_of));
    return json::object{{"obligation", std::move(out)},  {"unit", std::move(header)},
                        {"as_of", as_of->ToString()},    {"total", CountsJson(rollup.total)},
                        {"by_kind", std::move(by_kind)}, {"rows", std::move(rows)}};
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, *view);
}

// Whether `unit` reports `indicator` for a target measured over `measured`: an indicator that
// is not added up across units is entered by the measured unit itself; one that is, by the
// units at the bottom of its subtree.
bool Reports(const engine::Engine& engine, const Indicator& indicator, Id unit, Id measured,
             Date as_of) {
  if (indicator.computed()) return false;
  if (indicator.unit_aggregation == UnitAggregation::kNone) return unit == measured;
  auto children = engine.Children(unit, as_of);
  return engine.InSubtree(unit, measured, as_of) && children && children->empty();
}

// The form of a unit for a period: its report (if opened), the indicators it reports with their
// current values, and the unit that reviews it.
HttpResponse ReportForm(const Call& call) {
  auto period = call.QueryPeriod("period");
  if (!period) return ErrorResponse(period.error());
  if (!*period)
    return ErrorResponse(FieldError("period", "query parameter \"period\" is required"));
  engine::Engine& engine = call.service().engine();
  Date as_of = (*period)->end();
  auto unit_id = ReadableUnit(call, call.access(), "unit_id");
  if (!unit_id) return ErrorResponse(unit_id.error());
  auto view = call.service().database().Read([&](storage::Transaction& tx) -> Result<json::object> {
    NQ_TRY(Unit unit, storage::Get<Unit>(tx, *unit_id));
    Names names(tx);
    NQ_TRY(json::object header, UnitHeader(names, engine, unit, as_of));
    json::value parent = nullptr;
    if (auto parent_id = engine.Parent(unit.id, as_of); parent_id && *parent_id) {
      NQ_TRY(parent, names.UnitBrief(**parent_id));
    }
    NQ_TRY(auto reports, storage::List<Report>(tx, {storage::Eq("unit_id", unit.id), storage::Eq("period", (*period)->ToString())}));
    json::value report = nullptr;
    bool locked = false;
    for (const Report& r : reports) {
      if (!r.document_id) report = formats::ToJson(r);
      if (!r.document_id) locked = r.locked();
    }
    NQ_TRY(auto items, storage::List<Item>(tx, {storage::Eq("kind", "target")}));
    std::map<Id, json::array> targets_by_indicator;
    std::vector<Id> order;
    for (const Item& item : items) {
      if (!item.measure) continue;
      NQ_TRY(Indicator indicator, storage::Get<Indicator>(tx, item.measure->indicator_id));
      if (indicator.period_type != (*period)->type()) continue;
      NQ_TRY(Document document, storage::Get<Document>(tx, item.document_id));
      Id measured = item.unit_id.value_or(document.issuer_unit_id);
      if (!Reports(engine, indicator, unit.id, measured, as_of)) continue;
      if (!targets_by_indicator.count(indicator.id)) order.push_back(indicator.id);
      targets_by_indicator[indicator.id].push_back(
          json::object{{"item_id", item.id}, {"code", item.code}, {"title", item.title}});
    }
    json::array indicators;
    for (Id indicator_id : order) {
      NQ_TRY(Indicator indicator, storage::Get<Indicator>(tx, indicator_id));
      NQ_TRY(auto values,
             storage::CurrentValues(tx, {storage::Eq("indicator_id", indicator_id), storage::Eq("unit_id", unit.id), storage::Eq("period", (*period)->ToString())}));
      json::object entry{{"indicator", formats::ToJson(indicator)},
                         {"targets", std::move(targets_by_indicator[indicator_id])},
                         {"value", nullptr}};
      if (!values.empty()) entry["value"] = formats::ToJson(values.back());
      indicators.push_back(std::move(entry));
    }
    return json::object{{"unit", std::move(header)},
                        {"period", formats::PeriodJson(**period)},
                        {"reviewer", std::move(parent)},
                        {"report", std::move(report)},
                        {"locked", locked},
                        {"indicators", std::move(indicators)}};
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, *view);
}

// The reports of a unit's subordinates for a period: who sent what, and who has not.
HttpResponse SubordinateReports(const Call& call) {
  auto period = call.QueryPeriod("period");
  if (!period) return ErrorResponse(period.error());
  if (!*period)
    return ErrorResponse(FieldError("period", "query parameter \"period\" is required"));
  engine::Engine& engine = call.service().engine();
  Date as_of = (*period)->end();
  app::Access access = call.access();
  auto unit_id = ReadableUnit(call, access, "unit_id");
  if (!unit_id) return ErrorResponse(unit_id.error());
  auto view = call.service().database().Read([&](storage::Transaction& tx) -> Result<json::object> {
    NQ_TRY(Unit unit, storage::Get<Unit>(tx, *unit_id));
    Names names(tx);
    NQ_TRY(json::object header, UnitHeader(names, engine, unit, as_of));
    NQ_TRY(auto reports, storage::List<Report>(tx, {storage::Eq("period", (*period)->ToString())}));
    std::map<Id, const Report*> by_unit;
    for (const Report& r : reports) {
      if (!r.document_id) by_unit[r.unit_id] = &r;
    }
    json::array rows;
    if (auto children = engine.Children(unit.id, as_of)) {
      for (Id child : *children) {
        if (!access.Can(Action::kRead, child)) continue;
        NQ_TRY(json::object row, names.UnitBrief(child));
        auto found = by_unit.find(child);
        row["report"] =
            found == by_unit.end() ? json::value(nullptr) : formats::ToJson(*found->second);
        rows.push_back(std::move(row));
      }
    }
    return json::object{{"unit", std::move(header)},
                        {"period", formats::PeriodJson(**period)},
                        {"rows", std::move(rows)}};
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, *view);
}

}  // namespace

void AddViewRoutes(Router& router, app::Service& service) {
  router.Add("GET", "/api/v1/views/overview",
             "A unit's overview: targets, obligations, overdue and due-soon tasks, open "
             "recommendations, report completeness (unit_id, as_of)",
             Bind(service, Overview));
  router.Add(
      "GET", "/api/v1/views/target",
      "A target's progress with its indicator by subordinate unit and period (item_id, as_of)",
      Bind(service, TargetView));
  router.Add("GET", "/api/v1/views/obligation",
             "An obligation's assignments in a subtree with state and evidence (obligation_id, "
             "unit_id, as_of)",
             Bind(service, ObligationView));
  router.Add("GET", "/api/v1/views/report-form",
             "A unit's report for a period with the indicators it reports (unit_id, period)",
             Bind(service, ReportForm));
  router.Add("GET", "/api/v1/views/reports",
             "The reports of a unit's subordinates for a period (unit_id, period)",
             Bind(service, SubordinateReports));
}

}  // namespace nq::api
