// The bulk import on each store (SQLite file, real PostgreSQL from NQ_TEST_PG): an import that
// fails at its last value leaves no value and no audit record; the one audit record of an
// import names every version it wrote through its batch id; validation errors name the row or
// entry and the field.
#include <boost/json.hpp>

#include "app/exchange/dhis2.h"
#include "app/exchange/values_csv.h"
#include "app/service_fixture.h"

namespace nq::app {
namespace {

using namespace nq::domain;

class BulkImportTest : public ServiceOnStoreTest {
 protected:
  void SetUp() override {
    ServiceOnStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    MakeWorld();
  }

  // Province "tinh" with communes xa-0…xa-2; monthly number "so", monthly percent "ty-le";
  // an accepted report locks xa-2's 2021.
  void MakeWorld() {
    auto made = service_->Mutate({"setup", "", ""}, "", [&](WriteScope& scope) -> Result<Reply> {
      NQ_TRY(UnitKind kind, CreateEntity(scope, UnitKind{0, "xa", "Xã", "Commune", 3}));
      Unit root;
      root.code = "tinh";
      root.name = root.short_name = "Tỉnh";
      root.kind_id = kind.id;
      root.validity.valid_from = *Date::Parse("2010-01-01");
      NQ_TRY(Unit parent, CreateUnit(scope, root, std::nullopt));
      for (int index = 0; index < 3; ++index) {
        Unit unit = root;
        unit.code = fmt::format("xa-{}", index);
        unit.name = unit.short_name = fmt::format("Xã {}", index);
        NQ_TRY(Unit created, CreateUnit(scope, unit, parent.id));
        units_.push_back(created);
      }
      for (auto [code, type] :
           {std::pair{"so", ValueType::kNumber}, std::pair{"ty-le", ValueType::kPercent}}) {
        Indicator indicator;
        indicator.code = code;
        indicator.name = code;
        indicator.value_type = type;
        indicator.period_type = PeriodType::kMonth;
        NQ_TRY(Indicator created, CreateEntity(scope, indicator));
        indicators_.push_back(created);
      }
      Report report;
      report.unit_id = units_[2].id;
      report.period = Period::Year(2021);
      report.status = ReportStatus::kAccepted;
      NQ_RETURN_IF_ERROR(storage::Insert(scope.tx(), report));
      return Reply{};
    });
    ASSERT_TRUE(made) << made.error().message;
    ASSERT_TRUE(service_->ReloadEngine());
  }

  // DHIS2 entries for xa-0 and xa-1, both indicators, months of 2022: `count` of them.
  json::array Entries(size_t count, int base) {
    json::array entries;
    for (size_t index = 0; index < count; ++index) {
      entries.push_back(
          json::object{{"dataElement", index % 2 ? "ty-le" : "so"},
                       {"orgUnit", fmt::format("xa-{}", index / 2 % 2)},
                       {"period", fmt::format("2022{:02}", index / 4 % 12 + 1)},
                       {"value", fmt::format("{}", base + static_cast<int>(index % 90))}});
    }
    return entries;
  }
  Result<size_t> Import(const json::array& entries, std::vector<Error>& errors,
                        const std::function<Status(Id)>& authorize = nullptr) {
    const std::string document = json::serialize(json::object{{"dataValues", entries}});
    NQ_TRY(auto records, ParseDataValueSets(std::string_view(document), errors));
    ImportControl control;
    control.batch_size = 7;
    control.file_hash = FileHash(document);
    size_t written = 0;
    NQ_TRY(auto reply,
           service_->Mutate({"importer", "", ""}, "", [&](WriteScope& scope) -> Result<Reply> {
             NQ_TRY(written, ImportDataValueSets(scope, records, errors, authorize, control));
             return Reply{};
           }));
    (void)reply;
    return written;
  }
  std::vector<storage::AuditRecord> Imports() {
    storage::AuditFilter filter;
    filter.entity = "value_batch";
    auto audit =
        database_->Read([&](storage::Transaction& tx) { return storage::ListAudit(tx, filter); });
    EXPECT_TRUE(audit) << audit.error().message;
    return audit ? *audit : std::vector<storage::AuditRecord>();
  }

