// Engine: live figures over the unit tree, kept in memory. Built from the store at start and
// kept current by the service after every committed write, so figures are never stale.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/document.h"
#include "domain/indicator.h"
#include "domain/obligation.h"
#include "domain/report.h"
#include "domain/unit.h"

namespace nq::engine {

using domain::Id;

// Everything the engine computes from. Values are the current versions only.
struct Data {
  std::vector<domain::UnitKind> kinds;
  std::vector<domain::Unit> units;
  std::vector<domain::UnitVersion> unit_versions;
  std::vector<domain::Indicator> indicators;
  std::vector<domain::Value> values;
  std::vector<domain::Document> documents;
  std::vector<domain::Item> items;
  std::vector<domain::Link> links;
  std::vector<domain::Declaration> declarations;
  std::vector<domain::Obligation> obligations;
  std::vector<domain::Assignment> assignments;
};

// One change of a current number: set when `number` is present, removed when absent.
struct ValueUpdate {
  Id indicator_id = 0;
  Id unit_id = 0;
  domain::Period period = domain::Period::Year(2021);
  std::optional<double> number;
};

// Called while a long load goes on: what is done of how much (total 0 when unknown).
using LoadProgress = std::function<void(std::string_view phase, size_t done, size_t total)>;

// ---- Results

// One unit's contribution to a roll-up: the raw rows a figure expands to.
struct ValueRow {
  Id unit_id = 0;
  domain::Period period = domain::Period::Year(2021);
  double number = 0;
};

struct IndicatorRollup {
  Id indicator_id = 0;
  Id unit_id = 0;
  domain::Period period = domain::Period::Year(2021);
  std::optional<double> value;      // absent when no unit reported
  std::optional<double> numerator;  // computed indicators: the rolled-up sides
  std::optional<double> denominator;
  int units_reporting = 0;     // units in the subtree with a value for the period
  int units_in_subtree = 0;    // open units in the subtree at as_of, the unit included
  std::vector<ValueRow> rows;  // the values behind the figure (not for computed ones)
};

struct CompletenessCounts {
  int expected = 0;
  int done = 0;
  int on_time = 0;
  int late = 0;     // done after the (effective) due date
  int overdue = 0;  // not done, due date passed
  int pending = 0;  // not done, not yet due
};

struct KindCounts {
  Id kind_id = 0;
  CompletenessCounts counts;
};

struct AssignmentState {
  Id assignment_id = 0;
  Id unit_id = 0;
  Id kind_id = 0;
  bool done = false;
  bool on_time = false;
  bool overdue = false;
  domain::Date effective_due;  // the obligation's due date, or the unit's opening if later
  std::optional<domain::Date> completed_on;
};

struct ObligationRollup {
  Id obligation_id = 0;
  Id unit_id = 0;
  domain::Date as_of;
  CompletenessCounts total;
  std::vector<KindCounts> by_kind;           // ordered by kind id
  std::vector<AssignmentState> not_done;     // expected and not done, overdue first
  std::vector<AssignmentState> assignments;  // every expected assignment in the subtree
};

// Before the deadline a target is on track, at risk or off track by its projection (achieved
// once it meets the goal); on and after the deadline's last day it is judged on the deadline
// period's value: achieved, not reached (with the gap), or no data while that value is missing.
// A target with nothing to achieve (a re-based part given no share: goal 0 from 0) is not
// applicable, and counts in no achievement tally.
enum class TargetStatus {
  kAchieved,
  kOnTrack,
  kAtRisk,
  kOffTrack,
  kNoData,
  kNotReached,
  kNotApplicable
};
std::string_view TargetStatusName(TargetStatus status);  // "achieved", "on_track", …
// Why a target has its status; the application layer words it (app/figures_text.h).
enum class TargetReason {
  kReached,              // before the deadline, current meets the goal
  kNoDataAfterBaseline,  // before the deadline, nothing to project from
  kProjected,            // before the deadline, the linear trend at the deadline (projected)
  kReachedAtDeadline,    // the deadline period's value meets the goal
  kShortAtDeadline,      // the deadline period's value falls short by `gap`
  kNoDeadlineValue,      // the deadline is over, its period has no value yet (current: the last)
  kNoShare,              // nothing to achieve: goal 0 from a baseline of 0 (or none)
};

// Whether `progress` counts in achievement tallies (everything but not applicable).
bool CountsForAchievement(TargetStatus status);

struct SeriesPoint {
  domain::Period period = domain::Period::Year(2021);
  std::optional<double> value;
};

struct TargetProgress {
  Id item_id = 0;
  Id unit_id = 0;  // the unit the target is measured over
  Id indicator_id = 0;
  std::optional<double> baseline;
  std::optional<domain::Period> baseline_period;
  std::optional<double> current;
  std::optional<domain::Period> current_period;
  double goal = 0;
  domain::Period deadline = domain::Period::Year(2025);
  domain::Direction direction = domain::Direction::kRaise;
  std::optional<double> percent;    // of the way from baseline to goal
  std::optional<double> projected;  // linear trend at the deadline's end
  TargetStatus status = TargetStatus::kNoData;
  TargetReason reason = TargetReason::kNoDataAfterBaseline;
  bool judged_at_deadline = false;       // as_of is on or after the deadline's last day
  std::optional<double> deadline_value;  // the deadline period's value, when judged at it
  std::optional<double> gap;             // how far the deadline value falls short of the goal
  int decimals = 0;                      // the indicator's, for showing the numbers
  std::vector<SeriesPoint> series;       // each period of the deadline's type, baseline to deadline
};

// One unit's figure in a roll-up over a whole subtree (Engine::RollupTree).
struct UnitFigure {
  Id unit_id = 0;
  int depth = 0;  // below the root of the roll-up; 0 for the root
  std::optional<double> value;
  std::optional<double> numerator;  // computed indicators: the rolled-up sides
  std::optional<double> denominator;
  int units_reporting = 0;
  int units_in_subtree = 0;
};

// One table of a full recompute (Engine::RollupAll) as columns by slot: the root and the open
// units below it down to the depth asked, depth first (the order of RollupTree). The unit
// columns are shared by every table of one recompute. The figures have no optionals: an absent
// one (no unit reported; for a computed indicator, a side without figures or a zero
// denominator) holds 0, with its byte in the matching presence column 0. Contiguous plain
// columns let a receiver's loops over them vectorise.
struct FigureColumns {
  std::span<const Id> unit_id;
  std::span<const int> depth;
  std::span<const uint32_t> units_in_subtree;
  std::span<const int32_t> units_reporting;
  std::span<const double> value;
  std::span<const uint8_t> has_value;  // 1 where `value` is present
  // Computed indicators only (empty otherwise): the rolled-up sides.
  std::span<const double> numerator;
  std::span<const uint8_t> has_numerator;
  std::span<const double> denominator;
  std::span<const uint8_t> has_denominator;

