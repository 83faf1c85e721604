// Roll-ups of an indicator over whole subtrees: one table for a tree (RollupTree) and every table
// of a full recompute (RollupAll). One answer for one unit is in indicator_rollup_one.cc.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <span>
#include <thread>

#include "common/vectorise.h"
#include "engine/rollups.h"

namespace nq::engine::internal {
namespace {

using domain::Indicator;
using domain::TimeAggregation;
using domain::UnitAggregation;

// ---- Roll-ups over a whole subtree: one pass over the numbers into per-slot columns, then
// children into parents, deepest first. The columns are plain arrays by slot (no optionals, no
// per-slot structs) so that the per-slot passes vectorise; tests compare them with a plain
// recomputation (rollup_property_test.cc).

// One table's columns by slot, reused from table to table by a full recompute. While a table
// is gathered, `value` holds each slot's aggregate (the sum, the minimum, the maximum or the
// count of yes) and `reporting` the units with a number; then `value` becomes the figure, 0
// where absent.
struct SlotColumns {
  std::vector<double> value;
  std::vector<int32_t> reporting;
  std::vector<uint8_t> has_value;
  bool computed = false;
  std::vector<double> numerator;
  std::vector<uint8_t> has_numerator;
  std::vector<double> denominator;
  std::vector<uint8_t> has_denominator;
  size_t numbers_read = 0;  // by the gathers of this table, both sides of a computed one
};

// Adds one unit's number for the period to a slot, by the unit aggregation.
void AddNumber(UnitAggregation aggregation, SlotColumns& table, uint32_t slot, double number) {
  double& into = table.value[slot];
  const bool first = table.reporting[slot] == 0;
  switch (aggregation) {
    case UnitAggregation::kMin:
      into = first ? number : std::min(into, number);
      break;
    case UnitAggregation::kMax:
      into = first ? number : std::max(into, number);
      break;
    case UnitAggregation::kCountYes:
      into += number != 0 ? 1 : 0;
      break;
    case UnitAggregation::kSum:
    case UnitAggregation::kAverage:
    case UnitAggregation::kNone:
      into += number;
      break;
  }
  ++table.reporting[slot];
}

// The one-part scan: each number of the column into its unit's slot, by `add`. A run of units
// with the same slot (units are numbered family by family, so runs are the rule) is added in a
// register, in column order, which gives the same sums as adding one number at a time.
template <typename Add>
void ScanRuns(const Column& column, const uint32_t* slot_of, double* value, int32_t* reporting,
              Add add) {
  const UnitIndex32* units = column.units.data();
  const double* numbers = column.numbers.data();
  const size_t n = column.size();
  for (size_t i = 0; i < n;) {
    const uint32_t slot = slot_of[units[i]];
    if (slot == RollupPlan::kNone) {
      ++i;
      continue;
    }
    double into = value[slot];
    int32_t count = reporting[slot];
    do {
      into = add(into, numbers[i]);
      ++count;
      ++i;
    } while (i < n && slot_of[units[i]] == slot);
    value[slot] = into;
    reporting[slot] = count;
  }
}

// Per-unit scratch for combining a unit's parts over time, reused by each thread; only the
// entries touched by one roll-up are reset after it.
struct TimeScratch {
  std::vector<double> value;
  std::vector<uint32_t> parts;  // 0: the unit has no number yet
  std::vector<UnitIndex32> touched;
};

TimeScratch& ScratchFor(size_t unit_count) {
  thread_local TimeScratch scratch;
  if (scratch.value.size() < unit_count) {
    scratch.value.assign(unit_count, 0);
    scratch.parts.assign(unit_count, 0);
  }
  return scratch;
}

// Each slot's aggregate over the units whose deepest slot it is (not yet over children), into
// `table`'s value and reporting columns, which are sized and cleared first.
void Gather(const Model& model, const RollupPlan& plan, const Indicator& indicator,
            const std::vector<Period>& parts, SlotColumns& table) {
  const size_t slots = plan.slot_unit.size();
  table.value.assign(slots, 0);
  table.reporting.assign(slots, 0);
  const UnitAggregation aggregation = indicator.unit_aggregation;
  const uint32_t* slot_of = plan.slot_of.data();
  if (aggregation == UnitAggregation::kNone) {
    // Each slot holds its own unit's number alone.
    for (size_t slot = 0; slot < slots; ++slot) {
      const auto unit = static_cast<UnitIndex32>(plan.slot_unit[slot]);
      std::vector<ValueRow> rows;
      for (const Period& part : parts) {
        const Column* column = model.Values(indicator.id, part);
        if (column == nullptr) continue;
        if (const double* number = column->Find(unit)) rows.push_back({0, part, *number});
      }
      table.numbers_read += rows.size();
      if (!rows.empty()) {
        AddNumber(aggregation, table, static_cast<uint32_t>(slot),
                  CombineOverTime(indicator.time_aggregation, rows));
      }
    }
    return;
  }
  if (parts.size() == 1) {
    // One part: every number is a different unit's whole value for the period.
    const Column* column = model.Values(indicator.id, parts.front());
    if (column == nullptr) return;
    table.numbers_read += column->size();
    double* value = table.value.data();
    int32_t* reporting = table.reporting.data();
    switch (aggregation) {
      case UnitAggregation::kSum:
      case UnitAggregation::kAverage:
        ScanRuns(*column, slot_of, value, reporting,
                 [](double into, double x) { return into + x; });
        return;
      case UnitAggregation::kCountYes:
        ScanRuns(*column, slot_of, value, reporting,
                 [](double into, double x) { return into + (x != 0 ? 1 : 0); });
        return;
      case UnitAggregation::kMin:
      case UnitAggregation::kMax:
      case UnitAggregation::kNone:
        break;
    }
    for (size_t i = 0, n = column->size(); i < n; ++i) {
      const uint32_t slot = slot_of[column->units[i]];
      if (slot != RollupPlan::kNone) AddNumber(aggregation, table, slot, column->numbers[i]);
    }
    return;
  }
  TimeScratch& scratch = ScratchFor(model.unit_count());
  const TimeAggregation time = indicator.time_aggregation;
  for (const Period& part : parts) {  // chronological: a later part is a later number
    const Column* column = model.Values(indicator.id, part);
    if (column == nullptr) continue;
    table.numbers_read += column->size();
    for (size_t i = 0, n = column->size(); i < n; ++i) {
      const UnitIndex32 unit = column->units[i];
      if (slot_of[unit] == RollupPlan::kNone) continue;
      const double number = column->numbers[i];
      if (scratch.parts[unit]++ == 0) {
        scratch.touched.push_back(unit);
        scratch.value[unit] = number;
      } else {
        scratch.value[unit] =
            time == TimeAggregation::kLast ? number : scratch.value[unit] + number;
      }
    }
  }
  for (UnitIndex32 unit : scratch.touched) {
    double value = scratch.value[unit];
    if (time == TimeAggregation::kAverage) value /= scratch.parts[unit];
    AddNumber(aggregation, table, slot_of[unit], value);
    scratch.parts[unit] = 0;
  }
  scratch.touched.clear();
}

// Adds every slot's aggregate into its parent's, deepest slots first (a slot comes after its
// parent in depth-first order). For sums: siblings follow each other, so a run of slots with
// the same parent is added in a register, in the same order as one at a time.
void MergeUp(const RollupPlan& plan, UnitAggregation aggregation, SlotColumns& table) {
  const size_t slots = plan.slot_parent.size();
  if (slots < 2 || aggregation == UnitAggregation::kNone) return;
  double* value = table.value.data();
  int32_t* reporting = table.reporting.data();
  const uint32_t* parent = plan.slot_parent.data();
  if (aggregation == UnitAggregation::kSum || aggregation == UnitAggregation::kCountYes) {
    uint32_t into = parent[slots - 1];
    double sum = value[into];
    int32_t count = reporting[into];
    for (size_t slot = slots - 1; slot >= 1; --slot) {
      if (parent[slot] != into) {  // also met before a slot is read as its parents' child
        value[into] = sum;
        reporting[into] = count;
        into = parent[slot];
        sum = value[into];
        count = reporting[into];
      }
      sum += value[slot];
      count += reporting[slot];
    }
    value[into] = sum;
    reporting[into] = count;
    return;
  }
  for (size_t slot = slots - 1; slot >= 1; --slot) {
    if (reporting[slot] == 0) continue;
    const uint32_t into = parent[slot];
    const bool first = reporting[into] == 0;
    switch (aggregation) {
      case UnitAggregation::kMin:
        value[into] = first ? value[slot] : std::min(value[into], value[slot]);
        break;
      case UnitAggregation::kMax:
        value[into] = first ? value[slot] : std::max(value[into], value[slot]);
        break;
      default:
        value[into] += value[slot];
        break;
    }
    reporting[into] += reporting[slot];
  }
}

// Turns each slot's aggregate into its figure: absent (0) where no unit reported.
NQ_VECTOR_CLONES void Finish(UnitAggregation aggregation, SlotColumns& table) {
  const size_t slots = table.value.size();
  table.has_value.resize(slots);
  double* value = table.value.data();
  const int32_t* reporting = table.reporting.data();
  uint8_t* has_value = table.has_value.data();
  if (aggregation == UnitAggregation::kAverage) {
    for (size_t slot = 0; slot < slots; ++slot) {
      const bool has = reporting[slot] != 0;
      const double mean = value[slot] / (has ? reporting[slot] : 1);
      value[slot] = has ? mean : 0;
      has_value[slot] = has;
    }
    return;
  }
  for (size_t slot = 0; slot < slots; ++slot) {
    const bool has = reporting[slot] != 0;
    value[slot] = has ? value[slot] : 0;
    has_value[slot] = has;
  }
}

// A stored indicator's figures for one period over the plan's slots, into `table`.
void FillStored(const Model& model, const RollupPlan& plan, const Indicator& indicator,
                const Period& period, SlotColumns& table) {
  table.computed = false;
  Gather(model, plan, indicator, period.Split(indicator.period_type), table);
  MergeUp(plan, indicator.unit_aggregation, table);
  Finish(indicator.unit_aggregation, table);
}

// Turns the numerator's figures in `table` into the computed indicator's, given the
// denominator's (whose value columns are taken).
NQ_VECTOR_CLONES void Divide(const Indicator& indicator, SlotColumns& table,
                             SlotColumns& denominators) {
  table.computed = true;
  table.numerator.swap(table.value);
  table.has_numerator.swap(table.has_value);
  table.denominator.swap(denominators.value);
  table.has_denominator.swap(denominators.has_value);
  table.numbers_read += denominators.numbers_read;
  const size_t slots = table.numerator.size();
  table.value.resize(slots);
  table.has_value.resize(slots);
  const double* numerator = table.numerator.data();
  const double* denominator = table.denominator.data();
  const uint8_t* has_numerator = table.has_numerator.data();
  const uint8_t* has_denominator = table.has_denominator.data();
  double* value = table.value.data();
  uint8_t* has_value = table.has_value.data();
  const double factor = indicator.factor;
  for (size_t slot = 0; slot < slots; ++slot) {
    const bool has = (has_numerator[slot] & has_denominator[slot] & (denominator[slot] != 0)) != 0;
    const double quotient = numerator[slot] / (has ? denominator[slot] : 1) * factor;
    value[slot] = has ? quotient : 0;
    has_value[slot] = has;
  }
}

Status CheckComputed(const Indicator& indicator, int depth) {
  if (depth >= kMaxComputedDepth) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "indicator \"{}\" is computed from itself through {} levels", indicator.code,
                     depth);
  }
  if (!indicator.denominator_id) {
    return MakeError(ErrorCode::kFailedPrecondition, "computed indicator \"{}\" has no denominator",
                     indicator.code);
  }
  return Ok();
}

