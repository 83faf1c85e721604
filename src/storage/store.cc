#include "storage/store.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "storage/tables.h"

namespace nq::storage {
namespace {

using namespace nq::domain;

template <typename T>
std::string SelectSql(std::string_view where) {
  std::string sql = fmt::format("SELECT id, {} FROM {}", Table<T>::Columns(), Table<T>::kTable);
  if (!where.empty()) sql += fmt::format(" WHERE {}", where);
  return sql + " ORDER BY id";
}

template <typename T>
Result<std::vector<T>> DecodeRows(const std::vector<Row>& rows) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    NQ_TRY(T entity, Table<T>::FromRow(row));
    out.push_back(std::move(entity));
  }
  return out;
}

template <typename T>
Result<std::vector<T>> ReadRows(Transaction& tx, std::string_view where, const SqlParams& params) {
  NQ_TRY(auto rows, tx.Query(SelectSql<T>(where), params));
  return DecodeRows<T>(rows);
}

// "a, b, c" → "a = ?, b = ?, c = ?"
std::string Assignments(std::string_view columns) {
  std::string out;
  size_t start = 0;
  while (start < columns.size()) {
    size_t comma = columns.find(',', start);
    if (comma == std::string_view::npos) comma = columns.size();
    std::string_view column = columns.substr(start, comma - start);
    while (!column.empty() && column.front() == ' ') column.remove_prefix(1);
    if (!out.empty()) out += ", ";
    out += fmt::format("{} = ?", column);
    start = comma + 1;
  }
  return out;
}

Error Rename(Error error, std::string_view entity) {
  if (error.code == ErrorCode::kAlreadyExists) {
    error.message = fmt::format("{} already exists ({})", entity, error.message);
  } else if (error.code == ErrorCode::kFailedPrecondition) {
    error.message = fmt::format("{} refers to or is referred to by a missing or existing row ({})",
                                entity, error.message);
  }
  return error;
}

}  // namespace

template <typename T>
std::string_view EntityName() {
  return Table<T>::kEntity;
}

template <typename T>
Result<std::vector<T>> List(Transaction& tx, const Filters& filters) {
  SqlParams params;
  NQ_TRY(std::string where, WhereSql(filters, Table<T>::Columns(), params));
  return ReadRows<T>(tx, where, params);
}

template <typename T>
Result<std::vector<T>> ListAfter(Transaction& tx, Id after, int64_t limit) {
  NQ_TRY(auto rows, tx.Query(SelectSql<T>("id > ?") + " LIMIT ?", {after, limit}));
  return DecodeRows<T>(rows);
}

template <typename T>
Result<bool> HasRows(Transaction& tx) {
  NQ_TRY(auto rows, tx.Query(fmt::format("SELECT id FROM {} LIMIT 1", Table<T>::kTable)));
  return !rows.empty();
}

template <typename T>
Result<T> Get(Transaction& tx, Id id) {
  NQ_TRY(auto rows, ReadRows<T>(tx, "id = ?", {id}));
  if (rows.empty())
    return MakeError(ErrorCode::kNotFound, "{} {} not found", Table<T>::kEntity, id);
  return std::move(rows.front());
}

template <typename T>
Result<T> GetByCode(Transaction& tx, std::string_view code) {
  static_assert(Table<T>::kHasCode, "entity has no code");
  NQ_TRY(auto rows, ReadRows<T>(tx, "code = ?", {std::string(code)}));
  if (rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "{} \"{}\" not found", Table<T>::kEntity, code);
  }
  return std::move(rows.front());
}

template <typename T>
Result<T> Insert(Transaction& tx, T row) {
  if constexpr (Table<T>::kVersioned) row.version = 1;
  std::string sql = fmt::format("INSERT INTO {} ({}) VALUES ({}) RETURNING id", Table<T>::kTable,
                                Table<T>::Columns(), Placeholders(Table<T>::Columns()));
  auto rows = tx.Query(sql, Table<T>::ToParams(row));
  if (!rows) return std::unexpected(Rename(std::move(rows).error(), Table<T>::kEntity));
  row.id = rows->at(0).Int(0);
  return row;
}

