#include "storage/database.h"

#include <cmath>

namespace nq::storage {

bool Row::IsNull(size_t column) const {
  return std::holds_alternative<std::monostate>(values_.at(column));
}

int64_t Row::Int(size_t column) const {
  const SqlValue& v = values_.at(column);
  if (auto* i = std::get_if<int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(std::llround(*d));
  if (auto* s = std::get_if<std::string>(&v)) return std::strtoll(s->c_str(), nullptr, 10);
  return 0;
}

double Row::Real(size_t column) const {
  const SqlValue& v = values_.at(column);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (auto* s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
  return 0;
}

std::string Row::Text(size_t column) const {
  const SqlValue& v = values_.at(column);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  return {};
}

std::optional<int64_t> Row::OptInt(size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::optional<double> Row::OptReal(size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return Real(column);
}

std::optional<std::string> Row::OptText(size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

Status Transaction::CopyRows(std::string_view table, std::string_view columns,
                             const std::vector<SqlParams>& rows) {
  std::string placeholders = "?";
  for (char c : columns) {
    if (c == ',') placeholders += ", ?";
  }
  std::string sql = fmt::format("INSERT INTO {} ({}) VALUES ({})", table, columns, placeholders);
  for (const SqlParams& row : rows) {
    NQ_RETURN_IF_ERROR(Exec(sql, row));
  }
  return Ok();
}

}  // namespace nq::storage
