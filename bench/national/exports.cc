#include "bench/national/exports.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <tuple>

#include "bench/national/engine_side.h"
#include "storage/sqlite_database.h"
#include "storage/tables.h"

namespace nq::bench {
namespace {

// Writes `rows` lines to `path` through a buffer, with `header` first.
template <typename Rows, typename Format>
Status WriteLines(const std::string& path, std::string_view header, const Rows& rows,
                  Format format) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return MakeError(ErrorCode::kUnavailable, "cannot write {}", path);
  std::string buffer(header);
  buffer += '\n';
  for (const auto& row : rows) {
    format(buffer, row);
    buffer += '\n';
    if (buffer.size() > (1 << 22)) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
    }
  }
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  if (!out) return MakeError(ErrorCode::kUnavailable, "cannot write {}", path);
  return Ok();
}

template <typename... Args>
void Append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

std::string DayText(int32_t day) { return Date::FromDays(day).ToString(); }

class Sqlite final {
 public:
  explicit Sqlite(const std::string& path) { sqlite3_open(path.c_str(), &db_); }
  ~Sqlite() { sqlite3_close(db_); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;
  Status Exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : "?";
      sqlite3_free(message);
      return MakeError(ErrorCode::kInternal, "product store: {}", text);
    }
    return Ok();
  }
  sqlite3* get() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// One prepared insert: Row(values…) binds and steps it.
class Insert final {
 public:
  Insert(sqlite3* db, const char* sql) : db_(db) {
    sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr);
  }
  ~Insert() { sqlite3_finalize(statement_); }
  Insert(const Insert&) = delete;
  Insert& operator=(const Insert&) = delete;

  template <typename... Values>
  Status Row(const Values&... values) {
    int index = 0;
    (Bind(++index, values), ...);
    const int rc = sqlite3_step(statement_);
    sqlite3_reset(statement_);
    if (rc != SQLITE_DONE) {
      return MakeError(ErrorCode::kInternal, "product store insert: {}", sqlite3_errmsg(db_));
    }
    return Ok();
  }

 private:
  void Bind(int index, int64_t value) { sqlite3_bind_int64(statement_, index, value); }
  void Bind(int index, double value) { sqlite3_bind_double(statement_, index, value); }
  void Bind(int index, std::string_view text) {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
  }
  void Bind(int index, std::nullptr_t) { sqlite3_bind_null(statement_, index); }
  void Bind(int index, const std::optional<int64_t>& value) {
    if (value) {
      Bind(index, *value);
    } else {
      Bind(index, nullptr);
    }
  }
  void Bind(int index, const std::optional<std::string>& value) {
    if (value) {
      Bind(index, std::string_view(*value));
    } else {
      Bind(index, nullptr);
    }
  }

  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

Status WriteStructure(const Dataset& data, Sqlite& db) {
  const engine::Data structure = StructureData(data);
  Insert kinds(db.get(),
               "INSERT INTO unit_kinds (id, code, name, name_en, level) VALUES (?,?,?,?,?)");
  for (const domain::UnitKind& kind : structure.kinds) {
    NQ_RETURN_IF_ERROR(kinds.Row(kind.id, std::string_view(kind.code), std::string_view(kind.name),
                                 std::string_view(kind.name_en), int64_t{kind.level}));
  }
  Insert units(db.get(),
               "INSERT INTO units (id, code, name, short_name, kind_id, valid_from, valid_to, "
               "version) VALUES (?,?,?,?,?,?,NULL,1)");
  Insert versions(db.get(),
                  "INSERT INTO unit_versions (id, unit_id, parent_id, valid_from, valid_to) "
                  "VALUES (?,?,?,?,NULL)");
  for (size_t index = 0; index < structure.units.size(); ++index) {
    const domain::Unit& unit = structure.units[index];
    const std::string from = unit.validity.valid_from.ToString();
    NQ_RETURN_IF_ERROR(units.Row(unit.id, std::string_view(unit.code), std::string_view(unit.name),
                                 std::string_view(unit.short_name), unit.kind_id,
                                 std::string_view(from)));
    const domain::UnitVersion& version = structure.unit_versions[index];
    NQ_RETURN_IF_ERROR(versions.Row(version.id, version.unit_id,
                                    std::optional<int64_t>(version.parent_id),
                                    std::string_view(from)));
  }
  Insert indicators(db.get(),
                    "INSERT INTO indicators (id, code, name, value_type, unit_aggregation, "
                    "time_aggregation, period_type, measure_unit, decimals, numerator_id, "
                    "denominator_id, factor, version) VALUES (?,?,?,?,?,?,?,?,0,?,?,?,1)");
  for (const domain::Indicator& r : structure.indicators) {
    NQ_RETURN_IF_ERROR(
        indicators.Row(r.id, std::string_view(r.code), std::string_view(r.name),
                       ValueTypeName(r.value_type), UnitAggregationName(r.unit_aggregation),
                       TimeAggregationName(r.time_aggregation), PeriodTypeName(r.period_type),
                       std::string_view(r.measure_unit), std::optional<int64_t>(r.numerator_id),
                       std::optional<int64_t>(r.denominator_id), r.factor));
  }
  Insert obligations(db.get(),
                     "INSERT INTO obligations (id, code, title, issuer_unit_id, issued_on, "
                     "due_on, kind_ids, version) VALUES (?,?,?,?,?,?,?,1)");
  for (const domain::Obligation& r : structure.obligations) {
    NQ_RETURN_IF_ERROR(obligations.Row(r.id, std::string_view(r.code), std::string_view(r.title),
                                       r.issuer_unit_id, std::string_view(r.issued_on.ToString()),
                                       std::string_view(r.due_on.ToString()),
                                       std::string_view(std::to_string(r.kind_ids.at(0)))));
  }
  return Ok();
}

