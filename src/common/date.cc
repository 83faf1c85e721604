#include "common/date.h"

#include <charconv>
#include <chrono>

namespace nq {
namespace {

std::chrono::year_month_day Civil(int32_t days) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days}}};
}

bool ParseInt(std::string_view text, int& out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

Result<Date> Date::FromYmd(int year, int month, int day) {
  std::chrono::year_month_day ymd{std::chrono::year{year},
                                  std::chrono::month{static_cast<unsigned>(month)},
                                  std::chrono::day{static_cast<unsigned>(day)}};
  if (year < 1900 || year > 2200 || !ymd.ok()) {
    return MakeError(ErrorCode::kInvalidArgument, "date {:04d}-{:02d}-{:02d} does not exist", year,
                     month, day);
  }
  return Date(static_cast<int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count()));
}

Result<Date> Date::Parse(std::string_view text) {
  int year = 0, month = 0, day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseInt(text.substr(0, 4), year) ||
      !ParseInt(text.substr(5, 2), month) || !ParseInt(text.substr(8, 2), day)) {
    return MakeError(ErrorCode::kInvalidArgument, "date \"{}\" is not of the form YYYY-MM-DD",
                     text);
  }
  auto date = FromYmd(year, month, day);
  if (!date) {
    return MakeError(ErrorCode::kInvalidArgument, "date \"{}\" does not exist", text);
  }
  return date;
}

Date Date::FromUnixMillis(UnixMillis millis) {
  int64_t days = millis / 86'400'000;
  if (millis < 0 && millis % 86'400'000 != 0) --days;
  return Date(static_cast<int32_t>(days));
}

int Date::year() const { return static_cast<int>(Civil(days_).year()); }
int Date::month() const { return static_cast<int>(static_cast<unsigned>(Civil(days_).month())); }
int Date::day() const { return static_cast<int>(static_cast<unsigned>(Civil(days_).day())); }

std::string Date::ToString() const {
  return fmt::format("{:04d}-{:02d}-{:02d}", year(), month(), day());
}

std::string Date::ToVietnamese() const {
  return fmt::format("{:02d}/{:02d}/{:04d}", day(), month(), year());
}

}  // namespace nq
