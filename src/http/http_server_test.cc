// Tests for HttpServer: a real server on an ephemeral loopback port, spoken to over plain sockets.
#include "http/http_server.h"

#include <arpa/inet.h>
#include <fmt/core.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace nq::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

struct ClientResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

// A blocking loopback client; every read gives up after 10 s so a broken server fails the test
// instead of hanging it.
class Client {
 public:
  // Connects from `from`, an address of the loopback network (127.0.0.1 by default: any
  // 127.x.y.z is this machine, so tests can be several clients).
  explicit Client(uint16_t port, uint32_t from = INADDR_LOOPBACK)
      : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{.tv_sec = 10, .tv_usec = 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (from != INADDR_LOOPBACK) {
      sockaddr_in local{};
      local.sin_family = AF_INET;
      local.sin_addr.s_addr = htonl(from);
      ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      data.remove_prefix(static_cast<size_t>(sent));
    }
    return true;
  }

  // Reads one response; nullopt when the connection ends first or a read times out.
  std::optional<ClientResponse> ReadResponse(bool head = false) {
    size_t header_end;
    while ((header_end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!ReadMore()) return std::nullopt;
    }
    ClientResponse response;
    std::string header = pending_.substr(0, header_end);
    pending_.erase(0, header_end + 4);
    size_t line_end = header.find("\r\n");
    std::string status_line = header.substr(0, line_end);
    if (status_line.size() < 12) return std::nullopt;
    response.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
      size_t start = line_end + 2;
      line_end = header.find("\r\n", start);
      std::string line = header.substr(
          start, line_end == std::string::npos ? std::string::npos : line_end - start);
      size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      response.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    size_t length = head || !response.headers.contains("content-length")
                        ? 0
                        : std::stoul(response.headers["content-length"]);
    while (pending_.size() < length) {
      if (!ReadMore()) return std::nullopt;
    }
    response.body = pending_.substr(0, length);
    pending_.erase(0, length);
    return response;
  }

  // Reads until the server closes; nullopt when a read times out instead.
  std::optional<std::string> ReadToEnd() {
    for (;;) {
      char buffer[4096];
      ssize_t received = ::recv(fd_, buffer, sizeof buffer, 0);
      if (received == 0 || (received < 0 && errno == ECONNRESET)) return std::move(pending_);
      if (received < 0) return std::nullopt;
      pending_.append(buffer, static_cast<size_t>(received));
    }
  }

  // Reads exactly `size` bytes.
  std::optional<std::string> ReadExactly(size_t size) {
    while (pending_.size() < size) {
      if (!ReadMore()) return std::nullopt;
    }
    std::string out = pending_.substr(0, size);
    pending_.erase(0, size);
    return out;
  }

 private:
  bool ReadMore() {
    char buffer[4096];
    ssize_t received = ::recv(fd_, buffer, sizeof buffer, 0);
    if (received <= 0) return false;
    pending_.append(buffer, static_cast<size_t>(received));
    return true;
  }

  int fd_;
  bool connected_ = false;
  std::string pending_;
};

// Remembers the last request and answers with a fixed body.
struct Recorder {
  std::mutex mutex;
  std::optional<HttpRequest> last;
  std::atomic<int> calls{0};

  HttpHandler Handler() {
    return [this](const HttpRequest& request) {
      ++calls;
      {
        std::lock_guard lock(mutex);
        last = request;
      }
      return HttpResponse{.status = 200,
                          .content_type = "text/plain; charset=utf-8",
                          .headers = {{"X-Request-Path", "seen"}},
                          .body = "echo:" + request.body};
    };
  }
  HttpRequest Last() {
    std::lock_guard lock(mutex);
    return last.value_or(HttpRequest{});
  }
};

Result<std::unique_ptr<HttpServer>> StartServer(HttpHandler handler,
                                                HttpServer::Options options = {}) {
  options.threads = 2;
  return HttpServer::Start(options, std::move(handler));
}

