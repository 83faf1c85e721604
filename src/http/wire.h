// The conversions between Beast's messages and the server's own: the request read from the wire,
// the response written to it (a kept body sent without a copy), and the problem+json answers of
// the transport itself. Internal to the HTTP server; Beast stays in its two sources.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "http/http_server.h"

namespace nq::http::wire {

namespace beast_http = boost::beast::http;

// The most a request's header may take, request line included (431 past it).
inline constexpr uint32_t kHeaderLimit = 64 << 10;

// A body that Beast sends from a shared, immutable string: an answer kept for many requests goes
// out from where it is kept, without a copy.
struct SharedBody {
  using value_type = std::shared_ptr<const std::string>;
  static std::uint64_t size(const value_type& body) { return body ? body->size() : 0; }
  class writer {
   public:
    using const_buffers_type = boost::asio::const_buffer;
    template <bool isRequest, class Fields>
    writer(const beast_http::header<isRequest, Fields>&, const value_type& body) : body_(body) {}
    void init(boost::system::error_code& ec) { ec = {}; }
    boost::optional<std::pair<const_buffers_type, bool>> get(boost::system::error_code& ec) {
      ec = {};
      if (!body_ || body_->empty()) return boost::none;
      return std::make_pair(const_buffers_type(body_->data(), body_->size()), false);
    }

   private:
    const value_type& body_;
  };
};
using WireResponse = beast_http::response<SharedBody>;

// An RFC 9457 problem+json response produced by the transport itself, with the request id it
// is logged under (`request_id`, or a new one when the request was not read).
HttpResponse Problem(int status, std::string_view detail, std::string_view request_id = {});
// The response on the wire; an unsendable one (bad status, header injection) becomes a 500.
WireResponse ToWire(HttpResponse response, unsigned version, bool keep_alive, bool head);
// The request as the handlers see it; invalid_argument for a target that does not parse.
Result<HttpRequest> ToHttpRequest(beast_http::request<beast_http::string_body>&& message,
                                  std::string remote_address);

// The answer to a request the parser refused (`ec` from reading it): 413 past the body limit,
// 431 past the header limit, else 400 naming the parser's complaint.
HttpResponse ReadRefusal(const boost::system::error_code& ec, size_t max_body_bytes);
// Whether `ec` is the parser's complaint about the bytes, not the connection's end or error.
bool IsParseError(const boost::system::error_code& ec);

// A request read from `bytes` as the server reads one from a connection (the same parser,
// limits and conversion), without a socket: for tests and fuzzing. The request as the handlers
// would see it, or the refusal the server would answer; bytes that end before the request does
// are refused as the server refuses a peer that closes early (400, partial message).
std::expected<HttpRequest, HttpResponse> ReadRequest(std::string_view bytes, size_t max_body_bytes);

}  // namespace nq::http::wire