Status WriteValues(const Dataset& data, Sqlite& db) {
  // In the order of the table's unique key, so every index grows at its end.
  std::vector<uint32_t> order(data.values.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const GenValue& x = data.values[a];
    const GenValue& y = data.values[b];
    return std::tie(x.indicator_id, x.unit_id, x.first_month, x.version) <
           std::tie(y.indicator_id, y.unit_id, y.first_month, y.version);
  });
  Insert values(db.get(),
                "INSERT INTO data_values (indicator_id, unit_id, period, number, version, "
                "entered_by, entered_at, current) VALUES (?,?,?,?,?,'bench',?,?)");
  for (uint32_t index : order) {
    const GenValue& v = data.values[index];
    const std::string period =
        PeriodCode({static_cast<PeriodKind>(v.period), static_cast<int>(v.first_month)});
    NQ_RETURN_IF_ERROR(values.Row(int64_t{v.indicator_id}, int64_t{v.unit_id},
                                  std::string_view(period), static_cast<double>(v.number),
                                  int64_t{v.version}, int64_t{v.entered_day} * 86'400'000,
                                  int64_t{v.current}));
  }
  return Ok();
}

Status WriteAssignments(const Dataset& data, Sqlite& db) {
  domain::Evidence evidence;
  evidence.document_number = "01-BC/ĐU";
  const std::string with_evidence = std::get<std::string>(storage::table_internal::ToSql(evidence));
  const std::string without_evidence =
      std::get<std::string>(storage::table_internal::ToSql(domain::Evidence{}));
  Insert assignments(db.get(),
                     "INSERT INTO assignments (id, obligation_id, unit_id, role, status, "
                     "completed_on, evidence, version) VALUES (?,?,?,'lead',?,?,?,1)");
  static constexpr std::string_view kStatus[] = {"not_started", "in_progress", "done"};
  for (const GenAssignment& a : data.assignments) {
    std::optional<std::string> completed;
    if (a.completed_day >= 0) completed = DayText(a.completed_day);
    NQ_RETURN_IF_ERROR(assignments.Row(
        a.id, int64_t{a.obligation_id}, int64_t{a.unit_id}, kStatus[static_cast<size_t>(a.status)],
        completed, std::string_view(a.evidence ? with_evidence : without_evidence)));
  }
  return Ok();
}

}  // namespace

std::string PeriodCode(const TermPeriod& period) { return ToPeriod(period).ToString(); }

