#include "open_loop.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <string_view>

namespace nq::bench {

namespace {

constexpr int kSubBits = 6;  // 64 buckets per power of two
constexpr uint64_t kSub = uint64_t{1} << kSubBits;
constexpr size_t kBuckets = (64 - kSubBits + 1) * kSub;

// Bucket b < 2·kSub holds the value b; above, b = shift·kSub + m with m in [kSub, 2·kSub) holds
// the values whose top bits are m, shifted left by `shift`.
size_t BucketOf(uint64_t value) {
  if (value < 2 * kSub) return static_cast<size_t>(value);
  const int shift = static_cast<int>(std::bit_width(value)) - 1 - kSubBits;
  return static_cast<size_t>(shift) * kSub + static_cast<size_t>(value >> shift);
}

uint64_t HighestIn(size_t bucket) {
  if (bucket < 2 * kSub) return bucket;
  const int shift = static_cast<int>(bucket / kSub) - 1;
  const uint64_t top = bucket % kSub + kSub;
  return ((top + 1) << shift) - 1;
}

int64_t Now() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec * int64_t{1'000'000'000} + now.tv_nsec;
}

int Connect(uint16_t port) {
  const int fd = ConnectLoopback(port);
  if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t index = 0; index < prefix.size(); ++index) {
    if (std::tolower(static_cast<unsigned char>(text[index])) != prefix[index]) return false;
  }
  return true;
}

// What the head of an answer says: its status, body length and whether the server closes.
struct Head {
  int status = 0;
  int64_t length = -1;  // -1: no Content-Length (not supported: counted as failed)
  bool close = false;
};

Head ParseHead(std::string_view head) {
  Head out;
  if (head.size() < 12 || !head.starts_with("HTTP/1.")) return out;
  out.status = std::atoi(std::string(head.substr(9, 3)).c_str());
  size_t line = head.find("\r\n");
  while (line != std::string_view::npos && line + 2 < head.size()) {
    const size_t next = head.find("\r\n", line + 2);
    std::string_view field = head.substr(line + 2, next - line - 2);
    if (StartsWithNoCase(field, "content-length:")) {
      out.length = std::atoll(std::string(field.substr(15)).c_str());
    } else if (StartsWithNoCase(field, "connection:") &&
               field.find("close") != std::string_view::npos) {
      out.close = true;
    }
    line = next;
  }
  return out;
}

struct Connection {
  int fd = -1;
  uint64_t next = 0;  // the global number of the next request this connection sends
  bool busy = false;  // a request of it is in flight
  int64_t due = 0;    // of the request in flight
  size_t written = 0;
  bool want_out = false;  // registered for EPOLLOUT: the request is not all written
  std::string head;       // the answer's head read so far
  bool in_body = false;
  int64_t body_left = 0;
  Head answer;
};

class Client {
 public:
  explicit Client(const OpenLoopOptions& options) : options_(options) {
    request_ = "GET " + options.target +
               " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(options.port) + "\r\n";
    for (const std::string& header : options.headers) request_ += header + "\r\n";
    request_ += "\r\n";
  }
  ~Client() {
    for (Connection& connection : connections_) {
      if (connection.fd >= 0) ::close(connection.fd);
    }
    if (epoll_ >= 0) ::close(epoll_);
  }

  OpenLoopResult Run() {
    result_.seconds = options_.seconds;
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    const int count = std::max(options_.connections, 1);
    connections_.resize(static_cast<size_t>(count));
    for (int index = 0; index < count; ++index) {
      Connection& connection = connections_[static_cast<size_t>(index)];
      connection.next = static_cast<uint64_t>(index);
      if (!Open(connection)) {
        result_.error = "cannot connect to 127.0.0.1:" + std::to_string(options_.port);
        return std::move(result_);
      }
    }
    interval_ns_ = 1e9 / options_.rate;
    start_ = Now();
    measure_from_ = start_ + static_cast<int64_t>(options_.warmup_seconds * 1e9);
    end_ = measure_from_ + static_cast<int64_t>(options_.seconds * 1e9);
    const int64_t give_up = end_ + static_cast<int64_t>(options_.drain_seconds * 1e9);
    std::array<epoll_event, 64> events{};
    while (true) {
      int64_t now = Now();
      int64_t wake = give_up;
      bool waiting = false;  // for an answer or a request due before the end
      for (Connection& connection : connections_) {
        if (!connection.busy && Due(connection.next) < end_ && Due(connection.next) <= now) {
          Send(connection);
        }
        if (connection.busy) {
          waiting = true;
        } else if (Due(connection.next) < end_) {
          waiting = true;
          wake = std::min(wake, Due(connection.next));
        }
      }
      if (!waiting || now >= give_up) break;
      const int64_t wait_ns = std::max<int64_t>(wake - now, 0);
      const timespec timeout{wait_ns / 1'000'000'000, wait_ns % 1'000'000'000};
      const int ready =
          ::epoll_pwait2(epoll_, events.data(), static_cast<int>(events.size()), &timeout, nullptr);
      for (int index = 0; index < ready; ++index) {
        Connection& connection = connections_[events[static_cast<size_t>(index)].data.u64];
        if (events[static_cast<size_t>(index)].events & EPOLLOUT) Write(connection);
        Read(connection);
      }
    }
    for (uint64_t number = 0; Due(number) < end_; ++number) {
      if (Counted(Due(number))) ++result_.scheduled;
    }
    // What was due and is unanswered: counted at what it had waited by now.
    const int64_t now = Now();
    result_.answered_seconds =
        std::max(options_.seconds, static_cast<double>(last_answer_ - measure_from_) / 1e9);
    for (Connection& connection : connections_) {
      if (connection.busy) Incomplete(connection.due, now);
      for (uint64_t number = connection.next; Due(number) < end_; number += connections_.size()) {
        Incomplete(Due(number), now);
      }
    }
    return std::move(result_);
  }

