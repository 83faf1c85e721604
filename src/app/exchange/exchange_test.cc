// Values in and out as DHIS2 dataValueSets and CSV, over the demo: round trips give the same
// values, bad records are refused with pointers and change nothing, jobs report progress and a
// cancelled import writes nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>

#include "app/engine_loader.h"
#include "app/exchange/dhis2.h"
#include "app/exchange/values_csv.h"
#include "app/jobs.h"
#include "demo/demo.h"
#include "storage/sqlite_database.h"
#include "storage/store.h"

namespace nq::app {
namespace {

using namespace nq::domain;

// A demo database of its own, in a temporary folder.
class Stack final {
 public:
  Stack() {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("nq-exchange-{}-{}", ::getpid(), counter++);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto database = storage::SqliteDatabase::Open((dir_ / "nq.db").string());
    EXPECT_TRUE(database) << database.error().message;
    database_ = std::move(*database);
    auto data = app::ReadEngineData(*database_);
    EXPECT_TRUE(data) << data.error().message;
    engine_ = std::make_unique<engine::Engine>(std::move(*data));
    auto day = Date::Parse("2026-11-27");
    clock_ = std::make_unique<FakeClock>(day->days() * int64_t{86'400'000});
    service_ = std::make_unique<Service>(*database_, *engine_, *clock_);
    auto loaded = LoadDemo(*service_);
    EXPECT_TRUE(loaded) << loaded.error().message;
  }
  ~Stack() {
    service_.reset();
    engine_.reset();
    database_.reset();
    std::filesystem::remove_all(dir_);
  }
  Service& service() { return *service_; }

