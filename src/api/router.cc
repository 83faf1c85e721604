#include "api/router.h"

namespace nq::api {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool MatchPattern(const std::vector<std::string>& want, const std::vector<std::string_view>& have,
                  std::map<std::string, std::string>& params) {
  if (want.size() != have.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
      if (have[i].empty()) return false;
      found.emplace(std::string(want[i].substr(1, want[i].size() - 2)), std::string(have[i]));
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

Route& Route::Query(std::string name, boost::json::object schema, bool required,
                    std::string about) {
  doc.query.push_back({std::move(name), std::move(schema), required, std::move(about)});
  return *this;
}

Route& Route::Path(std::string name, boost::json::object schema, std::string about) {
  doc.path.push_back({std::move(name), std::move(schema), true, std::move(about)});
  return *this;
}

Route& Route::Takes(boost::json::object schema) {
  doc.request = std::move(schema);
  return *this;
}

Route& Route::TakesFile(std::string media_type) {
  doc.request_file = std::move(media_type);
  return *this;
}

Route& Route::TakesNothing() {
  doc.no_body = true;
  return *this;
}

Route& Route::Answers(int status, boost::json::object schema) {
  doc.status = status;
  doc.answer = std::move(schema);
  return *this;
}

Route& Route::AlsoAnswers(int status) {
  doc.also.push_back(status);
  return *this;
}

Route& Route::AnswersFile(std::string media_type) {
  doc.answer_files.push_back(std::move(media_type));
  return *this;
}

Route& Route::StartsJob(bool always) {
  doc.job = true;
  if (always) doc.status = 202;
  return *this;
}

Route& Route::Kept(KeptHandler from_memory) {
  kept = std::move(from_memory);
  return *this;
}

bool Route::Described() const {
  const bool answers = doc.answer.has_value() || !doc.answer_files.empty() || doc.status == 202;
  const bool takes_body = method == "POST" || method == "PUT" || method == "PATCH";
  const bool takes =
      !takes_body || doc.request.has_value() || !doc.request_file.empty() || doc.no_body;
  return answers && takes;
}

Route& Router::Add(std::string method, std::string pattern, std::string summary,
                   RouteHandler handler) {
  return AddRoute(std::move(method), std::move(pattern), std::move(summary), std::move(handler),
                  true);
}

Route& Router::AddPublic(std::string method, std::string pattern, std::string summary,
                         RouteHandler handler) {
  return AddRoute(std::move(method), std::move(pattern), std::move(summary), std::move(handler),
                  false);
}

Route& Router::AddRoute(std::string method, std::string pattern, std::string summary,
                        RouteHandler handler, bool requires_login) {
  std::vector<std::string> segments;
  for (std::string_view segment : Segments(pattern)) segments.emplace_back(segment);
  routes_.push_back({std::move(method),
                     std::move(pattern),
                     std::move(summary),
                     std::move(handler),
                     requires_login,
                     std::move(segments),
                     {},
                     {}});
  return routes_.back();
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match match;
  const std::vector<std::string_view> have = Segments(path);
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchPattern(route.segments, have, params)) continue;
    if (route.method == method || (method == "HEAD" && route.method == "GET")) {
      match.route = &route;
      match.params = std::move(params);
      return match;
    }
    match.allowed.push_back(route.method);
  }
  return match;
}

}  // namespace nq::api
