// HttpServer on Boost.Beast/Asio: an acceptor, one strand-serialised session per connection,
// and a graceful stop that lets requests in flight finish.
#include "http/http_server.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "common/log.h"
#include "http/process_limits.h"
#include "http/wire.h"
#include "http/work_pool.h"

namespace nq::http {

namespace {

using wire::Problem;
using wire::ToHttpRequest;
using wire::ToWire;
using wire::WireResponse;

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using ErrorCodeT = boost::system::error_code;

using wire::kHeaderLimit;
// After an error response the server stops sending but keeps reading (and discarding) for a
// while, so that unread request bytes do not turn the close into a reset that loses the response.
constexpr std::chrono::seconds kLingerTime{1};
constexpr size_t kLingerBytes = 1 << 20;
// A request body from which the memory is given back once the request is answered.
constexpr size_t kLargeBody = 1 << 20;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// What `handle` answers (an optional HttpResponse), with the request's X-Request-Id unless it
// set one; nullopt when it threw, which is logged as thrown by `who`.
template <typename F>
std::optional<HttpResponse> Guarded(const HttpRequest& request, std::string_view who, F&& handle) {
  std::optional<HttpResponse> response;
  try {
    response = handle();
  } catch (const std::exception& e) {
    log::Write(log::Level::kError, "http_error",
               {{"detail", fmt::format("{} threw", who)},
                {"request_id", request.request_id},
                {"method", request.method},
                {"path", request.path},
                {"error", e.what()}});
  } catch (...) {
    log::Write(log::Level::kError, "http_error",
               {{"detail", fmt::format("{} threw a non-exception", who)},
                {"request_id", request.request_id},
                {"method", request.method},
                {"path", request.path}});
  }
  if (response &&
      std::none_of(response->headers.begin(), response->headers.end(),
                   [](const auto& h) { return beast::iequals(h.first, "X-Request-Id"); })) {
    response->headers.emplace_back("X-Request-Id", request.request_id);
  }
  return response;
}

// The handler's answer, or a 500 when it threw.
HttpResponse CallHandler(const HttpHandler& handler, const HttpRequest& request) {
  std::optional<HttpResponse> response =
      Guarded(request, "the handler", [&] { return std::optional(handler(request)); });
  if (!response) return Problem(500, "the server failed to handle the request", request.request_id);
  return std::move(*response);
}

// The server whose threads (its I/O threads and its pools') the current thread is one of.
thread_local const void* running_server = nullptr;

class Session;

// What sessions share with the server. Outlives every session: the io_context, which owns the
// handlers that keep sessions alive, is destroyed first.
struct ServerState {
  ServerState(const HttpServer::Options& server_options, HttpHandler request_handler)
      : options(server_options), handler(std::move(request_handler)) {
    auto on_start = [this] { running_server = this; };
    pool = std::make_unique<WorkPool>(options.threads, options.max_queue, options.max_queue_wait,
                                      on_start);
    if (options.slow) {
      slow_pool = std::make_unique<WorkPool>(options.slow_threads, options.slow_queue,
                                             std::chrono::milliseconds(0), on_start);
    }
    max_connections = options.max_connections ? options.max_connections : DefaultMaxConnections();
  }

  enum class Reserved { kYes, kOverShare, kOverBudget };

  // Takes `bytes` of the budget of bodies in flight for a request from `address`: refused when
  // they do not fit the budget, or that address's share of it.
  Reserved ReserveBody(const std::string& address, size_t bytes) {
    std::lock_guard lock(body_mutex);
    size_t& from_address = bodies_by_address[address];
    Reserved reserved = Reserved::kYes;
    if (bodies_in_flight + bytes > options.max_body_bytes_in_flight) {
      reserved = Reserved::kOverBudget;
    } else if (options.max_body_bytes_per_address != 0 &&
               from_address + bytes >
                   std::max(options.max_body_bytes_per_address, options.max_body_bytes)) {
      reserved = Reserved::kOverShare;
    }
    if (reserved != Reserved::kYes) {
      if (from_address == 0) bodies_by_address.erase(address);
      return reserved;
    }
    from_address += bytes;
    bodies_in_flight += bytes;
    return reserved;
  }
  void ReleaseBody(const std::string& address, size_t bytes) {
    std::lock_guard lock(body_mutex);
    bodies_in_flight -= bytes;
    auto it = bodies_by_address.find(address);
    if (it != bodies_by_address.end() && (it->second -= bytes) == 0) bodies_by_address.erase(it);
  }

