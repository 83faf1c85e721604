// Import speed (I1): a DHIS2 dataValueSets file of 1,000,000 values written by nqtrack's
// all-or-nothing bulk import (stream read, validation against the model, one batch, one audit
// record, one transaction) into a store with 1,000 communes and 100 monthly indicators, beside
// the bare insert of the same rows into the same store's data_values table in the same run:
// SQLite's prepared one-row INSERT (plain sqlite3 API, one transaction, WAL, synchronous=FULL,
// foreign keys on) and, with --pg, PostgreSQL's COPY (plain libpq, one transaction). Also an
// Excel template of 100,000 values on SQLite. With --json, the figures are also written there
// (bench/run.sh reads them into its report).
//   import_bench [--values N] [--xlsx N] [--dir PATH] [--pg postgresql://user@host:port]
//                [--json PATH]
#include <libpq-fe.h>
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
#include "storage/postgres_database.h"
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
  std::unique_ptr<storage::Database> database;
  std::unique_ptr<engine::Engine> engine;
  std::unique_ptr<FakeClock> clock;
  std::unique_ptr<app::Service> service;
  std::vector<Id> unit_ids;       // xa-0, xa-1…
  std::vector<Id> indicator_ids;  // ct-0, ct-1…
};

World MakeWorld(std::unique_ptr<storage::Database> database, int units, int indicators) {
  World world;
  world.database = std::move(database);
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
          NQ_TRY(Unit created, app::CreateUnit(scope, unit, parent.id));
          world.unit_ids.push_back(created.id);
        }
        for (int index = 0; index < indicators; ++index) {
          Indicator indicator;
          indicator.code = fmt::format("ct-{}", index);
          indicator.name = fmt::format("Chỉ tiêu {}", index);
          indicator.period_type = PeriodType::kMonth;
          indicator.time_aggregation = TimeAggregation::kLast;
          NQ_TRY(Indicator created, app::CreateEntity(scope, indicator));
          world.indicator_ids.push_back(created.id);
        }
        return app::Reply{};
      });
  if (!made) Die(made.error());
  if (auto reload = world.service->ReloadEngine(); !reload) Die(reload.error());
  return world;
}

World SqliteWorld(const std::filesystem::path& path, int units, int indicators) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return MakeWorld(Must(storage::SqliteDatabase::Open(path.string())), units, indicators);
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

// The keys of value `index` of the file WriteDataValueSets writes.
struct RowKey {
  int unit;
  int indicator;
  std::string period;
};
RowKey KeyOf(int index, int units) {
  const int month = index / (units * 100);
  return {index % units, (index / units) % 100,
          fmt::format("{}{:02}", 2021 + month / 12, month % 12 + 1)};
}

