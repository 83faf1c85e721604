// AddCrud<T>: the list / get / create / patch / delete routes every plain entity shares.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api/authorize.h"
#include "api/call.h"
#include "formats/codec.h"
#include "app/use_cases.h"
#include "storage/store.h"

namespace nq::api {

struct CrudOptions {
  // Query parameters accepted by the list route, each an id compared with a column.
  std::vector<std::pair<std::string, std::string>> id_filters;
  bool create = true;
  bool patch = true;
  bool remove = false;
};

template <typename T>
constexpr bool kVersioned = requires(T t) {
  t.version;
};

// A WHERE clause built from query parameters; the first malformed one is the error.
class QueryFilter final {
 public:
  explicit QueryFilter(const Call& call) : call_(call) {}

  // "column = ?" when query parameter `param` (a positive id) is present.
  QueryFilter& Id(const std::string& param, const std::string& column) {
    auto id = call_.QueryId(param);
    if (!id) return Fail(id.error());
    if (*id) Add(column, **id);
    return *this;
  }
  // "column = ?" when query parameter `param` (a period code) is present.
  QueryFilter& Period(const std::string& param, const std::string& column) {
    auto period = call_.QueryPeriod(param);
    if (!period) return Fail(period.error());
    if (*period) Add(column, (*period)->ToString());
    return *this;
  }
  QueryFilter& Add(const std::string& column, storage::SqlValue value) {
    where_ += fmt::format("{}{} = ?", where_.empty() ? "" : " AND ", column);
    params_.push_back(std::move(value));
    return *this;
  }

  const std::optional<Error>& error() const { return error_; }
  const std::string& where() const { return where_; }
  const storage::SqlParams& params() const { return params_; }

 private:
  QueryFilter& Fail(Error error) {
    if (!error_) error_ = std::move(error);
    return *this;
  }
  const Call& call_;
  std::string where_;
  storage::SqlParams params_;
  std::optional<Error> error_;
};

// The list answer: {"items": [...], "count": n}.
template <typename T>
json::value ListJson(const std::vector<T>& rows) {
  json::array items;
  items.reserve(rows.size());
  for (const T& row : rows) items.push_back(formats::ToJson(row));
  return json::object{{"items", std::move(items)}, {"count", rows.size()}};
}

// The rows the principal may see, in order.
template <typename T>
Result<std::vector<T>> VisibleRows(storage::Transaction& tx, const app::Access& access,
                                   std::vector<T> rows) {
  std::vector<T> out;
  for (T& row : rows) {
    NQ_TRY(bool readable, Readable(tx, access, row));
    if (readable) out.push_back(std::move(row));
  }
  return out;
}

template <typename T>
HttpResponse GetEntity(const Call& call) {
  std::string_view entity = storage::EntityName<T>();
  auto id = call.PathId(entity);
  if (!id) return ErrorResponse(id.error());
  app::Access access = call.access();
  auto row = call.service().database().Read([&](storage::Transaction& tx) -> Result<T> {
    NQ_TRY(T found, storage::Get<T>(tx, *id));
    NQ_RETURN_IF_ERROR(RequireRead(tx, access, found, fmt::format("{} {}", entity, *id)));
    return found;
  });
  if (!row) return ErrorResponse(row.error());
  std::optional<int64_t> version;
  if constexpr (kVersioned<T>) version = row->version;
  return JsonResponse(200, formats::ToJson(*row), version);
}

template <typename T>
HttpResponse CreateFromBody(const Call& call) {
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  T row{};
  if (auto decoded = formats::FromJson(*body, row); !decoded) return ErrorResponse(decoded.error());
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_RETURN_IF_ERROR(
        RequireWrite(scope.tx(), access, row, fmt::format("a new {}", storage::EntityName<T>())));
    NQ_RETURN_IF_ERROR(
        RequireReferences(scope.tx(), call.service().engine(), call.service().Today(), row));
    NQ_TRY(T created, app::CreateEntity(scope, row));
    return app::Reply{201, formats::ToJson(created)};
  });
}

