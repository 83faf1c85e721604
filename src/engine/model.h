// Model: the engine's data with dense indexes (units by id order, values by indicator and
// period) and a small cache of trees by date. Not thread-safe by itself except TreeAt, which may
// be called by concurrent readers; the Engine's lock guards everything else.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "engine/engine.h"
#include "engine/tree.h"

namespace nq::engine::internal {

using domain::Period;

// The current numbers of one indicator for one period, by unit index.
using PeriodValues = std::unordered_map<size_t, double>;

// An assignment with its unit's index (kNoUnit when the unit is unknown).
struct IndexedAssignment {
  domain::Assignment assignment;
  size_t unit = kNoUnit;
};

class Model final {
 public:
  explicit Model(Data data);
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  // Lookups; nullptr / nullopt for an unknown id.
  std::optional<size_t> UnitIndex(Id unit_id) const;
  const domain::Unit& unit(size_t index) const { return units_[index]; }
  size_t unit_count() const { return units_.size(); }
  const domain::Indicator* FindIndicator(Id indicator_id) const;
  const domain::Document* FindDocument(Id document_id) const;
  const domain::Item* FindItem(Id item_id) const;
  const domain::Obligation* FindObligation(Id obligation_id) const;

  // The numbers of `indicator_id` for `period`; nullptr when there are none.
  const PeriodValues* Values(Id indicator_id, const Period& period) const;
  // The assignments of an obligation by assignment id; nullptr when there are none.
  const std::map<Id, IndexedAssignment>* Assignments(Id obligation_id) const;
  // Items of a document, and the items linked to an upper item, each in id order.
  const std::vector<const domain::Item*>& ItemsOf(Id document_id) const;
  const std::vector<Id>& LinkedFrom(Id upper_item_id) const;

  bool OpenAt(size_t unit, Date date) const { return units_[unit].validity.Covers(date); }
  // The parent index from the version covering `date`; kNoUnit when none covers it or the
  // parent is unknown. Does not look at whether the parent is open.
  size_t ParentAt(size_t unit, Date date) const;
  // The tree as of `date`, from a cache of the last few dates. Safe for concurrent readers.
  std::shared_ptr<const Tree> TreeAt(Date date) const;
  // Same answer as TreeAt(date)->Contains(ancestor, unit) when parent links have no cycle, by
  // walking up from `unit`: cheap for one unit at a date whose tree is not worth building.
  bool ContainsAt(size_t ancestor, size_t unit, Date date) const;

  // A number replaces the current one; a value without a number removes it. Unknown
  // indicators and units are ignored: the engine is Reset when they are added.
  void PutValue(const domain::Value& value);
  void PutAssignment(const domain::Assignment& assignment);

 private:
  static constexpr size_t kTreeCacheSize = 8;

  std::vector<domain::Unit> units_;  // by id
  std::unordered_map<Id, size_t> unit_index_;
  std::vector<std::vector<domain::UnitVersion>> versions_;  // by unit index, by valid_from
  std::unordered_map<Id, domain::Indicator> indicators_;
  std::unordered_map<Id, std::map<Period, PeriodValues>> values_;  // by indicator id
  std::unordered_map<Id, domain::Document> documents_;
  std::unordered_map<Id, domain::Item> items_;
  std::unordered_map<Id, std::vector<const domain::Item*>> items_by_document_;
  std::unordered_map<Id, std::vector<Id>> linked_from_;  // upper item → lower items
  std::unordered_map<Id, domain::Obligation> obligations_;
  std::unordered_map<Id, std::map<Id, IndexedAssignment>> assignments_;  // by obligation
  std::unordered_map<Id, Id> assignment_obligation_;

  mutable std::mutex cache_mutex_;
  mutable std::deque<std::shared_ptr<const Tree>> tree_cache_;  // most recent first
};

}  // namespace nq::engine::internal
