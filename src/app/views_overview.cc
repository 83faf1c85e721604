// The overview of a unit: its targets, the obligations of its subtree and their tasks, open
// recommendations, the completeness of its subordinates' reports and its documents.
#include <algorithm>
#include <map>
#include <set>

#include "app/derived_items.h"
#include "app/views.h"
#include "app/views_common.h"
#include "engine/structure.h"

namespace nq::app {
namespace {

using namespace nq::domain;
using views::Names;

constexpr int kDueSoonDays = 30;
constexpr size_t kMaxTasks = 50;
constexpr size_t kMaxReportPeriods = 6;

// Reads each row of type T once per request.
template <typename T>
Result<const T*> Cached(storage::Transaction& tx, std::map<Id, T>& cache, Id id) {
  auto found = cache.find(id);
  if (found != cache.end()) return &found->second;
  NQ_TRY(T row, storage::Get<T>(tx, id));
  return &cache.emplace(id, std::move(row)).first->second;
}

// Targets measured over the unit that exist on `as_of`, with their progress judged on
// `judged_on`.
Result<std::vector<TargetSummary>> TargetsOf(storage::Transaction& tx, const engine::Engine& engine,
                                             Id unit_id, Date as_of, Date judged_on) {
  NQ_TRY(auto items, storage::List<Item>(tx, {storage::Eq("kind", "target")}));
  const ItemDates item_dates(*engine.structure());
  std::vector<TargetSummary> out;
  std::map<Id, Document> documents;
  std::map<Id, Indicator> indicators;
  for (Item& item : items) {
    if (!item.measure || !item_dates.ExistsOn(item.id, as_of)) continue;
    auto progress = engine.Progress(item.id, judged_on);
    if (!progress || progress->unit_id != unit_id) continue;
    NQ_TRY(const Document* document, Cached(tx, documents, item.document_id));
    NQ_TRY(const Indicator* indicator, Cached(tx, indicators, item.measure->indicator_id));
    out.push_back(TargetSummary{*progress, std::move(item), *document, *indicator});
  }
  return out;
}

// The tasks of `rollup` that are overdue or due within kDueSoonDays and that the principal
// may see, counted in `view`.
Status CollectTasks(Names& names, const Access& access, const Obligation& obligation,
                    const engine::ObligationRollup& rollup, UnitOverview& view) {
  for (const engine::AssignmentState& state : rollup.not_done) {
    bool soon = !state.overdue && state.effective_due <= view.as_of.AddDays(kDueSoonDays);
    if ((!state.overdue && !soon) || !access.Can(Action::kRead, state.unit_id)) continue;
    (state.overdue ? view.tasks_overdue : view.tasks_due_soon)++;
    NQ_TRY(UnitBrief unit, names.Brief(state.unit_id));
    view.tasks.push_back(DueTask{std::move(unit), state.assignment_id, obligation.id,
                                 obligation.title, state.effective_due, state.overdue});
  }
  return Ok();
}

// Overdue first (oldest first), then due soon (nearest first); at most kMaxTasks.
void RankTasks(std::vector<DueTask>& tasks) {
  std::stable_sort(tasks.begin(), tasks.end(), [](const DueTask& a, const DueTask& b) {
    if (a.overdue != b.overdue) return a.overdue;
    return a.due_on < b.due_on;
  });
  if (tasks.size() > kMaxTasks) tasks.resize(kMaxTasks);
}

// Obligations expected of the unit's subtree, with their counts by kind; and the tasks in it
// that are overdue or due soon.
Status ObligationsOf(storage::Transaction& tx, Names& names, const engine::Engine& engine,
                     const Access& access, Id unit_id, UnitOverview& view) {
  NQ_TRY(auto obligations, storage::List<Obligation>(tx));
  std::sort(obligations.begin(), obligations.end(),
            [](const Obligation& a, const Obligation& b) { return a.due_on < b.due_on; });
  for (const Obligation& obligation : obligations) {
    auto rollup = engine.RollupObligation(obligation.id, unit_id, view.as_of);
    if (!rollup || rollup->total.expected == 0) continue;
    NQ_TRY(auto by_kind, views::KindTallies(names, rollup->by_kind));
    NQ_TRY(const Unit* issuer, names.UnitById(obligation.issuer_unit_id));
    view.obligations.push_back(
        ObligationSummary{obligation, *issuer, rollup->total, std::move(by_kind)});
    NQ_RETURN_IF_ERROR(CollectTasks(names, access, obligation, *rollup, view));
  }
  RankTasks(view.tasks);
  return Ok();
}

// Recommendations not yet closed that the unit's subtree raised or the unit must answer, and
// that the principal may see (from either end).
Result<std::vector<OpenRecommendation>> OpenRecommendations(storage::Transaction& tx, Names& names,
                                                            const engine::Engine& engine,
                                                            const Access& access, Id unit_id,
                                                            Date as_of) {
  NQ_TRY(auto rows, storage::List<Recommendation>(tx, {storage::NotEq("status", "closed")}));
  std::vector<OpenRecommendation> out;
  for (Recommendation& r : rows) {
    bool raised_below = engine.InSubtree(r.from_unit_id, unit_id, as_of);
    if (!raised_below && r.to_unit_id != unit_id) continue;
    if (!access.Can(Action::kRead, r.from_unit_id) && !access.Can(Action::kRead, r.to_unit_id)) {
      continue;
    }
    NQ_TRY(const Unit* from, names.UnitById(r.from_unit_id));
    NQ_TRY(const Unit* to, names.UnitById(r.to_unit_id));
    bool overdue = r.status == RecommendationStatus::kOpen && r.due_on && *r.due_on < as_of;
    out.push_back(OpenRecommendation{std::move(r), from->short_name, to->short_name, overdue});
  }
  return out;
}

PeriodCompleteness Completeness(const Period& period, const std::map<Id, ReportStatus>& reports,
                                int expected) {
  std::map<std::string_view, int> counts;
  for (const auto& [unit_id, status] : reports) counts[ReportStatusName(status)]++;
  return PeriodCompleteness{period,
                            expected,
                            expected - static_cast<int>(reports.size()),
                            counts["draft"],
                            counts["submitted"],
                            counts["returned"],
                            counts["accepted"]};
}

// For each period the unit's subordinates reported on (latest first), how many reports are in
// each state, out of the subordinates open at the date.
Result<std::vector<PeriodCompleteness>> ReportCompleteness(storage::Transaction& tx,
                                                           const engine::Engine& engine, Id unit_id,
                                                           Date as_of) {
  auto children = engine.Children(unit_id, as_of);
  if (!children || children->empty()) return std::vector<PeriodCompleteness>();
  std::set<Id> child_set(children->begin(), children->end());
  NQ_TRY(auto reports, storage::List<Report>(tx));
  std::map<Period, std::map<Id, ReportStatus>> by_period;
  for (const Report& report : reports) {
    if (child_set.count(report.unit_id)) by_period[report.period][report.unit_id] = report.status;
  }
  std::vector<PeriodCompleteness> out;
  for (auto it = by_period.rbegin(); it != by_period.rend() && out.size() < kMaxReportPeriods;
       ++it) {
    out.push_back(Completeness(it->first, it->second, static_cast<int>(children->size())));
  }
  return out;
}

}  // namespace

Result<UnitOverview> ViewOverview(Service& service, const Principal& principal, Id unit_id,
                                  Date as_of) {
  engine::Engine& engine = service.engine();
  Access access(principal, engine, as_of);
  NQ_RETURN_IF_ERROR(views::RequireReadableUnit(access, unit_id));
  return service.database().Read([&](storage::Transaction& tx) -> Result<UnitOverview> {
    NQ_TRY(Unit unit, storage::Get<Unit>(tx, unit_id));
    Names names(tx);
    UnitOverview view;
    view.as_of = as_of;
    NQ_TRY(view.unit, views::ReadUnitHeader(names, engine, unit.id, as_of));
    // A unit closed by today is shown as of its last open day; its targets are judged today
    // (a deadline may have passed since), on figures that end with the unit.
    const Date today = service.Today();
    const bool closed_since =
        as_of < today && engine.structure()->LastOpenOnOrBefore(unit.id, today) == as_of;
    NQ_TRY(view.targets, TargetsOf(tx, engine, unit.id, as_of, closed_since ? today : as_of));
    NQ_RETURN_IF_ERROR(ObligationsOf(tx, names, engine, access, unit.id, view));
    NQ_TRY(view.recommendations, OpenRecommendations(tx, names, engine, access, unit.id, as_of));
    NQ_TRY(view.reports, ReportCompleteness(tx, engine, unit.id, as_of));
    NQ_TRY(view.documents, storage::List<Document>(tx, {storage::Eq("issuer_unit_id", unit.id)}));
    return view;
  });
}

}  // namespace nq::app