template <typename T>
Result<T> Update(Transaction& tx, T row) {
  SqlParams params;
  std::string sql = fmt::format("UPDATE {} SET {} WHERE id = ?", Table<T>::kTable,
                                Assignments(Table<T>::Columns()));
  int64_t expected = 0;
  if constexpr (Table<T>::kVersioned) {
    expected = row.version;
    row.version = expected + 1;
    sql += " AND version = ?";
  }
  params = Table<T>::ToParams(row);
  params.push_back(row.id);
  if constexpr (Table<T>::kVersioned) params.push_back(expected);
  auto changed = tx.Exec(sql, params);
  if (!changed) return std::unexpected(Rename(std::move(changed).error(), Table<T>::kEntity));
  if (*changed == 1) return row;
  NQ_TRY(T stored, Get<T>(tx, row.id));  // not_found when it is gone
  if constexpr (Table<T>::kVersioned) {
    return MakeError(ErrorCode::kAborted,
                     "{} {} was changed by someone else (version {}, expected {})",
                     Table<T>::kEntity, row.id, stored.version, expected);
  }
  return MakeError(ErrorCode::kInternal, "{} {} was not updated", Table<T>::kEntity, row.id);
}

template <typename T>
Status Delete(Transaction& tx, Id id) {
  auto changed = tx.Exec(fmt::format("DELETE FROM {} WHERE id = ?", Table<T>::kTable), {id});
  if (!changed) return std::unexpected(Rename(std::move(changed).error(), Table<T>::kEntity));
  if (*changed == 0)
    return MakeError(ErrorCode::kNotFound, "{} {} not found", Table<T>::kEntity, id);
  return Ok();
}

#define NQ_INSTANTIATE(Type)                                                     \
  template std::string_view EntityName<Type>();                                  \
  template Result<std::vector<Type>> List<Type>(Transaction&, const Filters&);   \
  template Result<bool> HasRows<Type>(Transaction&);                             \
  template Result<std::vector<Type>> ListAfter<Type>(Transaction&, Id, int64_t); \
  template Result<Type> Get<Type>(Transaction&, Id);                             \
  template Result<Type> Insert<Type>(Transaction&, Type);                        \
  template Result<Type> Update<Type>(Transaction&, Type);                        \
  template Status Delete<Type>(Transaction&, Id);
#define NQ_INSTANTIATE_CODED(Type) \
  template Result<Type> GetByCode<Type>(Transaction&, std::string_view);

NQ_DATA_ENTITIES(NQ_INSTANTIATE)
NQ_INSTANTIATE(domain::User)
NQ_INSTANTIATE(domain::Grant)
NQ_INSTANTIATE_CODED(domain::UnitKind)
NQ_INSTANTIATE_CODED(domain::Unit)
NQ_INSTANTIATE_CODED(domain::Term)
NQ_INSTANTIATE_CODED(domain::Field)
NQ_INSTANTIATE_CODED(domain::Indicator)
NQ_INSTANTIATE_CODED(domain::Document)
NQ_INSTANTIATE_CODED(domain::Obligation)
#undef NQ_INSTANTIATE_CODED
#undef NQ_INSTANTIATE

// ---- Values

