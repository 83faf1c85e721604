#include "api/call.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>

#include "api/crud.h"
#include "api/problem.h"
#include "app/units.h"
#include "engine/structure.h"
#include "formats/codec.h"
#include "formats/json_reader.h"

namespace nq::api {
namespace {

std::optional<int64_t> ParsePositive(std::string_view text) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

}  // namespace

Result<Id> Call::PathId(std::string_view entity, const std::string& name) const {
  const std::string& text = PathParam(name);
  auto id = ParsePositive(text);
  if (!id) return MakeError(ErrorCode::kNotFound, "{} \"{}\" not found", entity, text);
  return *id;
}

const std::string& Call::PathParam(const std::string& name) const {
  static const std::string kEmpty;
  auto it = params_.values.find(name);
  return it == params_.values.end() ? kEmpty : it->second;
}

Result<json::value> Call::Body() const { return formats::ParseJsonBody(request_.body); }

Result<std::optional<Id>> Call::QueryId(const std::string& name) const {
  const std::string* text = request_.Query(name);
  if (!text || text->empty()) return std::optional<Id>();
  auto id = ParsePositive(*text);
  if (!id) {
    return FieldError(name, "query parameter \"{}\" must be a positive id, got \"{}\"", name,
                      text->substr(0, 80));
  }
  return std::optional<Id>(*id);
}

Result<Id> Call::RequiredQueryId(const std::string& name) const {
  NQ_TRY(auto id, QueryId(name));
  if (!id) return FieldError(name, "query parameter \"{}\" is required", name);
  return *id;
}

Result<Id> Call::RequiredQueryUnit(const std::string& name) const {
  const std::string* text = request_.Query(name);
  if (!text || text->empty()) return FieldError(name, "query parameter \"{}\" is required", name);
  return app::ResolveUnitId(service_, *text);
}

Result<std::optional<domain::Period>> Call::QueryPeriod(const std::string& name) const {
  const std::string* text = request_.Query(name);
  if (!text || text->empty()) return std::optional<domain::Period>();
  auto period = domain::Period::Parse(*text);
  if (!period) {
    return FieldError(name, "query parameter \"{}\": {}", name, period.error().message);
  }
  return std::optional<domain::Period>(*period);
}

std::optional<std::string> Call::QueryText(const std::string& name) const {
  const std::string* text = request_.Query(name);
  if (!text) return std::nullopt;
  return *text;
}

Result<Date> Call::AsOf() const {
  const std::string* text = request_.Query("as_of");
  if (!text || text->empty()) return service_.Today();
  if (auto date = Date::Parse(*text)) return *date;
  if (auto period = domain::Period::Parse(*text)) return period->end();
  return FieldError("as_of",
                    "query parameter \"as_of\" must be a date (2021-03-31) or a period "
                    "code (2021Q1), got \"{}\"",
                    text->substr(0, 80));
}

Result<std::optional<Date>> Call::ExplicitAsOf() const {
  const std::string* text = request_.Query("as_of");
  if (!text || text->empty()) return std::optional<Date>();
  NQ_TRY(Date as_of, AsOf());
  return std::optional<Date>(as_of);
}

Result<Date> Call::AsOfFor(std::optional<Id> unit_id) const {
  NQ_TRY(Date as_of, AsOf());
  const std::string* text = request_.Query("as_of");
  if ((text && !text->empty()) || !unit_id) return as_of;
  return service_.engine().structure()->LastOpenOnOrBefore(*unit_id, as_of);
}

Result<Date> Call::AsOfForQueryUnit(const std::string& name) const {
  auto unit = RequiredQueryUnit(name);
  return AsOfFor(unit ? std::optional<Id>(*unit) : std::nullopt);
}

Result<std::optional<int64_t>> Call::IfMatch() const {
  std::string value = request_.Header("if-match");
  if (value.empty()) return std::optional<int64_t>();
  std::string_view text = value;
  if (text.starts_with("W/")) text.remove_prefix(2);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  auto version = ParsePositive(text);
  if (!version) {
    return FieldError("If-Match", "header If-Match must be an ETag such as \"3\", got {}",
                      value.substr(0, 80));
  }
  return std::optional<int64_t>(*version);
}

Result<int64_t> Call::RequiredIfMatch() const {
  NQ_TRY(auto version, IfMatch());
  if (!version) {
    return std::unexpected(Error{ErrorCode::kFailedPrecondition,
                                 "header If-Match is required: send the ETag you read, so no "
                                 "change is lost",
                                 "If-Match"});
  }
  return *version;
}

const app::Principal& Call::principal() const {
  static const app::Principal kNobody;
  return params_.principal ? *params_.principal : kNobody;
}

app::Actor Call::Actor() const {
  app::Actor actor;
  actor.name = params_.principal ? params_.principal->login : "anonymous";
  actor.address = request_.remote_address;
  actor.idempotency_key = request_.Header("idempotency-key");
  return actor;
}

std::string Call::Fingerprint() const {
  // FNV-1a over who asks, method, target and body: a key replays only its own user's request,
  // never another's reply (which their grants might not allow them to see).
  uint64_t hash = 1469598103934665603ull;
  std::string user = params_.principal ? std::to_string(params_.principal->user_id) : "";
  for (std::string_view part :
       {std::string_view(user), std::string_view(request_.method),
        std::string_view(request_.target), std::string_view(request_.body)}) {
    for (unsigned char c : part) hash = (hash ^ c) * 1099511628211ull;
    hash = (hash ^ 0xff) * 1099511628211ull;
  }
  return fmt::format("{:016x}", hash);
}

QueryFilters& QueryFilters::Id(const std::string& param, const std::string& column) {
  auto id = call_.QueryId(param);
  if (!id && !error_) error_ = id.error();
  if (id && *id) filters_.push_back({column, **id});
  return *this;
}

QueryFilters& QueryFilters::Period(const std::string& param, const std::string& column) {
  auto period = call_.QueryPeriod(param);
  if (!period && !error_) error_ = period.error();
  if (period && *period) filters_.push_back({column, (*period)->ToString()});
  return *this;
}

QueryFilters& QueryFilters::Add(const std::string& column, std::string value) {
  filters_.push_back({column, std::move(value)});
  return *this;
}

Result<std::vector<app::FieldFilter>> QueryFilters::Finish() const {
  if (error_) return std::unexpected(*error_);
  return filters_;
}

HttpResponse JsonResponse(int status, const json::value& body, std::optional<int64_t> version) {
  HttpResponse response;
  response.status = status;
  response.body = json::serialize(body);
  if (version) response.headers.emplace_back("ETag", fmt::format("\"{}\"", *version));
  return response;
}

HttpResponse ErrorResponse(const Error& error) {
  if (error.code == ErrorCode::kFailedPrecondition && error.field == "If-Match") {
    return Problem(error, 428);
  }
  return Problem(error);
}

HttpResponse ReplyResponse(const app::Reply& reply) {
  std::optional<int64_t> version;
  if (reply.body.is_object()) {
    if (const json::value* v = reply.body.as_object().if_contains("version"); v && v->is_int64()) {
      version = v->get_int64();
    }
  }
  HttpResponse response = JsonResponse(reply.status, reply.body, version);
  if (reply.replayed) response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

Result<HttpResponse> WriteResponse(const Result<app::Reply>& reply, const json::object& details) {
  if (!reply) return ProblemWith(reply.error(), details);
  return ReplyResponse(*reply);
}

HttpResponse ProblemWith(const Error& error, const json::object& details) {
  if (details.empty()) return ErrorResponse(error);
  return Problem(error, 0, &details);
}

Result<std::optional<std::vector<domain::Id>>> UnitIdsOf(const json::object& body,
                                                         std::string_view member) {
  const json::value* units = body.if_contains(member);
  if (!units || units->is_null()) return std::nullopt;
  auto malformed = [member] {
    return FieldError(fmt::format("/{}", member), "field \"/{}\" must be an array of unit ids",
                      member);
  };
  if (!units->is_array()) return malformed();
  std::vector<domain::Id> unit_ids;
  for (const json::value& id : units->get_array()) {
    if (!id.is_int64() || id.get_int64() <= 0) return malformed();
    unit_ids.push_back(id.get_int64());
  }
  return unit_ids;
}

std::string MediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  std::string lower(type);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

Status RequireMediaType(const Call& call, std::string_view type) {
  if (MediaType(call.request().Header("content-type")) == type) return Ok();
  return std::unexpected(
      Error{ErrorCode::kInvalidArgument, fmt::format("send the file as {}", type), "Content-Type"});
}

}  // namespace nq::api
