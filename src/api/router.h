// Router: the table of routes, matched by method and path pattern ("/api/v1/units/{id}").
#pragma once

#include <boost/json/object.hpp>
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
// The answer of a read already kept in memory, given on the thread that read the request
// (http::AtOnceHandler); nullopt whenever anything is to be computed, looked up in the store,
// refused or audited, which the route's handler then does.
using KeptHandler =
    std::function<std::optional<HttpResponse>(const HttpRequest&, const PathParams&)>;

// A parameter of a route's query or path, as the OpenAPI document describes it.
struct Parameter {
  std::string name;
  boost::json::object schema;  // formats/json_schema.h
  bool required = false;
  std::string about;
};

// What a route takes and answers, for the OpenAPI document (api/openapi.cc). Each route declares
// it where it is added, with the schemas written beside the code that encodes its answer.
struct RouteDoc {
  std::vector<Parameter> query;
  std::vector<Parameter> path;  // those that are not a positive id ({id} by default is)
  std::optional<boost::json::object> request;  // the JSON body's schema
  std::string request_file;                    // or the media type of a file it takes
  int status = 200;                            // the status of success
  std::vector<int> also;                       // other statuses of success, same answer
  std::optional<boost::json::object> answer;   // the JSON answer's schema
  std::vector<std::string> answer_files;       // or the media types of the files it answers
  bool job = false;                            // answers 202 with a job (or may: async=true)
  bool no_body = false;                        // a POST that takes no body
};

struct Route {
  std::string method;
  std::string pattern;
  std::string summary;  // for the OpenAPI document
  RouteHandler handler;
  bool requires_login = true;
  std::vector<std::string> segments;  // the pattern split at '/', once, when added
  RouteDoc doc;
  KeptHandler kept;  // GET routes with answers kept per engine version; none for most

  // The description, declared as the route is added:
  //   router.Add(...).Query(...).Takes(CreateSchema<Unit>()).Answers(201, AnswerSchema<Unit>());
  Route& Query(std::string name, boost::json::object schema, bool required = false,
               std::string about = "");
  Route& Path(std::string name, boost::json::object schema, std::string about = "");
  Route& Takes(boost::json::object schema);
  Route& TakesFile(std::string media_type);
  Route& TakesNothing();
  Route& Answers(int status, boost::json::object schema);
  Route& AlsoAnswers(int status);
  Route& AnswersFile(std::string media_type);  // once for each type it may answer
  // 202 with the job's state; `always` false: only when asked (async=true), else `status`.
  Route& StartsJob(bool always = true);
  // Its answers, once computed, are kept: `kept` gives them without the handlers' pool.
  Route& Kept(KeptHandler from_memory);
  // Whether the route says what it takes (when it takes a body) and what it answers.
  bool Described() const;
};

class Router final {
 public:
  // The route added, to describe (Route::Query, Takes, Answers…).
  Route& Add(std::string method, std::string pattern, std::string summary, RouteHandler handler);
  // A route anyone may call without signing in (health, the API description, signing in).
  Route& AddPublic(std::string method, std::string pattern, std::string summary,
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
  Route& AddRoute(std::string method, std::string pattern, std::string summary,
                  RouteHandler handler, bool requires_login);
  std::vector<Route> routes_;
};

}  // namespace nq::api