  HttpServer::Options options;
  HttpHandler handler;
  std::unique_ptr<WorkPool> pool;       // runs the handlers
  std::unique_ptr<WorkPool> slow_pool;  // when options.slow is set
  std::mutex body_mutex;                // guards the two below
  size_t bodies_in_flight = 0;          // bytes reserved by requests being read or handled
  std::unordered_map<std::string, size_t> bodies_by_address;  // the same, by remote address
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::condition_variable drained;  // notified when `sessions` becomes empty
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  std::unordered_map<std::string, size_t> per_address;  // open connections by remote address
  size_t max_connections = 0;                           // options' or from the descriptor limit
};

// What a connection over the limits is told before it is closed. Written without waiting: a
// client that does not read it loses only the message.
constexpr std::string_view kTooManyConnections =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"
    "X-Content-Type-Options: nosniff\r\nRetry-After: 1\r\nConnection: close\r\n"
    "Content-Length: 102\r\n\r\n"
    R"({"type":"about:blank","title":"Service Unavailable","status":503,"detail":"too many open connections"})";

// What a new connection is told while the queue of requests is full: refusing it before its
// request is read costs the server least when it is past its capacity.
constexpr std::string_view kServerBusy =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"
    "X-Content-Type-Options: nosniff\r\nRetry-After: 1\r\nConnection: close\r\n"
    "Content-Length: 88\r\n\r\n"
    R"({"type":"about:blank","title":"Service Unavailable","status":503,"detail":"server busy"})";

// One connection. Every member function runs on the connection's strand.
class Session final : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, ServerState& server)
      : stream_(std::move(socket)), deadline_(stream_.get_executor()), server_(server) {
    ErrorCodeT ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
  }

  ~Session() {
    ReleaseBody();
    std::lock_guard lock(server_.mutex);
    if (server_.sessions.erase(this) != 0) {
      auto it = server_.per_address.find(remote_address_);
      if (it != server_.per_address.end() && --it->second == 0) server_.per_address.erase(it);
    }
    if (server_.sessions.empty()) server_.drained.notify_all();
  }

  const std::string& remote_address() const { return remote_address_; }

