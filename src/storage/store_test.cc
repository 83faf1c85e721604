#include "storage/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "storage/postgres_database.h"
#include "storage/restore.h"
#include "storage/sqlite_database.h"
#include "storage/store_fixture.h"
#include "storage/tables.h"
#include "storage/testing/pg_scratch.h"

namespace nq::storage {
namespace {

using namespace nq::domain;

INSTANTIATE_TEST_SUITE_P(Stores, StoreTest, ::testing::Values(Store::kSqlite, Store::kPostgres),
                         StoreName);

TEST_P(StoreTest, InsertedRowSurvivesReopen) {
  Unit unit = AddUnit("ba-thuoc");
  Reopen();
  auto read = db_->Read([&](Transaction& tx) { return GetByCode<Unit>(tx, "ba-thuoc"); });
  ASSERT_TRUE(read);
  EXPECT_EQ(read->id, unit.id);
  EXPECT_EQ(read->name, "Huyện ủy ba-thuoc");
  EXPECT_EQ(read->validity.valid_from.ToString(), "2020-01-01");
  EXPECT_FALSE(read->validity.valid_to.has_value());
}

TEST_P(StoreTest, DuplicateCodeIsAlreadyExists) {
  AddUnit("a");
  auto again = db_->Write([&](Transaction& tx) {
    return Insert(tx, UnitKind{0, "kind-a", "x", "x", 1});
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
}

TEST_P(StoreTest, DanglingReferenceIsFailedPrecondition) {
  auto bad = db_->Write([&](Transaction& tx) {
    return Insert(tx, Unit{0, "x", "x", "x", 999, {*Date::Parse("2020-01-01"), {}}, 1});
  });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(StoreTest, UpdateWithStaleVersionIsAbortedAndChangesNothing) {
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

TEST_P(StoreTest, GetUnknownIdIsNotFound) {
  auto read = db_->Read([&](Transaction& tx) { return Get<Unit>(tx, 42); });
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(read.error().message, "unit 42 not found");
}

TEST_P(StoreTest, FailedWriteRollsBackEverything) {
  auto result = db_->Write([&](Transaction& tx) -> Status {
    NQ_RETURN_IF_ERROR(Insert(tx, UnitKind{0, "k", "k", "k", 1}));
    return MakeError(ErrorCode::kInvalidArgument, "stop");
  });
  ASSERT_FALSE(result);
  auto kinds = db_->Read([&](Transaction& tx) { return List<UnitKind>(tx); });
  EXPECT_TRUE(kinds->empty());
}

TEST_P(StoreTest, ValueCorrectionAddsVersionAndKeepsHistory) {
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

TEST_P(StoreTest, AuditRefusesUpdateAndDelete) {
  ASSERT_TRUE(db_->Write([&](Transaction& tx) {
    return AppendAudit(
        tx, AuditRecord{0, 1, "admin", "127.0.0.1", "create", "unit", 1, "", "{}", "k1", 1});
  }));
  auto update =
      db_->Write([&](Transaction& tx) { return tx.Exec("UPDATE audit SET actor = 'x'"); });
  ASSERT_FALSE(update);
  EXPECT_NE(update.error().message.find("append-only"), std::string::npos);
  EXPECT_EQ(update.error().code, ErrorCode::kFailedPrecondition);
  auto del = db_->Write([&](Transaction& tx) { return tx.Exec("DELETE FROM audit"); });
  ASSERT_FALSE(del);
  EXPECT_EQ(del.error().code, ErrorCode::kFailedPrecondition);
  auto rows = db_->Read([&](Transaction& tx) { return ListAudit(tx, {}); });
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->at(0).actor, "admin");
  EXPECT_EQ(rows->at(0).unit_id, 1);
}

// The audit's filters: the units it concerns, the action, and the page before an id.
TEST_P(StoreTest, AuditFiltersByUnitActionAndPage) {
  ASSERT_TRUE(db_->Write([&](Transaction& tx) -> Status {
    for (int64_t i = 1; i <= 6; ++i) {
      std::optional<Id> unit = i % 3 == 0 ? std::nullopt : std::optional<Id>(i % 3);
      NQ_RETURN_IF_ERROR(
          AppendAudit(tx, AuditRecord{0, i, "admin", "", i == 6 ? "denied" : "update", "unit", i,
                                      "", "", "", unit}));
    }
    return Ok();
  }));
  auto ids = [&](const AuditFilter& filter) {
    std::vector<int64_t> out;
    auto rows = db_->Read([&](Transaction& tx) { return ListAudit(tx, filter); });
    EXPECT_TRUE(rows) << rows.error().message;
    for (const AuditRecord& row : *rows) out.push_back(*row.entity_id);
    return out;
  };
  AuditFilter by_unit;
  by_unit.unit_ids = std::vector<Id>{1};
  EXPECT_EQ(ids(by_unit), (std::vector<int64_t>{4, 1}));
  by_unit.unit_ids = std::vector<Id>{1, 2};
  EXPECT_EQ(ids(by_unit), (std::vector<int64_t>{5, 4, 2, 1}));
  by_unit.unit_ids = std::vector<Id>{};
  EXPECT_EQ(ids(by_unit), std::vector<int64_t>{});
  AuditFilter denied;
  denied.action = "denied";
  EXPECT_EQ(ids(denied), (std::vector<int64_t>{6}));
  AuditFilter page;
  page.limit = 2;
  EXPECT_EQ(ids(page), (std::vector<int64_t>{6, 5}));
  auto first = db_->Read([&](Transaction& tx) { return ListAudit(tx, page); });
  page.before_id = first->back().id;
  EXPECT_EQ(ids(page), (std::vector<int64_t>{4, 3}));
}

TEST_P(StoreTest, DeletingReferencedRowIsFailedPrecondition) {
  Unit unit = AddUnit("a");
  auto deleted = db_->Write([&](Transaction& tx) { return Delete<UnitKind>(tx, unit.kind_id); });
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, ErrorCode::kFailedPrecondition);
  auto kinds = db_->Read([&](Transaction& tx) { return List<UnitKind>(tx); });
  EXPECT_EQ(kinds->size(), 1u);
}

TEST_P(StoreTest, SecondReportForSameUnitPeriodAndNoDocumentIsAlreadyExists) {
  Unit unit = AddUnit("a");
  Report report;
  report.unit_id = unit.id;
  ASSERT_TRUE(db_->Write([&](Transaction& tx) { return Insert(tx, report); }));
  auto again = db_->Write([&](Transaction& tx) { return Insert(tx, report); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
}

TEST_P(StoreTest, IdempotencyKeyIsStoredOnceAndFoundAgain) {
  StoredResponse response{"fp-1", 201, R"({"id":7})"};
  ASSERT_TRUE(
      db_->Write([&](Transaction& tx) { return SaveIdempotent(tx, "key-1", response, 5); }));
  auto again =
      db_->Write([&](Transaction& tx) { return SaveIdempotent(tx, "key-1", response, 6); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  auto found = db_->Read([&](Transaction& tx) { return FindIdempotent(tx, "key-1"); });
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->fingerprint, "fp-1");
  EXPECT_EQ((*found)->status, 201);
  EXPECT_EQ((*found)->body, R"({"id":7})");
}

TEST_P(StoreTest, StaleVersionFromAnotherProcessIsAborted) {
  Unit unit = AddUnit("a");
  std::unique_ptr<Database> other = OpenAnother();
  ASSERT_TRUE(other);
  Unit theirs = unit;
  theirs.name = "theirs";
  ASSERT_TRUE(other->Write([&](Transaction& tx) { return Update(tx, theirs); }));
  unit.name = "ours";  // read at version 1, before their write
  auto stale = db_->Write([&](Transaction& tx) { return Update(tx, unit); });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kAborted);
  auto read = db_->Read([&](Transaction& tx) { return Get<Unit>(tx, unit.id); });
  EXPECT_EQ(read->name, "theirs");
  EXPECT_EQ(read->version, 2);
}

TEST_P(StoreTest, ConcurrentValueWritesFromTwoProcessesAllLand) {
  Unit unit = AddUnit("a");
  Indicator indicator = AddIndicator("xa-ntm");
  std::unique_ptr<Database> other = OpenAnother();
  ASSERT_TRUE(other);
  constexpr int kWrites = 25;
  auto writer = [&](Database& db, double base, std::vector<Status>& outcomes) {
    for (int i = 0; i < kWrites; ++i) {
      Value v;
      v.indicator_id = indicator.id;
      v.unit_id = unit.id;
      v.period = *Period::Parse("2021");
      v.number = base + i;
      v.entered_at = 1;
      auto put = db.Write([&](Transaction& tx) { return PutValue(tx, v); });
      outcomes.push_back(put ? Ok() : Status(std::unexpected(put.error())));
    }
  };
  std::vector<Status> ours, theirs;
  std::thread first([&] { writer(*db_, 0, ours); });
  std::thread second([&] { writer(*other, 1000, theirs); });
  first.join();
  second.join();
  for (const auto& outcomes : {ours, theirs}) {
    for (const Status& status : outcomes) EXPECT_TRUE(status) << status.error().message;
  }
  auto history = db_->Read([&](Transaction& tx) {
    return ValueHistory(tx, indicator.id, unit.id, *Period::Parse("2021"));
  });
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u * kWrites);
  for (size_t i = 0; i < history->size(); ++i) {
    EXPECT_EQ(history->at(i).version, static_cast<int64_t>(i + 1));
  }
  auto current = db_->Read([&](Transaction& tx) { return CurrentValues(tx); });
  ASSERT_EQ(current->size(), 1u);
  EXPECT_EQ(current->at(0).version, 2 * kWrites);
}

TEST_P(StoreTest, RowsInsertedWithTheirIdsDoNotCollideWithNewOnes) {
  ASSERT_TRUE(db_->Write([&](Transaction& tx) -> Status {
    NQ_RETURN_IF_ERROR(InsertKeepingId(tx, UnitKind{10, "k10", "k", "k", 1}));
    return tx.AfterInsertsKeepingIds();
  }));
  auto added = db_->Write([&](Transaction& tx) {
    return Insert(tx, UnitKind{0, "k", "k", "k", 1});
  });
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->id, 11);
}

TEST_P(StoreTest, TextAndNumbersRoundTripExactly) {
  auto rows = db_->Read([&](Transaction& tx) {
    return tx.Query("SELECT ?, ?, ?, '?', ?", {std::string("Huế — Đảng ủy xã"), 1234.5678901234567,
                                               int64_t{-9007199254740993}, Null()});
  });
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  const Row& row = rows->at(0);
  EXPECT_EQ(row.Text(0), "Huế — Đảng ủy xã");
  EXPECT_EQ(row.Real(1), 1234.5678901234567);
  EXPECT_EQ(row.Int(2), -9007199254740993);
  EXPECT_EQ(row.Text(3), "?");
  EXPECT_TRUE(row.IsNull(4));
}

// Bulk writes: the same rows through CopyRows (COPY on PostgreSQL, INSERTs on SQLite) read back
// the same, text with tabs, newlines, backslashes and Vietnamese included.
TEST_P(StoreTest, CopyRowsWritesTheSameRowsOnEveryStore) {
  const std::vector<SqlParams> rows = {
      {int64_t{1}, std::string("Huyện ủy Bá Thước\tkhóa XX"), 12.5, Null()},
      {int64_t{2}, std::string("dòng 1\ndòng 2\r\nC:\\thư mục\\N \\t"), Null(), std::string("\\N")},
      {int64_t{3}, std::string(""), -0.125, std::string("Đảng bộ — “nghị quyết”")},
      {int64_t{4}, std::string("\\\\\t\t\n"), 1e-300, std::string("tab\there")},
  };
  ASSERT_TRUE(db_->Write([&](Transaction& tx) -> Status {
    NQ_RETURN_IF_ERROR(
        tx.ExecScript("CREATE TABLE copy_probe (id BIGINT PRIMARY KEY, label TEXT NOT NULL, "
                      "amount DOUBLE PRECISION, note TEXT)"));
    return tx.CopyRows("copy_probe", "id, label, amount, note", rows);
  }));
  auto read = db_->Read([&](Transaction& tx) {
    return tx.Query("SELECT id, label, amount, note FROM copy_probe ORDER BY id");
  });
  ASSERT_TRUE(read) << read.error().message;
  ASSERT_EQ(read->size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& row = read->at(i);
    EXPECT_EQ(row.Int(0), std::get<int64_t>(rows[i][0]));
    EXPECT_EQ(row.Text(1), std::get<std::string>(rows[i][1]));
    if (std::holds_alternative<double>(rows[i][2])) {
      EXPECT_EQ(row.Real(2), std::get<double>(rows[i][2]));
    } else {
      EXPECT_TRUE(row.IsNull(2));
    }
    if (std::holds_alternative<std::string>(rows[i][3])) {
      EXPECT_EQ(row.Text(3), std::get<std::string>(rows[i][3]));
    } else {
      EXPECT_TRUE(row.IsNull(3));
    }
  }
  // A duplicate key fails the whole copy with already_exists and writes nothing.
  auto duplicate = db_->Write([&](Transaction& tx) -> Status {
    return tx.CopyRows("copy_probe", "id, label, amount, note",
                       {{int64_t{9}, std::string("mới"), Null(), Null()},
                        {int64_t{1}, std::string("trùng"), Null(), Null()}});
  });
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists) << duplicate.error().message;
  auto count =
      db_->Read([&](Transaction& tx) { return tx.Query("SELECT COUNT(*) FROM copy_probe"); });
  ASSERT_TRUE(count);
  EXPECT_EQ(count->at(0).Int(0), 4);
}

TEST(EvidenceTest, RoundTrips) {
  Evidence evidence;
  evidence.document_number = "05-KH/ĐU";
  evidence.document_date = *Date::Parse("2021-03-15");
  evidence.attendance = {{"đảng viên", 120}, {"nhân dân", 300}};
  evidence.files = {"bien-ban.pdf"};
  // Through the assignments' evidence column and back.
  Row row({table_internal::ToSql(evidence)});
  std::optional<Evidence> back = Evidence{};
  ASSERT_TRUE(table_internal::FromSql(row, 0, *back));
  EXPECT_EQ(back->document_number, evidence.document_number);
  EXPECT_EQ(back->document_date, evidence.document_date);
  ASSERT_EQ(back->attendance.size(), 2u);
  EXPECT_EQ(back->attendance[1].count, 300);
  EXPECT_EQ(back->files, evidence.files);
}

}  // namespace
}  // namespace nq::storage
