#include "engine/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "app/figures_text.h"
#include "engine/comparable.h"
#include "engine/structure.h"
#include "engine/test_data.h"

namespace nq::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace test;  // NOLINT(google-build-using-namespace): the test's own builders

// 1 province
// ├── 2 district (kind 2): 4, 5 communes (kind 3)
// └── 3 district (kind 2): 6 commune (kind 3)
DataBuilder Province() {
  DataBuilder builder;
  builder.Kind(1, "tinh").Kind(2, "huyen").Kind(3, "xa");
  builder.Unit(1, std::nullopt, 1).Unit(2, 1, 2).Unit(3, 1, 2);
  builder.Unit(4, 2, 3).Unit(5, 2, 3).Unit(6, 3, 3);
  return builder;
}

std::vector<std::tuple<Id, std::string, double>> Rows(const IndicatorRollup& rollup) {
  std::vector<std::tuple<Id, std::string, double>> rows;
  for (const ValueRow& row : rollup.rows)
    rows.emplace_back(row.unit_id, row.period.ToString(), row.number);
  return rows;
}

// ---- The tree as of a date -------------------------------------------------------------------

TEST(EngineTree, ChildrenAreOrderedById) {
  DataBuilder builder = Province();
  builder.Unit(9, 1, 2).Unit(7, 1, 2);
  Engine engine(builder.Build());
  auto children = engine.Children(1, Day("2021-01-01"));
  ASSERT_TRUE(children) << children.error().message;
  EXPECT_THAT(*children, ElementsAre(2, 3, 7, 9));
}

TEST(EngineTree, MoveChangesParentChildrenPathAndSubtreeByDate) {
  DataBuilder builder = Province();
  builder.Move(5, 3, "2022-01-01");
  Engine engine(builder.Build());
  const Date before = Day("2021-12-31"), after = Day("2022-01-01");

  EXPECT_THAT(*engine.Children(2, before), ElementsAre(4, 5));
  EXPECT_THAT(*engine.Children(3, before), ElementsAre(6));
  EXPECT_THAT(*engine.Children(2, after), ElementsAre(4));
  EXPECT_THAT(*engine.Children(3, after), ElementsAre(5, 6));
  EXPECT_EQ(*engine.Parent(5, before), std::optional<Id>(2));
  EXPECT_EQ(*engine.Parent(5, after), std::optional<Id>(3));
  EXPECT_THAT(*engine.Path(5, before), ElementsAre(1, 2, 5));
  EXPECT_THAT(*engine.Path(5, after), ElementsAre(1, 3, 5));
  EXPECT_TRUE(engine.InSubtree(5, 2, before));
  EXPECT_FALSE(engine.InSubtree(5, 2, after));
  EXPECT_TRUE(engine.InSubtree(5, 3, after));
  EXPECT_TRUE(engine.InSubtree(5, 1, after));
  EXPECT_TRUE(engine.InSubtree(5, 5, after));
}

TEST(EngineTree, ClosedAndNotYetOpenUnitsAreNotInTheTree) {
  DataBuilder builder = Province();
  builder.Unit(7, 2, 3, "2000-01-01", "2020-12-31").Unit(8, 2, 3, "2022-01-01");
  Engine engine(builder.Build());
  EXPECT_THAT(*engine.Children(2, Day("2020-12-31")), ElementsAre(4, 5, 7));
  EXPECT_THAT(*engine.Children(2, Day("2021-06-01")), ElementsAre(4, 5));
  EXPECT_THAT(*engine.Children(2, Day("2022-01-01")), ElementsAre(4, 5, 8));
  EXPECT_THAT(*engine.Children(7, Day("2021-06-01")), IsEmpty());
  EXPECT_THAT(*engine.Path(7, Day("2021-06-01")), IsEmpty());
  EXPECT_EQ(*engine.Parent(7, Day("2021-06-01")), std::nullopt);
  EXPECT_FALSE(engine.InSubtree(7, 2, Day("2021-06-01")));
  EXPECT_FALSE(engine.InSubtree(2, 7, Day("2021-06-01")));
}

TEST(EngineTree, RootHasNoParentAndPathOfItself) {
  Engine engine(Province().Build());
  EXPECT_EQ(*engine.Parent(1, Day("2021-01-01")), std::nullopt);
  EXPECT_THAT(*engine.Path(1, Day("2021-01-01")), ElementsAre(1));
  EXPECT_THAT(*engine.Path(6, Day("2021-01-01")), ElementsAre(1, 3, 6));
}

TEST(EngineTree, UnitUnderAClosedParentBecomesARoot) {
  DataBuilder builder;
  builder.Unit(1, std::nullopt).Unit(2, 1, 1, "2000-01-01", "2020-12-31").Unit(3, 2);
  Engine engine(builder.Build());
  EXPECT_THAT(*engine.Path(3, Day("2020-06-01")), ElementsAre(1, 2, 3));
  EXPECT_THAT(*engine.Path(3, Day("2021-06-01")), ElementsAre(3));
  EXPECT_FALSE(engine.InSubtree(3, 1, Day("2021-06-01")));
}

