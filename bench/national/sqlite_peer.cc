#include "bench/national/sqlite_peer.h"

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <filesystem>

#include "bench/national/queries.h"
#include "bench/national/timing.h"

namespace nq::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kSchema = R"sql(
CREATE TABLE units (id INTEGER PRIMARY KEY, parent_id INTEGER, depth INTEGER NOT NULL,
  level INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE indicators (id INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL,
  kind INTEGER NOT NULL, depth INTEGER NOT NULL, pt INTEGER NOT NULL,
  numerator_id INTEGER, denominator_id INTEGER);
CREATE TABLE datavalue (indicator_id INTEGER NOT NULL, unit_id INTEGER NOT NULL,
  pt INTEGER NOT NULL, ps INTEGER NOT NULL, version INTEGER NOT NULL, current INTEGER NOT NULL,
  number INTEGER NOT NULL, entered_day INTEGER NOT NULL,
  PRIMARY KEY (indicator_id, ps, unit_id, version)) WITHOUT ROWID;
CREATE TABLE goals (indicator_id INTEGER NOT NULL, unit_id INTEGER NOT NULL,
  goal INTEGER NOT NULL, PRIMARY KEY (indicator_id, unit_id)) WITHOUT ROWID;
CREATE TABLE obligations (id INTEGER PRIMARY KEY, code TEXT NOT NULL, depth INTEGER NOT NULL,
  issued_day INTEGER NOT NULL, due_day INTEGER NOT NULL);
CREATE TABLE assignments (id INTEGER PRIMARY KEY, obligation_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL, status INTEGER NOT NULL, completed_day INTEGER,
  evidence INTEGER NOT NULL);
CREATE TABLE closure (ancestor_id INTEGER NOT NULL, unit_id INTEGER NOT NULL,
  ancestor_depth INTEGER NOT NULL, unit_depth INTEGER NOT NULL);
)sql";

constexpr std::string_view kIndexes = R"sql(
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX datavalue_unit ON datavalue(unit_id);
CREATE INDEX assignments_obligation ON assignments(obligation_id, unit_id);
)sql";

class Statement final {
 public:
  Statement(sqlite3* db, std::string_view sql) {
    sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr);
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return statement_ != nullptr; }
  sqlite3_stmt* get() const { return statement_; }
  void Bind(int index, int64_t value) { sqlite3_bind_int64(statement_, index, value); }
  void Bind(int index, std::string_view text) {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }
  void BindNull(int index) { sqlite3_bind_null(statement_, index); }
  bool Step() {
    const int rc = sqlite3_step(statement_);
    sqlite3_reset(statement_);
    return rc == SQLITE_DONE;
  }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace

Result<std::unique_ptr<SqlitePeer>> SqlitePeer::Create(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return MakeError(ErrorCode::kUnavailable, "cannot open sqlite database {}", path);
  }
  auto peer = std::unique_ptr<SqlitePeer>(new SqlitePeer(db));
  // WAL as the issue asks; a page cache and memory map large enough for the whole data set.
  NQ_RETURN_IF_ERROR(
      peer->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-4000000; "
                 "PRAGMA mmap_size=8000000000; PRAGMA temp_store=MEMORY;"));
  return peer;
}

SqlitePeer::~SqlitePeer() { sqlite3_close(db_); }

Error SqlitePeer::LastError(std::string_view what) const {
  return Error{ErrorCode::kInternal, fmt::format("sqlite {}: {}", what, sqlite3_errmsg(db_)), {}};
}

Status SqlitePeer::Exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "?";
    sqlite3_free(message);
    return MakeError(ErrorCode::kInternal, "sqlite: {} in {}", text, sql.substr(0, 200));
  }
  return Ok();
}

