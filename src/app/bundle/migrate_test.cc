// migrate-store: the demo on SQLite moved into a fresh PostgreSQL database (and a fresh SQLite
// file), a chunk of rows at a time, verified by counts and checksums and by reading every row
// back from both stores; a row the target refuses leaves it empty; a changed row is caught.
#include "app/bundle/migrate.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "app/auth.h"
#include "app/engine_loader.h"
#include "app/setup.h"
#include "demo/demo.h"
#include "storage/postgres_database.h"
#include "storage/sqlite_database.h"
#include "storage/store_copy.h"
#include "storage/testing/pg_scratch.h"

namespace nq::app {
namespace {

struct Stack {
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<engine::Engine> engine;
  std::unique_ptr<Service> service;
  std::unique_ptr<Authenticator> auth;
};

Stack Open(std::unique_ptr<storage::Database> database, Clock& clock) {
  Stack stack;
  stack.database = std::move(database);
  auto data = app::ReadEngineData(*stack.database);
  EXPECT_TRUE(data) << data.error().message;
  stack.engine = std::make_unique<engine::Engine>(std::move(*data));
  stack.service = std::make_unique<Service>(*stack.database, *stack.engine, clock);
  stack.auth = std::make_unique<Authenticator>(*stack.service);
  return stack;
}

// Every row of `table` in key order, read by the test with its own query.
std::vector<storage::SqlParams> AllRows(storage::Database& database,
                                        const storage::CopiedTable& table,
                                        const std::vector<std::string>& columns) {
  std::string list;
  for (const std::string& column : columns) list += (list.empty() ? "" : ", ") + column;
  auto rows = database.Read([&](storage::Transaction& tx) {
    return tx.Query(fmt::format("SELECT {} FROM {} ORDER BY {}", list, table.table, table.key));
  });
  EXPECT_TRUE(rows) << rows.error().message;
  std::vector<storage::SqlParams> out;
  if (rows) {
    for (const storage::Row& row : *rows) out.push_back(row.values());
  }
  return out;
}

// The demo (with its users) in a SQLite file of a folder of the test's own.
class MigrateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("nq-migrate-{}-{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto sqlite = storage::SqliteDatabase::Open((dir_ / "nq.db").string());
    ASSERT_TRUE(sqlite) << sqlite.error().message;
    source_ = Open(std::move(*sqlite), clock_);
    ASSERT_TRUE(LoadDemo(*source_.service));
    ASSERT_TRUE(LoadDemoUsers(*source_.service, *source_.auth));
  }
  void TearDown() override {
    source_.auth.reset();
    source_.service.reset();
    source_.engine.reset();
    source_.database.reset();
    std::filesystem::remove_all(dir_);
  }
  // A fresh PostgreSQL database; null (the test skips) without NQ_TEST_PG.
  std::unique_ptr<storage::Database> OpenPostgres() {
    if (!storage::ScratchPostgres::ServerUri()) return nullptr;
    auto scratch = storage::ScratchPostgres::Create();
    EXPECT_TRUE(scratch) << scratch.error().message;
    if (!scratch) return nullptr;
    scratch_ = std::move(*scratch);
    auto postgres = storage::PostgresDatabase::Open(scratch_->uri());
    EXPECT_TRUE(postgres) << postgres.error().message;
    return postgres ? std::move(*postgres) : nullptr;
  }

  std::filesystem::path dir_;
  SystemClock clock_;
  Stack source_;
  std::unique_ptr<storage::ScratchPostgres> scratch_;
};

TEST_F(MigrateStoreTest, DemoMovesFromSqliteToPostgresIntact) {
  auto postgres = OpenPostgres();
  if (!postgres) GTEST_SKIP() << "NQ_TEST_PG is not set";
  auto report = MigrateStore(*source_.database, *postgres);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->ok());
  bool saw_values = false;
  bool saw_users = false;
  for (const MigrationCheck& check : report->checks) {
    EXPECT_TRUE(check.ok()) << check.table << ": " << check.source_rows << " vs "
                            << check.target_rows << ", " << check.source_checksum << " vs "
                            << check.target_checksum;
    if (check.table == "data_values") saw_values = check.source_rows > 0;
    if (check.table == "users") saw_users = check.source_rows > 0;
  }
  EXPECT_TRUE(saw_values);
  EXPECT_TRUE(saw_users);

  // A server started on the target finds everything, and the copied hash still verifies.
  Stack target = Open(std::move(postgres), clock_);
  auto login = target.auth->Login("ba-thuoc.editor", kDemoPassword, "127.0.0.1");
  ASSERT_TRUE(login) << login.error().message;
  EXPECT_FALSE(login->session_token.empty());
  auto wrong = target.auth->Login("ba-thuoc.editor", "not-the-password", "127.0.0.1");
  EXPECT_FALSE(wrong);

  // A second run finds the target holding data and refuses.
  auto again = MigrateStore(*source_.database, *target.database);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(again.error().message.find("unit_kinds"), std::string::npos) << again.error().message;
  // New rows on the target do not reuse copied ids.
  auto next = target.database->Read(
      [](storage::Transaction& tx) { return tx.Query("SELECT MAX(id) FROM users"); });
  ASSERT_TRUE(next);
  EXPECT_GT(next->at(0).Int(0), 0);
}

