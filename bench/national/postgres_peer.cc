#include "bench/national/postgres_peer.h"

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <iterator>

#include "bench/national/queries.h"
#include "bench/national/timing.h"

namespace nq::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kSchema = R"sql(
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE TABLE units (id int PRIMARY KEY, parent_id int, depth int NOT NULL, level int NOT NULL,
  code text NOT NULL, name text NOT NULL, path ltree);
CREATE TABLE indicators (id int PRIMARY KEY, code text NOT NULL, name text NOT NULL,
  kind int NOT NULL, depth int NOT NULL, pt int NOT NULL, numerator_id int, denominator_id int);
CREATE TABLE datavalue (indicator_id int NOT NULL, unit_id int NOT NULL, pt smallint NOT NULL,
  ps smallint NOT NULL, version smallint NOT NULL, current smallint NOT NULL,
  number int NOT NULL, entered_day int NOT NULL);
CREATE TABLE goals (indicator_id int NOT NULL, unit_id int NOT NULL, goal bigint NOT NULL);
CREATE TABLE obligations (id int PRIMARY KEY, code text NOT NULL, depth int NOT NULL,
  issued_day int NOT NULL, due_day int NOT NULL);
CREATE TABLE assignments (id int NOT NULL, obligation_id int NOT NULL, unit_id int NOT NULL,
  status int NOT NULL, completed_day int, evidence int NOT NULL);
CREATE TABLE closure (ancestor_id int NOT NULL, unit_id int NOT NULL, ancestor_depth int NOT NULL,
  unit_depth int NOT NULL);
)sql";

constexpr std::string_view kIndexes = R"sql(
ALTER TABLE datavalue ADD PRIMARY KEY (indicator_id, ps, unit_id, version);
CREATE INDEX datavalue_unit ON datavalue(unit_id);
ALTER TABLE goals ADD PRIMARY KEY (indicator_id, unit_id);
ALTER TABLE assignments ADD PRIMARY KEY (id);
CREATE INDEX assignments_obligation ON assignments(obligation_id, unit_id);
CREATE INDEX units_parent ON units(parent_id);
)sql";

constexpr std::string_view kPaths = R"sql(
WITH RECURSIVE p(id, path) AS (
  SELECT id, text2ltree(id::text) FROM units WHERE parent_id IS NULL
  UNION ALL SELECT u.id, p.path || u.id::text FROM units u JOIN p ON u.parent_id = p.id)
UPDATE units SET path = p.path FROM p WHERE units.id = p.id;
CREATE INDEX units_path ON units USING gist (path);
)sql";

constexpr std::string_view kSession =
    "SET work_mem = '256MB'; SET max_parallel_workers_per_gather = 2; SET jit = off; "
    "SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 2; "
    "SET client_min_messages = warning;";

// Text COPY fields: the names hold no tab, newline or backslash.
template <typename... Fields>
void Line(std::string& out, const Fields&... fields) {
  bool first = true;
  ((out += first ? "" : "\t", fmt::format_to(std::back_inserter(out), "{}", fields), first = false),
   ...);
  out += '\n';
}

}  // namespace

Result<std::unique_ptr<PostgresPeer>> PostgresPeer::Create(const std::string& server_uri,
                                                           const std::string& database) {
  {
    PGconn* admin = PQconnectdb((server_uri + "/postgres").c_str());
    auto close_admin = std::unique_ptr<PGconn, decltype(&PQfinish)>(admin, &PQfinish);
    if (PQstatus(admin) != CONNECTION_OK) {
      return MakeError(ErrorCode::kUnavailable, "postgres {}: {}", server_uri,
                       PQerrorMessage(admin));
    }
    for (const std::string& sql : {fmt::format("DROP DATABASE IF EXISTS {}", database),
                                   fmt::format("CREATE DATABASE {}", database)}) {
      PGresult* result = PQexec(admin, sql.c_str());
      const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
      PQclear(result);
      if (!ok) {
        return MakeError(ErrorCode::kInternal, "postgres {}: {}", sql, PQerrorMessage(admin));
      }
    }
  }
  PGconn* connection = PQconnectdb((server_uri + "/" + database).c_str());
  auto peer = std::unique_ptr<PostgresPeer>(new PostgresPeer(connection));
  if (PQstatus(connection) != CONNECTION_OK) {
    return MakeError(ErrorCode::kUnavailable, "postgres: {}", PQerrorMessage(connection));
  }
  NQ_RETURN_IF_ERROR(peer->Exec(std::string(kSession)));
  return peer;
}

PostgresPeer::~PostgresPeer() { PQfinish(connection_); }