  Id UnitId(std::string_view code) {
    auto unit = database_->Read(
        [&](storage::Transaction& tx) { return storage::GetByCode<Unit>(tx, code); });
    EXPECT_TRUE(unit) << code;
    return unit ? unit->id : 0;
  }
  int64_t Rows(std::string_view table) {
    auto rows = database_->Read([&](storage::Transaction& tx) -> Result<int64_t> {
      NQ_TRY(auto result, tx.Query(fmt::format("SELECT COUNT(*) FROM {}", table)));
      return result.front().Int(0);
    });
    EXPECT_TRUE(rows) << rows.error().message;
    return rows.value_or(-1);
  }
  std::vector<ValueRecord> Collect() {
    auto records = CollectValues(*service_, Everything());
    EXPECT_TRUE(records) << records.error().message;
    return records.value_or(std::vector<ValueRecord>{});
  }
  ExportRequest Everything() {
    return ExportRequest{UnitId("viet-nam"), Period::Year(2015), Period::Year(2030)};
  }
  // Runs `import` in one mutation; its error, if any.
  Status Import(const std::function<Result<size_t>(WriteScope&)>& import) {
    auto reply =
        service_->Mutate(Actor{"test", "", ""}, "", [&](WriteScope& scope) -> Result<Reply> {
          NQ_TRY(size_t written, import(scope));
          return Reply{200, json::object{{"written", written}}, false};
        });
    if (!reply) return std::unexpected(reply.error());
    return Ok();
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<FakeClock> clock_;
  std::unique_ptr<Service> service_;
};

bool Same(const ValueRecord& a, const ValueRecord& b) {
  return a.indicator_code == b.indicator_code && a.unit_code == b.unit_code &&
         a.period == b.period && a.value == b.value && a.comment == b.comment;
}

void ExpectSameRecords(const std::vector<ValueRecord>& expected,
                       const std::vector<ValueRecord>& got) {
  ASSERT_EQ(expected.size(), got.size());
  for (size_t index = 0; index < expected.size(); ++index) {
    EXPECT_TRUE(Same(expected[index], got[index]))
        << index << ": " << expected[index].indicator_code << " " << expected[index].unit_code
        << " " << expected[index].period << " " << expected[index].value << " / "
        << got[index].value;
  }
}

// The records of the demo without term periods, each with a comment naming it.
std::vector<ValueRecord> Edited(std::vector<ValueRecord> records) {
  std::erase_if(records,
                [](const ValueRecord& r) { return r.period.find('T') != std::string::npos; });
  for (size_t index = 0; index < records.size(); ++index) {
    records[index].comment = fmt::format("nhập lại, \"lần\" {}", index);
  }
  return records;
}

std::string DataValueSetsOf(const std::vector<ValueRecord>& records) {
  json::array values;
  for (const ValueRecord& r : records) {
    values.push_back(json::object{{"dataElement", r.indicator_code},
                                  {"period", r.period},
                                  {"orgUnit", r.unit_code},
                                  {"value", r.value},
                                  {"comment", r.comment}});
  }
  return json::serialize(json::object{{"dataValues", std::move(values)}});
}

const ValueRecord* FirstOfValue(const std::vector<ValueRecord>& records, bool yes_no) {
  for (const ValueRecord& r : records) {
    bool is_yes_no = r.value == "true" || r.value == "false";
    if (is_yes_no == yes_no && r.period.find('T') == std::string::npos &&
        (yes_no || r.value.find_first_not_of("0123456789.") == std::string::npos)) {
      return &r;
    }
  }
  return nullptr;
}

TEST(Dhis2Exchange, RoundTripIntoAFreshDemoGivesTheSameValues) {
  Stack source;
  auto exported = WriteDataValueSets(source.service(), source.Everything());
  ASSERT_TRUE(exported) << exported.error().message;
  ASSERT_GT(exported->values, 50u);
  EXPECT_NE(exported->json.find("\"categoryOptionCombo\":\"default\""), std::string::npos);

  // Change every comment so the import visibly writes, then feed the file to a fresh demo.
  std::vector<Error> errors;
  auto parsed = ParseDataValueSets(std::string_view(exported->json), errors);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_TRUE(errors.empty());
  EXPECT_EQ(parsed->size(), exported->values);
  std::vector<ValueRecord> edited = Edited(*parsed);
  auto document = DataValueSetsOf(edited);

  Stack target;
  const int64_t before = target.Rows("data_values");
  auto records = ParseDataValueSets(std::string_view(document), errors);
  ASSERT_TRUE(records) << records.error().message;
  ASSERT_TRUE(target.Import([&](WriteScope& scope) {
    return ImportDataValueSets(scope, *records, errors);
  })) << (errors.empty() ? "" : errors.front().field + ": " + errors.front().message);
  EXPECT_EQ(target.Rows("data_values"), before + static_cast<int64_t>(edited.size()));

  auto again = WriteDataValueSets(target.service(), target.Everything());
  ASSERT_TRUE(again);
  auto reparsed = ParseDataValueSets(std::string_view(again->json), errors);
  ASSERT_TRUE(reparsed);
  ExpectSameRecords(edited, *reparsed);
}

TEST(Dhis2Exchange, TermPeriodsHaveNoDhis2Form) {
  Stack stack;
  ExportRequest request = stack.Everything();
  request.from = Period::Term(2020, 5);
  auto exported = WriteDataValueSets(stack.service(), request);
  ASSERT_FALSE(exported);
  EXPECT_EQ(exported.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(exported.error().message.find("is a term"), std::string::npos);
}

TEST(Dhis2Exchange, BadRecordsAreRejectedWithPointersAndNothingIsWritten) {
  Stack stack;
  auto all = stack.Collect();
  const ValueRecord* number = FirstOfValue(all, false);
  ASSERT_NE(number, nullptr);
  json::object good{{"dataElement", number->indicator_code},
                    {"period", number->period},
                    {"orgUnit", number->unit_code},
                    {"value", "12"}};
  auto with = [&](std::string_view key, json::value value) {
    json::object entry = good;
    entry[key] = std::move(value);
    return entry;
  };
  json::array values{good,
                     with("dataElement", "khong-co"),
                     with("orgUnit", "xa-khong-co"),
                     with("period", "2021Q5"),
                     with("value", "abc"),
                     with("categoryOptionCombo", "Prlt0C1RF0s"),
                     with("attributeOptionCombo", "xYerKDKCefk"),
                     with("period", "2020T5"),
                     with("value", json::array{})};
  std::string document = json::serialize(json::object{{"dataValues", values}});
  const int64_t rows = stack.Rows("data_values");
  const int64_t audit = stack.Rows("audit");

  std::vector<Error> errors;
  auto records = ParseDataValueSets(std::string_view(document), errors);
  ASSERT_TRUE(records);
  auto imported =
      stack.Import([&](WriteScope& scope) { return ImportDataValueSets(scope, *records, errors); });
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().code, ErrorCode::kInvalidArgument);
  std::set<std::string> pointers;
  for (const Error& e : errors) pointers.insert(e.field);
  EXPECT_EQ(pointers, (std::set<std::string>{"/dataValues/1/dataElement", "/dataValues/2/orgUnit",
                                             "/dataValues/3/period", "/dataValues/4/value",
                                             "/dataValues/5/categoryOptionCombo",
                                             "/dataValues/6/attributeOptionCombo",
                                             "/dataValues/7/period", "/dataValues/8/value"}));
  for (const Error& e : errors) {
    if (e.field == "/dataValues/5/categoryOptionCombo") {
      EXPECT_NE(e.message.find("only the default"), std::string::npos) << e.message;
    }
    if (e.field == "/dataValues/4/value") {
      EXPECT_NE(e.message.find("\"abc\""), std::string::npos) << e.message;
    }
  }
  EXPECT_EQ(stack.Rows("data_values"), rows);
  EXPECT_EQ(stack.Rows("audit"), audit);
}

TEST(Dhis2Exchange, YesNoTakesTheStringsDhis2Sends) {
  Stack stack;
  auto all = stack.Collect();
  const ValueRecord* yes_no = FirstOfValue(all, true);
  ASSERT_NE(yes_no, nullptr);
  for (std::string_view text : {"true", "false", "1", "0", "TRUE"}) {
    ValueRecord record = *yes_no;
    record.value = std::string(text);
    record.pointer = "/dataValues/0";
    std::vector<Error> errors;
    EXPECT_TRUE(stack.Import([&](WriteScope& scope) {
      return ImportDataValueSets(scope, {record}, errors);
    })) << text;
  }
  ValueRecord record = *yes_no;
  record.value = "yes";
  record.pointer = "/dataValues/0";
  std::vector<Error> errors;
  EXPECT_FALSE(stack.Import(
      [&](WriteScope& scope) { return ImportDataValueSets(scope, {record}, errors); }));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "/dataValues/0/value");
}

TEST(Dhis2Exchange, MalformedJsonIsRefused) {
  std::vector<Error> errors;
  auto parsed = ParseDataValueSets(std::string_view(R"({"dataValues":[{"dataElement":)"), errors);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  auto scheme =
      ParseDataValueSets(std::string_view(R"({"idScheme":"UID","dataValues":[]})"), errors);
  ASSERT_FALSE(scheme);
  EXPECT_EQ(scheme.error().field, "/idScheme");
}

TEST(Dhis2Exchange, TheDocumentIsReadEntryByEntryAcrossChunks) {
  // About 3 MB: entries, strings and numbers cross the reader's 1 MiB chunks; the top-level
  // period and orgUnit come after the entries that rely on them.
  std::string document = R"({"dataValues":[)";
  const size_t count = 30'000;
  for (size_t index = 0; index < count; ++index) {
    if (index > 0) document += ',';
    if (index % 3 == 0) {
      document += fmt::format(R"({{"dataElement":"chi-tieu-{}","value":{},"comment":"dòng {}"}})",
                              index, index, index);
    } else {
      document += fmt::format(
          R"({{"dataElement":"chi-tieu-{}","orgUnit":"xa-{}","period":"2022{:02}","value":"{}"}})",
          index, index, index % 12 + 1, index);
    }
  }
  document += R"(],"period":"202112","orgUnit":"tinh","dataElementIdScheme":"CODE"})";
  std::istringstream in(document);
  std::vector<Error> errors;
  FileHasher hasher;
  auto records = ParseDataValueSets(in, errors, &hasher);
  ASSERT_TRUE(records) << records.error().message;
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(hasher.Final(), FileHash(document));
  ASSERT_EQ(records->size(), count);
  for (size_t index : {size_t{0}, size_t{1}, size_t{12'345}, count - 1}) {
    const ValueRecord& record = records->at(index);
    EXPECT_EQ(record.pointer, fmt::format("/dataValues/{}", index));
    EXPECT_EQ(record.indicator_code, fmt::format("chi-tieu-{}", index));
    EXPECT_EQ(record.value, fmt::format("{}", index));
    EXPECT_EQ(record.value_is_number, index % 3 == 0);
    EXPECT_EQ(record.unit_code, index % 3 == 0 ? "tinh" : fmt::format("xa-{}", index));
    EXPECT_EQ(record.period, index % 3 == 0 ? "202112" : fmt::format("2022{:02}", index % 12 + 1));
  }

  // Not an object, an entry that is not an object, a missing array.
  auto array = ParseDataValueSets(std::string_view("[1,2]"), errors);
  ASSERT_FALSE(array);
  EXPECT_NE(array.error().message.find("must be an object, got array"), std::string::npos);
  errors.clear();
  auto entries = ParseDataValueSets(
      std::string_view(R"({"dataValues":[7,{"dataElement":"a","orgUnit":"b","period":"2021",
                       "value":{"x":[1]}}]})"),
      errors);
  ASSERT_TRUE(entries) << entries.error().message;
  EXPECT_TRUE(entries->empty());
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "/dataValues/0");
  EXPECT_EQ(errors[1].field, "/dataValues/1/value");
  auto missing = ParseDataValueSets(std::string_view(R"({"dataValues":{}})"), errors);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "/dataValues");
}

