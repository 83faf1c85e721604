// The overview of a unit: its targets, the obligations of its subtree and their tasks, open
// recommendations, the completeness of its subordinates' reports and its documents.
#include <algorithm>
#include <map>
#include <set>

#include "app/deadlines.h"
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

// Recommendations that the unit's subtree raised or the unit must answer, and that the principal
// may see (from either end): those not yet closed, and how all of them stand against their
// answer-by dates.
Status Recommendations(storage::Transaction& tx, Names& names, const engine::Engine& engine,
                       const Access& access, Id unit_id, Date as_of, UnitOverview& view) {
  NQ_TRY(auto rows, storage::List<Recommendation>(tx));
  for (Recommendation& r : rows) {
    bool raised_below = engine.InSubtree(r.from_unit_id, unit_id, as_of);
    if (!raised_below && r.to_unit_id != unit_id) continue;
    if (!access.Can(Action::kRead, r.from_unit_id) && !access.Can(Action::kRead, r.to_unit_id)) {
      continue;
    }
    const Timeliness timeliness = RecommendationTimeliness(r, as_of);
    view.recommendation_timeliness.Add(timeliness);
    if (r.status == RecommendationStatus::kClosed) continue;
    NQ_TRY(const Unit* from, names.UnitById(r.from_unit_id));
    NQ_TRY(const Unit* to, names.UnitById(r.to_unit_id));
    const bool overdue = timeliness == Timeliness::kOverdue;
    view.recommendations.push_back(
        OpenRecommendation{std::move(r), from->short_name, to->short_name, overdue, timeliness});
  }
  return Ok();
}

// How many of `expected`'s reports for `period` are in each state; under the unit's regime for
// periods of that type, also against each one's due date.
Result<PeriodCompleteness> Completeness(storage::Transaction& tx, Names& names, Id unit_id,
                                        const Period& period, const std::map<Id, Report>& reports,
                                        std::vector<Id> expected, Date today) {
  PeriodCompleteness out;
  out.period = period;
  NQ_TRY(std::optional<Regime> regime, RegimeFor(tx, unit_id, period.type()));
  if (regime && !regime->kind_ids.empty()) {
    std::vector<Id> of_kinds;
    for (Id child : expected) {
      NQ_TRY(const Unit* unit, names.UnitById(child));
      if (regime->Covers(unit->kind_id)) of_kinds.push_back(child);
    }
    expected = std::move(of_kinds);
  }
  out.expected = static_cast<int>(expected.size());
  std::map<Id, Report> theirs;
  for (Id child : expected) {
    auto report = reports.find(child);
    if (report == reports.end()) {
      ++out.missing;
      continue;
    }
    theirs.emplace(child, report->second);
    switch (report->second.status) {
      case ReportStatus::kDraft:
        ++out.draft;
        break;
      case ReportStatus::kSubmitted:
        ++out.submitted;
        break;
      case ReportStatus::kReturned:
        ++out.returned;
        break;
      case ReportStatus::kAccepted:
        ++out.accepted;
        break;
    }
  }
  if (regime) {
    NQ_TRY(auto extensions, ExtensionsFor(tx, *regime, period));
    ReportDeadlines deadlines = JudgeReports(*regime, period, expected, theirs, extensions, today);
    out.regime = std::move(deadlines.regime);
    out.due_on = out.regime->DueOn(period);
    out.timeliness = deadlines.counts;
    out.extended = static_cast<int>(extensions.size());
  }
  return out;
}

// For each period the unit's subordinates reported on, and the last period of each of its
// regimes that ended by the date (latest first), how many reports are in each state, out of
// the subordinates open at the date.
Result<std::vector<PeriodCompleteness>> ReportCompleteness(storage::Transaction& tx, Names& names,
                                                           const engine::Engine& engine, Id unit_id,
                                                           Date as_of, Date today) {
  auto children = engine.Children(unit_id, as_of);
  if (!children || children->empty()) return std::vector<PeriodCompleteness>();
  std::set<Id> child_set(children->begin(), children->end());
  NQ_TRY(auto reports, storage::List<Report>(tx));
  std::map<Period, std::map<Id, Report>> by_period;
  for (Report& report : reports) {
    if (child_set.count(report.unit_id)) {
      by_period[report.period].insert_or_assign(report.unit_id, std::move(report));
    }
  }
  NQ_TRY(auto regimes, storage::List<Regime>(tx, {storage::Eq("issuer_unit_id", unit_id)}));
  for (const Regime& regime : regimes) {
    Period last = Period::Containing(regime.period_type, as_of).Previous();
    by_period.try_emplace(last);
  }
  std::vector<PeriodCompleteness> out;
  for (auto it = by_period.rbegin(); it != by_period.rend() && out.size() < kMaxReportPeriods;
       ++it) {
    NQ_TRY(PeriodCompleteness completeness,
           Completeness(tx, names, unit_id, it->first, it->second, *children, today));
    out.push_back(std::move(completeness));
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
    NQ_RETURN_IF_ERROR(Recommendations(tx, names, engine, access, unit.id, as_of, view));
    NQ_TRY(view.reports, ReportCompleteness(tx, names, engine, unit.id, as_of, today));
    NQ_TRY(view.documents, storage::List<Document>(tx, {storage::Eq("issuer_unit_id", unit.id)}));
    return view;
  });
}

}  // namespace nq::app
