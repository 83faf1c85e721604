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

struct Model::Structure {
  std::vector<domain::Unit> units;  // by id
  std::unordered_map<Id, size_t> unit_index;
  std::vector<std::vector<domain::UnitVersion>> versions;  // by unit index, by valid_from
  std::vector<domain::Indicator> indicators;               // by id
  std::unordered_map<Id, size_t> indicator_index;
  std::unordered_map<Id, domain::Document> documents;
  std::unordered_map<Id, domain::Item> items;
  std::unordered_map<Id, std::vector<const domain::Item*>> items_by_document;
  std::unordered_map<Id, std::vector<Id>> linked_from;  // upper item → lower items
  std::vector<domain::Declaration> declarations;
  std::unordered_map<Id, std::vector<const domain::Declaration*>> declared;  // by item
  std::unordered_map<Id, domain::Obligation> obligations;

  static constexpr size_t kTreeCacheSize = 8;
  static constexpr size_t kPlanCacheSize = 16;
  mutable std::mutex cache_mutex;
  mutable std::deque<std::shared_ptr<const Tree>> tree_cache;        // most recent first
  mutable std::deque<std::shared_ptr<const RollupPlan>> plan_cache;  // most recent first
};

Model::Model(Data data) {
  auto structure = std::make_shared<Structure>();
  Structure& st = *structure;
  st.units = std::move(data.units);
  std::sort(st.units.begin(), st.units.end(),
            [](const domain::Unit& a, const domain::Unit& b) { return a.id < b.id; });
  st.unit_index.reserve(st.units.size());
  for (size_t index = 0; index < st.units.size(); ++index)
    st.unit_index[st.units[index].id] = index;

  st.versions.resize(st.units.size());
  for (domain::UnitVersion& version : data.unit_versions) {
    auto it = st.unit_index.find(version.unit_id);
    if (it != st.unit_index.end()) st.versions[it->second].push_back(std::move(version));
  }
  for (auto& versions : st.versions) {
    std::sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) {
      return std::tie(a.validity.valid_from, a.id) < std::tie(b.validity.valid_from, b.id);
    });
  }

  st.indicators = std::move(data.indicators);
  std::sort(st.indicators.begin(), st.indicators.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  for (size_t index = 0; index < st.indicators.size(); ++index) {
    st.indicator_index[st.indicators[index].id] = index;
  }

  st.documents = ById(std::move(data.documents));
  st.items = ById(std::move(data.items));
  for (const auto& [id, item] : st.items) st.items_by_document[item.document_id].push_back(&item);
  for (auto& [document_id, items] : st.items_by_document) {
    std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->id < b->id; });
  }
  for (const domain::Link& link : data.links) {
    st.linked_from[link.to_item_id].push_back(link.from_item_id);
  }
  for (auto& [upper, lowers] : st.linked_from) {
    std::sort(lowers.begin(), lowers.end());
    lowers.erase(std::unique(lowers.begin(), lowers.end()), lowers.end());
  }
  st.declarations = std::move(data.declarations);
  std::sort(st.declarations.begin(), st.declarations.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  for (const domain::Declaration& declaration : st.declarations) {
    st.declared[declaration.item_id].push_back(&declaration);
  }
  st.obligations = ById(std::move(data.obligations));

  structure_ = std::move(structure);
  values_ = std::make_shared<const ValueIndex>(structure_->indicators.size());
  assignments_ = std::make_shared<const AssignmentIndex>();
  if (!data.values.empty()) {
    std::vector<ValueUpdate> updates;
    updates.reserve(data.values.size());
    for (const domain::Value& value : data.values) {
      updates.push_back({value.indicator_id, value.unit_id, value.period, value.number});
    }
    data.values.clear();
    *this = WithValues(updates);
  }
  if (!data.assignments.empty()) *this = WithAssignments(data.assignments);
}

const domain::Unit& Model::unit(size_t index) const { return structure_->units[index]; }
size_t Model::unit_count() const { return structure_->units.size(); }

