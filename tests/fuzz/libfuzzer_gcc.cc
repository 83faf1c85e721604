// libFuzzer's coverage from GCC's instrumentation. The code is compiled by GCC with
// -fsanitize-coverage=trace-pc,trace-cmp; libFuzzer 14 (from clang 14, which cannot compile the
// code base) understands the comparisons but no longer takes GCC's per-block callback, so the
// link renames it here (-Wl,--wrap=__sanitizer_cov_trace_pc) and this file turns it into an
// edge counter, as AFL does: the pair (previous block, this block) hashed into 2^16 8-bit
// counters that libFuzzer registers as one module. `cov:` in libFuzzer's output counts the
// counters ever hit (hashed edges), so it is comparable from run to run of this build only.
#include <cstddef>
#include <cstdint>

extern "C" void __sanitizer_cov_8bit_counters_init(uint8_t* start, uint8_t* stop);
extern "C" void __sanitizer_cov_pcs_init(const uintptr_t* start, const uintptr_t* stop);

namespace {

constexpr size_t kCounters = size_t{1} << 16;
alignas(64) uint8_t counters[kCounters];
// libFuzzer's table of {pc, flags} per counter; the "pc" is the counter's number.
uintptr_t pc_table[2 * kCounters];
thread_local uintptr_t previous_block = 0;

__attribute__((constructor)) void RegisterCounters() {
  for (size_t index = 0; index < kCounters; ++index) pc_table[2 * index] = index + 1;
  __sanitizer_cov_8bit_counters_init(counters, counters + kCounters);
  __sanitizer_cov_pcs_init(pc_table, pc_table + 2 * kCounters);
}

}  // namespace

extern "C" __attribute__((no_sanitize_coverage, no_sanitize_address, no_sanitize_undefined)) void
__wrap___sanitizer_cov_trace_pc() {
  const auto block = reinterpret_cast<uintptr_t>(__builtin_return_address(0));
  ++counters[(block ^ previous_block) & (kCounters - 1)];
  previous_block = block >> 1;
}

// GCC also traces comparisons of floating-point numbers, which libFuzzer has no use for.
extern "C" __attribute__((no_sanitize_coverage)) void __sanitizer_cov_trace_cmpf(float, float) {}
extern "C" __attribute__((no_sanitize_coverage)) void __sanitizer_cov_trace_cmpd(double, double) {}