std::string Get(std::string_view target) {
  return fmt::format("GET {} HTTP/1.1\r\nHost: localhost\r\n\r\n", target);
}

// Bounded polling: true once `signal` has a handler other than the default.
bool WaitForSignalHandler(int signal) {
  auto deadline = steady_clock::now() + seconds(10);
  while (steady_clock::now() < deadline) {
    struct sigaction action {};
    ::sigaction(signal, nullptr, &action);
    if (action.sa_handler != SIG_DFL) return true;
    std::this_thread::sleep_for(milliseconds(1));
  }
  return false;
}

TEST(HttpServer, DecodesPathAndPercentEncodedQuery) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  ASSERT_TRUE(client.Send(Get("/api/v1/units%20list?q=ba%20thuoc&name=B%C3%A1")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  HttpRequest request = recorder.Last();
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.target, "/api/v1/units%20list?q=ba%20thuoc&name=B%C3%A1");
  EXPECT_EQ(request.path, "/api/v1/units list");
  ASSERT_NE(request.Query("q"), nullptr);
  EXPECT_EQ(*request.Query("q"), "ba thuoc");
  ASSERT_NE(request.Query("name"), nullptr);
  EXPECT_EQ(*request.Query("name"), "Bá");
  EXPECT_EQ(request.Query("missing"), nullptr);
}

TEST(HttpServer, DecodesPlusAsSpaceAndKeepsRepeatedParameters) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  ASSERT_TRUE(client.Send(Get("/units?q=ba+thuoc&tag=a&tag=b&flag")));
  ASSERT_TRUE(client.ReadResponse().has_value());
  HttpRequest request = recorder.Last();
  EXPECT_EQ(*request.Query("q"), "ba thuoc");
  auto [first, last] = request.query.equal_range("tag");
  ASSERT_EQ(std::distance(first, last), 2);
  EXPECT_EQ(first->second, "a");
  EXPECT_EQ(std::next(first)->second, "b");
  ASSERT_NE(request.Query("flag"), nullptr);
  EXPECT_EQ(*request.Query("flag"), "");
}

TEST(HttpServer, PassesLowerCaseHeadersAndRemoteAddress) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Custom-Thing: Value 1\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->headers["content-type"], "text/plain; charset=utf-8");
  EXPECT_EQ(response->headers["x-request-path"], "seen");
  HttpRequest request = recorder.Last();
  EXPECT_EQ(request.Header("x-custom-thing"), "Value 1");
  EXPECT_EQ(request.Header("host"), "localhost");
  EXPECT_EQ(request.Header("absent"), "");
  EXPECT_EQ(request.remote_address, "127.0.0.1");
}

TEST(HttpServer, NamesEveryRequestAndAnswersItsId) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: abc-1.2_Z\r\n\r\n"));
  auto named = client.ReadResponse();
  ASSERT_TRUE(named.has_value());
  EXPECT_EQ(named->headers["x-request-id"], "abc-1.2_Z");
  EXPECT_EQ(recorder.Last().request_id, "abc-1.2_Z");
  // An id that is not a sane token is replaced by a new one.
  ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: a b\r\n\r\n"));
  auto renamed = client.ReadResponse();
  ASSERT_TRUE(renamed.has_value());
  EXPECT_EQ(renamed->headers["x-request-id"].size(), 24u);
  EXPECT_EQ(recorder.Last().request_id, renamed->headers["x-request-id"]);
}

TEST(HttpServer, EchoesPostBody) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  std::string body = R"({"name":"Xã Điện Lữ"})";
  ASSERT_TRUE(client.Send(fmt::format(
      "POST /api/v1/units HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Content-Length: {}\r\n\r\n{}",
      body.size(), body)));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "echo:" + body);
  EXPECT_EQ(response->headers["content-length"], std::to_string(body.size() + 5));
  EXPECT_EQ(recorder.Last().method, "POST");
}

