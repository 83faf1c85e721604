#include "api/problem.h"

#include <boost/json.hpp>

namespace nq::api {
namespace {

thread_local const std::string* current_request_id = nullptr;

std::string_view Title(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}

}  // namespace

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
      return 409;
    case ErrorCode::kFailedPrecondition:
      return 409;
    case ErrorCode::kAborted:
      return 412;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kResourceExhausted:
      return 429;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

HttpResponse Problem(const Error& error, int status, const boost::json::object* extra) {
  if (status == 0) status = HttpStatus(error.code);
  boost::json::object body{{"type", "about:blank"},
                           {"title", Title(status)},
                           {"status", status},
                           {"code", ErrorCodeName(error.code)},
                           {"detail", error.message}};
  if (!error.field.empty()) body["field"] = error.field;
  if (extra) {
    for (const auto& member : *extra) body[member.key()] = member.value();
  }
  if (current_request_id) body["request_id"] = *current_request_id;
  HttpResponse response;
  response.status = status;
  response.content_type = "application/problem+json";
  response.body = boost::json::serialize(body);
  return response;
}

RequestIdScope::RequestIdScope(const std::string& request_id) : previous_(current_request_id) {
  current_request_id = &request_id;
}

RequestIdScope::~RequestIdScope() { current_request_id = previous_; }

}  // namespace nq::api
