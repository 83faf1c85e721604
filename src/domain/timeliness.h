// Timeliness: one vocabulary for every duty with a due date — a report, an answer to a
// recommendation, a task. Done on or before its due date is on time, after it late; not done
// with the due date past is overdue, otherwise open. Views, the overview, the Word and Excel
// reports and the exports all say it with these words and count with these rules.
#pragma once

#include <optional>
#include <string_view>

#include "common/date.h"
#include "common/result.h"

namespace nq::domain {

enum class Timeliness { kOnTime, kLate, kOverdue, kOpen };

std::string_view TimelinessName(Timeliness timeliness);  // "on_time", "late", "overdue", "open"
Result<Timeliness> ParseTimeliness(std::string_view name);
// "Đúng hạn", "Trễ hạn", "Quá hạn", "Chưa đến hạn".
std::string_view TimelinessLabelVi(Timeliness timeliness);

// The timeliness of a duty due on `due_on` (none: no due date, so never late or overdue) and
// done on `done_on` (none: not done yet), judged on `today`.
constexpr Timeliness JudgeTimeliness(std::optional<Date> due_on, std::optional<Date> done_on,
                                     Date today) {
  if (done_on) return due_on && *done_on > *due_on ? Timeliness::kLate : Timeliness::kOnTime;
  return due_on && *due_on < today ? Timeliness::kOverdue : Timeliness::kOpen;
}

// How many duties are in each state.
struct TimelinessCounts {
  int on_time = 0;
  int late = 0;
  int overdue = 0;
  int open = 0;

  void Add(Timeliness timeliness) {
    switch (timeliness) {
      case Timeliness::kOnTime:
        ++on_time;
        break;
      case Timeliness::kLate:
        ++late;
        break;
      case Timeliness::kOverdue:
        ++overdue;
        break;
      case Timeliness::kOpen:
        ++open;
        break;
    }
  }
  int total() const { return on_time + late + overdue + open; }
  bool operator==(const TimelinessCounts&) const = default;
};

}  // namespace nq::domain
