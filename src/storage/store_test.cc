#include "storage/store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/sqlite_database.h"
#include "storage/tables.h"

namespace nq::storage {
namespace {

using namespace nq::domain;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("nq-store-{}-{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Reopen();
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen() {
    db_.reset();
    auto db = SqliteDatabase::Open((dir_ / "nq.db").string());
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
  }
  Unit AddUnit(std::string code) {
    auto unit = db_->Write([&](Transaction& tx) -> Result<Unit> {
      NQ_TRY(UnitKind kind, Insert(tx, UnitKind{0, "kind-" + code, "Loại", "Kind", 2}));
      return Insert(tx, Unit{0, code, "Huyện ủy " + code, code, kind.id,
                             {*Date::Parse("2020-01-01"), {}}, 1});
    });
    EXPECT_TRUE(unit) << unit.error().message;
    return *unit;
  }

  std::filesystem::path dir_;
  std::unique_ptr<SqliteDatabase> db_;
};

TEST_F(StoreTest, InsertedRowSurvivesReopen) {
  Unit unit = AddUnit("ba-thuoc");
  Reopen();
  auto read = db_->Read([&](Transaction& tx) { return GetByCode<Unit>(tx, "ba-thuoc"); });
  ASSERT_TRUE(read);
  EXPECT_EQ(read->id, unit.id);
  EXPECT_EQ(read->name, "Huyện ủy ba-thuoc");
  EXPECT_EQ(read->validity.valid_from.ToString(), "2020-01-01");
  EXPECT_FALSE(read->validity.valid_to.has_value());
}

TEST_F(StoreTest, DuplicateCodeIsAlreadyExists) {
  AddUnit("a");
  auto again = db_->Write([&](Transaction& tx) {
    return Insert(tx, UnitKind{0, "kind-a", "x", "x", 1});
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
}

TEST_F(StoreTest, DanglingReferenceIsFailedPrecondition) {
  auto bad = db_->Write([&](Transaction& tx) {
    return Insert(tx, Unit{0, "x", "x", "x", 999, {*Date::Parse("2020-01-01"), {}}, 1});
  });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(StoreTest, UpdateWithStaleVersionIsAbortedAndChangesNothing) {
  Unit unit = AddUnit("a");
  unit.name = "first";
  auto first = db_->Write([&](Transaction& tx) { return Update(tx, unit); });
  ASSERT_TRUE(first);
  EXPECT_EQ(first->version, 2);
  unit.name = "second";  // still at version 1
  auto stale = db_->Write([&](Transaction& tx) { return Update(tx, unit); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kAborted);
  auto read = db_->Read([&](Transaction& tx) { return Get<Unit>(tx, unit.id); });
  EXPECT_EQ(read->name, "first");
}

TEST_F(StoreTest, GetUnknownIdIsNotFound) {
  auto read = db_->Read([&](Transaction& tx) { return Get<Unit>(tx, 42); });
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(read.error().message, "unit 42 not found");
}

TEST_F(StoreTest, FailedWriteRollsBackEverything) {
  auto result = db_->Write([&](Transaction& tx) -> Status {
    NQ_RETURN_IF_ERROR(Insert(tx, UnitKind{0, "k", "k", "k", 1}));
    return MakeError(ErrorCode::kInvalidArgument, "stop");
  });
  ASSERT_FALSE(result);
  auto kinds = db_->Read([&](Transaction& tx) { return List<UnitKind>(tx); });
  EXPECT_TRUE(kinds->empty());
}

TEST_F(StoreTest, ValueCorrectionAddsVersionAndKeepsHistory) {
  Unit unit = AddUnit("a");
  auto indicator = db_->Write([&](Transaction& tx) {
    Indicator i;
    i.code = "xa-ntm";
    i.name = "Số xã đạt chuẩn nông thôn mới";
    return Insert(tx, i);
  });
  ASSERT_TRUE(indicator);
  for (double number : {5.0, 6.0}) {
    Value v;
    v.indicator_id = indicator->id;
    v.unit_id = unit.id;
    v.period = *Period::Parse("2021");
    v.number = number;
    v.entered_at = 1;
    ASSERT_TRUE(db_->Write([&](Transaction& tx) { return PutValue(tx, v); }));
  }
  auto current = db_->Read([&](Transaction& tx) { return CurrentValues(tx); });
  ASSERT_EQ(current->size(), 1u);
  EXPECT_EQ(current->at(0).number, 6.0);
  EXPECT_EQ(current->at(0).version, 2);
  auto history = db_->Read([&](Transaction& tx) {
    return ValueHistory(tx, indicator->id, unit.id, *Period::Parse("2021"));
  });
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->at(0).number, 5.0);
}

TEST_F(StoreTest, AuditRefusesUpdateAndDelete) {
  ASSERT_TRUE(db_->Write([&](Transaction& tx) {
    return AppendAudit(tx, AuditRecord{0, 1, "admin", "127.0.0.1", "create", "unit", 1, "", "{}",
                                       "k1"});
  }));
  auto update = db_->Write([&](Transaction& tx) { return tx.Exec("UPDATE audit SET actor = 'x'"); });
  ASSERT_FALSE(update);
  EXPECT_NE(update.error().message.find("append-only"), std::string::npos);
  auto del = db_->Write([&](Transaction& tx) { return tx.Exec("DELETE FROM audit"); });
  ASSERT_FALSE(del);
  auto rows = db_->Read([&](Transaction& tx) { return ListAudit(tx, {}); });
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->at(0).actor, "admin");
}

TEST_F(StoreTest, EvidenceRoundTrips) {
  Evidence evidence;
  evidence.document_number = "05-KH/ĐU";
  evidence.document_date = *Date::Parse("2021-03-15");
  evidence.attendance = {{"đảng viên", 120}, {"nhân dân", 300}};
  evidence.files = {"bien-ban.pdf"};
  auto back = EvidenceFromJson(EvidenceToJson(evidence));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->document_number, evidence.document_number);
  EXPECT_EQ(back->document_date, evidence.document_date);
  ASSERT_EQ(back->attendance.size(), 2u);
  EXPECT_EQ(back->attendance[1].count, 300);
  EXPECT_EQ(back->files, evidence.files);
}

}  // namespace
}  // namespace nq::storage