namespace {

Result<std::vector<Value>> ReadValues(Transaction& tx, std::string_view sql,
                                      const SqlParams& params) {
  NQ_TRY(auto rows, tx.Query(sql, params));
  std::vector<Value> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    NQ_TRY(Value v, ValueFromRow(row));
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

Result<Value> PutValue(Transaction& tx, Value value) {
  std::string period = value.period.ToString();
  NQ_TRY(auto rows, tx.Query("SELECT COALESCE(MAX(version), 0) FROM data_values WHERE "
                             "indicator_id = ? AND unit_id = ? AND period = ?",
                             {value.indicator_id, value.unit_id, period}));
  value.version = rows.at(0).Int(0) + 1;
  // A first version has no earlier one to retire (the usual case of an import).
  if (value.version > 1) {
    NQ_RETURN_IF_ERROR(
        tx.Exec("UPDATE data_values SET current = 0 WHERE indicator_id = ? AND "
                "unit_id = ? AND period = ? AND current = 1",
                {value.indicator_id, value.unit_id, period}));
  }
  auto inserted = tx.Query(
      "INSERT INTO data_values (indicator_id, unit_id, period, number, text, comment, report_id, "
      "version, entered_by, entered_at, current) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) "
      "RETURNING id",
      {value.indicator_id, value.unit_id, period, Opt(value.number), value.text, value.comment,
       Opt(value.report_id), value.version, value.entered_by, value.entered_at});
  if (!inserted) return std::unexpected(Rename(std::move(inserted).error(), "value"));
  value.id = inserted->at(0).Int(0);
  return value;
}

Result<std::vector<Value>> CurrentValues(Transaction& tx, const Filters& filters) {
  SqlParams params;
  NQ_TRY(std::string where, WhereSql(filters, ValueColumns(), params));
  std::string sql = fmt::format("SELECT {} FROM data_values WHERE current = 1", ValueColumns());
  if (!where.empty()) sql += fmt::format(" AND ({})", where);
  return ReadValues(tx, sql + " ORDER BY id", params);
}

Result<int64_t> CountCurrentValues(Transaction& tx) {
  NQ_TRY(auto counted, tx.Query("SELECT count(*) FROM data_values WHERE current = 1"));
  return counted.at(0).Int(0);
}

Result<std::vector<CurrentNumber>> CurrentNumbersAfter(Transaction& tx, Id after, int64_t limit) {
  NQ_TRY(auto rows, tx.Query("SELECT id, indicator_id, unit_id, period, number FROM data_values "
                             "WHERE current = 1 AND id > ? AND number IS NOT NULL "
                             "ORDER BY id LIMIT ?",
                             {after, limit}));
  std::vector<CurrentNumber> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    NQ_TRY(Period period, Period::Parse(row.Text(3)));
    out.push_back({row.Int(0), row.Int(1), row.Int(2), period, row.Real(4)});
  }
  return out;
}

Result<std::vector<KeyedNumber>> CurrentNumbersOfVersions(Transaction& tx,
                                                          std::span<const Id> ids) {
  constexpr size_t kChunk = 500;
  std::vector<KeyedNumber> out;
  out.reserve(ids.size());
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    std::span<const Id> chunk = ids.subspan(start, std::min(kChunk, ids.size() - start));
    std::string marks;
    SqlParams params;
    for (Id id : chunk) {
      marks += marks.empty() ? "?" : ", ?";
      params.push_back(id);
    }
    NQ_TRY(auto rows,
           tx.Query(fmt::format(
                        "SELECT v.indicator_id, v.unit_id, v.period, c.number FROM data_values v "
                        "LEFT JOIN data_values c ON c.indicator_id = v.indicator_id AND "
                        "c.unit_id = v.unit_id AND c.period = v.period AND c.current = 1 "
                        "WHERE v.id IN ({})",
                        marks),
                    params));
    for (const Row& row : rows) {
      NQ_TRY(Period period, Period::Parse(row.Text(2)));
      out.push_back({row.Int(0), row.Int(1), period, row.OptReal(3)});
    }
  }
  return out;
}

Result<std::vector<Value>> ValueHistory(Transaction& tx, Id indicator_id, Id unit_id,
                                        const Period& period) {
  return ReadValues(tx,
                    fmt::format("SELECT {} FROM data_values WHERE indicator_id = ? AND unit_id = ? "
                                "AND period = ? ORDER BY version",
                                ValueColumns()),
                    {indicator_id, unit_id, period.ToString()});
}

// ---- Values in bulk

Result<ValueBatch> InsertValueBatch(Transaction& tx, ValueBatch batch) {
  NQ_TRY(auto rows, tx.Query("INSERT INTO value_batches (created_at, actor, source, file_hash) "
                             "VALUES (?, ?, ?, ?) RETURNING id",
                             {batch.created_at, batch.actor, batch.source, batch.file_hash}));
  batch.id = rows.at(0).Int(0);
  return batch;
}

Result<std::vector<Value>> BatchValues(Transaction& tx, Id batch_id) {
  return ReadValues(
      tx, fmt::format("SELECT {} FROM data_values WHERE batch_id = ? ORDER BY id", ValueColumns()),
      {batch_id});
}

