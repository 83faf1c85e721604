// Indicators: what is measured, and how values combine across units and over time.
#pragma once

#include <optional>
#include <string>

#include "domain/period.h"
#include "domain/unit.h"

namespace nq::domain {

enum class ValueType { kNumber, kPercent, kYesNo, kText };
// How the values of several units combine into one.
enum class UnitAggregation { kSum, kAverage, kMin, kMax, kCountYes, kNone };
// How the values of several periods combine into one longer period.
enum class TimeAggregation { kSum, kLast, kAverage };

std::string_view ValueTypeName(ValueType type);
std::string_view UnitAggregationName(UnitAggregation aggregation);
std::string_view TimeAggregationName(TimeAggregation aggregation);
Result<ValueType> ParseValueType(std::string_view name);
Result<UnitAggregation> ParseUnitAggregation(std::string_view name);
Result<TimeAggregation> ParseTimeAggregation(std::string_view name);

struct Indicator {
  Id id = 0;
  std::string code;  // "xa-dat-chuan-ntm"
  std::string name;
  ValueType value_type = ValueType::kNumber;
  UnitAggregation unit_aggregation = UnitAggregation::kSum;
  TimeAggregation time_aggregation = TimeAggregation::kSum;
  PeriodType period_type = PeriodType::kYear;  // the period values are reported for
  std::string measure_unit;                    // "xã", "%", "tỷ đồng"
  int decimals = 0;
  // A computed indicator (percentages): numerator / denominator × factor, each side rolled up
  // by its own rules first. Computed indicators hold no values of their own.
  std::optional<Id> numerator_id;
  std::optional<Id> denominator_id;
  double factor = 1;
  int64_t version = 1;

  bool computed() const { return numerator_id.has_value(); }
};

// One version of a data value. A correction adds a version; the latest is current.
struct Value {
  Id id = 0;
  Id indicator_id = 0;
  Id unit_id = 0;
  Period period = Period::Year(2021);
  std::optional<double> number;  // number, percent and yes/no (1 or 0)
  std::string text;              // text values
  std::string comment;
  std::optional<Id> report_id;
  int64_t version = 1;  // 1 for the first entry, +1 per correction
  std::string entered_by;
  UnixMillis entered_at = 0;
};

}  // namespace nq::domain