template <typename T>
HttpResponse PatchFromBody(const Call& call) {
  std::string_view entity = storage::EntityName<T>();
  auto id = call.PathId(entity);
  if (!id) return ErrorResponse(id.error());
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  std::optional<int64_t> expected;
  if constexpr (kVersioned<T>) {
    auto version = call.RequiredIfMatch();
    if (!version) return ErrorResponse(version.error());
    expected = *version;
  }
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_TRY(T row, storage::Get<T>(scope.tx(), *id));
    std::string what = fmt::format("{} {}", entity, *id);
    NQ_RETURN_IF_ERROR(RequireRead(scope.tx(), access, row, what));
    NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, row, what));
    const T before = row;
    NQ_RETURN_IF_ERROR(formats::FromJson(*body, row, /*partial=*/true));
    NQ_RETURN_IF_ERROR(CheckPatch(before, row));
    NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, row, what));
    row.id = *id;
    if constexpr (kVersioned<T>) row.version = *expected;
    NQ_TRY(T updated, app::UpdateEntity(scope, std::move(row)));
    return app::Reply{200, formats::ToJson(updated)};
  });
}

template <typename T>
HttpResponse DeleteById(const Call& call) {
  auto id = call.PathId(storage::EntityName<T>());
  if (!id) return ErrorResponse(id.error());
  auto version = call.IfMatch();
  if (!version) return ErrorResponse(version.error());
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_TRY(T stored, storage::Get<T>(scope.tx(), *id));
    std::string what = fmt::format("{} {}", storage::EntityName<T>(), *id);
    NQ_RETURN_IF_ERROR(RequireRead(scope.tx(), access, stored, what));
    NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, stored, what));
    NQ_RETURN_IF_ERROR(app::DeleteEntity<T>(scope, *id, *version));
    return app::Reply{200, json::object{{"deleted", *id}}};
  });
}

template <typename T>
HttpResponse ListFiltered(const Call& call, const CrudOptions& options) {
  QueryFilter filter(call);
  for (const auto& [param, column] : options.id_filters) filter.Id(param, column);
  if (filter.error()) return ErrorResponse(*filter.error());
  app::Access access = call.access();
  auto rows =
      call.service().database().Read([&](storage::Transaction& tx) -> Result<std::vector<T>> {
        NQ_TRY(auto all, storage::List<T>(tx, filter.where(), filter.params()));
        return VisibleRows(tx, access, std::move(all));
      });
  if (!rows) return ErrorResponse(rows.error());
  return JsonResponse(200, ListJson(*rows));
}

// Adapts a function of a Call to a route handler.
template <typename F>
RouteHandler Bind(app::Service& service, F f) {
  return [&service, f](const HttpRequest& request, const PathParams& params) {
    return f(Call(request, params, service));
  };
}

// Registers GET base, GET base/{id}, and as configured POST base, PATCH and DELETE base/{id}.
template <typename T>
void AddCrud(Router& router, app::Service& service, const std::string& base,
             const std::string& noun, CrudOptions options = {}) {
  router.Add("GET", base, "List " + noun,
             [&service, options](const HttpRequest& request, const PathParams& params) {
               return ListFiltered<T>(Call(request, params, service), options);
             });
  router.Add("GET", base + "/{id}", "Get one " + noun,
             [&service](const HttpRequest& request, const PathParams& params) {
               return GetEntity<T>(Call(request, params, service));
             });
  if (options.create) {
    router.Add("POST", base, "Create a " + noun,
               [&service](const HttpRequest& request, const PathParams& params) {
                 return CreateFromBody<T>(Call(request, params, service));
               });
  }
  if (options.patch) {
    router.Add("PATCH", base + "/{id}", "Update a " + noun + " (If-Match required)",
               [&service](const HttpRequest& request, const PathParams& params) {
                 return PatchFromBody<T>(Call(request, params, service));
               });
  }
  if (options.remove) {
    router.Add("DELETE", base + "/{id}", "Delete a " + noun,
               [&service](const HttpRequest& request, const PathParams& params) {
                 return DeleteById<T>(Call(request, params, service));
               });
  }
}

}  // namespace nq::api
