// Service::Mutate on each store: an idempotency key replays the first reply and writes nothing
// again; the same key with another request is refused.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "app/engine_loader.h"
#include "app/service.h"
#include "storage/postgres_database.h"
#include "storage/sqlite_database.h"
#include "storage/testing/pg_scratch.h"

namespace nq::app {
namespace {

using domain::UnitKind;

class MutateTest : public ::testing::TestWithParam<std::string> {
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
      dir_ = std::filesystem::temp_directory_path() / fmt::format("nq-mutate-{}", ::getpid());
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
  Result<Reply> AddKind(const std::string& key, const std::string& fingerprint,
                        const std::string& code) {
    Actor actor{"admin", "127.0.0.1", key};
    return service_->Mutate(actor, fingerprint, [&](WriteScope& scope) -> Result<Reply> {
      NQ_TRY(UnitKind kind, storage::Insert(scope.tx(), UnitKind{0, code, "Xã", "Commune", 4}));
      NQ_RETURN_IF_ERROR(scope.Audit("create", "unit_kind", kind.id, nullptr, json::object{}));
      return Reply{201, json::object{{"id", kind.id}}, false};
    });
  }
  int64_t Count(const std::string& table) {
    auto rows = database_->Read([&](storage::Transaction& tx) {
      return tx.Query(fmt::format("SELECT COUNT(*) FROM {}", table));
    });
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

INSTANTIATE_TEST_SUITE_P(Stores, MutateTest, ::testing::Values("Sqlite", "Postgres"),
                         [](const auto& param_info) { return param_info.param; });

TEST_P(MutateTest, ReplayedKeyAnswersTheFirstReplyAndWritesNothing) {
  auto first = AddKind("key-1", "POST /unit-kinds xa", "xa");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->replayed);
  auto again = AddKind("key-1", "POST /unit-kinds xa", "xa");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(json::serialize(again->body), json::serialize(first->body));
  EXPECT_EQ(Count("unit_kinds"), 1);
  EXPECT_EQ(Count("audit"), 1);
  EXPECT_EQ(Count("idempotency"), 1);
}

TEST_P(MutateTest, SameKeyForAnotherRequestIsAlreadyExists) {
  ASSERT_TRUE(AddKind("key-1", "POST /unit-kinds xa", "xa"));
  auto other = AddKind("key-1", "POST /unit-kinds phuong", "phuong");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(Count("unit_kinds"), 1);
}

TEST_P(MutateTest, FailedMutationLeavesNoIdempotencyRecord) {
  ASSERT_TRUE(AddKind("key-1", "a", "xa"));
  auto duplicate = AddKind("key-2", "b", "xa");  // unique code violated
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(Count("idempotency"), 1);
  EXPECT_EQ(Count("audit"), 1);
}

}  // namespace
}  // namespace nq::app
