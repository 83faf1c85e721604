#include "engine/engine.h"

#include <algorithm>
#include <mutex>

#include "engine/model.h"
#include "engine/rollups.h"
#include "storage/store.h"

namespace nq::engine {

struct Engine::State {
  explicit State(Data data) : model(std::move(data)) {}
  internal::Model model;
};

Result<Data> LoadData(storage::Database& database) {
  return database.Read([](storage::Transaction& tx) -> Result<Data> {
    Data data;
    NQ_TRY(data.kinds, storage::List<domain::UnitKind>(tx));
    NQ_TRY(data.units, storage::List<domain::Unit>(tx));
    NQ_TRY(data.unit_versions, storage::List<domain::UnitVersion>(tx));
    NQ_TRY(data.indicators, storage::List<domain::Indicator>(tx));
    NQ_TRY(data.values, storage::CurrentValues(tx));
    NQ_TRY(data.documents, storage::List<domain::Document>(tx));
    NQ_TRY(data.items, storage::List<domain::Item>(tx));
    NQ_TRY(data.links, storage::List<domain::Link>(tx));
    NQ_TRY(data.obligations, storage::List<domain::Obligation>(tx));
    NQ_TRY(data.assignments, storage::List<domain::Assignment>(tx));
    return data;
  });
}

std::string_view TargetStatusName(TargetStatus status) {
  switch (status) {
    case TargetStatus::kAchieved:
      return "achieved";
    case TargetStatus::kOnTrack:
      return "on_track";
    case TargetStatus::kAtRisk:
      return "at_risk";
    case TargetStatus::kOffTrack:
      return "off_track";
    case TargetStatus::kNoData:
      return "no_data";
  }
  return "?";
}

std::string_view TargetStatusLabelVi(TargetStatus status) {
  switch (status) {
    case TargetStatus::kAchieved:
      return "Đã đạt";
    case TargetStatus::kOnTrack:
      return "Đúng tiến độ";
    case TargetStatus::kAtRisk:
      return "Có nguy cơ chậm";
    case TargetStatus::kOffTrack:
      return "Chậm tiến độ";
    case TargetStatus::kNoData:
      return "Chưa có số liệu";
  }
  return "?";
}

Engine::Engine(Data data) : state_(std::make_unique<State>(std::move(data))) {}
Engine::~Engine() = default;

Result<IndicatorRollup> Engine::RollupIndicator(Id indicator_id, Id unit_id,
                                                const domain::Period& period,
                                                domain::Date as_of) const {
  std::shared_lock lock(mutex_);
  return internal::RollupIndicator(state_->model, indicator_id, unit_id, period, as_of);
}

Result<ObligationRollup> Engine::RollupObligation(Id obligation_id, Id unit_id,
                                                  domain::Date as_of) const {
  std::shared_lock lock(mutex_);
  return internal::RollupObligation(state_->model, obligation_id, unit_id, as_of);
}

Result<TargetProgress> Engine::Progress(Id item_id, domain::Date as_of) const {
  std::shared_lock lock(mutex_);
  return internal::Progress(state_->model, item_id, as_of);
}

Result<Coverage> Engine::CoverageOf(Id upper_document_id, Id lower_document_id) const {
  std::shared_lock lock(mutex_);
  return internal::CoverageOf(state_->model, upper_document_id, lower_document_id);
}

Result<std::vector<Id>> Engine::Children(Id unit_id, domain::Date as_of) const {
  std::shared_lock lock(mutex_);
  const internal::Model& model = state_->model;
  auto unit = model.UnitIndex(unit_id);
  if (!unit) return MakeError(ErrorCode::kNotFound, "unit {} not found", unit_id);
  const auto tree = model.TreeAt(as_of);
  std::vector<Id> children;
  if (!tree->open(*unit)) return children;
  for (size_t child : tree->Children(*unit)) children.push_back(model.unit(child).id);
  return children;
}

Result<std::optional<Id>> Engine::Parent(Id unit_id, domain::Date as_of) const {
  std::shared_lock lock(mutex_);
  const internal::Model& model = state_->model;
  auto unit = model.UnitIndex(unit_id);
  if (!unit) return MakeError(ErrorCode::kNotFound, "unit {} not found", unit_id);
  const size_t parent = model.TreeAt(as_of)->parent[*unit];
  if (parent == internal::kNoUnit) return std::optional<Id>();
  return std::optional<Id>(model.unit(parent).id);
}

Result<std::vector<Id>> Engine::Path(Id unit_id, domain::Date as_of) const {
  std::shared_lock lock(mutex_);
  const internal::Model& model = state_->model;
  auto unit = model.UnitIndex(unit_id);
  if (!unit) return MakeError(ErrorCode::kNotFound, "unit {} not found", unit_id);
  const auto tree = model.TreeAt(as_of);
  std::vector<Id> path;
  if (!tree->open(*unit)) return path;
  for (size_t step = *unit; step != internal::kNoUnit; step = tree->parent[step]) {
    path.push_back(model.unit(step).id);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

bool Engine::InSubtree(Id unit_id, Id ancestor_id, domain::Date as_of) const {
  std::shared_lock lock(mutex_);
  const internal::Model& model = state_->model;
  auto unit = model.UnitIndex(unit_id);
  auto ancestor = model.UnitIndex(ancestor_id);
  if (!unit || !ancestor) return false;
  return model.TreeAt(as_of)->Contains(*ancestor, *unit);
}

void Engine::PutValue(const domain::Value& value) {
  std::unique_lock lock(mutex_);
  state_->model.PutValue(value);
}

void Engine::PutAssignment(const domain::Assignment& assignment) {
  std::unique_lock lock(mutex_);
  state_->model.PutAssignment(assignment);
}

void Engine::Reset(Data data) {
  // Built before taking the lock so readers wait only for the swap; the new model starts with
  // an empty tree cache, which is how structural changes invalidate the cached trees.
  auto state = std::make_unique<State>(std::move(data));
  std::unique_lock lock(mutex_);
  state_.swap(state);
}

}  // namespace nq::engine
