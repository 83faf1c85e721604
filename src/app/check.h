// Consistency check: the store's own integrity, and the engine's live figures against a plain
// recomputation from the stored rows.
#pragma once

#include <string>
#include <vector>

#include "app/service.h"

namespace nq::app {

struct CheckReport {
  int figures_checked = 0;
  std::vector<std::string> problems;  // one line each; empty when all agree
};

// Runs the store's integrity checks, then rebuilds from raw rows every obligation roll-up, every
// summed indicator roll-up of every unit, the cascade of every document per subordinate
// (covered, not applicable, missing) and the timeliness of the reports under every regime, and
// compares each with what the engine and the views answer.
Result<CheckReport> CheckConsistency(Service& service);

// Whether the store answers a trivial query: the health check. The store's error otherwise.
Status CheckStoreHealth(Service& service);

// How far the engine is behind the change log (storage/change_log.h): the last entry it holds,
// the log's last entry, how many entries it lacks and how long ago the first of them was
// committed (0 when none is missing).
struct ChangeLogPosition {
  int64_t applied_seq = 0;
  int64_t head_seq = 0;
  int64_t lag = 0;
  int64_t lag_ms = 0;
};
Result<ChangeLogPosition> ReadChangeLogPosition(Service& service);

}  // namespace nq::app
