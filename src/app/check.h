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

// Runs the store's integrity checks, then rebuilds every obligation roll-up and every
// indicator roll-up of every unit from raw rows and compares it with the engine.
Result<CheckReport> CheckConsistency(Service& service);

// Whether the store answers a trivial query: the health check. The store's error otherwise.
Status CheckStoreHealth(Service& service);

}  // namespace nq::app
