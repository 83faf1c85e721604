#include "domain/period.h"

#include <fmt/core.h>

#include <array>
#include <cassert>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace nq::domain {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;
constexpr int kMaxTermYears = 10;
// Containing(kTerm, …) assumes the usual five-year congress term.
constexpr int kDefaultTermYears = 5;

constexpr std::array<std::string_view, 4> kRomanNumerals{"I", "II", "III", "IV"};
constexpr std::array<std::string_view, 12> kEnglishMonths{
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// A PeriodType outside the enum can only come from a bad cast in our own code.
[[noreturn]] void DieOnBadType(PeriodType type) {
  std::fprintf(stderr, "nq::domain::Period: invalid period type %d\n", static_cast<int>(type));
  std::abort();
}

int FloorDiv(int a, int b) { return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0); }

// Months in one period of a fixed-length type; never called for a term, whose length varies.
int MonthsPer(PeriodType type) {
  switch (type) {
    case PeriodType::kMonth:
      return 1;
    case PeriodType::kQuarter:
      return 3;
    case PeriodType::kHalf:
      return 6;
    case PeriodType::kYear:
      return 12;
    case PeriodType::kTerm:
      break;
  }
  DieOnBadType(type);
}

// A term "2020T5" runs from its first year through year 2025: length + 1 calendar years.
int MonthCount(const Period& period) {
  if (period.type() == PeriodType::kTerm) return 12 * (period.index() + 1);
  return MonthsPer(period.type());
}

int FirstMonth(const Period& period) {
  switch (period.type()) {
    case PeriodType::kMonth:
    case PeriodType::kQuarter:
    case PeriodType::kHalf:
      return (period.index() - 1) * MonthsPer(period.type()) + 1;
    case PeriodType::kYear:
    case PeriodType::kTerm:
      return 1;
  }
  DieOnBadType(period.type());
}

// Months since January of year 0; orders periods by start without calendar arithmetic.
int StartOrdinal(const Period& period) { return period.year() * 12 + FirstMonth(period) - 1; }

std::chrono::year_month_day FirstDay(const Period& period) {
  return std::chrono::year{period.year()} /
         std::chrono::month{static_cast<unsigned>(FirstMonth(period))} / 1;
}

Date ToDate(std::chrono::sys_days day) {
  return Date::FromDays(static_cast<int32_t>(day.time_since_epoch().count()));
}

Period Make(PeriodType type, int year, int index) {
  switch (type) {
    case PeriodType::kMonth:
      return Period::Month(year, index);
    case PeriodType::kQuarter:
      return Period::Quarter(year, index);
    case PeriodType::kHalf:
      return Period::Half(year, index);
    case PeriodType::kYear:
      return Period::Year(year);
    case PeriodType::kTerm:
      return Period::Term(year, index);
  }
  DieOnBadType(type);
}

// The period `delta` steps away; terms step by their own length.
Period Step(const Period& period, int delta) {
  switch (period.type()) {
    case PeriodType::kYear:
      return Period::Year(period.year() + delta);
    case PeriodType::kTerm:
      return Period::Term(period.year() + delta * period.index(), period.index());
    case PeriodType::kMonth:
    case PeriodType::kQuarter:
    case PeriodType::kHalf:
      break;
  }
  const int per_year = 12 / MonthsPer(period.type());
  const int ordinal = period.year() * per_year + period.index() - 1 + delta;
  const int year = FloorDiv(ordinal, per_year);
  return Make(period.type(), year, ordinal - year * per_year + 1);
}

// --- Parsing ---------------------------------------------------------------------------------

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view LeadingDigits(std::string_view text) {
  size_t length = 0;
  while (length < text.size() && IsDigit(text[length])) ++length;
  return text.substr(0, length);
}

