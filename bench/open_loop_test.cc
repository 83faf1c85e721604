// The open-loop client (bench/open_loop.h) against a real HTTP server on 127.0.0.1: every due
// request is counted, a stall of the server is charged to every request due during it, closed
// connections and other statuses are counted. No speed is asserted: the server's delays are
// the test's own.
#include "open_loop.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace nq::bench {
namespace {

// A blocking HTTP/1.1 server, one thread per connection, answering "hello" to every request.
// Request number `stall_at` (counted from 1 over all connections) is answered `stall` late;
// every `close_every`-th is answered 503 with Connection: close, and the connection closed.
class TestServer {
 public:
  TestServer(int stall_at, std::chrono::milliseconds stall, int close_every)
      : stall_at_(stall_at), stall_(stall), close_every_(close_every) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 64);
    socklen_t size = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] {
      while (true) {
        const int fd = ::accept(listener_, nullptr, nullptr);
        if (fd < 0) return;
        std::lock_guard lock(mutex_);
        fds_.push_back(fd);
        threads_.emplace_back([this, fd] { Serve(fd); });
      }
    });
  }
  ~TestServer() {
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    acceptor_.join();
    std::lock_guard lock(mutex_);
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
    for (std::thread& thread : threads_) thread.join();
    for (int fd : fds_) ::close(fd);
  }
  uint16_t port() const { return port_; }
  static constexpr std::string_view kBody = "hello";

 private:
  void Serve(int fd) {
    std::string in;
    char buffer[4096];
    while (true) {
      const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
      if (got <= 0) return;
      in.append(buffer, static_cast<size_t>(got));
      for (size_t end; (end = in.find("\r\n\r\n")) != std::string::npos;) {
        in.erase(0, end + 4);
        const int number = ++requests_;
        if (number == stall_at_) std::this_thread::sleep_for(stall_);
        const bool close = close_every_ > 0 && number % close_every_ == 0;
        const std::string answer = std::string(close ? "HTTP/1.1 503 Busy\r\nConnection: close\r\n"
                                                     : "HTTP/1.1 200 OK\r\n") +
                                   "Content-Length: 5\r\n\r\n" + std::string(kBody);
        ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
        if (close) {
          ::shutdown(fd, SHUT_RDWR);
          return;
        }
      }
    }
  }

  int stall_at_;
  std::chrono::milliseconds stall_;
  int close_every_;
  int listener_ = -1;
  uint16_t port_ = 0;
  std::atomic<int> requests_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<int> fds_;
  std::vector<std::thread> threads_;
};

OpenLoopOptions Load(uint16_t port, int connections, double rate, double seconds) {
  OpenLoopOptions options;
  options.port = port;
  options.connections = connections;
  options.rate = rate;
  options.seconds = seconds;
  return options;
}

TEST(LatencyHistogram, PercentilesAreWithinOneSixtyFourthAboveTheExactOnes) {
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> exponent(2, 10);  // 100 ns … 10 s
  std::vector<uint64_t> values;
  LatencyHistogram histogram;
  for (int index = 0; index < 100'000; ++index) {
    values.push_back(static_cast<uint64_t>(std::pow(10.0, exponent(random))));
    histogram.Record(values.back());
  }
  std::sort(values.begin(), values.end());
  EXPECT_EQ(histogram.count(), values.size());
  EXPECT_EQ(histogram.max(), values.back());
  for (double fraction : {0.0001, 0.5, 0.9, 0.99, 0.999, 0.9999, 1.0}) {
    const auto rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(values.size())));
    const uint64_t exact = values[rank - 1];
    EXPECT_GE(histogram.Percentile(fraction), exact) << fraction;
    EXPECT_LE(static_cast<double>(histogram.Percentile(fraction)),
              static_cast<double>(exact) * (1 + 1.0 / 64))
        << fraction;
  }
}