TEST(HttpServer, AnswersExpectContinueBeforeTheBody) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  ASSERT_TRUE(client.Send(
      "PUT /x HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"));
  EXPECT_EQ(client.ReadExactly(25), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(client.Send("data"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "echo:data");
}

TEST(HttpServer, KeepsConnectionAliveAcrossRequests) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  ASSERT_TRUE(client.Send(Get("/first")));
  auto first = client.ReadResponse();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(recorder.Last().path, "/first");
  ASSERT_TRUE(client.Send(Get("/second")));
  auto second = client.ReadResponse();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(recorder.Last().path, "/second");
  EXPECT_EQ(recorder.calls, 2);
}

// What at_once answers is written from the I/O thread and the pool's handler is not called;
// what it leaves (nullopt), or where it throws, the handler answers, on the same connection.
TEST(HttpServer, AnAnswerKeptInMemoryIsGivenAtOnceAndTheRestByTheHandler) {
  Recorder recorder;
  HttpServer::Options options;
  std::atomic<int> asked{0};
  options.at_once = [&asked](const HttpRequest& request) -> std::optional<HttpResponse> {
    ++asked;
    if (request.path == "/throws") throw std::runtime_error("kept answers are out of reach");
    if (request.path != "/kept") return std::nullopt;
    HttpResponse kept;
    kept.content_type = "text/plain; charset=utf-8";
    kept.shared_body = std::make_shared<const std::string>("kept:" + request.Header("x-seen"));
    return kept;
  };
  auto server = StartServer(recorder.Handler(), options);
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  ASSERT_TRUE(client.Send("GET /kept HTTP/1.1\r\nHost: localhost\r\nX-Seen: yes\r\n\r\n"));
  auto kept = client.ReadResponse();
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->status, 200);
  EXPECT_EQ(kept->body, "kept:yes");
  EXPECT_FALSE(kept->headers["x-request-id"].empty());
  EXPECT_EQ(kept->headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(recorder.calls, 0);
  for (const char* path : {"/computed", "/throws"}) {
    ASSERT_TRUE(client.Send(Get(path)));
    auto computed = client.ReadResponse();
    ASSERT_TRUE(computed.has_value()) << path;
    EXPECT_EQ(computed->body, "echo:") << path;
    EXPECT_EQ(recorder.Last().path, path);
  }
  EXPECT_EQ(recorder.calls, 2);
  EXPECT_EQ(asked, 3);
}