Status CheckPeriod(const Indicator& indicator, const Period& period) {
  if (period.type() < indicator.period_type) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "indicator \"{}\" is reported by {}; period \"{}\" is finer", indicator.code,
                     domain::PeriodTypeName(indicator.period_type), period.ToString());
  }
  return Ok();
}

// Buffers for one table and the denominators of each level of computed definitions.
struct TableBuffers {
  SlotColumns table;
  std::array<SlotColumns, kMaxComputedDepth> denominators;
};

// Any indicator's figures for one period into `out`; `depth` levels of computed definitions
// above it, whose denominators are in `buffers.denominators[depth…]`.
Status FillTable(const Model& model, const RollupPlan& plan, Id indicator_id, const Period& period,
                 int depth, SlotColumns& out, TableBuffers& buffers) {
  const Indicator* indicator = model.FindIndicator(indicator_id);
  if (indicator == nullptr) {
    return MakeError(ErrorCode::kNotFound, "indicator {} not found", indicator_id);
  }
  if (indicator->computed()) {
    NQ_RETURN_IF_ERROR(CheckComputed(*indicator, depth));
    out.numbers_read = 0;
    NQ_RETURN_IF_ERROR(
        FillTable(model, plan, *indicator->numerator_id, period, depth + 1, out, buffers));
    SlotColumns& denominators = buffers.denominators[static_cast<size_t>(depth)];
    denominators.numbers_read = 0;
    NQ_RETURN_IF_ERROR(FillTable(model, plan, *indicator->denominator_id, period, depth + 1,
                                 denominators, buffers));
    Divide(*indicator, out, denominators);
    return Ok();
  }
  NQ_RETURN_IF_ERROR(CheckPeriod(*indicator, period));
  FillStored(model, plan, *indicator, period, out);
  return Ok();
}