Status WriteCsv(const Dataset& data, const std::string& dir) {
  std::filesystem::create_directories(dir);
  NQ_RETURN_IF_ERROR(WriteLines(
      dir + "/units.csv", "id,parent_id,depth,level,code,name", data.units,
      [](std::string& out, const GenUnit& u) {
        if (u.parent_id == 0) {
          Append(out, "{},,{},{},{},\"{}\"", u.id, u.depth, u.level, u.code, u.name);
        } else {
          Append(out, "{},{},{},{},{},\"{}\"", u.id, u.parent_id, u.depth, u.level, u.code, u.name);
        }
      }));
  NQ_RETURN_IF_ERROR(WriteLines(
      dir + "/indicators.csv", "id,code,name,kind,depth,pt,numerator_id,denominator_id",
      data.indicators, [](std::string& out, const GenIndicator& i) {
        Append(out, "{},{},\"{}\",{},{},{},{},{}", i.id, i.code, i.name, static_cast<int>(i.kind),
               i.reporting_depth, static_cast<int>(i.period), i.numerator_id, i.denominator_id);
      }));
  NQ_RETURN_IF_ERROR(WriteLines(
      dir + "/datavalue.csv", "indicator_id,unit_id,pt,ps,version,current,number,entered_day",
      data.values, [](std::string& out, const GenValue& v) {
        Append(out, "{},{},{},{},{},{},{},{}", v.indicator_id, v.unit_id, v.period, v.first_month,
               v.version, v.current, v.number, v.entered_day);
      }));
  NQ_RETURN_IF_ERROR(WriteLines(dir + "/goals.csv", "indicator_id,unit_id,goal", data.goals,
                                [](std::string& out, const GenGoal& g) {
                                  Append(out, "{},{},{}", g.indicator_id, g.unit_id, g.goal);
                                }));
  NQ_RETURN_IF_ERROR(WriteLines(dir + "/obligations.csv", "id,code,depth,issued_day,due_day",
                                data.obligations, [](std::string& out, const GenObligation& o) {
                                  Append(out, "{},{},{},{},{}", o.id, o.code, o.depth, o.issued_day,
                                         o.due_day);
                                }));
  return WriteLines(dir + "/assignments.csv",
                    "id,obligation_id,unit_id,status,completed_day,evidence", data.assignments,
                    [](std::string& out, const GenAssignment& a) {
                      if (a.completed_day < 0) {
                        Append(out, "{},{},{},{},,{}", a.id, a.obligation_id, a.unit_id,
                               static_cast<int>(a.status), a.evidence ? 1 : 0);
                      } else {
                        Append(out, "{},{},{},{},{},{}", a.id, a.obligation_id, a.unit_id,
                               static_cast<int>(a.status), a.completed_day, a.evidence ? 1 : 0);
                      }
                    });
}

Status WriteProductStore(const Dataset& data, const std::string& path,
                         const std::string& structure_copy) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  {
    // Opening through the product creates the schema by its own migrations.
    NQ_TRY(auto created, storage::SqliteDatabase::Open(path));
  }
  Sqlite db(path);
  NQ_RETURN_IF_ERROR(
      db.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
              "PRAGMA cache_size=-1000000; BEGIN"));
  NQ_RETURN_IF_ERROR(WriteStructure(data, db));
  NQ_RETURN_IF_ERROR(db.Exec("COMMIT; PRAGMA wal_checkpoint(TRUNCATE)"));
  if (!structure_copy.empty()) {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(structure_copy + suffix);
    std::filesystem::copy_file(path, structure_copy);
  }
  NQ_RETURN_IF_ERROR(db.Exec("BEGIN"));
  NQ_RETURN_IF_ERROR(WriteValues(data, db));
  NQ_RETURN_IF_ERROR(WriteAssignments(data, db));
  return db.Exec("COMMIT; PRAGMA wal_checkpoint(TRUNCATE); ANALYZE");
}

Status WriteDataValueSets(const Dataset& data, size_t count, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return MakeError(ErrorCode::kUnavailable, "cannot write {}", path);
  std::string buffer = "{\"dataValues\":[";
  size_t written = 0;
  for (const GenValue& v : data.values) {
    if (!v.current) continue;
    if (written == count) break;
    Append(buffer,
           "{}{{\"dataElement\":\"{}\",\"period\":\"{}\",\"orgUnit\":\"{}\","
           "\"categoryOptionCombo\":\"HllvX50cXC0\",\"attributeOptionCombo\":\"HllvX50cXC0\","
           "\"value\":\"{}\"}}",
           written ? "," : "", data.indicator(v.indicator_id).code,
           PeriodCode({static_cast<PeriodKind>(v.period), static_cast<int>(v.first_month)}),
           data.unit(v.unit_id).code, v.number);
    ++written;
    if (buffer.size() > (1 << 22)) {
      out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      buffer.clear();
    }
  }
  buffer += "]}\n";
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  if (!out) return MakeError(ErrorCode::kUnavailable, "cannot write {}", path);
  return Ok();
}

}  // namespace nq::bench
