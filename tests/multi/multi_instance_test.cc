// Two nqtrack server processes on one PostgreSQL database: a write through one shows in the
// other's roll-up within a second; a restarted instance catches up; killing an instance with
// SIGKILL mid-write loses no acknowledged write. Needs NQ_TEST_PG (scripts/with-postgres.sh).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "storage/postgres_database.h"
#include "storage/testing/pg_scratch.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace nq::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kPassword = "multi-test-password";

class MultiInstanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!storage::ScratchPostgres::ServerUri()) GTEST_SKIP() << "NQ_TEST_PG is not set";
    binary_ = NqtrackBinary(NQ_BINARY_PATH);
    ASSERT_TRUE(std::filesystem::exists(binary_)) << binary_;
    auto scratch = storage::ScratchPostgres::Create();
    ASSERT_TRUE(scratch) << scratch.error().message;
    scratch_ = std::move(*scratch);
    InitDatabase(binary_, scratch_->uri(), kPassword);
  }

  // Two communes under the root unit and a yearly summed indicator, created through `port`.
  void BuildTree(uint16_t port, const Headers& session) {
    int64_t kind = CreateOrDie(port, session, "/api/v1/unit-kinds",
                               json::object{{"code", "xa"}, {"name", "Xã"}});
    for (int i = 0; i < 2; ++i) {
      units_.push_back(CreateOrDie(port, session, "/api/v1/units",
                                   json::object{{"code", fmt::format("u{}", i)},
                                                {"name", fmt::format("Xã {}", i)},
                                                {"kind_id", kind},
                                                {"valid_from", "1990-01-01"},
                                                {"parent_id", 1}}));
    }
    indicator_ = CreateOrDie(port, session, "/api/v1/indicators",
                             json::object{{"code", "dan-so"},
                                          {"name", "Dân số"},
                                          {"value_type", "number"},
                                          {"unit_aggregation", "sum"},
                                          {"time_aggregation", "last"},
                                          {"period_type", "year"}});
  }

  int PutValue(uint16_t port, const Headers& session, int64_t unit, const std::string& period,
               int64_t value, const std::string& key = "") {
    json::value body =
        json::object{{"values", json::array{json::object{{"indicator_id", indicator_},
                                                         {"unit_id", unit},
                                                         {"period", period},
                                                         {"value", value}}}}};
    Headers headers = session;
    if (!key.empty()) headers.emplace_back("Idempotency-Key", key);
    return Request(port, "POST", "/api/v1/values", json::serialize(body), headers, 2000).status;
  }

  // The root's roll-up for 2021 as `port` serves it; -1 when it cannot be read.
  double RootRollup(uint16_t port, const Headers& session) {
    ClientResponse response = Request(
        port, "GET",
        fmt::format("/api/v1/rollups/indicator?indicator_id={}&unit_id=1&period=2021", indicator_),
        "", session);
    if (response.status != 200) return -1;
    json::value body = json::parse(response.body);
    const json::value* value = body.as_object().if_contains("value");
    return value && value->is_number() ? value->to_number<double>() : -1;
  }

  // How long until `port` serves `expected`, or nullopt after `limit`.
  std::optional<std::chrono::milliseconds> TimeUntilRollup(uint16_t port, const Headers& session,
                                                           double expected,
                                                           std::chrono::milliseconds limit) {
    auto start = Clock::now();
    while (Clock::now() - start < limit) {
      if (RootRollup(port, session) == expected) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return std::nullopt;
  }

  std::string binary_;
  std::unique_ptr<storage::ScratchPostgres> scratch_;
  std::vector<int64_t> units_;
  int64_t indicator_ = 0;
};

TEST_F(MultiInstanceTest, WriteThroughOneShowsInTheOtherWithinOneSecond) {
  ServerProcess a(binary_, scratch_->uri());
  ServerProcess b(binary_, scratch_->uri());
  Headers session_a = SignInAdmin(a.port(), kPassword);
  Headers session_b = SignInAdmin(b.port(), kPassword);
  BuildTree(a.port(), session_a);  // structure made on A, used on B
  for (int64_t value : {100, 120, 150}) {
    ASSERT_EQ(PutValue(a.port(), session_a, units_[0], "2021", value), 200);
    auto seen = TimeUntilRollup(b.port(), session_b, static_cast<double>(value),
                                std::chrono::milliseconds(1000));
    ASSERT_TRUE(seen) << "B still serves " << RootRollup(b.port(), session_b) << ", not " << value;
    RecordProperty(fmt::format("propagation_ms_{}", value), std::to_string(seen->count()));
  }
  // And the other way round.
  ASSERT_EQ(PutValue(b.port(), session_b, units_[1], "2021", 7), 200);
  EXPECT_TRUE(TimeUntilRollup(a.port(), session_a, 157, std::chrono::milliseconds(1000)));
}