// Only for short runs of digits already checked by the caller.
int DigitsValue(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// Codes are ASCII digits and upper-case letters; say which rule the first bad byte breaks.
Status CheckCharacters(std::string_view code) {
  for (char c : code) {
    const auto byte = static_cast<unsigned char>(c);
    if (IsDigit(c) || (c >= 'A' && c <= 'Z')) continue;
    if (byte >= 0x80) {
      return MakeError(ErrorCode::kInvalidArgument, "period \"{}\" contains a non-ASCII character",
                       code);
    }
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      return MakeError(ErrorCode::kInvalidArgument, "period \"{}\" contains whitespace", code);
    }
    if (c >= 'a' && c <= 'z') {
      return MakeError(ErrorCode::kInvalidArgument,
                       "period \"{}\" must be written with upper-case letters", code);
    }
    if (byte < 0x20 || byte == 0x7f) {
      return MakeError(ErrorCode::kInvalidArgument, "period \"{}\" contains a control character",
                       code);
    }
    return MakeError(ErrorCode::kInvalidArgument,
                     "period \"{}\" contains unexpected character '{}'", code, c);
  }
  return Ok();
}

Result<Period> ParseMonth(std::string_view code, int year, std::string_view rest) {
  const std::string_view digits = LeadingDigits(rest);
  if (digits.size() != rest.size()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "period \"{}\" has unexpected characters \"{}\" after the month", code,
                     rest.substr(digits.size()));
  }
  if (digits.size() != 2) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "period \"{}\" is not a valid month: expected two digits after the year",
                     code);
  }
  const int month = DigitsValue(digits);
  if (month < 1 || month > 12) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "period \"{}\" is not a valid month: the month must be 01 to 12", code);
  }
  return Period::Month(year, month);
}

struct Suffix {
  char letter;
  PeriodType type;
  std::string_view noun;
  std::string_view number_name;
  int max;
};
constexpr std::array<Suffix, 3> kSuffixes{{
    {'S', PeriodType::kHalf, "half-year", "half", 2},
    {'Q', PeriodType::kQuarter, "quarter", "quarter", 4},
    {'T', PeriodType::kTerm, "term", "length in years", kMaxTermYears},
}};

// "S1", "Q4", "T5": a letter and a number without leading zeros, nothing after.
Result<Period> ParseLettered(std::string_view code, int year, std::string_view rest) {
  const Suffix* suffix = nullptr;
  for (const Suffix& candidate : kSuffixes) {
    if (candidate.letter == rest.front()) suffix = &candidate;
  }
  if (suffix == nullptr) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "period \"{}\" has unknown kind '{}' after the year: expected S, Q, T or a "
                     "two-digit month",
                     code, rest.front());
  }
  const std::string_view digits = LeadingDigits(rest.substr(1));
  const std::string_view trailing = rest.substr(1 + digits.size());
  if (!trailing.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "period \"{}\" has unexpected characters \"{}\" after the {}", code, trailing,
                     suffix->noun);
  }
  const bool canonical = !digits.empty() && digits.size() <= 2 && digits.front() != '0';
  const int number = canonical ? DigitsValue(digits) : 0;
  if (number < 1 || number > suffix->max) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "period \"{}\" is not a valid {}: the {} must be 1 {} {}", code, suffix->noun,
                     suffix->number_name, suffix->max == 2 ? "or" : "to", suffix->max);
  }
  return Make(suffix->type, year, number);
}

}  // namespace

Result<Period> Period::Parse(std::string_view code) {
  if (code.empty()) return MakeError(ErrorCode::kInvalidArgument, "period code is empty");
  NQ_RETURN_IF_ERROR(CheckCharacters(code));
  if (LeadingDigits(code).size() < 4) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "period \"{}\" does not start with a four-digit year", code);
  }
  const int year = DigitsValue(code.substr(0, 4));
  if (year < kMinYear || year > kMaxYear) {
    return MakeError(ErrorCode::kInvalidArgument, "period \"{}\" has year {} outside {} to {}",
                     code, year, kMinYear, kMaxYear);
  }
  const std::string_view rest = code.substr(4);
  if (rest.empty()) return Year(year);
  if (IsDigit(rest.front())) return ParseMonth(code, year, rest);
  return ParseLettered(code, year, rest);
}

Period Period::Containing(PeriodType type, Date date) {
  const int year = date.year();
  const int month = date.month();
  switch (type) {
    case PeriodType::kMonth:
      return Month(year, month);
    case PeriodType::kQuarter:
      return Quarter(year, (month - 1) / 3 + 1);
    case PeriodType::kHalf:
      return Half(year, (month - 1) / 6 + 1);
    case PeriodType::kYear:
      return Year(year);
    case PeriodType::kTerm:
      return Term(FloorDiv(year, kDefaultTermYears) * kDefaultTermYears, kDefaultTermYears);
  }
  DieOnBadType(type);
}