std::optional<size_t> Model::UnitIndex(Id unit_id) const {
  auto it = structure_->unit_index.find(unit_id);
  if (it == structure_->unit_index.end()) return std::nullopt;
  return it->second;
}

std::optional<size_t> Model::IndicatorIndex(Id indicator_id) const {
  auto it = structure_->indicator_index.find(indicator_id);
  if (it == structure_->indicator_index.end()) return std::nullopt;
  return it->second;
}

size_t Model::indicator_count() const { return structure_->indicators.size(); }
const domain::Indicator& Model::indicator(size_t index) const {
  return structure_->indicators[index];
}

const domain::Indicator* Model::FindIndicator(Id id) const {
  auto index = IndicatorIndex(id);
  return index ? &structure_->indicators[*index] : nullptr;
}
const domain::Document* Model::FindDocument(Id id) const { return Find(structure_->documents, id); }
const domain::Item* Model::FindItem(Id id) const { return Find(structure_->items, id); }
const domain::Obligation* Model::FindObligation(Id id) const {
  return Find(structure_->obligations, id);
}

const Column* Model::Values(Id indicator_id, const Period& period) const {
  auto index = IndicatorIndex(indicator_id);
  return index ? values_->Find(*index, period) : nullptr;
}

const AssignmentColumn* Model::Assignments(Id obligation_id) const {
  return assignments_->Find(obligation_id);
}

const std::vector<const domain::Item*>& Model::ItemsOf(Id document_id) const {
  static const std::vector<const domain::Item*> kNone;
  const auto* items = Find(structure_->items_by_document, document_id);
  return items == nullptr ? kNone : *items;
}

const std::vector<Id>& Model::LinkedFrom(Id upper_item_id) const {
  static const std::vector<Id> kNone;
  const auto* lowers = Find(structure_->linked_from, upper_item_id);
  return lowers == nullptr ? kNone : *lowers;
}

const std::vector<const domain::Declaration*>& Model::DeclarationsOf(Id item_id) const {
  static const std::vector<const domain::Declaration*> kNone;
  const auto* declared = Find(structure_->declared, item_id);
  return declared == nullptr ? kNone : *declared;
}

size_t Model::ParentAt(size_t unit, Date date) const {
  // Versions should not overlap; if they do, the one that started last wins.
  const auto& versions = structure_->versions[unit];
  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    if (!it->validity.Covers(date)) continue;
    if (!it->parent_id) return kNoUnit;
    return UnitIndex(*it->parent_id).value_or(kNoUnit);
  }
  return kNoUnit;
}

namespace {

// Looks `matches` up in a most-recent-first cache, moving a hit to the front.
template <typename T, typename Match>
std::shared_ptr<const T> FromCache(std::deque<std::shared_ptr<const T>>& cache, Match matches) {
  for (auto it = cache.begin(); it != cache.end(); ++it) {
    if (!matches(**it)) continue;
    std::shared_ptr<const T> found = *it;
    cache.erase(it);
    cache.push_front(found);
    return found;
  }
  return nullptr;
}

template <typename T>
void AddToCache(std::deque<std::shared_ptr<const T>>& cache, std::shared_ptr<const T> entry,
                size_t capacity) {
  cache.push_front(std::move(entry));
  if (cache.size() > capacity) cache.pop_back();
}

}  // namespace

std::shared_ptr<const Tree> Model::TreeAt(Date date) const {
  const Structure& st = *structure_;
  {
    std::lock_guard lock(st.cache_mutex);
    if (auto tree = FromCache(st.tree_cache, [&](const Tree& t) { return t.date == date; })) {
      return tree;
    }
  }
  // Built outside the cache lock so readers of other dates are not held up; two readers may
  // build the same date at once, which only costs time.
  std::vector<bool> open(unit_count());
  std::vector<size_t> parent(unit_count(), kNoUnit);
  for (size_t unit = 0; unit < unit_count(); ++unit) {
    open[unit] = OpenAt(unit, date);
    if (open[unit]) parent[unit] = ParentAt(unit, date);
  }
  auto tree = std::make_shared<const Tree>(BuildTree(date, open, std::move(parent)));
  std::lock_guard lock(st.cache_mutex);
  AddToCache(st.tree_cache, tree, Structure::kTreeCacheSize);
  return tree;
}

