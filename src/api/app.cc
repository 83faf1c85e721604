#include "api/app.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>

#include "api/call.h"
#include "api/problem.h"
#include "app/check.h"
#include "common/log.h"
#include "formats/json_schema.h"

namespace nq::api {

namespace sc = formats::schema;

std::string CookieValue(const std::string& header, const std::string& name) {
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find(';', start);
    if (end == std::string::npos) end = header.size();
    std::string_view pair(header.data() + start, end - start);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    start = end + 1;
  }
  return "";
}

App::App(app::Service& service, app::Authenticator& auth, AppOptions options)
    : service_(service),
      auth_(auth),
      options_(std::move(options)),
      cookie_name_(options_.secure_cookies ? "__Host-nq_session" : "nq_session"),
      static_files_(options_.web_root) {
  router_
      .AddPublic("GET", "/api/v1/health", "Liveness and store health",
                 [this](const HttpRequest&, const PathParams&) {
                   auto position = app::ReadChangeLogPosition(service_);
                   if (!position) return ErrorResponse(position.error());
                   return JsonResponse(
                       200, json::object{{"status", "ok"},
                                         {"store", service_.database().dialect()},
                                         {"today", service_.Today().ToString()},
                                         {"changes", json::object{
                                                         {"applied_seq", position->applied_seq},
                                                         {"head_seq", position->head_seq},
                                                         {"lag", position->lag},
                                                         {"lag_ms", position->lag_ms},
                                                     }}});
                 })
      .Answers(200,
               sc::Named("Health",
                         sc::Object(
                             {{"status", sc::OneOf({"ok"})},
                              {"store", sc::OneOf({"sqlite", "postgres"})},
                              {"today", sc::DateText()},
                              {"changes", sc::Object({{"applied_seq", sc::Integer("Thay đổi cuối "
                                                                                  "đã áp dụng")},
                                                      {"head_seq", sc::Integer("Thay đổi cuối "
                                                                               "trong kho")},
                                                      {"lag", sc::Integer("Số thay đổi chưa áp "
                                                                          "dụng")},
                                                      {"lag_ms", sc::Integer("Độ trễ (ms)")}})}})));
  router_
      .AddPublic("GET", "/api/v1/openapi.json", "This document",
                 [this](const HttpRequest&, const PathParams&) {
                   HttpResponse response;
                   response.body = OpenApiDocument(router_);
                   return response;
                 })
      .Answers(200, sc::Object({{"openapi", sc::Text()},
                                {"info", sc::Object({})},
                                {"paths", sc::Object({})},
                                {"components", sc::Object({})}},
                               "Tài liệu OpenAPI 3.1 này"));
  AddSessionRoutes(router_, service_, auth_, options_, cookie_name_);
  AddUnitRoutes(router_, service_);
  AddDocumentRoutes(router_, service_);
  AddWorkRoutes(router_, service_);
  AddRollupRoutes(router_, service_);
  AddViewRoutes(router_, service_);
  AddPerformanceRoutes(router_, service_);
  AddReportRoutes(router_, service_, jobs_);
  AddReorgRoutes(router_, service_);
  AddInboxRoutes(router_, service_, options_);
  std::vector<metrics::RequestMetrics::Route> rows;
  for (const Route& route : router_.routes()) rows.push_back({route.method, route.pattern});
  requests_ = std::make_unique<metrics::RequestMetrics>(std::move(rows));
}

App::Credential App::CredentialOf(const HttpRequest& request) const {
  std::string authorization = request.Header("authorization");
  if (authorization.starts_with("Bearer ")) return {true, authorization.substr(7)};
  return {false, CookieValue(request.Header("cookie"), cookie_name_)};
}

// The client's X-Request-Id when it is a sane token (or the one the server gave), else a new one.
static std::string RequestIdOf(const HttpRequest& request) {
  return request.request_id.empty() ? log::RequestId(request.Header("x-request-id"))
                                    : request.request_id;
}

Result<app::Principal> App::Authenticate(const HttpRequest& request) {
  auto [bearer, token] = CredentialOf(request);
  if (bearer) return auth_.ResolveApiToken(token);
  if (token.empty()) {
    return MakeError(ErrorCode::kUnauthenticated,
                     "sign in first: this needs a session or an API token");
  }
  return auth_.ResolveSession(token);
}