TEST(HttpServer, ServesConcurrentClients) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  constexpr int kClients = 8;
  constexpr int kRequests = 50;
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int client_idx = 0; client_idx < kClients; ++client_idx) {
    clients.emplace_back([&, client_idx, port = (*server)->port()] {
      Client client(port);
      for (int request_idx = 0; request_idx < kRequests; ++request_idx) {
        std::string body = fmt::format("{}-{}", client_idx, request_idx);
        if (!client.Send(fmt::format("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{}",
                                     body.size(), body))) {
          return;
        }
        auto response = client.ReadResponse();
        if (response && response->body == "echo:" + body) ++answered;
      }
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(answered, kClients * kRequests);
}

// Requests that Options::slow names (password hashing) run on a pool of their own: while it is
// busy every other request is still answered, and past its queue the server refuses at once with
// 503 and Retry-After instead of letting the requests pile up.
TEST(HttpServer, SlowRequestsRunOnTheirOwnBoundedPool) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> entered{0};
  HttpServer::Options options;
  options.slow = [](const HttpRequest& request) { return request.path == "/slow"; };
  options.slow_threads = 1;
  options.slow_queue = 2;
  auto server = StartServer(
      [&](const HttpRequest& request) {
        if (request.path == "/slow") {
          ++entered;
          released.wait();
        }
        return HttpResponse{
            .status = 200, .content_type = "text/plain", .headers = {}, .body = request.path};
      },
      options);
  ASSERT_TRUE(server.has_value()) << server.error().message;
  const uint16_t port = (*server)->port();

  // Eight slow requests: one runs, two wait, five are refused.
  constexpr int kSlow = 8;
  std::mutex mutex;
  std::vector<ClientResponse> answers;
  std::vector<std::thread> clients;
  for (int index = 0; index < kSlow; ++index) {
    clients.emplace_back([&, port] {
      Client client(port);
      ASSERT_TRUE(client.Send(Get("/slow")));
      auto response = client.ReadResponse();
      std::lock_guard lock(mutex);
      answers.push_back(response.value_or(ClientResponse{}));
    });
    // The first runs before the others arrive, so that the queue holds exactly two of them.
    for (auto wait = steady_clock::now() + seconds(10);
         index == 0 && entered < 1 && steady_clock::now() < wait;) {
      std::this_thread::sleep_for(milliseconds(5));
    }
  }
  auto answered = [&] {
    std::lock_guard lock(mutex);
    return answers.size();
  };
  const auto deadline = steady_clock::now() + seconds(10);
  while ((entered < 1 || answered() < 5) && steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  // The pool is full, yet other requests are answered at once.
  const auto start = steady_clock::now();
  Client fast(port);
  ASSERT_TRUE(fast.Send(Get("/fast")));
  auto response = fast.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_LT(steady_clock::now() - start, seconds(2));
  {
    std::lock_guard lock(mutex);
    ASSERT_EQ(answers.size(), 5u);
    for (const ClientResponse& refused : answers) {
      EXPECT_EQ(refused.status, 503);
      auto retry = refused.headers.find("retry-after");
      EXPECT_TRUE(retry != refused.headers.end() && retry->second == "1");
    }
  }
  EXPECT_EQ(entered, 1);
  release.set_value();
  for (auto& client : clients) client.join();
  int ok = 0;
  for (const ClientResponse& answer : answers) ok += answer.status == 200;
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(entered, 3);
}

TEST(HttpServer, ClosesHttp10ConnectionUnlessKeepAliveIsAsked) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client keep((*server)->port());
  ASSERT_TRUE(keep.Send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  auto kept = keep.ReadResponse();
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->headers["connection"], "keep-alive");
  ASSERT_TRUE(keep.Send("GET /b HTTP/1.0\r\n\r\n"));
  auto text = keep.ReadToEnd();
  ASSERT_TRUE(text.has_value());
  EXPECT_THAT(*text, StartsWith("HTTP/1.0 200 OK\r\n"));
  EXPECT_THAT(*text, HasSubstr("\r\n\r\necho:"));
}

TEST(HttpServer, AnswersHeadWithLengthButNoBody) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  ASSERT_TRUE(client.Send("HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
  auto head = client.ReadResponse(/*head=*/true);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->headers["content-length"], "5");
  // Had the server sent the body, it would now be read as the start of the next response.
  ASSERT_TRUE(client.Send(Get("/after")));
  auto next = client.ReadResponse();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body, "echo:");
}

TEST(HttpServer, RefusesDeclaredOversizedBodyWithoutReadingIt) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  auto start = steady_clock::now();
  ASSERT_TRUE(client.Send(
      "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1073741824\r\n\r\nsome"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_LT(steady_clock::now() - start, seconds(5));
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->headers["content-type"], "application/problem+json");
  const std::string id = response->headers["x-request-id"];
  EXPECT_EQ(id.size(), 24u);
  EXPECT_EQ(response->body, R"({"type":"about:blank","title":"Payload Too Large","status":413,)"
                            R"("detail":"request body exceeds the limit of 8388608 bytes",)"
                            R"("request_id":")" +
                                id + R"("})");
  EXPECT_EQ(client.ReadToEnd(), "");
  EXPECT_EQ(recorder.calls, 0);
}

