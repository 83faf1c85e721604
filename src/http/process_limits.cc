#include "http/process_limits.h"

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>

// AddressSanitizer's "give free memory back to the system"; absent without it.
extern "C" __attribute__((weak)) void __sanitizer_purge_allocator();

namespace nq::http {

void GiveMemoryBack() {
  static std::atomic<int64_t> last_ms{0};
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now().time_since_epoch())
                             .count();
  int64_t last = last_ms.load(std::memory_order_relaxed);
  if (now_ms - last < 100 || !last_ms.compare_exchange_strong(last, now_ms)) return;
  if (__sanitizer_purge_allocator) __sanitizer_purge_allocator();  // AddressSanitizer's heap
  ::malloc_trim(0);
}

size_t DefaultMaxConnections() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 10000;
  return std::max<size_t>(16, static_cast<size_t>(limit.rlim_cur) / 4 * 3);
}

}  // namespace nq::http
