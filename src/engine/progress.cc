// Target progress: the series from baseline to deadline, where it stands and where the trend
// leads by the deadline.
#include <algorithm>
#include <cmath>
#include <optional>

#include "engine/rollups.h"

namespace nq::engine::internal {
namespace {

using domain::Direction;
using domain::Measure;
using domain::PeriodType;

// A deadline a century of months away is a typo, not a plan; stop the series there.
constexpr size_t kMaxSeriesLength = 1200;
// Projected within this fraction of the goal still meets it.
constexpr double kAtRiskFraction = 0.8;

bool Meets(Direction direction, double value, double goal) {
  const double slack = 1e-9 * std::max(1.0, std::abs(goal));  // least-squares rounding
  if (direction == Direction::kLower) return value <= goal + slack;
  return value >= goal - slack;
}

// The periods of the deadline's type from the one holding `from` through the deadline.
std::vector<Period> SeriesPeriods(const Period& from, const Period& deadline) {
  if (deadline.type() == PeriodType::kTerm) return {deadline};  // terms vary in length
  std::vector<Period> periods;
  for (Period period = Period::Containing(deadline.type(), from.start());
       period <= deadline && periods.size() < kMaxSeriesLength; period = period.Next()) {
    periods.push_back(period);
  }
  return periods;
}

// Least-squares line through (day, value), evaluated at `day`; flat with one distinct day.
double ProjectLinear(const std::vector<std::pair<double, double>>& points, double day) {
  double mean_day = 0, mean_value = 0;
  for (const auto& [x, y] : points) {
    mean_day += x;
    mean_value += y;
  }
  mean_day /= static_cast<double>(points.size());
  mean_value /= static_cast<double>(points.size());
  double covariance = 0, variance = 0;
  for (const auto& [x, y] : points) {
    covariance += (x - mean_day) * (y - mean_value);
    variance += (x - mean_day) * (x - mean_day);
  }
  if (variance == 0) return mean_value;
  return mean_value + covariance / variance * (day - mean_day);
}

// How far the projection gets toward the goal: 1 is all the way.
double Fraction(const TargetProgress& progress, double projected) {
  if (progress.baseline && progress.goal != *progress.baseline) {
    return (projected - *progress.baseline) / (progress.goal - *progress.baseline);
  }
  if (progress.direction == Direction::kLower) {
    return projected > 0 ? progress.goal / projected : 0;
  }
  return progress.goal != 0 ? projected / progress.goal : 0;
}

// Nothing to achieve: a raise or reach target from 0 (or no baseline) to 0, such as a re-based
// part that was given no share of the goal.
bool NothingToAchieve(const TargetProgress& progress) {
  return progress.direction != Direction::kLower && progress.goal == 0 &&
         progress.baseline.value_or(0) == 0;
}

// On or after the deadline's last day: the deadline period's value decides.
void JudgeAtDeadline(TargetProgress& progress) {
  progress.judged_at_deadline = true;
  const SeriesPoint* at_deadline = nullptr;
  for (const SeriesPoint& point : progress.series) {
    if (point.period == progress.deadline) at_deadline = &point;
  }
  if (at_deadline == nullptr || !at_deadline->value) {
    progress.status = TargetStatus::kNoData;
    progress.reason = TargetReason::kNoDeadlineValue;
    return;
  }
  const double value = *at_deadline->value;
  progress.deadline_value = value;
  if (Meets(progress.direction, value, progress.goal)) {
    progress.status = TargetStatus::kAchieved;
    progress.reason = TargetReason::kReachedAtDeadline;
    return;
  }
  progress.status = TargetStatus::kNotReached;
  progress.reason = TargetReason::kShortAtDeadline;
  progress.gap = std::abs(progress.goal - value);
}

// Status and reason once the series, current and baseline are known. `points` are the values
// the trend is fitted through, each at the last day of its period.
void Judge(TargetProgress& progress, const std::vector<std::pair<double, double>>& points,
           bool data_after_baseline, Date as_of) {
  if (NothingToAchieve(progress)) {
    progress.status = TargetStatus::kNotApplicable;
    progress.reason = TargetReason::kNoShare;
    return;
  }
  if (as_of >= progress.deadline.end()) {
    JudgeAtDeadline(progress);
    return;
  }
  if (progress.current && Meets(progress.direction, *progress.current, progress.goal)) {
    progress.status = TargetStatus::kAchieved;
    progress.reason = TargetReason::kReached;
    return;
  }
  if (!data_after_baseline) {
    progress.status = TargetStatus::kNoData;
    progress.reason = TargetReason::kNoDataAfterBaseline;
    return;
  }
  const double projected =
      ProjectLinear(points, static_cast<double>(progress.deadline.end().days()));
  progress.projected = projected;
  progress.reason = TargetReason::kProjected;
  if (Meets(progress.direction, projected, progress.goal)) {
    progress.status = TargetStatus::kOnTrack;
  } else if (Fraction(progress, projected) >= kAtRiskFraction) {
    progress.status = TargetStatus::kAtRisk;
  } else {
    progress.status = TargetStatus::kOffTrack;
  }
}

}  // namespace

Result<TargetProgress> Progress(const Model& model, Id item_id, Date as_of) {
  const domain::Item* item = model.FindItem(item_id);
  if (item == nullptr) return MakeError(ErrorCode::kNotFound, "item {} not found", item_id);
  if (!item->measure) {
    return MakeError(ErrorCode::kInvalidArgument, "item {} has no measure", item_id);
  }
  const Measure& measure = *item->measure;
  const domain::Document* document = model.FindDocument(item->document_id);
  if (document == nullptr) {
    return MakeError(ErrorCode::kNotFound, "document {} of item {} not found", item->document_id,
                     item_id);
  }
  const domain::Indicator* indicator = model.FindIndicator(measure.indicator_id);
  if (indicator == nullptr) {
    return MakeError(ErrorCode::kNotFound, "indicator {} not found", measure.indicator_id);
  }

  TargetProgress progress;
  progress.item_id = item_id;
  progress.unit_id = item->unit_id.value_or(document->issuer_unit_id);
  progress.indicator_id = measure.indicator_id;
  progress.baseline = measure.baseline;
  progress.baseline_period = measure.baseline_period;
  progress.goal = measure.goal;
  progress.deadline = measure.deadline;
  progress.direction = measure.direction;

  // The series, each period's roll-up on the tree of its last day (or of `as_of` while it
  // runs), or of the unit's last open day when it closed before (docs/structure-rule.md);
  // periods not yet begun stay empty.
  std::optional<Date> closed_after;
  if (auto unit = model.UnitIndex(progress.unit_id))
    closed_after = model.unit(*unit).validity.valid_to;
  const Period from = measure.baseline_period.value_or(document->period_from);
  for (const Period& period : SeriesPeriods(from, measure.deadline)) {
    SeriesPoint point;
    point.period = period;
    if (period.start() <= as_of) {
      Date day = std::min(as_of, period.end());
      if (closed_after && *closed_after < day && *closed_after >= period.start()) {
        day = *closed_after;
      }
      NQ_TRY(IndicatorRollup rollup,
             RollupIndicator(model, measure.indicator_id, progress.unit_id, period, day));
      point.value = rollup.value;
    }
    progress.series.push_back(point);
  }

  // Where it stands: the latest value, else the baseline.
  for (auto it = progress.series.rbegin(); it != progress.series.rend(); ++it) {
    if (!it->value) continue;
    progress.current = it->value;
    progress.current_period = it->period;
    break;
  }
  if (!progress.current && measure.baseline) {
    progress.current = measure.baseline;
    progress.current_period = measure.baseline_period;
  }
  if (progress.current) {
    if (measure.baseline && measure.goal != *measure.baseline) {
      progress.percent =
          (*progress.current - *measure.baseline) / (measure.goal - *measure.baseline) * 100;
    } else if (measure.goal != 0) {
      progress.percent = *progress.current / measure.goal * 100;
    }
  }

  // The trend runs through the baseline (at the end of its period, or just before the series
  // when it has none) and every value after it, each at the end of its period.
  std::vector<std::pair<double, double>> points;
  if (measure.baseline) {
    const Date baseline_day = measure.baseline_period ? measure.baseline_period->end()
                                                      : document->period_from.start().AddDays(-1);
    points.emplace_back(static_cast<double>(baseline_day.days()), *measure.baseline);
  }
  bool data_after_baseline = false;
  for (const SeriesPoint& point : progress.series) {
    if (!point.value) continue;
    if (measure.baseline_period && point.period.start() <= measure.baseline_period->end()) continue;
    data_after_baseline = true;
    points.emplace_back(static_cast<double>(point.period.end().days()), *point.value);
  }
  progress.decimals = indicator->decimals;
  Judge(progress, points, data_after_baseline, as_of);
  return progress;
}

}  // namespace nq::engine::internal
