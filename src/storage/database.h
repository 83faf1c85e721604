// Database: the interface every store implements (SQLite embedded, PostgreSQL server).
// Callers write portable SQL with `?` placeholders; the driver adapts it to its dialect.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "common/result.h"

namespace nq::storage {

using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;
using SqlParams = std::vector<SqlValue>;

inline SqlValue Null() { return std::monostate{}; }
template <typename T>
SqlValue Opt(const std::optional<T>& value) {
  if (!value) return std::monostate{};
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<double>(*value);
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<int64_t>(*value);
  } else {
    return SqlValue(*value);
  }
}

// One result row. Accessors do not fail: a NULL reads as 0 / "" (use the Opt forms to tell).
class Row final {
 public:
  explicit Row(std::vector<SqlValue> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t column) const;
  int64_t Int(size_t column) const;
  double Real(size_t column) const;
  std::string Text(size_t column) const;
  std::optional<int64_t> OptInt(size_t column) const;
  std::optional<double> OptReal(size_t column) const;
  std::optional<std::string> OptText(size_t column) const;
  // Every value as the store gave it, one per column (copying rows as they are).
  const std::vector<SqlValue>& values() const { return values_; }
  std::vector<SqlValue> TakeValues() && { return std::move(values_); }

 private:
  std::vector<SqlValue> values_;
};

// A transaction. Not thread-safe; lives only inside Database::Write/Read.
class Transaction {
 public:
  virtual ~Transaction() = default;
  // "sqlite" or "postgres", as Database::dialect(): the store functions that take a faster path
  // on one store (bulk writes) choose it by this.
  virtual std::string_view dialect() const = 0;
  // Runs a statement; returns the number of rows it changed.
  virtual Result<int64_t> Exec(std::string_view sql, const SqlParams& params = {}) = 0;
  virtual Result<std::vector<Row>> Query(std::string_view sql, const SqlParams& params = {}) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
  // Called after rows were inserted with their own ids (restore): a store that hands out ids
  // from sequences moves them past the largest id. Nothing to do for SQLite.
  virtual Status AfterInsertsKeepingIds() { return Ok(); }
  // Inserts many rows into `table`; `columns` is "a, b, c" and each row holds one value per
  // column. The default runs one INSERT per row; PostgreSQL streams them with COPY … FROM STDIN.
  // A constraint failure fails the whole call (already_exists, failed_precondition).
  virtual Status CopyRows(std::string_view table, std::string_view columns,
                          const std::vector<SqlParams>& rows);
};

class Database {
 public:
  virtual ~Database() = default;

  // "sqlite" or "postgres": selects the migration scripts.
  virtual std::string_view dialect() const = 0;
  // A token naming this process's writes in the change log (storage/change_log.h), so that its
  // change feed can tell them from other processes' writes; "" for a single-process store.
  virtual std::string_view origin() const { return {}; }

  // Runs `fn` in a write transaction and commits when it returns success; rolls back on error.
  // Writers are serialised: there is one writer path, so callers never see a busy error.
  // The commit is durable when this returns success.
  virtual Status WriteTx(const std::function<Status(Transaction&)>& fn) = 0;
  // Runs `fn` in a read-only snapshot. Thread-safe; readers do not block the writer.
  virtual Status ReadTx(const std::function<Status(Transaction&)>& fn) = 0;

  template <typename F>
  auto Write(F&& fn) -> std::invoke_result_t<F, Transaction&> {
    return Run(&Database::WriteTx, std::forward<F>(fn));
  }
  template <typename F>
  auto Read(F&& fn) -> std::invoke_result_t<F, Transaction&> {
    return Run(&Database::ReadTx, std::forward<F>(fn));
  }

 private:
  template <typename F>
  auto Run(Status (Database::*tx)(const std::function<Status(Transaction&)>&), F&& fn)
      -> std::invoke_result_t<F, Transaction&> {
    using R = std::invoke_result_t<F, Transaction&>;
    if constexpr (std::is_same_v<R, Status>) {
      return (this->*tx)(fn);
    } else {
      std::optional<typename R::value_type> out;
      Status status = (this->*tx)([&](Transaction& t) -> Status {
        R r = fn(t);
        if (!r) return std::unexpected(std::move(r).error());
        out.emplace(std::move(*r));
        return Ok();
      });
      if (!status) return std::unexpected(std::move(status).error());
      return std::move(*out);
    }
  }
};

}  // namespace nq::storage
