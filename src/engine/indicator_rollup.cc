// Roll-up of an indicator over a unit's subtree: per unit over time, then across units.
#include <algorithm>
#include <span>
#include <thread>

#include "engine/rollups.h"

namespace nq::engine::internal {
namespace {

using domain::Indicator;
using domain::TimeAggregation;
using domain::UnitAggregation;

// A computed indicator may be built from computed ones; deeper than this is a definition loop.
constexpr int kMaxComputedDepth = 8;

// The raw rows of the parts of the period for the units in `unit`'s subtree (or `unit` alone),
// by unit id then period. Walks whichever is smaller: the subtree or the reported values.
std::vector<ValueRow> CollectRows(const Model& model, const Tree& tree, const Indicator& indicator,
                                  size_t unit, bool unit_only, const std::vector<Period>& parts) {
  std::vector<ValueRow> rows;
  std::span<const size_t> members = tree.Subtree(unit);
  if (members.empty()) return rows;
  for (const Period& part : parts) {
    const Column* column = model.Values(indicator.id, part);
    if (column == nullptr) continue;
    if (unit_only) {
      if (const double* number = column->Find(static_cast<UnitIndex32>(unit))) {
        rows.push_back({model.unit(unit).id, part, *number});
      }
      continue;
    }
    if (column->size() < members.size()) {
      for (size_t i = 0; i < column->size(); ++i) {
        if (tree.Contains(unit, column->units[i])) {
          rows.push_back({model.unit(column->units[i]).id, part, column->numbers[i]});
        }
      }
      continue;
    }
    for (size_t member : members) {
      if (const double* number = column->Find(static_cast<UnitIndex32>(member))) {
        rows.push_back({model.unit(member).id, part, *number});
      }
    }
  }
  std::sort(rows.begin(), rows.end(), [](const ValueRow& a, const ValueRow& b) {
    return a.unit_id != b.unit_id ? a.unit_id < b.unit_id : a.period < b.period;
  });
  return rows;
}

// One unit's rows, in period order, combined over time. `last` uses only the latest row.
double CombineOverTime(TimeAggregation aggregation, std::span<const ValueRow> rows) {
  if (aggregation == TimeAggregation::kLast) return rows.back().number;
  double sum = 0;
  for (const ValueRow& row : rows) sum += row.number;
  if (aggregation == TimeAggregation::kAverage) return sum / static_cast<double>(rows.size());
  return sum;
}

// The units' values combined into one; absent when no unit has a value.
std::optional<double> CombineUnits(UnitAggregation aggregation, const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  double sum = 0;
  for (double value : values) sum += value;
  switch (aggregation) {
    case UnitAggregation::kSum:
    case UnitAggregation::kNone:  // only the unit's own value was collected
      return sum;
    case UnitAggregation::kAverage:
      return sum / static_cast<double>(values.size());
    case UnitAggregation::kMin:
      return *std::min_element(values.begin(), values.end());
    case UnitAggregation::kMax:
      return *std::max_element(values.begin(), values.end());
    case UnitAggregation::kCountYes:
      return static_cast<double>(
          std::count_if(values.begin(), values.end(), [](double value) { return value != 0; }));
  }
  return std::nullopt;
}

Result<IndicatorRollup> Rollup(const Model& model, Id indicator_id, size_t unit,
                               const Period& period, Date as_of, int depth);

// numerator / denominator × factor, each side rolled up by its own rules.
Result<IndicatorRollup> RollupComputed(const Model& model, const Indicator& indicator, size_t unit,
                                       const Period& period, Date as_of, int depth) {
  if (depth >= kMaxComputedDepth) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "indicator \"{}\" is computed from itself through {} levels", indicator.code,
                     depth);
  }
  NQ_TRY(IndicatorRollup numerator,
         Rollup(model, *indicator.numerator_id, unit, period, as_of, depth + 1));
  if (!indicator.denominator_id) {
    return MakeError(ErrorCode::kFailedPrecondition, "computed indicator \"{}\" has no denominator",
                     indicator.code);
  }
  NQ_TRY(IndicatorRollup denominator,
         Rollup(model, *indicator.denominator_id, unit, period, as_of, depth + 1));
  IndicatorRollup result;
  result.indicator_id = indicator.id;
  result.unit_id = model.unit(unit).id;
  result.period = period;
  result.numerator = numerator.value;
  result.denominator = denominator.value;
  result.units_reporting = numerator.units_reporting;
  result.units_in_subtree = numerator.units_in_subtree;
  if (numerator.value && denominator.value && *denominator.value != 0) {
    result.value = *numerator.value / *denominator.value * indicator.factor;
  }
  return result;
}

