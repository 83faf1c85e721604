// Due-date notices made by the server, on SQLite and PostgreSQL, with a fixed clock: a duty of
// the district for its three units, due on 10/12/2026. Far from the date nothing is said; a week
// before, each unit not done is told "due soon" once; after it, "overdue" once; running again
// the same day or the next makes nothing; a unit that did it hears nothing more. The notices
// reach the units' inboxes and the e-mail hook.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "api/server_fixture.h"
#include "app/due_notices.h"

namespace nq::testing {
namespace {

using json::object;

class DueNoticesApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    BuildTree();
    obligation_ = Create("/api/v1/obligations", object{{"code", "kt-2026"},
                                                       {"title", "Kiểm tra việc thực hiện"},
                                                       {"issuer_unit_id", district_},
                                                       {"issued_on", "2026-11-01"},
                                                       {"due_on", "2026-12-10"}});
  }

  void At(std::string_view day) {
    clock_->Set(int64_t{Date::Parse(day)->days()} * 86'400'000 + 8 * 3'600'000);
  }

  // Runs the notices once; the kinds and units of what was made, and what the hook was told.
  app::DueNoticesMade Run() {
    told_.clear();
    auto made = app::MakeDueNotices(
        *service_, [this](const domain::Notice& notice) { told_.push_back(notice.id); });
    EXPECT_TRUE(made) << made.error().message;
    return made.value_or(app::DueNoticesMade{});
  }

  static std::vector<int64_t> Units(const app::DueNoticesMade& made) {
    std::vector<int64_t> units;
    for (const domain::Notice& notice : made.notices) units.push_back(notice.unit_id);
    std::sort(units.begin(), units.end());
    return units;
  }

  int64_t obligation_ = 0;
  std::vector<int64_t> told_;
};

TEST_F(DueNoticesApiTest, EachUnitIsToldOnceWhenDueSoonAndOnceWhenOverdue) {
  std::vector<int64_t> all{commune_a_, commune_b_, agency_c_};
  std::sort(all.begin(), all.end());

  At("2026-11-27");  // 13 days before: nothing yet
  EXPECT_TRUE(Run().notices.empty());

  At("2026-12-03");  // 7 days before: due soon, to all three
  app::DueNoticesMade made = Run();
  EXPECT_EQ(made.due_soon, 3);
  EXPECT_EQ(made.overdue, 0);
  EXPECT_EQ(Units(made), all);
  EXPECT_EQ(made.notices.at(0).kind, domain::NoticeKind::kDueSoon);
  EXPECT_EQ(made.notices.at(0).sender, "nqtrack");
  EXPECT_NE(made.notices.at(0).message.find("Kiểm tra việc thực hiện"), std::string::npos);
  EXPECT_EQ(told_.size(), 3u);
  // Again, the same day and the next: nothing new.
  EXPECT_TRUE(Run().notices.empty());
  EXPECT_TRUE(told_.empty());
  At("2026-12-04");
  EXPECT_TRUE(Run().notices.empty());

  // Commune B does it; after the due date only A and C are told it is overdue, once.
  std::tie(cookie_, csrf_) = SignIn("admin", kAdminPassword);  // the clock moved on
  json::value assignments =
      Json(Get(fmt::format("/api/v1/obligations/{}/assignments", obligation_)));
  for (const json::value& a : assignments.at("assignments").as_array()) {
    if (a.at("unit_id") != commune_b_) continue;
    ClientResponse done =
        Send("PATCH", fmt::format("/api/v1/assignments/{}", a.at("id").as_int64()),
             json::serialize(object{{"status", "done"},
                                    {"completed_on", "2026-12-04"},
                                    {"evidence", object{{"document_number", "12-KH/ĐU"}}}}),
             {{"If-Match", "\"1\""}});
    ASSERT_EQ(done.status, 200) << done.body;
  }
  At("2026-12-11");
  made = Run();
  EXPECT_EQ(made.due_soon, 0);
  EXPECT_EQ(made.overdue, 2);
  std::vector<int64_t> late{commune_a_, agency_c_};
  std::sort(late.begin(), late.end());
  EXPECT_EQ(Units(made), late);
  EXPECT_EQ(made.notices.at(0).kind, domain::NoticeKind::kOverdue);
  EXPECT_TRUE(Run().notices.empty());

  // Commune A's user finds both notices in the inbox, unread, newest first.
  std::tie(cookie_, csrf_) = SignIn("admin", kAdminPassword);
  Headers lung_cao = UserWith("a.editor", "editor", commune_a_);
  ClientResponse inbox = As(lung_cao, "GET", "/api/v1/inbox");
  ASSERT_EQ(inbox.status, 200) << inbox.body;
  const json::value body = Json(inbox);
  EXPECT_EQ(body.at("unread"), 2);
  ASSERT_EQ(body.at("notices").as_array().size(), 2u);
  EXPECT_EQ(body.at("notices").at(0).at("kind"), "overdue");
  EXPECT_EQ(body.at("notices").at(1).at("kind"), "due_soon");
}

TEST_F(DueNoticesApiTest, AClosedUnitHearsNothing) {
  // Agency C closes on 1/12/2026, before the due date: it owes nothing and is told nothing.
  ClientResponse unit = Get(fmt::format("/api/v1/units/{}", agency_c_));
  ASSERT_EQ(unit.status, 200) << unit.body;
  ClientResponse closed = Send("PATCH", fmt::format("/api/v1/units/{}", agency_c_),
                               json::serialize(object{{"valid_to", "2026-12-01"}}),
                               {{"If-Match", unit.Header("etag")}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  At("2026-12-03");
  std::vector<int64_t> open{commune_a_, commune_b_};
  std::sort(open.begin(), open.end());
  EXPECT_EQ(Units(Run()), open);
}

TEST_F(DueNoticesApiTest, TheScheduleMakesThemAtStartAndStopsWhenAsked) {
  At("2026-12-05");
  std::vector<int64_t> told;
  std::mutex mutex;
  {
    app::DueNoticeSchedule schedule(*service_, std::chrono::hours(1),
                                    [&](const domain::Notice& notice) {
                                      std::lock_guard lock(mutex);
                                      told.push_back(notice.unit_id);
                                    });
    for (int i = 0; i < 200; ++i) {
      {
        std::lock_guard lock(mutex);
        if (told.size() == 3) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }  // stops at once, an hour before its next run
  std::sort(told.begin(), told.end());
  std::vector<int64_t> all{commune_a_, commune_b_, agency_c_};
  std::sort(all.begin(), all.end());
  EXPECT_EQ(told, all);
  EXPECT_TRUE(Run().notices.empty());  // already made
}

}  // namespace
}  // namespace nq::testing