std::shared_ptr<const RollupPlan> Model::PlanAt(Date date, size_t root, int max_depth) const {
  const Structure& st = *structure_;
  {
    std::lock_guard lock(st.cache_mutex);
    auto plan = FromCache(st.plan_cache, [&](const RollupPlan& p) {
      return p.date == date && p.root == root && p.max_depth == max_depth;
    });
    if (plan) return plan;
  }
  const std::shared_ptr<const Tree> tree = TreeAt(date);
  auto plan = std::make_shared<RollupPlan>();
  plan->date = date;
  plan->root = root;
  plan->max_depth = max_depth;
  plan->slot_of.assign(unit_count(), RollupPlan::kNone);
  const std::span<const size_t> members = tree->Subtree(root);
  // Depth first, so a unit's parent was met before it: its depth and slot are known.
  std::vector<int> depth(unit_count(), 0);
  for (size_t unit : members) {
    const size_t parent = tree->parent[unit];
    const int d = unit == root ? 0 : depth[parent] + 1;
    depth[unit] = d;
    if (d <= max_depth) {
      plan->slot_of[unit] = static_cast<uint32_t>(plan->slot_unit.size());
      plan->slot_unit.push_back(unit);
      plan->slot_id.push_back(this->unit(unit).id);
      plan->slot_depth.push_back(d);
      plan->slot_parent.push_back(unit == root ? RollupPlan::kNone : plan->slot_of[parent]);
      plan->slot_size.push_back(static_cast<uint32_t>(tree->Subtree(unit).size()));
    } else {
      plan->slot_of[unit] = plan->slot_of[parent];
    }
  }
  std::shared_ptr<const RollupPlan> done = std::move(plan);
  std::lock_guard lock(st.cache_mutex);
  AddToCache(st.plan_cache, done, Structure::kPlanCacheSize);
  return done;
}

bool Model::ContainsAt(size_t ancestor, size_t unit, Date date) const {
  if (!OpenAt(ancestor, date) || !OpenAt(unit, date)) return false;
  // Bounded by the unit count so that a parent cycle cannot loop forever; the tree cuts
  // cycles, and a walk that meets one has reached no ancestor before it either.
  for (size_t steps = 0; steps <= unit_count(); ++steps) {
    if (unit == ancestor) return true;
    unit = ParentAt(unit, date);
    if (unit == kNoUnit || !OpenAt(unit, date)) return false;
  }
  return false;
}

Model Model::WithValues(std::span<const ValueUpdate> updates) const {
  std::vector<NumberChange> changes;
  changes.reserve(updates.size());
  for (const ValueUpdate& update : updates) {
    auto unit = UnitIndex(update.unit_id);
    auto indicator = IndicatorIndex(update.indicator_id);
    if (!unit || !indicator) continue;
    changes.push_back({*indicator, static_cast<UnitIndex32>(*unit), update.period, update.number});
  }
  Model next = *this;
  if (!changes.empty()) next.values_ = values_->Apply(changes);
  return next;
}

Model Model::WithAssignments(std::span<const domain::Assignment> assignments) const {
  std::vector<std::pair<Id, CompactAssignment>> puts;
  puts.reserve(assignments.size());
  for (const domain::Assignment& a : assignments) {
    CompactAssignment compact;
    compact.id = a.id;
    const std::optional<size_t> unit = UnitIndex(a.unit_id);
    compact.unit = unit ? static_cast<UnitIndex32>(*unit) : kNoUnit32;
    compact.complete = a.complete();
    compact.completed_on = a.completed_on ? a.completed_on->days() : 0;
    puts.emplace_back(a.obligation_id, compact);
  }
  Model next = *this;
  if (!puts.empty()) next.assignments_ = assignments_->Apply(puts);
  return next;
}

}  // namespace nq::engine::internal
