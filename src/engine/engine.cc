#include "engine/engine.h"

#include <algorithm>
#include <mutex>

#include "engine/model.h"
#include "engine/rollups.h"
#include "engine/structure.h"

namespace nq::engine {

// The version of a new snapshot: unique in the process, across engines, so that an answer kept
// under a version (api's kept roll-ups) can never be taken for another engine's; increasing.
static uint64_t NextVersion() {
  static std::atomic<uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

// One snapshot: the model and the structure, published together.
struct Engine::State {
  State(internal::Model m, std::shared_ptr<const Structure> s, uint64_t v)
      : model(std::move(m)), structure(std::move(s)), version(v) {}
  internal::Model model;
  std::shared_ptr<const Structure> structure;  // never null
  uint64_t version = 0;
};

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
    case TargetStatus::kNotReached:
      return "not_reached";
    case TargetStatus::kNotApplicable:
      return "not_applicable";
  }
  return "?";
}

bool CountsForAchievement(TargetStatus status) { return status != TargetStatus::kNotApplicable; }

Engine::Engine(Data data)
    : state_(std::make_shared<const State>(internal::Model(std::move(data)),
                                           std::make_shared<const Structure>(), NextVersion())) {}
Engine::~Engine() = default;

std::shared_ptr<const Engine::State> Engine::Snapshot() const {
  return state_.load(std::memory_order_acquire);
}

Result<IndicatorRollup> Engine::RollupIndicator(Id indicator_id, Id unit_id,
                                                const domain::Period& period,
                                                domain::Date as_of) const {
  return internal::RollupIndicator(Snapshot()->model, indicator_id, unit_id, period, as_of);
}

Result<std::vector<UnitFigure>> Engine::RollupTree(Id indicator_id, Id root_unit_id,
                                                   const domain::Period& period, domain::Date as_of,
                                                   int max_depth) const {
  return internal::RollupTree(Snapshot()->model, indicator_id, root_unit_id, period, as_of,
                              max_depth);
}

Result<RecomputeCounts> Engine::RollupAll(Id root_unit_id, domain::Date as_of, int max_depth,
                                          int workers, const FigureSink& sink) const {
  return internal::RollupAll(Snapshot()->model, root_unit_id, as_of, max_depth, workers, sink);
}

Result<ObligationRollup> Engine::RollupObligation(Id obligation_id, Id unit_id,
                                                  domain::Date as_of) const {
  return internal::RollupObligation(Snapshot()->model, obligation_id, unit_id, as_of);
}

Result<std::vector<UnitCompleteness>> Engine::CompletenessTree(Id obligation_id, Id root_unit_id,
                                                               domain::Date as_of,
                                                               int max_depth) const {
  return internal::CompletenessTree(Snapshot()->model, obligation_id, root_unit_id, as_of,
                                    max_depth);
}

Result<TargetProgress> Engine::Progress(Id item_id, domain::Date as_of) const {
  return internal::Progress(Snapshot()->model, item_id, as_of);
}

Result<Coverage> Engine::CoverageOf(Id upper_document_id, Id lower_document_id) const {
  return internal::CoverageOf(Snapshot()->model, upper_document_id, lower_document_id);
}

Result<CascadeMatrix> Engine::Cascade(Id document_id, domain::Date as_of) const {
  return internal::Cascade(Snapshot()->model, document_id, as_of);
}

std::string_view CoverName(Cover cover) {
  switch (cover) {
    case Cover::kCovered:
      return "covered";
    case Cover::kNotApplicable:
      return "not_applicable";
    case Cover::kMissing:
      return "missing";
  }
  return "?";
}

Result<std::vector<Id>> Engine::Children(Id unit_id, domain::Date as_of) const {
  const auto state = Snapshot();
  const internal::Model& model = state->model;
  auto unit = model.UnitIndex(unit_id);
  if (!unit) return MakeError(ErrorCode::kNotFound, "unit {} not found", unit_id);
  const auto tree = model.TreeAt(as_of);
  std::vector<Id> children;
  if (!tree->open(*unit)) return children;
  for (size_t child : tree->Children(*unit)) children.push_back(model.unit(child).id);
  return children;
}

