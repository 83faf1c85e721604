// The crash campaign (docs/reliability.md): kills the real nqtrack server with SIGKILL in the
// middle of writes, round after round, on SQLite and on PostgreSQL (where some rounds stop the
// database itself at once, `pg_ctl stop -m immediate`, before the server is killed), and counts
// the Jepsen way: acknowledged writes lost, writes present that were never attempted,
// duplicates, and (allowed, counted) writes present whose answer never came. Other PostgreSQL
// rounds cut the server's connections to the database half way (pg_terminate_backend), and the
// writes must go on. After every round
// `nqtrack check` must find the store intact.
//
// NQ_CRASH_ROUNDS (default 20) rounds; in each, the kill comes once about NQ_CRASH_WRITES
// (default 25) writes were acknowledged (from half to one and a half times that, at random).
// `make reliability` runs 200 rounds of 130 on each store.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "storage/postgres_database.h"
#include "storage/sqlite_database.h"
#include "support/http_client.h"
#include "support/pg_cluster.h"
#include "support/server_process.h"

namespace nq::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

constexpr const char* kPassword = "crash-test-password";
// Each write sets its own (indicator, unit, month): 2 × 64 × 1,200 slots, so no write overwrites
// another and every acknowledged one must be found by its value.
constexpr int kUnits = 64;
constexpr int kIndicators = 2;
constexpr int64_t kSlots = int64_t{kIndicators} * kUnits * 1200;

int EnvInt(const char* name, int fallback) {
  const char* text = std::getenv(name);
  return text && *text ? std::atoi(text) : fallback;
}

// The campaign's counts, Jepsen's way.
struct Counts {
  int rounds = 0, kills = 0, database_stops = 0, connection_cuts = 0;
  int64_t attempted = 0, acknowledged = 0, lost = 0, unexpected = 0, duplicates = 0,
          unacknowledged_present = 0, refused = 0, integrity_failures = 0;
};

class CrashCampaign {
 public:
  CrashCampaign(std::string binary, std::string db, fs::path dir, PgCluster* cluster)
      : binary_(std::move(binary)), db_(std::move(db)), dir_(std::move(dir)), cluster_(cluster) {}

  void SetUp() {
    InitDatabase(binary_, db_, kPassword);
    ServerProcess server(binary_, db_);
    uint16_t port = server.port();
    Headers session = SignInAdmin(port, kPassword);
    int64_t kind = CreateOrDie(port, session, "/api/v1/unit-kinds",
                               json::object{{"code", "xa"}, {"name", "Xã"}});
    for (int i = 0; i < kUnits; ++i) {
      units_.push_back(CreateOrDie(port, session, "/api/v1/units",
                                   json::object{{"code", fmt::format("u{}", i)},
                                                {"name", fmt::format("Đơn vị {}", i)},
                                                {"kind_id", kind},
                                                {"valid_from", "1990-01-01"},
                                                {"parent_id", 1}}));
    }
    for (int i = 0; i < kIndicators; ++i) {
      indicators_.push_back(CreateOrDie(port, session, "/api/v1/indicators",
                                        json::object{{"code", fmt::format("n{}", i)},
                                                     {"name", fmt::format("Số {}", i)},
                                                     {"value_type", "number"},
                                                     {"unit_aggregation", "sum"},
                                                     {"time_aggregation", "last"},
                                                     {"period_type", "month"}}));
    }
  }