Result<IndicatorRollup> Rollup(const Model& model, Id indicator_id, size_t unit,
                               const Period& period, Date as_of, int depth) {
  const Indicator* indicator = model.FindIndicator(indicator_id);
  if (indicator == nullptr) {
    return MakeError(ErrorCode::kNotFound, "indicator {} not found", indicator_id);
  }
  if (indicator->computed()) return RollupComputed(model, *indicator, unit, period, as_of, depth);
  if (period.type() < indicator->period_type) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "indicator \"{}\" is reported by {}; period \"{}\" is finer", indicator->code,
                     domain::PeriodTypeName(indicator->period_type), period.ToString());
  }

  const std::shared_ptr<const Tree> tree = model.TreeAt(as_of);
  const bool unit_only = indicator->unit_aggregation == UnitAggregation::kNone;
  std::vector<ValueRow> rows =
      CollectRows(model, *tree, *indicator, unit, unit_only, period.Split(indicator->period_type));

  // Rows come grouped by unit; each group becomes the unit's value for the period.
  IndicatorRollup result;
  result.indicator_id = indicator->id;
  result.unit_id = model.unit(unit).id;
  result.period = period;
  result.units_in_subtree = static_cast<int>(tree->Subtree(unit).size());
  std::vector<double> unit_values;
  for (auto first = rows.begin(); first != rows.end();) {
    auto last = std::find_if(first, rows.end(),
                             [&](const ValueRow& row) { return row.unit_id != first->unit_id; });
    const std::span<const ValueRow> group(first, last);
    unit_values.push_back(CombineOverTime(indicator->time_aggregation, group));
    if (indicator->time_aggregation == TimeAggregation::kLast) {
      result.rows.push_back(group.back());
    } else {
      result.rows.insert(result.rows.end(), group.begin(), group.end());
    }
    first = last;
  }
  result.value = CombineUnits(indicator->unit_aggregation, unit_values);
  result.units_reporting = static_cast<int>(unit_values.size());
  return result;
}

// ---- Roll-ups over a whole subtree: one pass over the numbers into per-slot accumulators,
// then children into parents, deepest first.

// What a slot gathers of the units' numbers, enough for every unit aggregation.
struct Accumulator {
  double sum = 0;
  double min = 0;
  double max = 0;
  int count = 0;  // units with a number
  int yes = 0;    // units whose number is not 0
  void Add(double number) {
    min = count == 0 ? number : std::min(min, number);
    max = count == 0 ? number : std::max(max, number);
    sum += number;
    ++count;
    yes += number != 0 ? 1 : 0;
  }
  void Merge(const Accumulator& other) {
    if (other.count == 0) return;
    min = count == 0 ? other.min : std::min(min, other.min);
    max = count == 0 ? other.max : std::max(max, other.max);
    sum += other.sum;
    count += other.count;
    yes += other.yes;
  }
  std::optional<double> Value(UnitAggregation aggregation) const {
    if (count == 0) return std::nullopt;
    switch (aggregation) {
      case UnitAggregation::kSum:
      case UnitAggregation::kNone:
        return sum;
      case UnitAggregation::kAverage:
        return sum / count;
      case UnitAggregation::kMin:
        return min;
      case UnitAggregation::kMax:
        return max;
      case UnitAggregation::kCountYes:
        return static_cast<double>(yes);
    }
    return std::nullopt;
  }
};

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

