// An open-loop HTTP/1.1 load client for H1 of the national benchmark (bench/open_loop_main.cc,
// bench/national/http_bench.py). Requests are sent at a constant rate over several keep-alive
// connections, whatever the server does: request j is due at start + j / rate, on connection
// j mod connections. A connection still waiting for its previous answer sends the next request
// as soon as that answer is in, and the latency of every request counts from the time it was
// due, not from when it could be sent, so that a server that stalls is charged for every request
// that would have been sent during the stall (coordinated omission corrected, as wrk2 does).
// Loopback only, one thread, epoll; bounded in time (warm-up + measured window + drain).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nq::bench {

// Latencies in nanoseconds, counted in log-linear buckets (HdrHistogram's layout): exact below
// 128 ns, then 64 buckets per power of two, so that a percentile is reported at most 1/64
// (1.6 %) above the value recorded.
class LatencyHistogram {
 public:
  LatencyHistogram();
  void Record(uint64_t nanoseconds);
  uint64_t count() const { return count_; }
  uint64_t max() const { return max_; }
  // The smallest bucket bound that at least `fraction` of the values are at or under (0.99 for
  // the 99th percentile), never above max(); 0 when nothing was recorded.
  uint64_t Percentile(double fraction) const;

 private:
  std::vector<uint64_t> counts_;
  uint64_t count_ = 0;
  uint64_t max_ = 0;
};

struct OpenLoopOptions {
  uint16_t port = 0;                 // on 127.0.0.1
  std::string target = "/";          // "/path?query"
  std::vector<std::string> headers;  // "Name: value", sent with every request
  int connections = 16;
  double rate = 1000;         // requests per second over all connections
  double seconds = 10;        // the measured window
  double warmup_seconds = 0;  // sent at the same rate before it, not counted
  double drain_seconds = 5;   // after it, to wait for what is still due or in flight
};

struct OpenLoopResult {
  std::string error;         // set when the client could not run at all (no connection)
  LatencyHistogram latency;  // due time → last byte of the answer, for every due request
  uint64_t scheduled = 0;    // requests due in the measured window (completed + failed +
                             // incomplete)
  uint64_t completed = 0;    // of them, answered
  uint64_t non_2xx = 0;      // of them, answered with another status
  uint64_t failed = 0;       // of them, lost with a broken connection or a malformed answer
  uint64_t incomplete = 0;   // of them, unanswered at the end of the drain; counted in
                             // `latency` at the time they had waited by then (a lower bound)
  uint64_t reconnects = 0;
  uint64_t body_bytes = 0;  // of the answers counted
  double seconds = 0;       // the measured window
  // From its start to the last answer counted, at least `seconds`: completed / answered_seconds
  // is the rate the server kept up (below the offered rate when it fell behind).
  double answered_seconds = 0;
};

OpenLoopResult RunOpenLoop(const OpenLoopOptions& options);

// A blocking TCP connection to 127.0.0.1:`port` with TCP_NODELAY; -1 when refused.
int ConnectLoopback(uint16_t port);

}  // namespace nq::bench
