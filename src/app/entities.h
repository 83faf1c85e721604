// The list, read, create, change and delete use cases every plain entity shares, each run as a
// principal: a row out of sight answers not_found, one in sight but not allowed
// permission_denied, and a list holds only what the principal may read. Each write runs in its
// own transaction (MutateAs) and answers the Reply the API sends.
#pragma once

#include <boost/json.hpp>
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

// The rows as their JSON forms, in order (the "items" of a list).
template <typename T>
json::array RowsJson(const std::vector<T>& rows) {
  json::array items;
  items.reserve(rows.size());
  for (const T& row : rows) items.push_back(formats::ToJson(row));
  return items;
}

// Creates `row` when the principal may write it and everything it points at is theirs to use.
// Reply 201: the row created.
template <typename T>
Result<Reply> CreateAs(Service& service, const Principal& principal, const Actor& actor,
                       std::string_view fingerprint, const T& row) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, row,
                                                    fmt::format("a new {}", EntityName<T>())));
                    NQ_RETURN_IF_ERROR(RequireReferences(scope.tx(), access, row));
                    NQ_TRY(T created, CreateEntity(scope, row));
                    return Reply{201, formats::ToJson(created)};
                  });
}

// Row `id` when the principal may see it and change it as it is: not_found when it is missing
// or out of sight, permission_denied when seen but not theirs to change.
template <typename T>
Result<T> ChangeableRow(WriteScope& scope, const Access& access, Id id) {
  NQ_TRY(T row, storage::Get<T>(scope.tx(), id));
  const std::string what = fmt::format("{} {}", EntityName<T>(), id);
  NQ_RETURN_IF_ERROR(RequireRead(scope.tx(), access, row, what));
  NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, row, what));
  return row;
}

// Applies the JSON merge `patch` to row `id`: the principal must be allowed to change the row
// both as it is and as it would become. `expected` is the version the caller read. Reply 200:
// the row as changed.
template <typename T>
Result<Reply> PatchAs(Service& service, const Principal& principal, const Actor& actor,
                      std::string_view fingerprint, Id id, const json::value& patch,
                      std::optional<int64_t> expected) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    NQ_TRY(T row, ChangeableRow<T>(scope, access, id));
                    const T before = row;
                    NQ_RETURN_IF_ERROR(formats::FromJson(patch, row, /*partial=*/true));
                    NQ_RETURN_IF_ERROR(CheckPatch(before, row));
                    NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, row,
                                                    fmt::format("{} {}", EntityName<T>(), id)));
                    NQ_RETURN_IF_ERROR(RequireReferences(scope.tx(), access, row, &before));
                    row.id = id;
                    if constexpr (kVersioned<T>) row.version = expected.value_or(0);
                    NQ_TRY(T updated, UpdateEntity(scope, std::move(row)));
                    return Reply{200, formats::ToJson(updated)};
                  });
}

// Deletes row `id` when the principal may change it. Reply 200: {"deleted": id}.
template <typename T>
Result<Reply> DeleteAs(Service& service, const Principal& principal, const Actor& actor,
                       std::string_view fingerprint, Id id, std::optional<int64_t> expected) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    NQ_RETURN_IF_ERROR(ChangeableRow<T>(scope, access, id));
                    NQ_RETURN_IF_ERROR(DeleteEntity<T>(scope, id, expected));
                    return Reply{200, json::object{{"deleted", id}}};
                  });
}

}  // namespace nq::app