FigureColumns ColumnsOf(const RollupPlan& plan, const SlotColumns& table) {
  FigureColumns columns;
  columns.unit_id = plan.slot_id;
  columns.depth = plan.slot_depth;
  columns.units_in_subtree = plan.slot_size;
  columns.units_reporting = table.reporting;
  columns.value = table.value;
  columns.has_value = table.has_value;
  if (table.computed) {
    columns.numerator = table.numerator;
    columns.has_numerator = table.has_numerator;
    columns.denominator = table.denominator;
    columns.has_denominator = table.has_denominator;
  }
  return columns;
}

}  // namespace

}  // namespace nq::engine::internal

namespace nq::engine {

UnitFigure FigureColumns::at(size_t slot) const {
  UnitFigure figure;
  figure.unit_id = unit_id[slot];
  figure.depth = depth[slot];
  if (has_value[slot]) figure.value = value[slot];
  if (!numerator.empty() && has_numerator[slot]) figure.numerator = numerator[slot];
  if (!denominator.empty() && has_denominator[slot]) figure.denominator = denominator[slot];
  figure.units_reporting = units_reporting[slot];
  figure.units_in_subtree = static_cast<int>(units_in_subtree[slot]);
  return figure;
}

}  // namespace nq::engine

namespace nq::engine::internal {

Result<std::vector<UnitFigure>> RollupTree(const Model& model, Id indicator_id, Id root_unit_id,
                                           const Period& period, Date as_of, int max_depth) {
  auto root = model.UnitIndex(root_unit_id);
  if (!root) return MakeError(ErrorCode::kNotFound, "unit {} not found", root_unit_id);
  if (max_depth < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "depth {} is negative", max_depth);
  }
  const std::shared_ptr<const RollupPlan> plan = model.PlanAt(as_of, *root, max_depth);
  TableBuffers buffers;
  NQ_RETURN_IF_ERROR(FillTable(model, *plan, indicator_id, period, 0, buffers.table, buffers));
  const FigureColumns columns = ColumnsOf(*plan, buffers.table);
  std::vector<UnitFigure> figures;
  figures.reserve(columns.size());
  for (size_t slot = 0; slot < columns.size(); ++slot) figures.push_back(columns.at(slot));
  return figures;
}

}  // namespace nq::engine::internal