TEST(HttpServer, RefusesChunkedBodyOverTheLimit) {
  Recorder recorder;
  HttpServer::Options options;
  options.max_body_bytes = 1000;
  auto server = StartServer(recorder.Handler(), options);
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  std::string chunk = fmt::format("1f4\r\n{}\r\n", std::string(500, 'x'));
  ASSERT_TRUE(
      client.Send("POST /upload HTTP/1.1\r\nHost: localhost\r\n"
                  "Transfer-Encoding: chunked\r\n\r\n" +
                  chunk + chunk + chunk + "0\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_THAT(response->body, HasSubstr("request body exceeds the limit of 1000 bytes"));
  EXPECT_EQ(client.ReadToEnd(), "");
  EXPECT_EQ(recorder.calls, 0);
}

TEST(HttpServer, RefusesOversizedHeaderWith431) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  ASSERT_TRUE(client.Send(
      "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + std::string(70 << 10, 'a') + "\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(response->headers["content-type"], "application/problem+json");
}

TEST(HttpServer, AnswersGarbageWith400AndCloses) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  ASSERT_TRUE(client.Send("this is not http\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->headers["content-type"], "application/problem+json");
  EXPECT_THAT(response->body, HasSubstr(R"("status":400)"));
  EXPECT_EQ(client.ReadToEnd(), "");
}

TEST(HttpServer, RefusesInvalidPercentEncodingWith400) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  for (std::string_view target : {"/units%zz", "/units?q=%G1"}) {
    Client client((*server)->port());
    ASSERT_TRUE(client.Send(Get(target)));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response.has_value()) << target;
    EXPECT_EQ(response->status, 400) << target;
    EXPECT_THAT(response->body, HasSubstr("is not valid")) << target;
    // The request's own text is not sent back: a reflected target is a way to inject markup.
    EXPECT_THAT(response->body, Not(HasSubstr("units"))) << target;
  }
  EXPECT_EQ(recorder.calls, 0);
}

// A client answered 200 on a connection it keeps open.
std::unique_ptr<Client> Served(uint16_t port, uint32_t from = INADDR_LOOPBACK) {
  auto client = std::make_unique<Client>(port, from);
  if (!client->Send(Get("/"))) return nullptr;
  auto response = client->ReadResponse();
  return response && response->status == 200 ? std::move(client) : nullptr;
}

// A connection over a limit is told 503 with Retry-After and closed; the limits count open
// connections, so one closed makes room again.
void ExpectRefused(uint16_t port, uint32_t from) {
  Client client(port, from);
  client.Send(Get("/"));  // may fail: the server may have closed already
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->headers["retry-after"], "1");
  EXPECT_THAT(response->body, HasSubstr("too many open connections"));
  EXPECT_EQ(client.ReadToEnd(), "");
}

constexpr uint32_t kSecondAddress = (127u << 24) | 2;  // 127.0.0.2

TEST(HttpServer, CapsTheConnectionsOfOneAddress) {
  Recorder recorder;
  HttpServer::Options options;
  options.max_connections_per_address = 3;
  auto server = StartServer(recorder.Handler(), options);
  ASSERT_TRUE(server.has_value()) << server.error().message;
  const uint16_t port = (*server)->port();
  std::vector<std::unique_ptr<Client>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(Served(port));
    ASSERT_NE(held.back(), nullptr) << i;
  }
  ExpectRefused(port, INADDR_LOOPBACK);
  EXPECT_NE(Served(port, kSecondAddress), nullptr);  // another address is served
  held.pop_back();
  // The server notices the close when it next reads: give it a moment.
  std::unique_ptr<Client> again;
  for (int attempt = 0; attempt < 50 && !again; ++attempt) {
    std::this_thread::sleep_for(milliseconds(20));
    again = Served(port);
  }
  EXPECT_NE(again, nullptr);
}

TEST(HttpServer, CapsTheConnectionsInAll) {
  Recorder recorder;
  HttpServer::Options options;
  options.max_connections = 4;
  auto server = StartServer(recorder.Handler(), options);
  ASSERT_TRUE(server.has_value()) << server.error().message;
  const uint16_t port = (*server)->port();
  std::vector<std::unique_ptr<Client>> held;
  for (uint32_t i = 0; i < 4; ++i) {
    held.push_back(Served(port, ((127u << 24) | 10) + i));
    ASSERT_NE(held.back(), nullptr) << i;
  }
  ExpectRefused(port, kSecondAddress);
}

