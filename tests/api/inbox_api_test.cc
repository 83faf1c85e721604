// What is due, and reminders, over real HTTP on SQLite and PostgreSQL: a district reminds its
// communes of a duty; the reminded commune's user finds the notice and its duties in their
// inbox, with the quarterly report it owes; reading the notice drops the unread count; nobody
// else sees it, and only the issuer's managers may remind.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "api/server_fixture.h"
#include "app/mailer.h"

namespace nq::testing {
namespace {

using json::array;
using json::object;

class InboxApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    BuildTree();
    sibling_ = AddUnit("thach-thanh", "Thạch Thành", kind_district_, province_);
    // Bá Thước's duty for its three subordinates, due 31/3/2027 (today is 27/11/2026).
    ClientResponse created = Post("/api/v1/obligations", object{{"code", "qt-nq"},
                                                                {"title", "Quán triệt Nghị quyết"},
                                                                {"issuer_unit_id", district_},
                                                                {"issued_on", "2026-11-01"},
                                                                {"due_on", "2027-03-31"}});
    ASSERT_EQ(created.status, 201) << created.body;
    obligation_ = Json(created).at("id").as_int64();
  }

  std::string Reminders() const {
    return fmt::format("/api/v1/obligations/{}/reminders", obligation_);
  }
  // Moves the server's clock to midnight (UTC) of `day`, and signs the administrator in again:
  // a session lives 12 hours at most.
  void At(std::string_view day) {
    clock_->Set(int64_t{Date::Parse(day)->days()} * 86'400'000);
    std::tie(cookie_, csrf_) = SignIn("admin", kAdminPassword);
  }
  json::value Inbox(const Headers& who) {
    ClientResponse inbox = As(who, "GET", "/api/v1/inbox");
    EXPECT_EQ(inbox.status, 200) << inbox.body;
    return Json(inbox);
  }

  int64_t sibling_ = 0;
  int64_t obligation_ = 0;
};

TEST_F(InboxApiTest, AReminderReachesTheRemindedUnitOnlyAndReadingItDropsTheUnreadCount) {
  Headers lung_cao = UserWith("lung-cao.editor", "editor", commune_a_);
  Headers co_lung = UserWith("co-lung.editor", "editor", commune_b_);
  Headers district = UserWith("ba-thuoc.manager", "manager", district_);

  ClientResponse sent =
      As(district, "POST", Reminders(), json::serialize(object{{"unit_ids", array{commune_a_}}}));
  ASSERT_EQ(sent.status, 201) << sent.body;
  json::value reply = Json(sent);
  EXPECT_EQ(reply.at("sent"), 1);
  const json::value& notice = reply.at("notices").at(0);
  EXPECT_EQ(notice.at("unit_id"), commune_a_);
  EXPECT_EQ(notice.at("kind"), "reminder");
  EXPECT_EQ(notice.at("sender"), "ba-thuoc.manager");
  EXPECT_NE(std::string(notice.at("message").as_string()).find("Quán triệt Nghị quyết"),
            std::string::npos);
  const int64_t notice_id = notice.at("id").as_int64();

  // Lũng Cao's user: the duty and the notice, unread.
  json::value inbox = Inbox(lung_cao);
  EXPECT_EQ(inbox.at("unread"), 1);
  ASSERT_EQ(inbox.at("notices").as_array().size(), 1u);
  EXPECT_EQ(inbox.at("notices").at(0).at("id"), notice_id);
  ASSERT_EQ(inbox.at("duties").as_array().size(), 1u);
  EXPECT_EQ(inbox.at("duties").at(0).at("obligation").at("id"), obligation_);
  EXPECT_EQ(inbox.at("duties").at(0).at("timeliness"), "open");
  // Cổ Lũng's: the same duty, no notice.
  json::value other = Inbox(co_lung);
  EXPECT_EQ(other.at("unread"), 0);
  EXPECT_TRUE(other.at("notices").as_array().empty());
  EXPECT_EQ(other.at("duties").as_array().size(), 1u);

  // Cổ Lũng cannot read Lũng Cao's notice; Lũng Cao can, once or twice.
  const std::string read = fmt::format("/api/v1/notices/{}/read", notice_id);
  EXPECT_EQ(As(co_lung, "POST", read).status, 404);
  ClientResponse marked = As(lung_cao, "POST", read);
  ASSERT_EQ(marked.status, 200) << marked.body;
  EXPECT_FALSE(Json(marked).at("read_at").is_null());
  EXPECT_EQ(As(lung_cao, "POST", read).status, 200);
  EXPECT_EQ(Inbox(lung_cao).at("unread"), 0);
  EXPECT_EQ(As(lung_cao, "POST", "/api/v1/notices/999999/read").status, 404);

  // The reminder and the first read are in the audit.
  ClientResponse audit = Get("/api/v1/audit?entity=notice");
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::vector<std::string> actions;
  const json::value rows = Json(audit);
  for (const json::value& row : rows.at("items").as_array()) {
    if (row.at("action") != "denied") actions.emplace_back(row.at("action").as_string());
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"update", "create"}));
}

