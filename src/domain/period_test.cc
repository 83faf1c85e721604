#include "domain/period.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace nq::domain {

// Lets GoogleTest print periods by their code in failure messages.
void PrintTo(const Period& period, std::ostream* os) { *os << period.ToString(); }

namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

Period MustParse(std::string_view code) {
  auto period = Period::Parse(code);
  if (!period) {
    ADD_FAILURE() << "Parse(\"" << code << "\") failed: " << period.error().message;
    return Period::Year(1900);
  }
  return *period;
}

Date Day(std::string_view text) {
  auto date = Date::Parse(text);
  if (!date) {
    ADD_FAILURE() << "bad date in test: " << text;
    return Date();
  }
  return *date;
}

std::vector<std::string> Codes(const std::vector<Period>& periods) {
  std::vector<std::string> codes;
  for (const Period& period : periods) codes.push_back(period.ToString());
  return codes;
}

// --- Parse and ToString ----------------------------------------------------------------------

TEST(PeriodParse, ReadsAYear) {
  Period period = MustParse("2021");
  EXPECT_EQ(period.type(), PeriodType::kYear);
  EXPECT_EQ(period.year(), 2021);
  EXPECT_EQ(period.index(), 0);
}

TEST(PeriodParse, ReadsAHalf) {
  Period period = MustParse("2021S2");
  EXPECT_EQ(period.type(), PeriodType::kHalf);
  EXPECT_EQ(period.year(), 2021);
  EXPECT_EQ(period.index(), 2);
}

TEST(PeriodParse, ReadsAQuarter) {
  Period period = MustParse("2021Q3");
  EXPECT_EQ(period.type(), PeriodType::kQuarter);
  EXPECT_EQ(period.year(), 2021);
  EXPECT_EQ(period.index(), 3);
}

TEST(PeriodParse, ReadsAMonth) {
  Period period = MustParse("202103");
  EXPECT_EQ(period.type(), PeriodType::kMonth);
  EXPECT_EQ(period.year(), 2021);
  EXPECT_EQ(period.index(), 3);
}

TEST(PeriodParse, ReadsATerm) {
  Period period = MustParse("2020T5");
  EXPECT_EQ(period.type(), PeriodType::kTerm);
  EXPECT_EQ(period.year(), 2020);
  EXPECT_EQ(period.index(), 5);
}

TEST(PeriodParse, AcceptsTheYearBoundsAndLongestTerm) {
  EXPECT_EQ(MustParse("1900"), Period::Year(1900));
  EXPECT_EQ(MustParse("2200"), Period::Year(2200));
  EXPECT_EQ(MustParse("2020T1"), Period::Term(2020, 1));
  EXPECT_EQ(MustParse("2020T10"), Period::Term(2020, 10));
}

TEST(PeriodParse, MatchesTheFactories) {
  EXPECT_EQ(MustParse("2021"), Period::Year(2021));
  EXPECT_EQ(MustParse("2021S1"), Period::Half(2021, 1));
  EXPECT_EQ(MustParse("2021Q4"), Period::Quarter(2021, 4));
  EXPECT_EQ(MustParse("202112"), Period::Month(2021, 12));
  EXPECT_EQ(MustParse("2020T5"), Period::Term(2020, 5));
}

TEST(PeriodToString, RoundTripsEveryKind) {
  for (std::string_view code :
       {"1900", "2021", "2200", "2021S1", "2021S2", "2021Q1", "2021Q4", "202101", "202109",
        "202110", "202112", "2020T5", "2020T1", "2020T10", "1900T10", "2200Q4"}) {
    EXPECT_EQ(MustParse(code).ToString(), code);
  }
}

TEST(PeriodToString, WritesFactoryPeriodsAsCodes) {
  EXPECT_EQ(Period::Month(2021, 3).ToString(), "202103");
  EXPECT_EQ(Period::Quarter(2021, 1).ToString(), "2021Q1");
  EXPECT_EQ(Period::Half(2021, 2).ToString(), "2021S2");
  EXPECT_EQ(Period::Year(2021).ToString(), "2021");
  EXPECT_EQ(Period::Term(2020, 5).ToString(), "2020T5");
}

