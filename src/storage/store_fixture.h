// The fixture of the storage conformance suite, shared by its test files.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "storage/postgres_database.h"
#include "storage/sqlite_database.h"
#include "storage/store.h"
#include "storage/testing/pg_scratch.h"

namespace nq::storage {

using namespace nq::domain;

// The storage conformance suite: every test runs on each store (leveldb runs one suite under
// every option set). PostgreSQL cases need NQ_TEST_PG (scripts/with-postgres.sh sets it).
enum class Store { kSqlite, kPostgres };

inline std::string StoreName(const ::testing::TestParamInfo<Store>& info) {
  return info.param == Store::kSqlite ? "Sqlite" : "Postgres";
}

class StoreTest : public ::testing::TestWithParam<Store> {
 protected:
  void SetUp() override {
    if (GetParam() == Store::kPostgres) {
      if (!ScratchPostgres::ServerUri()) GTEST_SKIP() << "NQ_TEST_PG is not set";
      auto scratch = ScratchPostgres::Create();
      ASSERT_TRUE(scratch) << scratch.error().message;
      scratch_ = std::move(*scratch);
    } else {
      const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
      std::string name = info->name();
      std::replace(name.begin(), name.end(), '/', '-');
      dir_ =
          std::filesystem::temp_directory_path() / fmt::format("nq-store-{}-{}", ::getpid(), name);
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
    }
    Reopen();
  }
  void TearDown() override {
    db_.reset();
    scratch_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  // Another handle on the same store, as a second nqtrack process would hold.
  std::unique_ptr<Database> OpenAnother() {
    Result<std::unique_ptr<Database>> db = std::unique_ptr<Database>();
    if (GetParam() == Store::kPostgres) {
      db = PostgresDatabase::Open(scratch_->uri());
    } else {
      db = SqliteDatabase::Open((dir_ / "nq.db").string());
    }
    EXPECT_TRUE(db) << db.error().message;
    return db ? std::move(*db) : nullptr;
  }
  void Reopen() {
    db_.reset();
    db_ = OpenAnother();
    ASSERT_TRUE(db_);
  }
  Unit AddUnit(std::string code) {
    auto unit = db_->Write([&](Transaction& tx) -> Result<Unit> {
      NQ_TRY(UnitKind kind, Insert(tx, UnitKind{0, "kind-" + code, "Loại", "Kind", 2}));
      return Insert(
          tx,
          Unit{0, code, "Huyện ủy " + code, code, kind.id, {*Date::Parse("2020-01-01"), {}}, 1});
    });
    EXPECT_TRUE(unit) << unit.error().message;
    return *unit;
  }
  Indicator AddIndicator(std::string code) {
    auto indicator = db_->Write([&](Transaction& tx) {
      Indicator i;
      i.code = std::move(code);
      i.name = "Số xã đạt chuẩn nông thôn mới";
      return Insert(tx, i);
    });
    EXPECT_TRUE(indicator) << indicator.error().message;
    return *indicator;
  }

  std::filesystem::path dir_;
  std::unique_ptr<ScratchPostgres> scratch_;
  std::unique_ptr<Database> db_;
};

}  // namespace nq::storage
