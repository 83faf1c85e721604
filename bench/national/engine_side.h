// Our side of the benchmark: the product's engine in-process, loaded with the national data set
// and answering Q1–Q6 through its public API.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "bench/national/dataset.h"
#include "bench/national/queries.h"
#include "engine/engine.h"

namespace nq::bench {

// The engine's view of the data set without values and assignments (they are put in batches).
engine::Data StructureData(const Dataset& data);
domain::Period ToPeriod(const TermPeriod& period);

struct EngineLoad {
  std::unique_ptr<engine::Engine> engine;
  double structure_seconds = 0;
  double values_seconds = 0;
  double assignments_seconds = 0;
  int64_t rss_values_bytes = 0;  // resident memory added while the values were put
  size_t value_count = 0;
  size_t value_bytes = 0;
};

// Builds the engine from the structure, then puts the current values and the assignments in
// batches, measuring time and resident memory.
EngineLoad LoadEngine(const Dataset& data);

// The goals by (indicator, unit): on our side a lookup table next to the engine.
class GoalTable final {
 public:
  explicit GoalTable(const Dataset& data);
  int64_t Goal(int64_t indicator_id, int64_t unit_id) const;

 private:
  std::unordered_map<uint64_t, int64_t> goals_;
};

// Answers `query` with the engine; the checksum of the answer.
Result<std::string> RunEngineQuery(const engine::Engine& engine, const Dataset& data,
                                   const QueryPlan& plan, const GoalTable& goals,
                                   std::string_view query);

// Resident memory of this process, from /proc/self/status.
int64_t ResidentBytes();

}  // namespace nq::bench
