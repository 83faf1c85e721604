#include "bench/national/queries.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <type_traits>

#include "common/vectorise.h"

namespace nq::bench {
namespace {

constexpr int64_t kModulus = 1009;
constexpr std::array<int64_t, 5> kWeights = {1, 3, 5, 7, 11};

int MonthOf(int year, int month) { return (year - kFirstYear) * 12 + month - 1; }

int AggOf(IndicatorKind kind) {
  if (kind == IndicatorKind::kLast) return 1;
  if (kind == IndicatorKind::kYesNo) return 2;
  return 0;
}

// The rows an indicator contributes to a query asked for `asked`.
void AddPeriods(const Dataset& data, const GenIndicator& indicator, const TermPeriod& asked,
                std::vector<QueryPeriod>& out) {
  const TermPeriod period = AnswerPeriod(indicator, asked);
  if (indicator.kind != IndicatorKind::kPercent) {
    out.push_back({indicator.id, indicator.id, 0, AggOf(indicator.kind), period});
    return;
  }
  out.push_back({indicator.id, indicator.numerator_id, 1, 0, period});
  out.push_back({indicator.id, indicator.denominator_id, 2, 0, period});
  (void)data;
}

// ---- SQL pieces

// The relation anc(ancestor_id, unit_id): every unit of the root's subtree from `min_depth` to
// `max_depth` levels below the root, paired with itself and each of its descendants.
std::string AncCte(const Dataset& data, std::string_view name, Approach approach, int64_t root,
                   int min_depth, int max_depth) {
  const int root_depth = data.unit(root).depth;
  switch (approach) {
    case Approach::kRecursive:
      return fmt::format(
          "{0}_sub(id, d) AS (SELECT id, 0 FROM units WHERE id = {1} UNION ALL SELECT u.id, s.d + "
          "1 FROM units u JOIN {0}_sub s ON u.parent_id = s.id WHERE s.d < {3}),\n"
          "{0}(ancestor_id, unit_id) AS (SELECT id, id FROM {0}_sub WHERE d >= {2} UNION ALL "
          "SELECT a.ancestor_id, u.id FROM {0} a JOIN units u ON u.parent_id = a.unit_id)",
          name, root, min_depth, max_depth);
    case Approach::kClosure:
      return fmt::format(
          "{0}(ancestor_id, unit_id) AS (SELECT c.ancestor_id, c.unit_id FROM closure r JOIN "
          "closure c ON c.ancestor_id = r.unit_id WHERE r.ancestor_id = {1} AND r.unit_depth "
          "BETWEEN {2} AND {3})",
          name, root, root_depth + min_depth, root_depth + max_depth);
    case Approach::kLtree:
      return fmt::format(
          "{0}(ancestor_id, unit_id) AS (SELECT a.id, u.id FROM units a JOIN units u ON u.path <@ "
          "a.path WHERE a.path <@ (SELECT path FROM units WHERE id = {1}) AND a.depth BETWEEN {2} "
          "AND {3})",
          name, root, root_depth + min_depth, root_depth + max_depth);
    case Approach::kFlat:
      break;
  }
  return {};
}

std::string QpCte(const std::vector<QueryPeriod>& periods) {
  std::string rows;
  for (const QueryPeriod& p : periods) {
    if (!rows.empty()) rows += ",";
    rows += fmt::format("({},{},{},{},{},{},{})", p.indicator_id, p.base_id, p.role, p.agg,
                        p.period.key(), p.period.first_month, p.period.last_month());
  }
  return "qp(indicator_id, base_id, role, agg, period_key, m0, m1) AS (VALUES " + rows + ")";
}

// Every indicator with the stored indicators it reads: Q6 asks each for its own periods.
std::string QmCte(const Dataset& data) {
  std::string rows;
  for (const GenIndicator& indicator : data.indicators) {
    std::vector<QueryPeriod> periods;
    AddPeriods(data, indicator, {indicator.period, 0}, periods);
    for (const QueryPeriod& p : periods) {
      if (!rows.empty()) rows += ",";
      rows += fmt::format("({},{},{},{})", p.indicator_id, p.base_id, p.role, p.agg);
    }
  }
  return "qm(indicator_id, base_id, role, agg) AS (VALUES " + rows + ")";
}

// The unit's value over the parts of the period: the sum, or the latest part's number (the
// part with the greatest first month; numbers are below 1,000,000).
constexpr std::string_view kUnitValue =
    "CASE WHEN q.agg = 0 THEN SUM(v.number) ELSE MAX(v.ps * 1000000 + v.number) % 1000000 END";
constexpr std::string_view kRolled =
    "SUM(CASE WHEN uv.agg = 2 THEN (CASE WHEN uv.x <> 0 THEN 1 ELSE 0 END) ELSE uv.x END)";

std::string LevelColumns(const Dataset& data, std::string_view prefix) {
  std::string columns;
  for (int level = 1; level <= data.depths; ++level) {
    columns += fmt::format(", {}uidlevel{}", prefix, level);
  }
  return columns;
}

// ru(indicator_id, role, period_key, unit_id, val, r): each unit's values rolled up into every
// ancestor the query asks for.
std::string RuCte(const Dataset& data, Approach approach, int64_t root, int min_depth,
                  int max_depth) {
  if (approach != Approach::kFlat) {
    return fmt::format(
        "ru AS (SELECT uv.indicator_id, uv.role, uv.period_key, a.ancestor_id AS unit_id, {} AS "
        "val, COUNT(*) AS r FROM uv JOIN anc a ON a.unit_id = uv.unit_id GROUP BY "
        "uv.indicator_id, uv.role, uv.period_key, a.ancestor_id)",
        kRolled);
  }
  const int root_depth = data.unit(root).depth;
  std::string parts;
  for (int depth = root_depth + min_depth; depth <= root_depth + max_depth; ++depth) {
    if (!parts.empty()) parts += " UNION ALL ";
    parts += fmt::format(
        "SELECT uv.indicator_id, uv.role, uv.period_key, uv.uidlevel{0} AS unit_id, {1} AS val, "
        "COUNT(*) AS r FROM uv WHERE uv.uidlevel{0} IS NOT NULL GROUP BY uv.indicator_id, "
        "uv.role, uv.period_key, uv.uidlevel{0}",
        depth + 1, kRolled);
  }
  return "ru AS (" + parts + ")";
}

std::string ResCte(bool goals) {
  return fmt::format(
      "res AS (SELECT n.unit_id, n.indicator_id AS k1, n.period_key AS k2, n.val AS c1, "
      "COALESCE(d.val, 0) AS c2, n.r AS c3, {} AS c4, 0 AS c5 FROM ru n LEFT JOIN ru d ON d.role "
      "= 2 AND d.indicator_id = n.indicator_id AND d.period_key = n.period_key AND d.unit_id = "
      "n.unit_id {} WHERE n.role < 2)",
      goals ? "COALESCE(g.goal, 0)" : "0",
      goals ? "LEFT JOIN goals g ON g.indicator_id = n.indicator_id AND g.unit_id = n.unit_id"
            : "");
}

constexpr std::string_view kChecksumSelect =
    "SELECT COUNT(*), COALESCE(SUM(c1), 0), COALESCE(SUM(c2), 0), COALESCE(SUM(c3), 0), "
    "COALESCE(SUM(c4), 0), COALESCE(SUM(c5), 0), COALESCE(SUM((c1 + 3 * c2 + 5 * c3 + 7 * c4 + "
    "11 * c5) * ((unit_id * 7 + k1 * 13 + k2) % 1009 + 1)), 0) FROM res WHERE c3 > 0";

struct Scope {
  int64_t root = 0;
  int min_depth = 0;
  int max_depth = 0;
};

Scope ScopeOf(const QueryPlan& plan, std::string_view query) {
  if (query == "Q1" || query == "Q6") return {plan.nation_id, 0, plan.commune_depth};
  if (query == "Q2") return {plan.province_id, 0, plan.commune_depth - 1};
  if (query == "Q4") return {plan.province_id, 0, 0};
  return {plan.nation_id, 1, 1};  // Q5
}

std::string IndicatorSql(const Dataset& data, const QueryPlan& plan, std::string_view query,
                         Approach approach) {
  const Scope scope = ScopeOf(plan, query);
  const bool full = query == "Q6";
  const bool goals = query == "Q2" || query == "Q5";
  std::string ctes;
  if (approach != Approach::kFlat) {
    ctes = AncCte(data, "anc", approach, scope.root, scope.min_depth, scope.max_depth) + ",\n";
  }
  std::string uv;
  if (full) {
    ctes += QmCte(data) + ",\n";
    uv = approach == Approach::kFlat
             ? fmt::format(
                   "uv AS (SELECT q.indicator_id, q.role, q.agg, f.pe_type * 100 + f.ps AS "
                   "period_key, f.ou AS unit_id, f.value AS x{} FROM qm q JOIN analytics f ON "
                   "f.dx = q.base_id)",
                   LevelColumns(data, "f."))
             : "uv AS (SELECT q.indicator_id, q.role, q.agg, v.pt * 100 + v.ps AS period_key, "
               "v.unit_id, v.number AS x FROM qm q JOIN datavalue v ON v.indicator_id = "
               "q.base_id WHERE v.current = 1)";
  } else {
    const std::vector<QueryPeriod> periods = PeriodsOf(data, plan, query);
    ctes += QpCte(periods) + ",\n";
    if (approach == Approach::kFlat) {
      int first_month = kMonths;
      int last_month = 0;
      for (const QueryPeriod& p : periods) {
        first_month = std::min(first_month, p.period.first_month);
        last_month = std::max(last_month, p.period.last_month());
      }
      const std::string levels = LevelColumns(data, "f.");
      uv = fmt::format(
          "uv AS (SELECT q.indicator_id, q.role, q.agg, q.period_key, f.ou AS unit_id{0}, {1} AS "
          "x FROM qp q JOIN analytics f ON f.dx = q.base_id AND f.ps BETWEEN q.m0 AND q.m1 WHERE "
          "f.uidlevel{2} = {3} AND f.year BETWEEN {4} AND {5} GROUP BY q.indicator_id, q.role, "
          "q.agg, q.period_key, f.ou{0})",
          levels, std::string(kUnitValue).replace(kUnitValue.find("v.ps"), 4, "f.ps"),
          data.unit(scope.root).depth + 1, scope.root, kFirstYear + first_month / 12,
          kFirstYear + last_month / 12);
      // The flattened table names the number `value`.
      for (size_t at; (at = uv.find("v.number")) != std::string::npos;) {
        uv.replace(at, 8, "f.value");
      }
    } else {
      uv = fmt::format(
          "uv AS (SELECT q.indicator_id, q.role, q.agg, q.period_key, v.unit_id, {} AS x FROM qp "
          "q JOIN datavalue v ON v.indicator_id = q.base_id AND v.ps BETWEEN q.m0 AND q.m1 WHERE "
          "v.current = 1 GROUP BY q.indicator_id, q.role, q.agg, q.period_key, v.unit_id)",
          kUnitValue);
    }
  }
  return fmt::format("WITH RECURSIVE {}{},\n{},\n{}\n{}", ctes, uv,
                     RuCte(data, approach, scope.root, scope.min_depth, scope.max_depth),
                     ResCte(goals), kChecksumSelect);
}

// Q3: one obligation's completeness for the nation, and for one province and its communes.
std::string CompletenessSql(const Dataset& data, const QueryPlan& plan, Approach approach) {
  if (approach == Approach::kFlat) return {};
  const std::string ctes =
      AncCte(data, "anc_n", approach, plan.nation_id, 0, 0) + ",\n" +
      AncCte(data, "anc_p", approach, plan.province_id, 0, plan.commune_depth - 1);
  return fmt::format(
      "WITH RECURSIVE {0},\n"
      "st AS (SELECT a.unit_id, CASE WHEN a.status = 2 AND a.evidence = 1 AND a.completed_day "
      "IS NOT NULL AND a.completed_day <= {2} THEN 1 ELSE 0 END AS done, a.completed_day, "
      "o.due_day FROM assignments a JOIN obligations o ON o.id = a.obligation_id WHERE "
      "a.obligation_id = {1}),\n"
      "sc AS (SELECT unit_id, done, CASE WHEN done = 1 AND completed_day <= due_day THEN 1 ELSE "
      "0 END AS on_time, CASE WHEN done = 0 AND {2} > due_day THEN 1 ELSE 0 END AS overdue FROM "
      "st),\n"
      "anc AS (SELECT ancestor_id, unit_id FROM anc_n UNION ALL SELECT ancestor_id, unit_id FROM "
      "anc_p),\n"
      "res AS (SELECT a.ancestor_id AS unit_id, {1} AS k1, 0 AS k2, SUM(sc.done) AS c1, "
      "SUM(sc.on_time) AS c2, COUNT(*) AS c3, SUM(sc.done - sc.on_time) AS c4, SUM(sc.overdue) "
      "AS c5 FROM sc JOIN anc a ON a.unit_id = sc.unit_id GROUP BY a.ancestor_id)\n{3}",
      ctes, plan.obligation_id, plan.q3_as_of, kChecksumSelect);
}

}  // namespace

void Checksum::Add(const Figure& figure) {
  if (figure.c[2] == 0) return;
  ++rows_;
  int64_t combined = 0;
  for (size_t index = 0; index < figure.c.size(); ++index) {
    sums_[index] += figure.c[index];
    combined += kWeights[index] * figure.c[index];
  }
  const int64_t weight = (figure.unit_id * 7 + figure.key1 * 13 + figure.key2) % kModulus + 1;
  weighted_ += combined * weight;
}

namespace {

// std::llround for numbers below 2^62 in size, without a library call, so that a loop of it
// vectorises: truncate, then step away from zero when the fraction dropped is a half or more
// (exact: the fraction of a number below 2^52 is computed without rounding, and a larger one
// has none).
int64_t RoundHalfAway(double number) {
  const auto truncated = static_cast<int64_t>(number);
  const double fraction = number - static_cast<double>(truncated);
  return truncated + static_cast<int64_t>(fraction >= 0.5) - static_cast<int64_t>(fraction <= -0.5);
}

}  // namespace

std::vector<int32_t> Checksum::UnitWeights(std::span<const int64_t> unit_ids) {
  std::vector<int32_t> weights(unit_ids.size());
  for (size_t i = 0; i < unit_ids.size(); ++i) {
    weights[i] = static_cast<int32_t>(unit_ids[i] * 7 % kModulus);
  }
  return weights;
}

NQ_VECTOR_CLONES void Checksum::AddIndicatorColumns(int64_t key1, int64_t key2,
                                                    std::span<const int32_t> unit_weights,
                                                    std::span<const double> c1,
                                                    std::span<const double> c2,
                                                    std::span<const int32_t> c3) {
  // (unit × 7 + key1 × 13 + key2) mod m = ((unit × 7) mod m + (key1 × 13 + key2) mod m) mod m
  // for the non-negative ids and keys of the data set.
  const int64_t key = (key1 * 13 + key2) % kModulus;
  int64_t rows = 0, s1 = 0, s2 = 0, s3 = 0, weighted = 0;
  auto add = [&](auto with_c2) {
    for (size_t i = 0; i < c3.size(); ++i) {
      const int64_t counted = c3[i] != 0 ? 1 : 0;  // a figure with c3 = 0 is left out
      const int64_t a = RoundHalfAway(c1[i]) * counted;
      int64_t b = 0;
      if constexpr (with_c2) b = RoundHalfAway(c2[i]) * counted;
      const int64_t c = c3[i];
      int64_t weight = unit_weights[i] + key;
      weight -= weight >= kModulus ? kModulus : 0;
      rows += counted;
      s1 += a;
      s2 += b;
      s3 += c;
      weighted += (kWeights[0] * a + kWeights[1] * b + kWeights[2] * c) * (weight + 1);
    }
  };
  if (c2.empty()) {
    add(std::false_type{});
  } else {
    add(std::true_type{});
  }
  rows_ += rows;
  sums_[0] += s1;
  sums_[1] += s2;
  sums_[2] += s3;
  weighted_ += weighted;
}

void Checksum::Merge(const Checksum& other) {
  rows_ += other.rows_;
  for (size_t index = 0; index < sums_.size(); ++index) sums_[index] += other.sums_[index];
  weighted_ += other.weighted_;
}

std::string Checksum::ToString() const {
  return fmt::format("{}/{}/{}/{}/{}/{}/{}", rows_, sums_[0], sums_[1], sums_[2], sums_[3],
                     sums_[4], weighted_);
}

std::string ChecksumText(const std::array<std::string, 7>& columns) {
  return fmt::format("{}/{}/{}/{}/{}/{}/{}", columns[0], columns[1], columns[2], columns[3],
                     columns[4], columns[5], columns[6]);
}

TermPeriod AnswerPeriod(const GenIndicator& indicator, const TermPeriod& asked) {
  if (indicator.period <= asked.kind) return asked;
  const int months = MonthsIn(indicator.period);
  return {indicator.period, asked.first_month / months * months};
}

QueryPlan PlanQueries(const Dataset& data) {
  QueryPlan plan;
  plan.commune_depth = data.commune_depth;
  const int grassroots = data.depths - 1;
  std::map<int64_t, int> grassroots_by_province;
  for (const GenUnit& unit : data.units) {
    if (unit.depth != grassroots) continue;
    int64_t province = unit.id;
    while (data.unit(province).depth > 1) province = data.unit(province).parent_id;
    ++grassroots_by_province[province];
  }
  plan.province_id =
      std::max_element(grassroots_by_province.begin(), grassroots_by_province.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; })
          ->first;
  std::vector<bool> sides(data.indicators.size() + 1, false);
  for (const GenIndicator& indicator : data.indicators) {
    if (indicator.kind != IndicatorKind::kPercent) continue;
    sides[static_cast<size_t>(indicator.numerator_id)] = true;
    sides[static_cast<size_t>(indicator.denominator_id)] = true;
  }
  for (const GenIndicator& indicator : data.indicators) {
    if (indicator.kind == IndicatorKind::kSum && !sides[static_cast<size_t>(indicator.id)] &&
        indicator.period == PeriodKind::kMonth && indicator.reporting_depth == grassroots) {
      plan.trend_indicator_id = indicator.id;
      break;
    }
  }
  plan.q1_period = {PeriodKind::kQuarter, MonthOf(2028, 4)};
  plan.q2_quarter = {PeriodKind::kQuarter, MonthOf(2028, 4)};
  plan.q5_year = 2029;
  plan.q3_as_of = DayOf(2029, 6, 30);
  plan.as_of = DayOf(2030, 12, 31);
  for (const GenObligation& obligation : data.obligations) {
    if (obligation.depth == grassroots && obligation.due_day < plan.q3_as_of - 30) {
      plan.obligation_id = obligation.id;
      break;
    }
  }
  return plan;
}

