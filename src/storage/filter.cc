#include "storage/filter.h"

#include <algorithm>

namespace nq::storage {
namespace {

bool HasColumn(std::string_view columns, std::string_view name) {
  if (name == "id") return true;
  size_t start = 0;
  while (start <= columns.size()) {
    size_t comma = std::min(columns.find(',', start), columns.size());
    std::string_view column = columns.substr(start, comma - start);
    while (!column.empty() && column.front() == ' ') column.remove_prefix(1);
    if (column == name) return true;
    start = comma + 1;
  }
  return false;
}

std::string Condition(const std::string& column, const Filter& filter) {
  switch (filter.op) {
    case Filter::Op::kEqual:
      return column + " = ?";
    case Filter::Op::kNotEqual:
      return column + " <> ?";
    case Filter::Op::kIsNull:
      return column + " IS NULL";
    case Filter::Op::kNotNull:
      return column + " IS NOT NULL";
    case Filter::Op::kOpenOn:
      break;  // written by WhereSql
    case Filter::Op::kIn: {
      if (filter.values.empty()) return "1 = 0";
      std::string list = "?";
      for (size_t i = 1; i < filter.values.size(); ++i) list += ", ?";
      return column + " IN (" + list + ")";
    }
  }
  return "1 = 0";
}

}  // namespace

Result<std::string> WhereSql(const Filters& filters, std::string_view columns, SqlParams& params) {
  std::string where;
  for (const Filter& filter : filters) {
    if (filter.op == Filter::Op::kOpenOn) {
      if (filter.columns.size() != 2 || !HasColumn(columns, filter.columns[0]) ||
          !HasColumn(columns, filter.columns[1]) || filter.values.size() != 1) {
        return MakeError(ErrorCode::kInternal, "a span filter needs two columns of the table");
      }
      if (!where.empty()) where += " AND ";
      where += fmt::format("{0} <= ? AND ({1} IS NULL OR {1} >= ?)", filter.columns[0],
                           filter.columns[1]);
      params.push_back(filter.values[0]);
      params.push_back(filter.values[0]);
      continue;
    }
    std::string any;
    for (const std::string& column : filter.columns) {
      if (!HasColumn(columns, column)) {
        return MakeError(ErrorCode::kInternal, "no column \"{}\" to filter on", column);
      }
      if (!any.empty()) any += " OR ";
      any += Condition(column, filter);
      params.insert(params.end(), filter.values.begin(), filter.values.end());
    }
    if (filter.columns.empty()) continue;
    if (!where.empty()) where += " AND ";
    where += filter.columns.size() == 1 ? any : "(" + any + ")";
  }
  return where;
}

}  // namespace nq::storage
