// What a signed-in user's units owe and have been told: their duties not done, the periodic
// reports due or overdue under their superiors' regimes, and their notices; the reminders an
// issuer sends, and a notice marked read.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "app/access.h"
#include "app/entities.h"
#include "domain/notice.h"
#include "domain/timeliness.h"

namespace nq::app {

struct InboxDuty {
  domain::Assignment assignment;
  domain::Obligation obligation;
  domain::Unit unit;
  domain::Timeliness timeliness = domain::Timeliness::kOpen;  // open or overdue
  bool due_soon = false;  // open, due within domain::kDueSoonDays
};

struct InboxReport {
  domain::Regime regime;
  domain::Unit unit;
  domain::Period period = domain::Period::Year(2021);
  Date due_on;
  bool extended = false;
  domain::Timeliness timeliness = domain::Timeliness::kOpen;  // open or overdue
  std::optional<domain::Id> report_id;  // the draft or returned report, if one was opened
};

struct Inbox {
  std::vector<domain::Id> unit_ids;     // the units the user holds a grant over, open today
  std::vector<InboxDuty> duties;        // overdue first, then by due date
  std::vector<InboxReport> reports;     // overdue first, then by due date
  std::vector<domain::Notice> notices;  // newest first, at most 200
  int64_t unread = 0;
};

// The kind of a notice about `obligation` sent on `today`: overdue once its due date has passed,
// due soon within domain::kDueSoonDays of it, a plain reminder before.
domain::NoticeKind DutyNoticeKind(const domain::Obligation& obligation, Date today);
// The Vietnamese text of such a notice.
std::string DutyNoticeMessage(const domain::Obligation& obligation, domain::NoticeKind kind);

// The inbox of the principal: for each unit a grant of theirs names (not the units below it),
// the assignments not done of obligations it is expected to meet, the report of the last ended
// period of each regime of its superior that covers it when not yet submitted, and its notices.
Result<Inbox> InboxOf(Service& service, const Principal& principal);

// Sends the units of obligation `obligation_id` a reminder each: those of `unit_ids` (each must
// hold an assignment of it: invalid_argument naming "/unit_ids/N" otherwise), or every unit
// expected and not done today. Management over the issuer needed: not_found when the obligation
// is out of sight, permission_denied when it is seen but not managed. Each notice is audited;
// `sent`, when given, is told each notice after the commit (to send it by e-mail).
// Reply 201: {"sent": N, "notices": [...]}.
Result<Reply> SendRemindersAs(Service& service, const Principal& principal, const Actor& actor,
                              std::string_view fingerprint, domain::Id obligation_id,
                              const std::optional<std::vector<domain::Id>>& unit_ids,
                              const std::function<void(const domain::Notice&)>& sent = nullptr);

// Marks notice `id` read (reading its unit needed: not_found otherwise); reading it again
// changes nothing. Reply 200: the notice.
Result<Reply> ReadNoticeAs(Service& service, const Principal& principal, const Actor& actor,
                           std::string_view fingerprint, domain::Id id);

}  // namespace nq::app
