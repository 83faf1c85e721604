// The tables that move between stores against each store's catalogue, and the chunked reading
// in key order, on SQLite and PostgreSQL.
#include "storage/store_copy.h"

#include "storage/migrations.h"
#include "storage/restore.h"
#include "storage/store_fixture.h"

namespace nq::storage {
namespace {

class StoreCopyTest : public StoreTest {};

INSTANTIATE_TEST_SUITE_P(Stores, StoreCopyTest, ::testing::Values(Store::kSqlite, Store::kPostgres),
                         StoreName);

bool Contains(const auto& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

TEST_P(StoreCopyTest, EveryTableOfTheStoreMovesOrIsLeftBehindOnPurpose) {
  ASSERT_TRUE(ApplyMigrations(*db_));
  auto tables = db_->Read([](Transaction& tx) { return ListTables(tx); });
  ASSERT_TRUE(tables) << tables.error().message;
  std::vector<std::string_view> copied;
  for (const CopiedTable& table : CopiedTables()) copied.push_back(table.table);
  for (const std::string& table : *tables) {
    EXPECT_TRUE(Contains(copied, table) || Contains(TablesLeftBehind(), table))
        << table << " is neither copied by migrate-store nor left behind on purpose";
  }
  for (const CopiedTable& table : CopiedTables()) {
    EXPECT_TRUE(Contains(*tables, table.table)) << table.table;
    auto columns = db_->Read([&](Transaction& tx) { return ListColumns(tx, table.table); });
    ASSERT_TRUE(columns) << columns.error().message;
    // Reading in key order needs the key among the columns; the read fails otherwise.
    auto read = db_->Read([&](Transaction& tx) {
      return ReadInKeyOrder(tx, table, *columns, 10, [](RowChunk&) { return Ok(); });
    });
    EXPECT_TRUE(read) << table.table << ": " << read.error().message;
  }
  auto missing = db_->Read([](Transaction& tx) { return ListColumns(tx, "no_such_table"); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreCopyTest, ReadsEveryRowOnceInKeyOrderAcrossChunks) {
  std::vector<Id> unit_ids;
  for (int i = 0; i < 9; ++i) unit_ids.push_back(AddUnit(fmt::format("u{}", i)).id);
  // Two events of three units each: lineage_units has a key of three columns.
  ASSERT_TRUE(db_->Write([&](Transaction& tx) -> Status {
    NQ_RETURN_IF_ERROR(RestoreLineage(tx, Lineage{7,
                                                  LineageKind::kMerge,
                                                  *Date::Parse("2024-01-01"),
                                                  {unit_ids[4], unit_ids[1]},
                                                  {unit_ids[0]},
                                                  "",
                                                  "{}"}));
    return RestoreLineage(tx, Lineage{3,
                                      LineageKind::kSplit,
                                      *Date::Parse("2023-01-01"),
                                      {unit_ids[2]},
                                      {unit_ids[5], unit_ids[3]},
                                      "",
                                      "{}"});
  }));

  auto read = [&](std::string_view name, size_t chunk_rows, std::vector<size_t>& sizes) {
    const CopiedTable* table = nullptr;
    for (const CopiedTable& t : CopiedTables()) {
      if (t.table == name) table = &t;
    }
    EXPECT_NE(table, nullptr);
    RowChunk all;
    auto done = db_->Read([&](Transaction& tx) -> Status {
      NQ_TRY(auto columns, ListColumns(tx, name));
      return ReadInKeyOrder(tx, *table, columns, chunk_rows, [&](RowChunk& chunk) {
        sizes.push_back(chunk.size());
        for (SqlParams& row : chunk) all.push_back(std::move(row));
        return Ok();
      });
    });
    EXPECT_TRUE(done) << done.error().message;
    return all;
  };

  std::vector<size_t> sizes;
  RowChunk units = read("units", 4, sizes);
  EXPECT_EQ(sizes, (std::vector<size_t>{4, 4, 1}));
  ASSERT_EQ(units.size(), unit_ids.size());
  std::vector<Id> sorted = unit_ids;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < units.size(); ++i) EXPECT_EQ(std::get<int64_t>(units[i][0]), sorted[i]);

  sizes.clear();
  RowChunk exact = read("units", 3, sizes);  // the last chunk is full: one more read finds none
  EXPECT_EQ(sizes, (std::vector<size_t>{3, 3, 3}));
  EXPECT_EQ(exact, units);

  sizes.clear();
  RowChunk links = read("lineage_units", 2, sizes);
  EXPECT_EQ(sizes, (std::vector<size_t>{2, 2, 2}));
  ASSERT_EQ(links.size(), 6u);
  auto expected = db_->Read([](Transaction& tx) {
    return tx.Query("SELECT lineage_id, unit_id, side FROM lineage_units");
  });
  ASSERT_TRUE(expected);
  std::vector<SqlParams> want;
  for (const Row& row : *expected) want.push_back(row.values());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(links, want);

  auto zero = db_->Read([&](Transaction& tx) {
    return ReadInKeyOrder(tx, CopiedTables().front(), {"id"}, 0, [](RowChunk&) { return Ok(); });
  });
  EXPECT_FALSE(zero);
}

}  // namespace
}  // namespace nq::storage