TEST_F(MigrateStoreTest, TablesOfSeveralChunksArriveWholeInEitherStore) {
  std::vector<std::pair<std::string, std::unique_ptr<storage::Database>>> targets;
  auto sqlite = storage::SqliteDatabase::Open((dir_ / "target.db").string());
  ASSERT_TRUE(sqlite) << sqlite.error().message;
  targets.emplace_back("sqlite", std::move(*sqlite));
  if (auto postgres = OpenPostgres()) targets.emplace_back("postgres", std::move(postgres));

  for (auto& [name, target] : targets) {
    SCOPED_TRACE(name);
    MigrateOptions options;
    options.chunk_rows = 7;
    std::map<std::string, size_t, std::less<>> steps;  // progress reports per phase
    options.control.progress = [&](std::string_view phase, size_t, size_t) {
      ++steps[std::string(phase)];
    };
    auto report = MigrateStore(*source_.database, *target, options);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_TRUE(report->ok());
    ASSERT_EQ(report->checks.size(), storage::CopiedTables().size());

    for (size_t i = 0; i < storage::CopiedTables().size(); ++i) {
      const storage::CopiedTable& table = storage::CopiedTables()[i];
      const MigrationCheck& check = report->checks[i];
      EXPECT_EQ(check.table, table.table);
      auto columns = source_.database->Read(
          [&](storage::Transaction& tx) { return storage::ListColumns(tx, table.table); });
      ASSERT_TRUE(columns) << columns.error().message;
      auto from = AllRows(*source_.database, table, *columns);
      auto to = AllRows(*target, table, *columns);
      EXPECT_EQ(from, to) << table.table;
      EXPECT_EQ(check.source_rows, static_cast<int64_t>(from.size())) << table.table;
      EXPECT_EQ(check.target_rows, static_cast<int64_t>(to.size())) << table.table;
      EXPECT_EQ(check.source_checksum, check.target_checksum) << table.table;
      EXPECT_EQ(check.source_checksum.size(), 16u) << table.table;
    }
    // The big tables went through in many chunks, each reported.
    for (std::string_view table : {"data_values", "audit", "assignments"}) {
      int64_t rows = 0;
      for (const MigrationCheck& check : report->checks) {
        if (check.table == table) rows = check.source_rows;
      }
      EXPECT_GT(rows, 3 * 7) << table;
      EXPECT_GE(steps[fmt::format("copying {}", table)], static_cast<size_t>(rows / 7)) << table;
      EXPECT_GE(steps[fmt::format("checking {}", table)], static_cast<size_t>(rows / 7)) << table;
    }
    // Read again in chunks of another size, the checksums are the same.
    MigrateOptions larger;
    larger.chunk_rows = 1000;
    auto again = VerifyMigration(*source_.database, *target, larger);
    ASSERT_TRUE(again) << again.error().message;
    ASSERT_EQ(again->checks.size(), report->checks.size());
    for (size_t i = 0; i < again->checks.size(); ++i) {
      EXPECT_TRUE(again->checks[i].ok()) << again->checks[i].table;
      EXPECT_EQ(again->checks[i].source_checksum, report->checks[i].source_checksum);
    }
  }
}

TEST_F(MigrateStoreTest, ARowTheTargetRefusesMidwayLeavesItEmpty) {
  auto postgres = OpenPostgres();
  if (!postgres) GTEST_SKIP() << "NQ_TEST_PG is not set";
  // SQLite keeps text in a REAL column; PostgreSQL refuses it as a number.
  ASSERT_TRUE(source_.database->Write([](storage::Transaction& tx) -> Status {
    NQ_TRY(int64_t changed, tx.Exec("UPDATE data_values SET number = 'không phải số' WHERE id = "
                                    "(SELECT MAX(id) FROM data_values)"));
    if (changed != 1) return MakeError(ErrorCode::kInternal, "no value changed");
    return Ok();
  }));
  MigrateOptions options;
  options.chunk_rows = 10;
  std::map<std::string, size_t, std::less<>> done;
  options.control.progress = [&](std::string_view phase, size_t rows, size_t) {
    done[std::string(phase)] = rows;
  };
  auto report = MigrateStore(*source_.database, *postgres, options);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find("data_values"), std::string::npos)
      << report.error().message;
  // It failed midway: the tables before, and chunks of the values, had been written.
  EXPECT_GT(done["copying units"], 0u);
  EXPECT_GE(done["copying data_values"], 10u);
  EXPECT_EQ(done.count("copying obligations"), 0u);
  auto empty = postgres->Read([](storage::Transaction& tx) -> Result<std::vector<std::string>> {
    std::vector<std::string> holding;
    for (const storage::CopiedTable& table : storage::CopiedTables()) {
      NQ_TRY(bool rows, storage::TableHasRows(tx, table.table));
      if (rows) holding.emplace_back(table.table);
    }
    return holding;
  });
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_EQ(*empty, std::vector<std::string>{});
}

TEST_F(MigrateStoreTest, VerificationCatchesOneChangedRow) {
  auto postgres = OpenPostgres();
  if (!postgres) GTEST_SKIP() << "NQ_TEST_PG is not set";
  auto report = MigrateStore(*source_.database, *postgres);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_TRUE(report->ok());
  ASSERT_TRUE(postgres->Write([](storage::Transaction& tx) -> Status {
    NQ_TRY(int64_t changed, tx.Exec("UPDATE data_values SET comment = comment || '.' WHERE id = "
                                    "(SELECT MIN(id) FROM data_values)"));
    if (changed != 1) return MakeError(ErrorCode::kInternal, "no value changed");
    return Ok();
  }));
  auto verified = VerifyMigration(*source_.database, *postgres);
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_FALSE(verified->ok());
  for (const MigrationCheck& check : verified->checks) {
    EXPECT_EQ(check.source_rows, check.target_rows) << check.table;
    EXPECT_EQ(check.ok(), check.table != "data_values") << check.table;
  }
}

}  // namespace
}  // namespace nq::app