std::vector<QueryPeriod> PeriodsOf(const Dataset& data, const QueryPlan& plan,
                                   std::string_view query) {
  std::vector<QueryPeriod> periods;
  const GenIndicator& trend = data.indicator(plan.trend_indicator_id);
  if (query == "Q1") AddPeriods(data, trend, plan.q1_period, periods);
  if (query == "Q4") {
    for (int month = 0; month < kMonths; ++month) {
      AddPeriods(data, trend, {PeriodKind::kMonth, month}, periods);
    }
  }
  if (query == "Q2" || query == "Q5") {
    const TermPeriod asked =
        query == "Q2" ? plan.q2_quarter : TermPeriod{PeriodKind::kYear, MonthOf(plan.q5_year, 1)};
    for (const GenIndicator& indicator : data.indicators) {
      AddPeriods(data, indicator, asked, periods);
    }
  }
  return periods;
}

std::string_view ApproachName(Approach approach) {
  switch (approach) {
    case Approach::kRecursive:
      return "recursive CTE";
    case Approach::kClosure:
      return "closure table";
    case Approach::kLtree:
      return "ltree + GiST";
    case Approach::kFlat:
      return "DHIS2-style flattened";
  }
  return "?";
}

std::string QuerySql(const Dataset& data, const QueryPlan& plan, std::string_view query,
                     Approach approach, Dialect dialect) {
  (void)dialect;  // one SQL text serves the three dialects
  if (query == "Q3") return CompletenessSql(data, plan, approach);
  return IndicatorSql(data, plan, query, approach);
}

}  // namespace nq::bench