  size_t size() const { return unit_id.size(); }
  // One slot's figure as RollupTree gives it.
  UnitFigure at(size_t slot) const;
};

// Receives one table of a full recompute (Engine::RollupAll): an indicator's figures for one
// period. Called from the worker threads, with the worker's index (0 … workers-1), so that the
// receiver can keep state per worker.
using FigureSink = std::function<void(int worker, Id indicator_id, const domain::Period& period,
                                      const FigureColumns& figures)>;

// What a full recompute did: the tables given to the sink, the figures in them, and the numbers
// it read from the value columns (a column read for two indicators counts twice) with their
// bytes.
struct RecomputeCounts {
  size_t tables = 0;
  size_t figures = 0;
  size_t numbers_read = 0;
  size_t bytes_read = 0;
};

// One unit's completeness in a roll-up over a whole subtree (Engine::CompletenessTree).
struct UnitCompleteness {
  Id unit_id = 0;
  int depth = 0;
  CompletenessCounts counts;
};

struct CoverageEntry {
  Id upper_item_id = 0;
  bool not_applicable = false;
  std::vector<Id> lower_item_ids;  // items of the lower document linked to it
};

// One subordinate's stand on one target of its superior's document: covered (an item of a
// document it issued links up to the target), declared not applicable, or missing.
enum class Cover { kCovered, kNotApplicable, kMissing };
std::string_view CoverName(Cover cover);  // "covered", "not_applicable", "missing"

struct CoverCounts {
  int covered = 0;
  int not_applicable = 0;
  int missing = 0;
};

struct CascadeCell {
  Cover cover = Cover::kMissing;
  std::vector<Id> lower_item_ids;    // the subordinate's items linked up to the target
  std::optional<Id> declaration_id;  // its declaration, when not applicable
};

// The cascade of a document across its issuer's direct subordinates open on a day: a row per
// target (document order), a column per subordinate (by id), with the counts of each.
struct CascadeMatrix {
  Id document_id = 0;
  Id issuer_unit_id = 0;
  domain::Date as_of;
  std::vector<Id> targets;
  std::vector<Id> units;
  std::vector<CascadeCell> cells;  // target-major
  std::vector<CoverCounts> by_target;
  std::vector<CoverCounts> by_unit;