TEST_F(MultiInstanceTest, RestartedInstanceCatchesUpWithWritesMadeWhileItWasDown) {
  ServerProcess a(binary_, scratch_->uri());
  Headers session_a = SignInAdmin(a.port(), kPassword);
  BuildTree(a.port(), session_a);
  auto b = std::make_unique<ServerProcess>(binary_, scratch_->uri());
  std::atomic<bool> stop = false;
  std::atomic<int64_t> last = 0;
  std::thread writer([&] {
    for (int64_t value = 1; !stop; ++value) {
      if (PutValue(a.port(), session_a, units_[0], "2021", value) != 200) return;
      last = value;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  b->Kill();  // mid-stream
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  b = std::make_unique<ServerProcess>(binary_, scratch_->uri());
  Headers session_b = SignInAdmin(b->port(), kPassword);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  stop = true;
  writer.join();
  ASSERT_GT(last.load(), 0);
  EXPECT_TRUE(TimeUntilRollup(b->port(), session_b, static_cast<double>(last.load()),
                              std::chrono::milliseconds(1000)))
      << "B serves " << RootRollup(b->port(), session_b) << ", A wrote " << last.load();
}

TEST_F(MultiInstanceTest, KilledInstanceLosesNoAcknowledgedWrite) {
  ServerProcess b(binary_, scratch_->uri());
  Headers session_b = SignInAdmin(b.port(), kPassword);
  BuildTree(b.port(), session_b);
  std::set<std::tuple<int64_t, std::string, int64_t>> acknowledged, attempted;
  std::mutex mutex;
  int64_t next_value = 1;
  std::mt19937 random(20211);
  for (int round = 0; round < 3; ++round) {
    ServerProcess a(binary_, scratch_->uri());
    Headers session_a = SignInAdmin(a.port(), kPassword);
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
            unit = units_[static_cast<size_t>(value) % units_.size()];
            period = std::to_string(1990 + value % 25);  // history keeps every version
            attempted.insert({unit, period, value});
          }
          int status = PutValue(a.port(), session_a, unit, period, value,
                                fmt::format("r{}-w{}-v{}", round, w, value));
          if (status == 0) return;  // A is gone
          if (status != 200) {
            ADD_FAILURE() << "write refused: " << status;
            return;
          }
          std::lock_guard lock(mutex);
          acknowledged.insert({unit, period, value});
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + random() % 250));
    a.Kill();
    stop = true;
    for (auto& writer : writers) writer.join();
  }
  auto database = storage::PostgresDatabase::Open(scratch_->uri());
  ASSERT_TRUE(database) << database.error().message;
  std::set<std::tuple<int64_t, std::string, int64_t>> present;
  auto read = (*database)->Read([&](storage::Transaction& tx) -> Status {
    NQ_TRY(auto rows, tx.Query("SELECT unit_id, period, number FROM data_values"));
    for (const auto& row : rows) present.insert({row.Int(0), row.Text(1), row.Int(2)});
    return Ok();
  });
  ASSERT_TRUE(read) << read.error().message;
  size_t lost = 0, unexpected = 0;
  for (const auto& write : acknowledged) lost += present.count(write) == 0;
  for (const auto& row : present) unexpected += attempted.count(row) == 0;
  EXPECT_GT(acknowledged.size(), 0u);
  EXPECT_EQ(lost, 0u);
  EXPECT_EQ(unexpected, 0u);
  // B, which kept running, still follows writes to the database.
  ASSERT_EQ(PutValue(b.port(), session_b, units_[0], "2021", 5), 200);
  EXPECT_TRUE(TimeUntilRollup(b.port(), session_b, 5, std::chrono::milliseconds(1000)));
}

}  // namespace
}  // namespace nq::testing