TEST(ValuesCsv, RoundTripGivesTheSameValues) {
  Stack source;
  std::vector<ValueRecord> edited = source.Collect();
  for (size_t index = 0; index < edited.size(); ++index) {
    edited[index].comment = fmt::format("=HYPERLINK(\"x\"), dòng {}\nhai", index);
  }
  std::string csv = "\xEF\xBB\xBF" + WriteValuesCsv(edited);
  std::vector<Error> errors;
  auto parsed = ParseValuesCsv(csv, errors);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_TRUE(errors.empty());
  ExpectSameRecords(edited, *parsed);

  Stack target;
  ASSERT_TRUE(target.Import([&](WriteScope& scope) {
    return ImportValuesCsv(scope, *parsed, errors);
  })) << (errors.empty() ? "" : errors.front().field + ": " + errors.front().message);
  ExpectSameRecords(edited, target.Collect());
}

TEST(ValuesCsv, CellsThatStartAFormulaAreDefused) {
  EXPECT_EQ(CsvCell("=1+2"), "'=1+2");
  EXPECT_EQ(CsvCell("+84"), "'+84");
  EXPECT_EQ(CsvCell("-5"), "'-5");
  EXPECT_EQ(CsvCell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvCell("=\"x\""), "\"'=\"\"x\"\"\"");
  EXPECT_EQ(CsvCell("Xã Điền Lư"), "Xã Điền Lư");
  std::vector<Error> errors;
  auto parsed = ParseValuesCsv(
      "indicator_code,unit_code,period,value,comment\n"
      "a,b,2021,'-5,'=cmd\n",
      errors);
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].value, "-5");
  EXPECT_EQ((*parsed)[0].comment, "=cmd");
  EXPECT_EQ((*parsed)[0].pointer, "/rows/2");
}

