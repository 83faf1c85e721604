#include "http/wire.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
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

HttpResponse ReadRefusal(const boost::system::error_code& ec, size_t max_body_bytes) {
  if (ec == http::error::body_limit) {
    return Problem(413, fmt::format("request body exceeds the limit of {} bytes", max_body_bytes));
  }
  if (ec == http::error::header_limit) {
    return Problem(431, fmt::format("request header exceeds the limit of {} bytes", kHeaderLimit));
  }
  return Problem(400, fmt::format("malformed http request: {}", ec.message()));
}

bool IsParseError(const boost::system::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

std::expected<HttpRequest, HttpResponse> ReadRequest(std::string_view bytes,
                                                     size_t max_body_bytes) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(max_body_bytes);
  parser.eager(true);
  boost::system::error_code ec;
  size_t used = 0;
  while (!ec && !parser.is_done() && used < bytes.size()) {
    size_t step = parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    if (ec == http::error::need_more) ec = {};
    if (step == 0) break;
    used += step;
  }
  if (!ec && !parser.is_done()) {
    // What the server's reader does when the peer closes: the end of a body without a length,
    // else a request cut short.
    // Beast's put_eof wants some bytes consumed: a header cut short consumed none.
    if (parser.got_some()) parser.put_eof(ec);
    if (!ec && !parser.is_done()) ec = http::error::partial_message;
  }
  if (!ec) {
    if (auto length = parser.content_length(); length && *length > max_body_bytes) {
      ec = http::error::body_limit;
    }
  }
  if (ec) return std::unexpected(ReadRefusal(ec, max_body_bytes));
  auto request = ToHttpRequest(parser.release(), "127.0.0.1");
  if (!request) return std::unexpected(Problem(400, request.error().message));
  return std::move(*request);
}

}  // namespace nq::http::wire

namespace nq::http {

std::string HttpRequest::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

const std::string* HttpRequest::Query(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? nullptr : &it->second;
}

}  // namespace nq::http
