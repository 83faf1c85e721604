// Feeds the engine from the store: everything it holds (the structure, the current values and
// assignments, the units' spans and the lineage) read in one read transaction, so the figures
// and the structure are of one moment.
#pragma once

#include <memory>

#include "engine/engine.h"
#include "storage/database.h"

namespace nq::app {

// Everything the engine is built from, values included, in one read transaction.
Result<engine::Data> ReadEngineData(storage::Database& database);

// Builds an engine from the store in one read transaction: the structure, then the current
// values and assignments streamed in batches (memory stays bounded by a batch) with progress,
// then the units' spans and the lineage (Engine::structure()). `change_seq`, when given, gets
// the change log position of that transaction (storage::ChangeHead): every change at or below
// it is in the engine.
Result<std::unique_ptr<engine::Engine>> LoadEngine(storage::Database& database,
                                                   const engine::LoadProgress& progress = {},
                                                   int64_t* change_seq = nullptr);

}  // namespace nq::app