Period Period::Year(int year) { return Period(PeriodType::kYear, year, 0); }

Period Period::Month(int year, int month) {
  assert(month >= 1 && month <= 12);
  return Period(PeriodType::kMonth, year, month);
}

Period Period::Quarter(int year, int quarter) {
  assert(quarter >= 1 && quarter <= 4);
  return Period(PeriodType::kQuarter, year, quarter);
}

Period Period::Half(int year, int half) {
  assert(half >= 1 && half <= 2);
  return Period(PeriodType::kHalf, year, half);
}

Period Period::Term(int start_year, int years) {
  assert(years >= 1 && years <= kMaxTermYears);
  return Period(PeriodType::kTerm, start_year, years);
}

std::string Period::ToString() const {
  switch (type_) {
    case PeriodType::kMonth:
      return fmt::format("{:04d}{:02d}", year_, index_);
    case PeriodType::kQuarter:
      return fmt::format("{:04d}Q{}", year_, index_);
    case PeriodType::kHalf:
      return fmt::format("{:04d}S{}", year_, index_);
    case PeriodType::kYear:
      return fmt::format("{:04d}", year_);
    case PeriodType::kTerm:
      return fmt::format("{:04d}T{}", year_, index_);
  }
  DieOnBadType(type_);
}

std::string Period::LabelVi() const {
  switch (type_) {
    case PeriodType::kMonth:
      return fmt::format("Tháng {}/{}", index_, year_);
    case PeriodType::kQuarter:
      return fmt::format("Quý {}/{}", kRomanNumerals[static_cast<size_t>(index_ - 1)], year_);
    case PeriodType::kHalf:
      return fmt::format("6 tháng {} năm {}", index_ == 1 ? "đầu" : "cuối", year_);
    case PeriodType::kYear:
      return fmt::format("Năm {}", year_);
    case PeriodType::kTerm:
      return fmt::format("Nhiệm kỳ {}–{}", year_, year_ + index_);
  }
  DieOnBadType(type_);
}

std::string Period::LabelEn() const {
  switch (type_) {
    case PeriodType::kMonth:
      return fmt::format("{} {}", kEnglishMonths[static_cast<size_t>(index_ - 1)], year_);
    case PeriodType::kQuarter:
      return fmt::format("Q{} {}", index_, year_);
    case PeriodType::kHalf:
      return fmt::format("H{} {}", index_, year_);
    case PeriodType::kYear:
      return fmt::format("{}", year_);
    case PeriodType::kTerm:
      return fmt::format("Term {}–{}", year_, year_ + index_);
  }
  DieOnBadType(type_);
}

Date Period::start() const { return ToDate(std::chrono::sys_days{FirstDay(*this)}); }

Date Period::end() const {
  const std::chrono::year_month_day after =
      FirstDay(*this) + std::chrono::months{MonthCount(*this)};
  return ToDate(std::chrono::sys_days{after} - std::chrono::days{1});
}

bool Period::Contains(const Period& other) const {
  return StartOrdinal(*this) <= StartOrdinal(other) &&
         StartOrdinal(other) + MonthCount(other) <= StartOrdinal(*this) + MonthCount(*this);
}

Period Period::Next() const { return Step(*this, 1); }
Period Period::Previous() const { return Step(*this, -1); }

std::vector<Period> Period::Split(PeriodType type) const {
  if (type > type_) return {};
  if (type == type_) return {*this};
  // Every type finer than this one tiles whole years, so parts align with our boundaries.
  const int end_ordinal = StartOrdinal(*this) + MonthCount(*this);
  std::vector<Period> parts;
  parts.reserve(static_cast<size_t>(MonthCount(*this) / MonthsPer(type)));
  for (Period part = Containing(type, start()); StartOrdinal(part) < end_ordinal;
       part = part.Next()) {
    parts.push_back(part);
  }
  return parts;
}

std::strong_ordering Period::operator<=>(const Period& other) const {
  if (auto by_start = StartOrdinal(*this) <=> StartOrdinal(other); by_start != 0) return by_start;
  return MonthCount(*this) <=> MonthCount(other);
}

}  // namespace nq::domain