  const CascadeCell& at(size_t target, size_t unit) const {
    return cells[target * units.size() + unit];
  }
};

// The coverage of an upper document by one lower document, which speaks for its issuer: a target
// is covered by the lower document's items linked to it, or not applicable when the issuer
// declared so.
struct Coverage {
  Id upper_document_id = 0;
  Id lower_document_id = 0;
  int upper_targets = 0;
  int covered = 0;
  int not_applicable = 0;
  std::vector<CoverageEntry> entries;  // one per upper target, in document order
  std::vector<Id> uncovered;           // upper targets neither covered nor not applicable
};

// ---- The engine

class Structure;  // engine/structure.h

class Engine final {
 public:
  explicit Engine(Data data);
  ~Engine();

  // Queries. Thread-safe and lock-free: each answers from the snapshot current when it
  // starts, whatever is written meanwhile. Errors: not_found naming the unknown id,
  // invalid_argument for a period finer than the indicator's reporting period or an item
  // without a measure.
  Result<IndicatorRollup> RollupIndicator(Id indicator_id, Id unit_id, const domain::Period& period,
                                          domain::Date as_of) const;
  // The roll-up for the root and every open unit down to `max_depth` levels below it, in
  // depth-first order (siblings by id), in one pass over the numbers. Rows are not returned.
  Result<std::vector<UnitFigure>> RollupTree(Id indicator_id, Id root_unit_id,
                                             const domain::Period& period, domain::Date as_of,
                                             int max_depth) const;
  // The full recompute an analytics run does: every indicator for every period it has numbers
  // for (at its own period type; a computed indicator for its numerator's periods), for the root
  // and every unit down to `max_depth`, on `workers` threads (1–16) over one snapshot. Returns
  // what it read and gave to `sink`.
  Result<RecomputeCounts> RollupAll(Id root_unit_id, domain::Date as_of, int max_depth, int workers,
                                    const FigureSink& sink) const;
  Result<ObligationRollup> RollupObligation(Id obligation_id, Id unit_id, domain::Date as_of) const;
  // Completeness counts for the root and every open unit down to `max_depth`, depth first.
  Result<std::vector<UnitCompleteness>> CompletenessTree(Id obligation_id, Id root_unit_id,
                                                         domain::Date as_of, int max_depth) const;
  Result<TargetProgress> Progress(Id item_id, domain::Date as_of) const;
  Result<Coverage> CoverageOf(Id upper_document_id, Id lower_document_id) const;
  Result<CascadeMatrix> Cascade(Id document_id, domain::Date as_of) const;

  // The tree as of a date. not_found for an unknown unit. A unit not open on `as_of` has no
  // children, no parent and an empty path; an open unit whose parent is not open is a root.
  Result<std::vector<Id>> Children(Id unit_id, domain::Date as_of) const;
  Result<std::optional<Id>> Parent(Id unit_id, domain::Date as_of) const;
  // The unit and its ancestors up to the root, root first.
  Result<std::vector<Id>> Path(Id unit_id, domain::Date as_of) const;
  // True when `unit_id` is `ancestor_id` or below it on `as_of`.
  bool InSubtree(Id unit_id, Id ancestor_id, domain::Date as_of) const;
  // The code and short name of each unit, empty for an unknown id: labels for figures without
  // a trip to the store.
  std::vector<std::pair<std::string, std::string>> UnitLabels(std::span<const Id> unit_ids) const;

  // Updates after a committed write. A batch becomes visible to readers all at once; writers
  // are serialised among themselves and never wait for readers.
  void PutValue(const domain::Value& value);
  void PutValues(std::span<const ValueUpdate> updates);
  void PutAssignment(const domain::Assignment& assignment);
  void PutAssignments(std::span<const domain::Assignment> assignments);
  // Structural changes (units, kinds, indicators, documents, items, links, obligations):
  // replaces the model (Reset(Data) keeps the structure; Reset(loaded) takes the loaded
  // engine's model and structure as one snapshot).
  void Reset(Data data);
  void Reset(std::unique_ptr<Engine> loaded);

  // Each unit's open span and the lineage events (engine/structure.h), part of the snapshot:
  // a reader sees the model and the structure of one moment. Empty until set. Thread-safe.
  void SetStructure(std::shared_ptr<const Structure> structure);
  std::shared_ptr<const Structure> structure() const;  // never null

  // The sequence number of the current snapshot: it changes with every published write, so an
  // answer computed under one version holds for as long as the version does.
  uint64_t Version() const;

  // What the current snapshot holds: the number of current values and the bytes they take.
  size_t ValueCount() const;
  size_t ValueBytes() const;
  size_t AssignmentCount() const;

 private:
  struct State;
  std::shared_ptr<const State> Snapshot() const;

  std::mutex write_mutex_;
  std::atomic<std::shared_ptr<const State>> state_;
};

}  // namespace nq::engine