// The header of a POST declaring `length` bytes of body; with `expect`, it asks for a
// "100 Continue", which the server sends once it has taken the body's bytes from its budget.
std::string PostHead(size_t length, bool expect = false) {
  return fmt::format("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\n{}\r\n",
                     length, expect ? "Expect: 100-continue\r\n" : "");
}

// A connection from `from` whose POST of `length` bytes the server has taken into its budget of
// bodies in flight (it answered 100 Continue), its body not sent yet; nullptr otherwise.
std::unique_ptr<Client> HoldingABody(uint16_t port, uint32_t from, size_t length) {
  auto client = std::make_unique<Client>(port, from);
  if (!client->Send(PostHead(length, /*expect=*/true))) return nullptr;
  auto interim = client->ReadResponse();
  return interim && interim->status == 100 ? std::move(client) : nullptr;
}

// One address sending large bodies slowly holds its share of the budget of bodies in flight
// and no more: its next body is refused, while another address still has its whole body taken,
// and the share comes back once a request of the first ends.
TEST(HttpServer, OneAddressHoldsOnlyItsShareOfTheBodiesInFlight) {
  Recorder recorder;
  HttpServer::Options options;
  options.max_body_bytes = 1 << 20;
  options.max_body_bytes_in_flight = 4 << 20;
  options.max_body_bytes_per_address = 2 << 20;
  auto server = StartServer(recorder.Handler(), options);
  ASSERT_TRUE(server.has_value()) << server.error().message;
  const uint16_t port = (*server)->port();
  constexpr size_t kBody = 1 << 20;
  const std::string body(kBody, 'y');
  // A refused body is answered at once, before it is sent.
  auto refusal_to = [&](uint32_t from) {
    Client client(port, from);
    client.Send(PostHead(kBody));
    return client.ReadResponse();
  };
  // A body is given back once its answer is written; the next answer on the connection comes
  // after that.
  auto given_back = [](Client& client) {
    auto next = client.Send(Get("/")) ? client.ReadResponse() : std::nullopt;
    return next && next->status == 200;
  };

  // Two bodies from 127.0.0.1 taken and not sent: 2 MiB held, its share.
  std::vector<std::unique_ptr<Client>> slow;
  for (int i = 0; i < 2; ++i) {
    slow.push_back(HoldingABody(port, INADDR_LOOPBACK, kBody));
    ASSERT_NE(slow.back(), nullptr) << i;
  }
  auto third = refusal_to(INADDR_LOOPBACK);
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->status, 503);
  EXPECT_EQ(third->headers["retry-after"], "1");
  EXPECT_THAT(third->body, HasSubstr("too many large requests from this address"));

  // Another address sends a whole body of the largest size: taken and answered.
  Client other(port, kSecondAddress);
  ASSERT_TRUE(other.Send(PostHead(kBody) + body));
  auto answered = other.ReadResponse();
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->status, 200);
  EXPECT_EQ(answered->body, "echo:" + body);
  ASSERT_TRUE(given_back(other));

  // The budget in all still holds: two more addresses hold 1 MiB each (2 + 2 of 4 MiB), and
  // a fifth gets the refusal of the budget, not of a share.
  auto third_address = HoldingABody(port, (127u << 24) | 3, kBody);
  auto fourth_address = HoldingABody(port, (127u << 24) | 4, kBody);
  ASSERT_NE(third_address, nullptr);
  ASSERT_NE(fourth_address, nullptr);
  auto fifth = refusal_to((127u << 24) | 5);
  ASSERT_TRUE(fifth.has_value());
  EXPECT_EQ(fifth->status, 503);
  EXPECT_THAT(fifth->body, HasSubstr("too many large requests at once"));
  EXPECT_THAT(fifth->body, Not(HasSubstr("from this address")));

  // One of the first address's requests ends (its body arrives): its share comes back (and
  // 3 + 1 MiB fit the budget).
  ASSERT_TRUE(slow[0]->Send(body));
  auto finished = slow[0]->ReadResponse();
  ASSERT_TRUE(finished.has_value());
  EXPECT_EQ(finished->status, 200);
  ASSERT_TRUE(given_back(*slow[0]));
  Client again(port);
  ASSERT_TRUE(again.Send(PostHead(kBody) + body));
  auto taken = again.ReadResponse();
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->status, 200);
}

