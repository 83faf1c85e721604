#include "common/date.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace nq {

// Lets GoogleTest print dates readably in failure messages.
void PrintTo(const Date& date, std::ostream* os) { *os << date.ToString(); }

namespace {

using ::testing::HasSubstr;

constexpr UnixMillis kMillisPerDay = 86'400'000;

TEST(DateParse, ReadsAValidDate) {
  auto date = Date::Parse("2021-03-31");
  ASSERT_TRUE(date.has_value()) << date.error().message;
  EXPECT_EQ(date->year(), 2021);
  EXPECT_EQ(date->month(), 3);
  EXPECT_EQ(date->day(), 31);
}

TEST(DateParse, ReadsTheLeapDayOfALeapYear) {
  auto date = Date::Parse("2024-02-29");
  ASSERT_TRUE(date.has_value()) << date.error().message;
  EXPECT_EQ(date->ToString(), "2024-02-29");
  EXPECT_TRUE(Date::Parse("2000-02-29").has_value());
}

TEST(DateParse, ReadsTheBoundsOfTheSupportedYears) {
  EXPECT_TRUE(Date::Parse("1900-01-01").has_value());
  EXPECT_TRUE(Date::Parse("2200-12-31").has_value());
}

TEST(DateParse, RoundTripsThroughToString) {
  for (std::string_view text :
       {"1900-01-01", "1970-01-01", "1999-12-31", "2021-03-31", "2024-02-29", "2200-12-31"}) {
    auto date = Date::Parse(text);
    ASSERT_TRUE(date.has_value()) << text;
    EXPECT_EQ(date->ToString(), text);
  }
}

TEST(DateParse, RefusesTheLeapDayOfACommonYear) {
  auto date = Date::Parse("2021-02-29");
  ASSERT_FALSE(date.has_value());
  EXPECT_EQ(date.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(date.error().message, "date \"2021-02-29\" does not exist");
}

TEST(DateParse, RefusesTheLeapDayOfACenturyYear) {
  auto date = Date::Parse("2100-02-29");
  ASSERT_FALSE(date.has_value());
  EXPECT_EQ(date.error().code, ErrorCode::kInvalidArgument);
}

TEST(DateParse, RefusesDaysAndMonthsThatDoNotExist) {
  for (std::string_view text :
       {"2021-04-31", "2021-13-01", "2021-00-10", "2021-01-00", "2021-01-32"}) {
    auto date = Date::Parse(text);
    ASSERT_FALSE(date.has_value()) << text;
    EXPECT_EQ(date.error().code, ErrorCode::kInvalidArgument) << text;
    EXPECT_THAT(date.error().message, HasSubstr("does not exist")) << text;
  }
}

TEST(DateParse, RefusesYearsOutsideTheSupportedRange) {
  for (std::string_view text : {"1899-12-31", "2201-01-01", "0000-01-01"}) {
    auto date = Date::Parse(text);
    ASSERT_FALSE(date.has_value()) << text;
    EXPECT_EQ(date.error().code, ErrorCode::kInvalidArgument) << text;
  }
}

TEST(DateParse, RefusesUnpaddedFields) {
  auto date = Date::Parse("2021-2-1");
  ASSERT_FALSE(date.has_value());
  EXPECT_EQ(date.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(date.error().message, "date \"2021-2-1\" is not of the form YYYY-MM-DD");
}

TEST(DateParse, RefusesOtherShapes) {
  for (std::string_view text :
       {"", "2021", "2021/03/31", "31/03/2021", "2021-03-31T00:00", " 2021-03-31", "2021-03-3 ",
        "2021-+3-31", "2021-03--1", "２０２１-03-31", "abcd-ef-gh", "20210331"}) {
    auto date = Date::Parse(text);
    ASSERT_FALSE(date.has_value()) << "\"" << text << "\"";
    EXPECT_EQ(date.error().code, ErrorCode::kInvalidArgument) << text;
    EXPECT_THAT(date.error().message, HasSubstr("is not of the form YYYY-MM-DD")) << text;
  }
}

TEST(DateFromYmd, BuildsExistingDays) {
  auto date = Date::FromYmd(2021, 3, 31);
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->ToString(), "2021-03-31");
}

TEST(DateFromYmd, RefusesMissingDaysNamingThem) {
  auto date = Date::FromYmd(2021, 2, 29);
  ASSERT_FALSE(date.has_value());
  EXPECT_EQ(date.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(date.error().message, HasSubstr("2021-02-29"));
}

TEST(DateFromDays, CountsFromTheUnixEpoch) {
  EXPECT_EQ(Date::FromDays(0).ToString(), "1970-01-01");
  EXPECT_EQ(Date::FromDays(-1).ToString(), "1969-12-31");
  EXPECT_EQ(Date::FromDays(18'717).ToString(), "2021-03-31");
  EXPECT_EQ(Date::FromDays(18'717).days(), 18'717);
  EXPECT_EQ(Date().ToString(), "1970-01-01");
}

TEST(DateFromUnixMillis, TakesTheUtcDayOfPositiveMillis) {
  EXPECT_EQ(Date::FromUnixMillis(0).ToString(), "1970-01-01");
  EXPECT_EQ(Date::FromUnixMillis(kMillisPerDay - 1).ToString(), "1970-01-01");
  EXPECT_EQ(Date::FromUnixMillis(kMillisPerDay).ToString(), "1970-01-02");
  // 2021-03-31T23:59:59.999Z.
  EXPECT_EQ(Date::FromUnixMillis(1'617'235'199'999).ToString(), "2021-03-31");
  EXPECT_EQ(Date::FromUnixMillis(1'617'235'200'000).ToString(), "2021-04-01");
}

// The offices' day: 17:00 UTC is already tomorrow in Việt Nam.
TEST(DateInVietnam, TurnsAtFiveInTheAfternoonUtc) {
  const UnixMillis day = int64_t{Date::Parse("2026-12-07")->days()} * kMillisPerDay;
  EXPECT_EQ(Date::InVietnam(day).ToString(), "2026-12-07");
  EXPECT_EQ(Date::InVietnam(day + 17 * 3'600'000 - 1).ToString(), "2026-12-07");
  EXPECT_EQ(Date::InVietnam(day + 17 * 3'600'000).ToString(), "2026-12-08");
  EXPECT_EQ(Date::InVietnam(day - 7 * 3'600'000).ToString(), "2026-12-07");
  EXPECT_EQ(Date::InVietnam(day - 7 * 3'600'000 - 1).ToString(), "2026-12-06");
}

TEST(DateFromUnixMillis, RoundsNegativeMillisDownToTheEarlierDay) {
  EXPECT_EQ(Date::FromUnixMillis(-1).ToString(), "1969-12-31");
  EXPECT_EQ(Date::FromUnixMillis(-kMillisPerDay + 1).ToString(), "1969-12-31");
  EXPECT_EQ(Date::FromUnixMillis(-kMillisPerDay).ToString(), "1969-12-31");
  EXPECT_EQ(Date::FromUnixMillis(-kMillisPerDay - 1).ToString(), "1969-12-30");
  // 1900-01-01T00:00:00.001Z.
  EXPECT_EQ(Date::FromUnixMillis(-2'208'988'799'999).ToString(), "1900-01-01");
}

TEST(DateToVietnamese, WritesDayMonthYearZeroPadded) {
  EXPECT_EQ(Date::Parse("2021-03-31")->ToVietnamese(), "31/03/2021");
  EXPECT_EQ(Date::Parse("2021-01-05")->ToVietnamese(), "05/01/2021");
  EXPECT_EQ(Date::Parse("1900-12-01")->ToVietnamese(), "01/12/1900");
}

TEST(DateAddDays, CrossesMonthAndYearBoundaries) {
  Date day = *Date::Parse("2024-02-28");
  EXPECT_EQ(day.AddDays(1).ToString(), "2024-02-29");
  EXPECT_EQ(day.AddDays(2).ToString(), "2024-03-01");
  EXPECT_EQ(Date::Parse("2021-12-31")->AddDays(1).ToString(), "2022-01-01");
  EXPECT_EQ(Date::Parse("2022-01-01")->AddDays(-1).ToString(), "2021-12-31");
}

TEST(DateCompare, OrdersByDay) {
  Date earlier = *Date::Parse("2021-03-31");
  Date later = *Date::Parse("2021-04-01");
  EXPECT_LT(earlier, later);
  EXPECT_EQ(earlier, *Date::Parse("2021-03-31"));
  EXPECT_NE(earlier, later);
}

}  // namespace
}  // namespace nq
