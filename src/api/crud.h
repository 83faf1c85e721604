// AddCrud<T>: the list / get / create / patch / delete routes every plain entity shares.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api/call.h"
#include "app/entities.h"
#include "formats/codec.h"
#include "formats/json_schema.h"

namespace nq::api {

struct CrudOptions {
  // Query parameters accepted by the list route, each an id compared with a column.
  std::vector<std::pair<std::string, std::string>> id_filters;
  bool create = true;
  bool patch = true;
  bool remove = false;
};

// The list answer: {"items": [...], "count": n}.
template <typename T>
json::value ListJson(const std::vector<T>& rows) {
  return json::object{{"items", app::RowsJson(rows)}, {"count", rows.size()}};
}

namespace sc = formats::schema;

// The schema of ListJson: "UnitList" for the "Unit"s.
inline sc::Schema ListSchema(sc::Schema item) {
  const std::string name = std::string(sc::NameOf(item)) + "List";
  return sc::Named(name, sc::Object({{"items", sc::ArrayOf(std::move(item))},
                                     {"count", sc::Integer("Số mục")}}));
}
template <typename T>
sc::Schema ListSchema() {
  return ListSchema(formats::AnswerSchema<T>());
}
// The answer of a DELETE: {"deleted": id}.
inline sc::Schema DeletedSchema() {
  return sc::Named("Deleted", sc::Object({{"deleted", sc::PositiveId()}}));
}
// A step of a unit's path from the root: {id, code, name (the short name)}.
inline sc::Schema PathStepSchema() {
  return sc::Named("PathStep", sc::Object({{"id", sc::PositiveId()},
                                           {"code", sc::Text()},
                                           {"name", sc::Example(sc::Text(), "Thanh Hóa")}}));
}
// The query parameters the routes share.
inline sc::Schema AsOfSchema() {
  return sc::About(sc::Schema{{"anyOf", json::array{sc::DateText(), sc::PeriodCode()}}},
                   "Xem theo ngày (2025-03-31) hoặc theo kỳ (ngày cuối kỳ); mặc định hôm nay");
}

// The filters of a list route, from its query parameters; the first malformed one is the error.
class QueryFilters final {
 public:
  explicit QueryFilters(const Call& call) : call_(call) {}
  // column = the positive id in query parameter `param`, when present.
  QueryFilters& Id(const std::string& param, const std::string& column);
  // column = the period code in query parameter `param`, when present.
  QueryFilters& Period(const std::string& param, const std::string& column);
  QueryFilters& Add(const std::string& column, std::string value);
  Result<std::vector<app::FieldFilter>> Finish() const;

 private:
  const Call& call_;
  std::vector<app::FieldFilter> filters_;
  std::optional<Error> error_;
};

template <typename T>
Result<HttpResponse> GetEntity(const Call& call) {
  NQ_TRY(Id id, call.PathId(app::EntityName<T>()));
  NQ_TRY(T row, app::FindVisible<T>(call.service(), call.principal(), id));
  std::optional<int64_t> version;
  if constexpr (app::kVersioned<T>) version = row.version;
  return JsonResponse(200, formats::ToJson(row), version);
}

template <typename T>
Result<HttpResponse> CreateFromBody(const Call& call) {
  NQ_TRY(json::value body, call.Body());
  T row{};
  NQ_RETURN_IF_ERROR(formats::FromJson(body, row));
  return WriteResponse(
      app::CreateAs(call.service(), call.principal(), call.Actor(), call.Fingerprint(), row));
}

template <typename T>
Result<HttpResponse> PatchFromBody(const Call& call) {
  NQ_TRY(Id id, call.PathId(app::EntityName<T>()));
  NQ_TRY(json::value body, call.Body());
  std::optional<int64_t> expected;
  if constexpr (app::kVersioned<T>) {
    NQ_TRY(expected, call.RequiredIfMatch());
  }
  return WriteResponse(app::PatchAs<T>(call.service(), call.principal(), call.Actor(),
                                       call.Fingerprint(), id, body, expected));
}

template <typename T>
Result<HttpResponse> DeleteById(const Call& call) {
  NQ_TRY(Id id, call.PathId(app::EntityName<T>()));
  NQ_TRY(std::optional<int64_t> version, call.IfMatch());
  return WriteResponse(app::DeleteAs<T>(call.service(), call.principal(), call.Actor(),
                                        call.Fingerprint(), id, version));
}

template <typename T>
Result<HttpResponse> ListFiltered(const Call& call, const CrudOptions& options) {
  QueryFilters query(call);
  for (const auto& [param, column] : options.id_filters) query.Id(param, column);
  NQ_TRY(auto filters, query.Finish());
  NQ_TRY(auto rows, app::ListVisible<T>(call.service(), call.principal(), filters));
  return JsonResponse(200, ListJson(rows));
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
  Route& list =
      router.Add("GET", base, "List " + noun,
                 [&service, options](const HttpRequest& request, const PathParams& params) {
                   return ListFiltered<T>(Call(request, params, service), options);
                 });
  for (const auto& [param, column] : options.id_filters) list.Query(param, sc::PositiveId());
  list.Answers(200, ListSchema<T>());
  router
      .Add("GET", base + "/{id}", "Get one " + noun,
           [&service](const HttpRequest& request, const PathParams& params) {
             return GetEntity<T>(Call(request, params, service));
           })
      .Answers(200, formats::AnswerSchema<T>());
  if (options.create) {
    router
        .Add("POST", base, "Create a " + noun,
             [&service](const HttpRequest& request, const PathParams& params) {
               return CreateFromBody<T>(Call(request, params, service));
             })
        .Takes(formats::CreateSchema<T>())
        .Answers(201, formats::AnswerSchema<T>());
  }
  if (options.patch) {
    router
        .Add("PATCH", base + "/{id}", "Update a " + noun + " (If-Match required)",
             [&service](const HttpRequest& request, const PathParams& params) {
               return PatchFromBody<T>(Call(request, params, service));
             })
        .Takes(formats::PatchSchema<T>())
        .Answers(200, formats::AnswerSchema<T>());
  }
  if (options.remove) {
    router
        .Add("DELETE", base + "/{id}", "Delete a " + noun,
             [&service](const HttpRequest& request, const PathParams& params) {
               return DeleteById<T>(Call(request, params, service));
             })
        .Answers(200, DeletedSchema());
  }
}

}  // namespace nq::api
