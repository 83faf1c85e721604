// Due-date notices made by the server itself: each unit holding a duty not done is told once
// when its due date comes near ("due soon", within domain::kDueSoonDays) and once when it has
// passed ("overdue"). Run from a periodic task of `nqtrack serve` and by `nqtrack notices`;
// running again makes no second notice of the same kind for the same duty and unit.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "app/service.h"
#include "domain/notice.h"

namespace nq::app {

struct DueNoticesMade {
  int due_soon = 0;
  int overdue = 0;
  std::vector<domain::Notice> notices;  // as stored
};

// Makes, in one transaction as of the service's today, a notice for each assignment not done
// (and not marked not applicable) of a unit open today and not closed before the due date:
// "due soon" when its obligation falls due within domain::kDueSoonDays, "overdue" once the due
// date has passed; unless the unit already has a notice of that kind about that obligation.
// Each notice is audited (actor "notices"); `sent`, when given, is told each one after the
// commit (to send it by e-mail).
Result<DueNoticesMade> MakeDueNotices(
    Service& service, const std::function<void(const domain::Notice&)>& sent = nullptr);

// Runs MakeDueNotices at start and then every `every` on a thread of its own, until destroyed.
// A failed run is logged and tried again at the next turn.
class DueNoticeSchedule final {
 public:
  DueNoticeSchedule(Service& service, std::chrono::seconds every,
                    std::function<void(const domain::Notice&)> sent = nullptr);
  ~DueNoticeSchedule();
  DueNoticeSchedule(const DueNoticeSchedule&) = delete;
  DueNoticeSchedule& operator=(const DueNoticeSchedule&) = delete;

 private:
  void Run();

  Service& service_;
  const std::chrono::seconds every_;
  const std::function<void(const domain::Notice&)> sent_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace nq::app
