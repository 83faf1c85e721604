#include "engine/model.h"

#include <algorithm>
#include <tuple>

namespace nq::engine::internal {
namespace {

template <typename T>
std::unordered_map<Id, T> ById(std::vector<T> rows) {
  std::unordered_map<Id, T> map;
  map.reserve(rows.size());
  for (T& row : rows) {
    const Id id = row.id;
    map.insert_or_assign(id, std::move(row));
  }
  return map;
}

template <typename T>
const T* Find(const std::unordered_map<Id, T>& map, Id id) {
  auto it = map.find(id);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

Model::Model(Data data) : units_(std::move(data.units)) {
  std::sort(units_.begin(), units_.end(),
            [](const domain::Unit& a, const domain::Unit& b) { return a.id < b.id; });
  unit_index_.reserve(units_.size());
  for (size_t index = 0; index < units_.size(); ++index) unit_index_[units_[index].id] = index;

  versions_.resize(units_.size());
  for (domain::UnitVersion& version : data.unit_versions) {
    if (auto index = UnitIndex(version.unit_id)) versions_[*index].push_back(std::move(version));
  }
  for (auto& versions : versions_) {
    std::sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) {
      return std::tie(a.validity.valid_from, a.id) < std::tie(b.validity.valid_from, b.id);
    });
  }

  indicators_ = ById(std::move(data.indicators));
  for (const domain::Value& value : data.values) PutValue(value);

  documents_ = ById(std::move(data.documents));
  items_ = ById(std::move(data.items));
  for (const auto& [id, item] : items_) items_by_document_[item.document_id].push_back(&item);
  for (auto& [document_id, items] : items_by_document_) {
    std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->id < b->id; });
  }
  for (const domain::Link& link : data.links) {
    linked_from_[link.to_item_id].push_back(link.from_item_id);
  }
  for (auto& [upper, lowers] : linked_from_) {
    std::sort(lowers.begin(), lowers.end());
    lowers.erase(std::unique(lowers.begin(), lowers.end()), lowers.end());
  }

  obligations_ = ById(std::move(data.obligations));
  for (const domain::Assignment& assignment : data.assignments) PutAssignment(assignment);
}

std::optional<size_t> Model::UnitIndex(Id unit_id) const {
  auto it = unit_index_.find(unit_id);
  if (it == unit_index_.end()) return std::nullopt;
  return it->second;
}

const domain::Indicator* Model::FindIndicator(Id id) const { return Find(indicators_, id); }
const domain::Document* Model::FindDocument(Id id) const { return Find(documents_, id); }
const domain::Item* Model::FindItem(Id id) const { return Find(items_, id); }
const domain::Obligation* Model::FindObligation(Id id) const { return Find(obligations_, id); }

const PeriodValues* Model::Values(Id indicator_id, const Period& period) const {
  const auto* by_period = Find(values_, indicator_id);
  if (by_period == nullptr) return nullptr;
  auto it = by_period->find(period);
  return it == by_period->end() ? nullptr : &it->second;
}

const std::map<Id, IndexedAssignment>* Model::Assignments(Id obligation_id) const {
  return Find(assignments_, obligation_id);
}

const std::vector<const domain::Item*>& Model::ItemsOf(Id document_id) const {
  static const std::vector<const domain::Item*> kNone;
  const auto* items = Find(items_by_document_, document_id);
  return items == nullptr ? kNone : *items;
}

const std::vector<Id>& Model::LinkedFrom(Id upper_item_id) const {
  static const std::vector<Id> kNone;
  const auto* lowers = Find(linked_from_, upper_item_id);
  return lowers == nullptr ? kNone : *lowers;
}

size_t Model::ParentAt(size_t unit, Date date) const {
  // Versions should not overlap; if they do, the one that started last wins.
  const auto& versions = versions_[unit];
  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    if (!it->validity.Covers(date)) continue;
    if (!it->parent_id) return kNoUnit;
    return UnitIndex(*it->parent_id).value_or(kNoUnit);
  }
  return kNoUnit;
}

std::shared_ptr<const Tree> Model::TreeAt(Date date) const {
  {
    std::lock_guard lock(cache_mutex_);
    for (auto it = tree_cache_.begin(); it != tree_cache_.end(); ++it) {
      if ((*it)->date != date) continue;
      std::shared_ptr<const Tree> tree = *it;
      tree_cache_.erase(it);
      tree_cache_.push_front(tree);
      return tree;
    }
  }
  // Built outside the cache lock so readers of other dates are not held up; two readers may
  // build the same date at once, which only costs time.
  std::vector<bool> open(units_.size());
  std::vector<size_t> parent(units_.size(), kNoUnit);
  for (size_t unit = 0; unit < units_.size(); ++unit) {
    open[unit] = OpenAt(unit, date);
    if (open[unit]) parent[unit] = ParentAt(unit, date);
  }
  auto tree = std::make_shared<const Tree>(BuildTree(date, open, std::move(parent)));
  std::lock_guard lock(cache_mutex_);
  tree_cache_.push_front(tree);
  if (tree_cache_.size() > kTreeCacheSize) tree_cache_.pop_back();
  return tree;
}

bool Model::ContainsAt(size_t ancestor, size_t unit, Date date) const {
  if (!OpenAt(ancestor, date) || !OpenAt(unit, date)) return false;
  // Bounded by the unit count so that a parent cycle cannot loop forever; the tree cuts
  // cycles, and a walk that meets one has reached no ancestor before it either.
  for (size_t steps = 0; steps <= units_.size(); ++steps) {
    if (unit == ancestor) return true;
    unit = ParentAt(unit, date);
    if (unit == kNoUnit || !OpenAt(unit, date)) return false;
  }
  return false;
}

void Model::PutValue(const domain::Value& value) {
  auto index = UnitIndex(value.unit_id);
  if (!index || !indicators_.contains(value.indicator_id)) return;
  auto& by_period = values_[value.indicator_id];
  if (value.number) {
    by_period[value.period][*index] = *value.number;
    return;
  }
  auto it = by_period.find(value.period);
  if (it == by_period.end()) return;
  it->second.erase(*index);
  if (it->second.empty()) by_period.erase(it);
}

void Model::PutAssignment(const domain::Assignment& assignment) {
  auto previous = assignment_obligation_.find(assignment.id);
  if (previous != assignment_obligation_.end() && previous->second != assignment.obligation_id) {
    assignments_[previous->second].erase(assignment.id);
  }
  assignment_obligation_[assignment.id] = assignment.obligation_id;
  assignments_[assignment.obligation_id].insert_or_assign(
      assignment.id,
      IndexedAssignment{assignment, UnitIndex(assignment.unit_id).value_or(kNoUnit)});
}

}  // namespace nq::engine::internal
