// Online backup of the embedded store under writes: the copy holds exactly the transactions
// committed before one instant, each whole; restore puts it back verified.
#include "storage/sqlite_backup.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "storage/sqlite_database.h"
#include "storage/store.h"

namespace nq::storage {
namespace {

namespace fs = std::filesystem;

class SqliteBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("nq-backup-{}", ::getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string At(std::string_view name) const { return (dir_ / name).string(); }

  // Each write is one transaction of two audit rows carrying the same number.
  static Status WritePair(Database& db, int64_t number, const std::string& filler) {
    return db.Write([&](Transaction& tx) { return AppendPair(tx, number, filler); });
  }
  static Status AppendPair(Transaction& tx, int64_t number, const std::string& filler) {
    for (const char* half : {"first", "second"}) {
      AuditRecord record;
      record.at = number;
      record.actor = "writer";
      record.action = half;
      record.entity = "probe";
      record.entity_id = number;
      record.after = filler;
      NQ_RETURN_IF_ERROR(AppendAudit(tx, record));
    }
    return Ok();
  }

  // number → how many of its rows the store at `path` holds.
  static std::map<int64_t, int> Pairs(const std::string& path) {
    auto db = SqliteDatabase::Open(path);
    EXPECT_TRUE(db) << db.error().message;
    std::map<int64_t, int> out;
    auto rows = (*db)->Read([&](Transaction& tx) {
      AuditFilter probes;
      probes.entity = "probe";
      probes.limit = 1'000'000;
      return ListAudit(tx, probes);
    });
    EXPECT_TRUE(rows) << rows.error().message;
    for (const AuditRecord& record : *rows) ++out[*record.entity_id];
    return out;
  }

  fs::path dir_;
};

TEST_F(SqliteBackupTest, CopyUnderWritesHoldsExactlyTheTransactionsBeforeOneInstant) {
  auto db = SqliteDatabase::Open(At("nq.db"));
  ASSERT_TRUE(db) << db.error().message;
  // Some 40 MB of rows first, so that copying takes a while and writes land meanwhile.
  const std::string filler(4000, 'x');
  std::atomic<int64_t> acknowledged = 0;
  ASSERT_TRUE((*db)->Write([&](Transaction& tx) -> Status {
    for (int64_t n = 1; n <= 5000; ++n) NQ_RETURN_IF_ERROR(AppendPair(tx, n, filler));
    return Ok();
  }));
  acknowledged = 5000;
  std::atomic<bool> stop = false;
  std::thread writer([&] {
    // Another handle, as the running server would hold.
    auto server = SqliteDatabase::Open(At("nq.db"));
    ASSERT_TRUE(server) << server.error().message;
    for (int64_t n = acknowledged + 1; !stop; ++n) {
      ASSERT_TRUE(WritePair(**server, n, "during"));
      acknowledged = n;
    }
  });
  while (acknowledged < 5010) std::this_thread::yield();
  int64_t before = acknowledged;
  Status backup = BackupSqlite(At("nq.db"), At("copy.db"));
  int64_t after = acknowledged;
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  stop = true;
  writer.join();
  ASSERT_TRUE(backup) << backup.error().message;
  std::cout << "[ backup   ] acknowledged " << before << " before the copy began, " << after
            << " when it ended\n";

  std::map<int64_t, int> pairs = Pairs(At("copy.db"));
  ASSERT_FALSE(pairs.empty());
  int64_t last = pairs.rbegin()->first;
  EXPECT_GE(last, before) << "a write acknowledged before the backup began is missing";
  EXPECT_LE(last, after) << "the copy holds a write acknowledged after it ended";
  EXPECT_EQ(static_cast<int64_t>(pairs.size()), last) << "the copy has a gap";
  for (const auto& [number, rows] : pairs) {
    ASSERT_EQ(rows, 2) << "transaction " << number << " is in the copy by halves";
  }
  EXPECT_GT(after, before) << "writers were held up while the copy was taken";
  EXPECT_FALSE(fs::exists(At("copy.db.partial")));
  EXPECT_FALSE(fs::exists(At("copy.db-wal")));
}

TEST_F(SqliteBackupTest, RestorePutsAVerifiedCopyInPlace) {
  {
    auto db = SqliteDatabase::Open(At("nq.db"));
    ASSERT_TRUE(db) << db.error().message;
    for (int64_t n = 1; n <= 20; ++n) ASSERT_TRUE(WritePair(**db, n, "row"));
  }
  ASSERT_TRUE(BackupSqlite(At("nq.db"), At("copy.db")));
  ASSERT_TRUE(RestoreSqlite(At("copy.db"), At("restored.db")));
  EXPECT_EQ(Pairs(At("restored.db")), Pairs(At("nq.db")));
}

TEST_F(SqliteBackupTest, NothingIsOverwrittenAndABrokenCopyIsRefused) {
  {
    auto db = SqliteDatabase::Open(At("nq.db"));
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(WritePair(**db, 1, "row"));
  }
  { std::ofstream(At("taken.db")) << "something else"; }
  auto overwrite = BackupSqlite(At("nq.db"), At("taken.db"));
  ASSERT_FALSE(overwrite);
  EXPECT_EQ(overwrite.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(fs::file_size(At("taken.db")), 14u);

  auto onto_store = RestoreSqlite(At("taken.db"), At("nq.db"));
  ASSERT_FALSE(onto_store);
  EXPECT_EQ(onto_store.error().code, ErrorCode::kAlreadyExists);

  auto broken = RestoreSqlite(At("taken.db"), At("new.db"));
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kFailedPrecondition) << broken.error().message;
  EXPECT_FALSE(fs::exists(At("new.db")));

  auto missing = BackupSqlite(At("absent.db"), At("out.db"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace nq::storage
