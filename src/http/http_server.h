// HttpServer: the HTTP/1.1 listener. Everything Boost.Beast/Asio lives behind this header,
// in http_server.cc, so the rest of the code base compiles without those headers.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace nq::http {

struct HttpRequest {
  std::string method;  // "GET", "POST", …
  std::string target;  // raw request target: "/api/v1/units?q=ba%20thuoc"
  std::string path;    // percent-decoded path without the query: "/api/v1/units"
  std::multimap<std::string, std::string> query;  // percent-decoded query parameters
  std::map<std::string, std::string> headers;     // field names in lower case
  std::string body;
  std::string remote_address;  // "127.0.0.1"
  // The client's X-Request-Id when it is a sane token, else a new one (log::RequestId); the
  // answer carries it back in X-Request-Id. Empty for a request made without the server.
  std::string request_id;
  // When the whole request had been read (or when it was made, without the server).
  std::chrono::steady_clock::time_point received = std::chrono::steady_clock::now();

  // The header value or "" when absent; `name` in lower case.
  std::string Header(const std::string& name) const;
  // The first value of query parameter `name`, or nullptr.
  const std::string* Query(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // A body kept elsewhere (an answer computed once for many requests): sent from where it is,
  // without a copy, instead of `body`.
  std::shared_ptr<const std::string> shared_body = nullptr;

  // The body that is sent: the shared one when set.
  std::string_view Body() const { return shared_body ? std::string_view(*shared_body) : body; }
  size_t BodySize() const { return Body().size(); }
};

// Called on a server thread, concurrently with other calls; must not throw.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;
// Called on the thread that read the request, before it goes to the handlers' pool: answers a
// request whose answer is already kept in memory, or nullopt to let the pool's handler answer it.
// Must be quick and never block (no store, no computation, no lock held long); must not throw.
using AtOnceHandler = std::function<std::optional<HttpResponse>(const HttpRequest&)>;

class HttpServer final {
 public:
  struct Options {
    std::string address = "127.0.0.1";
    uint16_t port = 0;  // 0: any free port; see port()
    size_t max_body_bytes = 8 << 20;
    std::chrono::seconds request_timeout{30};  // to read a whole request
    // Threads that run the handlers. Requests wait for them in a queue of at most `max_queue`;
    // past it, or once a request has waited `max_queue_wait` (0: no limit), it is answered 503
    // with Retry-After instead, so that past its capacity the server sheds load rather than
    // letting every answer wait longer and longer.
    int threads = 4;
    size_t max_queue = 256;
    std::chrono::milliseconds max_queue_wait{2000};
    // Threads that read requests and write answers (the handlers run elsewhere).
    int io_threads = 2;
    // The bytes of request bodies being read or handled at once, each counted at its declared
    // length (a chunked one at max_body_bytes) from its header until its answer is written.
    // A request whose body does not fit is answered 503 with Retry-After before it is read.
    size_t max_body_bytes_in_flight = 64 << 20;
    // The share of that budget one remote address may hold (never less than max_body_bytes),
    // so that a few clients declaring large bodies and sending them slowly cannot take it all
    // from everyone else; past it, that address's next body is answered 503 with Retry-After.
    // 0: no share (behind a proxy that connects from one address, every client is that one).
    size_t max_body_bytes_per_address = 16 << 20;
    // Requests for which `slow` answers true (those that hash a password: sign-in, password
    // changes) run on a pool of `slow_threads` threads of their own, so that a flood of them
    // cannot occupy the threads every other request needs. At most `slow_queue` of them wait
    // for that pool; past it a request is refused at once with 503 and Retry-After.
    std::function<bool(const HttpRequest&)> slow;
    int slow_threads = 2;
    size_t slow_queue = 64;
    // Asked first for every request that is not `slow`: what it answers is written at once from
    // the I/O thread, without the two thread hand-offs of the pool (a kept roll-up answer).
    AtOnceHandler at_once;
    // Open connections in all and from one address. Past either, a new connection is answered
    // 503 with Retry-After and closed at once, so that slow or idle connections cannot use up
    // the process's file descriptors. 0 in all: three quarters of the descriptor limit.
    size_t max_connections = 0;
    size_t max_connections_per_address = 256;
  };

  // Binds and starts serving on background threads. Fails with unavailable when the address
  // cannot be bound (naming it).
  static Result<std::unique_ptr<HttpServer>> Start(const Options& options, HttpHandler handler);
  ~HttpServer();  // Stop()s

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  uint16_t port() const;

  // Graceful: stops accepting, lets requests in flight finish (up to `grace`), closes the rest,
  // joins the threads. Idempotent; thread-safe.
  void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

  // Blocks until SIGINT or SIGTERM arrives (or Stop() is called elsewhere), then Stop()s.
  void RunUntilSignal();

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nq::http