// Each slot's accumulator over the units whose deepest slot it is (not yet over children),
// into `slots`, which is resized and cleared first.
void Gather(const Model& model, const RollupPlan& plan, const Indicator& indicator,
            const std::vector<Period>& parts, std::vector<Accumulator>& slots) {
  slots.assign(plan.slot_unit.size(), Accumulator{});
  const uint32_t* slot_of = plan.slot_of.data();
  if (indicator.unit_aggregation == UnitAggregation::kNone) {
    // Each slot holds its own unit's number alone.
    for (size_t slot = 0; slot < slots.size(); ++slot) {
      const auto unit = static_cast<UnitIndex32>(plan.slot_unit[slot]);
      std::vector<ValueRow> rows;
      for (const Period& part : parts) {
        const Column* column = model.Values(indicator.id, part);
        if (column == nullptr) continue;
        if (const double* number = column->Find(unit)) rows.push_back({0, part, *number});
      }
      if (!rows.empty()) slots[slot].Add(CombineOverTime(indicator.time_aggregation, rows));
    }
    return;
  }
  if (parts.size() == 1) {
    // One part: every number is a different unit's whole value for the period.
    const Column* column = model.Values(indicator.id, parts.front());
    if (column == nullptr) return;
    const UnitIndex32* units = column->units.data();
    const double* numbers = column->numbers.data();
    if (indicator.unit_aggregation == UnitAggregation::kSum) {
      // The common case, kept to what a sum needs: the total and how many units gave one.
      for (size_t i = 0, n = column->size(); i < n; ++i) {
        const uint32_t slot = slot_of[units[i]];
        if (slot == RollupPlan::kNone) continue;
        slots[slot].sum += numbers[i];
        ++slots[slot].count;
      }
      return;
    }
    for (size_t i = 0, n = column->size(); i < n; ++i) {
      const uint32_t slot = slot_of[units[i]];
      if (slot != RollupPlan::kNone) slots[slot].Add(numbers[i]);
    }
    return;
  }
  TimeScratch& scratch = ScratchFor(model.unit_count());
  const TimeAggregation time = indicator.time_aggregation;
  for (const Period& part : parts) {  // chronological: a later part is a later number
    const Column* column = model.Values(indicator.id, part);
    if (column == nullptr) continue;
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
    slots[slot_of[unit]].Add(value);
    scratch.parts[unit] = 0;
  }
  scratch.touched.clear();
}

// A stored indicator's figures for one period over the plan's slots, into `figures`; `slots`
// is scratch. Both are reused across calls by a full recompute.
void FillFigures(const Model& model, const RollupPlan& plan, const Indicator& indicator,
                 const Period& period, std::vector<Accumulator>& slots,
                 std::vector<UnitFigure>& figures) {
  Gather(model, plan, indicator, period.Split(indicator.period_type), slots);
  if (indicator.unit_aggregation != UnitAggregation::kNone) {
    if (indicator.unit_aggregation == UnitAggregation::kSum) {
      for (size_t slot = slots.size(); slot-- > 1;) {
        Accumulator& parent = slots[plan.slot_parent[slot]];
        parent.sum += slots[slot].sum;
        parent.count += slots[slot].count;
      }
    } else {
      for (size_t slot = slots.size(); slot-- > 1;) {
        slots[plan.slot_parent[slot]].Merge(slots[slot]);
      }
    }
  }
  figures.resize(slots.size());
  for (size_t slot = 0; slot < slots.size(); ++slot) {
    UnitFigure& figure = figures[slot];
    figure.unit_id = plan.slot_id[slot];
    figure.depth = plan.slot_depth[slot];
    figure.value = slots[slot].Value(indicator.unit_aggregation);
    figure.numerator.reset();
    figure.denominator.reset();
    figure.units_reporting = slots[slot].count;
    figure.units_in_subtree = static_cast<int>(plan.slot_size[slot]);
  }
}

