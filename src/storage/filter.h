// Filter: a typed condition on one column of an entity's table. Lists take filters, never SQL
// text; the store checks each column against the table's own and writes the SQL itself.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/database.h"

namespace nq::storage {

struct Filter {
  enum class Op { kEqual, kNotEqual, kIsNull, kNotNull, kIn, kOpenOn };
  // The condition holds when it holds for any of these columns (usually one).
  std::vector<std::string> columns;
  Op op = Op::kEqual;
  // One for kEqual, kNotEqual and kOpenOn, none for kIsNull and kNotNull, any for kIn.
  SqlParams values;
};
using Filters = std::vector<Filter>;

inline Filter Eq(std::string column, SqlValue value) {
  return {{std::move(column)}, Filter::Op::kEqual, {std::move(value)}};
}
inline Filter NotEq(std::string column, SqlValue value) {
  return {{std::move(column)}, Filter::Op::kNotEqual, {std::move(value)}};
}
inline Filter IsNull(std::string column) { return {{std::move(column)}, Filter::Op::kIsNull, {}}; }
inline Filter NotNull(std::string column) {
  return {{std::move(column)}, Filter::Op::kNotNull, {}};
}
inline Filter In(std::string column, SqlParams values) {
  return {{std::move(column)}, Filter::Op::kIn, std::move(values)};
}
// The span [columns[0], columns[1]] (a start date and an end date or NULL, both inclusive)
// covers `date`.
inline Filter OpenOn(std::string from_column, std::string to_column, std::string date) {
  return {{std::move(from_column), std::move(to_column)}, Filter::Op::kOpenOn, {std::move(date)}};
}
// `value` equals any one of `columns`.
inline Filter EqAny(std::vector<std::string> columns, SqlValue value) {
  return {std::move(columns), Filter::Op::kEqual, {std::move(value)}};
}

// The SQL after WHERE for `filters` (ANDed; "" when empty) over a table whose columns are
// `columns` ("id" and the comma-separated list), appending the bound values to `params`.
// internal when a filter names a column the table does not have.
Result<std::string> WhereSql(const Filters& filters, std::string_view columns, SqlParams& params);

}  // namespace nq::storage
