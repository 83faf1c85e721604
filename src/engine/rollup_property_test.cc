// Property test: on random trees that change over time, every roll-up the engine gives equals a
// plain recomputation from the raw rows, written here with straightforward loops and sharing
// nothing with the engine but the input Data and the domain types.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/engine.h"

namespace nq::engine {
namespace {

using domain::Period;
using domain::PeriodType;
using domain::TimeAggregation;
using domain::UnitAggregation;

constexpr int kSeeds = 50;
constexpr int kMaxUnits = 300;
constexpr int kMaxDepth = 5;

// ---- Random worlds ---------------------------------------------------------------------------

class Random {
 public:
  explicit Random(uint32_t seed) : engine_(seed) {}
  int Between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(engine_); }
  bool Chance(double probability) { return std::bernoulli_distribution(probability)(engine_); }
  Date DayBetween(Date low, Date high) { return Date::FromDays(Between(low.days(), high.days())); }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Between(0, static_cast<int>(items.size()) - 1))];
  }

 private:
  std::mt19937 engine_;
};

Date Ymd(int year, int month, int day) { return *Date::FromYmd(year, month, day); }

const Date kFirstDay = Ymd(2019, 1, 1);
const Date kLastDay = Ymd(2024, 12, 31);

domain::Indicator MakeIndicator(Id id, UnitAggregation across, TimeAggregation over_time,
                                PeriodType period_type) {
  domain::Indicator indicator;
  indicator.id = id;
  indicator.code = "i" + std::to_string(id);
  indicator.unit_aggregation = across;
  indicator.time_aggregation = over_time;
  indicator.period_type = period_type;
  return indicator;
}

// Indicators 1–8 cover every aggregation; 9 is 8 over 7 as a percentage.
std::vector<domain::Indicator> Indicators() {
  using enum UnitAggregation;
  std::vector<domain::Indicator> indicators{
      MakeIndicator(1, kSum, TimeAggregation::kSum, PeriodType::kYear),
      MakeIndicator(2, kAverage, TimeAggregation::kSum, PeriodType::kYear),
      MakeIndicator(3, kMin, TimeAggregation::kLast, PeriodType::kQuarter),
      MakeIndicator(4, kMax, TimeAggregation::kAverage, PeriodType::kQuarter),
      MakeIndicator(5, kCountYes, TimeAggregation::kLast, PeriodType::kYear),
      MakeIndicator(6, kNone, TimeAggregation::kSum, PeriodType::kQuarter),
      MakeIndicator(7, kSum, TimeAggregation::kSum, PeriodType::kQuarter),
      MakeIndicator(8, kSum, TimeAggregation::kSum, PeriodType::kQuarter),
  };
  domain::Indicator percent = MakeIndicator(9, kSum, TimeAggregation::kSum, PeriodType::kQuarter);
  percent.numerator_id = 8;
  percent.denominator_id = 7;
  percent.factor = 100;
  indicators.push_back(percent);
  return indicators;
}

std::vector<Period> ReportingPeriods(PeriodType type) {
  std::vector<Period> periods;
  for (int year = 2020; year <= 2023; ++year) {
    if (type == PeriodType::kYear) {
      periods.push_back(Period::Year(year));
      continue;
    }
    for (int quarter = 1; quarter <= 4; ++quarter)
      periods.push_back(Period::Quarter(year, quarter));
  }
  return periods;
}

struct World {
  Data data;
  std::vector<Date> dates;  // as-of dates worth asking about
  std::vector<Date> move_dates;
  std::vector<Date> due_dates;
  Date random_date;
};

