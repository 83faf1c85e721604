#include "storage/restore.h"

#include <array>

#include "storage/tables.h"

namespace nq::storage {
namespace {

using namespace nq::domain;

// Names the row a constraint failure is about; the driver's message only names the column.
Error Explain(Error error, std::string_view entity, Id id) {
  if (error.code == ErrorCode::kAlreadyExists) {
    error.message = fmt::format("{} {} already exists ({})", entity, id, error.message);
  } else if (error.code == ErrorCode::kFailedPrecondition) {
    error.message = fmt::format("{} {} refers to a missing row ({})", entity, id, error.message);
  }
  return error;
}

// The data tables, parents before children.
constexpr std::array<std::string_view, 19> kDataTables = {
    "unit_kinds",  "units",           "unit_versions",    "lineage",     "lineage_units",
    "terms",       "fields",          "people",           "indicators",  "documents",
    "items",       "links",           "reports",          "data_values", "obligations",
    "assignments", "recommendations", "responsibilities", "comments"};

}  // namespace

Result<std::vector<ValueVersion>> ListValueVersions(Transaction& tx) {
  NQ_TRY(auto rows,
         tx.Query(fmt::format("SELECT {}, current FROM data_values ORDER BY id", ValueColumns())));
  std::vector<ValueVersion> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    ValueVersion version;
    NQ_TRY(version.value, ValueFromRow(row));
    version.current = row.Int(11) != 0;
    out.push_back(std::move(version));
  }
  return out;
}

Result<std::vector<TableCount>> CountRows(Transaction& tx) {
  std::vector<TableCount> out;
  for (std::string_view table : kDataTables) {
    NQ_TRY(auto rows, tx.Query(fmt::format("SELECT COUNT(*) FROM {}", table)));
    out.push_back({table, rows.at(0).Int(0)});
  }
  return out;
}

Result<std::optional<std::string_view>> FirstTableWithRows(Transaction& tx) {
  for (std::string_view table : kDataTables) {
    NQ_TRY(auto rows, tx.Query(fmt::format("SELECT 1 FROM {} LIMIT 1", table)));
    if (!rows.empty()) return std::optional<std::string_view>(table);
  }
  return std::optional<std::string_view>();
}

template <typename T>
Status InsertKeepingId(Transaction& tx, const T& row) {
  std::string sql = fmt::format("INSERT INTO {} (id, {}) VALUES (?, {})", Table<T>::kTable,
                                Table<T>::Columns(), Placeholders(Table<T>::Columns()));
  SqlParams params = Table<T>::ToParams(row);
  params.insert(params.begin(), SqlValue(row.id));
  auto done = tx.Exec(sql, params);
  if (!done) return std::unexpected(Explain(std::move(done).error(), Table<T>::kEntity, row.id));
  return Ok();
}

#define NQ_INSTANTIATE(Type) template Status InsertKeepingId<Type>(Transaction&, const Type&);
NQ_DATA_ENTITIES(NQ_INSTANTIATE)
#undef NQ_INSTANTIATE

Status RestoreValue(Transaction& tx, const Value& value, bool current) {
  auto done = tx.Exec(
      "INSERT INTO data_values (id, indicator_id, unit_id, period, number, text, comment, "
      "report_id, version, entered_by, entered_at, current) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {value.id, value.indicator_id, value.unit_id, value.period.ToString(), Opt(value.number),
       value.text, value.comment, Opt(value.report_id), value.version, value.entered_by,
       value.entered_at, int64_t{current ? 1 : 0}});
  if (!done) return std::unexpected(Explain(std::move(done).error(), "value", value.id));
  return Ok();
}

Status RestoreValues(Transaction& tx, const std::vector<ValueVersion>& versions) {
  std::vector<SqlParams> rows;
  rows.reserve(versions.size());
  for (const ValueVersion& version : versions) {
    const Value& value = version.value;
    rows.push_back({value.id, value.indicator_id, value.unit_id, value.period.ToString(),
                    Opt(value.number), value.text, value.comment, Opt(value.report_id),
                    value.version, value.entered_by, value.entered_at,
                    int64_t{version.current ? 1 : 0}});
  }
  auto done = tx.CopyRows("data_values",
                          "id, indicator_id, unit_id, period, number, text, comment, report_id, "
                          "version, entered_by, entered_at, current",
                          rows);
  if (!done) {
    Error error = std::move(done).error();
    error.message = fmt::format("values: {}", error.message);
    return std::unexpected(std::move(error));
  }
  return Ok();
}

Status RestoreLineage(Transaction& tx, const Lineage& lineage) {
  auto done = tx.Exec("INSERT INTO lineage (id, kind, date, note, details) VALUES (?, ?, ?, ?, ?)",
                      {lineage.id, std::string(LineageKindName(lineage.kind)),
                       lineage.date.ToString(), lineage.note, lineage.details});
  if (!done) return std::unexpected(Explain(std::move(done).error(), "lineage", lineage.id));
  auto add = [&](const std::vector<Id>& unit_ids, std::string_view side) -> Status {
    for (Id unit_id : unit_ids) {
      auto added = tx.Exec("INSERT INTO lineage_units (lineage_id, unit_id, side) VALUES (?, ?, ?)",
                           {lineage.id, unit_id, std::string(side)});
      if (!added) return std::unexpected(Explain(std::move(added).error(), "lineage", lineage.id));
    }
    return Ok();
  };
  NQ_RETURN_IF_ERROR(add(lineage.source_unit_ids, "source"));
  return add(lineage.target_unit_ids, "target");
}

}  // namespace nq::storage