// --- Parse errors: one case per way a code can be wrong ----------------------------------------

struct BadCode {
  std::string name;  // test name suffix
  std::string code;
  std::string message_part;
};

void PrintTo(const BadCode& bad, std::ostream* os) { *os << bad.name; }

class PeriodParseRejects : public ::testing::TestWithParam<BadCode> {};

TEST_P(PeriodParseRejects, WithInvalidArgumentNamingTheProblem) {
  const BadCode& bad = GetParam();
  auto period = Period::Parse(bad.code);
  ASSERT_FALSE(period.has_value()) << "parsed as " << period->ToString();
  EXPECT_EQ(period.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(period.error().message, HasSubstr(bad.message_part));
  if (!bad.code.empty()) {
    EXPECT_THAT(period.error().message, HasSubstr("period \"" + bad.code + "\""));
  }
  EXPECT_NE(period.error().message.back(), '.');
}

INSTANTIATE_TEST_SUITE_P(
    AllBadCodes, PeriodParseRejects,
    ::testing::Values(
        BadCode{"Empty", "", "period code is empty"},
        BadCode{"LowerCaseQuarter", "2021q1", "must be written with upper-case letters"},
        BadCode{"LowerCaseHalf", "2021s1", "must be written with upper-case letters"},
        BadCode{"LowerCaseTerm", "2020t5", "must be written with upper-case letters"},
        BadCode{"InnerSpace", "2021 Q1", "contains whitespace"},
        BadCode{"LeadingSpace", " 2021", "contains whitespace"},
        BadCode{"TrailingSpace", "2021 ", "contains whitespace"},
        BadCode{"TrailingNewline", "2021\n", "contains whitespace"},
        BadCode{"Tab", "2021\tQ1", "contains whitespace"},
        BadCode{"NonAsciiLetter", "2021Q1\xC3\xA9", "contains a non-ASCII character"},
        BadCode{"FullWidthDigits", "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x91",
                "contains a non-ASCII character"},
        BadCode{"VietnameseLetter", "2021Q\xC3\xBD", "contains a non-ASCII character"},
        BadCode{"ControlCharacter", std::string("2021\x01", 5), "contains a control character"},
        BadCode{"NulByte", std::string("2021\0", 5), "contains a control character"},
        BadCode{"Dash", "2021-03", "contains unexpected character '-'"},
        BadCode{"ShortYear", "202", "does not start with a four-digit year"},
        BadCode{"LetterFirst", "Q12021", "does not start with a four-digit year"},
        BadCode{"TwoDigitYear", "21Q1", "does not start with a four-digit year"},
        BadCode{"YearTooEarly", "1899", "has year 1899 outside 1900 to 2200"},
        BadCode{"YearTooLate", "2201", "has year 2201 outside 1900 to 2200"},
        BadCode{"YearZero", "0000Q1", "has year 0 outside 1900 to 2200"},
        BadCode{"QuarterZero", "2021Q0", "is not a valid quarter"},
        BadCode{"QuarterFive", "2021Q5", "is not a valid quarter"},
        BadCode{"QuarterMissing", "2021Q", "is not a valid quarter"},
        BadCode{"QuarterLeadingZero", "2021Q01", "is not a valid quarter"},
        BadCode{"QuarterTwelve", "2021Q12", "is not a valid quarter"},
        BadCode{"MonthZero", "202100", "is not a valid month"},
        BadCode{"MonthThirteen", "202113", "is not a valid month"},
        BadCode{"MonthOneDigit", "20213", "is not a valid month"},
        BadCode{"MonthThreeDigits", "2021003", "is not a valid month"},
        BadCode{"HalfZero", "2021S0", "is not a valid half-year"},
        BadCode{"HalfThree", "2021S3", "is not a valid half-year"},
        BadCode{"HalfMissing", "2021S", "is not a valid half-year"},
        BadCode{"TermZero", "2020T0", "is not a valid term"},
        BadCode{"TermEleven", "2020T11", "is not a valid term"},
        BadCode{"TermHundred", "2020T100", "is not a valid term"},
        BadCode{"TermLeadingZero", "2020T05", "is not a valid term"},
        BadCode{"TermMissing", "2020T", "is not a valid term"},
        BadCode{"JunkAfterQuarter", "2021Q1X", "unexpected characters \"X\" after the quarter"},
        BadCode{"JunkAfterHalf", "2021S1Q2", "unexpected characters \"Q2\" after the half-year"},
        BadCode{"JunkAfterTerm", "2020T5Y", "unexpected characters \"Y\" after the term"},
        BadCode{"JunkAfterMonth", "202103A", "unexpected characters \"A\" after the month"},
        BadCode{"UnknownKind", "2021X1", "unknown kind 'X'"},
        BadCode{"MonthWithLetter", "2021M03", "unknown kind 'M'"}),
    [](const ::testing::TestParamInfo<BadCode>& param_info) { return param_info.param.name; });

TEST(PeriodParse, QuarterFiveMessageFollowsTheHouseStyle) {
  auto period = Period::Parse("2021Q5");
  ASSERT_FALSE(period.has_value());
  EXPECT_THAT(period.error().message, StartsWith("period \"2021Q5\" is not a valid quarter"));
}

// --- Start and end dates ---------------------------------------------------------------------

TEST(PeriodDates, MonthRunsFromFirstToLastDay) {
  EXPECT_EQ(MustParse("202103").start(), Day("2021-03-01"));
  EXPECT_EQ(MustParse("202103").end(), Day("2021-03-31"));
  EXPECT_EQ(MustParse("202104").end(), Day("2021-04-30"));
  EXPECT_EQ(MustParse("202112").end(), Day("2021-12-31"));
}

TEST(PeriodDates, FebruaryEndsOnTheLeapDayInLeapYears) {
  EXPECT_EQ(MustParse("202402").end(), Day("2024-02-29"));
  EXPECT_EQ(MustParse("202302").end(), Day("2023-02-28"));
  EXPECT_EQ(MustParse("200002").end(), Day("2000-02-29"));
  EXPECT_EQ(MustParse("190002").end(), Day("1900-02-28"));
  EXPECT_EQ(MustParse("210002").end(), Day("2100-02-28"));
}

TEST(PeriodDates, QuarterCoversThreeMonths) {
  EXPECT_EQ(MustParse("2024Q1").start(), Day("2024-01-01"));
  EXPECT_EQ(MustParse("2024Q1").end(), Day("2024-03-31"));
  EXPECT_EQ(MustParse("2021Q2").start(), Day("2021-04-01"));
  EXPECT_EQ(MustParse("2021Q2").end(), Day("2021-06-30"));
  EXPECT_EQ(MustParse("2021Q3").start(), Day("2021-07-01"));
  EXPECT_EQ(MustParse("2021Q4").end(), Day("2021-12-31"));
}

TEST(PeriodDates, HalfCoversSixMonths) {
  EXPECT_EQ(MustParse("2021S1").start(), Day("2021-01-01"));
  EXPECT_EQ(MustParse("2021S1").end(), Day("2021-06-30"));
  EXPECT_EQ(MustParse("2021S2").start(), Day("2021-07-01"));
  EXPECT_EQ(MustParse("2021S2").end(), Day("2021-12-31"));
}

TEST(PeriodDates, YearCoversTheCalendarYear) {
  EXPECT_EQ(MustParse("2024").start(), Day("2024-01-01"));
  EXPECT_EQ(MustParse("2024").end(), Day("2024-12-31"));
  EXPECT_EQ(MustParse("2024").end().days() - MustParse("2024").start().days(), 365);
}

TEST(PeriodDates, TermRunsFromItsFirstYearThroughStartPlusLength) {
  EXPECT_EQ(MustParse("2020T5").start(), Day("2020-01-01"));
  EXPECT_EQ(MustParse("2020T5").end(), Day("2025-12-31"));
  EXPECT_EQ(MustParse("2020T1").end(), Day("2021-12-31"));
  EXPECT_EQ(MustParse("2200T10").end().ToString(), "2210-12-31");
}

// --- Contains --------------------------------------------------------------------------------

TEST(PeriodContains, DateInsideIncludingBothEnds) {
  Period quarter = MustParse("2021Q1");
  EXPECT_TRUE(quarter.Contains(Day("2021-01-01")));
  EXPECT_TRUE(quarter.Contains(Day("2021-02-15")));
  EXPECT_TRUE(quarter.Contains(Day("2021-03-31")));
  EXPECT_FALSE(quarter.Contains(Day("2020-12-31")));
  EXPECT_FALSE(quarter.Contains(Day("2021-04-01")));
}

TEST(PeriodContains, CoarserHoldsFinerButNotTheReverse) {
  EXPECT_TRUE(MustParse("2021").Contains(MustParse("2021Q2")));
  EXPECT_TRUE(MustParse("2021").Contains(MustParse("202112")));
  EXPECT_TRUE(MustParse("2021S2").Contains(MustParse("2021Q3")));
  EXPECT_FALSE(MustParse("2021Q2").Contains(MustParse("2021")));
  EXPECT_FALSE(MustParse("202103").Contains(MustParse("2021Q1")));
}

TEST(PeriodContains, PeriodContainsItself) {
  for (std::string_view code : {"202103", "2021Q1", "2021S1", "2021", "2020T5"}) {
    EXPECT_TRUE(MustParse(code).Contains(MustParse(code))) << code;
  }
}

TEST(PeriodContains, DisjointAndOverlappingPeriodsAreNotContained) {
  EXPECT_FALSE(MustParse("2021S1").Contains(MustParse("2021Q3")));
  EXPECT_FALSE(MustParse("2021").Contains(MustParse("2022Q1")));
  // Overlaps only partly: 2021T1 is 2021–2022.
  EXPECT_FALSE(MustParse("2021").Contains(MustParse("2021T1")));
}

TEST(PeriodContains, TermHoldsItsLastYear) {
  Period term = MustParse("2020T5");
  EXPECT_TRUE(term.Contains(MustParse("2020")));
  EXPECT_TRUE(term.Contains(MustParse("2025Q4")));
  EXPECT_TRUE(term.Contains(Day("2025-12-31")));
  EXPECT_FALSE(term.Contains(MustParse("2026")));
  EXPECT_FALSE(term.Contains(MustParse("2019Q4")));
  EXPECT_FALSE(term.Contains(MustParse("2025T5")));
}

// --- Next and Previous -----------------------------------------------------------------------

TEST(PeriodNext, MonthCrossesTheYearBoundary) {
  EXPECT_EQ(MustParse("202111").Next(), MustParse("202112"));
  EXPECT_EQ(MustParse("202112").Next(), MustParse("202201"));
  EXPECT_EQ(MustParse("202201").Previous(), MustParse("202112"));
  EXPECT_EQ(MustParse("202202").Previous(), MustParse("202201"));
}

TEST(PeriodNext, QuarterCrossesTheYearBoundary) {
  EXPECT_EQ(MustParse("2021Q3").Next(), MustParse("2021Q4"));
  EXPECT_EQ(MustParse("2021Q4").Next(), MustParse("2022Q1"));
  EXPECT_EQ(MustParse("2022Q1").Previous(), MustParse("2021Q4"));
}

TEST(PeriodNext, HalfCrossesTheYearBoundary) {
  EXPECT_EQ(MustParse("2021S1").Next(), MustParse("2021S2"));
  EXPECT_EQ(MustParse("2021S2").Next(), MustParse("2022S1"));
  EXPECT_EQ(MustParse("2022S1").Previous(), MustParse("2021S2"));
}

TEST(PeriodNext, YearStepsByOne) {
  EXPECT_EQ(MustParse("2021").Next(), MustParse("2022"));
  EXPECT_EQ(MustParse("2021").Previous(), MustParse("2020"));
}

TEST(PeriodNext, TermStepsByItsLength) {
  EXPECT_EQ(MustParse("2020T5").Next(), MustParse("2025T5"));
  EXPECT_EQ(MustParse("2020T5").Previous(), MustParse("2015T5"));
  EXPECT_EQ(MustParse("2020T3").Next(), MustParse("2023T3"));
  EXPECT_EQ(MustParse("2020T3").Previous(), MustParse("2017T3"));
}

TEST(PeriodNext, NextOfAFixedPeriodStartsTheDayAfterItEnds) {
  for (std::string_view code : {"202102", "202112", "2021Q4", "2021S1", "2021S2", "2024"}) {
    Period period = MustParse(code);
    EXPECT_EQ(period.Next().start(), period.end().AddDays(1)) << code;
    EXPECT_EQ(period.Previous().end(), period.start().AddDays(-1)) << code;
  }
}

TEST(PeriodNext, PreviousUndoesNext) {
  for (std::string_view code :
       {"202101", "202112", "2021Q1", "2021Q4", "2021S1", "2021S2", "2021", "2020T5", "2020T10"}) {
    Period period = MustParse(code);
    EXPECT_EQ(period.Next().Previous(), period) << code;
    EXPECT_EQ(period.Previous().Next(), period) << code;
  }
}

// --- Split -----------------------------------------------------------------------------------

TEST(PeriodSplit, YearIntoQuarters) {
  EXPECT_THAT(Codes(MustParse("2021").Split(PeriodType::kQuarter)),
              ::testing::ElementsAre("2021Q1", "2021Q2", "2021Q3", "2021Q4"));
}

TEST(PeriodSplit, YearIntoHalvesAndMonths) {
  EXPECT_THAT(Codes(MustParse("2021").Split(PeriodType::kHalf)),
              ::testing::ElementsAre("2021S1", "2021S2"));
  std::vector<Period> months = MustParse("2021").Split(PeriodType::kMonth);
  ASSERT_EQ(months.size(), 12u);
  EXPECT_EQ(months.front(), MustParse("202101"));
  EXPECT_EQ(months.back(), MustParse("202112"));
}

TEST(PeriodSplit, SecondHalfIntoMonthsSevenToTwelve) {
  EXPECT_THAT(Codes(MustParse("2021S2").Split(PeriodType::kMonth)),
              ::testing::ElementsAre("202107", "202108", "202109", "202110", "202111", "202112"));
}

TEST(PeriodSplit, HalfIntoQuarters) {
  EXPECT_THAT(Codes(MustParse("2021S2").Split(PeriodType::kQuarter)),
              ::testing::ElementsAre("2021Q3", "2021Q4"));
}

TEST(PeriodSplit, QuarterIntoMonths) {
  EXPECT_THAT(Codes(MustParse("2021Q2").Split(PeriodType::kMonth)),
              ::testing::ElementsAre("202104", "202105", "202106"));
}

TEST(PeriodSplit, TermIntoYearsIncludesTheLastYear) {
  EXPECT_THAT(Codes(MustParse("2020T5").Split(PeriodType::kYear)),
              ::testing::ElementsAre("2020", "2021", "2022", "2023", "2024", "2025"));
}

TEST(PeriodSplit, TermIntoMonthsGivesEveryMonth) {
  std::vector<Period> months = MustParse("2020T5").Split(PeriodType::kMonth);
  ASSERT_EQ(months.size(), 72u);
  EXPECT_EQ(months.front(), MustParse("202001"));
  EXPECT_EQ(months.back(), MustParse("202512"));
  EXPECT_EQ(MustParse("2020T5").Split(PeriodType::kQuarter).size(), 24u);
  EXPECT_EQ(MustParse("2020T5").Split(PeriodType::kHalf).size(), 12u);
}

TEST(PeriodSplit, SameTypeGivesThePeriodItself) {
  for (std::string_view code : {"202103", "2021Q1", "2021S1", "2021", "2020T5"}) {
    Period period = MustParse(code);
    EXPECT_THAT(period.Split(period.type()), ::testing::ElementsAre(period)) << code;
  }
}

TEST(PeriodSplit, CoarserTypeGivesNothing) {
  EXPECT_TRUE(MustParse("2021Q1").Split(PeriodType::kYear).empty());
  EXPECT_TRUE(MustParse("2021Q1").Split(PeriodType::kHalf).empty());
  EXPECT_TRUE(MustParse("202103").Split(PeriodType::kQuarter).empty());
  EXPECT_TRUE(MustParse("2021").Split(PeriodType::kTerm).empty());
}

// --- Labels ----------------------------------------------------------------------------------

TEST(PeriodLabel, VietnameseForEveryKind) {
  EXPECT_EQ(MustParse("202103").LabelVi(), "Tháng 3/2021");
  EXPECT_EQ(MustParse("202112").LabelVi(), "Tháng 12/2021");
  EXPECT_EQ(MustParse("2021S1").LabelVi(), "6 tháng đầu năm 2021");
  EXPECT_EQ(MustParse("2021S2").LabelVi(), "6 tháng cuối năm 2021");
  EXPECT_EQ(MustParse("2021").LabelVi(), "Năm 2021");
  EXPECT_EQ(MustParse("2020T5").LabelVi(), "Nhiệm kỳ 2020–2025");
}

TEST(PeriodLabel, VietnameseQuartersUseRomanNumerals) {
  EXPECT_EQ(MustParse("2021Q1").LabelVi(), "Quý I/2021");
  EXPECT_EQ(MustParse("2021Q2").LabelVi(), "Quý II/2021");
  EXPECT_EQ(MustParse("2021Q3").LabelVi(), "Quý III/2021");
  EXPECT_EQ(MustParse("2021Q4").LabelVi(), "Quý IV/2021");
}

TEST(PeriodLabel, EnglishForEveryKind) {
  EXPECT_EQ(MustParse("202101").LabelEn(), "January 2021");
  EXPECT_EQ(MustParse("202103").LabelEn(), "March 2021");
  EXPECT_EQ(MustParse("202112").LabelEn(), "December 2021");
  EXPECT_EQ(MustParse("2021Q1").LabelEn(), "Q1 2021");
  EXPECT_EQ(MustParse("2021Q4").LabelEn(), "Q4 2021");
  EXPECT_EQ(MustParse("2021S1").LabelEn(), "H1 2021");
  EXPECT_EQ(MustParse("2021S2").LabelEn(), "H2 2021");
  EXPECT_EQ(MustParse("2021").LabelEn(), "2021");
  EXPECT_EQ(MustParse("2020T5").LabelEn(), "Term 2020–2025");
}

// --- Ordering and Containing -----------------------------------------------------------------

TEST(PeriodOrder, ByStartThenShorterFirst) {
  std::vector<Period> periods;
  for (std::string_view code : {"2022", "2021", "2021T5", "2021S1", "202102", "2021Q1", "202101",
                                "2020T5", "2021Q2", "2021S2", "2021T1"}) {
    periods.push_back(MustParse(code));
  }
  std::sort(periods.begin(), periods.end());
  EXPECT_THAT(Codes(periods),
              ::testing::ElementsAre("2020T5", "202101", "2021Q1", "2021S1", "2021", "2021T1",
                                     "2021T5", "202102", "2021Q2", "2021S2", "2022"));
}

TEST(PeriodOrder, EqualPeriodsCompareEqual) {
  EXPECT_EQ(MustParse("2021Q1"), Period::Quarter(2021, 1));
  EXPECT_EQ(MustParse("2021Q1") <=> Period::Quarter(2021, 1), std::strong_ordering::equal);
  EXPECT_NE(MustParse("2021Q1"), MustParse("2021S1"));
  EXPECT_LT(MustParse("2021Q1"), MustParse("2021S1"));
  EXPECT_GT(MustParse("2021Q2"), MustParse("2021"));
}

TEST(PeriodContaining, FindsThePeriodOfEachTypeForADate) {
  Date day = Day("2021-08-31");
  EXPECT_EQ(Period::Containing(PeriodType::kMonth, day), MustParse("202108"));
  EXPECT_EQ(Period::Containing(PeriodType::kQuarter, day), MustParse("2021Q3"));
  EXPECT_EQ(Period::Containing(PeriodType::kHalf, day), MustParse("2021S2"));
  EXPECT_EQ(Period::Containing(PeriodType::kYear, day), MustParse("2021"));
  EXPECT_EQ(Period::Containing(PeriodType::kTerm, day), MustParse("2020T5"));
}

TEST(PeriodContaining, QuarterAndHalfBoundaries) {
  EXPECT_EQ(Period::Containing(PeriodType::kQuarter, Day("2021-03-31")), MustParse("2021Q1"));
  EXPECT_EQ(Period::Containing(PeriodType::kQuarter, Day("2021-04-01")), MustParse("2021Q2"));
  EXPECT_EQ(Period::Containing(PeriodType::kHalf, Day("2021-06-30")), MustParse("2021S1"));
  EXPECT_EQ(Period::Containing(PeriodType::kHalf, Day("2021-07-01")), MustParse("2021S2"));
}

TEST(PeriodContaining, TermStartsInTheLatestYearDivisibleByFive) {
  EXPECT_EQ(Period::Containing(PeriodType::kTerm, Day("2021-03-31")), MustParse("2020T5"));
  EXPECT_EQ(Period::Containing(PeriodType::kTerm, Day("2020-01-01")), MustParse("2020T5"));
  EXPECT_EQ(Period::Containing(PeriodType::kTerm, Day("2024-12-31")), MustParse("2020T5"));
  EXPECT_EQ(Period::Containing(PeriodType::kTerm, Day("2025-06-01")), MustParse("2025T5"));
  EXPECT_EQ(Period::Containing(PeriodType::kTerm, Day("1900-01-01")), MustParse("1900T5"));
}

TEST(PeriodTypeNames, RoundTrip) {
  for (PeriodType type : {PeriodType::kMonth, PeriodType::kQuarter, PeriodType::kHalf,
                          PeriodType::kYear, PeriodType::kTerm}) {
    auto parsed = ParsePeriodType(PeriodTypeName(type));
    ASSERT_TRUE(parsed.has_value()) << PeriodTypeName(type);
    EXPECT_EQ(*parsed, type);
  }
  auto bad = ParsePeriodType("week");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

// --- Property: random valid periods ----------------------------------------------------------

Period RandomPeriod(std::mt19937& rng) {
  auto pick = [&rng](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(rng);
  };
  const int year = pick(1900, 2200);
  switch (pick(0, 4)) {
    case 0:
      return Period::Month(year, pick(1, 12));
    case 1:
      return Period::Quarter(year, pick(1, 4));
    case 2:
      return Period::Half(year, pick(1, 2));
    case 3:
      return Period::Year(year);
    default:
      return Period::Term(year, pick(1, 10));
  }
}

TEST(PeriodProperty, ParseOfToStringGivesThePeriodBack) {
  std::mt19937 rng(20210331);
  for (int trial = 0; trial < 2000; ++trial) {
    Period period = RandomPeriod(rng);
    auto parsed = Period::Parse(period.ToString());
    ASSERT_TRUE(parsed.has_value()) << period.ToString() << ": " << parsed.error().message;
    EXPECT_EQ(*parsed, period);
  }
}

TEST(PeriodProperty, MonthsOfASplitCoverStartToEndWithoutGaps) {
  std::mt19937 rng(20250601);
  for (int trial = 0; trial < 2000; ++trial) {
    Period period = RandomPeriod(rng);
    SCOPED_TRACE(period.ToString());
    std::vector<Period> months = period.Split(PeriodType::kMonth);
    ASSERT_FALSE(months.empty());
    EXPECT_EQ(months.front().start(), period.start());
    EXPECT_EQ(months.back().end(), period.end());
    for (size_t month_idx = 0; month_idx < months.size(); ++month_idx) {
      EXPECT_EQ(months[month_idx].type(), PeriodType::kMonth);
      EXPECT_TRUE(period.Contains(months[month_idx]));
      if (month_idx > 0) {
        EXPECT_EQ(months[month_idx].start(), months[month_idx - 1].end().AddDays(1));
      }
    }
  }
}

}  // namespace
}  // namespace nq::domain
