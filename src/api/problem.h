// Errors as HTTP: the one mapping from ErrorCode to status, and RFC 9457 problem+json bodies.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "common/result.h"
#include "http/http_server.h"

namespace nq::api {

using http::HttpRequest;
using http::HttpResponse;

// not_found→404, invalid_argument→400, already_exists→409, failed_precondition→409,
// aborted→412 (a stale If-Match), permission_denied→403, unauthenticated→401,
// resource_exhausted→429, too_large→413, unavailable→503, internal→500.
int HttpStatus(ErrorCode code);

// A problem+json response. `status` 0 means HttpStatus(error.code). `extra` members (such as
// "errors" for a batch) are merged into the body, and so is "request_id", the id of the request
// this thread is answering (RequestIdScope), when there is one.
HttpResponse Problem(const Error& error, int status = 0,
                     const boost::json::object* extra = nullptr);

// Names the request this thread answers while it lives, for the problems made meanwhile;
// App::Handle makes one for each request.
class RequestIdScope final {
 public:
  explicit RequestIdScope(const std::string& request_id);
  ~RequestIdScope();
  RequestIdScope(const RequestIdScope&) = delete;
  RequestIdScope& operator=(const RequestIdScope&) = delete;

 private:
  const std::string* previous_;
};
// The JSON Schema of every problem body ("Problem"), the batch's errors included.
boost::json::object ProblemSchema();

}  // namespace nq::api
