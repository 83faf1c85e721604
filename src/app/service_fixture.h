// A Service over each store, for tests parameterised "Sqlite" / "Postgres": a fresh SQLite file
// in a temporary folder, or a fresh database on the PostgreSQL of NQ_TEST_PG (skipped without).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "app/engine_loader.h"
#include "app/service.h"
#include "storage/postgres_database.h"
#include "storage/sqlite_database.h"
#include "storage/testing/pg_scratch.h"

namespace nq::app {

class ServiceOnStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "Postgres") {
      if (!storage::ScratchPostgres::ServerUri()) GTEST_SKIP() << "NQ_TEST_PG is not set";
      auto scratch = storage::ScratchPostgres::Create();
      ASSERT_TRUE(scratch) << scratch.error().message;
      scratch_ = std::move(*scratch);
      auto db = storage::PostgresDatabase::Open(scratch_->uri());
      ASSERT_TRUE(db) << db.error().message;
      database_ = std::move(*db);
    } else {
      std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
      std::replace(name.begin(), name.end(), '/', '-');
      dir_ = std::filesystem::temp_directory_path() / fmt::format("nq-{}-{}", ::getpid(), name);
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
      auto db = storage::SqliteDatabase::Open((dir_ / "nq.db").string());
      ASSERT_TRUE(db) << db.error().message;
      database_ = std::move(*db);
    }
    auto data = app::ReadEngineData(*database_);
    ASSERT_TRUE(data) << data.error().message;
    engine_ = std::make_unique<engine::Engine>(std::move(*data));
    service_ = std::make_unique<Service>(*database_, *engine_, clock_);
  }
  void TearDown() override {
    service_.reset();
    engine_.reset();
    database_.reset();
    scratch_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  // The first column of the first row of `sql`, an integer (a count); -1 on error.
  int64_t Count(std::string_view sql) {
    auto rows = database_->Read([&](storage::Transaction& tx) { return tx.Query(sql); });
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? rows->at(0).Int(0) : -1;
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::ScratchPostgres> scratch_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<engine::Engine> engine_;
  FakeClock clock_{1'795'737'600'000};
  std::unique_ptr<Service> service_;
};

inline std::string StoreParamName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace nq::app