TEST_F(InboxApiTest, ByDefaultEveryUnitNotDoneIsReminded) {
  // Cổ Lũng has done it: the two others are reminded.
  json::value view = Json(Get(fmt::format("/api/v1/obligations/{}/assignments", obligation_)));
  for (const json::value& a : view.at("assignments").as_array()) {
    if (a.at("unit_id") != commune_b_) continue;
    ClientResponse done =
        Send("PATCH", fmt::format("/api/v1/assignments/{}", a.at("id").as_int64()),
             json::serialize(object{{"status", "done"},
                                    {"completed_on", "2026-11-20"},
                                    {"evidence", object{{"document_number", "05-KH/ĐU"}}}}),
             {{"If-Match", "\"1\""}});
    ASSERT_EQ(done.status, 200) << done.body;
  }
  ClientResponse sent = Send("POST", Reminders(), "");
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_EQ(Json(sent).at("sent"), 2);
  std::vector<int64_t> units;
  const json::value reply = Json(sent);
  for (const json::value& n : reply.at("notices").as_array()) {
    units.push_back(n.at("unit_id").as_int64());
  }
  std::sort(units.begin(), units.end());
  std::vector<int64_t> expected{commune_a_, agency_c_};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(units, expected);
  // Near the deadline, they are "due soon"; after it, "overdue".
  At("2027-03-28");
  EXPECT_EQ(Json(Send("POST", Reminders(), "{}")).at("notices").at(0).at("kind"), "due_soon");
  At("2027-04-02");
  EXPECT_EQ(Json(Send("POST", Reminders(), "{}")).at("notices").at(0).at("kind"), "overdue");
}

TEST_F(InboxApiTest, OnlyTheIssuersManagersRemindAndABadUnitWritesNothing) {
  Headers viewer = UserWith("ba-thuoc.viewer", "viewer", district_);
  Headers sibling = UserWith("thach-thanh.manager", "manager", sibling_);
  Headers commune = UserWith("lung-cao.manager", "manager", commune_a_);
  auto before = RowCounts();
  EXPECT_EQ(As(viewer, "POST", Reminders(), "{}").status, 403);
  EXPECT_EQ(As(sibling, "POST", Reminders(), "{}").status, 404);
  EXPECT_EQ(As(commune, "POST", Reminders(), "{}").status, 403);
  EXPECT_EQ(As(sibling, "POST", "/api/v1/obligations/999999/reminders", "{}").status, 404);
  ClientResponse bad = Post(Reminders(), object{{"unit_ids", array{commune_a_, sibling_}}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("/unit_ids/1"), std::string::npos) << bad.body;
  auto after = RowCounts();
  after.erase("audit");
  before.erase("audit");
  EXPECT_EQ(after, before);
}

TEST_F(InboxApiTest, TheQuarterlyReportIsDueUntilItIsSubmitted) {
  // Bá Thước's quarterly regime: the third quarter was due on 15/10, so it is overdue now.
  Create("/api/v1/regimes", object{{"code", "bc-quy"},
                                   {"name", "Báo cáo quý"},
                                   {"issuer_unit_id", district_},
                                   {"period_type", "quarter"},
                                   {"due_days", 15}});
  Headers lung_cao = UserWith("lung-cao.editor", "editor", commune_a_);
  json::value inbox = Inbox(lung_cao);
  ASSERT_EQ(inbox.at("reports").as_array().size(), 1u) << inbox;
  const json::value& due = inbox.at("reports").at(0);
  EXPECT_EQ(due.at("period"), "2026Q3");
  EXPECT_EQ(due.at("due_on"), "2026-10-15");
  EXPECT_EQ(due.at("timeliness"), "overdue");
  EXPECT_EQ(due.at("timeliness_label"), "Quá hạn");
  EXPECT_TRUE(due.at("report_id").is_null());

  ClientResponse opened =
      As(lung_cao, "POST", "/api/v1/reports",
         json::serialize(object{{"unit_id", commune_a_}, {"period", "2026Q3"}}));
  ASSERT_EQ(opened.status, 201) << opened.body;
  const int64_t report = Json(opened).at("id").as_int64();
  EXPECT_EQ(Inbox(lung_cao).at("reports").at(0).at("report_id"), report);
  ClientResponse sent = As(lung_cao, "POST", fmt::format("/api/v1/reports/{}/transitions", report),
                           json::serialize(object{{"action", "submit"}}));
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_TRUE(Inbox(lung_cao).at("reports").as_array().empty());
}

}  // namespace
}  // namespace nq::testing

