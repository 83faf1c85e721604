// migrate-store: the demo on SQLite moved into a fresh PostgreSQL database, verified by counts
// and checksums; a demo user signs in on the target with the copied password hash.
#include "app/bundle/migrate.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "app/auth.h"
#include "app/engine_loader.h"
#include "app/setup.h"
#include "demo/demo.h"
#include "storage/postgres_database.h"
#include "storage/sqlite_database.h"
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

TEST(MigrateStoreTest, DemoMovesFromSqliteToPostgresIntact) {
  if (!storage::ScratchPostgres::ServerUri()) GTEST_SKIP() << "NQ_TEST_PG is not set";
  auto scratch = storage::ScratchPostgres::Create();
  ASSERT_TRUE(scratch) << scratch.error().message;
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("nq-migrate-{}", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  SystemClock clock;
  {
    auto sqlite = storage::SqliteDatabase::Open((dir / "nq.db").string());
    ASSERT_TRUE(sqlite) << sqlite.error().message;
    Stack source = Open(std::move(*sqlite), clock);
    ASSERT_TRUE(LoadDemo(*source.service));
    ASSERT_TRUE(LoadDemoUsers(*source.service, *source.auth));
    auto postgres = storage::PostgresDatabase::Open((*scratch)->uri());
    ASSERT_TRUE(postgres) << postgres.error().message;
    Stack target = Open(std::move(*postgres), clock);

    std::vector<BundleError> errors;
    auto report = MigrateStore(*source.service, *target.service, errors);
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

    // The target's engine was reloaded by the import, and the copied hash still verifies.
    auto login = target.auth->Login("ba-thuoc.editor", kDemoPassword, "127.0.0.1");
    ASSERT_TRUE(login) << login.error().message;
    EXPECT_FALSE(login->session_token.empty());
    auto wrong = target.auth->Login("ba-thuoc.editor", "not-the-password", "127.0.0.1");
    EXPECT_FALSE(wrong);

    // A second run finds the target holding data and refuses.
    auto again = MigrateStore(*source.service, *target.service, errors);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
    // New rows on the target do not reuse copied ids.
    auto next = target.database->Read(
        [](storage::Transaction& tx) { return tx.Query("SELECT MAX(id) FROM users"); });
    ASSERT_TRUE(next);
    EXPECT_GT(next->at(0).Int(0), 0);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nq::app
