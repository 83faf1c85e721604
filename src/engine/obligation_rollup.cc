// Completeness of an obligation over a unit's subtree: who was expected, who did it, on time.
#include <algorithm>
#include <map>
#include <tuple>

#include "engine/rollups.h"

namespace nq::engine::internal {
namespace {

using domain::Assignment;
using domain::Obligation;
using domain::Unit;

// A unit closed before the deadline owes nothing; one not yet opened owes nothing yet.
bool Expected(const Unit& unit, const Obligation& obligation, Date as_of) {
  const bool open_at_due = !unit.validity.valid_to || *unit.validity.valid_to >= obligation.due_on;
  return open_at_due && unit.validity.valid_from <= as_of;
}

// A closed unit belongs where it stood on its last day.
bool InSubtree(const Model& model, const Tree& tree, size_t ancestor, size_t unit, Date as_of) {
  const std::optional<Date>& valid_to = model.unit(unit).validity.valid_to;
  if (valid_to && *valid_to < as_of) return model.ContainsAt(ancestor, unit, *valid_to);
  return tree.Contains(ancestor, unit);
}

AssignmentState StateOf(const Assignment& assignment, const Unit& unit,
                        const Obligation& obligation, Date as_of) {
  AssignmentState state;
  state.assignment_id = assignment.id;
  state.unit_id = unit.id;
  state.kind_id = unit.kind_id;
  state.effective_due = std::max(obligation.due_on, unit.validity.valid_from);
  state.completed_on = assignment.completed_on;
  // A unit opened after the deadline could not have met it: whenever it does the duty, it
  // counts as on time, and until then it is pending, never overdue.
  const bool opened_after_due = unit.validity.valid_from > obligation.due_on;
  state.done = assignment.complete() && *assignment.completed_on <= as_of;
  state.on_time =
      state.done && (opened_after_due || *assignment.completed_on <= state.effective_due);
  state.overdue = !state.done && !opened_after_due && as_of > state.effective_due;
  return state;
}

void Count(const AssignmentState& state, CompletenessCounts& counts) {
  ++counts.expected;
  if (state.done) {
    ++counts.done;
    ++(state.on_time ? counts.on_time : counts.late);
    return;
  }
  ++(state.overdue ? counts.overdue : counts.pending);
}

}  // namespace

Result<ObligationRollup> RollupObligation(const Model& model, Id obligation_id, Id unit_id,
                                          Date as_of) {
  const Obligation* obligation = model.FindObligation(obligation_id);
  if (obligation == nullptr) {
    return MakeError(ErrorCode::kNotFound, "obligation {} not found", obligation_id);
  }
  auto root = model.UnitIndex(unit_id);
  if (!root) return MakeError(ErrorCode::kNotFound, "unit {} not found", unit_id);

  ObligationRollup result;
  result.obligation_id = obligation_id;
  result.unit_id = unit_id;
  result.as_of = as_of;
  const auto* assignments = model.Assignments(obligation_id);
  if (assignments == nullptr) return result;
  const std::shared_ptr<const Tree> tree = model.TreeAt(as_of);

  // Every expected assignment in the subtree, counted in total and by its unit's kind.
  std::map<Id, CompletenessCounts> by_kind;
  for (const auto& [assignment_id, entry] : *assignments) {
    if (entry.unit == kNoUnit || !Expected(model.unit(entry.unit), *obligation, as_of)) continue;
    if (!InSubtree(model, *tree, *root, entry.unit, as_of)) continue;
    AssignmentState state = StateOf(entry.assignment, model.unit(entry.unit), *obligation, as_of);
    Count(state, result.total);
    Count(state, by_kind[state.kind_id]);
    result.assignments.push_back(std::move(state));
  }
  for (const auto& [kind_id, counts] : by_kind) result.by_kind.push_back({kind_id, counts});

  // By unit, then assignment (a unit may lead one assignment and coordinate another).
  std::sort(result.assignments.begin(), result.assignments.end(), [](const auto& a, const auto& b) {
    return std::tie(a.unit_id, a.assignment_id) < std::tie(b.unit_id, b.assignment_id);
  });
  for (const AssignmentState& state : result.assignments) {
    if (!state.done) result.not_done.push_back(state);
  }
  std::stable_partition(result.not_done.begin(), result.not_done.end(),
                        [](const AssignmentState& state) { return state.overdue; });
  return result;
}

}  // namespace nq::engine::internal
