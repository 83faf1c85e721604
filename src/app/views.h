// What one screen of the web UI shows, gathered in one read as a principal sees it: a unit's
// overview, a target with its subordinate units, an obligation with every assignment, a unit's
// report form and the reports of a unit's subordinates. Figures come from the engine.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/access.h"
#include "app/deadlines.h"
#include "app/service.h"
#include "domain/timeliness.h"
#include "engine/engine.h"

namespace nq::app {

// A unit as the screens name it, with its kind.
struct UnitBrief {
  domain::Unit unit;
  domain::UnitKind kind;
};

// A unit with its kind, its path from the root (every step) and its children count.
struct UnitHeader {
  UnitBrief brief;
  std::vector<domain::Unit> path;
  size_t child_count = 0;
};

// One kind of unit's share of an obligation's counts.
struct KindTally {
  domain::UnitKind kind;
  engine::CompletenessCounts counts;
};

// A target measured over the unit, with its progress.
struct TargetSummary {
  engine::TargetProgress progress;
  domain::Item item;
  domain::Document document;
  domain::Indicator indicator;
};

// An obligation expected of the unit's subtree, with its counts by kind.
struct ObligationSummary {
  domain::Obligation obligation;
  domain::Unit issuer;
  engine::CompletenessCounts total;
  std::vector<KindTally> by_kind;
};

// An assignment in the subtree that is overdue or due soon.
struct DueTask {
  UnitBrief unit;
  domain::Id assignment_id = 0;
  domain::Id obligation_id = 0;
  std::string obligation_title;
  Date due_on;
  bool overdue = false;  // due soon otherwise
};

// A recommendation not yet closed, with the short names of both ends.
struct OpenRecommendation {
  domain::Recommendation recommendation;
  std::string from_unit_name;
  std::string to_unit_name;
  bool overdue = false;
  domain::Timeliness timeliness = domain::Timeliness::kOpen;
};

// How many of the subordinates' reports for a period are in each state.
// Under the unit's regime for periods of its type, the subordinates expected are those of the
// regime's kinds, and each report is also judged against its due date.
struct PeriodCompleteness {
  domain::Period period = domain::Period::Year(2021);
  int expected = 0;  // the subordinates open at the view's date
  int missing = 0;   // no report at all
  int draft = 0;
  int submitted = 0;
  int returned = 0;
  int accepted = 0;
  std::optional<domain::Regime> regime;
  std::optional<Date> due_on;           // the regime's due date; an extension moves a unit's
  domain::TimelinessCounts timeliness;  // on time, late, overdue, open
  int extended = 0;                     // units whose due date was extended
};

struct UnitOverview {
  UnitHeader unit;
  Date as_of;
  std::vector<TargetSummary> targets;
  std::vector<ObligationSummary> obligations;
  std::vector<DueTask> tasks;  // overdue first (oldest first), then due soon (nearest first)
  int tasks_overdue = 0;       // counts every such task, beyond those listed
  int tasks_due_soon = 0;
  std::vector<OpenRecommendation> recommendations;
  // Every recommendation of the unit (closed ones too), against its answer-by date.
  domain::TimelinessCounts recommendation_timeliness;
  std::vector<PeriodCompleteness> reports;  // latest period first
  std::vector<domain::Document> documents;  // those the unit issued
};

// The overview of unit `unit_id` as of `as_of`: its targets, the obligations of its subtree,
// overdue and due-soon tasks, open recommendations and report completeness. not_found when the
// unit is missing or out of sight.
Result<UnitOverview> ViewOverview(Service& service, const Principal& principal, domain::Id unit_id,
                                  Date as_of);

// A subordinate unit's value of the target's indicator for each period of the series.
struct ChildFigures {
  UnitBrief unit;
  std::vector<std::optional<double>> values;
  bool reported = false;  // some period has a value
};

// A successor's unit, and its latest comparable figure as of the view's date.
struct SuccessorFigure {
  UnitBrief unit;
  std::optional<double> current;
  std::optional<domain::Period> period;  // of `current`
};

struct TargetView {
  engine::TargetProgress progress;
  domain::Item item;
  domain::Document document;
  UnitHeader unit;
  domain::Indicator indicator;
  std::vector<ChildFigures> children;  // the readable subordinates of the measured unit
  Date as_of;
  Date judged_on;  // the day the target is judged on: the day asked for, or today
  // The series rebuilt from the unit's predecessors; nullopt when no merge formed the unit.
  std::optional<std::vector<std::optional<double>>> comparable;
  std::map<domain::Id, SuccessorFigure> successors;  // by unit, for the targets derived from it
};

// The target `item_id` as of `as_of` (default today; then a target of a unit closed by today is
// shown as of the unit's last open day). The engine's error when it is no target; not_found
// when its unit is out of sight.
Result<TargetView> ViewTarget(Service& service, const Principal& principal, domain::Id item_id,
                              std::optional<Date> as_of);

// One assignment of an obligation with its state.
struct AssignmentRow {
  UnitBrief unit;
  domain::Assignment assignment;
  engine::AssignmentState state;
};

struct ObligationView {
  domain::Obligation obligation;
  std::string issuer_name;
  std::optional<std::string> document_title;  // when it comes from a document
  UnitHeader unit;
  Date as_of;
  engine::CompletenessCounts total;
  std::vector<KindTally> by_kind;
  std::vector<AssignmentRow> rows;  // the readable ones
};

// Every assignment of obligation `obligation_id` within the subtree of `unit_id` (default its
// issuer). not_found when the unit or the obligation is missing or out of sight.
Result<ObligationView> ViewObligation(Service& service, const Principal& principal,
                                      domain::Id obligation_id, std::optional<domain::Id> unit_id,
                                      Date as_of);

// An indicator the unit reports, with the targets it serves and its current value.
struct IndicatorForm {
  domain::Indicator indicator;
  std::vector<domain::Item> targets;
  std::optional<domain::Value> value;
};

struct ReportForm {
  UnitHeader unit;
  domain::Period period = domain::Period::Year(2021);
  std::optional<UnitBrief> reviewer;     // the parent at the period's end
  std::optional<domain::Report> report;  // when opened
  std::vector<IndicatorForm> indicators;
};

// The report form of unit `unit_id` for `period`, as of the period's end. not_found when the
// unit is missing or out of sight today.
Result<ReportForm> ViewReportForm(Service& service, const Principal& principal, domain::Id unit_id,
                                  const domain::Period& period);

// A subordinate with its report, if it sent one.
struct SubordinateReport {
  UnitBrief unit;
  std::optional<domain::Report> report;
  std::optional<ReportDue> due;  // under the unit's regime for the period's type
};

struct SubordinateReports {
  UnitHeader unit;
  domain::Period period = domain::Period::Year(2021);
  std::vector<SubordinateReport> rows;  // the subordinates readable today
  std::optional<domain::Regime> regime;
  domain::TimelinessCounts timeliness;  // of the rows, under the regime
};

// The reports of the subordinates of unit `unit_id` for `period`, as of the period's end.
// not_found when the unit is missing or out of sight today.
Result<SubordinateReports> ViewSubordinateReports(Service& service, const Principal& principal,
                                                  domain::Id unit_id, const domain::Period& period);

// ---- How the units did: the figures behind the yearly assessment of party organisations.

// One duty of a unit's subtree due in the period, judged today.
struct PerformanceDuty {
  domain::Obligation obligation;
  UnitBrief unit;  // the unit in the subtree that holds the assignment
  domain::Id assignment_id = 0;
  Date due_on;  // the effective due date
  std::optional<Date> completed_on;
  domain::Timeliness timeliness = domain::Timeliness::kOpen;
};

// One report a unit owes under the issuer's regime for a period within the chosen one.
struct PerformanceReport {
  domain::Regime regime;
  domain::Period period = domain::Period::Year(2021);
  Date due_on;
  bool extended = false;
  domain::Timeliness timeliness = domain::Timeliness::kOpen;
  std::optional<domain::Id> report_id;
};

// One value a unit is expected to enter: an indicator it reports for a target, for a period.
struct PerformanceValue {
  domain::Indicator indicator;
  domain::Period period = domain::Period::Year(2021);
  std::optional<domain::Value> value;  // the current one, when entered
};

// The counts of one unit, or of all of them.
struct PerformanceFigures {
  int duties = 0;
  int duties_done = 0;
  int duties_on_time = 0;
  int reports = 0;
  int reports_submitted = 0;
  int reports_on_time = 0;
  int values_expected = 0;
  int values_entered = 0;