// 8 MB of ",\n" would be 4 million bad rows, each an error kept in memory: past 100,000 rows,
// good or bad (blank lines do not count), the file is refused as too large, naming the line.
TEST(ValuesCsv, AFileOfMoreThanAHundredThousandRowsIsTooLarge) {
  std::string csv = "indicator_code,unit_code,period,value\n";
  for (int row = 0; row < 100000; ++row) csv += ",\n\n";
  std::vector<Error> errors;
  auto within = ParseValuesCsv(csv, errors);
  ASSERT_TRUE(within) << within.error().message;
  EXPECT_EQ(errors.size(), 100000u);
  csv += "a,b,2021,1\n";
  errors.clear();
  auto past = ParseValuesCsv(csv, errors);
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(past.error().field, "/rows/200002");
  EXPECT_NE(past.error().message.find("more than 100000 rows"), std::string::npos);
}

TEST(ValuesCsv, BadRowsAreRejectedWithTheirLineAndNothingIsWritten) {
  Stack stack;
  auto all = stack.Collect();
  const ValueRecord* number = FirstOfValue(all, false);
  ASSERT_NE(number, nullptr);
  std::string csv = fmt::format(
      "indicator_code,unit_code,period,value,comment\r\n{0},{1},{2},7,\r\n{0},{1},{2},bảy,\r\n"
      "khong-co,{1},{2},7,\r\n{0},{1}\r\n",
      number->indicator_code, number->unit_code, number->period);
  const int64_t rows = stack.Rows("data_values");
  std::vector<Error> errors;
  auto parsed = ParseValuesCsv(csv, errors);
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(
      stack.Import([&](WriteScope& scope) { return ImportValuesCsv(scope, *parsed, errors); }));
  std::set<std::string> pointers;
  for (const Error& e : errors) pointers.insert(e.field);
  // Line 3 duplicates line 2's key as well as carrying text; either way it is refused.
  EXPECT_EQ(pointers,
            (std::set<std::string>{"/rows/3/value", "/rows/4/indicator_code", "/rows/5"}));
  EXPECT_EQ(stack.Rows("data_values"), rows);
}

