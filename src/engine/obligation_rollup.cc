// Completeness of an obligation over a unit's subtree: who was expected, who did it, on time.
#include <algorithm>
#include <map>
#include <tuple>

#include "engine/rollups.h"

namespace nq::engine::internal {
namespace {

using domain::Obligation;
using domain::Unit;

// A unit closed before the deadline owes nothing; one not yet opened owes nothing yet.
bool Expected(const Unit& unit, const Obligation& obligation, Date as_of) {
  const bool open_at_due = !unit.validity.valid_to || *unit.validity.valid_to >= obligation.due_on;
  return open_at_due && unit.validity.valid_from <= as_of;
}

// Whether an assignment is expected at all on `as_of`.
bool Counts(const Model& model, const CompactAssignment& entry, const Obligation& obligation,
            Date as_of) {
  return entry.unit != kNoUnit32 && !entry.not_applicable &&
         Expected(model.unit(entry.unit), obligation, as_of);
}

// A closed unit belongs where it stood on its last day.
bool InSubtree(const Model& model, const Tree& tree, size_t ancestor, size_t unit, Date as_of) {
  const std::optional<Date>& valid_to = model.unit(unit).validity.valid_to;
  if (valid_to && *valid_to < as_of) return model.ContainsAt(ancestor, unit, *valid_to);
  return tree.Contains(ancestor, unit);
}

AssignmentState StateOf(const CompactAssignment& assignment, const Unit& unit,
                        const Obligation& obligation, Date as_of) {
  AssignmentState state;
  state.assignment_id = assignment.id;
  state.unit_id = unit.id;
  state.kind_id = unit.kind_id;
  state.effective_due = std::max(obligation.due_on, unit.validity.valid_from);
  if (assignment.complete) state.completed_on = Date::FromDays(assignment.completed_on);
  // A unit opened after the deadline could not have met it: whenever it does the duty, it
  // counts as on time, and until then it is pending, never overdue.
  const bool opened_after_due = unit.validity.valid_from > obligation.due_on;
  state.done = assignment.complete && *state.completed_on <= as_of;
  state.on_time = state.done && (opened_after_due || *state.completed_on <= state.effective_due);
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
  for (const CompactAssignment& entry : *assignments) {
    if (!Counts(model, entry, *obligation, as_of)) continue;
    if (!InSubtree(model, *tree, *root, entry.unit, as_of)) continue;
    AssignmentState state = StateOf(entry, model.unit(entry.unit), *obligation, as_of);
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

namespace nq::engine::internal {

Result<std::vector<UnitCompleteness>> CompletenessTree(const Model& model, Id obligation_id,
                                                       Id root_unit_id, Date as_of, int max_depth) {
  const Obligation* obligation = model.FindObligation(obligation_id);
  if (obligation == nullptr) {
    return MakeError(ErrorCode::kNotFound, "obligation {} not found", obligation_id);
  }
  auto root = model.UnitIndex(root_unit_id);
  if (!root) return MakeError(ErrorCode::kNotFound, "unit {} not found", root_unit_id);
  if (max_depth < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "depth {} is negative", max_depth);
  }
  const std::shared_ptr<const RollupPlan> plan = model.PlanAt(as_of, *root, max_depth);
  const size_t slot_count = plan->slot_unit.size();
  std::vector<CompletenessCounts> own(slot_count);    // carried up to the ancestors below
  std::vector<CompletenessCounts> extra(slot_count);  // closed units, counted where they stood
  if (const AssignmentColumn* assignments = model.Assignments(obligation_id)) {
    for (const CompactAssignment& entry : *assignments) {
      if (!Counts(model, entry, *obligation, as_of)) continue;
      const Unit& unit = model.unit(entry.unit);
      const AssignmentState state = StateOf(entry, unit, *obligation, as_of);
      const uint32_t slot = plan->slot_of[entry.unit];
      if (slot != RollupPlan::kNone) {
        Count(state, own[slot]);
        continue;
      }
      // Closed by `as_of`: it counts for each slot that held it on its last day.
      const std::optional<Date>& valid_to = unit.validity.valid_to;
      if (!valid_to || *valid_to >= as_of) continue;
      // The walk up is bounded so that a parent cycle cannot loop forever.
      size_t at = entry.unit;
      for (size_t steps = 0; steps <= model.unit_count() && at != kNoUnit; ++steps) {
        if (!model.OpenAt(at, *valid_to)) break;
        const uint32_t held = plan->slot_of[at];
        if (held != RollupPlan::kNone && plan->slot_unit[held] == at) Count(state, extra[held]);
        at = model.ParentAt(at, *valid_to);
      }
    }
  }
  auto add = [](CompletenessCounts& to, const CompletenessCounts& from) {
    to.expected += from.expected;
    to.done += from.done;
    to.on_time += from.on_time;
    to.late += from.late;
    to.overdue += from.overdue;
    to.pending += from.pending;
  };
  for (size_t slot = slot_count; slot-- > 1;) add(own[plan->slot_parent[slot]], own[slot]);
  std::vector<UnitCompleteness> result(slot_count);
  for (size_t slot = 0; slot < slot_count; ++slot) {
    result[slot].unit_id = model.unit(plan->slot_unit[slot]).id;
    result[slot].depth = plan->slot_depth[slot];
    result[slot].counts = own[slot];
    add(result[slot].counts, extra[slot]);
  }
  return result;
}

}  // namespace nq::engine::internal
