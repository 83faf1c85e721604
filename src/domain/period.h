// Period: a reporting period, written as DHIS2 writes it ("2021", "2021S1", "2021Q1", "202103")
// plus the term of a congress: "2020T5" is the 2020–2025 term, 1 Jan 2020 to 31 Dec 2025, since a
// congress sits in its first year and its targets are due by the end of its last.
#pragma once

#include <compare>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.h"
#include "common/result.h"

namespace nq::domain {

// Ordered from finest to coarsest.
enum class PeriodType { kMonth, kQuarter, kHalf, kYear, kTerm };

std::string_view PeriodTypeName(PeriodType type);  // "month", "quarter", "half", "year", "term"
Result<PeriodType> ParsePeriodType(std::string_view name);

class Period {
 public:
  // Parses a period code. Errors (invalid_argument) name the code and what is wrong with it:
  // `period "2021Q5" is not a valid quarter`.
  static Result<Period> Parse(std::string_view code);
  // The period of `type` holding `date` (for kTerm: the five-year term starting in the
  // latest year divisible by 5, e.g. 2020T5 for 2021-03-31 and 2025T5 for 2025-06-01).
  static Period Containing(PeriodType type, Date date);
  static Period Year(int year);
  static Period Month(int year, int month);
  static Period Quarter(int year, int quarter);
  static Period Half(int year, int half);
  static Period Term(int start_year, int years);

  PeriodType type() const { return type_; }
  int year() const { return year_; }
  // Month 1–12, quarter 1–4, half 1–2, term length in years; 0 for a year.
  int index() const { return index_; }

  std::string ToString() const;  // the code: "2021Q1"
  // Vietnamese label: "Tháng 3/2021", "Quý I/2021", "6 tháng đầu năm 2021",
  // "6 tháng cuối năm 2021", "Năm 2021", "Nhiệm kỳ 2020–2025".
  std::string LabelVi() const;
  // English label: "March 2021", "Q1 2021", "H1 2021", "2021", "Term 2020–2025".
  std::string LabelEn() const;

  Date start() const;  // first day
  Date end() const;    // last day, inclusive

  // True when every day of `other` lies within this period.
  bool Contains(const Period& other) const;
  bool Contains(Date date) const { return start() <= date && date <= end(); }

  Period Next() const;
  Period Previous() const;
  // The periods of `type` (finer or equal) that together make up this period, in order.
  // Empty when `type` is coarser than this period's type.
  std::vector<Period> Split(PeriodType type) const;

  // Orders by start date, then by length (shorter first).
  std::strong_ordering operator<=>(const Period& other) const;
  bool operator==(const Period& other) const = default;

 private:
  Period(PeriodType type, int year, int index) : type_(type), year_(year), index_(index) {}
  PeriodType type_ = PeriodType::kYear;
  int year_ = 0;
  int index_ = 0;
};

}  // namespace nq::domain