Status App::CheckCsrf(const HttpRequest& request, const app::Principal& principal) {
  bool mutating = request.method != "GET" && request.method != "HEAD";
  if (!mutating || principal.via_token) return Ok();
  std::string csrf = request.Header("x-csrf-token");
  const std::string& expected = principal.csrf_token;
  if (expected.empty() || csrf.size() != expected.size() ||
      sodium_memcmp(csrf.data(), expected.data(), expected.size()) != 0) {
    return std::unexpected(Error{ErrorCode::kPermissionDenied,
                                 "missing or wrong X-CSRF-Token header for this session",
                                 "X-CSRF-Token"});
  }
  return Ok();
}

HttpResponse App::Dispatch(const HttpRequest& request, Facts& facts) {
  Router::Match match = router_.Find(request.method, request.path);
  if (!match.route && (request.method == "GET" || request.method == "HEAD") &&
      !request.path.starts_with("/api/")) {
    if (auto page = static_files_.Serve(request.path)) {
      facts.row = requests_->Static();
      return std::move(*page);
    }
  }
  if (!match.route && !match.allowed.empty()) {
    std::string allow;
    for (const std::string& method : match.allowed) allow += (allow.empty() ? "" : ", ") + method;
    HttpResponse response = Problem(Error{ErrorCode::kInvalidArgument,
                                          fmt::format("method {} is not allowed on {}; allowed: {}",
                                                      request.method, request.path, allow),
                                          {}},
                                    405);
    response.headers.emplace_back("Allow", allow);
    return response;
  }
  if (!match.route) {
    return Problem(
        Error{ErrorCode::kNotFound,
              fmt::format("no route for {} {}", request.method, request.path.substr(0, 200)),
              {}});
  }
  facts.row = static_cast<size_t>(match.route - router_.routes().data());
  PathParams params{std::move(match.params), nullptr};
  std::optional<app::Principal> principal;
  std::string what = fmt::format("{} {}", request.method, request.path.substr(0, 200));
  if (match.route->requires_login) {
    auto who = Authenticate(request);
    if (!who) return ErrorResponse(who.error());
    if (auto csrf = CheckCsrf(request, *who); !csrf) {
      (void)service_.RecordDenied({who->login, request.remote_address, ""}, what,
                                  csrf.error().message);
      return ErrorResponse(csrf.error());
    }
    principal = std::move(*who);
    params.principal = &*principal;
    facts.user = principal->login;
  }
  bool mutating = request.method != "GET" && request.method != "HEAD";
  std::string type = request.Header("content-type");
  const std::string media = MediaType(type);
  if (mutating && !request.body.empty() && media != "application/json" &&
      media != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" &&
      media != "text/csv") {
    return Problem(Error{ErrorCode::kInvalidArgument,
                         fmt::format("content type \"{}\" is not supported; send application/json",
                                     type.substr(0, 80)),
                         "Content-Type"},
                   415);
  }
  Result<HttpResponse> handled = match.route->handler(request, params);
  HttpResponse response = handled ? std::move(*handled) : ErrorResponse(handled.error());
  // Refusals are audited: 403s, and the 404s that hide something out of the principal's sight.
  if (principal &&
      (response.status == 403 || (response.status == 404 && !principal->hidden_denial.empty()))) {
    app::Actor actor{principal->login, request.remote_address, ""};
    std::string reason = response.status == 403 ? response.body.substr(0, 500)
                                                : principal->hidden_denial.substr(0, 500);
    (void)service_.RecordDenied(actor, what, reason);
  }
  return response;
}

bool App::HashesPassword(const HttpRequest& request) {
  if (request.method != "POST") return false;
  const std::string_view path = request.path;
  return path == "/api/v1/session" || path == "/api/v1/users" ||
         (path.starts_with("/api/v1/users/") && path.ends_with("/password"));
}

HttpResponse App::Handle(const HttpRequest& request) {
  const std::string request_id = RequestIdOf(request);
  RequestIdScope named(request_id);
  requests_->Begin();
  Facts facts{requests_->Unrouted(request.method), {}};
  HttpResponse response;
  try {
    if (request.path == "/metrics") {
      facts.row = requests_->Metrics();
      response = ServeMetrics(request, /*on_main_port=*/true);
    } else {
      response = Dispatch(request, facts);
    }
  } catch (const std::exception& e) {
    log::Write(log::Level::kError, "internal_error",
               {{"request_id", request_id},
                {"method", request.method},
                {"path", request.path.substr(0, 200)},
                {"error", e.what()}});
    response = Problem(Error{ErrorCode::kInternal, "internal error", {}});
  }
  Finish(request, request_id, facts, response);
  return response;
}

