// Router: the table of routes, matched by method and path pattern ("/api/v1/units/{id}").
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "http/http_server.h"

namespace nq::app {
struct Principal;
}

namespace nq::api {

using http::HttpHandler;
using http::HttpRequest;
using http::HttpResponse;

// What a route handler gets besides the request: the path's parameters and who is asking.
struct PathParams {
  std::map<std::string, std::string> values;
  const app::Principal* principal = nullptr;  // null only on public routes
};
// A handler answers, or fails with an Error that App turns into problem+json (ErrorResponse, the
// one mapping from error codes to HTTP). A handler that answers HttpResponse converts to it.
using RouteHandler = std::function<Result<HttpResponse>(const HttpRequest&, const PathParams&)>;

struct Route {
  std::string method;
  std::string pattern;
  std::string summary;  // for the OpenAPI document
  RouteHandler handler;
  bool requires_login = true;
  std::vector<std::string> segments;  // the pattern split at '/', once, when added
};

class Router final {
 public:
  void Add(std::string method, std::string pattern, std::string summary, RouteHandler handler);
  // A route anyone may call without signing in (health, the API description, signing in).
  void AddPublic(std::string method, std::string pattern, std::string summary,
                 RouteHandler handler);

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed;  // methods of the path when the method did not match
  };
  // The route for `method` and `path`; route == nullptr when none (allowed lists the methods
  // that exist for the path, for a 405).
  Match Find(const std::string& method, const std::string& path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  void AddRoute(std::string method, std::string pattern, std::string summary, RouteHandler handler,
                bool requires_login);
  std::vector<Route> routes_;
};

}  // namespace nq::api
