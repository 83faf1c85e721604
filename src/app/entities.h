// The list, read, create, change and delete use cases every plain entity shares, each run as a
// principal: a row out of sight answers not_found, one in sight but not allowed
// permission_denied, and a list holds only what the principal may read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/policy.h"
#include "app/use_cases.h"

namespace nq::app {

template <typename T>
constexpr bool kVersioned = requires(T t) {
  t.version;
};

// The entity's name in URLs, audit rows and errors: "unit", "obligation"…
template <typename T>
std::string_view EntityName() {
  return storage::EntityName<T>();
}

// A list restricted to rows whose `column` holds `value` (from a query parameter such as
// ?unit_id=3 or ?period=2021).
struct FieldFilter {
  std::string column;
  std::variant<Id, std::string> value;
};

// The store's filters for `filters`.
inline storage::Filters StoreFilters(const std::vector<FieldFilter>& filters) {
  storage::Filters where;
  for (const FieldFilter& filter : filters) {
    where.push_back(std::visit([&](const auto& value) { return storage::Eq(filter.column, value); },
                               filter.value));
  }
  return where;
}

// The rows the principal may see, in order.
template <typename T>
Result<std::vector<T>> VisibleRows(storage::Transaction& tx, const Access& access,
                                   std::vector<T> rows) {
  std::vector<T> out;
  for (T& row : rows) {
    NQ_TRY(bool readable, Readable(tx, access, row));
    if (readable) out.push_back(std::move(row));
  }
  return out;
}

// The rows matching every filter that the principal may read, ordered by id.
template <typename T>
Result<std::vector<T>> ListVisible(Service& service, const Principal& principal,
                                   const std::vector<FieldFilter>& filters = {}) {
  const storage::Filters where = StoreFilters(filters);
  Access access(principal, service.engine(), service.Today());
  return service.database().Read([&](storage::Transaction& tx) -> Result<std::vector<T>> {
    NQ_TRY(auto rows, storage::List<T>(tx, where));
    return VisibleRows(tx, access, std::move(rows));
  });
}

// The row with `id`; not_found when it is missing or out of the principal's sight.
template <typename T>
Result<T> FindVisible(Service& service, const Principal& principal, Id id) {
  Access access(principal, service.engine(), service.Today());
  return service.database().Read([&](storage::Transaction& tx) -> Result<T> {
    NQ_TRY(T row, storage::Get<T>(tx, id));
    NQ_RETURN_IF_ERROR(RequireRead(tx, access, row, fmt::format("{} {}", EntityName<T>(), id)));
    return row;
  });
}

// Creates `row` when the principal may write it and everything it points at is theirs to use.
template <typename T>
Result<T> CreateAs(WriteScope& scope, const Access& access, T row) {
  NQ_RETURN_IF_ERROR(
      RequireWrite(scope.tx(), access, row, fmt::format("a new {}", EntityName<T>())));
  NQ_RETURN_IF_ERROR(RequireReferences(scope.tx(), access, row));
  return CreateEntity(scope, std::move(row));
}

// Applies the JSON merge `patch` to row `id`: the principal must be allowed to change the row
// both as it is and as it would become. `expected` is the version the caller read.
template <typename T>
Result<T> PatchAs(WriteScope& scope, const Access& access, Id id, const json::value& patch,
                  std::optional<int64_t> expected) {
  NQ_TRY(T row, storage::Get<T>(scope.tx(), id));
  const std::string what = fmt::format("{} {}", EntityName<T>(), id);
  NQ_RETURN_IF_ERROR(RequireRead(scope.tx(), access, row, what));
  NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, row, what));
  const T before = row;
  NQ_RETURN_IF_ERROR(formats::FromJson(patch, row, /*partial=*/true));
  NQ_RETURN_IF_ERROR(CheckPatch(before, row));
  NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, row, what));
  NQ_RETURN_IF_ERROR(RequireReferences(scope.tx(), access, row, &before));
  row.id = id;
  if constexpr (kVersioned<T>) row.version = expected.value_or(0);
  return UpdateEntity(scope, std::move(row));
}

// Deletes row `id` when the principal may change it.
template <typename T>
Status DeleteAs(WriteScope& scope, const Access& access, Id id, std::optional<int64_t> expected) {
  NQ_TRY(T stored, storage::Get<T>(scope.tx(), id));
  const std::string what = fmt::format("{} {}", EntityName<T>(), id);
  NQ_RETURN_IF_ERROR(RequireRead(scope.tx(), access, stored, what));
  NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, stored, what));
  return DeleteEntity<T>(scope, id, expected);
}

}  // namespace nq::app
