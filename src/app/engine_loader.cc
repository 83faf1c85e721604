#include "app/engine_loader.h"

#include "engine/structure.h"
#include "storage/change_log.h"
#include "storage/store.h"

namespace nq::app {
namespace {

constexpr int64_t kLoadBatch = 250'000;

// The structure of the store: everything but values and assignments.
Result<engine::Data> ReadStructure(storage::Transaction& tx) {
  engine::Data data;
  NQ_TRY(data.kinds, storage::List<domain::UnitKind>(tx));
  NQ_TRY(data.units, storage::List<domain::Unit>(tx));
  NQ_TRY(data.unit_versions, storage::List<domain::UnitVersion>(tx));
  NQ_TRY(data.indicators, storage::List<domain::Indicator>(tx));
  NQ_TRY(data.documents, storage::List<domain::Document>(tx));
  NQ_TRY(data.items, storage::List<domain::Item>(tx));
  NQ_TRY(data.links, storage::List<domain::Link>(tx));
  NQ_TRY(data.declarations, storage::List<domain::Declaration>(tx));
  NQ_TRY(data.obligations, storage::List<domain::Obligation>(tx));
  return data;
}

Status StreamValues(storage::Transaction& tx, engine::Engine& engine,
                    const engine::LoadProgress& progress) {
  NQ_TRY(int64_t counted, storage::CountCurrentValues(tx));
  const size_t total = static_cast<size_t>(counted);
  size_t done = 0;
  if (progress) progress("values", done, total);
  std::vector<engine::ValueUpdate> batch;
  for (domain::Id after = 0;;) {
    NQ_TRY(auto rows, storage::CurrentNumbersAfter(tx, after, kLoadBatch));
    if (rows.empty()) return Ok();
    batch.clear();
    for (const storage::CurrentNumber& row : rows) {
      batch.push_back({row.indicator_id, row.unit_id, row.period, row.number});
    }
    after = rows.back().id;
    engine.PutValues(batch);
    done += rows.size();
    if (progress) progress("values", done, total);
  }
}

Status StreamAssignments(storage::Transaction& tx, engine::Engine& engine,
                         const engine::LoadProgress& progress) {
  for (domain::Id after = 0;;) {
    NQ_TRY(auto assignments, storage::ListAfter<domain::Assignment>(tx, after, kLoadBatch));
    if (assignments.empty()) return Ok();
    after = assignments.back().id;
    engine.PutAssignments(assignments);
    if (progress) progress("assignments", engine.AssignmentCount(), 0);
  }
}

}  // namespace

Result<engine::Data> ReadEngineData(storage::Database& database) {
  return database.Read([](storage::Transaction& tx) -> Result<engine::Data> {
    NQ_TRY(engine::Data data, ReadStructure(tx));
    NQ_TRY(data.values, storage::CurrentValues(tx));
    NQ_TRY(data.assignments, storage::List<domain::Assignment>(tx));
    return data;
  });
}

Result<std::unique_ptr<engine::Engine>> LoadEngine(storage::Database& database,
                                                   const engine::LoadProgress& progress,
                                                   int64_t* change_seq) {
  return database.Read([&](storage::Transaction& tx) -> Result<std::unique_ptr<engine::Engine>> {
    if (change_seq) {
      NQ_TRY(*change_seq, storage::ChangeHead(tx));
    }
    NQ_TRY(engine::Data data, ReadStructure(tx));
    auto engine = std::make_unique<engine::Engine>(std::move(data));
    NQ_RETURN_IF_ERROR(StreamValues(tx, *engine, progress));
    NQ_RETURN_IF_ERROR(StreamAssignments(tx, *engine, progress));
    NQ_TRY(auto units, storage::List<domain::Unit>(tx));
    NQ_TRY(auto lineages, storage::ListLineage(tx));
    engine->SetStructure(std::make_shared<const engine::Structure>(units, std::move(lineages)));
    return engine;
  });
}

}  // namespace nq::app