// SQLite alone, into the store's own data_values table (foreign keys on, its indexes): the same
// rows as the file, prepared one-row INSERT, one transaction, WAL, synchronous=FULL.
double SqliteBareRate(const std::filesystem::path& path, int values, int units) {
  World world = SqliteWorld(path, units, 100);
  const std::vector<Id> unit_ids = world.unit_ids;
  const std::vector<Id> indicator_ids = world.indicator_ids;
  world = World{};
  sqlite3* db = nullptr;
  sqlite3_open(path.string().c_str(), &db);
  auto exec = [&](const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      fmt::print(stderr, "sqlite: {}\n", message ? message : "?");
      std::exit(1);
    }
  };
  exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
      "PRAGMA cache_size=-65536;");
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(
      db,
      "INSERT INTO data_values (indicator_id, unit_id, period, number, text, comment, "
      "version, entered_by, entered_at, current) VALUES (?, ?, ?, ?, '', '', 1, 'bench', ?, 1)",
      -1, &insert, nullptr);
  auto start = Clock::now();
  exec("BEGIN");
  for (int index = 0; index < values; ++index) {
    RowKey key = KeyOf(index, units);
    sqlite3_bind_int64(insert, 1, indicator_ids[static_cast<size_t>(key.indicator)]);
    sqlite3_bind_int64(insert, 2, unit_ids[static_cast<size_t>(key.unit)]);
    sqlite3_bind_text(insert, 3, key.period.c_str(), -1, SQLITE_TRANSIENT);
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

// Runs `statements` on the server's maintenance database.
void OnPgServer(const std::string& server, const std::vector<std::string>& statements) {
  PGconn* connection = PQconnectdb((server + "/postgres").c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    fmt::print(stderr, "postgres: {}\n", PQerrorMessage(connection));
    std::exit(1);
  }
  PQsetNoticeProcessor(
      connection, [](void*, const char*) {}, nullptr);
  for (const std::string& sql : statements) {
    PGresult* result = PQexec(connection, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      fmt::print(stderr, "postgres: {}: {}\n", sql, PQerrorMessage(connection));
      std::exit(1);
    }
    PQclear(result);
  }
  PQfinish(connection);
}

// A fresh database on the PostgreSQL server `server`; its URI.
std::string CreatePgDatabase(const std::string& server, const std::string& name) {
  OnPgServer(server, {fmt::format("DROP DATABASE IF EXISTS {}", name),
                      fmt::format("CREATE DATABASE {}", name)});
  return server + "/" + name;
}

void DropPgDatabase(const std::string& server, const std::string& name) {
  OnPgServer(server, {fmt::format("DROP DATABASE IF EXISTS {}", name)});
}

// PostgreSQL alone, into the store's own data_values table: the same rows as the file with
// COPY … FROM STDIN (text format, 64 KiB chunks), one transaction.
double PostgresBareRate(const std::string& uri, int values, int units) {
  World world = MakeWorld(Must(storage::PostgresDatabase::Open(uri)), units, 100);
  const std::vector<Id> unit_ids = world.unit_ids;
  const std::vector<Id> indicator_ids = world.indicator_ids;
  world = World{};
  PGconn* connection = PQconnectdb(uri.c_str());
  auto exec = [&](const char* sql, ExecStatusType expected) {
    PGresult* result = PQexec(connection, sql);
    if (PQresultStatus(result) != expected) {
      fmt::print(stderr, "postgres: {}: {}\n", sql, PQerrorMessage(connection));
      std::exit(1);
    }
    PQclear(result);
  };
  auto start = Clock::now();
  exec("BEGIN", PGRES_COMMAND_OK);
  exec(
      "COPY data_values (indicator_id, unit_id, period, number, text, comment, version, "
      "entered_by, entered_at, current) FROM STDIN",
      PGRES_COPY_IN);
  std::string buffer;
  for (int index = 0; index < values; ++index) {
    RowKey key = KeyOf(index, units);
    fmt::format_to(std::back_inserter(buffer), "{}\t{}\t{}\t{}\t\t\t1\tbench\t{}\t1\n",
                   indicator_ids[static_cast<size_t>(key.indicator)],
                   unit_ids[static_cast<size_t>(key.unit)], key.period, index % 997,
                   1'700'000'000'000);
    if (buffer.size() >= 64 * 1024) {
      PQputCopyData(connection, buffer.data(), static_cast<int>(buffer.size()));
      buffer.clear();
    }
  }
  PQputCopyData(connection, buffer.data(), static_cast<int>(buffer.size()));
  PQputCopyEnd(connection, nullptr);
  while (PGresult* result = PQgetResult(connection)) {
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      fmt::print(stderr, "postgres: COPY: {}\n", PQerrorMessage(connection));
      std::exit(1);
    }
    PQclear(result);
  }
  exec("COMMIT", PGRES_COMMAND_OK);
  double seconds = Seconds(start);
  PQfinish(connection);
  return values / seconds;
}

