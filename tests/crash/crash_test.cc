// Kills the real nqtrack server with SIGKILL in the middle of writes and checks that no
// acknowledged write is lost and nothing unexpected appears (Jepsen's counting), and that the
// database is intact after every crash.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "storage/sqlite_database.h"
#include "support/http_client.h"

namespace nq::testing {
namespace {

namespace json = boost::json;

// The server as a child process; its port is read from its first line of output.
class ServerProcess {
 public:
  ServerProcess(const std::string& binary, const std::string& db) {
    int pipe_fds[2];
    EXPECT_EQ(::pipe(pipe_fds), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(pipe_fds[1], STDOUT_FILENO);
      ::close(pipe_fds[0]);
      ::execl(binary.c_str(), binary.c_str(), "serve", "--db", db.c_str(), "--listen",
              "127.0.0.1:0", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(pipe_fds[1]);
    std::string line;
    char c;
    while (::read(pipe_fds[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(pipe_fds[0]);
    size_t colon = line.rfind(':');
    if (colon != std::string::npos)
      port_ = static_cast<uint16_t>(std::atoi(line.c_str() + colon + 1));
    EXPECT_NE(port_, 0) << "server said: " << line;
  }
  ~ServerProcess() { Kill(); }
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

std::string Binary() {
  const char* binary = std::getenv("NQ_BINARY");
  return binary ? binary : NQ_BINARY_PATH;
}

constexpr const char* kPassword = "crash-test-password";

// Runs `nqtrack init` to create the database and its administrator.
void InitDatabase(const std::string& binary, const std::string& db) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("NQ_ADMIN_PASSWORD", kPassword, 1);
    ::execl(binary.c_str(), binary.c_str(), "init", "--db", db.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

// Signs in as the administrator: the session cookie and CSRF token as request headers.
Headers SignIn(uint16_t port) {
  ClientResponse response =
      Request(port, "POST", "/api/v1/session",
              json::serialize(json::object{{"login", "admin"}, {"password", kPassword}}));
  EXPECT_EQ(response.status, 200) << response.body;
  std::string cookie = response.Header("set-cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  std::string csrf(json::parse(response.body).at("csrf_token").as_string());
  return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
}

int64_t CreateOrDie(uint16_t port, const Headers& session, const std::string& target,
                    const json::value& body) {
  ClientResponse response = Request(port, "POST", target, json::serialize(body), session);
  EXPECT_EQ(response.status, 201) << response.body;
  return json::parse(response.body).at("id").as_int64();
}

TEST(CrashTest, KilledServerLosesNoAcknowledgedWrite) {
  std::string binary = Binary();
  ASSERT_TRUE(std::filesystem::exists(binary)) << binary;
  auto dir = std::filesystem::temp_directory_path() / fmt::format("nq-crash-{}", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string db = (dir / "nq.db").string();

  InitDatabase(binary, db);
  int64_t indicator = 0;
  std::vector<int64_t> units;
  {
    ServerProcess server(binary, db);
    uint16_t port = server.port();
    Headers session = SignIn(port);
    int64_t kind = CreateOrDie(port, session, "/api/v1/unit-kinds",
                               json::object{{"code", "xa"}, {"name", "Xã"}});
    for (int i = 0; i < 4; ++i) {
      units.push_back(CreateOrDie(port, session, "/api/v1/units",
                                  json::object{{"code", fmt::format("u{}", i)},
                                               {"name", fmt::format("Đơn vị {}", i)},
                                               {"kind_id", kind},
                                               {"valid_from", "1990-01-01"},
                                               {"parent_id", 1}}));
    }
    indicator = CreateOrDie(port, session, "/api/v1/indicators",
                            json::object{{"code", "n"},
                                         {"name", "Số"},
                                         {"value_type", "number"},
                                         {"unit_aggregation", "sum"},
                                         {"time_aggregation", "last"},
                                         {"period_type", "month"}});
  }

  // Each write sets one (unit, month) to a value no other write uses; acknowledged writes are
  // recorded, and every attempt too.
  std::mutex mutex;
  std::set<std::tuple<int64_t, std::string, int64_t>> acknowledged, attempted;
  std::mt19937 random(20211);
  int64_t next_value = 1;
  for (int round = 0; round < 5; ++round) {
    ServerProcess server(binary, db);
    uint16_t port = server.port();
    Headers session = SignIn(port);
    std::atomic<bool> stop = false;
    std::vector<std::thread> writers;
    for (int w = 0; w < 3; ++w) {
      writers.emplace_back([&, w] {
        while (!stop) {
          int64_t value, unit;
          std::string period;
          {
            std::lock_guard lock(mutex);
            value = next_value++;
            unit = units[static_cast<size_t>(value) % units.size()];
            period = fmt::format("{:04d}{:02d}", 2000 + value / 12 % 100, value % 12 + 1);
            attempted.insert({unit, period, value});
          }
          json::value body =
              json::object{{"values", json::array{json::object{{"indicator_id", indicator},
                                                               {"unit_id", unit},
                                                               {"period", period},
                                                               {"value", value}}}}};
          Headers headers = session;
          headers.emplace_back("Idempotency-Key", fmt::format("r{}-w{}-v{}", round, w, value));
          ClientResponse response =
              Request(port, "POST", "/api/v1/values", json::serialize(body), headers, 2000);
          if (response.status == 200) {
            std::lock_guard lock(mutex);
            acknowledged.insert({unit, period, value});
          } else if (response.status == 0) {
            return;  // the server is gone
          } else {
            ADD_FAILURE() << "write refused: " << response.status << " " << response.body;
            return;
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + random() % 250));
    server.Kill();
    stop = true;
    for (auto& writer : writers) writer.join();

    // After the crash: the file is intact, every acknowledged write is there, nothing else is.
    auto database = storage::SqliteDatabase::Open(db);
    ASSERT_TRUE(database) << database.error().message;
    std::set<std::tuple<int64_t, std::string, int64_t>> present;
    auto checked = (*database)->Read([&](storage::Transaction& tx) -> Status {
      NQ_TRY(auto integrity, tx.Query("PRAGMA integrity_check"));
      EXPECT_EQ(integrity.at(0).Text(0), "ok");
      NQ_TRY(auto keys, tx.Query("PRAGMA foreign_key_check"));
      EXPECT_TRUE(keys.empty());
      NQ_TRY(auto rows, tx.Query("SELECT unit_id, period, number FROM data_values"));
      for (const auto& row : rows) present.insert({row.Int(0), row.Text(1), row.Int(2)});
      NQ_TRY(auto audit, tx.Query("SELECT COUNT(*) FROM audit WHERE entity = 'value'"));
      EXPECT_EQ(audit.at(0).Int(0), static_cast<int64_t>(rows.size()));
      return Ok();
    });
    ASSERT_TRUE(checked) << checked.error().message;
    std::lock_guard lock(mutex);
    size_t lost = 0;
    for (const auto& write : acknowledged) lost += present.count(write) == 0;
    size_t unexpected = 0;
    for (const auto& row : present) unexpected += attempted.count(row) == 0;
    EXPECT_EQ(lost, 0u) << "round " << round;
    EXPECT_EQ(unexpected, 0u) << "round " << round;
    EXPECT_GT(acknowledged.size(), 0u);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nq::testing
