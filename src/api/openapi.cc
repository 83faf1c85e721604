// The OpenAPI 3.1 document, generated from the route table so it cannot drift from the code.
#include <boost/json.hpp>

#include "api/app.h"

namespace nq::api {

std::string OpenApiDocument(const Router& router) {
  namespace json = boost::json;
  json::object problem_ref{{"$ref", "#/components/schemas/Problem"}};
  auto problem = [&](std::string_view description) {
    return json::object{{"description", description},
                        {"content", json::object{{"application/problem+json",
                                                  json::object{{"schema", problem_ref}}}}}};
  };
  json::object paths;
  for (const Route& route : router.routes()) {
    std::string path = route.pattern.substr(std::string_view("/api/v1").size());
    json::object operation{{"summary", route.summary}};
    json::array parameters;
    for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
      size_t close = path.find('}', open);
      parameters.push_back(json::object{{"name", path.substr(open + 1, close - open - 1)},
                                        {"in", "path"},
                                        {"required", true},
                                        {"schema", json::object{{"type", "string"}}}});
    }
    bool mutating = route.method != "GET";
    if (mutating) {
      parameters.push_back(json::object{
          {"name", "Idempotency-Key"},
          {"in", "header"},
          {"required", false},
          {"description", "Repeat a request safely: the same key replays the first answer"},
          {"schema", json::object{{"type", "string"}, {"maxLength", 200}}}});
      if (route.method == "PATCH" || route.method == "DELETE" ||
          route.pattern.find("/transitions") != std::string::npos) {
        parameters.push_back(json::object{{"name", "If-Match"},
                                          {"in", "header"},
                                          {"required", route.method == "PATCH"},
                                          {"description", "The ETag read before the change"},
                                          {"schema", json::object{{"type", "string"}}}});
      }
      operation["requestBody"] = json::object{
          {"required", route.method != "DELETE"},
          {"content", json::object{{"application/json",
                                    json::object{{"schema", json::object{{"type", "object"}}}}}}}};
    }
    if (!parameters.empty()) operation["parameters"] = std::move(parameters);
    json::object responses{
        {route.method == "POST" && route.pattern.find("/transitions") == std::string::npos &&
                 route.pattern.find("/answer") == std::string::npos &&
                 route.pattern.find("/close") == std::string::npos &&
                 route.pattern != "/api/v1/values"
             ? "201"
             : "200",
         json::object{
             {"description", "Success"},
             {"content",
              json::object{{"application/json",
                            json::object{{"schema", json::object{{"type", "object"}}}}}}}}},
        {"400", problem("Bad input: the detail names the field and the value")},
        {"404", problem("Unknown id")}};
    if (mutating) {
      responses["409"] = problem("Conflict: duplicate, locked or not allowed in this state");
      responses["412"] = problem("The If-Match version is stale");
      responses["413"] = problem("Request body too large");
    }
    operation["responses"] = std::move(responses);
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    json::value& entry = paths[path];
    if (!entry.is_object()) entry.emplace_object();
    entry.as_object()[method] = std::move(operation);
  }
  json::object schemas{
      {"Problem",
       json::object{{"type", "object"},
                    {"description", "RFC 9457 problem details"},
                    {"properties", json::object{{"type", json::object{{"type", "string"}}},
                                                {"title", json::object{{"type", "string"}}},
                                                {"status", json::object{{"type", "integer"}}},
                                                {"code", json::object{{"type", "string"}}},
                                                {"detail", json::object{{"type", "string"}}},
                                                {"field", json::object{{"type", "string"}}},
                                                {"errors", json::object{{"type", "array"}}}}}}}};
  json::object document{{"openapi", "3.1.0"},
                        {"info", json::object{{"title", "nqtrack API"},
                                              {"version", "1"},
                                              {"description",
                                               "Carry a resolution into life: units, documents, "
                                               "targets, obligations, values, reports and live "
                                               "roll-ups."}}},
                        {"servers", json::array{json::object{{"url", "/api/v1"}}}},
                        {"paths", std::move(paths)},
                        {"components", json::object{{"schemas", std::move(schemas)}}}};
  return json::serialize(document);
}

}  // namespace nq::api
