// The registry against the stores: every column an entity's entry names is in its table as the
// migrations made it, and a table built only from the entries (the way a migration that adds a
// field builds its column) holds every entity exactly. Runs on each store.
#include "storage/migrations.h"
#include "storage/store_fixture.h"
#include "storage/tables.h"

namespace nq::storage {
namespace {

class RegistryTest : public StoreTest {
 protected:
  template <typename T>
  void ExpectColumnsInTable() {
    auto read = db_->Read([&](Transaction& tx) {
      return tx.Query(
          fmt::format("SELECT id, {} FROM {} LIMIT 1", Table<T>::Columns(), Table<T>::kTable));
    });
    EXPECT_TRUE(read) << Table<T>::kEntity << ": " << read.error().message;
  }

  // Builds probe_<table> from the registry alone, writes `row` and reads it back.
  template <typename T>
  void ExpectRoundTrip(const T& row) {
    std::string probe = fmt::format("probe_{}", Table<T>::kTable);
    std::string dialect(db_->dialect());
    auto done = db_->Write([&](Transaction& tx) -> Result<T> {
      NQ_RETURN_IF_ERROR(tx.Exec(fmt::format("CREATE TABLE {} (id BIGINT PRIMARY KEY)", probe)));
      const std::string& columns = Table<T>::Columns();
      for (size_t start = 0; start < columns.size();) {
        size_t comma = columns.find(", ", start);
        if (comma == std::string::npos) comma = columns.size();
        NQ_TRY(std::string add,
               AddColumnSql<T>(dialect, columns.substr(start, comma - start), probe));
        NQ_RETURN_IF_ERROR(tx.Exec(add));
        start = comma + 2;
      }
      SqlParams params = Table<T>::ToParams(row);
      params.insert(params.begin(), SqlValue(row.id));
      NQ_RETURN_IF_ERROR(tx.Exec(fmt::format("INSERT INTO {} (id, {}) VALUES (?, {})", probe,
                                             columns, Placeholders(columns)),
                                 params));
      NQ_TRY(auto rows, tx.Query(fmt::format("SELECT id, {} FROM {}", columns, probe)));
      return Table<T>::FromRow(rows.at(0));
    });
    ASSERT_TRUE(done) << Table<T>::kEntity << ": " << done.error().message;
    EXPECT_EQ(Table<T>::ToParams(*done), Table<T>::ToParams(row)) << Table<T>::kEntity;
  }
};

INSTANTIATE_TEST_SUITE_P(Stores, RegistryTest, ::testing::Values(Store::kSqlite, Store::kPostgres),
                         StoreName);

TEST_P(RegistryTest, EveryColumnOfTheRegistryIsInItsMigratedTable) {
  ASSERT_TRUE(ApplyMigrations(*db_));
#define NQ_EXPECT_COLUMNS(Type) ExpectColumnsInTable<Type>();
  NQ_DATA_ENTITIES(NQ_EXPECT_COLUMNS)
  NQ_EXPECT_COLUMNS(User)
  NQ_EXPECT_COLUMNS(Grant)
  NQ_EXPECT_COLUMNS(Value)
#undef NQ_EXPECT_COLUMNS
}

TEST_P(RegistryTest, ColumnsAddedFromTheRegistryHoldEveryEntity){
// Defaults first: every entity, with its optional members absent.
#define NQ_EXPECT_ROUND_TRIP(Type) \
  {                                \
    Type row{};                    \
    row.id = 7;                    \
    ExpectRoundTrip(row);          \
  }
    NQ_DATA_ENTITIES(NQ_EXPECT_ROUND_TRIP) NQ_EXPECT_ROUND_TRIP(User) NQ_EXPECT_ROUND_TRIP(Grant)
#undef NQ_EXPECT_ROUND_TRIP
}

TEST_P(RegistryTest, ColumnsAddedFromTheRegistryHoldFilledEntities) {
  Item item;
  item.id = 3;
  item.document_id = 2;
  item.parent_id = 1;
  item.ordinal = 4;
  item.code = "CT1";
  item.title = "Tỷ lệ xã đạt chuẩn nông thôn mới";
  item.field_code = "kinh-te";
  item.measure = Measure{9, 61.5, Period::Year(2020), 80.25, Period::Year(2025), Direction::kRaise};
  item.unit_id = 12;
  item.version = 5;
  ExpectRoundTrip(item);

  Declaration declaration{6, 3, 12, "Chỉ tiêu do cấp tỉnh thực hiện", 2};
  ExpectRoundTrip(declaration);
  Regime regime;
  regime.id = 2;
  regime.code = "bc-6-thang";
  regime.name = "Báo cáo sơ kết 6 tháng";
  regime.issuer_unit_id = 12;
  regime.period_type = PeriodType::kQuarter;
  regime.due_days = 20;
  regime.cutoff_days = 16;
  regime.kind_ids = {3, 4};
  regime.version = 3;
  ExpectRoundTrip(regime);
  Extension extension{8, 2, 13, Period::Half(2021, 1), *Date::Parse("2021-07-25"), "Bão lụt", 2};
  ExpectRoundTrip(extension);

  Assignment assignment;
  assignment.id = 4;
  assignment.obligation_id = 2;
  assignment.unit_id = 3;
  assignment.status = AssignmentStatus::kDone;
  assignment.completed_on = *Date::Parse("2021-03-15");
  assignment.evidence.document_number = "05-KH/ĐU";
  assignment.evidence.attendance = {{"đảng viên", 120}};
  ExpectRoundTrip(assignment);

  Obligation obligation;
  obligation.id = 5;
  obligation.code = "quan-triet";
  obligation.title = "Quán triệt Nghị quyết";
  obligation.issuer_unit_id = 1;
  obligation.issued_on = *Date::Parse("2021-01-04");
  obligation.due_on = *Date::Parse("2021-03-31");
  obligation.kind_ids = {3, 5, 8};
  ExpectRoundTrip(obligation);

  Report report;
  report.id = 6;
  report.unit_id = 2;
  report.period = Period::Year(2021);
  report.sections.results = "Đạt 7/9 chỉ tiêu; it's \"quoted\"";
  report.status = ReportStatus::kSubmitted;
  report.submitted_at = 1'615'766'400'000;
  ExpectRoundTrip(report);

  Unit unit;
  unit.id = 8;
  unit.code = "ba-thuoc";
  unit.name = "Huyện ủy Bá Thước";
  unit.kind_id = 2;
  unit.validity = {*Date::Parse("2020-01-01"), *Date::Parse("2025-06-30")};
  ExpectRoundTrip(unit);
}

TEST(AddColumnSqlTest, TypesAndDefaultsComeFromTheEntry) {
  EXPECT_EQ(*AddColumnSql<Regime>("sqlite", "due_days"),
            "ALTER TABLE regimes ADD COLUMN due_days INTEGER NOT NULL DEFAULT 15");
  EXPECT_EQ(*AddColumnSql<Report>("sqlite", "regime_id"),
            "ALTER TABLE reports ADD COLUMN regime_id INTEGER");
  EXPECT_EQ(*AddColumnSql<Item>("postgres", "goal"),
            "ALTER TABLE items ADD COLUMN goal DOUBLE PRECISION");  // in an optional part
  EXPECT_EQ(*AddColumnSql<Report>("postgres", "submitted_at"),
            "ALTER TABLE reports ADD COLUMN submitted_at BIGINT");
  EXPECT_EQ(*AddColumnSql<Unit>("sqlite", "short_name"),
            "ALTER TABLE units ADD COLUMN short_name TEXT NOT NULL DEFAULT ''");
  EXPECT_EQ(*AddColumnSql<Document>("sqlite", "period_to"),
            "ALTER TABLE documents ADD COLUMN period_to TEXT NOT NULL DEFAULT '2025'");
  auto missing = AddColumnSql<Item>("sqlite", "no_such_column");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace nq::storage
