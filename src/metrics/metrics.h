// Metrics: counters, gauges and latency histograms that cost an atomic add each, and the
// Prometheus text exposition format 0.0.4 that writes them ("# HELP", "# TYPE", samples).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace nq::metrics {

// Only ever goes up.
class Counter final {
 public:
  void Add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// Goes up and down.
class Gauge final {
 public:
  void Set(int64_t value) { value_.store(value, std::memory_order_relaxed); }
  void Add(int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// Durations in buckets of upper bounds in seconds, from 1 ms to 10 s, and +Inf.
class Histogram final {
 public:
  static constexpr std::array<double, 14> kBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                     0.25,  0.5,    1,     2.5,  5,     10,   30};

  void Observe(std::chrono::nanoseconds duration);

  struct Snapshot {
    std::array<uint64_t, kBounds.size() + 1> buckets{};  // not cumulative; the last is +Inf
    uint64_t count = 0;
    double sum_seconds = 0;
  };
  Snapshot Read() const;

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<uint64_t> sum_nanos_{0};
};

using Labels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// The text a scrape answers. Each family is started once with its help and type, then its
// samples follow.
class Exposition final {
 public:
  // "# HELP name help" and "# TYPE name type"; type is counter, gauge or histogram.
  void Family(std::string_view name, std::string_view type, std::string_view help);
  void Sample(std::string_view name, Labels labels, double value);
  void Sample(std::string_view name, Labels labels, uint64_t value);
  void Sample(std::string_view name, Labels labels, int64_t value);
  // name_bucket{le=…} for every bound (cumulative), name_sum and name_count.
  void Sample(std::string_view name, Labels labels, const Histogram::Snapshot& histogram);

  // The number of families started so far.
  int families() const { return families_; }
  const std::string& text() const { return text_; }
  std::string Take() { return std::move(text_); }

 private:
  void Begin(std::string_view name, Labels labels, std::string_view extra_name = {},
             std::string_view extra_value = {});
  std::string text_;
  int families_ = 0;
};

// The Content-Type of the exposition.
inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace nq::metrics