  std::vector<Unit> units_;
  std::vector<Indicator> indicators_;
};

INSTANTIATE_TEST_SUITE_P(Stores, BulkImportTest, ::testing::Values("Sqlite", "Postgres"),
                         StoreParamName);

TEST_P(BulkImportTest, AnImportFailingAtItsLastValueLeavesNoValueAndNoAuditRecord) {
  const int64_t audit = Count("SELECT count(*) FROM audit");
  json::array entries = Entries(40, 1);
  entries.back().as_object()["value"] = "140";  // a percentage above 100
  std::vector<Error> errors;
  auto imported = Import(entries, errors);
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "/dataValues/39/value");
  EXPECT_EQ(Count("SELECT count(*) FROM data_values"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM value_batches"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit"), audit);
  EXPECT_TRUE(Imports().empty());
}

TEST_P(BulkImportTest, TheAuditOfAnImportNamesEveryVersionItWrote) {
  // A first import; the second corrects 10 of its values and adds 20.
  std::vector<Error> errors;
  ASSERT_TRUE(Import(Entries(10, 1), errors));
  const int64_t audit = Count("SELECT count(*) FROM audit");
  json::array entries = Entries(30, 50);
  auto written = Import(entries, errors);
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_EQ(*written, 30u);
  EXPECT_EQ(Count("SELECT count(*) FROM audit"), audit + 1);

  auto imports = Imports();
  ASSERT_EQ(imports.size(), 2u);
  const storage::AuditRecord& record = imports.front();  // newest first
  EXPECT_EQ(record.action, "import");
  EXPECT_EQ(record.actor, "importer");
  json::value after = json::parse(record.after);
  const Id batch_id = after.at("batch_id").to_number<Id>();
  EXPECT_EQ(record.entity_id, batch_id);
  EXPECT_EQ(after.at("written").to_number<int64_t>(), 30);
  EXPECT_EQ(after.at("corrected").to_number<int64_t>(), 10);
  EXPECT_EQ(after.at("file_hash").as_string(),
            FileHash(json::serialize(json::object{{"dataValues", entries}})));

  auto versions =
      database_->Read([&](storage::Transaction& tx) { return storage::BatchValues(tx, batch_id); });
  ASSERT_TRUE(versions) << versions.error().message;
  ASSERT_EQ(versions->size(), 30u);
  for (size_t index = 0; index < versions->size(); ++index) {
    const Value& value = versions->at(index);
    const json::object& entry = entries[index].as_object();
    EXPECT_EQ(value.indicator_id, indicators_[index % 2].id);
    EXPECT_EQ(value.unit_id, units_[index / 2 % 2].id);
    EXPECT_EQ(value.period.ToString(), entry.at("period").as_string());
    EXPECT_EQ(value.number, std::stod(std::string(entry.at("value").as_string())));
    EXPECT_EQ(value.version, index < 10 ? 2 : 1);
    EXPECT_EQ(value.entered_by, "importer");
    // The version before: what the first import wrote.
    if (index < 10) {
      auto history = database_->Read([&](storage::Transaction& tx) {
        return storage::ValueHistory(tx, value.indicator_id, value.unit_id, value.period);
      });
      ASSERT_TRUE(history);
      ASSERT_EQ(history->size(), 2u);
      EXPECT_EQ(history->at(0).number, 1.0 + static_cast<double>(index));
      EXPECT_EQ(history->at(1).id, value.id);
    }
  }
  EXPECT_EQ(Count("SELECT count(*) FROM data_values WHERE current = 1"), 30);
  // The engine took the batch.
  auto figure = engine_->RollupIndicator(indicators_[0].id, units_[0].id, Period::Month(2022, 1),
                                         *Date::Parse("2022-12-31"));
  ASSERT_TRUE(figure) << figure.error().message;
  EXPECT_EQ(figure->value, 50.0);
}

TEST_P(BulkImportTest, ValidationErrorsNameTheEntryAndTheField) {
  json::array entries = Entries(12, 1);
  entries[3].as_object()["dataElement"] = "khong-co";
  entries[5].as_object()["period"] = "2022";   // a year for a monthly indicator
  entries[6].as_object()["orgUnit"] = "xa-2";  // locked by the accepted report of 2021…
  entries[6].as_object()["period"] = "202103";
  entries[8].as_object()["value"] = "mười";
  std::vector<Error> errors;
  auto imported = Import(entries, errors);
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().code, ErrorCode::kFailedPrecondition);  // the lock outranks
  std::vector<std::string> pointers;
  for (const Error& e : errors) pointers.push_back(e.field);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/dataValues/3/dataElement", "/dataValues/5/period",
                                                "/dataValues/6/period", "/dataValues/8/value"}));
  EXPECT_NE(errors[2].message.find("locked"), std::string::npos) << errors[2].message;

  // A unit outside the caller's write scope is refused at its own entry.
  errors.clear();
  auto refused = Import(Entries(4, 1), errors, [&](Id unit) -> Status {
    if (unit == units_[1].id) return MakeError(ErrorCode::kPermissionDenied, "not yours");
    return Ok();
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "/dataValues/2/orgUnit");
  EXPECT_EQ(errors[1].field, "/dataValues/3/orgUnit");

  // CSV rows are named by their line.
  errors.clear();
  auto rows = ParseValuesCsv(
      "indicator_code,unit_code,period,value\nso,xa-0,202201,1\nso,xa-9,202202,2\n", errors);
  ASSERT_TRUE(rows);
  auto csv = service_->Mutate({"importer", "", ""}, "", [&](WriteScope& scope) -> Result<Reply> {
    NQ_RETURN_IF_ERROR(ImportValuesCsv(scope, *rows, errors));
    return Reply{};
  });
  ASSERT_FALSE(csv);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "/rows/3/unit_code");
  EXPECT_EQ(Count("SELECT count(*) FROM data_values"), 0);
}

}  // namespace
}  // namespace nq::app