TEST(LatencyHistogram, SmallValuesAreExactAndEmptyIsZero) {
  LatencyHistogram histogram;
  EXPECT_EQ(histogram.Percentile(0.99), 0u);
  for (uint64_t value : {3, 1, 2, 127}) histogram.Record(value);
  EXPECT_EQ(histogram.Percentile(0.25), 1u);
  EXPECT_EQ(histogram.Percentile(0.5), 2u);
  EXPECT_EQ(histogram.Percentile(0.75), 3u);
  EXPECT_EQ(histogram.Percentile(1.0), 127u);
}

TEST(OpenLoop, CountsEveryRequestDueInTheWindowAndAnswered) {
  TestServer server(0, std::chrono::milliseconds(0), 0);
  OpenLoopOptions options = Load(server.port(), 4, 500, 1);
  options.target = "/tree?x=1";
  options.headers = {"Authorization: Bearer t"};
  options.warmup_seconds = 0.2;
  const OpenLoopResult result = RunOpenLoop(options);
  ASSERT_EQ(result.error, "");
  EXPECT_EQ(result.scheduled, 500u);  // due at 2 ms steps in [0.2 s, 1.2 s)
  EXPECT_EQ(result.completed, 500u);
  EXPECT_EQ(result.latency.count(), 500u);
  EXPECT_EQ(result.body_bytes, 500 * TestServer::kBody.size());
  EXPECT_EQ(result.failed + result.incomplete + result.non_2xx + result.reconnects, 0u);
}

TEST(OpenLoop, CountsWhatWasDueAndNeverAnsweredAtWhatItWaited) {
  // One connection at 100 requests/s for 1 s; the 11th answer comes after the drain of 0.5 s
  // is over: it and the 89 due after it stay unanswered, counted at what they had waited.
  TestServer server(11, std::chrono::milliseconds(2500), 0);
  OpenLoopOptions options = Load(server.port(), 1, 100, 1);
  options.drain_seconds = 0.5;
  const OpenLoopResult result = RunOpenLoop(options);
  ASSERT_EQ(result.error, "");
  EXPECT_EQ(result.scheduled, 100u);
  EXPECT_EQ(result.completed, 10u);
  EXPECT_EQ(result.incomplete, 90u);
  EXPECT_EQ(result.latency.count(), 100u);
  EXPECT_GE(result.latency.max(), 1'400'000'000u);  // the 11th, due at 0.1 s, seen at 1.5 s
}

TEST(OpenLoop, ChargesAStallToEveryRequestDueDuringIt) {
  // 200 requests/s on one connection for 2 s; the 100th (due at 0.495 s) is answered 500 ms
  // late. The ~100 requests due during the stall wait for it, from 500 ms down to 0: about a
  // quarter of all 400, the slowest 40 over 300 ms. A client timing from the send instead of
  // the due time would see one slow request.
  TestServer server(100, std::chrono::milliseconds(500), 0);
  const OpenLoopResult result = RunOpenLoop(Load(server.port(), 1, 200, 2));
  ASSERT_EQ(result.error, "");
  EXPECT_EQ(result.scheduled, 400u);
  EXPECT_EQ(result.completed, 400u);
  EXPECT_GE(result.latency.max(), 500'000'000u);
  EXPECT_GE(result.latency.Percentile(0.9), 250'000'000u);
  EXPECT_LT(result.latency.Percentile(0.5), result.latency.Percentile(0.9) / 2);
}

TEST(OpenLoop, CountsOtherStatusesAndReconnectsAfterAClose) {
  TestServer server(0, std::chrono::milliseconds(0), 10);
  const OpenLoopResult result = RunOpenLoop(Load(server.port(), 2, 400, 0.5));
  ASSERT_EQ(result.error, "");
  EXPECT_EQ(result.scheduled, 200u);
  EXPECT_EQ(result.completed, 200u);
  EXPECT_EQ(result.non_2xx, 20u);
  EXPECT_EQ(result.reconnects, 20u);
  EXPECT_EQ(result.failed, 0u);
}

TEST(OpenLoop, SaysWhenNothingListens) {
  uint16_t port = 0;
  {
    TestServer server(0, std::chrono::milliseconds(0), 0);
    port = server.port();
  }
  EXPECT_NE(RunOpenLoop(Load(port, 1, 100, 0.1)).error, "");
}

}  // namespace
}  // namespace nq::bench