namespace {

constexpr std::string_view kBulkColumns =
    "indicator_id, unit_id, period, number, text, comment, report_id, entered_by, entered_at";

// "(?, ?), (?, ?)": `rows` groups of `group`.
std::string Groups(std::string_view group, size_t rows) {
  std::string out;
  out.reserve((group.size() + 2) * rows);
  for (size_t row = 0; row < rows; ++row) {
    if (row > 0) out += ", ";
    out += group;
  }
  return out;
}

// SQLite: per chunk, one UPDATE retires the current versions of the chunk's keys and returns
// their numbers (a key without a current version has no version at all: every key's latest
// version is current), then one multi-row INSERT writes the chunk.
class SqliteValueBulk final : public ValueBulkWriter {
 public:
  SqliteValueBulk(Transaction& tx, Id batch_id) : tx_(tx), batch_id_(batch_id) {}

  Status Add(std::span<const Value> values) override {
    for (size_t start = 0; start < values.size(); start += kRows) {
      NQ_RETURN_IF_ERROR(Write(values.subspan(start, std::min(kRows, values.size() - start))));
    }
    return Ok();
  }
  Result<BulkCounts> Finish() override { return counts_; }

 private:
  // 11 parameters a row: 500 rows stay under SQLite's 32,766.
  static constexpr size_t kRows = 500;

  struct Sql {
    std::string retire;
    std::string insert;
  };
  const Sql& SqlFor(size_t rows) {
    auto found = sql_.find(rows);
    if (found != sql_.end()) return found->second;
    Sql sql;
    // INDEXED BY: without it SQLite may build an automatic index over the whole table for
    // every statement, which makes an import into a large store quadratic.
    sql.retire = fmt::format(
        "UPDATE data_values SET current = 0 WHERE id IN (SELECT d.id FROM (VALUES {}) v "
        "JOIN data_values d INDEXED BY data_values_current ON d.indicator_id = v.column1 AND "
        "d.unit_id = v.column2 AND "
        "d.period = v.column3 AND d.current = 1) RETURNING indicator_id, unit_id, period, version",
        Groups("(?, ?, ?)", rows));
    sql.insert = fmt::format("INSERT INTO data_values ({}, version, current, batch_id) VALUES {}",
                             kBulkColumns, Groups("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)", rows));
    return sql_.emplace(rows, std::move(sql)).first->second;
  }

  Status Write(std::span<const Value> chunk) {
    const Sql& sql = SqlFor(chunk.size());
    std::vector<std::string> periods;
    periods.reserve(chunk.size());
    keys_.clear();
    keys_.reserve(chunk.size() * 3);
    for (const Value& value : chunk) {
      periods.push_back(value.period.ToString());
      keys_.push_back(value.indicator_id);
      keys_.push_back(value.unit_id);
      keys_.push_back(periods.back());
    }
    NQ_TRY(bool fresh, AllFresh(chunk));
    std::vector<Row> retired;
    if (!fresh) {
      NQ_TRY(retired, tx_.Query(sql.retire, keys_));
    }
    std::vector<int64_t> versions(chunk.size(), 1);
    if (!retired.empty()) {
      counts_.superseded += static_cast<int64_t>(retired.size());
      std::map<std::tuple<Id, Id, std::string>, int64_t> previous;
      for (const Row& row : retired) previous[{row.Int(0), row.Int(1), row.Text(2)}] = row.Int(3);
      for (size_t index = 0; index < chunk.size(); ++index) {
        auto found =
            previous.find({chunk[index].indicator_id, chunk[index].unit_id, periods[index]});
        if (found != previous.end()) versions[index] = found->second + 1;
      }
    }
    params_.clear();
    params_.reserve(chunk.size() * 11);
    for (size_t index = 0; index < chunk.size(); ++index) {
      const Value& value = chunk[index];
      params_.push_back(value.indicator_id);
      params_.push_back(value.unit_id);
      params_.push_back(std::move(periods[index]));
      params_.push_back(Opt(value.number));
      params_.push_back(value.text);
      params_.push_back(value.comment);
      params_.push_back(Opt(value.report_id));
      params_.push_back(value.entered_by);
      params_.push_back(value.entered_at);
      params_.push_back(versions[index]);
      params_.push_back(batch_id_);
    }
    auto inserted = tx_.Exec(sql.insert, params_);
    if (!inserted) return std::unexpected(Rename(std::move(inserted).error(), "value"));
    counts_.written += static_cast<int64_t>(chunk.size());
    return Ok();
  }

