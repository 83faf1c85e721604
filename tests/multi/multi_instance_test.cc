// Two nqtrack server processes on one PostgreSQL database: a write through one shows in the
// other's roll-up within a second; a restarted instance catches up; killing an instance with
// SIGKILL mid-write loses no acknowledged write; random writes on both leave both answering
// every roll-up alike; the change feed catches up after its LISTEN connection is cut, and a
// hole in the change log makes it reload in full. Needs NQ_TEST_PG (scripts/with-postgres.sh).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
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

  // A `nqtrack serve` on the scratch database, signed in as the administrator.
  struct Instance {
    std::unique_ptr<ServerProcess> process;
    Headers session;
    uint16_t port() const { return process->port(); }
  };
  Instance Start() {
    Instance instance{std::make_unique<ServerProcess>(binary_, scratch_->uri()), {}};
    instance.session = SignInAdmin(instance.port(), kPassword);
    return instance;
  }

  // Writes `value` for the first commune in 2021 through `a`; fails the test unless `b` shows it.
  void WriteOnAVisibleOnB(const Instance& a, const Instance& b, int64_t value) {
    ASSERT_EQ(PutValue(a.port(), a.session, units_[0], "2021", value), 200);
    ASSERT_TRUE(
        TimeUntilRollup(b.port(), b.session, static_cast<double>(value), std::chrono::seconds(5)));
  }

  // Every figure `port` serves for the indicator: the roll-up tree of the whole country for each
  // year written to, as one text (equal texts, equal figures).
  std::string Figures(uint16_t port, const Headers& session) {
    std::string all;
    for (int year = 1990; year < 1990 + kYears; ++year) {
      ClientResponse response =
          Request(port, "GET",
                  fmt::format("/api/v1/rollups/tree?indicator_id={}&unit_id=1&period={}&depth=10",
                              indicator_, year),
                  "", session);
      all += fmt::format("{} {} {}\n", year, response.status, response.body);
    }
    return all;
  }

  // The health answer's change log position of `port`: {applied_seq, head_seq}.
  std::pair<int64_t, int64_t> Position(uint16_t port) {
    ClientResponse response = Request(port, "GET", "/api/v1/health", "", {});
    if (response.status != 200) return {-1, -1};
    const json::value health = json::parse(response.body);
    const json::object& changes = health.at("changes").as_object();
    return {changes.at("applied_seq").to_number<int64_t>(),
            changes.at("head_seq").to_number<int64_t>()};
  }

  // Waits (up to `limit`) until every port has applied the whole change log and serves the
  // same figures as the first; those figures.
  std::vector<std::string> Converged(const std::vector<const Instance*>& instances,
                                     std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    auto start = Clock::now();
    std::vector<std::string> figures;
    for (;;) {
      bool caught_up = true;
      for (const Instance* instance : instances) {
        auto [applied, head] = Position(instance->port());
        caught_up = caught_up && applied == head && head > 0;
      }
      figures.clear();
      for (const Instance* instance : instances) {
        figures.push_back(Figures(instance->port(), instance->session));
      }
      bool same = std::ranges::all_of(figures, [&](const auto& f) { return f == figures[0]; });
      if ((caught_up && same) || Clock::now() - start > limit) return figures;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  // Runs SQL on the scratch database directly, as an operator with psql would.
  void Sql(const std::string& sql) {
    auto database = storage::PostgresDatabase::Open(scratch_->uri());
    ASSERT_TRUE(database) << database.error().message;
    auto done = (*database)->Write([&](storage::Transaction& tx) { return tx.ExecScript(sql); });
    ASSERT_TRUE(done) << done.error().message;
  }
  int64_t SqlInt(const std::string& sql) {
    auto database = storage::PostgresDatabase::Open(scratch_->uri());
    if (!database) return -1;
    auto read = (*database)->Read([&](storage::Transaction& tx) -> Result<int64_t> {
      NQ_TRY(auto rows, tx.Query(sql));
      return rows.at(0).Int(0);
    });
    return read ? *read : -1;
  }

  static constexpr int kYears = 25;
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
  // And serves every figure as an instance freshly loaded from the store does.
  Instance c = Start();
  auto start = Clock::now();
  while (Figures(b.port(), session_b) != Figures(c.port(), c.session) &&
         Clock::now() - start < std::chrono::seconds(20)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(Figures(b.port(), session_b), Figures(c.port(), c.session));
}

TEST_F(MultiInstanceTest, RandomWritesOnBothLeaveBothServingTheSameFigures) {
  Instance a = Start(), b = Start();
  BuildTree(a.port(), a.session);
  std::atomic<int> refused = 0;
  // Random values on random communes and years through `on`; with `new_unit`, a structural
  // change in the middle (a new commune, written to afterwards).
  auto write = [&](const Instance& on, uint32_t seed, bool new_unit) {
    std::mt19937 random(seed);
    std::vector<int64_t> units = units_;
    for (int i = 0; i < 60; ++i) {
      if (new_unit && i == 30) {
        units.push_back(CreateOrDie(on.port(), on.session, "/api/v1/units",
                                    json::object{{"code", "u-new"},
                                                 {"name", "Xã mới"},
                                                 {"kind_id", 1},
                                                 {"valid_from", "1990-01-01"},
                                                 {"parent_id", 1}}));
      }
      int64_t unit = units[random() % units.size()];
      std::string period = std::to_string(1990 + static_cast<int>(random() % kYears));
      int64_t value = static_cast<int64_t>(random() % 1000);
      if (PutValue(on.port(), on.session, unit, period, value) != 200) ++refused;
    }
  };
  std::thread on_b([&] { write(b, 2, false); });
  write(a, 1, true);
  on_b.join();
  EXPECT_EQ(refused.load(), 0);
  // A third instance loaded from the store after the last write: the figures as they are.
  Instance c = Start();
  auto figures = Converged({&a, &b, &c});
  ASSERT_EQ(figures.size(), 3u);
  EXPECT_NE(figures[2].find("\"value\""), std::string::npos) << figures[2];
  EXPECT_EQ(figures[0], figures[2]) << "A differs from the store";
  EXPECT_EQ(figures[1], figures[2]) << "B differs from the store";
}

TEST_F(MultiInstanceTest, CatchesUpAfterItsListenConnectionIsCut) {
  Instance a = Start(), b = Start();
  BuildTree(a.port(), a.session);
  WriteOnAVisibleOnB(a, b, 10);
  const std::string listeners =
      "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND "
      "query = 'LISTEN nqtrack_changes'";
  ASSERT_EQ(SqlInt(listeners), 2);
  // Cut both listeners, and write while they are away.
  Sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
      "current_database() AND query = 'LISTEN nqtrack_changes'");
  ASSERT_EQ(PutValue(a.port(), a.session, units_[0], "2021", 20), 200);
  ASSERT_EQ(PutValue(a.port(), a.session, units_[1], "2021", 5), 200);
  EXPECT_TRUE(TimeUntilRollup(b.port(), b.session, 25, std::chrono::seconds(10)))
      << "B serves " << RootRollup(b.port(), b.session);
  // Both listen again.
  auto start = Clock::now();
  while (SqlInt(listeners) != 2 && Clock::now() - start < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(SqlInt(listeners), 2);
  // And follow writes as before.
  ASSERT_EQ(PutValue(a.port(), a.session, units_[1], "2021", 7), 200);
  EXPECT_TRUE(TimeUntilRollup(b.port(), b.session, 27, std::chrono::seconds(5)));
}

TEST_F(MultiInstanceTest, AHoleInTheChangeLogMakesAFullReload) {
  Instance a = Start(), b = Start();
  BuildTree(a.port(), a.session);
  WriteOnAVisibleOnB(a, b, 10);
  // A figure changed behind the log's back, and an entry after a hole: only a full reload from
  // the store can show 999.
  Sql(
      fmt::format("UPDATE data_values SET number = 999 WHERE current = 1 AND unit_id = {} AND "
                  "period = '2021';"
                  "UPDATE change_head SET seq = seq + 2;"
                  "INSERT INTO change_log (seq, origin, entity, entity_id, kind, at) "
                  "SELECT seq, '', 'user', 1, 'update', 0 FROM change_head;"
                  "NOTIFY nqtrack_changes, 'test 0';",
                  units_[0]));
  for (const Instance* instance : {&a, &b}) {
    EXPECT_TRUE(TimeUntilRollup(instance->port(), instance->session, 999, std::chrono::seconds(10)))
        << "still " << RootRollup(instance->port(), instance->session);
  }
  auto figures = Converged({&a, &b});
  EXPECT_EQ(figures.at(0), figures.at(1));
  EXPECT_EQ(Position(b.port()).first, Position(a.port()).second);
}

}  // namespace
}  // namespace nq::testing
