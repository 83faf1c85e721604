#include "bench/national/bandwidth.h"

#include <immintrin.h>

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

// The same with 256-bit loads, where the CPU has AVX2: one core's loads are the limit otherwise.
__attribute__((target("avx2"))) uint64_t SumRangeAvx2(const uint64_t* data, size_t count) {
  __m256i a = _mm256_setzero_si256(), b = a, c = a, d = a;
  size_t index = 0;
  for (; index + 16 <= count; index += 16) {
    const auto* at = reinterpret_cast<const __m256i*>(data + index);
    a = _mm256_add_epi64(a, _mm256_loadu_si256(at));
    b = _mm256_add_epi64(b, _mm256_loadu_si256(at + 1));
    c = _mm256_add_epi64(c, _mm256_loadu_si256(at + 2));
    d = _mm256_add_epi64(d, _mm256_loadu_si256(at + 3));
  }
  alignas(32) uint64_t lanes[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes),
                     _mm256_add_epi64(_mm256_add_epi64(a, b), _mm256_add_epi64(c, d)));
  return lanes[0] + lanes[1] + lanes[2] + lanes[3] + SumRange(data + index, count - index);
}

uint64_t Sum(const uint64_t* data, size_t count) {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2 ? SumRangeAvx2(data, count) : SumRange(data, count);
}

double PassGbps(const uint64_t* data, size_t count, int threads, uint64_t& sink) {
  std::vector<uint64_t> sums(static_cast<size_t>(threads));
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> workers;
  const size_t share = count / static_cast<size_t>(threads);
  for (int thread = 0; thread < threads; ++thread) {
    workers.emplace_back([&, thread] {
      const size_t first = share * static_cast<size_t>(thread);
      sums[static_cast<size_t>(thread)] = Sum(data + first, share);
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
