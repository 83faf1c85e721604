#include "http/wire.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <cctype>

#include "common/log.h"

namespace nq::http::wire {

namespace http = boost::beast::http;

HttpResponse Problem(int status, std::string_view detail, std::string_view request_id) {
  std::string id = log::RequestId(request_id);
  std::string_view title = http::obsolete_reason(static_cast<http::status>(status));
  log::Warning("request_refused", {{"request_id", id}, {"status", status}, {"detail", detail}});
  return HttpResponse{
      .status = status,
      .content_type = "application/problem+json",
      .headers = {{"X-Request-Id", id}},
      .body = fmt::format(
          R"({{"type":"about:blank","title":{},"status":{},"detail":{},"request_id":{}}})",
          log::QuoteJson(title), status, log::QuoteJson(detail), log::QuoteJson(id)),
  };
}

namespace {

bool IsSendable(const HttpResponse& response) {
  auto has_control = [](std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
  };
  if (response.status < 200 || response.status > 599) return false;
  if (has_control(response.content_type)) return false;
  return std::none_of(response.headers.begin(), response.headers.end(), [&](const auto& header) {
    return header.first.empty() || header.first.find_first_of(" :") != std::string::npos ||
           has_control(header.first) || has_control(header.second);
  });
}

// What every answer says to the browser, the handlers' and the transport's own alike: no sniffing
// of types, no framing, no referrer off the site, and content from the site only.
constexpr std::pair<std::string_view, std::string_view> kSecurityHeaders[] = {
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
     "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"},
};

}  // namespace

WireResponse ToWire(HttpResponse response, unsigned version, bool keep_alive, bool head) {
  if (!IsSendable(response)) {
    log::Write(
        log::Level::kError, "http_error",
        {{"detail", "the handler returned an unsendable response"}, {"status", response.status}});
    response = Problem(500, "the server produced an invalid response");
  }
  try {
    WireResponse wire;
    wire.version(version);
    wire.result(static_cast<unsigned>(response.status));
    if (!response.content_type.empty()) wire.set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) wire.insert(name, value);
    for (const auto& [name, value] : kSecurityHeaders) {
      if (wire.find(name) == wire.end()) wire.set(name, value);
    }
    wire.keep_alive(keep_alive);
    if (response.status != 204 && response.status != 304) {
      wire.body() = response.shared_body
                        ? std::move(response.shared_body)
                        : std::make_shared<const std::string>(std::move(response.body));
    }
    wire.prepare_payload();
    // HEAD announces the length of the representation but sends none of it.
    if (head) wire.body() = nullptr;
    return wire;
  } catch (const std::exception& e) {
    log::Write(log::Level::kError, "http_error",
               {{"detail", "cannot serialise the response"}, {"error", e.what()}});
    return ToWire(Problem(500, "the server produced an invalid response"), version, false, head);
  }
}

Result<HttpRequest> ToHttpRequest(http::request<http::string_body>&& message,
                                  std::string remote_address) {
  HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  auto url = boost::urls::parse_origin_form(message.target());
  if (!url) {
    return MakeError(ErrorCode::kInvalidArgument, "the request target is not valid: {}",
                     url.error().message());
  }
  request.path = url->path();
  if (request.path.find('\0') != std::string::npos) {
    return MakeError(ErrorCode::kInvalidArgument, "the request path contains a NUL byte");
  }
  boost::urls::encoding_opts plus_is_space;
  plus_is_space.space_as_plus = true;
  for (const auto& param : url->params(plus_is_space)) {
    request.query.emplace(param.key, param.value);
  }
  for (const auto& field : message) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto [it, inserted] = request.headers.emplace(name, std::string(field.value()));
    if (!inserted) (it->second += ", ") += field.value();  // RFC 9110 §5.3: combine repeats
  }
  request.body = std::move(message.body());
  request.remote_address = std::move(remote_address);
  return request;
}

}  // namespace nq::http::wire
