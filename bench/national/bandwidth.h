// The machine's own limit: memory read bandwidth on one and on two threads, measured in the
// same run as the queries.
#pragma once

#include <cstddef>

namespace nq::bench {

struct Bandwidth {
  double one_thread_gbps = 0;  // GB/s (10^9 bytes), best of a few passes
  double two_threads_gbps = 0;
  size_t bytes = 0;  // the buffer read, far larger than the caches
};

Bandwidth MeasureBandwidth(size_t bytes = size_t{2} << 30);

}  // namespace nq::bench
