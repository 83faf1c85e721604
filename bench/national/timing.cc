#include "bench/national/timing.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace nq::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

double Median(std::vector<double>& samples) { return Percentile(samples, 0.5); }

double Percentile(std::vector<double>& samples, double fraction) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const auto rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(samples.size())));
  return samples[std::clamp<size_t>(rank, 1, samples.size()) - 1];
}

Timing Measure(const std::function<Result<std::string>()>& run, const RunLimits& limits) {
  Timing timing;
  Clock::time_point start = Clock::now();
  Result<std::string> first = run();
  timing.cold_ms = MillisSince(start);
  if (!first) {
    timing.error = first.error().message;
    return timing;
  }
  timing.checksum = *first;
  if (timing.cold_ms > limits.budget_seconds * 1000) {
    timing.median_ms = timing.p99_ms = timing.cold_ms;
    return timing;
  }
  std::vector<double> hot;
  const Clock::time_point budget_start = Clock::now();
  while (static_cast<int>(hot.size()) < limits.hot_runs) {
    start = Clock::now();
    Result<std::string> again = run();
    hot.push_back(MillisSince(start));
    if (!again || *again != timing.checksum) {
      timing.error = again ? "checksum changed between runs: " + *again : again.error().message;
      break;
    }
    if (MillisSince(budget_start) > limits.budget_seconds * 1000) break;
  }
  timing.hot_runs = static_cast<int>(hot.size());
  timing.p99_ms = Percentile(hot, 0.99);
  timing.median_ms = Median(hot);
  return timing;
}

}  // namespace nq::bench