// Units get random ids (so id order is not creation order) and parents created before them,
// so parent links never form a cycle. Some units open late, close early, move, or have a gap
// in their versions (a root meanwhile).
void AddUnits(Random& random, World& world) {
  const int count = random.Between(1, kMaxUnits);
  std::set<Id> used;
  std::vector<Id> ids;
  std::vector<int> depth;
  while (static_cast<int>(ids.size()) < count) {
    const Id id = random.Between(1, 100'000);
    if (used.insert(id).second) ids.push_back(id);
  }
  for (Id kind = 1; kind <= 3; ++kind) {
    domain::UnitKind unit_kind;
    unit_kind.id = kind;
    unit_kind.code = "k" + std::to_string(kind);
    world.data.kinds.push_back(unit_kind);
  }
  Id version_id = 1;
  for (size_t index = 0; index < ids.size(); ++index) {
    domain::Unit unit;
    unit.id = ids[index];
    unit.code = "u" + std::to_string(unit.id);
    unit.kind_id = random.Between(1, 3);
    unit.validity.valid_from =
        random.Chance(0.1) ? random.DayBetween(Ymd(2020, 1, 1), Ymd(2023, 12, 31)) : kFirstDay;
    if (random.Chance(0.12)) {
      unit.validity.valid_to = random.DayBetween(unit.validity.valid_from, kLastDay);
    }
    world.data.units.push_back(unit);

    // A parent among earlier units not at the depth limit; the first unit and a few others are
    // roots.
    std::vector<size_t> candidates;
    for (size_t earlier = 0; earlier < index; ++earlier) {
      if (depth[earlier] < kMaxDepth) candidates.push_back(earlier);
    }
    std::optional<size_t> parent;
    if (!candidates.empty() && !random.Chance(0.03)) parent = random.Pick(candidates);
    depth.push_back(parent ? depth[*parent] + 1 : 0);

    domain::UnitVersion version;
    version.unit_id = unit.id;
    version.validity = unit.validity;
    if (parent) version.parent_id = ids[*parent];
    if (random.Chance(0.03)) {  // no version for the first months: a root then
      version.validity.valid_from = unit.validity.valid_from.AddDays(random.Between(1, 400));
    }
    // A move to another parent at the same depth, so depths stay within the limit.
    std::vector<size_t> same_depth;
    for (size_t earlier : candidates) {
      if (parent && depth[earlier] == depth[*parent] && earlier != *parent) {
        same_depth.push_back(earlier);
      }
    }
    if (!same_depth.empty() && random.Chance(0.15)) {
      const Date move = random.DayBetween(Ymd(2020, 6, 1), Ymd(2023, 6, 1));
      if (move > version.validity.valid_from &&
          (!version.validity.valid_to || move <= *version.validity.valid_to)) {
        domain::UnitVersion moved = version;
        moved.parent_id = ids[random.Pick(same_depth)];
        moved.validity.valid_from = move;
        version.validity.valid_to = move.AddDays(-1);
        moved.id = version_id + 1;
        world.data.unit_versions.push_back(moved);
        world.move_dates.push_back(random.Chance(0.5) ? move : move.AddDays(-1));
      }
    }
    version.id = version_id;
    version_id += 2;
    world.data.unit_versions.push_back(version);
  }
}

void AddValues(Random& random, World& world) {
  Id value_id = 1;
  for (const domain::Indicator& indicator : world.data.indicators) {
    if (indicator.computed()) continue;
    for (const domain::Unit& unit : world.data.units) {
      for (const Period& period : ReportingPeriods(indicator.period_type)) {
        if (!random.Chance(0.6)) continue;
        domain::Value value;
        value.id = value_id++;
        value.indicator_id = indicator.id;
        value.unit_id = unit.id;
        value.period = period;
        value.number = indicator.unit_aggregation == UnitAggregation::kCountYes
                           ? random.Between(0, 1)
                           : random.Between(-4, 100) * 0.5;
        world.data.values.push_back(value);
      }
    }
  }
}

void AddObligations(Random& random, World& world) {
  Id assignment_id = 1;
  for (Id obligation_id = 1; obligation_id <= 3; ++obligation_id) {
    domain::Obligation obligation;
    obligation.id = obligation_id;
    obligation.code = "o" + std::to_string(obligation_id);
    obligation.due_on = random.DayBetween(Ymd(2020, 1, 1), Ymd(2023, 12, 31));
    obligation.issued_on = obligation.due_on.AddDays(-60);
    world.data.obligations.push_back(obligation);
    world.due_dates.push_back(obligation.due_on.AddDays(random.Between(-1, 1)));
    for (const domain::Unit& unit : world.data.units) {
      const int copies = random.Chance(0.25) ? 0 : (random.Chance(0.05) ? 2 : 1);
      for (int copy = 0; copy < copies; ++copy) {
        domain::Assignment assignment;
        assignment.id = assignment_id++;
        assignment.obligation_id = obligation_id;
        assignment.unit_id = unit.id;
        assignment.role =
            copy == 0 ? domain::AssignmentRole::kLead : domain::AssignmentRole::kCoordinate;
        const int state = random.Between(0, 9);
        if (state >= 4) {
          assignment.status = domain::AssignmentStatus::kDone;
          if (state != 4) {
            assignment.completed_on = obligation.due_on.AddDays(random.Between(-60, 150));
          }
          if (state == 5) {  // an empty submission
          } else if (state == 6) {
            assignment.evidence.attendance.push_back({"đảng viên", 42});
          } else if (state == 7) {
            assignment.evidence.files.push_back("bien-ban.pdf");
          } else {
            assignment.evidence.document_number = "05-KH/ĐU";
          }
        } else if (state >= 2) {
          assignment.status = domain::AssignmentStatus::kInProgress;
          assignment.evidence.note = "đang triển khai";
        }
        world.data.assignments.push_back(assignment);
      }
    }
  }
}

World MakeWorld(uint32_t seed) {
  Random random(seed);
  World world;
  AddUnits(random, world);
  world.data.indicators = Indicators();
  AddValues(random, world);
  AddObligations(random, world);
  // A few dates: around moves and deadlines, where mistakes hide, and two at random.
  for (int pick = 0; pick < 2 && !world.move_dates.empty(); ++pick) {
    world.dates.push_back(random.Pick(world.move_dates));
  }
  world.dates.push_back(random.Pick(world.due_dates));
  for (int pick = 0; pick < 2; ++pick)
    world.dates.push_back(random.DayBetween(kFirstDay, kLastDay));
  world.random_date = world.dates.back();
  return world;
}

// ---- The plain recomputation -----------------------------------------------------------------

class Plain {
 public:
  explicit Plain(const Data& data) : data_(data) {
    for (const domain::Unit& unit : data.units) units_[unit.id] = unit;
    for (const domain::UnitVersion& version : data.unit_versions) {
      versions_[version.unit_id].push_back(version);
    }
  }

  bool Open(Id unit_id, Date date) const {
    auto it = units_.find(unit_id);
    if (it == units_.end()) return false;
    const domain::Validity& validity = it->second.validity;
    return validity.valid_from <= date && (!validity.valid_to || date <= *validity.valid_to);
  }

  // The parent on `date`, if the version covering it names one that is open then.
  std::optional<Id> Parent(Id unit_id, Date date) const {
    if (!Open(unit_id, date)) return std::nullopt;
    auto it = versions_.find(unit_id);
    if (it == versions_.end()) return std::nullopt;
    for (const domain::UnitVersion& version : it->second) {
      const bool covers = version.validity.valid_from <= date &&
                          (!version.validity.valid_to || date <= *version.validity.valid_to);
      if (!covers) continue;
      if (version.parent_id && Open(*version.parent_id, date)) return version.parent_id;
      return std::nullopt;
    }
    return std::nullopt;
  }

  // The unit and its ancestors on `date`, the unit first; empty when it is closed.
  const std::vector<Id>& Chain(Id unit_id, Date date) const {
    auto [it, added] = chains_.try_emplace({unit_id, date.days()});
    if (!added) return it->second;
    if (!Open(unit_id, date)) return it->second;
    for (std::optional<Id> step = unit_id; step; step = Parent(*step, date)) {
      it->second.push_back(*step);
    }
    return it->second;
  }

  bool Below(Id unit_id, Id ancestor_id, Date date) const {
    const std::vector<Id>& chain = Chain(unit_id, date);
    return std::find(chain.begin(), chain.end(), ancestor_id) != chain.end();
  }

  // Every unit's children on `date`, by id.
  std::unordered_map<Id, std::vector<Id>> Children(Date date) const {
    std::unordered_map<Id, std::vector<Id>> children;
    for (const domain::Unit& unit : data_.units) {
      if (auto parent = Parent(unit.id, date)) children[*parent].push_back(unit.id);
    }
    for (auto& [parent, ids] : children) std::sort(ids.begin(), ids.end());
    return children;
  }

  const domain::Unit& Unit(Id unit_id) const { return units_.at(unit_id); }

 private:
  const Data& data_;
  std::unordered_map<Id, domain::Unit> units_;
  std::unordered_map<Id, std::vector<domain::UnitVersion>> versions_;
  mutable std::map<std::pair<Id, int32_t>, std::vector<Id>> chains_;
};

struct PlainRollup {
  bool finer = false;
  std::optional<double> value, numerator, denominator;
  int reporting = 0;
  int in_subtree = 0;
  std::vector<std::tuple<Id, Period, double>> rows;
};

const domain::Indicator& IndicatorOf(const Data& data, Id indicator_id) {
  for (const domain::Indicator& indicator : data.indicators) {
    if (indicator.id == indicator_id) return indicator;
  }
  ADD_FAILURE() << "no indicator " << indicator_id;
  return data.indicators.front();
}

// The raw rows by indicator, then unit.
using ValuesByIndicator = std::map<std::pair<Id, Id>, std::vector<domain::Value>>;

ValuesByIndicator GroupValues(const Data& data) {
  ValuesByIndicator values;
  for (const domain::Value& value : data.values) {
    values[{value.indicator_id, value.unit_id}].push_back(value);
  }
  return values;
}

// Per unit, the units in its subtree on one date (the unit itself included), from each unit's
// chain of ancestors.
std::unordered_map<Id, std::unordered_set<Id>> Subtrees(const Data& data, const Plain& plain,
                                                        Date date) {
  std::unordered_map<Id, std::unordered_set<Id>> subtrees;
  for (const domain::Unit& unit : data.units) {
    for (Id ancestor : plain.Chain(unit.id, date)) subtrees[ancestor].insert(unit.id);
  }
  return subtrees;
}

// `subtree` holds the unit asked about and the units below it on the date.
PlainRollup PlainIndicator(const Data& data, const ValuesByIndicator& values,
                           const std::unordered_set<Id>& subtree, Id indicator_id, Id unit_id,
                           const Period& period) {
  const domain::Indicator& indicator = IndicatorOf(data, indicator_id);
  PlainRollup result;
  result.in_subtree = static_cast<int>(subtree.size());
  if (indicator.computed()) {
    PlainRollup top =
        PlainIndicator(data, values, subtree, *indicator.numerator_id, unit_id, period);
    PlainRollup bottom =
        PlainIndicator(data, values, subtree, *indicator.denominator_id, unit_id, period);
    result.finer = top.finer || bottom.finer;
    result.numerator = top.value;
    result.denominator = bottom.value;
    result.reporting = top.reporting;
    if (top.value && bottom.value && *bottom.value != 0) {
      result.value = *top.value / *bottom.value * indicator.factor;
    }
    return result;
  }
  if (period.type() < indicator.period_type) {
    result.finer = true;
    return result;
  }

  // Each unit's rows within the period, then its value over time.
  std::map<Id, std::vector<std::pair<Period, double>>> by_unit;
  std::vector<Id> counted(subtree.begin(), subtree.end());
  if (indicator.unit_aggregation == UnitAggregation::kNone) {
    counted.assign(subtree.contains(unit_id) ? 1 : 0, unit_id);
  }
  for (Id member : counted) {
    auto reported = values.find({indicator_id, member});
    if (reported == values.end()) continue;
    for (const domain::Value& value : reported->second) {
      if (!value.number || value.period.type() != indicator.period_type) continue;
      if (period.Contains(value.period)) {
        by_unit[member].emplace_back(value.period, *value.number);
      }
    }
  }
  std::vector<double> unit_values;
  for (auto& [id, rows] : by_unit) {
    std::sort(rows.begin(), rows.end());
    double total = 0;
    for (const auto& [row_period, number] : rows) total += number;
    switch (indicator.time_aggregation) {
      case TimeAggregation::kSum:
        unit_values.push_back(total);
        break;
      case TimeAggregation::kAverage:
        unit_values.push_back(total / static_cast<double>(rows.size()));
        break;
      case TimeAggregation::kLast:
        unit_values.push_back(rows.back().second);
        rows = {rows.back()};
        break;
    }
    for (const auto& [row_period, number] : rows) result.rows.emplace_back(id, row_period, number);
  }
  result.reporting = static_cast<int>(unit_values.size());
  if (unit_values.empty()) return result;
  double total = 0, low = unit_values[0], high = unit_values[0];
  int yes = 0;
  for (double value : unit_values) {
    total += value;
    low = std::min(low, value);
    high = std::max(high, value);
    yes += value != 0 ? 1 : 0;
  }
  switch (indicator.unit_aggregation) {
    case UnitAggregation::kSum:
    case UnitAggregation::kNone:
      result.value = total;
      break;
    case UnitAggregation::kAverage:
      result.value = total / static_cast<double>(unit_values.size());
      break;
    case UnitAggregation::kMin:
      result.value = low;
      break;
    case UnitAggregation::kMax:
      result.value = high;
      break;
    case UnitAggregation::kCountYes:
      result.value = yes;
      break;
  }
  return result;
}

struct PlainState {
  Id assignment_id = 0, unit_id = 0, kind_id = 0;
  bool done = false, on_time = false, overdue = false;
  Date effective_due;
};

struct PlainObligation {
  std::map<Id, std::array<int, 6>> by_kind;  // expected, done, on_time, late, overdue, pending
  std::array<int, 6> total{};
  std::vector<PlainState> assignments;  // by unit, then assignment
  std::vector<PlainState> not_done;     // overdue first
};

void Tally(const PlainState& state, std::array<int, 6>& counts) {
  counts[0] += 1;
  counts[1] += state.done ? 1 : 0;
  counts[2] += state.on_time ? 1 : 0;
  counts[3] += state.done && !state.on_time ? 1 : 0;
  counts[4] += state.overdue ? 1 : 0;
  counts[5] += !state.done && !state.overdue ? 1 : 0;
}

// Where each unit stood on `as_of`: its chain of ancestors on that date, or on its last day if
// it closed before.
std::unordered_map<Id, std::vector<Id>> Standing(const Data& data, const Plain& plain, Date as_of) {
  std::unordered_map<Id, std::vector<Id>> standing;
  for (const domain::Unit& unit : data.units) {
    Date where = as_of;
    if (unit.validity.valid_to && *unit.validity.valid_to < as_of) where = *unit.validity.valid_to;
    standing[unit.id] = plain.Chain(unit.id, where);
  }
  return standing;
}

PlainObligation PlainCompleteness(const Data& data, const Plain& plain,
                                  const std::unordered_map<Id, std::vector<Id>>& standing,
                                  const std::vector<domain::Assignment>& assignments,
                                  Id obligation_id, Id unit_id, Date as_of) {
  const domain::Obligation* obligation = nullptr;
  for (const domain::Obligation& candidate : data.obligations) {
    if (candidate.id == obligation_id) obligation = &candidate;
  }
  PlainObligation result;
  for (const domain::Assignment& assignment : assignments) {
    if (assignment.obligation_id != obligation_id) continue;
    const domain::Unit& unit = plain.Unit(assignment.unit_id);
    // Expected: not closed before the deadline, opened by the date asked.
    if (unit.validity.valid_to && *unit.validity.valid_to < obligation->due_on) continue;
    if (unit.validity.valid_from > as_of) continue;
    const std::vector<Id>& chain = standing.at(unit.id);
    if (std::find(chain.begin(), chain.end(), unit_id) == chain.end()) continue;

    PlainState state;
    state.assignment_id = assignment.id;
    state.unit_id = unit.id;
    state.kind_id = unit.kind_id;
    state.effective_due = unit.validity.valid_from > obligation->due_on ? unit.validity.valid_from
                                                                        : obligation->due_on;
    const bool opened_after_due = unit.validity.valid_from > obligation->due_on;
    const bool has_evidence = !assignment.evidence.document_number.empty() ||
                              !assignment.evidence.attendance.empty() ||
                              !assignment.evidence.files.empty();
    state.done = assignment.status == domain::AssignmentStatus::kDone && assignment.completed_on &&
                 has_evidence && *assignment.completed_on <= as_of;
    state.on_time =
        state.done && (opened_after_due || *assignment.completed_on <= state.effective_due);
    state.overdue = !state.done && !opened_after_due && as_of > state.effective_due;
    Tally(state, result.total);
    Tally(state, result.by_kind[state.kind_id]);
    result.assignments.push_back(state);
  }
  std::sort(result.assignments.begin(), result.assignments.end(), [](const auto& a, const auto& b) {
    return a.unit_id != b.unit_id ? a.unit_id < b.unit_id : a.assignment_id < b.assignment_id;
  });
  for (bool overdue : {true, false}) {
    for (const PlainState& state : result.assignments) {
      if (!state.done && state.overdue == overdue) result.not_done.push_back(state);
    }
  }
  return result;
}

// ---- Comparison ------------------------------------------------------------------------------

bool Near(const std::optional<double>& actual, const std::optional<double>& expected) {
  if (actual.has_value() != expected.has_value()) return false;
  if (!actual) return true;
  return std::abs(*actual - *expected) <= 1e-9 * std::max(1.0, std::abs(*expected));
}

std::string Show(const std::optional<double>& value) {
  return value ? std::to_string(*value) : "absent";
}

std::array<int, 6> CountsOf(const CompletenessCounts& counts) {
  return {counts.expected, counts.done,    counts.on_time,
          counts.late,     counts.overdue, counts.pending};
}

// (assignment, unit, kind, done, on time, overdue, effective due day) for a readable diff.
using StateTuple = std::tuple<Id, Id, Id, bool, bool, bool, int32_t>;

std::vector<StateTuple> Tuples(const std::vector<AssignmentState>& states) {
  std::vector<StateTuple> tuples;
  for (const AssignmentState& state : states) {
    tuples.emplace_back(state.assignment_id, state.unit_id, state.kind_id, state.done,
                        state.on_time, state.overdue, state.effective_due.days());
  }
  return tuples;
}

std::vector<StateTuple> Tuples(const std::vector<PlainState>& states) {
  std::vector<StateTuple> tuples;
  for (const PlainState& state : states) {
    tuples.emplace_back(state.assignment_id, state.unit_id, state.kind_id, state.done,
                        state.on_time, state.overdue, state.effective_due.days());
  }
  return tuples;
}

// Random corrections after the engine is built, applied to both sides: a correction replaces
// the current value, one without a number withdraws it.
void Correct(uint32_t seed, Data& data, Engine& engine) {
  Random random(seed ^ 0x5eedu);
  for (int round = 0; round < 40 && !data.values.empty(); ++round) {
    domain::Value value = random.Pick(data.values);
    value.version += 1;
    if (random.Chance(0.3)) {
      value.number.reset();
    } else {
      value.number = random.Between(0, 60) * 0.5;
    }
    std::erase_if(data.values, [&](const domain::Value& old) {
      return old.indicator_id == value.indicator_id && old.unit_id == value.unit_id &&
             old.period == value.period;
    });
    data.values.push_back(value);
    engine.PutValue(value);
  }
}

const std::vector<Period>& AskedPeriods() {
  static const std::vector<Period> periods{Period::Year(2021),    Period::Year(2023),
                                           Period::Half(2022, 1), Period::Quarter(2021, 3),
                                           Period::Term(2020, 5), Period::Month(2022, 5),
                                           Period::Year(2019)};
  return periods;
}

// A random world, its engine, random corrections applied to both, and the plain side built
// from the corrected data.
struct CorrectedWorld {
  explicit CorrectedWorld(uint32_t seed)
      : world(MakeWorld(seed)),
        engine(std::make_unique<Engine>(world.data)),
        plain((Correct(seed, world.data, *engine), world.data)),
        values(GroupValues(world.data)) {}
  World world;
  std::unique_ptr<Engine> engine;
  Plain plain;
  ValuesByIndicator values;
};

// The assignments of each obligation.
std::map<Id, std::vector<domain::Assignment>> ByObligation(const Data& data) {
  std::map<Id, std::vector<domain::Assignment>> by_obligation;
  for (const domain::Assignment& assignment : data.assignments) {
    by_obligation[assignment.obligation_id].push_back(assignment);
  }
  return by_obligation;
}

TEST(RollupProperty, IndicatorRollupsMatchAPlainRecomputation) {
  int compared = 0;
  for (uint32_t seed = 1; seed <= kSeeds; ++seed) {
    SCOPED_TRACE(fmt::format("seed {}", seed));
    CorrectedWorld corrected(seed);
    World& world = corrected.world;
    Engine& engine = *corrected.engine;
    const Plain& plain = corrected.plain;
    const ValuesByIndicator& values = corrected.values;
    Random random(seed * 7919u);
    for (Date as_of : world.dates) {
      SCOPED_TRACE(fmt::format("as of {}", as_of.ToString()));
      auto subtrees = Subtrees(world.data, plain, as_of);
      for (const domain::Unit& unit : world.data.units) {
        const std::unordered_set<Id>& subtree = subtrees[unit.id];
        for (int ask = 0; ask < 3; ++ask) {
          const Id indicator_id = random.Between(1, 9);
          const Period& period = random.Pick(AskedPeriods());
          SCOPED_TRACE(fmt::format("indicator {} unit {} period {}", indicator_id, unit.id,
                                   period.ToString()));
          const PlainRollup expected =
              PlainIndicator(world.data, values, subtree, indicator_id, unit.id, period);
          auto actual = engine.RollupIndicator(indicator_id, unit.id, period, as_of);
          ++compared;
          if (expected.finer) {
            ASSERT_FALSE(actual);
            EXPECT_EQ(actual.error().code, ErrorCode::kInvalidArgument);
            continue;
          }
          ASSERT_TRUE(actual) << actual.error().message;
          EXPECT_TRUE(Near(actual->value, expected.value))
              << Show(actual->value) << " vs " << Show(expected.value);
          EXPECT_TRUE(Near(actual->numerator, expected.numerator));
          EXPECT_TRUE(Near(actual->denominator, expected.denominator));
          EXPECT_EQ(actual->units_reporting, expected.reporting);
          EXPECT_EQ(actual->units_in_subtree, expected.in_subtree);
          std::vector<std::tuple<Id, Period, double>> rows;
          for (const ValueRow& row : actual->rows)
            rows.emplace_back(row.unit_id, row.period, row.number);
          EXPECT_TRUE(rows == expected.rows) << rows.size() << " rows vs " << expected.rows.size();
          if (HasFailure()) return;
        }
      }
    }
  }
  EXPECT_GT(compared, 10'000);
}

TEST(RollupProperty, ObligationRollupsMatchAPlainRecomputation) {
  int compared = 0;
  for (uint32_t seed = 1; seed <= kSeeds; ++seed) {
    SCOPED_TRACE(fmt::format("seed {}", seed));
    const World world = MakeWorld(seed);
    const Engine engine(world.data);
    const Plain plain(world.data);
    auto by_obligation = ByObligation(world.data);
    // Every unit times every obligation is many queries: fewer dates, each chosen to matter.
    std::vector<Date> dates{world.random_date, world.due_dates.front()};
    if (!world.move_dates.empty()) dates.push_back(world.move_dates.front());
    for (Date as_of : dates) {
      SCOPED_TRACE(fmt::format("as of {}", as_of.ToString()));
      const auto standing = Standing(world.data, plain, as_of);
      for (const domain::Unit& unit : world.data.units) {
        for (const domain::Obligation& obligation : world.data.obligations) {
          SCOPED_TRACE(fmt::format("obligation {} unit {}", obligation.id, unit.id));
          const PlainObligation expected =
              PlainCompleteness(world.data, plain, standing, by_obligation[obligation.id],
                                obligation.id, unit.id, as_of);
          auto actual = engine.RollupObligation(obligation.id, unit.id, as_of);
          ASSERT_TRUE(actual) << actual.error().message;
          ++compared;
          EXPECT_EQ(CountsOf(actual->total), expected.total);
          std::map<Id, std::array<int, 6>> by_kind;
          Id previous_kind = 0;
          for (const KindCounts& kind : actual->by_kind) {
            EXPECT_LT(previous_kind, kind.kind_id) << "kinds out of order";
            previous_kind = kind.kind_id;
            by_kind[kind.kind_id] = CountsOf(kind.counts);
          }
          EXPECT_EQ(by_kind, expected.by_kind);
          EXPECT_EQ(Tuples(actual->assignments), Tuples(expected.assignments)) << "assignments";
          EXPECT_EQ(Tuples(actual->not_done), Tuples(expected.not_done)) << "not done";
          if (HasFailure()) return;
        }
      }
    }
  }
  EXPECT_GT(compared, 10'000);
}

TEST(RollupProperty, TreeQueriesMatchAPlainWalk) {
  for (uint32_t seed = 1; seed <= kSeeds; ++seed) {
    SCOPED_TRACE(fmt::format("seed {}", seed));
    const World world = MakeWorld(seed);
    const Engine engine(world.data);
    const Plain plain(world.data);
    for (Date as_of : world.dates) {
      SCOPED_TRACE(fmt::format("as of {}", as_of.ToString()));
      auto children = plain.Children(as_of);
      for (const domain::Unit& unit : world.data.units) {
        SCOPED_TRACE(fmt::format("unit {}", unit.id));
        EXPECT_EQ(*engine.Children(unit.id, as_of), children[unit.id]);
        EXPECT_EQ(*engine.Parent(unit.id, as_of), plain.Parent(unit.id, as_of));
        std::vector<Id> path;
        if (plain.Open(unit.id, as_of)) {
          for (std::optional<Id> step = unit.id; step; step = plain.Parent(*step, as_of)) {
            path.insert(path.begin(), *step);
          }
        }
        EXPECT_EQ(*engine.Path(unit.id, as_of), path);
        if (HasFailure()) return;
      }
    }
  }
}

// The units RollupTree answers for, by a plain walk: the root and its open descendants down to
// `max_depth` levels, depth first with siblings by id.
std::vector<std::pair<Id, int>> PlainSlots(const std::unordered_map<Id, std::vector<Id>>& children,
                                           Id root, int max_depth) {
  std::vector<std::pair<Id, int>> slots;
  std::vector<std::pair<Id, int>> stack{{root, 0}};
  while (!stack.empty()) {
    auto [unit, depth] = stack.back();
    stack.pop_back();
    slots.emplace_back(unit, depth);
    if (depth == max_depth) continue;
    auto it = children.find(unit);
    if (it == children.end()) continue;
    for (auto child = it->second.rbegin(); child != it->second.rend(); ++child) {
      stack.emplace_back(*child, depth + 1);
    }
  }
  return slots;
}

TEST(RollupProperty, TreeRollupsMatchAPlainRecomputationForEveryUnit) {
  int compared = 0;
  for (uint32_t seed = 1; seed <= kSeeds; ++seed) {
    SCOPED_TRACE(fmt::format("seed {}", seed));
    CorrectedWorld corrected(seed);
    World& world = corrected.world;
    Engine& engine = *corrected.engine;
    const Plain& plain = corrected.plain;
    const ValuesByIndicator& values = corrected.values;
    Random random(seed * 104729u);
    for (Date as_of : world.dates) {
      SCOPED_TRACE(fmt::format("as of {}", as_of.ToString()));
      auto subtrees = Subtrees(world.data, plain, as_of);
      const auto children = plain.Children(as_of);
      for (int ask = 0; ask < 12; ++ask) {
        const Id root = random.Pick(world.data.units).id;
        const Id indicator_id = random.Between(1, 9);
        const Period& period = random.Pick(AskedPeriods());
        const int max_depth = random.Between(0, kMaxDepth);
        SCOPED_TRACE(fmt::format("indicator {} root {} period {} depth {}", indicator_id, root,
                                 period.ToString(), max_depth));
        auto actual = engine.RollupTree(indicator_id, root, period, as_of, max_depth);
        const bool finer =
            PlainIndicator(world.data, values, subtrees[root], indicator_id, root, period).finer;
        if (finer) {
          ASSERT_FALSE(actual);
          EXPECT_EQ(actual.error().code, ErrorCode::kInvalidArgument);
          continue;
        }
        ASSERT_TRUE(actual) << actual.error().message;
        const std::vector<std::pair<Id, int>> slots = plain.Open(root, as_of)
                                                          ? PlainSlots(children, root, max_depth)
                                                          : std::vector<std::pair<Id, int>>{};
        ASSERT_EQ(actual->size(), slots.size());
        for (size_t i = 0; i < slots.size(); ++i) {
          const UnitFigure& figure = (*actual)[i];
          EXPECT_EQ(figure.unit_id, slots[i].first);
          EXPECT_EQ(figure.depth, slots[i].second);
          const PlainRollup expected = PlainIndicator(world.data, values, subtrees[figure.unit_id],
                                                      indicator_id, figure.unit_id, period);
          EXPECT_TRUE(Near(figure.value, expected.value))
              << "unit " << figure.unit_id << ": " << Show(figure.value) << " vs "
              << Show(expected.value);
          EXPECT_TRUE(Near(figure.numerator, expected.numerator));
          EXPECT_TRUE(Near(figure.denominator, expected.denominator));
          EXPECT_EQ(figure.units_reporting, expected.reporting) << "unit " << figure.unit_id;
          EXPECT_EQ(figure.units_in_subtree, expected.in_subtree) << "unit " << figure.unit_id;
          ++compared;
        }
        if (HasFailure()) return;
      }
    }
  }
  EXPECT_GT(compared, 3'000);
}

TEST(RollupProperty, CompletenessTreesMatchAPlainRecomputationForEveryUnit) {
  int compared = 0;
  for (uint32_t seed = 1; seed <= kSeeds; ++seed) {
    SCOPED_TRACE(fmt::format("seed {}", seed));
    const World world = MakeWorld(seed);
    const Engine engine(world.data);
    const Plain plain(world.data);
    auto by_obligation = ByObligation(world.data);
    Random random(seed * 15485863u);
    for (Date as_of : world.dates) {
      SCOPED_TRACE(fmt::format("as of {}", as_of.ToString()));
      const auto standing = Standing(world.data, plain, as_of);
      const auto children = plain.Children(as_of);
      for (const domain::Obligation& obligation : world.data.obligations) {
        const Id root = random.Pick(world.data.units).id;
        const int max_depth = random.Between(0, kMaxDepth);
        SCOPED_TRACE(fmt::format("obligation {} root {} depth {}", obligation.id, root, max_depth));
        auto actual = engine.CompletenessTree(obligation.id, root, as_of, max_depth);
        ASSERT_TRUE(actual) << actual.error().message;
        const std::vector<std::pair<Id, int>> slots = plain.Open(root, as_of)
                                                          ? PlainSlots(children, root, max_depth)
                                                          : std::vector<std::pair<Id, int>>{};
        ASSERT_EQ(actual->size(), slots.size());
        for (size_t i = 0; i < slots.size(); ++i) {
          const UnitCompleteness& figure = (*actual)[i];
          EXPECT_EQ(figure.unit_id, slots[i].first);
          const PlainObligation expected =
              PlainCompleteness(world.data, plain, standing, by_obligation[obligation.id],
                                obligation.id, figure.unit_id, as_of);
          EXPECT_EQ(CountsOf(figure.counts), expected.total) << "unit " << figure.unit_id;
          ++compared;
        }
        if (HasFailure()) return;
      }
    }
  }
  EXPECT_GT(compared, 1'000);
}

// A figure of a full recompute, in the row layout, comparable as a whole.
using FigureRow = std::tuple<Id, int, std::optional<double>, std::optional<double>,
                             std::optional<double>, int, int>;

// The rows of one table, after checking its columns' layout: every column as long as the
// table, absent figures 0 with their presence byte 0, present ones with it 1.
std::vector<FigureRow> RowsOf(const FigureColumns& columns, bool computed) {
  const size_t size = columns.size();
  EXPECT_EQ(columns.depth.size(), size);
  EXPECT_EQ(columns.units_in_subtree.size(), size);
  EXPECT_EQ(columns.units_reporting.size(), size);
  EXPECT_EQ(columns.value.size(), size);
  EXPECT_EQ(columns.has_value.size(), size);
  const size_t sides = computed ? size : 0;
  EXPECT_EQ(columns.numerator.size(), sides);
  EXPECT_EQ(columns.has_numerator.size(), sides);
  EXPECT_EQ(columns.denominator.size(), sides);
  EXPECT_EQ(columns.has_denominator.size(), sides);
  std::vector<FigureRow> rows;
  for (size_t slot = 0; slot < size; ++slot) {
    EXPECT_LE(columns.has_value[slot], 1);
    if (!columns.has_value[slot]) {
      EXPECT_EQ(columns.value[slot], 0.0);
    }
    if (computed) {
      EXPECT_LE(columns.has_numerator[slot], 1);
      EXPECT_LE(columns.has_denominator[slot], 1);
      if (!columns.has_numerator[slot]) {
        EXPECT_EQ(columns.numerator[slot], 0.0);
      }
      if (!columns.has_denominator[slot]) {
        EXPECT_EQ(columns.denominator[slot], 0.0);
      }
    }
    const UnitFigure figure = columns.at(slot);
    rows.emplace_back(figure.unit_id, figure.depth, figure.value, figure.numerator,
                      figure.denominator, figure.units_reporting, figure.units_in_subtree);
  }
  return rows;
}

// The full recompute answers exactly the (indicator, period) tables the values call for, each
// equal to a plain recomputation for every unit of the tree, and every number of workers gives
// the very same tables.
TEST(RollupProperty, FullRecomputeMatchesAPlainRecomputationForEveryTable) {
  int tables = 0;
  int compared = 0;
  for (uint32_t seed = 1; seed <= kSeeds; seed += 3) {
    SCOPED_TRACE(fmt::format("seed {}", seed));
    CorrectedWorld corrected(seed);
    const World& world = corrected.world;
    const Engine& engine = *corrected.engine;
    Random random(seed * 31u);
    const Id root = random.Pick(world.data.units).id;
    const Date as_of = random.Pick(world.dates);
    const int max_depth = random.Between(0, kMaxDepth);
    SCOPED_TRACE(fmt::format("root {} as of {} depth {}", root, as_of.ToString(), max_depth));
    auto subtrees = Subtrees(world.data, corrected.plain, as_of);
    std::set<std::pair<Id, Period>> expected;
    std::set<Id> computed;
    for (const domain::Indicator& indicator : world.data.indicators) {
      if (indicator.computed()) computed.insert(indicator.id);
      const Id source = indicator.computed() ? *indicator.numerator_id : indicator.id;
      for (const domain::Value& value : world.data.values) {
        if (value.indicator_id != source || !value.number) continue;
        if (value.period.type() > indicator.period_type) continue;
        expected.insert(
            {indicator.id, Period::Containing(indicator.period_type, value.period.start())});
      }
    }
    std::map<std::pair<Id, Period>, std::vector<FigureRow>> one_worker;
    for (int workers : {1, 2, 3}) {
      SCOPED_TRACE(fmt::format("workers {}", workers));
      std::mutex mutex;
      std::map<std::pair<Id, Period>, std::vector<FigureRow>> got;
      size_t figures = 0;
      auto done = engine.RollupAll(
          root, as_of, max_depth, workers,
          [&](int worker, Id indicator_id, const Period& period, const FigureColumns& columns) {
            EXPECT_GE(worker, 0);
            EXPECT_LT(worker, workers);
            std::vector<FigureRow> rows = RowsOf(columns, computed.contains(indicator_id));
            std::lock_guard lock(mutex);
            figures += rows.size();
            EXPECT_TRUE(got.emplace(std::pair(indicator_id, period), std::move(rows)).second);
          });
      ASSERT_TRUE(done) << done.error().message;
      EXPECT_EQ(done->tables, expected.size());
      EXPECT_EQ(done->figures, figures);
      EXPECT_EQ(done->bytes_read, done->numbers_read * 12);
      std::set<std::pair<Id, Period>> seen;
      for (const auto& [table, rows] : got) seen.insert(table);
      EXPECT_EQ(seen, expected);
      if (workers > 1) {
        EXPECT_TRUE(got == one_worker);
        continue;
      }
      for (const auto& [table, rows] : got) {
        const auto& [indicator_id, period] = table;
        for (const FigureRow& row : rows) {
          const auto& [unit_id, depth, value, numerator, denominator, reporting, in_subtree] = row;
          SCOPED_TRACE(fmt::format("indicator {} period {} unit {}", indicator_id,
                                   period.ToString(), unit_id));
          const PlainRollup plain = PlainIndicator(world.data, corrected.values, subtrees[unit_id],
                                                   indicator_id, unit_id, period);
          EXPECT_TRUE(Near(value, plain.value)) << Show(value) << " vs " << Show(plain.value);
          EXPECT_TRUE(Near(numerator, plain.numerator));
          EXPECT_TRUE(Near(denominator, plain.denominator));
          EXPECT_EQ(reporting, plain.reporting);
          EXPECT_EQ(in_subtree, plain.in_subtree);
          ++compared;
        }
      }
      // The same tables as one roll-up at a time gives, slot by slot.
      for (const auto& [table, rows] : got) {
        auto single = engine.RollupTree(table.first, root, table.second, as_of, max_depth);
        ASSERT_TRUE(single) << single.error().message;
        ASSERT_EQ(single->size(), rows.size());
        for (size_t i = 0; i < rows.size(); ++i) {
          const UnitFigure& figure = (*single)[i];
          EXPECT_EQ(rows[i],
                    FigureRow(figure.unit_id, figure.depth, figure.value, figure.numerator,
                              figure.denominator, figure.units_reporting, figure.units_in_subtree));
        }
      }
      one_worker = std::move(got);
      if (HasFailure()) return;
    }
    tables += static_cast<int>(expected.size());
  }
  EXPECT_GT(tables, 30);
  EXPECT_GT(compared, 1'000);
}

// Readers running while a writer applies batches see each batch whole or not at all: every
// batch moves an amount between two units of one tree, so the root's sum never changes, and
// the final figures equal a plain recomputation.
TEST(RollupProperty, ConcurrentReadersSeeWholeBatchesOnly) {
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE(fmt::format("seed {}", seed));
    Data data;
    data.kinds.push_back({1, "k", "k", "k", 0});
    const int units = 2'000;
    for (Id id = 1; id <= units; ++id) {
      domain::Unit unit;
      unit.id = id;
      unit.code = "u" + std::to_string(id);
      unit.kind_id = 1;
      unit.validity.valid_from = kFirstDay;
      data.units.push_back(unit);
      domain::UnitVersion version;
      version.id = id;
      version.unit_id = id;
      if (id > 1) version.parent_id = (id - 2) / 8 + 1;  // an 8-ary tree under unit 1
      version.validity.valid_from = kFirstDay;
      data.unit_versions.push_back(version);
    }
    data.indicators.push_back(
        MakeIndicator(1, UnitAggregation::kSum, TimeAggregation::kSum, PeriodType::kMonth));
    Engine engine(data);
    const Period month = Period::Month(2022, 3);
    std::vector<double> numbers(units + 1, 0);
    std::vector<ValueUpdate> start;
    for (Id id = 1; id <= units; ++id) {
      numbers[static_cast<size_t>(id)] = 100;
      start.push_back({1, id, month, 100.0});
    }
    engine.PutValues(start);
    const double total = 100.0 * units;
    const Date as_of = Ymd(2023, 1, 1);

    std::atomic<bool> done{false};
    std::atomic<int> reads{0};
    std::atomic<int> torn{0};
    auto reader = [&] {
      while (!done.load()) {
        auto tree = engine.RollupTree(1, 1, month, as_of, 1);
        auto one = engine.RollupIndicator(1, 1, Period::Year(2022), as_of);
        if (!tree || !one || tree->front().value != total || one->value != total) ++torn;
        ++reads;
      }
    };
    std::thread first(reader);
    std::thread second(reader);
    Random random(seed);
    for (int batch = 0; batch < 1'500; ++batch) {
      const Id from = random.Between(1, units);
      const Id to = random.Between(1, units);
      if (from == to) continue;
      const double amount = random.Between(1, 50);
      numbers[static_cast<size_t>(from)] -= amount;
      numbers[static_cast<size_t>(to)] += amount;
      const std::vector<ValueUpdate> updates{{1, from, month, numbers[static_cast<size_t>(from)]},
                                             {1, to, month, numbers[static_cast<size_t>(to)]}};
      engine.PutValues(updates);
    }
    while (reads.load() < 100) std::this_thread::yield();
    done = true;
    first.join();
    second.join();
    EXPECT_EQ(torn.load(), 0) << "of " << reads.load() << " reads";
    // And the end state is exactly the writer's numbers, unit by unit and summed up the tree.
    auto figures = engine.RollupTree(1, 1, month, as_of, 20);
    ASSERT_TRUE(figures);
    ASSERT_EQ(figures->size(), static_cast<size_t>(units));
    std::vector<double> sums(numbers);
    for (Id id = units; id > 1; --id)
      sums[static_cast<size_t>((id - 2) / 8 + 1)] += sums[static_cast<size_t>(id)];
    for (const UnitFigure& figure : *figures) {
      EXPECT_EQ(figure.value, sums[static_cast<size_t>(figure.unit_id)])
          << "unit " << figure.unit_id;
    }
    EXPECT_EQ(engine.ValueCount(), static_cast<size_t>(units));
  }
}

}  // namespace
}  // namespace nq::engine