  // Tells a connection over the limits why, without waiting for it to read, and closes it.
  void Refuse(std::string_view answer) {
    ErrorCodeT ec;
    tcp::socket& socket = stream_.socket();
    socket.non_blocking(true, ec);
    if (!ec) socket.write_some(asio::buffer(answer.data(), answer.size()), ec);
    // What the client already sent is read first: closing on unread bytes would reset the
    // connection, and the client could lose the answer.
    std::array<char, 4096> unread{};
    for (int reads = 0; !ec && reads < 4; ++reads) socket.read_some(asio::buffer(unread), ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
  }

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::ReadRequest, shared_from_this()));
  }

  // Stop: closes the connection now when `force` or when it is waiting for a new request;
  // otherwise the request in progress finishes and the connection closes after its response.
  void Shutdown(bool force) {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this(), force] {
      bool idle = self->state_ == State::kReading &&
                  (!self->parser_ || (!self->parser_->got_some() && self->buffer_.size() == 0));
      if (force || idle) self->Close();
    });
  }

 private:
  enum class State { kReading, kBusy, kLingering, kClosed };

  void ReadRequest() {
    if (state_ == State::kClosed || server_.stopping) return Close();
    state_ = State::kReading;
    timed_out_ = false;
    request_unread_ = false;
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(server_.options.max_body_bytes);
    StartDeadline(server_.options.request_timeout);
    stream_.expires_never();
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(ErrorCodeT ec, size_t) {
    if (ec) return OnReadError(ec);
    // The parser refuses a declared length over the limit too; this keeps the rule explicit.
    if (auto length = parser_->content_length();
        length && *length > server_.options.max_body_bytes) {
      return OnReadError(http::error::body_limit);
    }
    // The body's bytes are held until the answer is written: a chunked body may take the limit.
    const size_t body_bytes = parser_->content_length()
                                  ? static_cast<size_t>(*parser_->content_length())
                              : parser_->chunked() ? server_.options.max_body_bytes
                                                   : 0;
    if (body_bytes > 0) {
      if (auto reserved = server_.ReserveBody(remote_address_, body_bytes);
          reserved != ServerState::Reserved::kYes) {
        state_ = State::kBusy;
        request_unread_ = true;
        deadline_.cancel();
        return Respond(Busy(reserved == ServerState::Reserved::kOverShare
                                ? "too many large requests from this address at once; try "
                                  "again shortly"
                                : "too many large requests at once; try again shortly"),
                       11, false, false);
      }
      reserved_body_ = body_bytes;
    }
    auto expect = parser_->get()[http::field::expect];
    if (parser_->get().version() == 11 && beast::iequals(expect, "100-continue") &&
        !parser_->is_done()) {
      stream_.expires_after(server_.options.request_timeout);
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = shared_from_this()](ErrorCodeT write_ec, size_t) {
                          if (write_ec) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_never();
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnBody(ErrorCodeT ec, size_t) {
    if (ec) return OnReadError(ec);
    state_ = State::kBusy;
    deadline_.cancel();
    auto& message = parser_->get();
    unsigned version = message.version();
    bool keep_alive = message.keep_alive();
    bool head = message.method() == http::verb::head;
    auto request = ToHttpRequest(parser_->release(), remote_address_);
    if (!request) return Respond(Problem(400, request.error().message), version, false, head);
    request->request_id = log::RequestId(request->Header("x-request-id"));
    const bool slow = server_.slow_pool && server_.options.slow(*request);
    if (!slow && server_.options.at_once) {
      if (std::optional<HttpResponse> kept = AnswerAtOnce(*request)) {
        return Respond(std::move(*kept), version, keep_alive && !server_.stopping, head);
      }
    }
    HandleOn(slow ? *server_.slow_pool : *server_.pool, std::move(*request), version, keep_alive,
             head);
  }

  // What the server's at_once handler answers from memory, if anything; nullopt when it threw.
  std::optional<HttpResponse> AnswerAtOnce(const HttpRequest& request) {
    return Guarded(request, "the at-once handler",
                   [&] { return server_.options.at_once(request); });
  }

  // A 503 with Retry-After: the server cannot take the request now.
  static HttpResponse Busy(std::string_view detail, std::string_view request_id = {}) {
    HttpResponse busy = Problem(503, detail, request_id);
    busy.headers.emplace_back("Retry-After", "1");
    return busy;
  }

  // Runs the handler on `pool` and answers back on this connection's strand; the work guard
  // keeps the server's threads running until the answer is written (or dropped). A full queue,
  // or a request that waited past the pool's max_wait, is answered 503 with Retry-After.
  void HandleOn(WorkPool& pool, HttpRequest request, unsigned version, bool keep_alive, bool head) {
    std::string request_id = request.request_id;  // for a refusal, after the request moved
    auto task = [self = shared_from_this(), request = std::move(request), version, keep_alive, head,
                 work = asio::make_work_guard(stream_.get_executor())](bool expired) mutable {
      const bool large = request.body.size() >= kLargeBody;
      HttpResponse response =
          expired ? Busy("the server is busy; try again shortly", request.request_id)
                  : CallHandler(self->server_.handler, request);
      request = {};
      if (large) GiveMemoryBack();
      asio::post(self->stream_.get_executor(), [self, response = std::move(response), version,
                                                keep_alive, head]() mutable {
        self->Respond(std::move(response), version, keep_alive && !self->server_.stopping, head);
      });
    };
    if (pool.TrySubmit(std::move(task))) return;
    Respond(Busy(&pool == server_.pool.get() ? "the server is busy; try again shortly"
                                             : "too many requests of this kind at once; try "
                                               "again shortly",
                 request_id),
            version, keep_alive && !server_.stopping, head);
  }

  void OnReadError(ErrorCodeT ec) {
    state_ = State::kBusy;
    request_unread_ = true;
    deadline_.cancel();
    if (timed_out_) {
      if (!parser_->got_some() && buffer_.size() == 0) return Close();  // idle keep-alive
      return Respond(Problem(408, fmt::format("request not received within {} s",
                                              server_.options.request_timeout.count())),
                     11, false, false);
    }
    if (!wire::IsParseError(ec)) {
      return Close();  // the peer went away or the connection was closed under us
    }
    Respond(wire::ReadRefusal(ec, server_.options.max_body_bytes), 11, false, false);
  }

  void Respond(HttpResponse response, unsigned version, bool keep_alive, bool head) {
    if (state_ == State::kClosed) return;
    response_ = ToWire(std::move(response), version, keep_alive, head);
    stream_.expires_after(server_.options.request_timeout);
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this(), keep_alive));
  }

  void OnWrite(bool keep_alive, ErrorCodeT ec, size_t) {
    stream_.expires_never();
    response_ = {};
    ReleaseBody();
    if (ec) return Close();
    if (!keep_alive || server_.stopping) {
      // Closing on unread request bytes would reset the connection, losing the response.
      return request_unread_ || buffer_.size() > 0 ? Linger() : Close();
    }
    ReadRequest();
  }

  // Half-closes and discards what the client still sends, up to a time and byte budget.
  void Linger() {
    if (state_ == State::kClosed) return;
    state_ = State::kLingering;
    ErrorCodeT ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    StartDeadline(std::min<std::chrono::steady_clock::duration>(kLingerTime,
                                                                server_.options.request_timeout));
    DrainSome();
  }

  void DrainSome() {
    stream_.async_read_some(asio::buffer(drain_buffer_),
                            [self = shared_from_this()](ErrorCodeT ec, size_t bytes) {
                              self->drained_bytes_ += bytes;
                              if (ec || self->drained_bytes_ > kLingerBytes) return self->Close();
                              self->DrainSome();
                            });
  }

  void StartDeadline(std::chrono::steady_clock::duration timeout) {
    deadline_.expires_after(timeout);
    deadline_.async_wait([self = shared_from_this(), generation = ++deadline_generation_](
                             ErrorCodeT ec) { self->OnDeadline(ec, generation); });
  }

  void OnDeadline(ErrorCodeT ec, uint64_t generation) {
    // A cancelled timer whose handler was already queued still reports success: compare turns.
    if (ec || generation != deadline_generation_) return;
    if (state_ == State::kLingering) return Close();
    if (state_ != State::kReading) return;
    timed_out_ = true;
    stream_.cancel();  // the read completes with operation_aborted and sees timed_out_
  }

  void ReleaseBody() {
    if (reserved_body_ > 0) server_.ReleaseBody(remote_address_, std::exchange(reserved_body_, 0));
  }

  void Close() {
    ReleaseBody();
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    deadline_.cancel();
    ErrorCodeT ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  asio::steady_timer deadline_;
  ServerState& server_;
  std::string remote_address_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  WireResponse response_;
  std::array<char, 4096> drain_buffer_{};
  size_t drained_bytes_ = 0;
  State state_ = State::kReading;
  bool timed_out_ = false;
  bool request_unread_ = false;  // the response went out before the request was read in full
  uint64_t deadline_generation_ = 0;
  size_t reserved_body_ = 0;  // of the server's budget of bodies in flight
};

std::string HostPort(const std::string& address, uint16_t port) {
  if (address.find(':') != std::string::npos) return fmt::format("[{}]:{}", address, port);
  return fmt::format("{}:{}", address, port);
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(const Options& options, HttpHandler handler)
      : state_(options, std::move(handler)),
        io_context_(std::max(options.io_threads, 1)),
        acceptor_(asio::make_strand(io_context_)),
        accept_retry_(acceptor_.get_executor()) {}

  Status Listen();
  void Run();
  void Stop(std::chrono::milliseconds grace);
  void RunUntilSignal();
  uint16_t port() const { return port_; }

 private:
  void Accept();
  void OnAccept(ErrorCodeT ec, tcp::socket socket);
  void StopAccepting();
  std::vector<std::shared_ptr<Session>> BeginStopping();
  bool OnServerThread() const;
  bool WaitUntilDrained(std::chrono::steady_clock::time_point deadline);

  // Declared before io_context_ so that they outlive the handlers it destroys.
  ServerState state_;
  std::mutex stop_mutex_;  // held for the whole of Stop()
  bool stopped_ = false;
  std::mutex signal_mutex_;
  bool stop_requested_ = false;
  asio::io_context* signal_context_ = nullptr;  // RunUntilSignal's, while it waits

  asio::io_context io_context_;
  tcp::acceptor acceptor_;
  asio::steady_timer accept_retry_;
  std::vector<std::thread> threads_;
  uint16_t port_ = 0;
};

Status HttpServer::Impl::Listen() {
  const Options& options = state_.options;
  auto fail = [&](const ErrorCodeT& ec) {
    return MakeError(ErrorCode::kUnavailable, "cannot listen on {}: {}",
                     HostPort(options.address, options.port), ec.message());
  };
  ErrorCodeT ec;
  tcp::resolver resolver(io_context_);
  auto endpoints = resolver.resolve(options.address, std::to_string(options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec) return fail(ec);
  if (endpoints.empty()) return fail(asio::error::host_not_found);
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) port_ = acceptor_.local_endpoint(ec).port();
  if (ec) return fail(ec);
  return Ok();
}

void HttpServer::Impl::Run() {
  Accept();
  for (int thread_idx = 0; thread_idx < std::max(state_.options.io_threads, 1); ++thread_idx) {
    threads_.emplace_back([this] {
      running_server = &state_;
      for (;;) {
        try {
          io_context_.run();
          return;
        } catch (const std::exception& e) {
          log::Write(log::Level::kError, "http_error",
                     {{"detail", "a server thread caught an exception"}, {"error", e.what()}});
        }
      }
    });
  }
}

void HttpServer::Impl::Accept() {
  acceptor_.async_accept(asio::make_strand(io_context_), [this](ErrorCodeT ec, tcp::socket socket) {
    OnAccept(ec, std::move(socket));
  });
}

void HttpServer::Impl::OnAccept(ErrorCodeT ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Out of descriptors and the like: back off instead of spinning.
    log::Write(log::Level::kError, "http_error",
               {{"detail", "accepting a connection failed"}, {"error", ec.message()}});
    accept_retry_.expires_after(std::chrono::milliseconds(100));
    accept_retry_.async_wait([this](ErrorCodeT wait_ec) {
      if (!wait_ec && acceptor_.is_open()) Accept();
    });
    return;
  }
  ErrorCodeT ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  auto session = std::make_shared<Session>(std::move(socket), state_);
  bool accepted = false;
  bool over_limit = false;
  const bool busy = state_.pool->Full();
  {
    std::lock_guard lock(state_.mutex);
    size_t& from_address = state_.per_address[session->remote_address()];
    over_limit = state_.sessions.size() >= state_.max_connections ||
                 from_address >= state_.options.max_connections_per_address;
    if (!state_.stopping && !over_limit && !busy) {
      state_.sessions.emplace(session.get(), session);
      ++from_address;
      accepted = true;
    } else if (from_address == 0) {
      state_.per_address.erase(session->remote_address());
    }
  }
  if (accepted) {
    session->Start();
  } else if (over_limit) {
    session->Refuse(kTooManyConnections);
  } else if (busy) {
    session->Refuse(kServerBusy);
  }
  Accept();
}