TEST(EngineTree, UnknownUnitIsNotFound) {
  Engine engine(Province().Build());
  auto children = engine.Children(99, Day("2021-01-01"));
  ASSERT_FALSE(children);
  EXPECT_EQ(children.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(children.error().message, "unit 99 not found");
  EXPECT_EQ(engine.Parent(99, Day("2021-01-01")).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(engine.Path(99, Day("2021-01-01")).error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(engine.InSubtree(99, 1, Day("2021-01-01")));
}

// ---- Indicator roll-ups across units ---------------------------------------------------------

DataBuilder WithValues(UnitAggregation across) {
  DataBuilder builder = Province();
  builder.Indicator(10, "ntm", across);
  builder.Value(10, 2, "2021", 5).Value(10, 4, "2021", 10).Value(10, 5, "2021", 20);
  builder.Value(10, 6, "2021", 30).Value(10, 4, "2020", 1000);
  return builder;
}

IndicatorRollup MustRollup(const Engine& engine, Id indicator_id, Id unit_id,
                           std::string_view period, std::string_view as_of = "2022-01-01") {
  auto rollup = engine.RollupIndicator(indicator_id, unit_id, Per(period), Day(as_of));
  if (!rollup) {
    ADD_FAILURE() << rollup.error().message;
    return {};
  }
  return *rollup;
}

TEST(EngineIndicator, SumAddsTheSubtreeAndListsItsRows) {
  Engine engine(WithValues(UnitAggregation::kSum).Build());
  IndicatorRollup province = MustRollup(engine, 10, 1, "2021");
  EXPECT_EQ(province.value, 65);
  EXPECT_EQ(province.units_reporting, 4);
  EXPECT_EQ(province.units_in_subtree, 6);
  IndicatorRollup district = MustRollup(engine, 10, 2, "2021");
  EXPECT_EQ(district.value, 35);
  EXPECT_EQ(district.units_reporting, 3);
  EXPECT_EQ(district.units_in_subtree, 3);
  EXPECT_THAT(Rows(district), ElementsAre(std::tuple(2, "2021", 5.0), std::tuple(4, "2021", 10.0),
                                          std::tuple(5, "2021", 20.0)));
  EXPECT_FALSE(district.numerator.has_value());
}

TEST(EngineIndicator, AverageIsOverReportingUnits) {
  Engine engine(WithValues(UnitAggregation::kAverage).Build());
  EXPECT_EQ(MustRollup(engine, 10, 1, "2021").value, 65.0 / 4);
}

TEST(EngineIndicator, MinAndMax) {
  Engine min_engine(WithValues(UnitAggregation::kMin).Build());
  Engine max_engine(WithValues(UnitAggregation::kMax).Build());
  EXPECT_EQ(MustRollup(min_engine, 10, 1, "2021").value, 5);
  EXPECT_EQ(MustRollup(max_engine, 10, 1, "2021").value, 30);
  EXPECT_EQ(MustRollup(max_engine, 10, 3, "2021").value, 30);
}

TEST(EngineIndicator, CountYesCountsNonZeroValues) {
  DataBuilder builder = Province();
  builder.Indicator(11, "co-nghi-quyet", UnitAggregation::kCountYes);
  builder.Value(11, 4, "2021", 1).Value(11, 5, "2021", 0).Value(11, 6, "2021", 1);
  Engine engine(builder.Build());
  IndicatorRollup province = MustRollup(engine, 11, 1, "2021");
  EXPECT_EQ(province.value, 2);
  EXPECT_EQ(province.units_reporting, 3);
  EXPECT_EQ(MustRollup(engine, 11, 2, "2021").value, 1);
}

TEST(EngineIndicator, CountYesWithoutReportersIsAbsent) {
  DataBuilder builder = Province();
  builder.Indicator(11, "co-nghi-quyet", UnitAggregation::kCountYes);
  Engine engine(builder.Build());
  IndicatorRollup rollup = MustRollup(engine, 11, 1, "2021");
  EXPECT_FALSE(rollup.value.has_value());
  EXPECT_EQ(rollup.units_reporting, 0);
  EXPECT_EQ(rollup.units_in_subtree, 6);
}

TEST(EngineIndicator, NoneTakesOnlyTheUnitsOwnValue) {
  Engine engine(WithValues(UnitAggregation::kNone).Build());
  IndicatorRollup district = MustRollup(engine, 10, 2, "2021");
  EXPECT_EQ(district.value, 5);
  EXPECT_EQ(district.units_reporting, 1);
  EXPECT_THAT(Rows(district), ElementsAre(std::tuple(2, "2021", 5.0)));
  IndicatorRollup province = MustRollup(engine, 10, 1, "2021");
  EXPECT_FALSE(province.value.has_value());
  EXPECT_EQ(province.units_reporting, 0);
}

TEST(EngineIndicator, NoValueForThePeriodIsAbsent) {
  Engine engine(WithValues(UnitAggregation::kSum).Build());
  IndicatorRollup rollup = MustRollup(engine, 10, 1, "2019");
  EXPECT_FALSE(rollup.value.has_value());
  EXPECT_EQ(rollup.units_reporting, 0);
  EXPECT_THAT(rollup.rows, IsEmpty());
}

TEST(EngineIndicator, ClosedUnitsDoNotCount) {
  DataBuilder builder = WithValues(UnitAggregation::kSum);
  builder.Unit(7, 2, 3, "2000-01-01", "2021-06-30").Value(10, 7, "2021", 100);
  Engine engine(builder.Build());
  EXPECT_EQ(MustRollup(engine, 10, 2, "2021", "2021-06-30").value, 135);
  EXPECT_EQ(MustRollup(engine, 10, 2, "2021", "2021-07-01").value, 35);
}

TEST(EngineIndicator, SubtreeFollowsTheTreeAsOfTheDateAfterAMove) {
  DataBuilder builder = WithValues(UnitAggregation::kSum);
  builder.Move(5, 3, "2022-01-01");
  Engine engine(builder.Build());
  EXPECT_EQ(MustRollup(engine, 10, 2, "2021", "2021-12-31").value, 35);
  EXPECT_EQ(MustRollup(engine, 10, 3, "2021", "2021-12-31").value, 30);
  EXPECT_EQ(MustRollup(engine, 10, 2, "2021", "2022-01-01").value, 15);
  EXPECT_EQ(MustRollup(engine, 10, 3, "2021", "2022-01-01").value, 50);
  EXPECT_EQ(MustRollup(engine, 10, 1, "2021", "2022-01-01").value, 65);
}

TEST(EngineIndicator, PutValueReplacesTheCurrentValue) {
  Engine engine(WithValues(UnitAggregation::kSum).Build());
  domain::Value correction = MakeValue(10, 4, "2021", 12);
  correction.version = 2;
  engine.PutValue(correction);
  EXPECT_EQ(MustRollup(engine, 10, 2, "2021").value, 37);
  engine.PutValue(MakeValue(10, 3, "2021", 1));
  EXPECT_EQ(MustRollup(engine, 10, 1, "2021").value, 68);
}

TEST(EngineIndicator, PutValueWithoutANumberRemovesIt) {
  Engine engine(WithValues(UnitAggregation::kSum).Build());
  domain::Value cleared = MakeValue(10, 4, "2021", 0);
  cleared.number.reset();
  engine.PutValue(cleared);
  IndicatorRollup district = MustRollup(engine, 10, 2, "2021");
  EXPECT_EQ(district.value, 25);
  EXPECT_EQ(district.units_reporting, 2);
}

TEST(EngineIndicator, UnknownIdsAreNotFound) {
  Engine engine(WithValues(UnitAggregation::kSum).Build());
  auto no_indicator = engine.RollupIndicator(99, 1, Per("2021"), Day("2022-01-01"));
  ASSERT_FALSE(no_indicator);
  EXPECT_EQ(no_indicator.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(no_indicator.error().message, "indicator 99 not found");
  auto no_unit = engine.RollupIndicator(10, 99, Per("2021"), Day("2022-01-01"));
  ASSERT_FALSE(no_unit);
  EXPECT_EQ(no_unit.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(no_unit.error().message, "unit 99 not found");
}

TEST(EngineIndicator, PeriodFinerThanReportedIsInvalidArgument) {
  Engine engine(WithValues(UnitAggregation::kSum).Build());
  auto rollup = engine.RollupIndicator(10, 1, Per("2021Q1"), Day("2022-01-01"));
  ASSERT_FALSE(rollup);
  EXPECT_EQ(rollup.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(rollup.error().message,
            "indicator \"ntm\" is reported by year; period \"2021Q1\" is finer");
}

// ---- Computed indicators: percentages --------------------------------------------------------

DataBuilder WithPercent() {
  DataBuilder builder = Province();
  builder.Indicator(20, "dang-vien-moi", UnitAggregation::kSum);
  builder.Indicator(21, "dang-vien", UnitAggregation::kSum);
  builder.Computed(22, "ty-le-dang-vien-moi", 20, 21, 100);
  builder.Value(20, 4, "2021", 1).Value(21, 4, "2021", 2);    // 50 %
  builder.Value(20, 5, "2021", 9).Value(21, 5, "2021", 10);   // 90 %
  builder.Value(20, 6, "2021", 30).Value(21, 6, "2021", 40);  // 75 %
  return builder;
}

TEST(EngineComputed, PercentIsSumOfNumeratorsOverSumOfDenominators) {
  Engine engine(WithPercent().Build());
  IndicatorRollup district = MustRollup(engine, 22, 2, "2021");
  EXPECT_EQ(district.numerator, 10);
  EXPECT_EQ(district.denominator, 12);
  ASSERT_TRUE(district.value.has_value());
  EXPECT_DOUBLE_EQ(*district.value, 10.0 / 12 * 100);
  EXPECT_THAT(district.rows, IsEmpty());
  EXPECT_DOUBLE_EQ(*MustRollup(engine, 22, 1, "2021").value, 40.0 / 52 * 100);
}

TEST(EngineComputed, DiffersFromTheAverageOfUnitPercentages) {
  Engine engine(WithPercent().Build());
  const double average_of_percentages = (50.0 + 90.0) / 2;
  const double rolled_up = *MustRollup(engine, 22, 2, "2021").value;
  EXPECT_NEAR(rolled_up, 83.333, 0.001);
  EXPECT_GT(std::abs(rolled_up - average_of_percentages), 13);
}

TEST(EngineComputed, ZeroOrMissingDenominatorLeavesValueAbsent) {
  DataBuilder builder = WithPercent();
  builder.Value(20, 1, "2022", 3).Value(21, 1, "2022", 0).Value(20, 1, "2023", 3);
  Engine engine(builder.Build());
  IndicatorRollup zero = MustRollup(engine, 22, 1, "2022", "2024-01-01");
  EXPECT_FALSE(zero.value.has_value());
  EXPECT_EQ(zero.numerator, 3);
  EXPECT_EQ(zero.denominator, 0);
  IndicatorRollup missing = MustRollup(engine, 22, 1, "2023", "2024-01-01");
  EXPECT_FALSE(missing.value.has_value());
  EXPECT_EQ(missing.numerator, 3);
  EXPECT_FALSE(missing.denominator.has_value());
}

// ---- Over time -------------------------------------------------------------------------------

DataBuilder Quarterly() {
  DataBuilder builder = Province();
  builder.Indicator(30, "von-sum", UnitAggregation::kSum, TimeAggregation::kSum,
                    PeriodType::kQuarter);
  builder.Indicator(31, "ho-ngheo-last", UnitAggregation::kSum, TimeAggregation::kLast,
                    PeriodType::kQuarter);
  builder.Indicator(32, "gia-avg", UnitAggregation::kSum, TimeAggregation::kAverage,
                    PeriodType::kQuarter);
  for (Id indicator : {30, 31, 32}) {
    builder.Value(indicator, 4, "2021Q1", 1).Value(indicator, 4, "2021Q2", 2);
    builder.Value(indicator, 4, "2021Q4", 4).Value(indicator, 5, "2021Q1", 10);
    builder.Value(indicator, 5, "2022Q1", 500);
  }
  return builder;
}

TEST(EngineTime, SumAddsThePresentSubPeriods) {
  Engine engine(Quarterly().Build());
  IndicatorRollup year = MustRollup(engine, 30, 2, "2021");
  EXPECT_EQ(year.value, 17);
  EXPECT_EQ(year.units_reporting, 2);
  EXPECT_THAT(Rows(year), ElementsAre(std::tuple(4, "2021Q1", 1.0), std::tuple(4, "2021Q2", 2.0),
                                      std::tuple(4, "2021Q4", 4.0), std::tuple(5, "2021Q1", 10.0)));
  EXPECT_EQ(MustRollup(engine, 30, 2, "2021S1").value, 13);
  EXPECT_EQ(MustRollup(engine, 30, 2, "2021Q2").value, 2);
}

TEST(EngineTime, LastTakesTheLatestPresentSubPeriod) {
  Engine engine(Quarterly().Build());
  IndicatorRollup year = MustRollup(engine, 31, 2, "2021");
  EXPECT_EQ(year.value, 14);
  EXPECT_THAT(Rows(year), ElementsAre(std::tuple(4, "2021Q4", 4.0), std::tuple(5, "2021Q1", 10.0)));
  EXPECT_EQ(MustRollup(engine, 31, 2, "2021S1").value, 12);
}

TEST(EngineTime, AverageIsTheMeanOfPresentSubPeriods) {
  Engine engine(Quarterly().Build());
  ASSERT_TRUE(MustRollup(engine, 32, 2, "2021").value.has_value());
  EXPECT_DOUBLE_EQ(*MustRollup(engine, 32, 2, "2021").value, 7.0 / 3 + 10);
  EXPECT_EQ(MustRollup(engine, 32, 4, "2021S1").value, 1.5);
}

TEST(EngineTime, TermSplitsIntoYears) {
  DataBuilder builder = Province();
  builder.Indicator(10, "ntm", UnitAggregation::kSum);
  builder.Value(10, 4, "2020", 1).Value(10, 4, "2025", 2).Value(10, 4, "2026", 4);
  Engine engine(builder.Build());
  EXPECT_EQ(MustRollup(engine, 10, 1, "2020T5").value, 3);
}

// ---- Obligations -----------------------------------------------------------------------------

// Due 31/03/2021. 2 on time, 3 late, 4 not started, 5 empty evidence, 6 done after as-of,
// 7 closed before the deadline, 8 opened after it and not yet done.
DataBuilder WithObligation() {
  DataBuilder builder = Province();
  builder.Unit(7, 3, 3, "2000-01-01", "2021-02-28").Unit(8, 3, 3, "2021-04-15");
  builder.Obligation(100, "2021-03-31");
  builder.Assignment(1, 100, 2, "2021-03-20").Assignment(2, 100, 3, "2021-04-10");
  builder.Assignment(3, 100, 4).Assignment(4, 100, 5, "2021-03-01", "");
  builder.Assignment(5, 100, 6, "2021-05-10").Assignment(6, 100, 7, "2021-01-10");
  builder.Assignment(7, 100, 8);
  return builder;
}

ObligationRollup MustRollupObligation(const Engine& engine, Id obligation_id, Id unit_id,
                                      std::string_view as_of) {
  auto rollup = engine.RollupObligation(obligation_id, unit_id, Day(as_of));
  if (!rollup) {
    ADD_FAILURE() << rollup.error().message;
    return {};
  }
  return *rollup;
}

std::vector<Id> UnitsOf(const std::vector<AssignmentState>& states) {
  std::vector<Id> units;
  for (const AssignmentState& state : states) units.push_back(state.unit_id);
  return units;
}

TEST(EngineObligation, CountsAndBreakdownByKind) {
  Engine engine(WithObligation().Build());
  ObligationRollup rollup = MustRollupObligation(engine, 100, 1, "2021-05-01");
  EXPECT_EQ(rollup.total.expected, 6);
  EXPECT_EQ(rollup.total.done, 2);
  EXPECT_EQ(rollup.total.on_time, 1);
  EXPECT_EQ(rollup.total.late, 1);
  EXPECT_EQ(rollup.total.overdue, 3);
  EXPECT_EQ(rollup.total.pending, 1);
  ASSERT_EQ(rollup.by_kind.size(), 2u);
  EXPECT_EQ(rollup.by_kind[0].kind_id, 2);
  EXPECT_EQ(rollup.by_kind[0].counts.expected, 2);
  EXPECT_EQ(rollup.by_kind[0].counts.done, 2);
  EXPECT_EQ(rollup.by_kind[0].counts.on_time, 1);
  EXPECT_EQ(rollup.by_kind[0].counts.late, 1);
  EXPECT_EQ(rollup.by_kind[1].kind_id, 3);
  EXPECT_EQ(rollup.by_kind[1].counts.expected, 4);
  EXPECT_EQ(rollup.by_kind[1].counts.done, 0);
  EXPECT_EQ(rollup.by_kind[1].counts.overdue, 3);
  EXPECT_EQ(rollup.by_kind[1].counts.pending, 1);
  EXPECT_THAT(UnitsOf(rollup.assignments), ElementsAre(2, 3, 4, 5, 6, 8));
  EXPECT_THAT(UnitsOf(rollup.not_done), ElementsAre(4, 5, 6, 8));
}

TEST(EngineObligation, NotDoneListsOverdueFirstThenByUnit) {
  // 9 is overdue and 8 pending: 9 comes first although its id is larger.
  DataBuilder builder = WithObligation();
  builder.Unit(9, 3, 3).Assignment(8, 100, 9);
  Engine engine(builder.Build());
  ObligationRollup rollup = MustRollupObligation(engine, 100, 1, "2021-05-01");
  EXPECT_THAT(UnitsOf(rollup.not_done), ElementsAre(4, 5, 6, 9, 8));
  EXPECT_THAT(UnitsOf(rollup.assignments), ElementsAre(2, 3, 4, 5, 6, 8, 9));
}

TEST(EngineObligation, UnitClosedBeforeTheDeadlineIsNotExpected) {
  Engine engine(WithObligation().Build());
  ObligationRollup rollup = MustRollupObligation(engine, 100, 3, "2021-05-01");
  EXPECT_THAT(UnitsOf(rollup.assignments), ElementsAre(3, 6, 8));
  EXPECT_EQ(rollup.total.expected, 3);
}

TEST(EngineObligation, UnitClosedAfterTheDeadlineCountsWhereItStoodWhenItClosed) {
  DataBuilder builder = WithObligation();
  builder.Unit(9, 2, 3, "2000-01-01", "2021-04-30").Assignment(8, 100, 9);
  Engine engine(builder.Build());
  ObligationRollup district = MustRollupObligation(engine, 100, 2, "2021-06-01");
  EXPECT_THAT(UnitsOf(district.assignments), ElementsAre(2, 4, 5, 9));
  EXPECT_EQ(district.assignments.back().overdue, true);
  EXPECT_THAT(UnitsOf(MustRollupObligation(engine, 100, 3, "2021-06-01").assignments),
              ElementsAre(3, 6, 8));
}

TEST(EngineObligation, UnitOpenedAfterTheDeadlineIsNeverLate) {
  DataBuilder builder = WithObligation();
  builder.data().assignments.back() = MakeAssignment(7, 100, 8, "2021-06-15");
  Engine engine(builder.Build());
  ObligationRollup before = MustRollupObligation(engine, 100, 3, "2021-06-01");
  ASSERT_EQ(before.assignments.size(), 3u);
  const AssignmentState& pending = before.assignments[2];
  EXPECT_EQ(pending.unit_id, 8);
  EXPECT_EQ(pending.effective_due, Day("2021-04-15"));
  EXPECT_FALSE(pending.overdue);
  EXPECT_EQ(before.total.pending, 1);

  ObligationRollup after = MustRollupObligation(engine, 100, 3, "2021-07-01");
  const AssignmentState& done = after.assignments[2];
  EXPECT_TRUE(done.done);
  EXPECT_TRUE(done.on_time);
  EXPECT_EQ(after.total.on_time, 1);
  EXPECT_EQ(after.total.late, 2);  // units 3 and 6
}

TEST(EngineObligation, UnitNotYetOpenIsNotExpected) {
  Engine engine(WithObligation().Build());
  ObligationRollup rollup = MustRollupObligation(engine, 100, 3, "2021-04-14");
  EXPECT_THAT(UnitsOf(rollup.assignments), ElementsAre(3, 6));
}

TEST(EngineObligation, EmptyEvidenceIsNotDone) {
  Engine engine(WithObligation().Build());
  ObligationRollup rollup = MustRollupObligation(engine, 100, 5, "2021-05-01");
  ASSERT_EQ(rollup.assignments.size(), 1u);
  EXPECT_FALSE(rollup.assignments[0].done);
  EXPECT_TRUE(rollup.assignments[0].overdue);
  EXPECT_EQ(rollup.total.done, 0);
  EXPECT_EQ(rollup.total.overdue, 1);
}

TEST(EngineObligation, CompletionAfterAsOfIsNotYetDone) {
  Engine engine(WithObligation().Build());
  EXPECT_EQ(MustRollupObligation(engine, 100, 6, "2021-05-09").total.overdue, 1);
  ObligationRollup later = MustRollupObligation(engine, 100, 6, "2021-05-10");
  EXPECT_EQ(later.total.done, 1);
  EXPECT_EQ(later.total.late, 1);
}

TEST(EngineObligation, BeforeTheDeadlineEverythingOpenIsPending) {
  Engine engine(WithObligation().Build());
  ObligationRollup rollup = MustRollupObligation(engine, 100, 1, "2021-03-15");
  EXPECT_EQ(rollup.total.expected, 5);  // 7 closed before the deadline, 8 not yet open
  EXPECT_EQ(rollup.total.pending, 5);
  EXPECT_EQ(rollup.total.done, 0);  // 5's evidence is empty
  EXPECT_EQ(rollup.total.overdue, 0);
  EXPECT_EQ(MustRollupObligation(engine, 100, 1, "2021-03-31").total.on_time, 1);
  EXPECT_EQ(MustRollupObligation(engine, 100, 1, "2021-03-31").total.overdue, 0);
  EXPECT_EQ(MustRollupObligation(engine, 100, 1, "2021-04-01").total.overdue, 4);
}

TEST(EngineObligation, PutAssignmentReplacesAndAdds) {
  Engine engine(WithObligation().Build());
  engine.PutAssignment(MakeAssignment(3, 100, 4, "2021-03-30"));
  ObligationRollup district = MustRollupObligation(engine, 100, 2, "2021-05-01");
  EXPECT_EQ(district.total.on_time, 2);
  engine.PutAssignment(MakeAssignment(50, 100, 1));
  EXPECT_EQ(MustRollupObligation(engine, 100, 1, "2021-05-01").total.expected, 7);
}

TEST(EngineObligation, UnknownIdsAreNotFound) {
  Engine engine(WithObligation().Build());
  auto rollup = engine.RollupObligation(999, 1, Day("2021-05-01"));
  ASSERT_FALSE(rollup);
  EXPECT_EQ(rollup.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(rollup.error().message, "obligation 999 not found");
  EXPECT_EQ(engine.RollupObligation(100, 999, Day("2021-05-01")).error().code,
            ErrorCode::kNotFound);
}

// ---- Target progress -------------------------------------------------------------------------

// "Xã đạt chuẩn nông thôn mới": from 5 in 2020 to 9 by 2025.
DataBuilder WithTarget(domain::Direction direction = domain::Direction::kRaise, double baseline = 5,
                       double goal = 9) {
  DataBuilder builder;
  builder.Unit(1, std::nullopt).Unit(2, 1);
  builder.Indicator(10, "xa-ntm", UnitAggregation::kSum);
  builder.Document(50, 1, "2020", "2025");
  builder.Target(60, 50, 10, baseline, "2020", goal, "2025", direction);
  builder.Item(12, 50, domain::ItemKind::kGoal);
  return builder;
}

TargetProgress MustProgress(const Engine& engine, Id item_id, std::string_view as_of) {
  auto progress = engine.Progress(item_id, Day(as_of));
  if (!progress) {
    ADD_FAILURE() << progress.error().message;
    return {};
  }
  return *progress;
}

TEST(EngineProgress, ItemWithoutMeasureIsInvalidArgument) {
  Engine engine(WithTarget().Build());
  auto progress = engine.Progress(12, Day("2022-01-01"));
  ASSERT_FALSE(progress);
  EXPECT_EQ(progress.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(progress.error().message, "item 12 has no measure");
  EXPECT_EQ(engine.Progress(999, Day("2022-01-01")).error().code, ErrorCode::kNotFound);
}

TEST(EngineProgress, SeriesRunsFromBaselineToDeadlineWithFuturePeriodsEmpty) {
  DataBuilder builder = WithTarget();
  builder.Value(10, 2, "2021", 6).Value(10, 2, "2022", 7).Value(10, 1, "2024", 1);
  Engine engine(builder.Build());
  TargetProgress progress = MustProgress(engine, 60, "2023-06-30");
  ASSERT_EQ(progress.series.size(), 6u);
  EXPECT_EQ(progress.series[0].period, Per("2020"));
  EXPECT_FALSE(progress.series[0].value.has_value());
  EXPECT_EQ(progress.series[1].value, 6);
  EXPECT_EQ(progress.series[2].value, 7);
  EXPECT_FALSE(progress.series[3].value.has_value());
  EXPECT_FALSE(progress.series[4].value.has_value());  // 2024 has not begun
  EXPECT_EQ(progress.series[5].period, Per("2025"));
  EXPECT_EQ(progress.unit_id, 1);
  EXPECT_EQ(progress.current, 7);
  EXPECT_EQ(progress.current_period, Per("2022"));
  EXPECT_EQ(progress.percent, 50);
}

TEST(EngineProgress, OnTrackWhenTheTrendReachesTheGoal) {
  DataBuilder builder = WithTarget();
  builder.Value(10, 2, "2021", 6).Value(10, 2, "2022", 7);
  Engine engine(builder.Build());
  TargetProgress progress = MustProgress(engine, 60, "2023-06-30");
  EXPECT_EQ(progress.status, TargetStatus::kOnTrack);
  ASSERT_TRUE(progress.projected.has_value());
  EXPECT_NEAR(*progress.projected, 10, 0.01);
  EXPECT_EQ(app::TargetReasonVi(progress), "Dự báo đạt 10/9 vào cuối năm 2025");
  EXPECT_EQ(app::TargetReasonEn(progress), "Projected 10 of 9 by the end of 2025");
}

TEST(EngineProgress, AtRiskWhenTheTrendGetsMostOfTheWay) {
  DataBuilder builder = WithTarget();
  builder.Value(10, 2, "2021", 5.7).Value(10, 2, "2022", 6.4);
  Engine engine(builder.Build());
  TargetProgress progress = MustProgress(engine, 60, "2023-06-30");
  EXPECT_EQ(progress.status, TargetStatus::kAtRisk);
  EXPECT_NEAR(*progress.projected, 8.5, 0.01);
  EXPECT_EQ(app::TargetReasonVi(progress), "Dự báo đạt 8,5/9 vào cuối năm 2025");
  EXPECT_EQ(app::TargetReasonEn(progress), "Projected 8.5 of 9 by the end of 2025");
}

TEST(EngineProgress, OffTrackWhenTheTrendFallsShort) {
  DataBuilder builder = WithTarget();
  builder.Value(10, 2, "2021", 5.5).Value(10, 2, "2022", 6);
  Engine engine(builder.Build());
  TargetProgress progress = MustProgress(engine, 60, "2023-06-30");
  EXPECT_EQ(progress.status, TargetStatus::kOffTrack);
  EXPECT_NEAR(*progress.projected, 7.5, 0.01);
  EXPECT_EQ(app::TargetReasonVi(progress), "Dự báo đạt 7,5/9 vào cuối năm 2025");
}

TEST(EngineProgress, AchievedOnceTheGoalIsReached) {
  DataBuilder builder = WithTarget();
  builder.Value(10, 2, "2021", 6).Value(10, 2, "2022", 9.2);
  Engine engine(builder.Build());
  TargetProgress progress = MustProgress(engine, 60, "2023-06-30");
  EXPECT_EQ(progress.status, TargetStatus::kAchieved);
  EXPECT_EQ(app::TargetReasonVi(progress), "Đã đạt 9,2/9 theo số liệu năm 2022");
  EXPECT_EQ(app::TargetReasonEn(progress), "Reached 9.2 of 9 as of 2022");
  EXPECT_NEAR(*progress.percent, 105, 1e-9);
}

TEST(EngineProgress, JudgedOnTheDeadlinePeriodsValueOnceTheDeadlineIsOver) {
  DataBuilder builder = WithTarget();
  builder.Value(10, 2, "2021", 6).Value(10, 2, "2025", 7);
  Engine engine(builder.Build());
  TargetProgress progress = MustProgress(engine, 60, "2026-01-01");
  EXPECT_EQ(progress.status, TargetStatus::kNotReached);
  EXPECT_TRUE(progress.judged_at_deadline);
  EXPECT_FALSE(progress.projected.has_value());  // the past is not forecast
  EXPECT_EQ(progress.deadline_value, 7);
  EXPECT_EQ(progress.gap, 2);
  EXPECT_EQ(app::TargetReasonVi(progress), "Hết hạn (năm 2025): đạt 7/9, chưa đạt, thiếu 2");
  EXPECT_EQ(app::TargetReasonEn(progress), "Deadline (2025) over: 7 of 9, not reached, 2 short");
  // From the deadline's last day on, the deadline period's value decides, not the trend.
  EXPECT_EQ(MustProgress(engine, 60, "2025-12-31").status, TargetStatus::kNotReached);
  EXPECT_EQ(MustProgress(engine, 60, "2025-12-30").reason, TargetReason::kProjected);
}

TEST(EngineProgress, WithoutAValueForTheDeadlinePeriodItSaysSoWithTheLastKnownValue) {
  DataBuilder builder = WithTarget();
  builder.Value(10, 2, "2021", 6).Value(10, 2, "2024", 7);
  Engine engine(builder.Build());
  TargetProgress progress = MustProgress(engine, 60, "2026-12-07");
  EXPECT_EQ(progress.status, TargetStatus::kNoData);
  EXPECT_EQ(progress.reason, TargetReason::kNoDeadlineValue);
  EXPECT_EQ(progress.current, 7);
  EXPECT_EQ(app::TargetReasonVi(progress),
            "Đã hết hạn, chưa có số liệu năm 2025; số liệu gần nhất 7/9 (năm 2024)");
  EXPECT_EQ(app::TargetReasonEn(progress),
            "Deadline over, no value for 2025 yet; last known 7 of 9 (2024)");
}

TEST(EngineProgress, APartGivenNoShareIsNotApplicable) {
  DataBuilder builder = WithTarget(domain::Direction::kRaise, 0, 0);
  builder.Value(10, 2, "2021", 0);
  Engine engine(builder.Build());
  for (const char* day : {"2022-06-30", "2026-06-30"}) {
    TargetProgress progress = MustProgress(engine, 60, day);
    EXPECT_EQ(progress.status, TargetStatus::kNotApplicable) << day;
    EXPECT_EQ(progress.reason, TargetReason::kNoShare) << day;
    EXPECT_FALSE(CountsForAchievement(progress.status));
  }
  // Keeping a count at zero (lower to 0) is a real target.
  Engine lower(WithTarget(domain::Direction::kLower, 0, 0).Build());
  EXPECT_NE(MustProgress(lower, 60, "2022-06-30").status, TargetStatus::kNotApplicable);
}

// Target statuses before, at and after the deadline (2025, goal 9 from 5 in 2020), from a table
// of cases: the values entered, the day asked, the status and reason expected.
TEST(EngineProgress, StatusesBeforeAtAndAfterTheDeadlineFromATable) {
  struct Case {
    std::vector<std::pair<const char*, double>> values;
    const char* as_of;
    TargetStatus status;
    TargetReason reason;
  };
  const std::vector<Case> cases = {
      {{}, "2021-06-30", TargetStatus::kNoData, TargetReason::kNoDataAfterBaseline},
      {{{"2021", 6}, {"2022", 7}}, "2023-06-30", TargetStatus::kOnTrack, TargetReason::kProjected},
      {{{"2021", 5.7}, {"2022", 6.4}},
       "2023-06-30",
       TargetStatus::kAtRisk,
       TargetReason::kProjected},
      {{{"2021", 5.5}, {"2022", 6}},
       "2023-06-30",
       TargetStatus::kOffTrack,
       TargetReason::kProjected},
      {{{"2021", 6}, {"2023", 9}}, "2024-06-30", TargetStatus::kAchieved, TargetReason::kReached},
      // At the deadline's last day and after it: the deadline period's value decides.
      {{{"2021", 6}, {"2025", 9}},
       "2025-12-31",
       TargetStatus::kAchieved,
       TargetReason::kReachedAtDeadline},
      {{{"2021", 6}, {"2025", 10}},
       "2030-01-01",
       TargetStatus::kAchieved,
       TargetReason::kReachedAtDeadline},
      {{{"2021", 6}, {"2025", 7}},
       "2026-12-07",
       TargetStatus::kNotReached,
       TargetReason::kShortAtDeadline},
      // Reached in 2023 but short in the deadline year: not reached.
      {{{"2023", 9.5}, {"2025", 8}},
       "2026-01-01",
       TargetStatus::kNotReached,
       TargetReason::kShortAtDeadline},
      {{{"2023", 9.5}}, "2026-01-01", TargetStatus::kNoData, TargetReason::kNoDeadlineValue},
      {{}, "2026-01-01", TargetStatus::kNoData, TargetReason::kNoDeadlineValue},
  };
  for (size_t index = 0; index < cases.size(); ++index) {
    const Case& c = cases[index];
    DataBuilder builder = WithTarget();
    for (const auto& [period, number] : c.values) builder.Value(10, 2, period, number);
    Engine engine(builder.Build());
    TargetProgress progress = MustProgress(engine, 60, c.as_of);
    EXPECT_EQ(progress.status, c.status) << "case " << index;
    EXPECT_EQ(progress.reason, c.reason) << "case " << index;
    EXPECT_EQ(progress.judged_at_deadline, Day(c.as_of) >= Per("2025").end()) << "case " << index;
    if (progress.judged_at_deadline) {
      EXPECT_FALSE(progress.projected) << "case " << index;
    }
  }
}

TEST(EngineProgress, NoDataWithoutValuesAfterTheBaseline) {
  DataBuilder builder = WithTarget();
  builder.Value(10, 2, "2020", 5);  // the baseline year itself is not progress
  Engine engine(builder.Build());
  TargetProgress progress = MustProgress(engine, 60, "2022-06-30");
  EXPECT_EQ(progress.status, TargetStatus::kNoData);
  EXPECT_EQ(progress.current, 5);
  EXPECT_EQ(progress.percent, 0);
  EXPECT_FALSE(progress.projected.has_value());
  EXPECT_EQ(app::TargetReasonEn(progress), "No data after the baseline to project from");
}

TEST(EngineProgress, LowerTargetIsAchievedAtOrBelowTheGoal) {
  DataBuilder builder = WithTarget(domain::Direction::kLower, 8, 3);  // poverty rate, %
  builder.Value(10, 2, "2021", 7).Value(10, 2, "2022", 6);
  Engine engine(builder.Build());
  TargetProgress progress = MustProgress(engine, 60, "2023-01-01");
  EXPECT_EQ(progress.status, TargetStatus::kOnTrack);  // 8 → 6 in two years: 3 by 2025
  EXPECT_NEAR(*progress.percent, 40, 1e-9);
  builder.Value(10, 2, "2023", 2.5);
  Engine reached(builder.Build());
  EXPECT_EQ(MustProgress(reached, 60, "2024-01-01").status, TargetStatus::kAchieved);
}

TEST(EngineProgress, StatusNamesAndLabels) {
  EXPECT_EQ(TargetStatusName(TargetStatus::kAchieved), "achieved");
  EXPECT_EQ(TargetStatusName(TargetStatus::kOnTrack), "on_track");
  EXPECT_EQ(TargetStatusName(TargetStatus::kAtRisk), "at_risk");
  EXPECT_EQ(TargetStatusName(TargetStatus::kOffTrack), "off_track");
  EXPECT_EQ(TargetStatusName(TargetStatus::kNoData), "no_data");
  EXPECT_EQ(TargetStatusName(TargetStatus::kNotReached), "not_reached");
  EXPECT_EQ(TargetStatusName(TargetStatus::kNotApplicable), "not_applicable");
  EXPECT_EQ(app::TargetStatusLabelVi(TargetStatus::kNotReached), "Chưa đạt");
  EXPECT_EQ(app::TargetStatusLabelVi(TargetStatus::kNotApplicable), "Không áp dụng");
  EXPECT_EQ(app::TargetStatusLabelVi(TargetStatus::kAchieved), "Đã đạt");
  EXPECT_EQ(app::TargetStatusLabelVi(TargetStatus::kOnTrack), "Đúng tiến độ");
  EXPECT_EQ(app::TargetStatusLabelVi(TargetStatus::kAtRisk), "Có nguy cơ chậm");
  EXPECT_EQ(app::TargetStatusLabelVi(TargetStatus::kOffTrack), "Chậm tiến độ");
  EXPECT_EQ(app::TargetStatusLabelVi(TargetStatus::kNoData), "Chưa có số liệu");
}

// ---- Coverage of a cascade -------------------------------------------------------------------

// Province 1 with districts 2 and 3. The province's resolution 70 has targets 72, 71, 75 and 74
// (under goal 73), in document order; district 2's resolution 80 concretizes 72 (twice) and 75,
// district 3's resolution 90 concretizes 71. District 2 declares 74 not applicable to it, and 75
// too, which it also covers; district 3 declares nothing.
DataBuilder CascadeData() {
  DataBuilder builder;
  builder.Unit(1, std::nullopt).Unit(2, 1).Unit(3, 1);
  builder.Document(70, 1).Document(80, 2).Document(90, 3);
  using domain::ItemKind;
  builder.Item(71, 70, ItemKind::kTarget, std::nullopt, 2);
  builder.Item(72, 70, ItemKind::kTarget, std::nullopt, 1);
  builder.Item(73, 70, ItemKind::kGoal, std::nullopt, 0);
  builder.Item(74, 70, ItemKind::kTarget, 73, 1);
  builder.Item(75, 70, ItemKind::kTarget, std::nullopt, 3);
  builder.Item(81, 80, ItemKind::kTarget, std::nullopt, 1);
  builder.Item(82, 80, ItemKind::kTarget, std::nullopt, 2);
  builder.Item(83, 80, ItemKind::kTarget, std::nullopt, 3);
  builder.Item(91, 90, ItemKind::kTarget, std::nullopt, 1);
  builder.Link(83, 72).Link(81, 72).Link(82, 75).Link(91, 71);
  builder.Declaration(74, 2).Declaration(75, 2);
  return builder;
}

TEST(EngineCoverage, EachLowerDocumentSpeaksForItsOwnIssuer) {
  Engine engine(CascadeData().Build());
  auto coverage = engine.CoverageOf(70, 80);
  ASSERT_TRUE(coverage) << coverage.error().message;
  EXPECT_EQ(coverage->upper_targets, 4);
  EXPECT_EQ(coverage->covered, 2);
  EXPECT_EQ(coverage->not_applicable, 1);
  EXPECT_THAT(coverage->uncovered, ElementsAre(71));
  ASSERT_EQ(coverage->entries.size(), 4u);
  EXPECT_EQ(coverage->entries[0].upper_item_id, 72);
  EXPECT_THAT(coverage->entries[0].lower_item_ids, ElementsAre(81, 83));
  EXPECT_EQ(coverage->entries[1].upper_item_id, 71);
  EXPECT_THAT(coverage->entries[1].lower_item_ids, IsEmpty());
  EXPECT_EQ(coverage->entries[2].upper_item_id, 75);
  EXPECT_FALSE(coverage->entries[2].not_applicable);  // covered wins over the declaration
  EXPECT_EQ(coverage->entries[3].upper_item_id, 74);
  EXPECT_TRUE(coverage->entries[3].not_applicable);

  // District 3 declared nothing: district 2's declaration does not count for it.
  auto other = engine.CoverageOf(70, 90);
  ASSERT_TRUE(other) << other.error().message;
  EXPECT_EQ(other->covered, 1);
  EXPECT_EQ(other->not_applicable, 0);
  EXPECT_THAT(other->uncovered, ElementsAre(72, 75, 74));

  auto missing = engine.CoverageOf(70, 999);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, "document 999 not found");
}

TEST(EngineCoverage, TheMatrixHasACellPerTargetAndSubordinate) {
  Engine engine(CascadeData().Build());
  auto matrix = engine.Cascade(70, Day("2021-06-30"));
  ASSERT_TRUE(matrix) << matrix.error().message;
  EXPECT_EQ(matrix->issuer_unit_id, 1);
  EXPECT_THAT(matrix->targets, ElementsAre(72, 71, 75, 74));
  EXPECT_THAT(matrix->units, ElementsAre(2, 3));
  auto cover = [&](size_t t, size_t u) { return matrix->at(t, u).cover; };
  EXPECT_EQ(cover(0, 0), Cover::kCovered);
  EXPECT_THAT(matrix->at(0, 0).lower_item_ids, ElementsAre(81, 83));
  EXPECT_EQ(cover(0, 1), Cover::kMissing);
  EXPECT_EQ(cover(1, 0), Cover::kMissing);
  EXPECT_EQ(cover(1, 1), Cover::kCovered);
  EXPECT_EQ(cover(2, 0), Cover::kCovered);
  EXPECT_FALSE(matrix->at(2, 0).declaration_id);
  EXPECT_EQ(cover(3, 0), Cover::kNotApplicable);
  EXPECT_EQ(matrix->at(3, 0).declaration_id, std::optional<Id>(1));
  EXPECT_EQ(cover(3, 1), Cover::kMissing);
  auto counts = [](const CoverCounts& c) {
    return std::tuple{c.covered, c.not_applicable, c.missing};
  };
  EXPECT_EQ(counts(matrix->by_target[3]), std::tuple(0, 1, 1));
  EXPECT_EQ(counts(matrix->by_target[0]), std::tuple(1, 0, 1));
  EXPECT_EQ(counts(matrix->by_unit[0]), std::tuple(2, 1, 1));
  EXPECT_EQ(counts(matrix->by_unit[1]), std::tuple(1, 0, 3));

  auto missing = engine.Cascade(999, Day("2021-06-30"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

// ---- Structure: what a figure says about the reorganisations it spans -----------------------

// District 2 under province 1: communes 4 and 5 merge into 7 on 2025-07-01, 9 closes that day,
// and 6 merges into 8 on 2025-10-01. Indicator 10 (`across`) has 2021 values for 4 and 5.
class Reorganised {
 public:
  explicit Reorganised(UnitAggregation across) {
    DataBuilder builder;
    builder.Kind(1, "tinh").Kind(2, "huyen").Kind(3, "xa");
    builder.Unit(1, std::nullopt, 1).Unit(2, 1, 2);
    builder.Unit(4, 2, 3, "2000-01-01", "2025-06-30").Unit(5, 2, 3, "2000-01-01", "2025-06-30");
    builder.Unit(6, 2, 3, "2000-01-01", "2025-09-30").Unit(9, 2, 3, "2000-01-01", "2025-06-30");
    builder.Unit(7, 2, 3, "2025-07-01").Unit(8, 2, 3, "2025-10-01");
    builder.Indicator(10, "so-dang-vien", across).Value(10, 4, "2021", 3).Value(10, 5, "2021", 4);
    data_ = builder.Build();
    using enum domain::LineageKind;
    std::vector<domain::Lineage> lineages{Event(1, kMerge, "2025-07-01", {4, 5}, {7}),
                                          Event(2, kClose, "2025-07-01", {9}, {}),
                                          Event(3, kMerge, "2025-10-01", {6}, {8})};
    engine_ = std::make_unique<Engine>(data_);
    engine_->SetStructure(std::make_shared<Structure>(data_.units, std::move(lineages)));
  }

  const Engine& engine() const { return *engine_; }
  const domain::Indicator& indicator() const { return data_.indicators.front(); }

 private:
  static domain::Lineage Event(Id id, domain::LineageKind kind, std::string_view date,
                               std::vector<Id> from, std::vector<Id> to) {
    domain::Lineage lineage;
    lineage.id = id;
    lineage.kind = kind;
    lineage.date = Day(date);
    lineage.source_unit_ids = std::move(from);
    lineage.target_unit_ids = std::move(to);
    return lineage;
  }

  Data data_;
  std::unique_ptr<Engine> engine_;
};

TEST(EngineStructure, NoteNamesTheChangesTheirDatesAndTheTreeItUses) {
  const Reorganised reorganised(UnitAggregation::kSum);
  const Engine& engine = reorganised.engine();
  const StructureNote note =
      NoteFor(engine, *engine.structure(), 2, Per("2025"), Day("2025-12-31"));
  std::vector<Id> ids;
  for (const domain::Lineage* event : note.changes) ids.push_back(event->id);
  EXPECT_THAT(ids, ElementsAre(1, 2, 3));
  EXPECT_THAT(note.dates, ElementsAre(Day("2025-07-01"), Day("2025-10-01")));
  EXPECT_EQ(note.period, Per("2025"));
  EXPECT_EQ(note.as_of, Day("2025-12-31"));
  EXPECT_EQ(app::StructureNoteVi(note),
            "Năm 2025 có sắp xếp tổ chức (ngày 01/07/2025, 01/10/2025); số liệu tính theo cơ "
            "cấu đơn vị ngày 31/12/2025");
  EXPECT_EQ(app::StructureNoteEn(note),
            "2025 spans a reorganisation (2025-07-01, 2025-10-01); figures use the structure "
            "as of 2025-12-31");
}

TEST(EngineStructure, NoNoteForAPeriodWithoutChanges) {
  const Reorganised reorganised(UnitAggregation::kSum);
  const Engine& engine = reorganised.engine();
  const StructureNote note =
      NoteFor(engine, *engine.structure(), 2, Per("2021"), Day("2021-12-31"));
  EXPECT_THAT(note.changes, IsEmpty());
  EXPECT_THAT(note.dates, IsEmpty());
  EXPECT_EQ(app::StructureNoteVi(note), "");
  EXPECT_EQ(app::StructureNoteEn(note), "");
}

TEST(EngineStructure, ARebuiltPointThatDoesNotCombineSaysWhy) {
  const Reorganised none(UnitAggregation::kNone);
  auto series = ComparableSeries(none.engine(), none.indicator(), 7, {Per("2021")}, true);
  ASSERT_TRUE(series) << series.error().message;
  ASSERT_EQ(series->size(), 1u);
  const ComparablePoint& point = series->front();
  EXPECT_FALSE(point.value.has_value());
  EXPECT_TRUE(point.rebuilt);
  EXPECT_THAT(point.from_unit_ids, ElementsAre(4, 5));
  EXPECT_EQ(point.note, ComparableNote::kDoesNotCombine);
  EXPECT_EQ(app::ComparableNoteVi(point.note),
            "Chỉ tiêu không cộng gộp được giữa các đơn vị: không dựng lại được số liệu so sánh "
            "từ các đơn vị tiền thân");
  EXPECT_EQ(app::ComparableNoteEn(point.note),
            "the indicator does not combine across units: no comparable figure can be rebuilt "
            "from the predecessors");
  // A sum adds the predecessors up and has nothing to explain.
  const Reorganised sum(UnitAggregation::kSum);
  auto sums = ComparableSeries(sum.engine(), sum.indicator(), 7, {Per("2021")}, true);
  ASSERT_TRUE(sums) << sums.error().message;
  EXPECT_EQ(sums->front().value, 7);
  EXPECT_EQ(sums->front().note, ComparableNote::kNone);
  EXPECT_EQ(app::ComparableNoteVi(sums->front().note), "");
  EXPECT_EQ(app::ComparableNoteEn(sums->front().note), "");
}

// ---- Updates, concurrency and loading --------------------------------------------------------

TEST(EngineUpdates, ResetRebuildsEverything) {
  Engine engine(WithValues(UnitAggregation::kSum).Build());
  EXPECT_EQ(MustRollup(engine, 10, 2, "2021").value, 35);
  DataBuilder moved = WithValues(UnitAggregation::kSum);
  moved.Move(5, 3, "2021-01-01");
  engine.Reset(moved.Build());
  EXPECT_EQ(MustRollup(engine, 10, 2, "2021").value, 15);
  EXPECT_THAT(*engine.Children(3, Day("2022-01-01")), ElementsAre(5, 6));
}

TEST(EngineUpdates, ConcurrentReadersAndWritersAgree) {
  Engine engine(WithValues(UnitAggregation::kSum).Build());
  std::vector<std::thread> threads;
  for (int reader = 0; reader < 3; ++reader) {
    threads.emplace_back([&engine, reader] {
      for (int round = 0; round < 200; ++round) {
        const Date as_of = Date::FromDays(18'900 + (round + reader) % 12);  // many tree dates
        auto rollup = engine.RollupIndicator(10, 2, Period::Year(2021), as_of);
        EXPECT_TRUE(rollup && rollup->value && *rollup->value >= 35);
      }
    });
  }
  threads.emplace_back([&engine] {
    for (int round = 0; round < 200; ++round) {
      engine.PutValue(MakeValue(10, 4, "2021", 10.0 + round));
    }
  });
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(MustRollup(engine, 10, 2, "2021").value, 5 + 209 + 20);
}

}  // namespace
}  // namespace nq::engine