namespace nq::engine::internal {
namespace {

// One table of a full recompute.
struct Job {
  size_t indicator = 0;  // index
  Period period = Period::Year(2021);
};

// Every (indicator, period) a full recompute answers: the periods of each stored indicator's
// columns, and of a computed indicator's numerator, at the indicator's own period type.
std::vector<Job> AllJobs(const Model& model) {
  std::vector<Job> jobs;
  for (size_t index = 0; index < model.indicator_count(); ++index) {
    const Indicator& indicator = model.indicator(index);
    size_t source = index;
    if (indicator.computed()) {
      auto numerator = model.IndicatorIndex(*indicator.numerator_id);
      if (!numerator) continue;
      source = *numerator;
    }
    const PeriodColumns* columns = model.PeriodsOf(source);
    if (columns == nullptr) continue;
    std::vector<Period> periods;
    for (const auto& [period, column] : *columns) {
      if (period.type() > indicator.period_type) continue;  // coarser than the indicator's
      periods.push_back(Period::Containing(indicator.period_type, period.start()));
    }
    periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
    for (const Period& period : periods) jobs.push_back({index, period});
  }
  return jobs;
}

// A unit of work of a full recompute: one table, or a computed indicator's table with the
// tables of its two stored sides for the same period, which it divides without reading their
// numbers a second time.
struct Task {
  size_t job = 0;
  bool plain = false;  // the sides (or the indicator itself) are stored: the lean path
  const Indicator* numerator = nullptr;  // the indicator itself when stored
  const Indicator* denominator = nullptr;
  bool with_sides = false;
  size_t numerator_job = 0;
  size_t denominator_job = 0;
};

std::vector<Task> Tasks(const Model& model, const std::vector<Job>& jobs) {
  std::map<std::pair<size_t, Period>, size_t> job_of;
  for (size_t index = 0; index < jobs.size(); ++index) {
    job_of[{jobs[index].indicator, jobs[index].period}] = index;
  }
  std::vector<Task> tasks(jobs.size());
  std::vector<bool> taken(jobs.size(), false);  // done with a computed indicator's task
  for (size_t index = 0; index < jobs.size(); ++index) {
    Task& task = tasks[index];
    task.job = index;
    const Indicator& indicator = model.indicator(jobs[index].indicator);
    if (!indicator.computed()) {
      task.plain = true;
      task.numerator = &indicator;
      continue;
    }
    task.numerator = model.FindIndicator(*indicator.numerator_id);
    task.denominator =
        indicator.denominator_id ? model.FindIndicator(*indicator.denominator_id) : nullptr;
    task.plain = task.numerator != nullptr && !task.numerator->computed() &&
                 task.denominator != nullptr && !task.denominator->computed();
    if (!task.plain) continue;
    auto numerator = job_of.find({*model.IndicatorIndex(task.numerator->id), jobs[index].period});
    auto denominator =
        job_of.find({*model.IndicatorIndex(task.denominator->id), jobs[index].period});
    if (numerator == job_of.end() || denominator == job_of.end() ||
        numerator->second == denominator->second || taken[numerator->second] ||
        taken[denominator->second]) {
      continue;
    }
    task.with_sides = true;
    task.numerator_job = numerator->second;
    task.denominator_job = denominator->second;
    taken[numerator->second] = taken[denominator->second] = true;
  }
  std::vector<Task> kept;
  for (size_t index = 0; index < jobs.size(); ++index) {
    if (!taken[index]) kept.push_back(tasks[index]);
  }
  return kept;
}

}  // namespace

Result<RecomputeCounts> RollupAll(const Model& model, Id root_unit_id, Date as_of, int max_depth,
                                  int workers, const FigureSink& sink) {
  auto root = model.UnitIndex(root_unit_id);
  if (!root) return MakeError(ErrorCode::kNotFound, "unit {} not found", root_unit_id);
  if (max_depth < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "depth {} is negative", max_depth);
  }
  if (workers < 1 || workers > 16) {
    return MakeError(ErrorCode::kInvalidArgument, "workers {} is not from 1 to 16", workers);
  }
  const std::shared_ptr<const RollupPlan> plan = model.PlanAt(as_of, *root, max_depth);
  const std::vector<Job> jobs = AllJobs(model);
  const std::vector<Task> tasks = Tasks(model, jobs);
  // Tables differ in size (a monthly indicator of every grassroots organisation against a
  // yearly one of the provinces): each worker takes the next task when it is done with one.
  std::atomic<size_t> next_task = 0;
  std::vector<Status> failures(static_cast<size_t>(workers), Ok());
  std::vector<RecomputeCounts> counts(static_cast<size_t>(workers));
  auto work = [&](int worker) {
    TableBuffers buffers;
    SlotColumns& table = buffers.table;
    RecomputeCounts& done = counts[static_cast<size_t>(worker)];
    auto give = [&](const Job& job, const SlotColumns& filled) {
      sink(worker, model.indicator(job.indicator).id, job.period, ColumnsOf(*plan, filled));
      ++done.tables;
      done.figures += filled.value.size();
      done.numbers_read += filled.numbers_read;
    };
    for (size_t next = next_task++; next < tasks.size(); next = next_task++) {
      const Task& task = tasks[next];
      const Job& job = jobs[task.job];
      const Indicator& indicator = model.indicator(job.indicator);
      table.numbers_read = 0;
      if (task.with_sides) {
        // The sides' own tables first, then the quotient from them without reading again.
        SlotColumns& denominators = buffers.denominators[0];
        denominators.numbers_read = 0;
        FillStored(model, *plan, *task.numerator, job.period, table);
        give(jobs[task.numerator_job], table);
        FillStored(model, *plan, *task.denominator, job.period, denominators);
        give(jobs[task.denominator_job], denominators);
        Divide(indicator, table, denominators);
        table.numbers_read = 0;
        give(job, table);
        continue;
      }
      if (task.plain) {
        FillStored(model, *plan, *task.numerator, job.period, table);
        if (indicator.computed()) {
          SlotColumns& denominators = buffers.denominators[0];
          denominators.numbers_read = 0;
          FillStored(model, *plan, *task.denominator, job.period, denominators);
          Divide(indicator, table, denominators);
        }
      } else if (Status filled =
                     FillTable(model, *plan, indicator.id, job.period, 0, table, buffers);
                 !filled) {
        // Deeper definitions take the general path.
        failures[static_cast<size_t>(worker)] = filled;
        return;
      }
      give(job, table);
    }
  };
  if (workers == 1) {
    work(0);
  } else {
    std::vector<std::jthread> threads;
    for (int worker = 0; worker < workers; ++worker) threads.emplace_back(work, worker);
  }
  for (const Status& failure : failures) NQ_RETURN_IF_ERROR(failure);
  RecomputeCounts total;
  for (const RecomputeCounts& part : counts) {
    total.tables += part.tables;
    total.figures += part.figures;
    total.numbers_read += part.numbers_read;
  }
  total.bytes_read = total.numbers_read * (sizeof(UnitIndex32) + sizeof(double));
  return total;
}

}  // namespace nq::engine::internal