std::vector<std::shared_ptr<Session>> HttpServer::Impl::BeginStopping() {
  std::vector<std::shared_ptr<Session>> sessions;
  std::lock_guard lock(state_.mutex);
  state_.stopping = true;
  for (const auto& [raw, weak] : state_.sessions) {
    if (auto session = weak.lock()) sessions.push_back(std::move(session));
  }
  return sessions;  // released by the caller, outside the lock: ~Session takes it
}

bool HttpServer::Impl::WaitUntilDrained(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(state_.mutex);
  return state_.drained.wait_until(lock, deadline, [this] { return state_.sessions.empty(); });
}

bool HttpServer::Impl::OnServerThread() const { return running_server == &state_; }

// Stops accepting and closes idle connections; safe to repeat.
void HttpServer::Impl::StopAccepting() {
  {
    std::lock_guard lock(signal_mutex_);
    stop_requested_ = true;
    if (signal_context_ != nullptr) signal_context_->stop();
  }
  asio::dispatch(acceptor_.get_executor(), [this] {
    ErrorCodeT ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
  });
  for (const auto& session : BeginStopping()) session->Shutdown(/*force=*/false);
}

void HttpServer::Impl::Stop(std::chrono::milliseconds grace) {
  if (OnServerThread()) {
    // A handler cannot wait for its own request to finish, nor join its own thread: the next
    // Stop() from elsewhere, at the latest the destructor, completes the stop.
    StopAccepting();
    return;
  }
  std::lock_guard stop_lock(stop_mutex_);
  if (stopped_) return;
  stopped_ = true;
  auto deadline = std::chrono::steady_clock::now() + grace;
  StopAccepting();
  if (!WaitUntilDrained(deadline)) {
    for (const auto& session : BeginStopping()) session->Shutdown(/*force=*/true);
  }
  // With every connection closed the threads run out of work; a handler still running is
  // waited for, as a thread cannot be interrupted.
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  // Every task of the pools held a work guard, so none is left but finished ones.
  state_.pool->Stop();
  if (state_.slow_pool) state_.slow_pool->Stop();
}