  // Whether no value of the chunk can have an earlier version: each of its indicators had no
  // current value when this batch first met it. (Keys are distinct within a batch, so what the
  // batch itself wrote never holds an earlier version of a later chunk's key; every key with a
  // version has a current one.) Saves the retire statement's index seek per value on a first
  // load.
  Result<bool> AllFresh(std::span<const Value> chunk) {
    bool fresh = true;
    for (const Value& value : chunk) {
      auto found = fresh_.find(value.indicator_id);
      if (found == fresh_.end()) {
        NQ_TRY(auto rows, tx_.Query("SELECT 1 FROM data_values INDEXED BY data_values_current "
                                    "WHERE indicator_id = ? AND current = 1 LIMIT 1",
                                    {value.indicator_id}));
        found = fresh_.emplace(value.indicator_id, rows.empty()).first;
      }
      fresh = fresh && found->second;
    }
    return fresh;
  }

  Transaction& tx_;
  Id batch_id_;
  BulkCounts counts_;
  std::map<Id, bool> fresh_;
  std::map<size_t, Sql> sql_;
  SqlParams keys_;
  SqlParams params_;
};

// PostgreSQL: every chunk is sent with COPY into a temporary table; Finish then retires the
// current versions of the staged keys and inserts the staged rows in one statement.
class PostgresValueBulk final : public ValueBulkWriter {
 public:
  PostgresValueBulk(Transaction& tx, Id batch_id) : tx_(tx), batch_id_(batch_id) {}

  Status Start() {
    NQ_RETURN_IF_ERROR(tx_.ExecScript(
        "CREATE TEMPORARY TABLE IF NOT EXISTS value_import (indicator_id BIGINT NOT NULL, "
        "unit_id BIGINT NOT NULL, period TEXT NOT NULL, number DOUBLE PRECISION, "
        "text TEXT NOT NULL, comment TEXT NOT NULL, report_id BIGINT, entered_by TEXT NOT NULL, "
        "entered_at BIGINT NOT NULL) ON COMMIT DROP; DELETE FROM value_import"));
    return Ok();
  }

  Status Add(std::span<const Value> values) override {
    std::vector<SqlParams> rows;
    rows.reserve(values.size());
    for (const Value& value : values) {
      rows.push_back({value.indicator_id, value.unit_id, value.period.ToString(), Opt(value.number),
                      value.text, value.comment, Opt(value.report_id), value.entered_by,
                      value.entered_at});
    }
    NQ_RETURN_IF_ERROR(tx_.CopyRows("value_import", kBulkColumns, rows));
    staged_ += static_cast<int64_t>(values.size());
    return Ok();
  }

  Result<BulkCounts> Finish() override {
    if (staged_ == 0) return BulkCounts{};
    NQ_RETURN_IF_ERROR(tx_.ExecScript("ANALYZE value_import"));
    auto counted = tx_.Query(
        fmt::format(
            "WITH previous AS (UPDATE data_values d SET current = 0 FROM value_import s "
            "WHERE d.current = 1 AND d.indicator_id = s.indicator_id AND d.unit_id = s.unit_id "
            "AND d.period = s.period RETURNING d.indicator_id, d.unit_id, d.period, d.version), "
            "inserted AS (INSERT INTO data_values ({0}, version, current, batch_id) "
            "SELECT s.indicator_id, s.unit_id, s.period, s.number, s.text, s.comment, s.report_id, "
            "s.entered_by, s.entered_at, COALESCE(p.version, 0) + 1, 1, ? FROM value_import s "
            "LEFT JOIN previous p ON p.indicator_id = s.indicator_id AND p.unit_id = s.unit_id "
            "AND p.period = s.period RETURNING 1) "
            "SELECT (SELECT count(*) FROM inserted), (SELECT count(*) FROM previous)",
            kBulkColumns),
        {batch_id_});
    if (!counted) return std::unexpected(Rename(std::move(counted).error(), "value"));
    return BulkCounts{counted->at(0).Int(0), counted->at(0).Int(1)};
  }