// The transport's own refusals say to the browser what the handlers' answers say.
TEST(HttpServer, EveryRefusalOfTheTransportCarriesTheSecurityHeaders) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  const std::string requests[] = {
      "this is not http\r\n\r\n",
      Get("/units%zz"),
      "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1073741824\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + std::string(70 << 10, 'a') + "\r\n\r\n",
      Get("/"),
  };
  for (const std::string& request : requests) {
    Client client((*server)->port());
    ASSERT_TRUE(client.Send(request));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response.has_value()) << request.substr(0, 40);
    EXPECT_EQ(response->headers["x-content-type-options"], "nosniff") << response->status;
    EXPECT_EQ(response->headers["x-frame-options"], "DENY") << response->status;
    EXPECT_EQ(response->headers["referrer-policy"], "same-origin") << response->status;
    EXPECT_THAT(response->headers["content-security-policy"], HasSubstr("default-src 'self'"))
        << response->status;
  }
}

TEST(HttpServer, TurnsHandlerExceptionInto500) {
  auto server = StartServer(
      [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("database on fire"); });
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  ASSERT_TRUE(client.Send(Get("/boom")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->headers["content-type"], "application/problem+json");
  EXPECT_THAT(response->body, HasSubstr(R"("title":"Internal Server Error")"));
  EXPECT_THAT(response->body, Not(HasSubstr("database on fire")));  // not leaked to clients
}

TEST(HttpServer, StopDeliversTheResponseInFlightAndClosesIdleConnections) {
  std::promise<void> entered;
  auto server = StartServer([&](const HttpRequest& request) {
    if (request.path == "/slow") {
      entered.set_value();
      std::this_thread::sleep_for(milliseconds(300));  // stands in for slow work
    }
    return HttpResponse{
        .status = 200, .content_type = "text/plain", .headers = {}, .body = request.path + " done"};
  });
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client idle((*server)->port());
  ASSERT_TRUE(idle.Send(Get("/fast")));
  ASSERT_TRUE(idle.ReadResponse().has_value());
  Client slow((*server)->port());
  ASSERT_TRUE(slow.Send(Get("/slow")));
  ASSERT_EQ(entered.get_future().wait_for(seconds(10)), std::future_status::ready);

  auto start = steady_clock::now();
  (*server)->Stop(seconds(5));
  EXPECT_LT(steady_clock::now() - start, seconds(3));  // did not wait out the grace period

  auto response = slow.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "/slow done");
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_EQ(slow.ReadToEnd(), "");
  EXPECT_EQ(idle.ReadToEnd(), "");
  EXPECT_FALSE(Client((*server)->port()).connected());
}

TEST(HttpServer, StopClosesConnectionsStillBusyAfterTheGrace) {
  std::promise<void> entered;
  auto server = StartServer([&](const HttpRequest&) {
    entered.set_value();
    std::this_thread::sleep_for(milliseconds(1000));  // stands in for slow work
    return HttpResponse{};
  });
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client busy((*server)->port());
  ASSERT_TRUE(busy.Send(Get("/slow")));
  ASSERT_EQ(entered.get_future().wait_for(seconds(10)), std::future_status::ready);
  Client half((*server)->port());
  ASSERT_TRUE(half.Send("GET /never-finished HTTP/1.1\r\n"));

  auto start = steady_clock::now();
  (*server)->Stop(milliseconds(100));
  EXPECT_LT(steady_clock::now() - start, seconds(5));  // the busy handler is waited for
  EXPECT_TRUE(busy.ReadToEnd().has_value());           // closed, not timed out
  EXPECT_TRUE(half.ReadToEnd().has_value());
}

