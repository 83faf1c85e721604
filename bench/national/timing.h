// Timing of one query on one system: a cold first run, then hot runs until the count or the
// time budget is reached (at least one), every run's checksum required to be the same.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"

namespace nq::bench {

struct Timing {
  double cold_ms = 0;
  double median_ms = 0;  // of the hot runs
  double p99_ms = 0;     // of the hot runs (their maximum below 100 runs)
  int hot_runs = 0;
  std::string checksum;
  std::string error;  // set when the system failed or its runs disagreed
};

struct RunLimits {
  int hot_runs = 5;
  double budget_seconds = 30;  // hot runs stop once this much time was spent on the query
};
// A cold run longer than the budget is not repeated: its time stands as median and p99 too,
// with hot_runs 0. A failed run (an error, a timeout) is not repeated either.

Timing Measure(const std::function<Result<std::string>()>& run, const RunLimits& limits);

// Seconds since `start` on the steady clock.
inline double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The median and the 99th percentile (nearest rank) of `samples`, which is reordered.
double Median(std::vector<double>& samples);
double Percentile(std::vector<double>& samples, double fraction);

}  // namespace nq::bench