 private:
  Transaction& tx_;
  Id batch_id_;
  int64_t staged_ = 0;
};

}  // namespace

Result<std::unique_ptr<ValueBulkWriter>> StartValueBulk(Transaction& tx, Id batch_id) {
  if (tx.dialect() == "postgres") {
    auto writer = std::make_unique<PostgresValueBulk>(tx, batch_id);
    NQ_RETURN_IF_ERROR(writer->Start());
    return std::unique_ptr<ValueBulkWriter>(std::move(writer));
  }
  return std::unique_ptr<ValueBulkWriter>(std::make_unique<SqliteValueBulk>(tx, batch_id));
}

// ---- Lineage

Result<std::optional<std::string>> LineageDateAfter(Transaction& tx, Id unit_id, Date date) {
  NQ_TRY(auto rows, tx.Query("SELECT l.date FROM lineage l JOIN lineage_units u ON "
                             "u.lineage_id = l.id WHERE u.unit_id = ? AND l.date > ?",
                             {unit_id, date.ToString()}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows.at(0).Text(0));
}

Status SetLineageDetails(Transaction& tx, Id lineage_id, std::string_view details) {
  NQ_RETURN_IF_ERROR(
      tx.Exec("UPDATE lineage SET details = ? WHERE id = ?", {std::string(details), lineage_id}));
  return Ok();
}

Result<std::vector<Id>> MergedInto(Transaction& tx, Id unit_id, Date date) {
  NQ_TRY(auto rows, tx.Query("SELECT s.unit_id FROM lineage l "
                             "JOIN lineage_units t ON t.lineage_id = l.id AND t.side = 'target' "
                             "JOIN lineage_units s ON s.lineage_id = l.id AND s.side = 'source' "
                             "WHERE l.kind = 'merge' AND t.unit_id = ? AND l.date <= ?",
                             {unit_id, date.ToString()}));
  std::vector<Id> out;
  for (const Row& row : rows) out.push_back(row.Int(0));
  return out;
}

Status MoveValue(Transaction& tx, Id indicator_id, const Period& period, Id from_unit_id,
                 Id to_unit_id) {
  NQ_RETURN_IF_ERROR(tx.Exec(
      "UPDATE data_values SET unit_id = ? WHERE unit_id = ? AND indicator_id = ? AND period = ?",
      {to_unit_id, from_unit_id, indicator_id, period.ToString()}));
  return Ok();
}

Status Ping(Transaction& tx) {
  NQ_RETURN_IF_ERROR(tx.Query("SELECT 1"));
  return Ok();
}

Result<Lineage> InsertLineage(Transaction& tx, Lineage lineage) {
  NQ_TRY(auto rows, tx.Query("INSERT INTO lineage (kind, date, note, details) VALUES (?, ?, ?, ?) "
                             "RETURNING id",
                             {std::string(LineageKindName(lineage.kind)), lineage.date.ToString(),
                              lineage.note, lineage.details}));
  lineage.id = rows.at(0).Int(0);
  auto add = [&](const std::vector<Id>& ids, std::string side) -> Status {
    for (Id unit_id : ids) {
      auto done = tx.Exec("INSERT INTO lineage_units (lineage_id, unit_id, side) VALUES (?, ?, ?)",
                          {lineage.id, unit_id, side});
      if (!done) return std::unexpected(Rename(std::move(done).error(), "lineage"));
    }
    return Ok();
  };
  NQ_RETURN_IF_ERROR(add(lineage.source_unit_ids, "source"));
  NQ_RETURN_IF_ERROR(add(lineage.target_unit_ids, "target"));
  return lineage;
}

Result<std::vector<Lineage>> ListLineage(Transaction& tx) {
  NQ_TRY(auto events,
         tx.Query("SELECT id, kind, date, note, details FROM lineage ORDER BY date, id"));
  NQ_TRY(auto members,
         tx.Query("SELECT lineage_id, unit_id, side FROM lineage_units ORDER BY unit_id"));
  std::vector<Lineage> out;
  for (const Row& row : events) {
    Lineage lineage;
    lineage.id = row.Int(0);
    static constexpr std::array kKinds = {LineageKind::kMerge,  LineageKind::kSplit,
                                          LineageKind::kRename, LineageKind::kMove,
                                          LineageKind::kCreate, LineageKind::kClose};
    for (LineageKind kind : kKinds) {
      if (LineageKindName(kind) == row.Text(1)) lineage.kind = kind;
    }
    auto date = Date::Parse(row.Text(2));
    if (!date) return MakeError(ErrorCode::kInternal, "corrupt row in lineage: {}", row.Text(2));
    lineage.date = *date;
    lineage.note = row.Text(3);
    lineage.details = row.Text(4);
    for (const Row& member : members) {
      if (member.Int(0) != lineage.id) continue;
      (member.Text(2) == "source" ? lineage.source_unit_ids : lineage.target_unit_ids)
          .push_back(member.Int(1));
    }
    out.push_back(std::move(lineage));
  }
  return out;
}

// ---- Audit and idempotency

Status AppendAudit(Transaction& tx, const AuditRecord& r) {
  auto opt_text = [](const std::string& s) { return s.empty() ? Null() : SqlValue(s); };
  NQ_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO audit (at, actor, address, action, entity, entity_id, before, after, "
              "idempotency_key, unit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {r.at, r.actor, r.address, r.action, r.entity, Opt(r.entity_id), opt_text(r.before),
               opt_text(r.after), opt_text(r.idempotency_key), Opt(r.unit_id)}));
  return Ok();
}