TEST(HttpServer, HandlerMayStopTheServer) {
  std::atomic<HttpServer*> running{nullptr};
  auto server = StartServer([&](const HttpRequest&) {
    running.load()->Stop();
    return HttpResponse{
        .status = 200, .content_type = "text/plain", .headers = {}, .body = "stopping"};
  });
  ASSERT_TRUE(server.has_value()) << server.error().message;
  running = server->get();
  std::optional<ClientResponse> response;
  std::thread client_thread([&, port = (*server)->port()] {
    Client client(port);
    if (client.Send(Get("/admin/shutdown"))) response = client.ReadResponse();
  });
  (*server)->RunUntilSignal();  // returns once the handler has asked the server to stop
  client_thread.join();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "stopping");
  EXPECT_EQ(response->headers["connection"], "close");
}

TEST(HttpServer, StopIsIdempotentAndThreadSafe) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  std::thread other([&] { (*server)->Stop(); });
  (*server)->Stop();
  other.join();
  (*server)->Stop();
  server->reset();  // the destructor stops once more
}

TEST(HttpServer, RunUntilSignalReturnsOnSigterm) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  std::atomic<bool> raised{false};
  std::thread signaller([&] {
    if (WaitForSignalHandler(SIGTERM)) raised = std::raise(SIGTERM) == 0;
  });
  (*server)->RunUntilSignal();
  signaller.join();
  EXPECT_TRUE(raised);
  EXPECT_FALSE(Client((*server)->port()).connected());
}

TEST(HttpServer, RunUntilSignalReturnsWhenStoppedElsewhere) {
  Recorder recorder;
  auto server = StartServer(recorder.Handler());
  ASSERT_TRUE(server.has_value()) << server.error().message;
  std::thread stopper([&] {
    WaitForSignalHandler(SIGTERM);
    (*server)->Stop();
  });
  (*server)->RunUntilSignal();
  stopper.join();
  EXPECT_FALSE(Client((*server)->port()).connected());
}

TEST(HttpServer, AnswersHalfARequestWith408AfterTheTimeout) {
  Recorder recorder;
  HttpServer::Options options;
  options.request_timeout = seconds(1);
  auto server = StartServer(recorder.Handler(), options);
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  auto start = steady_clock::now();
  ASSERT_TRUE(client.Send("GET /half HTTP/1.1\r\nHost: loc"));
  auto text = client.ReadToEnd();
  ASSERT_TRUE(text.has_value());
  EXPECT_LT(steady_clock::now() - start, seconds(5));
  EXPECT_THAT(*text, StartsWith("HTTP/1.1 408 Request Timeout\r\n"));
  EXPECT_EQ(recorder.calls, 0);
}

TEST(HttpServer, ClosesIdleConnectionAfterTheTimeout) {
  Recorder recorder;
  HttpServer::Options options;
  options.request_timeout = seconds(1);
  auto server = StartServer(recorder.Handler(), options);
  ASSERT_TRUE(server.has_value()) << server.error().message;
  Client client((*server)->port());
  ASSERT_TRUE(client.Send(Get("/")));
  ASSERT_TRUE(client.ReadResponse().has_value());
  auto start = steady_clock::now();
  EXPECT_EQ(client.ReadToEnd(), "");  // closed without a response
  EXPECT_LT(steady_clock::now() - start, seconds(5));
}

TEST(HttpServer, StartFailsWithUnavailableWhenThePortIsTaken) {
  Recorder recorder;
  auto first = StartServer(recorder.Handler());
  ASSERT_TRUE(first.has_value()) << first.error().message;
  HttpServer::Options options;
  options.port = (*first)->port();
  auto second = StartServer(recorder.Handler(), options);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(second.error().message,
              StartsWith(fmt::format("cannot listen on 127.0.0.1:{}: ", options.port)));
}

}  // namespace
}  // namespace nq::http