Result<std::optional<Id>> Engine::Parent(Id unit_id, domain::Date as_of) const {
  const auto state = Snapshot();
  const internal::Model& model = state->model;
  auto unit = model.UnitIndex(unit_id);
  if (!unit) return MakeError(ErrorCode::kNotFound, "unit {} not found", unit_id);
  const size_t parent = model.TreeAt(as_of)->parent[*unit];
  if (parent == internal::kNoUnit) return std::optional<Id>();
  return std::optional<Id>(model.unit(parent).id);
}

Result<std::vector<Id>> Engine::Path(Id unit_id, domain::Date as_of) const {
  const auto state = Snapshot();
  const internal::Model& model = state->model;
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
  const auto state = Snapshot();
  const internal::Model& model = state->model;
  auto unit = model.UnitIndex(unit_id);
  auto ancestor = model.UnitIndex(ancestor_id);
  if (!unit || !ancestor) return false;
  return model.TreeAt(as_of)->Contains(*ancestor, *unit);
}

std::vector<std::pair<std::string, std::string>> Engine::UnitLabels(
    std::span<const Id> unit_ids) const {
  const auto state = Snapshot();
  const internal::Model& model = state->model;
  std::vector<std::pair<std::string, std::string>> labels(unit_ids.size());
  for (size_t i = 0; i < unit_ids.size(); ++i) {
    if (auto unit = model.UnitIndex(unit_ids[i])) {
      labels[i] = {model.unit(*unit).code, model.unit(*unit).short_name};
    }
  }
  return labels;
}

void Engine::PutValue(const domain::Value& value) {
  const ValueUpdate update{value.indicator_id, value.unit_id, value.period, value.number};
  PutValues(std::span<const ValueUpdate>(&update, 1));
}

void Engine::PutValues(std::span<const ValueUpdate> updates) {
  if (updates.empty()) return;
  std::lock_guard lock(write_mutex_);
  const auto current = Snapshot();
  state_.store(std::make_shared<const State>(current->model.WithValues(updates), current->structure,
                                             NextVersion()),
               std::memory_order_release);
}

void Engine::PutAssignment(const domain::Assignment& assignment) {
  PutAssignments(std::span<const domain::Assignment>(&assignment, 1));
}

void Engine::PutAssignments(std::span<const domain::Assignment> assignments) {
  if (assignments.empty()) return;
  std::lock_guard lock(write_mutex_);
  const auto current = Snapshot();
  state_.store(std::make_shared<const State>(current->model.WithAssignments(assignments),
                                             current->structure, NextVersion()),
               std::memory_order_release);
}

void Engine::Reset(Data data) {
  // Built before taking the lock so that writers wait only for the swap; the new model starts
  // with empty tree caches, which is how structural changes invalidate the cached trees.
  internal::Model model(std::move(data));
  std::lock_guard lock(write_mutex_);
  const auto current = Snapshot();
  state_.store(std::make_shared<const State>(std::move(model), current->structure, NextVersion()),
               std::memory_order_release);
}

void Engine::Reset(std::unique_ptr<Engine> loaded) {
  const auto other = loaded->Snapshot();
  std::lock_guard lock(write_mutex_);
  state_.store(std::make_shared<const State>(other->model, other->structure, NextVersion()),
               std::memory_order_release);
}

void Engine::SetStructure(std::shared_ptr<const Structure> structure) {
  std::lock_guard lock(write_mutex_);
  const auto current = Snapshot();
  if (!structure) structure = std::make_shared<const Structure>();
  state_.store(std::make_shared<const State>(current->model, std::move(structure), NextVersion()),
               std::memory_order_release);
}

std::shared_ptr<const Structure> Engine::structure() const { return Snapshot()->structure; }

uint64_t Engine::Version() const { return Snapshot()->version; }

size_t Engine::ValueCount() const { return Snapshot()->model.value_count(); }
size_t Engine::ValueBytes() const { return Snapshot()->model.value_bytes(); }
size_t Engine::AssignmentCount() const { return Snapshot()->model.assignment_count(); }

}  // namespace nq::engine
