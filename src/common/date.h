// Date: a civil calendar day (proleptic Gregorian), the unit of every deadline and validity bound.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"

namespace nq {

class Date {
 public:
  constexpr Date() = default;
  // Days since 1970-01-01.
  static constexpr Date FromDays(int32_t days) { return Date(days); }
  // Returns an invalid_argument error for a day that does not exist (2021-02-29).
  static Result<Date> FromYmd(int year, int month, int day);
  // Parses "YYYY-MM-DD"; fails with invalid_argument naming the text.
  static Result<Date> Parse(std::string_view text);
  // The UTC day holding `millis`.
  static Date FromUnixMillis(UnixMillis millis);
  // The calendar day in Việt Nam (UTC+7 all year, no daylight saving) holding `millis`: the day
  // the offices live by, which "today", a report's sending and an answer are judged on.
  static Date InVietnam(UnixMillis millis) { return FromUnixMillis(millis + kVietnamOffsetMillis); }
  static constexpr UnixMillis kVietnamOffsetMillis = 7 * 3'600'000;

  int32_t days() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  Date AddDays(int32_t delta) const { return Date(days_ + delta); }

  std::string ToString() const;      // "2021-03-31"
  std::string ToVietnamese() const;  // "31/03/2021"

  auto operator<=>(const Date&) const = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

}  // namespace nq
