#include "app/bundle/migrate.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <optional>

#include "common/clock.h"
#include "storage/change_log.h"
#include "storage/store_copy.h"

namespace nq::app {
namespace {

using storage::CopiedTable;
using storage::RowChunk;
using storage::SqlValue;
using storage::Transaction;

// The rows of one table as they stream by: how many, and an FNV-1a checksum (64 bits: stable
// across runs and machines, enough to tell two copies apart) of their values in order. Each value
// is written with its type (1, 1.0 and "1" differ), text with its length, a real as its shortest
// form that reads back the same.
class TableSum {
 public:
  void Add(const RowChunk& rows) {
    for (const auto& row : rows) {
      for (const SqlValue& value : row) AddValue(value);
      Hash("\x1e");
      ++rows_;
    }
  }
  int64_t rows() const { return rows_; }
  std::string Hex() const { return fmt::format("{:016x}", hash_); }

 private:
  void Hash(std::string_view bytes) {
    for (char c : bytes) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 0x100000001b3ULL;
    }
  }
  template <typename N>
  void AddNumber(char type, N number) {
    char buffer[40];
    buffer[0] = type;
    auto end = std::to_chars(buffer + 1, buffer + sizeof buffer, number).ptr;
    Hash(std::string_view(buffer, static_cast<size_t>(end - buffer)));
  }
  void AddValue(const SqlValue& value) {
    if (std::holds_alternative<std::monostate>(value)) {
      Hash("N");
    } else if (auto* i = std::get_if<int64_t>(&value)) {
      AddNumber('i', *i);
    } else if (auto* d = std::get_if<double>(&value)) {
      AddNumber('r', *d);
    } else {
      const std::string& text = std::get<std::string>(value);
      AddNumber('t', text.size());
      Hash(":");
      Hash(text);
    }
    Hash("\x1f");
  }

  uint64_t hash_ = 0xcbf29ce484222325ULL;
  int64_t rows_ = 0;
};

// One table on one side: its row count and the checksum of its rows in key order.
struct TableState {
  int64_t rows = 0;
  std::string checksum;
};

// Reads `table` in key order a chunk at a time, reporting "<verb> <table>" to the options'
// control, and hands each chunk to `also` (the copy writes it into the target).
Result<TableState> StreamTable(Transaction& tx, const CopiedTable& table,
                               const std::vector<std::string>& columns,
                               const MigrateOptions& options, std::string_view verb,
                               const std::function<Status(const RowChunk&)>& also) {
  NQ_TRY(int64_t total, storage::CountTableRows(tx, table.table));
  const std::string phase = fmt::format("{} {}", verb, table.table);
  const size_t all = static_cast<size_t>(total);
  options.control.Report(phase, 0, all);
  TableSum sum;
  auto take = [&](RowChunk& rows) -> Status {
    sum.Add(rows);
    NQ_RETURN_IF_ERROR(also(rows));
    options.control.Report(phase, static_cast<size_t>(sum.rows()), all);
    return options.control.CheckCancelled("the migration");
  };
  NQ_RETURN_IF_ERROR(storage::ReadInKeyOrder(tx, table, columns, options.chunk_rows, take));
  if (sum.rows() != total) {
    return MakeError(ErrorCode::kInternal, "table {}: {} rows counted but {} read", table.table,
                     total, sum.rows());
  }
  return TableState{total, sum.Hex()};
}

// The columns of every copied table, as the source store has them.
Result<std::vector<std::vector<std::string>>> ColumnsOf(Transaction& tx) {
  std::vector<std::vector<std::string>> out;
  for (const CopiedTable& table : storage::CopiedTables()) {
    NQ_TRY(auto columns, storage::ListColumns(tx, table.table));
    out.push_back(std::move(columns));
  }
  return out;
}

// failed_precondition unless the store's `table` has every one of `columns`.
Status RequireColumns(Transaction& tx, std::string_view table,
                      const std::vector<std::string>& columns) {
  NQ_TRY(auto has, storage::ListColumns(tx, table));
  for (const std::string& column : columns) {
    if (std::find(has.begin(), has.end(), column) == has.end()) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the target store has no column {}.{}: is it at the same schema version "
                       "as the source?",
                       table, column);
    }
  }
  return Ok();
}

