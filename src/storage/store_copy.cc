#include "storage/store_copy.h"

#include <algorithm>

#include "storage/tables.h"

namespace nq::storage {
namespace {

// "lineage_id, unit_id, side" → its names.
std::vector<std::string_view> SplitColumns(std::string_view list) {
  std::vector<std::string_view> out;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view name = list.substr(0, comma);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    out.push_back(name);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return out;
}

std::string JoinColumns(const std::vector<std::string>& columns) {
  std::string out;
  for (const std::string& column : columns) {
    out += out.empty() ? "" : ", ";
    out += column;
  }
  return out;
}

}  // namespace

const std::vector<CopiedTable>& CopiedTables() {
  static const std::vector<CopiedTable> kTables = {
      {"unit_kinds", "id"},
      {"units", "id"},
      {"unit_versions", "id"},
      {"lineage", "id"},
      {"lineage_units", "lineage_id, unit_id, side"},
      {"terms", "id"},
      {"fields", "id"},
      {"people", "id"},
      {"indicators", "id"},
      {"documents", "id"},
      {"items", "id"},
      {"links", "id"},
      {"declarations", "id"},
      {"regimes", "id"},
      {"extensions", "id"},
      {"reports", "id"},  // after regimes and documents, before the values that name them
      {"value_batches", "id"},
      {"data_values", "id"},
      {"obligations", "id"},
      {"assignments", "id"},
      {"recommendations", "id"},
      {"responsibilities", "id"},
      {"comments", "id"},
      {"notices", "id"},
      {"users", "id"},
      {"grants", "id"},
      {"api_tokens", "id"},
      {"audit", "id"},
  };
  return kTables;
}

const std::vector<std::string_view>& TablesLeftBehind() {
  static const std::vector<std::string_view> kTables = {"sessions", "idempotency", "change_log",
                                                        "change_head", "schema_migrations"};
  return kTables;
}

Result<std::vector<std::string>> ListTables(Transaction& tx) {
  NQ_TRY(auto rows,
         tx.dialect() == "sqlite"
             ? tx.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                        "'sqlite_%' ORDER BY name")
             : tx.Query("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                        "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"));
  std::vector<std::string> out;
  for (const Row& row : rows) out.push_back(row.Text(0));
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::vector<std::string>> ListColumns(Transaction& tx, std::string_view table) {
  NQ_TRY(auto rows,
         tx.dialect() == "sqlite"
             ? tx.Query("SELECT name FROM pragma_table_info(?) ORDER BY cid", {std::string(table)})
             : tx.Query("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                        "current_schema() AND table_name = ? ORDER BY ordinal_position",
                        {std::string(table)}));
  if (rows.empty()) return MakeError(ErrorCode::kNotFound, "the store has no table {}", table);
  std::vector<std::string> out;
  for (const Row& row : rows) out.push_back(row.Text(0));
  return out;
}

Result<int64_t> CountTableRows(Transaction& tx, std::string_view table) {
  NQ_TRY(auto rows, tx.Query(fmt::format("SELECT COUNT(*) FROM {}", table)));
  return rows.at(0).Int(0);
}

Result<bool> TableHasRows(Transaction& tx, std::string_view table) {
  NQ_TRY(auto rows, tx.Query(fmt::format("SELECT 1 FROM {} LIMIT 1", table)));
  return !rows.empty();
}

Status ReadInKeyOrder(Transaction& tx, const CopiedTable& table,
                      const std::vector<std::string>& columns, size_t chunk_rows,
                      const std::function<Status(RowChunk&)>& take) {
  if (chunk_rows == 0) return MakeError(ErrorCode::kInvalidArgument, "a chunk holds 0 rows");
  std::vector<size_t> key_at;  // where each key column is in `columns`
  for (std::string_view key : SplitColumns(table.key)) {
    auto it = std::find(columns.begin(), columns.end(), key);
    if (it == columns.end()) {
      return MakeError(ErrorCode::kInvalidArgument, "{}: the columns read leave out key {}",
                       table.table, key);
    }
    key_at.push_back(static_cast<size_t>(it - columns.begin()));
  }
  const std::string list = JoinColumns(columns);
  const std::string first = fmt::format("SELECT {} FROM {} ORDER BY {} LIMIT {}", list, table.table,
                                        table.key, chunk_rows);
  const std::string next =
      fmt::format("SELECT {} FROM {} WHERE ({}) > ({}) ORDER BY {} LIMIT {}", list, table.table,
                  table.key, Placeholders(table.key), table.key, chunk_rows);
  SqlParams after;
  RowChunk chunk;
  for (;;) {
    NQ_TRY(auto rows, after.empty() ? tx.Query(first) : tx.Query(next, after));
    if (rows.empty()) return Ok();
    const bool last = rows.size() < chunk_rows;
    chunk.clear();
    chunk.reserve(rows.size());
    for (Row& row : rows) chunk.push_back(std::move(row).TakeValues());
    rows = {};
    after.clear();
    for (size_t at : key_at) after.push_back(chunk.back().at(at));
    NQ_RETURN_IF_ERROR(take(chunk));
    if (last) return Ok();
  }
}

Status WriteRows(Transaction& tx, std::string_view table, const std::vector<std::string>& columns,
                 const RowChunk& rows) {
  auto done = tx.CopyRows(table, JoinColumns(columns), rows);
  if (!done) {
    Error error = std::move(done).error();
    error.message = fmt::format("table {}: {}", table, error.message);
    return std::unexpected(std::move(error));
  }
  return Ok();
}

Status DeferReferenceChecks(Transaction& tx) {
  if (tx.dialect() != "sqlite") return Ok();
  return tx.ExecScript("PRAGMA defer_foreign_keys = ON");
}

}  // namespace nq::storage
