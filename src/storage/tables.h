// Table<T>: how each entity maps to its table's columns, derived from the registry. Private to
// storage/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "domain/registry.h"
#include "storage/store.h"

namespace nq::storage {

// Derived from the entity's entry in domain/registry.h:
//   kTable, kEntity     table and entity names
//   Columns()           the columns after `id`, comma-separated, in ToParams order
//   kVersioned          whether updates check and bump `version`
//   kHasCode            whether a unique `code` column exists
//   ToParams(row)       values for Columns()
//   FromRow(row)        the entity from `id, Columns()…`; internal for a corrupt row
namespace table_internal {

using domain::ColumnDef;
using domain::DerivedDef;
using domain::EmbeddedDef;

template <typename T>
inline constexpr bool IsOptionalType = domain::IsOptional<T>::value;

// ---- One column's value, by the member's type.
inline SqlValue ToSql(const std::string& text) { return text; }
inline SqlValue ToSql(int64_t number) { return number; }
inline SqlValue ToSql(int number) { return int64_t{number}; }
inline SqlValue ToSql(bool flag) { return int64_t{flag ? 1 : 0}; }
inline SqlValue ToSql(double number) { return number; }
inline SqlValue ToSql(const Date& date) { return date.ToString(); }
inline SqlValue ToSql(const domain::Period& period) { return period.ToString(); }
SqlValue ToSql(const std::vector<domain::Id>& ids);  // "3,5,8"
SqlValue ToSql(const domain::Evidence& evidence);    // a JSON object
template <typename E>
requires std::is_enum_v<E> SqlValue ToSql(E value) {
  return std::string(domain::EnumNames<E>::Name(value));
}
template <typename T>
SqlValue ToSql(const std::optional<T>& value) {
  return value ? ToSql(*value) : Null();
}

// Reading a column back fails only for a corrupt row (a date or a name that does not parse).
inline Status FromSql(const Row& row, size_t column, std::string& out) {
  out = row.Text(column);
  return Ok();
}
inline Status FromSql(const Row& row, size_t column, int64_t& out) {
  out = row.Int(column);
  return Ok();
}
inline Status FromSql(const Row& row, size_t column, int& out) {
  out = static_cast<int>(row.Int(column));
  return Ok();
}
inline Status FromSql(const Row& row, size_t column, bool& out) {
  out = row.Int(column) != 0;
  return Ok();
}
inline Status FromSql(const Row& row, size_t column, double& out) {
  out = row.Real(column);
  return Ok();
}
Status FromSql(const Row& row, size_t column, Date& out);
Status FromSql(const Row& row, size_t column, domain::Period& out);
Status FromSql(const Row& row, size_t column, std::optional<domain::Period>& out);
Status FromSql(const Row& row, size_t column, std::vector<domain::Id>& out);
Status FromSql(const Row& row, size_t column, domain::Evidence& out);
template <typename E>
requires std::is_enum_v<E> Status FromSql(const Row& row, size_t column, E& out) {
  NQ_TRY(out, domain::EnumNames<E>::Parse(row.Text(column)));
  return Ok();
}
template <typename T>
Status FromSql(const Row& row, size_t column, std::optional<T>& out) {
  if (row.IsNull(column)) {
    out.reset();
    return Ok();
  }
  T value{};
  NQ_RETURN_IF_ERROR(FromSql(row, column, value));
  out = std::move(value);
  return Ok();
}

// ---- A whole description: names, values and decoding, entry by entry.
template <typename T>
constexpr size_t ColumnCount();

template <typename O, typename M>
constexpr size_t CountOf(const ColumnDef<O, M>&) {
  return 1;
}
template <typename O, typename P>
constexpr size_t CountOf(const EmbeddedDef<O, P>&) {
  return ColumnCount<domain::PartType<P>>();
}
template <typename O, typename R>
constexpr size_t CountOf(const DerivedDef<O, R>&) {
  return 0;
}
template <typename T>
constexpr size_t ColumnCount() {
  return std::apply([](const auto&... entry) { return (size_t{0} + ... + CountOf(entry)); },
                    domain::Schema<T>::kFields);
}

template <typename T>
void AppendNames(std::string& out) {
  domain::ForEachField<T>([&](const auto& entry) {
    using Entry = std::decay_t<decltype(entry)>;
    if constexpr (domain::kIsColumn<Entry>) {
      out += out.empty() ? "" : ", ";
      out += entry.name;
    } else if constexpr (domain::kIsEmbedded<Entry>) {
      AppendNames<domain::PartType<std::remove_cvref_t<decltype(std::declval<T>().*entry.member)>>>(
          out);
    }
  });
}

template <typename T>
void AppendValues(const T& row, SqlParams& out);

template <typename P>
void AppendPart(const P& part, SqlParams& out) {
  AppendValues(part, out);
}
template <typename P>
void AppendPart(const std::optional<P>& part, SqlParams& out) {
  if (part) return AppendValues(*part, out);
  out.insert(out.end(), ColumnCount<P>(), Null());
}

template <typename T>
void AppendValues(const T& row, SqlParams& out) {
  domain::ForEachField<T>([&](const auto& entry) {
    using Entry = std::decay_t<decltype(entry)>;
    if constexpr (domain::kIsColumn<Entry>) {
      out.push_back(ToSql(row.*entry.member));
    } else if constexpr (domain::kIsEmbedded<Entry>) {
      AppendPart(row.*entry.member, out);
    }
  });
}

template <typename T>
Status ReadValues(const Row& row, size_t& column, T& out);

template <typename P>
Status ReadPart(const Row& row, size_t& column, P& part) {
  return ReadValues(row, column, part);
}
template <typename P>
Status ReadPart(const Row& row, size_t& column, std::optional<P>& part) {
  if (row.IsNull(column)) {  // an absent part: all of its columns are NULL
    part.reset();
    column += ColumnCount<P>();
    return Ok();
  }
  P value{};
  NQ_RETURN_IF_ERROR(ReadValues(row, column, value));
  part = std::move(value);
  return Ok();
}

template <typename T>
Status ReadValues(const Row& row, size_t& column, T& out) {
  Status status = Ok();
  domain::ForEachField<T>([&](const auto& entry) {
    using Entry = std::decay_t<decltype(entry)>;
    if (!status) return;
    if constexpr (domain::kIsColumn<Entry>) {
      status = FromSql(row, column++, out.*entry.member);
      if (!status) {
        status =
            MakeError(ErrorCode::kInternal, "column {}: {}", entry.name, status.error().message);
      }
    } else if constexpr (domain::kIsEmbedded<Entry>) {
      status = ReadPart(row, column, out.*entry.member);
    }
  });
  return status;
}

// ---- The column's SQL type, for migrations written from the registry.
template <typename M>
std::string_view SqlType(std::string_view dialect) {
  bool sqlite = dialect == "sqlite";
  if constexpr (IsOptionalType<M>) {
    return SqlType<typename M::value_type>(dialect);
  } else if constexpr (std::is_same_v<M, int64_t> || std::is_same_v<M, int> ||
                       std::is_same_v<M, bool>) {
    return sqlite ? "INTEGER" : "BIGINT";
  } else if constexpr (std::is_same_v<M, double>) {
    return sqlite ? "REAL" : "DOUBLE PRECISION";
  } else {
    return "TEXT";  // text, dates, periods, names of enums, id lists, JSON
  }
}

// A value as an SQL literal: 'text' quoted, numbers as they are.
std::string Literal(const SqlValue& value);

// "name TYPE" for a nullable (optional) member, "name TYPE NOT NULL DEFAULT x" otherwise, where x
// is the member's value in a default-constructed owner.
template <typename Owner, typename M>
std::string ColumnSql(const ColumnDef<Owner, M>& column, std::string_view dialect, bool nullable) {
  std::string out = fmt::format("{} {}", column.name, SqlType<M>(dialect));
  if (!nullable && !IsOptionalType<M>) {
    out += fmt::format(" NOT NULL DEFAULT {}", Literal(ToSql(Owner{}.*column.member)));
  }
  return out;
}

// The definition of `column` of T (its own, or one of an embedded part's), if T has one.
template <typename T>
std::optional<std::string> FindColumnSql(std::string_view column, std::string_view dialect,
                                         bool nullable = false) {
  std::optional<std::string> found;
  domain::ForEachField<T>([&](const auto& entry) {
    using Entry = std::decay_t<decltype(entry)>;
    if (found) return;
    if constexpr (domain::kIsColumn<Entry>) {
      if (entry.name == column) found = ColumnSql(entry, dialect, nullable);
    } else if constexpr (domain::kIsEmbedded<Entry>) {
      using Part = std::remove_cvref_t<decltype(std::declval<T>().*entry.member)>;
      found =
          FindColumnSql<domain::PartType<Part>>(column, dialect, nullable || IsOptionalType<Part>);
    }
  });
  return found;
}

}  // namespace table_internal

// The statement that adds `column` of T's registry entry to `table` (T's own by default), typed
// and defaulted from the entry: a migration that adds a field is this one call.
template <typename T>
Result<std::string> AddColumnSql(std::string_view dialect, std::string_view column,
                                 std::string_view table = domain::Schema<T>::kTable) {
  auto definition = table_internal::FindColumnSql<T>(column, dialect);
  if (!definition) {
    return MakeError(ErrorCode::kInternal, "{} has no column \"{}\" in the registry",
                     domain::Schema<T>::kEntity, column);
  }
  return fmt::format("ALTER TABLE {} ADD COLUMN {}", table, *definition);
}

template <typename T>
struct Table {
  static constexpr std::string_view kTable = domain::Schema<T>::kTable;
  static constexpr std::string_view kEntity = domain::Schema<T>::kEntity;
  static constexpr bool kVersioned = domain::Schema<T>::kVersioned;
  static constexpr bool kHasCode = domain::Schema<T>::kHasCode;

  static const std::string& Columns() {
    static const std::string columns = [] {
      std::string out;
      table_internal::AppendNames<T>(out);
      return out;
    }();
    return columns;
  }
  static SqlParams ToParams(const T& row) {
    SqlParams out;
    out.reserve(table_internal::ColumnCount<T>());
    table_internal::AppendValues(row, out);
    return out;
  }
  static Result<T> FromRow(const Row& row) {
    T out{};
    out.id = row.Int(0);
    size_t column = 1;
    Status read = table_internal::ReadValues(row, column, out);
    if (!read) {
      return MakeError(ErrorCode::kInternal, "corrupt row in {} (id {}): {}", kTable, out.id,
                       read.error().message);
    }
    return out;
  }
};

// "a, b, c" → "?, ?, ?": the placeholders of an INSERT of `columns`.
std::string Placeholders(std::string_view columns);

// The columns of data_values that make a Value ("id, indicator_id, …"), in ValueFromRow's order.
const std::string& ValueColumns();
// The Value of a row that starts with ValueColumns(); internal for a corrupt row.
Result<domain::Value> ValueFromRow(const Row& row);

}  // namespace nq::storage
