// The national data set of the benchmark (issue #5): a deterministic, seeded generator of the
// unit tree, indicators, values by period, goals, obligations and assignments, in the compact
// form every system of the benchmark is loaded from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace nq::bench {

// Sizes: XS for tests and development, S (~20 M values) by default, M (~100 M) on demand.
enum class Size { kTiny, kXS, kS, kM };
// The tree after the 2025 reorganisation (34 provinces, no districts), or before it.
enum class Structure { kNew, kOld };

Result<Size> ParseSize(std::string_view name);  // "tiny", "XS", "S", "M"
std::string_view SizeName(Size size);

// The term every value falls in: 2026–2030, months counted from January 2026.
inline constexpr int kFirstYear = 2026;
inline constexpr int kYears = 5;
inline constexpr int kMonths = kYears * 12;

// Period types as the engine orders them (domain::PeriodType): month, quarter, half, year.
enum class PeriodKind : uint8_t { kMonth = 0, kQuarter = 1, kHalf = 2, kYear = 3 };
int MonthsIn(PeriodKind kind);  // 1, 3, 6, 12

// A period of the term: its kind and first month (0 = January 2026).
struct TermPeriod {
  PeriodKind kind = PeriodKind::kYear;
  int first_month = 0;
  int last_month() const { return first_month + MonthsIn(kind) - 1; }
  // The key the checksums use: kind × 100 + first month.
  int key() const { return static_cast<int>(kind) * 100 + first_month; }
};

struct GenUnit {
  int64_t id = 0;
  int64_t parent_id = 0;  // 0 for the nation
  int depth = 0;          // 0 nation, 1 province, (2 district), commune, grassroots
  int level = 0;  // the kind's level: 0 nation, 1 province, 2 district, 3 commune, 4 grassroots
  std::string code;
  std::string name;  // Vietnamese, NFC
};

// How an indicator's values combine: stored sums, percentages computed from two stored sums,
// latest value (summed across units) and yes/no (latest value, units answering yes counted).
enum class IndicatorKind : uint8_t { kSum = 0, kPercent = 1, kLast = 2, kYesNo = 3 };

struct GenIndicator {
  int64_t id = 0;
  std::string code;
  std::string name;
  IndicatorKind kind = IndicatorKind::kSum;
  int reporting_depth = 0;  // the depth of the units that report it
  PeriodKind period = PeriodKind::kYear;
  int64_t numerator_id = 0;  // percent only
  int64_t denominator_id = 0;
};

// One version of one value. Only `current` versions count; a correction adds version 2.
struct GenValue {
  int32_t indicator_id = 0;
  int32_t unit_id = 0;
  int32_t number = 0;       // integers only, so every sum is exact
  int32_t entered_day = 0;  // days since 1970-01-01
  uint8_t period = 0;       // PeriodKind
  uint8_t first_month = 0;
  uint8_t version = 1;
  uint8_t current = 1;
};

struct GenGoal {
  int64_t indicator_id = 0;
  int64_t unit_id = 0;
  int64_t goal = 0;  // for 2030
};

struct GenObligation {
  int64_t id = 0;
  std::string code;
  std::string title;
  int depth = 0;  // every unit of this depth is assigned
  int32_t issued_day = 0;
  int32_t due_day = 0;
};

enum class GenStatus : uint8_t { kNotStarted = 0, kInProgress = 1, kDone = 2 };

struct GenAssignment {
  int64_t id = 0;
  int32_t obligation_id = 0;
  int32_t unit_id = 0;
  GenStatus status = GenStatus::kNotStarted;
  int32_t completed_day = -1;  // -1: none
  bool evidence = false;
};

struct Dataset {
  Size size = Size::kS;
  Structure structure = Structure::kNew;
  uint64_t seed = 0;
  int depths = 0;                        // levels in the tree: 4 (new) or 5 (old)
  int commune_depth = 0;                 // 2 (new) or 3 (old)
  std::vector<GenUnit> units;            // by id, ids from 1, parents before children
  std::vector<GenIndicator> indicators;  // by id, ids from 1
  std::vector<GenValue> values;          // current and superseded versions
  std::vector<GenGoal> goals;
  std::vector<GenObligation> obligations;  // by id, ids from 1
  std::vector<GenAssignment> assignments;

  size_t CurrentValueCount() const;
  int32_t UnitsAtDepth(int depth) const;
  const GenUnit& unit(int64_t id) const { return units[static_cast<size_t>(id - 1)]; }
  const GenIndicator& indicator(int64_t id) const {
    return indicators[static_cast<size_t>(id - 1)];
  }
};

struct GeneratorOptions {
  Size size = Size::kS;
  Structure structure = Structure::kNew;
  uint64_t seed = 20260101;
};

// Builds the data set. The same options give the same data set, byte for byte.
Dataset Generate(const GeneratorOptions& options);

// The day numbers of civil dates (days since 1970-01-01).
int32_t DayOf(int year, int month, int day);
// The first day after a period of the term, and the date the checksums and queries use as
// "as of" for completeness.
int32_t DayAfter(const TermPeriod& period);

}  // namespace nq::bench
