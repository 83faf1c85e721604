#include "bench/national/bandwidth.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace nq::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Sums a range with four independent accumulators, so the loop is bound by memory.
uint64_t SumRange(const uint64_t* data, size_t count) {
  uint64_t a = 0, b = 0, c = 0, d = 0;
  size_t index = 0;
  for (; index + 4 <= count; index += 4) {
    a += data[index];
    b += data[index + 1];
    c += data[index + 2];
    d += data[index + 3];
  }
  for (; index < count; ++index) a += data[index];
  return a + b + c + d;
}

double PassGbps(const uint64_t* data, size_t count, int threads, uint64_t& sink) {
  std::vector<uint64_t> sums(static_cast<size_t>(threads));
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> workers;
  const size_t share = count / static_cast<size_t>(threads);
  for (int thread = 0; thread < threads; ++thread) {
    workers.emplace_back([&, thread] {
      const size_t first = share * static_cast<size_t>(thread);
      sums[static_cast<size_t>(thread)] = SumRange(data + first, share);
    });
  }
  for (std::thread& worker : workers) worker.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (uint64_t sum : sums) sink += sum;
  return static_cast<double>(share * static_cast<size_t>(threads) * sizeof(uint64_t)) / seconds /
         1e9;
}

}  // namespace

Bandwidth MeasureBandwidth(size_t bytes) {
  const size_t count = bytes / sizeof(uint64_t);
  auto buffer = std::make_unique<uint64_t[]>(count);
  for (size_t index = 0; index < count; ++index) buffer[index] = index;
  Bandwidth result;
  result.bytes = count * sizeof(uint64_t);
  uint64_t sink = 0;
  for (int pass = 0; pass < 4; ++pass) {
    result.one_thread_gbps =
        std::max(result.one_thread_gbps, PassGbps(buffer.get(), count, 1, sink));
    result.two_threads_gbps =
        std::max(result.two_threads_gbps, PassGbps(buffer.get(), count, 2, sink));
  }
  // Keeps the sums observable so the passes are not optimised away.
  if (sink == 42) result.bytes += 1;
  return result;
}

}  // namespace nq::bench
