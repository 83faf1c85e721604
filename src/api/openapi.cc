// The OpenAPI 3.1 document, generated from the route table so it cannot drift from the code:
// each route's parameters, body and answer are the schemas it declared where it was added
// (Route::Query, Takes, Answers), which come from the entity registry (formats/codec.h) and
// from the encoders of the other answers; named schemas become components.
#include <algorithm>
#include <boost/json.hpp>

#include "api/app.h"
#include "api/problem.h"
#include "app/jobs.h"
#include "formats/json_schema.h"

namespace nq::api {
namespace {

namespace json = boost::json;
namespace sc = formats::schema;

json::object Content(std::string_view type, json::object schema) {
  return json::object{{type, json::object{{"schema", std::move(schema)}}}};
}

json::object FileSchema() { return json::object{{"type", "string"}, {"format", "binary"}}; }

json::object ProblemResponse(std::string_view description) {
  return json::object{{"description", description},
                      {"content", Content("application/problem+json", ProblemSchema())}};
}

json::object JobResponse() {
  return json::object{
      {"description",
       "Đã bắt đầu một tác vụ: theo dõi tại Location (GET /jobs/{id}); tệp của tác vụ xuất "
       "ở GET /jobs/{id}/file"},
      {"headers",
       json::object{{"Location", json::object{{"description", "/api/v1/jobs/{id}"},
                                              {"schema", json::object{{"type", "string"}}}}}}},
      {"content", Content("application/json", app::JobSchema())}};
}

json::object ParameterJson(const Parameter& parameter, std::string_view in) {
  json::object out{{"name", parameter.name},
                   {"in", in},
                   {"required", parameter.required},
                   {"schema", parameter.schema}};
  if (!parameter.about.empty()) out["description"] = parameter.about;
  return out;
}

// "getUnitsIdLineage" for GET /api/v1/units/{id}/lineage.
std::string OperationId(const Route& route) {
  std::string out;
  for (char c : route.method) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool upper = true;
  for (char c : route.pattern.substr(std::string_view("/api/v1").size())) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

// The first segment of the path: "units", "rollups"…
std::string Tag(const Route& route) {
  std::string_view path =
      std::string_view(route.pattern).substr(std::string_view("/api/v1/").size());
  return std::string(path.substr(0, path.find('/')));
}

bool Mutating(const Route& route) { return route.method != "GET"; }

json::array Parameters(const Route& route, const std::string& path) {
  json::array parameters;
  for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
    const std::string name = path.substr(open + 1, path.find('}', open) - open - 1);
    Parameter parameter{name, sc::PositiveId(), true, ""};
    for (const Parameter& declared : route.doc.path) {
      if (declared.name == name) parameter = declared;
    }
    parameters.push_back(ParameterJson(parameter, "path"));
  }
  for (const Parameter& parameter : route.doc.query) {
    parameters.push_back(ParameterJson(parameter, "query"));
  }
  if (Mutating(route)) {
    parameters.push_back(json::object{
        {"name", "Idempotency-Key"},
        {"in", "header"},
        {"required", false},
        {"description", "Gửi lại an toàn: cùng một khóa thì nhận lại câu trả lời đầu tiên"},
        {"schema", json::object{{"type", "string"}, {"maxLength", 200}}}});
  }
  const bool versioned_change = route.method == "PATCH" || route.method == "DELETE" ||
                                route.pattern.ends_with("/transitions") ||
                                route.pattern.ends_with("/answer") ||
                                route.pattern.ends_with("/close");
  if (versioned_change && route.pattern.find("/jobs/") == std::string::npos &&
      route.pattern != "/api/v1/session") {
    parameters.push_back(json::object{
        {"name", "If-Match"},
        {"in", "header"},
        {"required", route.method == "PATCH"},
        {"description", "Phiên bản (ETag) đã đọc trước khi sửa"},
        {"schema", json::object{{"type", "string"}, {"examples", json::array{"\"3\""}}}}});
  }
  return parameters;
}

// The problem answers, each described once under components.responses.
struct ProblemKind {
  std::string_view status, name, description;
};
constexpr ProblemKind kProblems[] = {
    {"400", "BadRequest", "Dữ liệu sai: chi tiết nêu trường và giá trị"},
    {"401", "Unauthenticated", "Chưa đăng nhập, phiên hết hạn hoặc sai mật khẩu"},
    {"403", "Forbidden", "Không có quyền, hoặc thiếu X-CSRF-Token"},
    {"404", "NotFound", "Không có hoặc không được xem"},
    {"409", "Conflict", "Xung đột: trùng, đã khóa hoặc không được ở trạng thái này"},
    {"412", "PreconditionFailed", "Phiên bản If-Match đã cũ"},
    {"413", "ContentTooLarge", "Nội dung gửi quá lớn"},
    {"415", "UnsupportedMediaType", "Kiểu nội dung không được nhận"},
    {"428", "PreconditionRequired", "Thiếu If-Match"},
    {"429", "TooManyRequests", "Quá nhiều yêu cầu, hoặc tài khoản tạm khóa"},
    {"default", "ServerError", "Lỗi máy chủ (500) hoặc kho dữ liệu không sẵn sàng (503)"},
};

json::object ProblemResponses() {
  json::object out;
  for (const ProblemKind& kind : kProblems) out[kind.name] = ProblemResponse(kind.description);
  return out;
}

void AddProblem(json::object& responses, std::string_view status) {
  for (const ProblemKind& kind : kProblems) {
    if (kind.status == status) {
      responses[status] =
          json::object{{"$ref", fmt::format("#/components/responses/{}", kind.name)}};
    }
  }
}

json::object Responses(const Route& route) {
  const RouteDoc& doc = route.doc;
  json::object responses;
  if (doc.status == 202 && doc.job) {
    responses["202"] = JobResponse();
  } else {
    json::object success{{"description", route.summary}};
    if (!doc.answer_files.empty()) {
      json::object content;
      for (const std::string& type : doc.answer_files) {
        content[type] = json::object{{"schema", FileSchema()}};
      }
      success["content"] = std::move(content);
    } else if (doc.answer) {
      success["content"] = Content("application/json", *doc.answer);
    }
    for (int status : doc.also) responses[std::to_string(status)] = success;
    responses[std::to_string(doc.status)] = std::move(success);
    if (doc.job) responses["202"] = JobResponse();
  }
  AddProblem(responses, "400");
  if (route.requires_login || route.method == "POST") AddProblem(responses, "401");
  if (route.requires_login || route.method == "POST") AddProblem(responses, "403");
  AddProblem(responses, "404");
  AddProblem(responses, "409");
  if (Mutating(route)) {
    for (std::string_view status : {"412", "413", "415"}) AddProblem(responses, status);
  }
  if (route.method == "PATCH") AddProblem(responses, "428");
  AddProblem(responses, "429");
  AddProblem(responses, "default");
  return responses;
}

json::array Security(const Route& route) {
  if (!route.requires_login) return json::array{};
  json::object session{{"session", json::array{}}};
  if (Mutating(route)) session["csrf"] = json::array{};
  return json::array{std::move(session), json::object{{"token", json::array{}}}};
}

}  // namespace

std::string OpenApiDocument(const Router& router) {
  json::object paths;
  for (const Route& route : router.routes()) {
    const std::string path = route.pattern.substr(std::string_view("/api/v1").size());
    json::object operation{{"operationId", OperationId(route)},
                           {"summary", route.summary},
                           {"tags", json::array{Tag(route)}},
                           {"security", Security(route)}};
    if (!route.Described()) operation["x-undescribed"] = true;
    json::array parameters = Parameters(route, path);
    if (!parameters.empty()) operation["parameters"] = std::move(parameters);
    if (route.doc.request || !route.doc.request_file.empty()) {
      operation["requestBody"] =
          json::object{{"required", true},
                       {"content", route.doc.request_file.empty()
                                       ? Content("application/json", *route.doc.request)
                                       : Content(route.doc.request_file, FileSchema())}};
    }
    operation["responses"] = Responses(route);
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    json::value& entry = paths[path];
    if (!entry.is_object()) entry.emplace_object();
    entry.as_object()[method] = std::move(operation);
  }
  json::value all_paths = std::move(paths);
  json::object schemas;
  std::vector<std::string> conflicts;
  sc::Hoist(all_paths, schemas, conflicts);
  json::value problems = ProblemResponses();
  sc::Hoist(problems, schemas, conflicts);
  if (!conflicts.empty()) {
    std::string names;
    for (const std::string& name : conflicts) names += " " + name;
    throw std::logic_error("two different schemas share a component name:" + names);
  }
  std::vector<std::pair<std::string, json::value>> sorted;
  for (auto& entry : schemas) sorted.emplace_back(std::string(entry.key()), entry.value());
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  json::object ordered;
  for (auto& [name, schema] : sorted) ordered[name] = std::move(schema);
  json::object security_schemes{
      {"session",
       json::object{{"type", "apiKey"},
                    {"in", "cookie"},
                    {"name", "nq_session"},
                    {"description",
                     "Phiên đăng nhập (POST /session); sau TLS cookie tên là __Host-nq_session"}}},
      {"csrf", json::object{{"type", "apiKey"},
                            {"in", "header"},
                            {"name", "X-CSRF-Token"},
                            {"description",
                             "Mã chống giả mạo của phiên (csrf_token của POST /session): bắt "
                             "buộc với mọi yêu cầu thay đổi gửi kèm cookie phiên"}}},
      {"token", json::object{{"type", "http"},
                             {"scheme", "bearer"},
                             {"description", "Mã API cho hệ thống khác (nqt_…), không cần CSRF"}}}};
  json::object document{
      {"openapi", "3.1.0"},
      {"info",
       json::object{{"title", "nqtrack API"},
                    {"version", "1"},
                    {"description",
                     "Theo dõi việc thực hiện nghị quyết: đơn vị, văn bản, chỉ tiêu, nhiệm vụ, "
                     "số liệu, báo cáo và số liệu tổng hợp trực tiếp. Carry a resolution into "
                     "life: units, documents, targets, obligations, values, reports and live "
                     "roll-ups."},
                    {"license",
                     json::object{{"name", "Proprietary"}, {"identifier", "LicenseRef-nqtrack"}}}}},
      {"servers", json::array{json::object{{"url", "/api/v1"}}}},
      {"security", json::array{json::object{{"session", json::array{}}},
                               json::object{{"token", json::array{}}}}},
      {"paths", std::move(all_paths)},
      {"components", json::object{{"schemas", std::move(ordered)},
                                  {"responses", std::move(problems)},
                                  {"securitySchemes", std::move(security_schemes)}}}};
  return json::serialize(document);
}

}  // namespace nq::api