// Every copied table read back in `tx` with the source's `columns`.
Result<std::vector<TableState>> CheckTables(Transaction& tx,
                                            const std::vector<std::vector<std::string>>& columns,
                                            const MigrateOptions& options) {
  std::vector<TableState> out;
  for (size_t i = 0; i < storage::CopiedTables().size(); ++i) {
    const CopiedTable& table = storage::CopiedTables()[i];
    NQ_RETURN_IF_ERROR(RequireColumns(tx, table.table, columns[i]));
    NQ_TRY(TableState state, StreamTable(tx, table, columns[i], options, "checking",
                                         [](const RowChunk&) { return Ok(); }));
    out.push_back(std::move(state));
  }
  return out;
}

MigrationReport Compare(const std::vector<TableState>& source,
                        const std::vector<TableState>& target) {
  MigrationReport report;
  for (size_t i = 0; i < storage::CopiedTables().size(); ++i) {
    report.checks.push_back({std::string(storage::CopiedTables()[i].table), source[i].rows,
                             target[i].rows, source[i].checksum, target[i].checksum});
  }
  return report;
}

// failed_precondition naming the first copied table that holds a row.
Status RequireEmpty(Transaction& tx) {
  for (const CopiedTable& table : storage::CopiedTables()) {
    NQ_TRY(bool has_rows, storage::TableHasRows(tx, table.table));
    if (has_rows) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the target store already holds data (table {}); a store is moved only "
                       "into an empty one",
                       table.table);
    }
  }
  return Ok();
}

}  // namespace

bool MigrationReport::ok() const {
  for (const MigrationCheck& check : checks) {
    if (!check.ok()) return false;
  }
  return !checks.empty();
}

Result<MigrationReport> VerifyMigration(storage::Database& source, storage::Database& target,
                                        const MigrateOptions& options) {
  std::vector<std::vector<std::string>> columns;
  auto read_source = [&](Transaction& tx) -> Result<std::vector<TableState>> {
    NQ_TRY(columns, ColumnsOf(tx));
    return CheckTables(tx, columns, options);
  };
  auto read_target = [&](Transaction& tx) { return CheckTables(tx, columns, options); };
  NQ_TRY(auto from, source.Read(read_source));
  NQ_TRY(auto to, target.Read(read_target));
  return Compare(from, to);
}

Result<MigrationReport> MigrateStore(storage::Database& source, storage::Database& target,
                                     const MigrateOptions& options) {
  std::optional<MigrationReport> differs;
  auto migrated = target.Write([&](Transaction& to) -> Result<MigrationReport> {
    NQ_RETURN_IF_ERROR(RequireEmpty(to));
    NQ_RETURN_IF_ERROR(storage::DeferReferenceChecks(to));
    std::vector<std::vector<std::string>> columns;
    std::vector<TableState> from;
    // The source in one snapshot, the target in this one transaction: all or nothing.
    auto copy = [&](Transaction& tx) -> Status {
      NQ_TRY(columns, ColumnsOf(tx));
      for (size_t i = 0; i < storage::CopiedTables().size(); ++i) {
        const CopiedTable& table = storage::CopiedTables()[i];
        NQ_RETURN_IF_ERROR(RequireColumns(to, table.table, columns[i]));
        NQ_TRY(TableState state,
               StreamTable(tx, table, columns[i], options, "copying", [&](const RowChunk& rows) {
                 return storage::WriteRows(to, table.table, columns[i], rows);
               }));
        from.push_back(std::move(state));
      }
      return Ok();
    };
    NQ_RETURN_IF_ERROR(source.Read(copy));
    NQ_RETURN_IF_ERROR(to.AfterInsertsKeepingIds());  // new rows must not reuse copied ids
    // Rows written outside the change log's view: whoever follows the target reloads.
    NQ_RETURN_IF_ERROR(storage::AppendChange(to, "store", 0, storage::kChangeReload,
                                             target.origin(), SystemClock().Now()));
    NQ_TRY(auto copied, CheckTables(to, columns, options));
    MigrationReport report = Compare(from, copied);
    if (!report.ok()) {
      differs = std::move(report);
      return MakeError(ErrorCode::kAborted, "the target differs from the source");
    }
    return report;
  });
  if (differs) return std::move(*differs);
  return migrated;
}

}  // namespace nq::app