  // One round: writers until about `target` acknowledgements, then the kill (and, for
  // kStopDatabase, the database stopped at once first; for kCutConnections, the server's
  // connections to the database cut half way, mid-transaction, after which the writes must go
  // on); then the checks.
  enum class Kind { kKill, kStopDatabase, kCutConnections };
  void Round(int round, int target, Kind kind) {
    const bool stop_database = kind == Kind::kStopDatabase;
    ServerOptions(round);
    ServerProcess server(binary_, db_, options_);
    uint16_t port = server.port();
    Headers session = SignInAdmin(port, kPassword);
    std::atomic<bool> stop = false;
    std::atomic<int> acknowledged_here = 0;
    std::atomic<bool> database_down = false;
    std::vector<std::thread> writers;
    for (int w = 0; w < 3; ++w) {
      writers.emplace_back([&, w] {
        while (!stop) {
          int64_t value;
          {
            std::lock_guard lock(mutex_);
            value = next_value_++;
            attempted_.insert(value);
          }
          const int64_t slot = value % kSlots;
          const int64_t unit = units_[static_cast<size_t>(slot % kUnits)];
          const int64_t indicator = indicators_[static_cast<size_t>(slot / kUnits % kIndicators)];
          const int64_t month = slot / (kUnits * kIndicators);
          std::string period = fmt::format("{:04d}{:02d}", 1990 + month / 12, month % 12 + 1);
          json::value body =
              json::object{{"values", json::array{json::object{{"indicator_id", indicator},
                                                               {"unit_id", unit},
                                                               {"period", period},
                                                               {"value", value}}}}};
          Headers headers = session;
          headers.emplace_back("Idempotency-Key", fmt::format("r{}-w{}-v{}", round, w, value));
          ClientResponse response =
              Request(port, "POST", "/api/v1/values", json::serialize(body), headers, 5000);
          if (response.status == 200) {
            std::lock_guard lock(mutex_);
            acknowledged_.insert(value);
            ++acknowledged_here;
          } else if (response.status == 0) {
            return;  // the server is gone
          } else if (database_down && response.status == 503) {
            std::lock_guard lock(mutex_);
            ++counts_.refused;  // the database is gone: a clear refusal, not an acknowledgement
          } else {
            ADD_FAILURE() << "round " << round << ": write refused: " << response.status << " "
                          << response.body;
            return;
          }
        }
      });
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    auto wait_for = [&](int acknowledgements) {
      while (acknowledged_here < acknowledgements && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    };
    if (kind == Kind::kCutConnections) {
      wait_for(target / 2);
      database_down = true;  // the writes in flight are refused with 503
      const int before = acknowledged_here;
      CutConnections();
      ++counts_.connection_cuts;
      wait_for(target / 2 + target);
      EXPECT_GT(acknowledged_here, before) << "round " << round << ": writes go on after a cut";
    } else {
      wait_for(target);
    }
    if (stop_database) {
      database_down = true;
      cluster_->StopImmediately();
      ++counts_.database_stops;
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
    server.Kill();
    ++counts_.kills;
    stop = true;
    for (auto& writer : writers) writer.join();
    if (stop_database) {
      ASSERT_TRUE(cluster_->Start()) << "PostgreSQL does not start again";
    }
    Verify(round);
    ++counts_.rounds;
  }

  const Counts& counts() const { return counts_; }

  std::string Summary(std::string_view store) const {
    return fmt::format(
        "crash campaign ({}): rounds {}, server kills {}, database stops {}, connection cuts {}; "
        "writes attempted {}, "
        "acknowledged {}, lost {}, unexpected {}, duplicates {}, unacknowledged but present {}, "
        "refused while the database was down or cut off {}, integrity failures {}",
        store, counts_.rounds, counts_.kills, counts_.database_stops, counts_.connection_cuts,
        attempted_.size(), acknowledged_.size(), counts_.lost, counts_.unexpected,
        counts_.duplicates, counts_.unacknowledged_present, counts_.refused,
        counts_.integrity_failures);
  }

 private:
  void ServerOptions(int round) {
    options_.stderr_path = (dir_ / fmt::format("server-{}.log", round % 2)).string();
  }

  // Ends every other connection to the database, as a network cut or a restarted pooler would.
  void CutConnections() {
    auto opened = storage::PostgresDatabase::Open(db_);
    ASSERT_TRUE(opened) << opened.error().message;
    auto cut = (*opened)->Read([](storage::Transaction& tx) -> Status {
      auto ended = tx.Query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
          "WHERE datname = current_database() AND pid <> pg_backend_pid()");
      if (!ended) return std::unexpected(ended.error());
      return Ok();
    });
    EXPECT_TRUE(cut) << cut.error().message;
  }

  // After the crash: `nqtrack check` passes; every acknowledged write is there once, nothing
  // else is.
  void Verify(int round) {
    const std::string log = (dir_ / "check.log").string();
    if (RunShell(fmt::format("'{}' check --db '{}' >'{}' 2>&1", binary_, db_, log)) != 0) {
      ++counts_.integrity_failures;
      ADD_FAILURE() << "round " << round << ": nqtrack check failed; see " << log;
    }
    std::unique_ptr<storage::Database> database;
    if (db_.starts_with("postgresql:")) {
      auto opened = storage::PostgresDatabase::Open(db_);
      ASSERT_TRUE(opened) << opened.error().message;
      database = std::move(*opened);
    } else {
      auto opened = storage::SqliteDatabase::Open(db_);
      ASSERT_TRUE(opened) << opened.error().message;
      database = std::move(*opened);
    }
    std::map<int64_t, int> present;
    auto checked = database->Read([&](storage::Transaction& tx) -> Status {
      NQ_TRY(auto rows, tx.Query("SELECT number FROM data_values"));
      for (const auto& row : rows) ++present[static_cast<int64_t>(row.Real(0))];
      NQ_TRY(auto audit, tx.Query("SELECT COUNT(*) FROM audit WHERE entity = 'value'"));
      EXPECT_EQ(audit.at(0).Int(0), static_cast<int64_t>(rows.size()))
          << "round " << round << ": one audit row per value";
      return Ok();
    });
    ASSERT_TRUE(checked) << checked.error().message;
    std::lock_guard lock(mutex_);
    counts_.lost = 0;
    for (int64_t write : acknowledged_) counts_.lost += present.count(write) == 0;
    counts_.unexpected = counts_.duplicates = counts_.unacknowledged_present = 0;
    for (const auto& [value, times] : present) {
      counts_.unexpected += attempted_.count(value) == 0;
      counts_.duplicates += times > 1;
      counts_.unacknowledged_present +=
          attempted_.count(value) == 1 && acknowledged_.count(value) == 0;
    }
    counts_.attempted = static_cast<int64_t>(attempted_.size());
    counts_.acknowledged = static_cast<int64_t>(acknowledged_.size());
    EXPECT_EQ(counts_.lost, 0) << "round " << round;
    EXPECT_EQ(counts_.unexpected, 0) << "round " << round;
    EXPECT_EQ(counts_.duplicates, 0) << "round " << round;
    EXPECT_LT(next_value_, kSlots) << "more writes than slots: raise kUnits";
  }

  std::string binary_;
  std::string db_;
  fs::path dir_;
  PgCluster* cluster_;
  ServeOptions options_;
  std::vector<int64_t> units_, indicators_;
  std::mutex mutex_;
  std::set<int64_t> acknowledged_, attempted_;
  int64_t next_value_ = 1;
  Counts counts_;
};

void RunCampaign(const std::string& store, const std::string& db, const fs::path& dir,
                 PgCluster* cluster) {
  const int rounds = EnvInt("NQ_CRASH_ROUNDS", 20);
  const int writes = std::max(2, EnvInt("NQ_CRASH_WRITES", 25));
  std::string binary = NqtrackBinary(NQ_BINARY_PATH);
  ASSERT_TRUE(fs::exists(binary)) << binary;
  CrashCampaign campaign(binary, db, dir, cluster);
  campaign.SetUp();
  if (::testing::Test::HasFailure()) return;
  std::mt19937 random(20211 + static_cast<unsigned>(store.size()));
  for (int round = 0; round < rounds; ++round) {
    const int target = writes / 2 + static_cast<int>(random() % static_cast<unsigned>(writes));
    // On PostgreSQL every third round stops the database itself at once, and every third cuts
    // the server's connections to it half way.
    using Kind = CrashCampaign::Kind;
    campaign.Round(round, target,
                   !cluster || round % 3 == 0 ? Kind::kKill
                   : round % 3 == 1           ? Kind::kCutConnections
                                              : Kind::kStopDatabase);
    if (::testing::Test::HasFatalFailure() || ::testing::Test::HasFailure()) break;
  }
  std::printf("%s\n", campaign.Summary(store).c_str());
  std::fflush(stdout);
  const Counts& counts = campaign.counts();
  EXPECT_EQ(counts.rounds, rounds);
  EXPECT_GT(counts.acknowledged, 0);
  EXPECT_EQ(counts.lost, 0);
  EXPECT_EQ(counts.unexpected, 0);
  EXPECT_EQ(counts.duplicates, 0);
  EXPECT_EQ(counts.integrity_failures, 0);
}

TEST(CrashTest, KilledServerLosesNoAcknowledgedWriteOnSqlite) {
  fs::path dir = fs::temp_directory_path() / fmt::format("nq-crash-{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  RunCampaign("sqlite", (dir / "nq.db").string(), dir, nullptr);
  if (!::testing::Test::HasFailure()) fs::remove_all(dir);
}

TEST(CrashTest, KilledServerAndStoppedDatabaseLoseNoAcknowledgedWriteOnPostgres) {
  const std::string bin = PgCluster::Bin();
  if (bin.empty()) GTEST_SKIP() << "no PostgreSQL server binaries (install postgresql-15)";
  fs::path dir = fs::temp_directory_path() / fmt::format("nq-crash-pg-{}", ::getpid());
  fs::remove_all(dir);
  PgCluster cluster(bin, dir / "cluster");
  ASSERT_TRUE(cluster.ok()) << "cannot start PostgreSQL in " << dir;
  RunCampaign("postgres", cluster.uri(), dir, &cluster);
  if (!::testing::Test::HasFailure()) fs::remove_all(dir);
}

}  // namespace
}  // namespace nq::testing
