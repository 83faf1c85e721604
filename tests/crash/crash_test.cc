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
#include "support/server_process.h"

namespace nq::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPassword = "crash-test-password";

TEST(CrashTest, KilledServerLosesNoAcknowledgedWrite) {
  std::string binary = NqtrackBinary(NQ_BINARY_PATH);
  ASSERT_TRUE(std::filesystem::exists(binary)) << binary;
  auto dir = std::filesystem::temp_directory_path() / fmt::format("nq-crash-{}", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string db = (dir / "nq.db").string();

  InitDatabase(binary, db, kPassword);
  int64_t indicator = 0;
  std::vector<int64_t> units;
  {
    ServerProcess server(binary, db);
    uint16_t port = server.port();
    Headers session = SignInAdmin(port, kPassword);
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
    Headers session = SignInAdmin(port, kPassword);
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