// Turns the numerator's figures into the computed indicator's, given the denominator's.
void Divide(const Indicator& indicator, std::vector<UnitFigure>& figures,
            const std::vector<UnitFigure>& denominators) {
  for (size_t slot = 0; slot < figures.size(); ++slot) {
    UnitFigure& figure = figures[slot];
    figure.numerator = figure.value;
    figure.denominator = denominators[slot].value;
    figure.value.reset();
    if (figure.numerator && figure.denominator && *figure.denominator != 0) {
      figure.value = *figure.numerator / *figure.denominator * indicator.factor;
    }
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

Result<std::vector<UnitFigure>> TreeRollup(const Model& model, const RollupPlan& plan,
                                           Id indicator_id, const Period& period, int depth) {
  const Indicator* indicator = model.FindIndicator(indicator_id);
  if (indicator == nullptr) {
    return MakeError(ErrorCode::kNotFound, "indicator {} not found", indicator_id);
  }
  if (indicator->computed()) {
    NQ_RETURN_IF_ERROR(CheckComputed(*indicator, depth));
    NQ_TRY(std::vector<UnitFigure> figures,
           TreeRollup(model, plan, *indicator->numerator_id, period, depth + 1));
    NQ_TRY(std::vector<UnitFigure> denominators,
           TreeRollup(model, plan, *indicator->denominator_id, period, depth + 1));
    Divide(*indicator, figures, denominators);
    return figures;
  }
  NQ_RETURN_IF_ERROR(CheckPeriod(*indicator, period));
  std::vector<Accumulator> slots;
  std::vector<UnitFigure> figures;
  FillFigures(model, plan, *indicator, period, slots, figures);
  return figures;
}

}  // namespace

Result<IndicatorRollup> RollupIndicator(const Model& model, Id indicator_id, Id unit_id,
                                        const Period& period, Date as_of) {
  auto unit = model.UnitIndex(unit_id);
  if (!unit) return MakeError(ErrorCode::kNotFound, "unit {} not found", unit_id);
  return Rollup(model, indicator_id, *unit, period, as_of, 0);
}

}  // namespace nq::engine::internal

namespace nq::engine::internal {

Result<std::vector<UnitFigure>> RollupTree(const Model& model, Id indicator_id, Id root_unit_id,
                                           const Period& period, Date as_of, int max_depth) {
  auto root = model.UnitIndex(root_unit_id);
  if (!root) return MakeError(ErrorCode::kNotFound, "unit {} not found", root_unit_id);
  if (max_depth < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "depth {} is negative", max_depth);
  }
  return TreeRollup(model, *model.PlanAt(as_of, *root, max_depth), indicator_id, period, 0);
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

}  // namespace

Result<size_t> RollupAll(const Model& model, Id root_unit_id, Date as_of, int max_depth,
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
  std::vector<Status> failures(static_cast<size_t>(workers), Ok());
  auto work = [&](int worker) {
    std::vector<Accumulator> slots;
    std::vector<UnitFigure> figures;
    std::vector<UnitFigure> denominators;
    for (size_t next = static_cast<size_t>(worker); next < jobs.size();
         next += static_cast<size_t>(workers)) {
      const Job& job = jobs[next];
      const Indicator& indicator = model.indicator(job.indicator);
      const Indicator* numerator =
          indicator.computed() ? model.FindIndicator(*indicator.numerator_id) : &indicator;
      const Indicator* denominator = indicator.computed() && indicator.denominator_id
                                         ? model.FindIndicator(*indicator.denominator_id)
                                         : nullptr;
      const bool plain_parts =
          numerator != nullptr && !numerator->computed() &&
          (!indicator.computed() || (denominator != nullptr && !denominator->computed()));
      if (!plain_parts) {
        // Deeper definitions take the general path.
        auto general = TreeRollup(model, *plan, indicator.id, job.period, 0);
        if (!general) {
          failures[static_cast<size_t>(worker)] = std::unexpected(general.error());
          return;
        }
        sink(worker, indicator.id, job.period, *general);
        continue;
      }
      FillFigures(model, *plan, *numerator, job.period, slots, figures);
      if (indicator.computed()) {
        FillFigures(model, *plan, *denominator, job.period, slots, denominators);
        Divide(indicator, figures, denominators);
      }
      sink(worker, indicator.id, job.period, figures);
    }
  };
  if (workers == 1) {
    work(0);
  } else {
    std::vector<std::jthread> threads;
    for (int worker = 0; worker < workers; ++worker) threads.emplace_back(work, worker);
  }
  for (const Status& failure : failures) NQ_RETURN_IF_ERROR(failure);
  return jobs.size();
}

}  // namespace nq::engine::internal