 private:
  int64_t Due(uint64_t number) const {
    return start_ + static_cast<int64_t>(std::llround(static_cast<double>(number) * interval_ns_));
  }
  bool Counted(int64_t due) const { return due >= measure_from_ && due < end_; }

  bool Open(Connection& connection) {
    connection.fd = Connect(options_.port);
    connection.want_out = false;
    if (connection.fd < 0) return false;
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = static_cast<uint64_t>(&connection - connections_.data());
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, connection.fd, &event);
    return true;
  }

  void Send(Connection& connection) {
    connection.busy = true;
    connection.due = Due(connection.next);
    connection.next += connections_.size();
    connection.written = 0;
    connection.head.clear();
    connection.in_body = false;
    Write(connection);
  }

  void Write(Connection& connection) {
    while (connection.busy && connection.written < request_.size()) {
      const ssize_t sent = ::send(connection.fd, request_.data() + connection.written,
                                  request_.size() - connection.written, MSG_NOSIGNAL);
      if (sent < 0 && errno == EAGAIN) break;
      if (sent <= 0) return Broken(connection);
      connection.written += static_cast<size_t>(sent);
    }
    const bool want_out = connection.busy && connection.written < request_.size();
    if (want_out == connection.want_out) return;
    connection.want_out = want_out;
    epoll_event event{};
    event.events = EPOLLIN | (want_out ? EPOLLOUT : 0u);
    event.data.u64 = static_cast<uint64_t>(&connection - connections_.data());
    ::epoll_ctl(epoll_, EPOLL_CTL_MOD, connection.fd, &event);
  }

  void Read(Connection& connection) {
    while (connection.fd >= 0) {
      const ssize_t got = ::recv(connection.fd, buffer_.data(), buffer_.size(), 0);
      if (got < 0 && errno == EAGAIN) return;
      if (got <= 0 || !connection.busy) return Broken(connection);
      std::string_view bytes(buffer_.data(), static_cast<size_t>(got));
      if (!connection.in_body) {
        const size_t before = connection.head.size();
        connection.head.append(bytes);
        const size_t end = connection.head.find("\r\n\r\n", before >= 3 ? before - 3 : 0);
        if (end == std::string::npos) {
          if (connection.head.size() > 64 * 1024) return Broken(connection);
          continue;
        }
        connection.answer = ParseHead(std::string_view(connection.head).substr(0, end + 2));
        if (connection.answer.status == 0 || connection.answer.length < 0) {
          return Broken(connection);
        }
        connection.in_body = true;
        connection.body_left = connection.answer.length;
        bytes = std::string_view(connection.head).substr(end + 4);
      }
      if (static_cast<int64_t>(bytes.size()) > connection.body_left) return Broken(connection);
      connection.body_left -= static_cast<int64_t>(bytes.size());
      if (connection.body_left == 0) Answered(connection);
    }
  }

  void Answered(Connection& connection) {
    const int64_t now = Now();
    connection.busy = false;
    if (Counted(connection.due)) {
      ++result_.completed;
      last_answer_ = now;
      result_.latency.Record(static_cast<uint64_t>(now - connection.due));
      result_.body_bytes += static_cast<uint64_t>(connection.answer.length);
      if (connection.answer.status < 200 || connection.answer.status >= 300) ++result_.non_2xx;
    }
    if (connection.answer.close) Reopen(connection);
  }

  // The request in flight is lost; the connection is opened again for the next one.
  void Broken(Connection& connection) {
    if (connection.busy && Counted(connection.due)) ++result_.failed;
    connection.busy = false;
    Reopen(connection);
  }

  // A server that is gone leaves fd at -1: the requests still due on it then fail one by one.
  void Reopen(Connection& connection) {
    if (connection.fd >= 0) ::close(connection.fd);
    ++result_.reconnects;
    Open(connection);
  }

  void Incomplete(int64_t due, int64_t now) {
    if (!Counted(due)) return;
    ++result_.incomplete;
    result_.latency.Record(static_cast<uint64_t>(std::max<int64_t>(now - due, 0)));
  }

  const OpenLoopOptions& options_;
  std::string request_;
  std::vector<Connection> connections_;
  std::array<char, 256 * 1024> buffer_{};
  OpenLoopResult result_;
  int epoll_ = -1;
  double interval_ns_ = 0;
  int64_t start_ = 0;
  int64_t measure_from_ = 0;
  int64_t end_ = 0;
  int64_t last_answer_ = 0;  // of a counted request
};

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(kBuckets, 0) {}

void LatencyHistogram::Record(uint64_t nanoseconds) {
  ++counts_[BucketOf(nanoseconds)];
  ++count_;
  max_ = std::max(max_, nanoseconds);
}

uint64_t LatencyHistogram::Percentile(double fraction) const {
  if (count_ == 0) return 0;
  const auto rank = std::max<uint64_t>(
      static_cast<uint64_t>(std::ceil(fraction * static_cast<double>(count_))), 1);
  uint64_t seen = 0;
  for (size_t bucket = 0; bucket < counts_.size(); ++bucket) {
    seen += counts_[bucket];
    if (seen >= rank) return std::min(HighestIn(bucket), max_);
  }
  return max_;
}

int ConnectLoopback(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

OpenLoopResult RunOpenLoop(const OpenLoopOptions& options) {
  auto client = std::make_unique<Client>(options);
  return client->Run();
}

}  // namespace nq::bench