  void Add(const PerformanceFigures& other);
  bool operator==(const PerformanceFigures&) const = default;
};

struct UnitPerformance {
  UnitBrief unit;
  PerformanceFigures figures;
  std::vector<PerformanceDuty> duties;  // by due date
  std::vector<PerformanceReport> reports;
  std::vector<PerformanceValue> values;
};

struct UnitsPerformance {
  UnitHeader unit;
  domain::Period period = domain::Period::Year(2021);
  Date judged_on;  // today: a duty done later than this is not done
  Date tree_on;    // the subordinates are those of this day: the period's end, or today
  std::vector<UnitPerformance> rows;  // the readable subordinates, in the tree's order
  PerformanceFigures totals;
};

// How each subordinate of unit `unit_id` did in `period`, judged today in the one vocabulary of
// domain/timeliness.h: the duties due in the period that it (or a unit under it) holds from the
// unit or above, done and done on time; the reports it owes under the unit's regimes for the
// periods within `period` that have ended, submitted and submitted on time; and the values it
// reports for targets, for those periods, entered. not_found when the unit is missing or out of
// sight.
Result<UnitsPerformance> ViewUnitsPerformance(Service& service, const Principal& principal,
                                              domain::Id unit_id, const domain::Period& period);

// The table of `view` as an .xlsx workbook: one row per unit with its figures, and the totals.
Result<std::string> UnitsPerformanceXlsx(const UnitsPerformance& view);

// ---- The leader's dashboard: what a committee member is in charge of, and what needs them.

// One of the person's responsibilities, with its field's name and its unit.
struct LeaderCharge {
  domain::Responsibility responsibility;
  std::string field_name;  // empty when it names no field
  std::optional<UnitBrief> unit;
};

// An obligation with work not finished in the leader's fields or units.
struct LeaderDuty {
  domain::Obligation obligation;
  std::string issuer_name;
  std::string field_code;                   // of the item it serves; may be empty
  engine::CompletenessCounts total;         // over the issuer's subtree
  std::vector<PerformanceDuty> unfinished;  // the readable assignments not done, overdue first
};

struct LeaderDashboard {
  std::optional<domain::Person> person;  // none: the user is no committee member
  std::vector<LeaderCharge> charges;
  Date as_of;
  std::vector<TargetSummary> targets_at_risk;  // at risk, off track or not reached
  std::vector<LeaderDuty> duties;
  std::vector<PerformanceDuty> overdue;             // the overdue assignments of those duties
  std::vector<OpenRecommendation> recommendations;  // waiting for an answer
};

// The dashboard of the signed-in user's person (User.person_id) as of today: in the fields
// of their responsibilities, the targets at risk and the duties serving a target of the field;
// in their units (and the units under them), the duties not finished; the overdue ones among
// those; and the recommendations waiting for an answer that are addressed to their units or
// raised about a target of their fields. Only what the user may read. An empty dashboard for a
// user with no person or no responsibilities.
Result<LeaderDashboard> ViewLeaderDashboard(Service& service, const Principal& principal);

}  // namespace nq::app
