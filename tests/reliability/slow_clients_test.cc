// Slow clients must not shut others out. 1,000 connections trickle the bytes of a request header
// and 100 the bytes of a body, one byte per connection every half second, from one address,
// while another address asks GET /api/v1/health ten times a second: every one of those is
// answered 200 within a second. The connections of the trickling address past its cap are told
// 503 and closed at once, so they hold no descriptor. Loopback only; ends by itself in ~8 s.
#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "support/server_process.h"

namespace nq::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr uint32_t kAttacker = (127u << 24) | 1;  // 127.0.0.1
constexpr uint32_t kUser = (127u << 24) | 2;      // 127.0.0.2: any 127.x.y.z is this machine

// A connected socket from `from` to the server, or -1.
int Connect(uint16_t port, uint32_t from) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_addr.s_addr = htonl(from);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(port);
  server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// GET /api/v1/health on a new connection from `from`; the status, or 0 when none came in
// `timeout`.
int Health(uint16_t port, uint32_t from, milliseconds timeout) {
  int fd = Connect(port, from);
  if (fd < 0) return 0;
  timeval tv{.tv_sec = 0, .tv_usec = static_cast<suseconds_t>(timeout.count() * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  const std::string request =
      "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  int status = 0;
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
      static_cast<ssize_t>(request.size())) {
    std::string answer;
    char buffer[4096];
    ssize_t got;
    while (answer.find("\r\n") == std::string::npos &&
           (got = ::recv(fd, buffer, sizeof buffer, 0)) > 0) {
      answer.append(buffer, static_cast<size_t>(got));
    }
    if (answer.starts_with("HTTP/1.1 ") && answer.size() >= 12)
      status = std::stoi(answer.substr(9, 3));
  }
  ::close(fd);
  return status;
}

// 1,100 trickling connections spread over `addresses` attacking addresses (127.0.1.1, …); the
// number of them still open at the end.
size_t RunSlowloris(int addresses) {
  std::string binary = NqtrackBinary(NQ_BINARY_PATH);
  auto dir = std::filesystem::temp_directory_path() / fmt::format("nq-slow-{}", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string db = (dir / "nq.db").string();
  InitDatabase(binary, db, "slow-clients-password");
  ServerProcess server(binary, db);
  const uint16_t port = server.port();

  // The trickling connections: 1,000 in a header, 100 in a body.
  struct Trickle {
    int fd;
    bool open;
  };
  std::vector<Trickle> trickles;
  for (int i = 0; i < 1100; ++i) {
    int fd = Connect(
        port, addresses == 1 ? kAttacker : kAttacker + static_cast<uint32_t>(256 + i % addresses));
    if (fd < 0) continue;
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
    const std::string start =
        i < 1000 ? "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                 : "POST /api/v1/fields HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                   "application/json\r\nContent-Length: 1000\r\n\r\n{\"code\":\"";
    bool sent = ::send(fd, start.data(), start.size(), MSG_NOSIGNAL) > 0;
    trickles.push_back({fd, sent});
  }
  EXPECT_EQ(trickles.size(), 1100u) << "could not open the trickling connections";

  std::atomic<bool> stop = false;
  std::thread trickler([&] {
    while (!stop) {
      for (Trickle& t : trickles) {
        if (t.open && ::send(t.fd, "a", 1, MSG_NOSIGNAL) <= 0 && errno != EAGAIN) t.open = false;
      }
      std::this_thread::sleep_for(milliseconds(500));
    }
  });

  std::vector<double> latencies_ms;
  int answered = 0;
  const auto end = steady_clock::now() + milliseconds(6000);
  while (steady_clock::now() < end) {
    const auto started = steady_clock::now();
    const int status = Health(port, kUser, milliseconds(5000));
    const double took =
        std::chrono::duration<double, std::milli>(steady_clock::now() - started).count();
    latencies_ms.push_back(took);
    EXPECT_EQ(status, 200) << "after " << took << " ms";
    if (status == 200) ++answered;
    std::this_thread::sleep_for(milliseconds(100));
  }
  stop = true;
  trickler.join();
  const size_t still_open =
      std::count_if(trickles.begin(), trickles.end(), [](const Trickle& t) { return t.open; });
  for (const Trickle& t : trickles) ::close(t.fd);

  EXPECT_FALSE(latencies_ms.empty());
  if (latencies_ms.empty()) return 0;
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const double worst = latencies_ms.back();
  std::printf(
      "slow clients: %zu health requests, %d answered 200, median %.1f ms, worst %.1f ms; "
      "%zu of 1,100 trickling connections from %d address(es) still open at the end\n",
      latencies_ms.size(), answered, latencies_ms[latencies_ms.size() / 2], worst, still_open,
      addresses);
  EXPECT_LT(worst, 1000.0);
  std::filesystem::remove_all(dir);
  return still_open;
}

TEST(SlowClientsTest, ANormalRequestIsAnsweredWithinASecondWhileAThousandConnectionsTrickle) {
  // One address holds at most its cap of connections; the rest were refused and closed.
  EXPECT_LE(RunSlowloris(1), 256u);
}

// The same from 10 addresses (110 connections each, under the cap): the server holds all 1,100
// and still answers within a second.
TEST(SlowClientsTest, ANormalRequestIsAnsweredWithinASecondWhileManyAddressesTrickle) {
  EXPECT_EQ(RunSlowloris(10), 1100u);
}

}  // namespace
// `serve --connections-per-address` sets the cap: with 3, a fourth connection from the address
// holding three is refused at once while another address is served, and the address is served
// again once it lets go of one.
TEST(SlowClientsTest, TheCapOfConnectionsPerAddressIsTheServersOption) {
  std::string binary = NqtrackBinary(NQ_BINARY_PATH);
  auto dir = std::filesystem::temp_directory_path() / fmt::format("nq-cap-{}", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string db = (dir / "nq.db").string();
  InitDatabase(binary, db, "connection-cap-password");
  ServeOptions options;
  options.args = {"--connections-per-address", "3"};
  ServerProcess server(binary, db, options);
  const uint16_t port = server.port();

  std::vector<int> held;
  for (int i = 0; i < 3; ++i) held.push_back(Connect(port, kAttacker));
  for (int fd : held) ASSERT_GE(fd, 0);
  // The three are accepted: each is served when asked.
  const std::string request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  for (int fd : held) {
    ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(request.size()));
    char buffer[64] = {};
    timeval tv{.tv_sec = 5, .tv_usec = 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ASSERT_GT(::recv(fd, buffer, sizeof buffer - 1, 0), 12);
    EXPECT_EQ(std::string(buffer, 12), "HTTP/1.1 200");
  }
  EXPECT_NE(Health(port, kAttacker, milliseconds(5000)), 200) << "a fourth from the same address";
  EXPECT_EQ(Health(port, kUser, milliseconds(5000)), 200) << "another address";
  ::close(held.back());
  held.pop_back();
  int status = 0;
  for (int attempt = 0; attempt < 50 && status != 200; ++attempt) {
    std::this_thread::sleep_for(milliseconds(50));  // until the server has seen the close
    status = Health(port, kAttacker, milliseconds(5000));
  }
  EXPECT_EQ(status, 200) << "the address again, one connection let go";
  for (int fd : held) ::close(fd);
  std::filesystem::remove_all(dir);
}

}  // namespace nq::testing