namespace nq::testing {
namespace {

// The SMTP sink: Debian's aiosmtpd on a free loopback port, appending each message it accepts
// (its recipients, then its bytes) to a file.
constexpr const char* kSinkScript = R"py(
import sys, time
from aiosmtpd.controller import Controller
class Sink:
    async def handle_DATA(self, server, session, envelope):
        with open(sys.argv[2], 'ab') as out:
            out.write(b'RCPT ' + ','.join(envelope.rcpt_tos).encode() + b'\n')
            out.write(envelope.original_content + b'\n=====\n')
        return '250 OK'
Controller(Sink(), hostname='127.0.0.1', port=int(sys.argv[1])).start()
while True:
    time.sleep(3600)
)py";

uint16_t FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool Accepts(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

class MailApiTest : public InboxApiTest {
 protected:
  MailApiTest() {
    app_options_.notify = [this](const domain::Notice& notice) {
      if (mailer_) mailer_->Enqueue(notice);
    };
  }
  void SetUp() override {
    if (::access("/usr/bin/python3", X_OK) != 0 ||
        std::system("/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null") != 0) {
      GTEST_SKIP() << "python3-aiosmtpd is not installed (scripts/bootstrap.sh installs it)";
    }
    InboxApiTest::SetUp();
    port_smtp_ = FreePort();
    script_ = (dir_ / "sink.py").string();
    inbox_file_ = (dir_ / "mail.txt").string();
    std::ofstream(script_) << kSinkScript;
    sink_ = ::fork();
    if (sink_ == 0) {
      const std::string port = std::to_string(port_smtp_);
      ::execl("/usr/bin/python3", "python3", script_.c_str(), port.c_str(), inbox_file_.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int attempt = 0; attempt < 100 && !Accepts(port_smtp_); ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_TRUE(Accepts(port_smtp_)) << "the SMTP sink did not start";
    app::MailerOptions options;
    options.port = port_smtp_;
    options.from = "nqtrack@huyenuy.bathuoc.vn";
    mailer_ = std::make_unique<app::Mailer>(*service_, options);
  }
  void TearDown() override {
    if (IsSkipped()) return;
    mailer_.reset();
    if (sink_ > 0) {
      ::kill(sink_, SIGTERM);
      ::waitpid(sink_, nullptr, 0);
    }
    InboxApiTest::TearDown();
  }
  std::string Received() const {
    std::ifstream in(inbox_file_, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  uint16_t port_smtp_ = 0;
  pid_t sink_ = -1;
  std::string script_, inbox_file_;
  std::unique_ptr<app::Mailer> mailer_;
};

TEST_F(MailApiTest, ARemindedUnitsUsersWithAnAddressGetItByEmail) {
  // A user of Lũng Cao with an address, one of Cổ Lũng with one, one of Lũng Cao without.
  auto user = [&](const std::string& login, const std::string& email, int64_t unit) {
    object body{{"login", login},
                {"name", login},
                {"password", "user-password-2021"},
                {"grant", object{{"role", "editor"}, {"unit_id", unit}}}};
    if (!email.empty()) body["email"] = email;
    ClientResponse created = Post("/api/v1/users", body);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(Json(created).at("email").as_string(), email);
  };
  user("lung-cao.vp", "vanphong@lungcao.vn", commune_a_);
  user("lung-cao.bt", "", commune_a_);
  user("co-lung.vp", "vanphong@colung.vn", commune_b_);
  ClientResponse bad = Post("/api/v1/users", object{{"login", "khong-hop-le"},
                                                    {"name", "Không hợp lệ"},
                                                    {"password", "user-password-2021"},
                                                    {"email", "khong-phai-dia-chi"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("email"), std::string::npos) << bad.body;

  ClientResponse sent = Post(Reminders(), object{{"unit_ids", array{commune_a_}}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  ASSERT_TRUE(mailer_->Drain(std::chrono::seconds(20)));
  EXPECT_EQ(mailer_->sent(), 1);
  EXPECT_EQ(mailer_->failed(), 0);
  const std::string mail = Received();
  EXPECT_NE(mail.find("RCPT vanphong@lungcao.vn"), std::string::npos) << mail;
  EXPECT_EQ(mail.find("colung"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Quán triệt Nghị quyết"), std::string::npos) << mail;
  EXPECT_NE(mail.find("From: <nqtrack@huyenuy.bathuoc.vn>"), std::string::npos) << mail;
}

TEST_F(MailApiTest, ARelayThatCannotBeReachedNeitherBlocksNorLosesTheNotice) {
  Create("/api/v1/users", object{{"login", "lung-cao.vp"},
                                 {"name", "Văn phòng"},
                                 {"password", "user-password-2021"},
                                 {"email", "vanphong@lungcao.vn"},
                                 {"grant", object{{"role", "editor"}, {"unit_id", commune_a_}}}});
  app::MailerOptions nowhere;
  nowhere.port = FreePort();  // nobody listens there
  mailer_ = std::make_unique<app::Mailer>(*service_, nowhere);
  ClientResponse sent = Post(Reminders(), object{{"unit_ids", array{commune_a_}}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  ASSERT_TRUE(mailer_->Drain(std::chrono::seconds(20)));
  EXPECT_EQ(mailer_->sent(), 0);
  EXPECT_EQ(mailer_->failed(), 1);
  Headers lung_cao = UserWith("lung-cao.editor", "editor", commune_a_);
  EXPECT_EQ(Inbox(lung_cao).at("unread"), 1);
}

}  // namespace
}  // namespace nq::testing
