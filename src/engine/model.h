// Model: the engine's data with dense indexes and a small cache of trees by date. A model is a
// snapshot: the structure (units, indicators, documents, obligations…) is immutable and shared,
// and the numbers and assignments are copy-on-write indexes, so copying a model is three
// pointer copies and a write makes a new model without disturbing readers of the old one.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "engine/columns.h"
#include "engine/engine.h"
#include "engine/tree.h"

namespace nq::engine::internal {

using domain::Period;

// Which units a tree roll-up answers for and where every unit's number goes: the root and its
// open descendants down to a depth ("slots", depth first), and for each unit of the subtree
// the slot of its deepest ancestor-or-self among them.
struct RollupPlan {
  Date date;
  size_t root = kNoUnit;
  int max_depth = 0;
  std::vector<size_t> slot_unit;      // unit index per slot
  std::vector<Id> slot_id;            // unit id per slot
  std::vector<int> slot_depth;        // depth below the root per slot
  std::vector<uint32_t> slot_parent;  // parent slot; UINT32_MAX for the root
  std::vector<uint32_t> slot_size;    // open units in the slot's subtree, itself included
  std::vector<uint32_t> slot_of;      // by unit index; UINT32_MAX outside the subtree
  static constexpr uint32_t kNone = UINT32_MAX;
};

class Model final {
 public:
  explicit Model(Data data);
  Model(const Model&) = default;
  Model& operator=(const Model&) = default;

  // Lookups; nullptr / nullopt for an unknown id.
  std::optional<size_t> UnitIndex(Id unit_id) const;
  const domain::Unit& unit(size_t index) const;
  size_t unit_count() const;
  const domain::Indicator* FindIndicator(Id indicator_id) const;
  std::optional<size_t> IndicatorIndex(Id indicator_id) const;
  size_t indicator_count() const;
  const domain::Indicator& indicator(size_t index) const;
  // The periods an indicator (by index) has numbers for, with their columns.
  const PeriodColumns* PeriodsOf(size_t index) const { return values_->Periods(index); }
  const domain::Document* FindDocument(Id document_id) const;
  const domain::Item* FindItem(Id item_id) const;
  const domain::Obligation* FindObligation(Id obligation_id) const;

  // The numbers of `indicator_id` for `period`; nullptr when there are none.
  const Column* Values(Id indicator_id, const Period& period) const;
  // The assignments of an obligation by assignment id; nullptr when there are none.
  const AssignmentColumn* Assignments(Id obligation_id) const;
  // Items of a document, and the items linked to an upper item, each in id order.
  const std::vector<const domain::Item*>& ItemsOf(Id document_id) const;
  const std::vector<Id>& LinkedFrom(Id upper_item_id) const;
  // The declarations that an item does not apply to a unit, in id order.
  const std::vector<const domain::Declaration*>& DeclarationsOf(Id item_id) const;

  bool OpenAt(size_t unit, Date date) const { return this->unit(unit).validity.Covers(date); }
  // The parent index from the version covering `date`; kNoUnit when none covers it or the
  // parent is unknown. Does not look at whether the parent is open.
  size_t ParentAt(size_t unit, Date date) const;
  // The tree as of `date`, from a cache of the last few dates. Safe for concurrent readers.
  std::shared_ptr<const Tree> TreeAt(Date date) const;
  // The slots of a tree roll-up from `root` down `max_depth` levels, cached like trees.
  std::shared_ptr<const RollupPlan> PlanAt(Date date, size_t root, int max_depth) const;
  // Same answer as TreeAt(date)->Contains(ancestor, unit) when parent links have no cycle, by
  // walking up from `unit`: cheap for one unit at a date whose tree is not worth building.
  bool ContainsAt(size_t ancestor, size_t unit, Date date) const;

  // New snapshots with values or assignments changed. A value without a number removes it.
  // Unknown indicators and units are skipped: the engine is Reset when they are added.
  Model WithValues(std::span<const ValueUpdate> updates) const;
  Model WithAssignments(std::span<const domain::Assignment> assignments) const;

  size_t value_count() const { return values_->value_count(); }
  size_t value_bytes() const { return values_->Bytes(); }
  size_t assignment_count() const { return assignments_->count(); }

 private:
  struct Structure;

  std::shared_ptr<const Structure> structure_;
  std::shared_ptr<const ValueIndex> values_;
  std::shared_ptr<const AssignmentIndex> assignments_;
};

}  // namespace nq::engine::internal