void HttpServer::Impl::RunUntilSignal() {
  try {
    asio::io_context signal_context(1);
    asio::signal_set signals(signal_context, SIGINT, SIGTERM);
    signals.async_wait([](ErrorCodeT, int) {});
    bool wait = false;
    {
      std::lock_guard lock(signal_mutex_);
      if (!stop_requested_) {
        signal_context_ = &signal_context;
        wait = true;
      }
    }
    if (wait) signal_context.run();  // returns on a signal or when Stop() stops it
    std::lock_guard lock(signal_mutex_);
    signal_context_ = nullptr;
  } catch (const std::exception& e) {
    log::Write(log::Level::kError, "http_error",
               {{"detail", "cannot wait for signals"}, {"error", e.what()}});
  }
  Stop(std::chrono::milliseconds(5000));
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const Options& options, HttpHandler handler) {
  auto impl = std::make_unique<Impl>(options, std::move(handler));
  NQ_RETURN_IF_ERROR(impl->Listen());
  impl->Run();
  // The constructor is private, so make_unique cannot reach it.
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

uint16_t HttpServer::port() const { return impl_->port(); }

void HttpServer::Stop(std::chrono::milliseconds grace) { impl_->Stop(grace); }

void HttpServer::RunUntilSignal() { impl_->RunUntilSignal(); }

}  // namespace nq::http