Result<std::vector<AuditRecord>> ListAudit(Transaction& tx, const AuditFilter& filter) {
  std::string where = "1 = 1";
  SqlParams params;
  if (filter.entity) where += " AND entity = ?", params.push_back(*filter.entity);
  if (filter.entity_id) where += " AND entity_id = ?", params.push_back(*filter.entity_id);
  if (filter.actor) where += " AND actor = ?", params.push_back(*filter.actor);
  if (filter.from) where += " AND at >= ?", params.push_back(*filter.from);
  if (filter.to) where += " AND at < ?", params.push_back(*filter.to);
  if (filter.action) where += " AND action = ?", params.push_back(*filter.action);
  if (filter.before_id) where += " AND id < ?", params.push_back(*filter.before_id);
  if (filter.unit_ids) {
    if (filter.unit_ids->empty()) return std::vector<AuditRecord>();
    std::string marks;
    for (Id unit : *filter.unit_ids) {
      marks += marks.empty() ? "?" : ", ?";
      params.push_back(unit);
    }
    where += fmt::format(" AND unit_id IN ({})", marks);
  }
  params.push_back(filter.limit);
  NQ_TRY(auto rows, tx.Query(fmt::format("SELECT id, at, actor, address, action, entity, "
                                         "entity_id, before, after, idempotency_key, unit_id "
                                         "FROM audit WHERE {} ORDER BY id DESC LIMIT ?",
                                         where),
                             params));
  std::vector<AuditRecord> out;
  for (const Row& row : rows) {
    out.push_back({row.Int(0), row.Int(1), row.Text(2), row.Text(3), row.Text(4), row.Text(5),
                   row.OptInt(6), row.Text(7), row.Text(8), row.Text(9), row.OptInt(10)});
  }
  return out;
}

Result<std::optional<StoredResponse>> FindIdempotent(Transaction& tx, std::string_view key) {
  NQ_TRY(auto rows, tx.Query("SELECT fingerprint, status, body FROM idempotency WHERE key = ?",
                             {std::string(key)}));
  if (rows.empty()) return std::optional<StoredResponse>();
  return std::optional<StoredResponse>(
      StoredResponse{rows[0].Text(0), static_cast<int>(rows[0].Int(1)), rows[0].Text(2)});
}

Status SaveIdempotent(Transaction& tx, std::string_view key, const StoredResponse& response,
                      UnixMillis at) {
  NQ_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO idempotency (key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?)",
      {std::string(key), response.fingerprint, int64_t{response.status}, response.body, at}));
  return Ok();
}

}  // namespace nq::storage
