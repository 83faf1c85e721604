// Import speed: an Excel template of 100,000 values and a DHIS2 dataValueSets file of 1,000,000
// values, each written by nqtrack's all-or-nothing import (validation, audit row per value,
// one transaction), against SQLite's own prepared-insert rate for the same row shape measured
// in the same run (plain sqlite3 API, one transaction, WAL, synchronous=FULL).
//   import_bench [--values N] [--xlsx N] [--dir PATH]
#include <sqlite3.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "app/engine_loader.h"
#include "app/exchange/dhis2.h"
#include "app/exchange/xlsx_import.h"
#include "formats/docx_writer.h"
#include "formats/zip_archive.h"
#include "storage/sqlite_database.h"
#include "storage/store.h"

namespace nq::bench {
namespace {

using namespace nq::domain;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

[[noreturn]] void Die(const Error& error) {
  fmt::print(stderr, "import_bench: {} {}\n", error.field, error.message);
  std::exit(1);
}
template <typename T>
T Must(Result<T> result) {
  if (!result) Die(result.error());
  return std::move(*result);
}

// A store with `units` communes under one root and `indicators` monthly number indicators.
struct World {
  std::unique_ptr<storage::SqliteDatabase> database;
  std::unique_ptr<engine::Engine> engine;
  std::unique_ptr<FakeClock> clock;
  std::unique_ptr<app::Service> service;
};

World MakeWorld(const std::filesystem::path& path, int units, int indicators) {
  World world;
  std::filesystem::remove(path);
  world.database = Must(storage::SqliteDatabase::Open(path.string()));
  world.engine = std::make_unique<engine::Engine>(Must(app::ReadEngineData(*world.database)));
  world.clock =
      std::make_unique<FakeClock>(Date::Parse("2026-01-01")->days() * int64_t{86'400'000});
  world.service = std::make_unique<app::Service>(*world.database, *world.engine, *world.clock);
  auto made = world.service->Mutate(
      {"bench", "", ""}, "", [&](app::WriteScope& scope) -> Result<app::Reply> {
        NQ_TRY(UnitKind kind, app::CreateEntity(scope, UnitKind{0, "xa", "Xã", "Commune", 3}));
        Unit root;
        root.code = "tinh";
        root.name = root.short_name = "Tỉnh";
        root.kind_id = kind.id;
        root.validity.valid_from = *Date::Parse("2010-01-01");
        NQ_TRY(Unit parent, app::CreateUnit(scope, root, std::nullopt));
        for (int index = 0; index < units; ++index) {
          Unit unit = root;
          unit.code = fmt::format("xa-{}", index);
          unit.name = unit.short_name = fmt::format("Xã {}", index);
          NQ_RETURN_IF_ERROR(app::CreateUnit(scope, unit, parent.id));
        }
        for (int index = 0; index < indicators; ++index) {
          Indicator indicator;
          indicator.code = fmt::format("ct-{}", index);
          indicator.name = fmt::format("Chỉ tiêu {}", index);
          indicator.period_type = PeriodType::kMonth;
          indicator.time_aggregation = TimeAggregation::kLast;
          NQ_RETURN_IF_ERROR(app::CreateEntity(scope, indicator));
        }
        return app::Reply{};
      });
  if (!made) Die(made.error());
  if (auto reload = world.service->ReloadEngine(); !reload) Die(reload.error());
  return world;
}

std::string Cell(std::string_view ref, std::string_view text) {
  return fmt::format(R"(<c r="{}" t="inlineStr"><is><t>{}</t></is></c>)", ref,
                     formats::XmlEscape(text));
}

// A filled values template for unit xa-0 and term 2020T5: indicators × 60 months.
std::string ValuesWorkbook(int values) {
  std::string rows = "<row r=\"2\">" + Cell("A2", "Mã đơn vị") + Cell("B2", "xa-0") + "</row>";
  rows += "<row r=\"3\">" + Cell("A3", "Kỳ báo cáo") + Cell("B3", "2020T5") + "</row>";
  rows += "<row r=\"5\">" + Cell("A5", "Mã chỉ số") + Cell("B5", "Tên chỉ số") +
          Cell("C5", "Đơn vị tính") + Cell("D5", "Kỳ") + Cell("E5", "Giá trị") +
          Cell("F5", "Ghi chú") + "</row>";
  std::vector<Period> months = Period::Term(2020, 5).Split(PeriodType::kMonth);
  for (int index = 0; index < values; ++index) {
    int row = 6 + index;
    std::string code = fmt::format("ct-{}", index / static_cast<int>(months.size()));
    std::string period = months[static_cast<size_t>(index) % months.size()].ToString();
    rows += fmt::format("<row r=\"{0}\">{1}{2}<c r=\"E{0}\"><v>{3}</v></c></row>", row,
                        Cell(fmt::format("A{}", row), code), Cell(fmt::format("D{}", row), period),
                        index % 1000);
  }
  const std::string sheet =
      R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
      rows + "</sheetData></worksheet>";
  return Must(formats::WriteZip(
      {{"[Content_Types].xml",
        R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>)"},
       {"xl/workbook.xml",
        R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
       {"xl/_rels/workbook.xml.rels",
        R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x" Target="worksheets/data.xml"/></Relationships>)"},
       {"xl/worksheets/data.xml", sheet}}));
}

// A dataValueSets file: units × 100 indicators × months of 2021–2022, `values` in all.
void WriteDataValueSets(const std::filesystem::path& path, int values, int units) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << "{\"dataValues\":[";
  const int indicators = 100;
  for (int index = 0; index < values; ++index) {
    int unit = index % units;
    int indicator = (index / units) % indicators;
    int month = index / (units * indicators);
    out << (index ? "," : "")
        << fmt::format(
               R"({{"dataElement":"ct-{}","period":"{}{:02}","orgUnit":"xa-{}","categoryOptionCombo":"HllvX50cXC0","attributeOptionCombo":"HllvX50cXC0","value":"{}"}})",
               indicator, 2021 + month / 12, month % 12 + 1, unit, index % 997);
  }
  out << "]}\n";
}

// SQLite alone: the same row shape as data_values, prepared insert, one transaction.
double SqliteRate(const std::filesystem::path& path, int values) {
  std::filesystem::remove(path);
  sqlite3* db = nullptr;
  sqlite3_open(path.string().c_str(), &db);
  auto exec = [&](const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      fmt::print(stderr, "sqlite: {}\n", message ? message : "?");
      std::exit(1);
    }
  };
  exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  exec(
      "CREATE TABLE data_values (id INTEGER PRIMARY KEY, indicator_id INTEGER NOT NULL, "
      "unit_id INTEGER NOT NULL, period TEXT NOT NULL, number REAL, text TEXT NOT NULL DEFAULT '', "
      "comment TEXT NOT NULL DEFAULT '', report_id INTEGER, version INTEGER NOT NULL, "
      "entered_by TEXT NOT NULL DEFAULT '', entered_at INTEGER NOT NULL, current INTEGER NOT NULL "
      "DEFAULT 1, UNIQUE (indicator_id, unit_id, period, version));"
      "CREATE INDEX data_values_current ON data_values(indicator_id, unit_id, period) WHERE "
      "current = 1;");
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(
      db,
      "INSERT INTO data_values (indicator_id, unit_id, period, number, text, comment, "
      "version, entered_by, entered_at) VALUES (?, ?, ?, ?, '', '', 1, 'bench', ?)",
      -1, &insert, nullptr);
  auto start = Clock::now();
  exec("BEGIN");
  for (int index = 0; index < values; ++index) {
    std::string period = fmt::format("{}{:02}", 2021 + index / 1'000'000, index / 1000 % 12 + 1);
    sqlite3_bind_int64(insert, 1, index % 100 + 1);
    sqlite3_bind_int64(insert, 2, index / 100 + 1);
    sqlite3_bind_text(insert, 3, period.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(insert, 4, index % 997);
    sqlite3_bind_int64(insert, 5, 1'700'000'000'000);
    if (sqlite3_step(insert) != SQLITE_DONE) {
      fmt::print(stderr, "sqlite: {}\n", sqlite3_errmsg(db));
      std::exit(1);
    }
    sqlite3_reset(insert);
  }
  exec("COMMIT");
  double seconds = Seconds(start);
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return values / seconds;
}

int Run(int argc, char** argv) {
  int dhis2_values = 1'000'000;
  int xlsx_values = 100'000;
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("nq-bench-{}", ::getpid());
  for (int arg = 1; arg + 1 < argc; arg += 2) {
    std::string_view name = argv[arg];
    if (name == "--values") dhis2_values = std::atoi(argv[arg + 1]);
    if (name == "--xlsx") xlsx_values = std::atoi(argv[arg + 1]);
    if (name == "--dir") dir = argv[arg + 1];
  }
  std::filesystem::create_directories(dir);
  const int units = 1000;

  double sqlite_rate = SqliteRate(dir / "sqlite.db", dhis2_values);
  fmt::print(
      "sqlite prepared insert, {} rows, one transaction, WAL, synchronous=FULL: {:.0f} rows/s\n",
      dhis2_values, sqlite_rate);

  {
    const int indicators = (xlsx_values + 59) / 60;
    World world = MakeWorld(dir / "xlsx.db", 1, indicators);
    std::string workbook = ValuesWorkbook(xlsx_values);
    auto start = Clock::now();
    std::vector<formats::ImportIssue> issues;
    auto reply = world.service->Mutate(
        {"bench", "", ""}, "", [&](app::WriteScope& scope) -> Result<app::Reply> {
          NQ_TRY(auto written, app::ImportValuesXlsx(scope, workbook, issues));
          return app::Reply{200, boost::json::object{{"written", written.size()}}};
        });
    if (!reply) {
      for (size_t index = 0; index < issues.size() && index < 5; ++index)
        fmt::print(stderr, "{}\n", issues[index].Text());
      Die(reply.error());
    }
    double rate = xlsx_values / Seconds(start);
    fmt::print("xlsx import, {} values ({} bytes): {:.0f} values/s, {:.3f} of sqlite's rate\n",
               xlsx_values, workbook.size(), rate, rate / sqlite_rate);
  }
  {
    World world = MakeWorld(dir / "dhis2.db", units, 100);
    const std::filesystem::path file = dir / "datavaluesets.json";
    WriteDataValueSets(file, dhis2_values, units);
    auto start = Clock::now();
    std::vector<Error> errors;
    std::ifstream in(file, std::ios::binary);
    auto records = Must(app::ParseDataValueSets(in, errors));
    double parse_seconds = Seconds(start);
    auto reply = world.service->Mutate(
        {"bench", "", ""}, "", [&](app::WriteScope& scope) -> Result<app::Reply> {
          NQ_TRY(size_t written, app::ImportDataValueSets(scope, records, errors));
          return app::Reply{200, boost::json::object{{"written", written}}};
        });
    if (!reply) {
      for (size_t index = 0; index < errors.size() && index < 5; ++index) {
        fmt::print(stderr, "{}: {}\n", errors[index].field, errors[index].message);
      }
      Die(reply.error());
    }
    double seconds = Seconds(start);
    double rate = dhis2_values / seconds;
    fmt::print(
        "dataValueSets import, {} values ({} bytes; parse {:.1f} s of {:.1f} s): {:.0f} values/s, "
        "{:.3f} of sqlite's rate\n",
        dhis2_values, std::filesystem::file_size(file), parse_seconds, seconds, rate,
        rate / sqlite_rate);
  }
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace nq::bench

int main(int argc, char** argv) { return nq::bench::Run(argc, argv); }
