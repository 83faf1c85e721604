#include "api/app.h"

#include <boost/json.hpp>

#include "api/call.h"
#include "api/problem.h"

namespace nq::api {

App::App(service::Service& service, std::string web_root)
    : service_(service), static_files_(std::move(web_root)) {
  router_.Add("GET", "/api/v1/health", "Liveness and store health", [this](const HttpRequest&,
                                                                            const PathParams&) {
    auto ok = service_.database().Read([](storage::Transaction& tx) -> Status {
      NQ_RETURN_IF_ERROR(tx.Query("SELECT 1"));
      return Ok();
    });
    if (!ok) return ErrorResponse(ok.error());
    return JsonResponse(200, json::object{{"status", "ok"},
                                          {"store", service_.database().dialect()},
                                          {"today", service_.Today().ToString()}});
  });
  router_.Add("GET", "/api/v1/openapi.json", "This document",
              [this](const HttpRequest&, const PathParams&) {
                HttpResponse response;
                response.body = OpenApiDocument(router_);
                return response;
              });
  AddUnitRoutes(router_, service_);
  AddDocumentRoutes(router_, service_);
  AddWorkRoutes(router_, service_);
  AddRollupRoutes(router_, service_);
}

HttpResponse App::Handle(const HttpRequest& request) {
  HttpResponse response;
  try {
    Router::Match match = router_.Find(request.method, request.path);
    std::optional<HttpResponse> page;
    if (!match.route && (request.method == "GET" || request.method == "HEAD") &&
        !request.path.starts_with("/api/")) {
      page = static_files_.Serve(request.path);
    }
    if (page) {
      response = std::move(*page);
    } else if (match.route) {
      bool mutating = request.method != "GET" && request.method != "HEAD";
      std::string type = request.Header("content-type");
      if (mutating && !request.body.empty() && type.find("application/json") == std::string::npos) {
        response = Problem(Error{ErrorCode::kInvalidArgument,
                                 fmt::format("content type \"{}\" is not supported; send "
                                             "application/json",
                                             type.substr(0, 80)),
                                 "Content-Type"},
                           415);
      } else {
        response = match.route->handler(request, match.params);
      }
    } else if (!match.allowed.empty()) {
      std::string allow;
      for (const std::string& method : match.allowed) allow += (allow.empty() ? "" : ", ") + method;
      response = Problem(Error{ErrorCode::kInvalidArgument,
                               fmt::format("method {} is not allowed on {}; allowed: {}",
                                           request.method, request.path, allow),
                               {}},
                         405);
      response.headers.emplace_back("Allow", allow);
    } else {
      response = Problem(Error{ErrorCode::kNotFound,
                               fmt::format("no route for {} {}", request.method,
                                           request.path.substr(0, 200)),
                               {}});
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "nqtrack: internal error on {} {}: {}\n", request.method, request.path,
               e.what());
    response = Problem(Error{ErrorCode::kInternal, "internal error; the request was not applied", {}});
  }
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "same-origin");
  response.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
      "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
  bool has_cache = false;
  for (const auto& [name, value] : response.headers) has_cache |= name == "Cache-Control";
  if (!has_cache) response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace nq::api
