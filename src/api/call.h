// Call: one API request being handled — its parameters decoded with clear errors, and the
// helpers every route uses to answer.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string>

#include "api/router.h"
#include "app/access.h"
#include "app/service.h"
#include "http/http_server.h"

namespace nq::api {

using http::HttpRequest;
using http::HttpResponse;

namespace json = boost::json;
using domain::Id;

class Call final {
 public:
  Call(const HttpRequest& request, const PathParams& params, app::Service& service)
      : request_(request), params_(params), service_(service) {}

  const HttpRequest& request() const { return request_; }
  app::Service& service() const { return service_; }

  // A numeric path parameter; not_found naming the entity when it is not a positive integer.
  Result<Id> PathId(std::string_view entity, const std::string& name = "id") const;
  const std::string& PathParam(const std::string& name) const;

  // The body parsed as JSON (400 naming line and column, or the bad UTF-8 byte).
  Result<json::value> Body() const;

  // Query parameters: absent → nullopt; malformed → invalid_argument naming the parameter.
  Result<std::optional<Id>> QueryId(const std::string& name) const;
  Result<Id> RequiredQueryId(const std::string& name) const;
  // A unit given by id or by code ("ba-thuoc"); not_found naming it when there is none.
  Result<Id> RequiredQueryUnit(const std::string& name) const;
  Result<std::optional<domain::Period>> QueryPeriod(const std::string& name) const;
  std::optional<std::string> QueryText(const std::string& name) const;
  // `as_of` when the request gives one; nullopt otherwise.
  Result<std::optional<Date>> ExplicitAsOf() const;
  // `as_of`: a date (2021-03-31) or a period code (its last day); default today.
  Result<Date> AsOf() const;
  // The same, except that without `as_of` a unit closed by today (dissolved, merged) is shown
  // as of its last open day, so its pages keep its figures. nullopt: today.
  Result<Date> AsOfFor(std::optional<Id> unit_id) const;
  // AsOfFor the unit named by the query parameter `name` (id or code), if it names one.
  Result<Date> AsOfForQueryUnit(const std::string& name) const;

  // The version in If-Match ("3" or W/"3"); nullopt when absent.
  Result<std::optional<int64_t>> IfMatch() const;
  // Same, but absent is an error (428 Precondition Required).
  Result<int64_t> RequiredIfMatch() const;

  // Who is asking; every non-public route has one.
  const app::Principal& principal() const;

  app::Actor Actor() const;
  // Identifies the request for idempotency: who asks, method, target and a hash of the body.
  std::string Fingerprint() const;

 private:
  const HttpRequest& request_;
  const PathParams& params_;
  app::Service& service_;
};

// 200/201 with a JSON body; `version` adds an ETag.
HttpResponse JsonResponse(int status, const json::value& body,
                          std::optional<int64_t> version = std::nullopt);
// The problem+json answer to an error.
HttpResponse ErrorResponse(const Error& error);
inline HttpResponse ErrorResponse(const std::unexpected<Error>& error) {
  return ErrorResponse(error.error());
}

// The answer to a write: the reply's status and body, an ETag when the body has a `version`, and
// Idempotent-Replayed: true when it was replayed.
HttpResponse ReplyResponse(const app::Reply& reply);
// The same for what a use case that writes answered; when it failed, the error, as problem+json
// with `details` (a batch's bad records under "errors") merged in when there are any.
Result<HttpResponse> WriteResponse(const Result<app::Reply>& reply,
                                   const json::object& details = {});
// The problem+json answer to `error` with `details` merged in, or plain when there are none.
HttpResponse ProblemWith(const Error& error, const json::object& details);

// The optional "unit_ids" member (or `member`) of a body object (units picked for an obligation,
// its coordinating units, or a reminder): nullopt when absent or null; invalid_argument naming
// "/unit_ids" unless it is an array of positive ids.
Result<std::optional<std::vector<domain::Id>>> UnitIdsOf(const json::object& body,
                                                         std::string_view member = "unit_ids");

// The media type of a Content-Type value, without its parameters, in lower case:
// "Application/JSON; charset=utf-8" is "application/json", "text/plain; x=application/json" is
// "text/plain".
std::string MediaType(std::string_view content_type);
// invalid_argument at "Content-Type" ("send the file as …") unless the request's body is of
// media type `type`.
Status RequireMediaType(const Call& call, std::string_view type);

}  // namespace nq::api