Status PostgresPeer::Exec(const std::string& sql) {
  PGresult* result = PQexec(connection_, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  PQclear(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return MakeError(ErrorCode::kInternal, "postgres: {} in {}", PQerrorMessage(connection_),
                     sql.substr(0, 200));
  }
  return Ok();
}

Status PostgresPeer::Copy(const std::string& table, const std::string& rows) {
  PGresult* result = PQexec(connection_, fmt::format("COPY {} FROM STDIN", table).c_str());
  const bool started = PQresultStatus(result) == PGRES_COPY_IN;
  PQclear(result);
  if (!started)
    return MakeError(ErrorCode::kInternal, "postgres copy: {}", PQerrorMessage(connection_));
  if (PQputCopyData(connection_, rows.data(), static_cast<int>(rows.size())) != 1 ||
      PQputCopyEnd(connection_, nullptr) != 1) {
    return MakeError(ErrorCode::kInternal, "postgres copy: {}", PQerrorMessage(connection_));
  }
  result = PQgetResult(connection_);
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  PQclear(result);
  while ((result = PQgetResult(connection_)) != nullptr) PQclear(result);
  if (!ok)
    return MakeError(ErrorCode::kInternal, "postgres copy {}: {}", table,
                     PQerrorMessage(connection_));
  return Ok();
}

Result<LoadPhases> PostgresPeer::Load(const Dataset& data) {
  LoadPhases phases;
  NQ_RETURN_IF_ERROR(Exec(std::string(kSchema)));
  Clock::time_point start = Clock::now();
  std::string rows;
  for (const GenUnit& unit : data.units) {
    Line(rows, unit.id, unit.parent_id == 0 ? std::string("\\N") : std::to_string(unit.parent_id),
         unit.depth, unit.level, unit.code, unit.name, "\\N");
  }
  NQ_RETURN_IF_ERROR(Copy("units", rows));
  rows.clear();
  for (const GenIndicator& indicator : data.indicators) {
    Line(rows, indicator.id, indicator.code, indicator.name, static_cast<int>(indicator.kind),
         indicator.reporting_depth, static_cast<int>(indicator.period), indicator.numerator_id,
         indicator.denominator_id);
  }
  NQ_RETURN_IF_ERROR(Copy("indicators", rows));
  // Values in chunks, so the text buffer stays small.
  constexpr size_t kChunk = 2'000'000;
  for (size_t first = 0; first < data.values.size(); first += kChunk) {
    rows.clear();
    const size_t last = std::min(data.values.size(), first + kChunk);
    for (size_t index = first; index < last; ++index) {
      const GenValue& v = data.values[index];
      Line(rows, v.indicator_id, v.unit_id, v.period, v.first_month, v.version, v.current, v.number,
           v.entered_day);
    }
    NQ_RETURN_IF_ERROR(Copy("datavalue", rows));
  }
  rows.clear();
  for (const GenGoal& goal : data.goals) Line(rows, goal.indicator_id, goal.unit_id, goal.goal);
  NQ_RETURN_IF_ERROR(Copy("goals", rows));
  rows.clear();
  for (const GenObligation& o : data.obligations) {
    Line(rows, o.id, o.code, o.depth, o.issued_day, o.due_day);
  }
  NQ_RETURN_IF_ERROR(Copy("obligations", rows));
  for (size_t first = 0; first < data.assignments.size(); first += kChunk) {
    rows.clear();
    const size_t last = std::min(data.assignments.size(), first + kChunk);
    for (size_t index = first; index < last; ++index) {
      const GenAssignment& a = data.assignments[index];
      Line(rows, a.id, a.obligation_id, a.unit_id, static_cast<int>(a.status),
           a.completed_day < 0 ? std::string("\\N") : std::to_string(a.completed_day),
           a.evidence ? 1 : 0);
    }
    NQ_RETURN_IF_ERROR(Copy("assignments", rows));
  }
  phases.emplace_back("copy", SecondsSince(start));
  NQ_RETURN_IF_ERROR(TimedExec(*this, phases, "indexes", std::string(kIndexes)));
  NQ_RETURN_IF_ERROR(TimedExec(*this, phases, "closure", std::string(kClosureBuild)));
  NQ_RETURN_IF_ERROR(TimedExec(*this, phases, "ltree", std::string(kPaths)));
  NQ_RETURN_IF_ERROR(TimedExec(*this, phases, "vacuum analyze", "VACUUM ANALYZE"));
  return phases;
}

Result<LoadPhases> PostgresPeer::BuildFlattened(const Dataset& data) {
  LoadPhases phases;
  std::string levels_decl;
  std::string levels_select;
  std::string levels_insert;
  for (int level = 1; level <= data.depths; ++level) {
    levels_decl += fmt::format(", uidlevel{} int", level);
    levels_select +=
        fmt::format(", MAX(CASE WHEN c.ancestor_depth = {} THEN c.ancestor_id END) AS uidlevel{}",
                    level - 1, level);
    levels_insert += fmt::format(", s.uidlevel{}", level);
  }
  // The org unit structure (DHIS2's _orgunitstructure), then the partitioned table.
  Clock::time_point start = Clock::now();
  std::string sql = fmt::format(
      "DROP TABLE IF EXISTS analytics; DROP TABLE IF EXISTS orgunitstructure;"
      "CREATE TABLE orgunitstructure AS SELECT c.unit_id AS id{} FROM closure c GROUP BY "
      "c.unit_id; ALTER TABLE orgunitstructure ADD PRIMARY KEY (id);"
      "CREATE TABLE analytics (dx int NOT NULL, pe_type smallint NOT NULL, ps smallint NOT NULL, "
      "year smallint NOT NULL, ou int NOT NULL{}, value int NOT NULL) PARTITION BY LIST (year);",
      levels_select, levels_decl);
  for (int year = kFirstYear; year < kFirstYear + kYears; ++year) {
    sql +=
        fmt::format("CREATE TABLE analytics_{0} PARTITION OF analytics FOR VALUES IN ({0});", year);
  }
  sql += fmt::format(
      "INSERT INTO analytics SELECT v.indicator_id, v.pt, v.ps, {} + v.ps / 12, v.unit_id{}, "
      "v.number FROM datavalue v JOIN orgunitstructure s ON s.id = v.unit_id WHERE v.current = "
      "1;",
      kFirstYear, levels_insert);
  NQ_RETURN_IF_ERROR(Exec(sql));
  phases.emplace_back("populate", SecondsSince(start));
  start = Clock::now();
  sql.clear();
  std::vector<std::string> columns = {"dx", "ps", "ou"};
  for (int level = 1; level <= data.depths; ++level) {
    columns.push_back(fmt::format("uidlevel{}", level));
  }
  for (const std::string& column : columns) {
    sql += fmt::format("CREATE INDEX analytics_{0} ON analytics({0});", column);
  }
  NQ_RETURN_IF_ERROR(Exec(sql));
  phases.emplace_back("indexes", SecondsSince(start));
  start = Clock::now();
  NQ_RETURN_IF_ERROR(Exec("ANALYZE analytics"));
  phases.emplace_back("analyze", SecondsSince(start));
  return phases;
}

Status PostgresPeer::SetTimeout(double seconds) {
  return Exec(fmt::format("SET statement_timeout = {}", static_cast<int64_t>(seconds * 1000)));
}

Result<std::string> PostgresPeer::Checksum(const std::string& sql) {
  PGresult* result = PQexec(connection_, sql.c_str());
  auto clear = std::unique_ptr<PGresult, decltype(&PQclear)>(result, &PQclear);
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  if (state != nullptr && std::string_view(state) == "57014") {
    return MakeError(ErrorCode::kAborted, "timeout (statement_timeout)");
  }
  if (PQresultStatus(result) != PGRES_TUPLES_OK || PQntuples(result) != 1) {
    return MakeError(ErrorCode::kInternal, "postgres: {}", PQerrorMessage(connection_));
  }
  std::array<std::string, 7> columns;
  for (int index = 0; index < 7; ++index) {
    columns[static_cast<size_t>(index)] = PQgetvalue(result, 0, index);
  }
  return ChecksumText(columns);
}

Result<Footprint> PostgresPeer::ValueFootprint() {
  PGresult* result = PQexec(
      connection_, "SELECT pg_total_relation_size('datavalue'), (SELECT count(*) FROM datavalue)");
  auto clear = std::unique_ptr<PGresult, decltype(&PQclear)>(result, &PQclear);
  if (PQresultStatus(result) != PGRES_TUPLES_OK) {
    return MakeError(ErrorCode::kInternal, "postgres: {}", PQerrorMessage(connection_));
  }
  return Footprint{std::stoll(PQgetvalue(result, 0, 0)), std::stoll(PQgetvalue(result, 0, 1))};
}

Result<std::string> PostgresPeer::Version() {
  PGresult* result = PQexec(connection_, "SHOW server_version");
  auto clear = std::unique_ptr<PGresult, decltype(&PQclear)>(result, &PQclear);
  if (PQresultStatus(result) != PGRES_TUPLES_OK) {
    return MakeError(ErrorCode::kInternal, "postgres: {}", PQerrorMessage(connection_));
  }
  const std::string version = PQgetvalue(result, 0, 0);
  return version.substr(0, version.find(' '));  // "15.18 (Debian …)" → "15.18"
}

}  // namespace nq::bench