// Runs a dataValueSets import of `records` as a job, batches of 10; `on_batch` sees each.
std::shared_ptr<Job> StartImport(JobRegistry& jobs, Stack& stack,
                                 const std::vector<ValueRecord>& records,
                                 std::function<void(Job&, size_t)> on_batch) {
  return jobs.Start(
      "import", "test",
      [&stack, &records, on_batch](Job& job, json::value& details) -> Result<json::value> {
        std::vector<Error> errors;
        ImportControl control;
        control.batch_size = 10;
        control.cancelled = &job.cancel_flag();
        control.progress = [&](size_t done, size_t total) {
          job.SetProgress(done, total);
          if (on_batch) on_batch(job, done);
        };
        auto imported = stack.Import([&](WriteScope& scope) {
          return ImportDataValueSets(scope, records, errors, nullptr, control);
        });
        if (!imported) {
          details = ErrorsJson(errors);
          return std::unexpected(imported.error());
        }
        return json::value(json::object{{"written", records.size()}});
      });
}

TEST(Jobs, AnImportJobReportsProgressAndItsResult) {
  Stack stack;
  std::vector<ValueRecord> records = Edited(stack.Collect());
  const int64_t rows = stack.Rows("data_values");
  JobRegistry jobs;
  std::vector<size_t> seen;
  auto job = StartImport(jobs, stack, records, [&](Job&, size_t done) { seen.push_back(done); });
  job->Wait();
  EXPECT_EQ(job->state(), JobState::kDone);
  json::value status = job->ToJson();
  EXPECT_EQ(status.at("progress").at("done").as_uint64(), records.size());
  EXPECT_EQ(status.at("progress").at("total").as_uint64(), records.size());
  EXPECT_EQ(status.at("result").at("written").as_uint64(), records.size());
  ASSERT_GE(seen.size(), 2u);
  EXPECT_EQ(seen.front(), 10u);
  EXPECT_EQ(stack.Rows("data_values"), rows + static_cast<int64_t>(records.size()));
  EXPECT_EQ(jobs.Find(job->id()), job);
}

TEST(Jobs, ACancelledImportWritesNothing) {
  Stack stack;
  std::vector<ValueRecord> records = Edited(stack.Collect());
  ASSERT_GT(records.size(), 30u);
  const int64_t rows = stack.Rows("data_values");
  const int64_t audit = stack.Rows("audit");
  JobRegistry jobs;
  // The user cancels once two batches are in: the flag is read before the third.
  auto job = StartImport(jobs, stack, records, [](Job& running, size_t done) {
    if (done == 20) running.Cancel();
  });
  job->Wait();
  EXPECT_EQ(job->state(), JobState::kCancelled);
  EXPECT_EQ(job->ToJson().at("progress").at("done").as_uint64(), 20u);
  EXPECT_EQ(stack.Rows("data_values"), rows);
  EXPECT_EQ(stack.Rows("audit"), audit);
}

}  // namespace
}  // namespace nq::app
