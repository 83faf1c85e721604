// App: the HTTP API of nqtrack — every route under /api/v1, its OpenAPI document, and the
// last-resort handling that turns anything unexpected into a 500 instead of a crash.
#pragma once

#include "api/http_server.h"
#include "api/router.h"
#include "api/static_files.h"
#include "service/service.h"

namespace nq::api {

class App final {
 public:
  // `service` must outlive the app. `web_root` holds the built web UI (may be empty).
  explicit App(service::Service& service, std::string web_root = "");

  // Thread-safe; never throws.
  HttpResponse Handle(const HttpRequest& request);

  const Router& router() const { return router_; }

 private:
  service::Service& service_;
  StaticFiles static_files_;
  Router router_;
};

// Route groups, one file each.
void AddUnitRoutes(Router& router, service::Service& service);
void AddDocumentRoutes(Router& router, service::Service& service);
void AddWorkRoutes(Router& router, service::Service& service);
void AddRollupRoutes(Router& router, service::Service& service);

// The OpenAPI 3.1 document describing `router`'s routes.
std::string OpenApiDocument(const Router& router);

}  // namespace nq::api
