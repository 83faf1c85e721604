#include "engine/comparable.h"

#include <algorithm>
#include <set>

#include "engine/structure.h"

namespace nq::engine {
namespace {

using domain::Indicator;
using domain::Period;
using domain::UnitAggregation;

// One unit's own roll-up for the period.
struct Part {
  Id unit_id = 0;
  IndicatorRollup rollup;
  bool predecessor = false;
};

class SeriesBuilder final {
 public:
  SeriesBuilder(const Engine& engine, const Indicator& indicator)
      : engine_(engine), indicator_(indicator), structure_(engine.structure()) {}

  Result<ComparablePoint> Point(Id unit_id, const Period& period, bool comparable) {
    std::vector<Part> parts;
    std::set<Id> visited;
    NQ_RETURN_IF_ERROR(Collect(unit_id, period, comparable, false, parts, visited));
    return Combine(period, parts);
  }

 private:
  // The unit's own roll-up, if it was open during the period and someone reported.
  Result<std::optional<IndicatorRollup>> Own(Id unit_id, const Period& period) {
    const domain::Validity* validity = structure_->ValidityOf(unit_id);
    Date as_of = period.end();
    if (validity != nullptr) {
      if (validity->valid_from > period.end()) return std::optional<IndicatorRollup>();
      if (validity->valid_to && *validity->valid_to < period.start()) {
        return std::optional<IndicatorRollup>();
      }
      if (validity->valid_to) as_of = std::min(as_of, *validity->valid_to);
    }
    NQ_TRY(IndicatorRollup rollup, engine_.RollupIndicator(indicator_.id, unit_id, period, as_of));
    if (rollup.units_reporting == 0 || !rollup.value) return std::optional<IndicatorRollup>();
    return std::optional<IndicatorRollup>(std::move(rollup));
  }

  // The unit's own part and, for a comparable series, those of the units merged whole into it
  // after the period began (and, in turn, theirs). Flows (summed over time) add up; a state
  // the unit reported after absorbing a predecessor already stands for both.
  Status Collect(Id unit_id, const Period& period, bool comparable, bool predecessor,
                 std::vector<Part>& parts, std::set<Id>& visited) {
    if (!visited.insert(unit_id).second) return Ok();  // a lineage cycle: count each unit once
    NQ_TRY(auto own, Own(unit_id, period));
    if (own) parts.push_back({unit_id, std::move(*own), predecessor});
    if (!comparable) return Ok();
    const bool state = indicator_.time_aggregation != domain::TimeAggregation::kSum;
    for (const Predecessor& before : structure_->WholePredecessors(unit_id)) {
      if (before.date <= period.start()) continue;
      // The unit's own state at the end of a period it absorbed the predecessor in already
      // covers the predecessor.
      if (own && state && period.end() >= before.date) continue;
      NQ_RETURN_IF_ERROR(Collect(before.unit_id, period, true, true, parts, visited));
    }
    return Ok();
  }

  ComparablePoint Combine(const Period& period, const std::vector<Part>& parts) const {
    ComparablePoint point;
    point.period = period;
    for (const Part& part : parts) {
      point.from_unit_ids.push_back(part.unit_id);
      point.units_reporting += part.rollup.units_reporting;
      point.rebuilt = point.rebuilt || part.predecessor;
    }
    std::sort(point.from_unit_ids.begin(), point.from_unit_ids.end());
    if (parts.empty()) return point;
    if (parts.size() == 1) {
      point.value = parts.front().rollup.value;
      point.numerator = parts.front().rollup.numerator;
      point.denominator = parts.front().rollup.denominator;
      return point;
    }
    if (indicator_.computed()) {
      double numerator = 0;
      double denominator = 0;
      for (const Part& part : parts) {
        numerator += part.rollup.numerator.value_or(0);
        denominator += part.rollup.denominator.value_or(0);
      }
      point.numerator = numerator;
      point.denominator = denominator;
      if (denominator != 0) point.value = numerator / denominator * indicator_.factor;
      return point;
    }
    switch (indicator_.unit_aggregation) {
      case UnitAggregation::kSum:
      case UnitAggregation::kCountYes: {
        double sum = 0;
        for (const Part& part : parts) sum += *part.rollup.value;
        point.value = sum;
        return point;
      }
      case UnitAggregation::kAverage: {
        double weighted = 0;
        for (const Part& part : parts) weighted += *part.rollup.value * part.rollup.units_reporting;
        point.value = weighted / point.units_reporting;
        return point;
      }
      case UnitAggregation::kMin:
      case UnitAggregation::kMax: {
        auto less = [](const Part& a, const Part& b) { return *a.rollup.value < *b.rollup.value; };
        auto it = indicator_.unit_aggregation == UnitAggregation::kMin
                      ? std::min_element(parts.begin(), parts.end(), less)
                      : std::max_element(parts.begin(), parts.end(), less);
        point.value = it->rollup.value;
        return point;
      }
      case UnitAggregation::kNone:
        break;
    }
    point.note = ComparableNote::kDoesNotCombine;
    return point;
  }

  const Engine& engine_;
  const Indicator& indicator_;
  std::shared_ptr<const Structure> structure_;
};

}  // namespace

Result<std::vector<ComparablePoint>> ComparableSeries(const Engine& engine,
                                                      const Indicator& indicator, Id unit_id,
                                                      const std::vector<Period>& periods,
                                                      bool comparable) {
  SeriesBuilder builder(engine, indicator);
  std::vector<ComparablePoint> series;
  for (const Period& period : periods) {
    NQ_TRY(ComparablePoint point, builder.Point(unit_id, period, comparable));
    series.push_back(std::move(point));
  }
  return series;
}

}  // namespace nq::engine