Result<LoadPhases> SqlitePeer::Load(const Dataset& data) {
  LoadPhases phases;
  NQ_RETURN_IF_ERROR(Exec(std::string(kSchema)));
  Clock::time_point start = Clock::now();
  NQ_RETURN_IF_ERROR(Exec("BEGIN"));
  {
    Statement units(db_, "INSERT INTO units VALUES (?,?,?,?,?,?)");
    for (const GenUnit& unit : data.units) {
      units.Bind(1, unit.id);
      if (unit.parent_id == 0) {
        units.BindNull(2);
      } else {
        units.Bind(2, unit.parent_id);
      }
      units.Bind(3, unit.depth);
      units.Bind(4, unit.level);
      units.Bind(5, unit.code);
      units.Bind(6, unit.name);
      if (!units.Step()) return std::unexpected(LastError("insert units"));
    }
    Statement indicators(db_, "INSERT INTO indicators VALUES (?,?,?,?,?,?,?,?)");
    for (const GenIndicator& indicator : data.indicators) {
      indicators.Bind(1, indicator.id);
      indicators.Bind(2, indicator.code);
      indicators.Bind(3, indicator.name);
      indicators.Bind(4, static_cast<int64_t>(indicator.kind));
      indicators.Bind(5, indicator.reporting_depth);
      indicators.Bind(6, static_cast<int64_t>(indicator.period));
      indicators.Bind(7, indicator.numerator_id);
      indicators.Bind(8, indicator.denominator_id);
      if (!indicators.Step()) return std::unexpected(LastError("insert indicators"));
    }
    const Clock::time_point values_start = Clock::now();
    Statement values(db_, "INSERT INTO datavalue VALUES (?,?,?,?,?,?,?,?)");
    for (const GenValue& value : data.values) {
      values.Bind(1, value.indicator_id);
      values.Bind(2, value.unit_id);
      values.Bind(3, value.period);
      values.Bind(4, value.first_month);
      values.Bind(5, value.version);
      values.Bind(6, value.current);
      values.Bind(7, value.number);
      values.Bind(8, value.entered_day);
      if (!values.Step()) return std::unexpected(LastError("insert datavalue"));
    }
    // SQLite's own prepared-insert rate for the values, the I1 reference.
    phases.emplace_back("insert values", SecondsSince(values_start));
    Statement goals(db_, "INSERT INTO goals VALUES (?,?,?)");
    for (const GenGoal& goal : data.goals) {
      goals.Bind(1, goal.indicator_id);
      goals.Bind(2, goal.unit_id);
      goals.Bind(3, goal.goal);
      if (!goals.Step()) return std::unexpected(LastError("insert goals"));
    }
    Statement obligations(db_, "INSERT INTO obligations VALUES (?,?,?,?,?)");
    for (const GenObligation& obligation : data.obligations) {
      obligations.Bind(1, obligation.id);
      obligations.Bind(2, obligation.code);
      obligations.Bind(3, obligation.depth);
      obligations.Bind(4, obligation.issued_day);
      obligations.Bind(5, obligation.due_day);
      if (!obligations.Step()) return std::unexpected(LastError("insert obligations"));
    }
    Statement assignments(db_, "INSERT INTO assignments VALUES (?,?,?,?,?,?)");
    for (const GenAssignment& assignment : data.assignments) {
      assignments.Bind(1, assignment.id);
      assignments.Bind(2, assignment.obligation_id);
      assignments.Bind(3, assignment.unit_id);
      assignments.Bind(4, static_cast<int64_t>(assignment.status));
      if (assignment.completed_day < 0) {
        assignments.BindNull(5);
      } else {
        assignments.Bind(5, assignment.completed_day);
      }
      assignments.Bind(6, assignment.evidence ? 1 : 0);
      if (!assignments.Step()) return std::unexpected(LastError("insert assignments"));
    }
  }
  NQ_RETURN_IF_ERROR(Exec("COMMIT"));
  phases.emplace_back("insert all (values included)", SecondsSince(start));
  NQ_RETURN_IF_ERROR(TimedExec(*this, phases, "indexes", std::string(kIndexes)));
  NQ_RETURN_IF_ERROR(TimedExec(*this, phases, "closure", std::string(kClosureBuild)));
  NQ_RETURN_IF_ERROR(
      TimedExec(*this, phases, "analyze", "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);"));
  return phases;
}

Result<std::string> SqlitePeer::Checksum(const std::string& sql) {
  Statement statement(db_, sql);
  if (!statement.ok()) return std::unexpected(LastError("prepare"));
  Clock::time_point deadline = Clock::time_point::max();
  if (timeout_seconds_ > 0) {
    deadline =
        Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(timeout_seconds_ * 1000));
  }
  sqlite3_progress_handler(
      db_, 10'000,
      [](void* context) {
        return Clock::now() > *static_cast<Clock::time_point*>(context) ? 1 : 0;
      },
      &deadline);
  const int rc = sqlite3_step(statement.get());
  sqlite3_progress_handler(db_, 0, nullptr, nullptr);
  if (rc == SQLITE_INTERRUPT) {
    return MakeError(ErrorCode::kAborted, "timeout after {} s", timeout_seconds_);
  }
  if (rc != SQLITE_ROW) return std::unexpected(LastError("step"));
  std::array<std::string, 7> columns;
  for (int index = 0; index < 7; ++index) {
    const unsigned char* text = sqlite3_column_text(statement.get(), index);
    columns[static_cast<size_t>(index)] = text ? reinterpret_cast<const char*>(text) : "0";
  }
  return ChecksumText(columns);
}

}  // namespace nq::bench
