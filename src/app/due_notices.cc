#include "app/due_notices.h"

#include <set>
#include <tuple>

#include "app/inbox.h"
#include "app/use_cases.h"
#include "common/log.h"
#include "domain/timeliness.h"
#include "storage/store.h"

namespace nq::app {

using namespace nq::domain;

Result<DueNoticesMade> MakeDueNotices(Service& service,
                                      const std::function<void(const Notice&)>& sent) {
  DueNoticesMade made;
  Actor actor{"notices", "", ""};
  auto reply = service.Mutate(actor, "", [&](WriteScope& scope) -> Result<Reply> {
    made = DueNoticesMade();
    storage::Transaction& tx = scope.tx();
    const Date today = service.Today();
    // The notices already made: one of each kind per unit and obligation.
    NQ_TRY(auto existing, storage::List<Notice>(tx));
    std::set<std::tuple<Id, Id, NoticeKind>> told;
    for (const Notice& notice : existing) {
      if (notice.obligation_id && notice.kind != NoticeKind::kReminder) {
        told.emplace(notice.unit_id, *notice.obligation_id, notice.kind);
      }
    }
    NQ_TRY(auto obligations, storage::List<Obligation>(tx));
    for (const Obligation& obligation : obligations) {
      const NoticeKind kind = DutyNoticeKind(obligation, today);
      if (kind == NoticeKind::kReminder) continue;  // not near yet
      NQ_TRY(auto assignments,
             storage::List<Assignment>(tx, {storage::Eq("obligation_id", obligation.id)}));
      std::set<Id> units;
      for (const Assignment& assignment : assignments) {
        if (assignment.complete() || assignment.status == AssignmentStatus::kNotApplicable) {
          continue;
        }
        if (!units.insert(assignment.unit_id).second) continue;
        if (told.contains({assignment.unit_id, obligation.id, kind})) continue;
        NQ_TRY(Unit unit, storage::Get<Unit>(tx, assignment.unit_id));
        if (!unit.validity.Covers(today)) continue;
        if (unit.validity.valid_to && *unit.validity.valid_to < obligation.due_on) continue;
        Notice notice;
        notice.unit_id = unit.id;
        notice.obligation_id = obligation.id;
        notice.kind = kind;
        notice.message = DutyNoticeMessage(obligation, kind);
        notice.sender = "nqtrack";
        notice.created_at = scope.now();
        NQ_TRY(Notice stored, CreateEntity(scope, std::move(notice)));
        ++(kind == NoticeKind::kOverdue ? made.overdue : made.due_soon);
        made.notices.push_back(std::move(stored));
      }
    }
    return Reply{200, json::object{{"due_soon", made.due_soon}, {"overdue", made.overdue}}};
  });
  if (!reply) return std::unexpected(reply.error());
  if (sent) {
    for (const Notice& notice : made.notices) sent(notice);
  }
  return made;
}

DueNoticeSchedule::DueNoticeSchedule(Service& service, std::chrono::seconds every,
                                     std::function<void(const Notice&)> sent)
    : service_(service), every_(every), sent_(std::move(sent)), thread_([this] { Run(); }) {}

DueNoticeSchedule::~DueNoticeSchedule() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DueNoticeSchedule::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto made = MakeDueNotices(service_, sent_);
    if (!made) {
      log::Warning("due_notices_failed", {{"error", made.error().message}});
    } else if (!made->notices.empty()) {
      log::Info("due_notices", {{"due_soon", made->due_soon}, {"overdue", made->overdue}});
    }
    lock.lock();
    wake_.wait_for(lock, every_, [this] { return stopping_; });
  }
}

}  // namespace nq::app
