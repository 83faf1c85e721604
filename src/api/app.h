// App: the HTTP API of nqtrack — every route under /api/v1, its OpenAPI document, sign-in and
// the checks every request passes (session or token, CSRF), and the last-resort handling that
// turns anything unexpected into a 500 instead of a crash.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "api/router.h"
#include "api/static_files.h"
#include "app/auth.h"
#include "app/jobs.h"
#include "app/service.h"
#include "domain/notice.h"
#include "http/http_server.h"
#include "metrics/nqtrack.h"

namespace nq::api {

using http::HttpRequest;
using http::HttpResponse;

struct AppOptions {
  std::string web_root;         // the built web UI; empty serves none
  bool secure_cookies = false;  // behind TLS: the cookie gets Secure and the __Host- prefix
  // Serves GET /metrics on this port to `Authorization: Bearer <metrics_token>`; empty: not
  // on this port (a metrics listener of its own serves it: HandleMetricsPort).
  std::string metrics_token = {};
  // Told each notice a reminder made, after its commit (nqtrack serve's mailer, which sends it
  // by e-mail on a thread of its own); none: notices reach the inbox only.
  std::function<void(const domain::Notice&)> notify = {};
};

class App final {
 public:
  // `service` and `auth` must outlive the app.
  App(app::Service& service, app::Authenticator& auth, AppOptions options = {});

  // Thread-safe; never throws. Counts the request in the metrics, logs one line for it and
  // answers its X-Request-Id.
  HttpResponse Handle(const HttpRequest& request);
  // The answer of a request that Handle would give from memory alone (a kept roll-up, for a
  // principal kept current), counted and logged as Handle does; nullopt for every other
  // request, which Handle then answers. Quick and thread-safe: for http::HttpServer's at_once.
  std::optional<HttpResponse> HandleAtOnce(const HttpRequest& request);
  // The handler of a listener for metrics alone: GET /metrics (with the bearer token when
  // AppOptions::metrics_token is set), 404 for anything else. Neither counted nor logged.
  HttpResponse HandleMetricsPort(const HttpRequest& request);
  // The Prometheus text exposition (format 0.0.4) of this process.
  std::string MetricsText() const;

  // True for the requests that hash a password (sign-in, adding a user, setting a password):
  // the server runs them on a pool of their own (http::HttpServer::Options::slow), so that a
  // flood of sign-ins cannot hold the threads every other request needs.
  static bool HashesPassword(const HttpRequest& request);

  const Router& router() const { return router_; }
  // The long imports and exports the routes started, for tests that call the application.
  app::JobRegistry& jobs() { return jobs_; }
  // The name of the session cookie.
  const std::string& cookie_name() const { return cookie_name_; }

 private:
  // What Dispatch learnt of a request, for its metrics and its log line.
  struct Facts {
    size_t row = 0;    // of requests_
    std::string user;  // the principal's login, when there was one
  };
  HttpResponse Dispatch(const HttpRequest& request, Facts& facts);
  // Gives `response` its Cache-Control and X-Request-Id, counts it in the metrics (after Begin)
  // and logs its line.
  void Finish(const HttpRequest& request, const std::string& request_id, const Facts& facts,
              HttpResponse& response);
  // GET /metrics (metrics token as a bearer token) or 404 when none is set.
  HttpResponse ServeMetrics(const HttpRequest& request, bool on_main_port);
  // The token a request signs in with: its bearer token (an API token), else its session
  // cookie's ("" without one).
  struct Credential {
    bool bearer = false;
    std::string token;
  };
  Credential CredentialOf(const HttpRequest& request) const;
  // The principal of the request's session cookie or bearer token; unauthenticated without one.
  Result<app::Principal> Authenticate(const HttpRequest& request);
  // permission_denied when a cookie-authenticated mutation lacks the session's X-CSRF-Token.
  static Status CheckCsrf(const HttpRequest& request, const app::Principal& principal);

  app::Service& service_;
  app::Authenticator& auth_;
  AppOptions options_;
  std::string cookie_name_;
  StaticFiles static_files_;
  // Outlives the routes that start jobs; destroyed after them, it cancels and joins the jobs
  // still running.
  app::JobRegistry jobs_;
  Router router_;
  std::unique_ptr<metrics::RequestMetrics> requests_;  // a row per route of router_
};

// Route groups, one file each.
void AddSessionRoutes(Router& router, app::Service& service, app::Authenticator& auth,
                      const AppOptions& options, const std::string& cookie_name);
void AddUnitRoutes(Router& router, app::Service& service);
void AddDocumentRoutes(Router& router, app::Service& service);
void AddWorkRoutes(Router& router, app::Service& service);
void AddRollupRoutes(Router& router, app::Service& service);
void AddViewRoutes(Router&, app::Service&);
void AddPerformanceRoutes(Router&, app::Service&);
void AddReportRoutes(Router& router, app::Service& service, app::JobRegistry& jobs);
void AddReorgRoutes(Router& router, app::Service& service);
void AddInboxRoutes(Router& router, app::Service& service, const AppOptions& options);

// The OpenAPI 3.1 document describing `router`'s routes.
std::string OpenApiDocument(const Router& router);

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(const std::string& header, const std::string& name);

}  // namespace nq::api
