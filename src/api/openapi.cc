// The OpenAPI 3.1 document, generated from the route table so it cannot drift from the code.
#include <boost/json.hpp>

#include "api/app.h"

namespace nq::api {
namespace {

// The media type of a file a route takes (imports) or gives (exports), by the extension of its
// path; empty for JSON.
std::string_view FileType(std::string_view path) {
  if (path.ends_with(".xlsx"))
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (path.ends_with(".docx")) {
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  }
  if (path.ends_with(".csv")) return "text/csv";
  if (path.ends_with("/file")) return "application/octet-stream";
  return "";
}

// Long work: a POST under /exports/ always starts a job; imports do with async=true.
bool StartsJob(const Route& route) {
  return route.method == "POST" && route.pattern.starts_with("/api/v1/exports/");
}
bool MayStartJob(const Route& route) {
  return route.method == "POST" && route.pattern.starts_with("/api/v1/imports/");
}

boost::json::object JobResponse() {
  namespace json = boost::json;
  return json::object{
      {"description",
       "A job started: follow it at the Location (GET /jobs/{id}); an export's "
       "file is then at GET /jobs/{id}/file"},
      {"headers",
       json::object{{"Location", json::object{{"schema", json::object{{"type", "string"}}}}}}},
      {"content", json::object{{"application/json",
                                json::object{{"schema", json::object{{"type", "object"}}}}}}}};
}

}  // namespace

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
      const std::string_view upload = MayStartJob(route) ? FileType(route.pattern) : "";
      if (MayStartJob(route)) {
        parameters.push_back(json::object{{"name", "async"},
                                          {"in", "query"},
                                          {"required", false},
                                          {"description", "true: run the import as a job (202)"},
                                          {"schema", json::object{{"type", "boolean"}}}});
      }
      if (!StartsJob(route)) {
        operation["requestBody"] = json::object{
            {"required", route.method != "DELETE"},
            {"content",
             json::object{
                 {upload.empty() ? std::string_view("application/json") : upload,
                  json::object{
                      {"schema", json::object{{"type", upload.empty() ? "object" : "string"}}}}}}}};
      }
    }
    if (!parameters.empty()) operation["parameters"] = std::move(parameters);
    json::object responses{
        {route.method == "POST" && route.pattern.find("/transitions") == std::string::npos &&
                 route.pattern.find("/answer") == std::string::npos &&
                 route.pattern.find("/close") == std::string::npos &&
                 route.pattern != "/api/v1/values" && !MayStartJob(route)
             ? "201"
             : "200",
         json::object{
             {"description", "Success"},
             {"content",
              json::object{{"application/json",
                            json::object{{"schema", json::object{{"type", "object"}}}}}}}}},
        {"400", problem("Bad input: the detail names the field and the value")},
        {"404", problem("Unknown id")}};
    if (StartsJob(route)) {
      responses.erase("201");
      responses["202"] = JobResponse();
    }
    if (MayStartJob(route)) responses["202"] = JobResponse();
    if (route.method == "GET" && !FileType(route.pattern).empty()) {
      responses["200"] = json::object{
          {"description", "The file"},
          {"content",
           json::object{{FileType(route.pattern),
                         json::object{{"schema",
                                       json::object{{"type", "string"}, {"format", "binary"}}}}}}}};
    }
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