std::optional<HttpResponse> App::HandleAtOnce(const HttpRequest& request) {
  if (request.method != "GET" || !request.path.starts_with("/api/")) return std::nullopt;
  Router::Match match = router_.Find(request.method, request.path);
  if (!match.route || !match.route->kept || !match.route->requires_login) return std::nullopt;
  // Only a principal kept current in memory: a sign-in to look up goes the whole way.
  auto [bearer, token] = CredentialOf(request);
  std::optional<app::Principal> principal =
      bearer ? auth_.CachedApiToken(token) : auth_.CachedSession(token);
  if (!principal) return std::nullopt;
  PathParams params{std::move(match.params), &*principal};
  std::optional<HttpResponse> response = match.route->kept(request, params);
  if (!response) return std::nullopt;
  const std::string request_id = RequestIdOf(request);
  requests_->Begin();
  Finish(request, request_id,
         Facts{static_cast<size_t>(match.route - router_.routes().data()), principal->login},
         *response);
  return response;
}

void App::Finish(const HttpRequest& request, const std::string& request_id, const Facts& facts,
                 HttpResponse& response) {
  // The security headers are the transport's (http/wire.cc), on every answer.
  bool has_cache = false;
  for (const auto& [name, value] : response.headers) has_cache |= name == "Cache-Control";
  if (!has_cache) response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("X-Request-Id", request_id);
  const auto took = std::chrono::steady_clock::now() - request.received;
  requests_->End(facts.row, response.status, took, response.BodySize());
  const metrics::RequestMetrics::Route& route = requests_->route(facts.row);
  log::Info("request", {{"request_id", request_id},
                        {"user", facts.user.empty() ? log::Value(nullptr) : log::Value(facts.user)},
                        {"method", request.method},
                        {"route", route.route},
                        {"status", response.status},
                        {"duration_ms", std::chrono::duration<double, std::milli>(took).count()},
                        {"bytes", response.BodySize()},
                        {"address", request.remote_address}});
}

HttpResponse App::ServeMetrics(const HttpRequest& request, bool on_main_port) {
  if (on_main_port && options_.metrics_token.empty()) {
    return Problem(Error{ErrorCode::kNotFound, "no route for GET /metrics on this port", {}});
  }
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse response = Problem(
        Error{ErrorCode::kInvalidArgument, "method not allowed on /metrics; allowed: GET", {}},
        405);
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }
  const std::string& token = options_.metrics_token;
  if (!token.empty()) {
    std::string given = request.Header("authorization");
    given = given.starts_with("Bearer ") ? given.substr(7) : "";
    if (given.size() != token.size() ||
        sodium_memcmp(given.data(), token.data(), token.size()) != 0) {
      HttpResponse response =
          Problem(Error{ErrorCode::kUnauthenticated,
                        "the metrics need the metrics token as a bearer token", "Authorization"});
      response.headers.emplace_back("WWW-Authenticate", R"(Bearer realm="nqtrack metrics")");
      return response;
    }
  }
  HttpResponse response;
  response.content_type = std::string(metrics::kContentType);
  response.body = MetricsText();
  return response;
}

HttpResponse App::HandleMetricsPort(const HttpRequest& request) {
  const std::string request_id = request.request_id.empty()
                                     ? log::RequestId(request.Header("x-request-id"))
                                     : request.request_id;
  RequestIdScope named(request_id);
  HttpResponse response =
      request.path == "/metrics"
          ? ServeMetrics(request, /*on_main_port=*/false)
          : Problem(Error{ErrorCode::kNotFound, "this port serves /metrics alone", {}});
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("X-Request-Id", request_id);
  return response;
}

std::string App::MetricsText() const {
  metrics::Exposition out;
  requests_->Write(out);
  metrics::WriteAppMetrics(out, service_.engine().Version());
  metrics::WriteProcessMetrics(out);
  return out.Take();
}

}  // namespace nq::api