// I1 on `world`: read and parse the file (hashing it), then check and write it in one
// Service::Mutate, as `nqtrack import-values` does. Prints the figures and puts them in `out`.
void ImportRate(World& world, const std::filesystem::path& file, int values, std::string_view store,
                double bare_rate, std::string_view bare, boost::json::object& out) {
  auto start = Clock::now();
  std::vector<Error> errors;
  std::ifstream in(file, std::ios::binary);
  app::FileHasher hasher;
  auto records = Must(app::ParseDataValueSets(in, errors, &hasher));
  double parse_seconds = Seconds(start);
  app::ImportControl control;
  control.file_hash = hasher.Final();
  auto reply = world.service->Mutate(
      {"bench", "", ""}, "", [&](app::WriteScope& scope) -> Result<app::Reply> {
        NQ_TRY(size_t written, app::ImportDataValueSets(scope, records, errors, nullptr, control));
        return app::Reply{200, boost::json::object{{"written", written}}};
      });
  if (!reply) {
    for (size_t index = 0; index < errors.size() && index < 5; ++index) {
      fmt::print(stderr, "{}: {}\n", errors[index].field, errors[index].message);
    }
    Die(reply.error());
  }
  double seconds = Seconds(start);
  double rate = values / seconds;
  fmt::print(
      "I1 {}: dataValueSets import, {} values ({} bytes; read+parse {:.2f} s of {:.2f} s): "
      "{:.0f} values/s, {:.2f}x the bare {} of the same store\n",
      store, values, std::filesystem::file_size(file), parse_seconds, seconds, rate,
      rate / bare_rate, bare);
  out[store] = {{"bare", bare},
                {"bare_rows_per_second", bare_rate},
                {"values", values},
                {"file_bytes", std::filesystem::file_size(file)},
                {"read_parse_seconds", parse_seconds},
                {"seconds", seconds},
                {"values_per_second", rate},
                {"ratio_to_bare", rate / bare_rate}};
}

int Run(int argc, char** argv) {
  int dhis2_values = 1'000'000;
  int xlsx_values = 100'000;
  std::string pg_server;
  std::string json_path;
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("nq-bench-{}", ::getpid());
  for (int arg = 1; arg + 1 < argc; arg += 2) {
    std::string_view name = argv[arg];
    if (name == "--values") dhis2_values = std::atoi(argv[arg + 1]);
    if (name == "--xlsx") xlsx_values = std::atoi(argv[arg + 1]);
    if (name == "--dir") dir = argv[arg + 1];
    if (name == "--pg") pg_server = argv[arg + 1];
    if (name == "--json") json_path = argv[arg + 1];
  }
  boost::json::object figures;
  std::filesystem::create_directories(dir);
  const int units = 1000;
  const std::filesystem::path file = dir / "datavaluesets.json";
  WriteDataValueSets(file, dhis2_values, units);

  double sqlite_rate = SqliteBareRate(dir / "bare.db", dhis2_values, units);
  fmt::print(
      "SQLite bare prepared one-row INSERT into the store's data_values, {} rows, one "
      "transaction, WAL, synchronous=FULL: {:.0f} rows/s\n",
      dhis2_values, sqlite_rate);
  {
    World world = SqliteWorld(dir / "dhis2.db", units, 100);
    ImportRate(world, file, dhis2_values, "SQLite", sqlite_rate, "INSERT", figures);
  }
  if (!pg_server.empty()) {
    const std::string bare_db = fmt::format("nq_import_bare_{}", ::getpid());
    const std::string import_db = fmt::format("nq_import_{}", ::getpid());
    double copy_rate = PostgresBareRate(CreatePgDatabase(pg_server, bare_db), dhis2_values, units);
    fmt::print(
        "PostgreSQL bare COPY into the store's data_values, {} rows, one transaction: {:.0f} "
        "rows/s\n",
        dhis2_values, copy_rate);
    World world = MakeWorld(
        Must(storage::PostgresDatabase::Open(CreatePgDatabase(pg_server, import_db))), units, 100);
    ImportRate(world, file, dhis2_values, "PostgreSQL", copy_rate, "COPY", figures);
    world = World{};
    DropPgDatabase(pg_server, bare_db);
    DropPgDatabase(pg_server, import_db);
  }

  if (xlsx_values > 0) {
    const int indicators = (xlsx_values + 59) / 60;
    World world = SqliteWorld(dir / "xlsx.db", 1, indicators);
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
  std::filesystem::remove_all(dir);
  if (!json_path.empty()) {
    std::ofstream(json_path, std::ios::trunc) << boost::json::serialize(figures) << "\n";
  }
  return 0;
}

}  // namespace
}  // namespace nq::bench

int main(int argc, char** argv) { return nq::bench::Run(argc, argv); }
