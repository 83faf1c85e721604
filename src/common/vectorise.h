// NQ_VECTOR_CLONES before a function whose loops should use the widest vectors of the
// processor it runs on: GCC compiles it twice, for x86-64-v4 (AVX-512) and for the baseline the
// build targets, and the loader picks one at start (target_clones, an ifunc). Elsewhere it is
// nothing, and the baseline copy is the only one. Meant for element-wise loops and integer
// reductions, whose answers are the same bit for bit in either copy.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define NQ_VECTOR_CLONES [[gnu::target_clones("arch=x86-64-v4", "default")]]
#else
#define NQ_VECTOR_CLONES
#endif
