// Property test of the structure rule (docs/structure-rule.md) on random trees with random
// merges and moves over the years: a past period asked today (the default rule) is computed in
// the tree of its last day, and equals a plain recomputation over the units that stood below the
// unit then; a comparable figure of a merged unit equals a plain recomputation over its
// predecessors. The plain side uses straightforward loops over the raw rows only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/comparable.h"
#include "engine/engine.h"
#include "engine/structure.h"

namespace nq::engine {
namespace {

using domain::Period;
using domain::PeriodType;
using domain::TimeAggregation;
using domain::UnitAggregation;

Date Ymd(int year, int month, int day) { return *Date::FromYmd(year, month, day); }

const Date kToday = Ymd(2026, 12, 7);
const Date kOpened = Ymd(2019, 1, 1);
constexpr int kFirstYear = 2019;
constexpr int kLastYear = 2026;
constexpr Id kSum = 10, kCountYes = 11, kPercent = 12, kNumerator = 13, kDenominator = 14,
             kAverage = 15;

domain::Indicator MakeIndicator(Id id, UnitAggregation across) {
  domain::Indicator indicator;
  indicator.id = id;
  indicator.code = "i" + std::to_string(id);
  indicator.name = indicator.code;
  indicator.unit_aggregation = across;
  indicator.time_aggregation = TimeAggregation::kSum;
  indicator.period_type = PeriodType::kYear;
  return indicator;
}

// A province (1) with three districts (2–4) and communes below them; over the years some
// communes move between districts and some are merged into new communes.
struct World {
  Data data;
  std::vector<domain::Lineage> lineages;
  std::map<Id, std::vector<Id>> merged_from;  // new commune → its sources
  std::map<Id, Date> merged_on;
};

domain::Unit MakeUnit(Id id, Date from, std::optional<Date> to = std::nullopt) {
  domain::Unit unit;
  unit.id = id;
  unit.code = "u" + std::to_string(id);
  unit.name = unit.code;
  unit.short_name = unit.code;
  unit.kind_id = 1;
  unit.validity.valid_from = from;
  unit.validity.valid_to = to;
  return unit;
}

void AddVersion(World& world, Id unit, std::optional<Id> parent, Date from,
                std::optional<Date> to) {
  domain::UnitVersion version;
  version.id = static_cast<Id>(world.data.unit_versions.size()) + 1;
  version.unit_id = unit;
  version.parent_id = parent;
  version.validity = domain::Validity{from, to};
  world.data.unit_versions.push_back(version);
}

domain::Unit* FindUnit(World& world, Id id) {
  for (domain::Unit& unit : world.data.units) {
    if (unit.id == id) return &unit;
  }
  return nullptr;
}

// Ends the unit's open version the day before `date` (and the unit itself when `close`).
void EndOn(World& world, Id unit, Date date, bool close) {
  for (domain::UnitVersion& version : world.data.unit_versions) {
    if (version.unit_id == unit && !version.validity.valid_to) {
      version.validity.valid_to = date.AddDays(-1);
    }
  }
  if (close) FindUnit(world, unit)->validity.valid_to = date.AddDays(-1);
}

std::optional<Id> OpenParent(const World& world, Id unit) {
  for (const domain::UnitVersion& version : world.data.unit_versions) {
    if (version.unit_id == unit && !version.validity.valid_to) return version.parent_id;
  }
  return std::nullopt;
}

World MakeWorld(uint32_t seed) {
  std::mt19937 random(seed);
  auto below = [&](int n) { return static_cast<int>(random() % static_cast<uint32_t>(n)); };
  World world;
  domain::UnitKind kind;
  kind.id = 1;
  kind.code = "k";
  kind.name = "k";
  world.data.kinds.push_back(kind);
  for (Id id : {1, 2, 3, 4}) {
    world.data.units.push_back(MakeUnit(id, kOpened));
    AddVersion(world, id, id == 1 ? std::nullopt : std::optional<Id>(1), kOpened, std::nullopt);
  }
  std::vector<Id> open;  // communes open now, in creation order
  const int communes = 5 + below(6);
  for (int index = 0; index < communes; ++index) {
    const Id id = 20 + index * 3 + below(3);  // ids not in creation order of parents
    world.data.units.push_back(MakeUnit(id, kOpened));
    AddVersion(world, id, 2 + below(3), kOpened, std::nullopt);
    open.push_back(id);
  }
  const std::vector<Date> days = {Ymd(2021, 4, 1), Ymd(2022, 7, 1), Ymd(2023, 1, 1),
                                  Ymd(2024, 10, 1), Ymd(2025, 7, 1)};
  Id next_unit = 100;
  Id next_event = 1;
  for (Date date : days) {
    if (below(4) == 0 || open.size() < 3) continue;
    if (below(2) == 0) {  // a move
      const Id unit = open[below(static_cast<int>(open.size()))];
      const Id parent = 2 + below(3);
      EndOn(world, unit, date, false);
      AddVersion(world, unit, parent, date, std::nullopt);
      world.lineages.push_back(domain::Lineage{
          next_event++, domain::LineageKind::kMove, date, {unit}, {unit}, "", "{}"});
      continue;
    }
    // A merge of two or three open communes into a new one.
    std::shuffle(open.begin(), open.end(), random);
    const size_t count = std::min<size_t>(open.size(), 2 + below(2));
    std::vector<Id> sources(open.begin(), open.begin() + static_cast<long>(count));
    open.erase(open.begin(), open.begin() + static_cast<long>(count));
    const Id merged = next_unit++;
    const Id parent = OpenParent(world, sources.front()).value_or(2);
    for (Id source : sources) EndOn(world, source, date, true);
    world.data.units.push_back(MakeUnit(merged, date));
    AddVersion(world, merged, parent, date, std::nullopt);
    open.push_back(merged);
    std::sort(sources.begin(), sources.end());
    world.lineages.push_back(domain::Lineage{
        next_event++, domain::LineageKind::kMerge, date, sources, {merged}, "", "{}"});
    world.merged_from[merged] = sources;
    world.merged_on[merged] = date;
  }
  for (Id id : {kSum, kNumerator, kDenominator}) {
    world.data.indicators.push_back(MakeIndicator(id, UnitAggregation::kSum));
  }
  world.data.indicators.push_back(MakeIndicator(kCountYes, UnitAggregation::kCountYes));
  world.data.indicators.push_back(MakeIndicator(kAverage, UnitAggregation::kAverage));
  domain::Indicator percent = MakeIndicator(kPercent, UnitAggregation::kSum);
  percent.value_type = domain::ValueType::kPercent;
  percent.numerator_id = kNumerator;
  percent.denominator_id = kDenominator;
  percent.factor = 100;
  world.data.indicators.push_back(percent);
  // Each commune reports every year it is open at the year's end, most years.
  Id next_value = 1;
  for (const domain::Unit& unit : world.data.units) {
    if (unit.id < 20) continue;
    for (int year = kFirstYear; year <= kLastYear; ++year) {
      const Period period = Period::Year(year);
      if (!unit.validity.Covers(period.end()) || below(6) == 0) continue;
      const double denominator = 10 + below(90);
      const std::vector<std::pair<Id, double>> numbers = {
          {kSum, static_cast<double>(below(1000))},
          {kCountYes, static_cast<double>(below(2))},
          {kAverage, static_cast<double>(below(100)) / 4},
          {kNumerator, std::floor(denominator * below(101) / 100)},
          {kDenominator, denominator}};
      for (const auto& [indicator, number] : numbers) {
        domain::Value value;
        value.id = next_value++;
        value.indicator_id = indicator;
        value.unit_id = unit.id;
        value.period = period;
        value.number = number;
        world.data.values.push_back(value);
      }
    }
  }
  return world;
}

// ---- The plain recomputation

// The unit's parent on `day`, from the raw versions.
std::optional<Id> ParentOn(const Data& data, Id unit, Date day) {
  for (const domain::UnitVersion& version : data.unit_versions) {
    if (version.unit_id == unit && version.validity.Covers(day)) return version.parent_id;
  }
  return std::nullopt;
}

bool OpenOn(const Data& data, Id unit, Date day) {
  for (const domain::Unit& u : data.units) {
    if (u.id == unit) return u.validity.Covers(day);
  }
  return false;
}

bool BelowOn(const Data& data, Id unit, Id ancestor, Date day) {
  for (int depth = 0; depth < 16; ++depth) {
    if (!OpenOn(data, unit, day)) return false;
    if (unit == ancestor) return true;
    std::optional<Id> parent = ParentOn(data, unit, day);
    if (!parent) return false;
    unit = *parent;
  }
  return false;
}

std::optional<double> ValueOf(const Data& data, Id indicator, Id unit, const Period& period) {
  for (const domain::Value& value : data.values) {
    if (value.indicator_id == indicator && value.unit_id == unit && value.period == period) {
      return value.number;
    }
  }
  return std::nullopt;
}

// The indicator combined over `units` by its rules across units; none when nobody reported.
std::optional<double> Combine(const Data& data, Id indicator, const std::vector<Id>& units,
                              const Period& period) {
  if (indicator == kPercent) {
    double numerator = 0, denominator = 0;
    bool any = false;
    for (Id unit : units) {
      auto n = ValueOf(data, kNumerator, unit, period);
      auto d = ValueOf(data, kDenominator, unit, period);
      if (n) numerator += *n;
      if (d) denominator += *d;
      any = any || (n && d);
    }
    if (!any || denominator == 0) return std::nullopt;
    return numerator / denominator * 100;
  }
  double sum = 0;
  int count = 0, yes = 0;
  for (Id unit : units) {
    auto value = ValueOf(data, indicator, unit, period);
    if (!value) continue;
    sum += *value;
    ++count;
    yes += *value != 0 ? 1 : 0;
  }
  if (count == 0) return std::nullopt;
  if (indicator == kCountYes) return yes;
  if (indicator == kAverage) return sum / count;
  return sum;
}

// The units below `ancestor` on `day`, the ancestor included.
std::vector<Id> SubtreeOn(const Data& data, Id ancestor, Date day) {
  std::vector<Id> out;
  for (const domain::Unit& unit : data.units) {
    if (BelowOn(data, unit.id, ancestor, day)) out.push_back(unit.id);
  }
  return out;
}

// The communes a merged unit was formed from, through earlier merges, that reported `period`
// (which ended before the merges).
void PredecessorsOf(const World& world, Id unit, const Period& period, std::vector<Id>& out) {
  auto merged = world.merged_from.find(unit);
  if (merged == world.merged_from.end() || world.merged_on.at(unit) <= period.start()) return;
  for (Id source : merged->second) {
    out.push_back(source);
    PredecessorsOf(world, source, period, out);
  }
}

bool Near(const std::optional<double>& actual, const std::optional<double>& expected) {
  if (actual.has_value() != expected.has_value()) return false;
  return !actual || std::fabs(*actual - *expected) <= 1e-9 * (1 + std::fabs(*expected));
}

std::string Show(const std::optional<double>& value) {
  return value ? std::to_string(*value) : "none";
}

std::unique_ptr<Engine> EngineOf(const World& world) {
  auto engine = std::make_unique<Engine>(world.data);
  engine->SetStructure(std::make_shared<const Structure>(world.data.units, world.lineages));
  return engine;
}

constexpr uint32_t kWorlds = 40;
const std::vector<Id> kIndicators = {kSum, kCountYes, kPercent, kAverage};

// A past period asked today, with no day named, is computed in the tree of its last day, and
// its figure for every unit open today equals the plain recomputation over the units below it
// then; the same figure asked as of the period's end.
TEST(StructureProperty, APastPeriodAskedTodayUsesTheTreeOfItsLastDay) {
  int compared = 0;
  for (uint32_t seed = 1; seed <= kWorlds; ++seed) {
    const World world = MakeWorld(seed);
    const auto engine = EngineOf(world);
    const Structure& structure = *engine->structure();
    for (const domain::Unit& unit : world.data.units) {
      if (!unit.validity.Covers(kToday)) continue;
      for (int year = kFirstYear; year < kToday.year(); ++year) {
        const Period period = Period::Year(year);
        const Date day = DefaultStructureDate(structure, unit.id, period, kToday);
        // A unit opened after the period had no place in that tree: today's holds it.
        const Date expected_day = unit.validity.valid_from > period.end() ? kToday : period.end();
        ASSERT_EQ(day, expected_day) << "seed " << seed << " unit " << unit.id << " " << year;
        const std::vector<Id> below = SubtreeOn(world.data, unit.id, day);
        for (Id indicator : kIndicators) {
          auto figure = engine->RollupIndicator(indicator, unit.id, period, day);
          ASSERT_TRUE(figure) << figure.error().message;
          const std::optional<double> expected = Combine(world.data, indicator, below, period);
          EXPECT_TRUE(Near(figure->value, expected))
              << "seed " << seed << " unit " << unit.id << " indicator " << indicator << " " << year
              << ": engine " << Show(figure->value) << ", plain " << Show(expected);
          if (day == period.end()) {
            auto at_end = engine->RollupIndicator(indicator, unit.id, period, period.end());
            EXPECT_TRUE(Near(at_end->value, figure->value));
          }
          ++compared;
        }
      }
      // A period still running uses today's tree; a closed unit its last open day.
      EXPECT_EQ(DefaultStructureDate(structure, unit.id, Period::Year(kToday.year()), kToday),
                kToday);
    }
    for (const auto& [merged, sources] : world.merged_from) {
      for (Id source : sources) {
        const Date last = *structure.ValidityOf(source)->valid_to;
        EXPECT_EQ(DefaultStructureDate(structure, source, std::nullopt, kToday), last);
        EXPECT_EQ(DefaultStructureDate(structure, source, Period::Year(last.year()), kToday), last);
      }
    }
  }
  EXPECT_GT(compared, 1000);
}

// A comparable figure of a merged unit for a period before its merge equals the plain
// recomputation over its predecessors: sums and counts add up, percentages are Σnum/Σden, the
// average is weighted by the units reporting.
TEST(StructureProperty, AComparableFigureOfAMergedUnitCombinesItsPredecessors) {
  int compared = 0;
  for (uint32_t seed = 1; seed <= kWorlds; ++seed) {
    const World world = MakeWorld(seed);
    const auto engine = EngineOf(world);
    for (const auto& [merged, sources] : world.merged_from) {
      for (int year = kFirstYear; Period::Year(year).end() < world.merged_on.at(merged); ++year) {
        const Period period = Period::Year(year);
        std::vector<Id> predecessors;
        PredecessorsOf(world, merged, period, predecessors);
        for (Id indicator : kIndicators) {
          const domain::Indicator* definition = nullptr;
          for (const domain::Indicator& i : world.data.indicators) {
            if (i.id == indicator) definition = &i;
          }
          auto series = ComparableSeries(*engine, *definition, merged, {period}, true);
          ASSERT_TRUE(series) << series.error().message;
          const std::optional<double> expected =
              Combine(world.data, indicator, predecessors, period);
          EXPECT_TRUE(Near(series->front().value, expected))
              << "seed " << seed << " unit " << merged << " indicator " << indicator << " " << year
              << ": comparable " << Show(series->front().value) << ", plain " << Show(expected);
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 50);
}

}  // namespace
}  // namespace nq::engine
