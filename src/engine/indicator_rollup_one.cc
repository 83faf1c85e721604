// Roll-up of an indicator over a unit's subtree for one answer: per unit over time, then across
// units (RollupIndicator). The whole-subtree and full-recompute roll-ups are in
// indicator_rollup.cc.
#include <algorithm>
#include <map>
#include <span>

#include "engine/rollups.h"

namespace nq::engine::internal {

// One unit's rows, in period order, combined over time. `last` uses only the latest row.
double CombineOverTime(domain::TimeAggregation aggregation, std::span<const ValueRow> rows) {
  if (aggregation == domain::TimeAggregation::kLast) return rows.back().number;
  double sum = 0;
  for (const ValueRow& row : rows) sum += row.number;
  if (aggregation == domain::TimeAggregation::kAverage)
    return sum / static_cast<double>(rows.size());
  return sum;
}

namespace {

using domain::Indicator;
using domain::TimeAggregation;
using domain::UnitAggregation;

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

}  // namespace

Result<IndicatorRollup> RollupIndicator(const Model& model, Id indicator_id, Id unit_id,
                                        const Period& period, Date as_of) {
  auto unit = model.UnitIndex(unit_id);
  if (!unit) return MakeError(ErrorCode::kNotFound, "unit {} not found", unit_id);
  return Rollup(model, indicator_id, *unit, period, as_of, 0);
}

}  // namespace nq::engine::internal
