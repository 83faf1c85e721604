// The queries of the national benchmark (Q1–Q6, defined in bench/national/README.md): their
// parameters, chosen from the data set, the checksum every system computes over its answer,
// and the SQL each peer runs.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bench/national/dataset.h"

namespace nq::bench {

// Every answer is a set of figures: one unit, two keys (indicator and period, or obligation and
// 0) and five exact integers. For indicators: c1 the value (for percentages the numerator), c2
// the denominator (0 otherwise), c3 the units reporting, c4 the goal (0 when the query has
// none), c5 0. For completeness: c1 done, c2 on time, c3 expected, c4 late, c5 overdue. A figure
// with c3 = 0 (nothing reported, nobody expected) is left out.
struct Figure {
  int64_t unit_id = 0;
  int64_t key1 = 0;
  int64_t key2 = 0;
  std::array<int64_t, 5> c{};
};

// count, Σc1..Σc5 and Σ (c1 + 3c2 + 5c3 + 7c4 + 11c5) × ((unit × 7 + key1 × 13 + key2) mod 1009 +
// 1): order-free, exact, and the same in SQL as here.
class Checksum final {
 public:
  void Add(const Figure& figure);
  // The unit part of each figure's weight, (unit × 7) mod 1009, for AddIndicatorColumns; the
  // same for every table over the same units.
  static std::vector<int32_t> UnitWeights(std::span<const int64_t> unit_ids);
  // Adds a table of indicator figures given as columns, as Add adds each figure {unit, key1,
  // key2, {round(c1), round(c2), c3, 0, 0}} (c2 empty: 0), in one branch-free loop. Numbers
  // round half away from zero like std::llround; they must be below 2^62 in size.
  void AddIndicatorColumns(int64_t key1, int64_t key2, std::span<const int32_t> unit_weights,
                           std::span<const double> c1, std::span<const double> c2,
                           std::span<const int32_t> c3);
  // Adds another checksum's figures, as if they had been added here (the sums commute).
  void Merge(const Checksum& other);
  std::string ToString() const;  // "count/s1/s2/s3/s4/s5/weighted"
  int64_t rows() const { return rows_; }

 private:
  int64_t rows_ = 0;
  std::array<int64_t, 5> sums_{};
  int64_t weighted_ = 0;
};

// One period of the term asked of one indicator; percentages read their two sides.
struct QueryPeriod {
  int64_t indicator_id = 0;
  int64_t base_id = 0;  // the stored indicator read
  int role = 0;         // 0 own value, 1 numerator, 2 denominator
  int agg = 0;          // 0 sum over time, 1 latest (then summed), 2 latest (then yes counted)
  TermPeriod period;
};

struct QueryPlan {
  int64_t nation_id = 1;
  int64_t province_id = 0;  // Q2, Q3, Q4: the province with the most grassroots organisations
  int64_t trend_indicator_id = 0;  // Q1 and Q4: a monthly sum reported by grassroots units
  TermPeriod q1_period;            // Q1: a quarter
  TermPeriod q2_quarter;           // Q2
  int q5_year = 2029;              // Q5
  int64_t obligation_id = 0;       // Q3: an obligation of grassroots units
  int32_t q3_as_of = 0;            // Q3: day
  int32_t as_of = 0;               // the tree's date for every indicator query
  int commune_depth = 2;
};

QueryPlan PlanQueries(const Dataset& data);

// The indicators' periods each query asks (Q1, Q2, Q4, Q5; Q6 asks every period of each
// indicator's own type).
std::vector<QueryPeriod> PeriodsOf(const Dataset& data, const QueryPlan& plan,
                                   std::string_view query);
// The period an indicator answers when asked `asked`: `asked` itself, or the period of the
// indicator's own type containing it when that type is coarser.
TermPeriod AnswerPeriod(const GenIndicator& indicator, const TermPeriod& asked);

enum class Approach { kRecursive, kClosure, kLtree, kFlat };
enum class Dialect { kSqlite, kPostgres, kDuckdb };
std::string_view ApproachName(Approach approach);  // "recursive CTE", "closure table", …

inline constexpr std::array<std::string_view, 6> kQueries = {"Q1", "Q2", "Q3", "Q4", "Q5", "Q6"};

// The SQL answering `query` as one row: the checksum's seven columns. Empty when the approach
// does not answer the query (the flattened table holds no obligations).
std::string QuerySql(const Dataset& data, const QueryPlan& plan, std::string_view query,
                     Approach approach, Dialect dialect);
// The checksum of one row of that SQL's answer.
std::string ChecksumText(const std::array<std::string, 7>& columns);

}  // namespace nq::bench
