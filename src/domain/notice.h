// Notices: a word to a unit about a duty or a report it owes (a reminder from the issuer, or
// the due date coming or gone), kept until someone of the unit reads it.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "domain/unit.h"

namespace nq::domain {

enum class NoticeKind { kReminder, kDueSoon, kOverdue };  // nhắc việc / sắp đến hạn / quá hạn
std::string_view NoticeKindName(NoticeKind kind);
Result<NoticeKind> ParseNoticeKind(std::string_view name);

// How many days before its due date a duty not done is "due soon".
inline constexpr int kDueSoonDays = 7;

struct Notice {
  Id id = 0;
  Id unit_id = 0;  // the recipient
  std::optional<Id> obligation_id;
  std::optional<Id> regime_id;
  NoticeKind kind = NoticeKind::kReminder;
  std::string message;  // Vietnamese: "Đề nghị hoàn thành nhiệm vụ … trước ngày …"
  std::string sender;  // the login of who sent it
  UnixMillis created_at = 0;
  std::optional<UnixMillis> read_at;
  int64_t version = 1;
};

}  // namespace nq::domain
