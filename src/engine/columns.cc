#include "engine/columns.h"

#include <algorithm>
#include <tuple>

namespace nq::engine::internal {
namespace {

// `column` with the changes of one cell list applied; `changes` in order, later ones winning.
// Returns nullptr when nothing is left.
ColumnPtr Merge(const Column* column,
                std::vector<std::pair<UnitIndex32, std::optional<double>>>& changes) {
  // Last change per unit: a stable sort keeps their order, then the last of each run wins.
  std::stable_sort(changes.begin(), changes.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  auto merged = std::make_shared<Column>();
  const size_t old_size = column == nullptr ? 0 : column->size();
  merged->units.reserve(old_size + changes.size());
  merged->numbers.reserve(old_size + changes.size());
  size_t old = 0;
  auto keep_old_below = [&](UnitIndex32 unit) {
    while (old < old_size && column->units[old] < unit) {
      merged->units.push_back(column->units[old]);
      merged->numbers.push_back(column->numbers[old]);
      ++old;
    }
  };
  for (size_t i = 0; i < changes.size(); ++i) {
    if (i + 1 < changes.size() && changes[i + 1].first == changes[i].first) continue;
    const auto& [unit, number] = changes[i];
    keep_old_below(unit);
    if (old < old_size && column->units[old] == unit) ++old;  // replaced or removed
    if (number) {
      merged->units.push_back(unit);
      merged->numbers.push_back(*number);
    }
  }
  if (old < old_size) {
    merged->units.insert(merged->units.end(), column->units.begin() + old, column->units.end());
    merged->numbers.insert(merged->numbers.end(), column->numbers.begin() + old,
                           column->numbers.end());
  }
  if (merged->units.empty()) return nullptr;
  merged->units.shrink_to_fit();
  merged->numbers.shrink_to_fit();
  return merged;
}

}  // namespace

const double* Column::Find(UnitIndex32 unit) const {
  auto it = std::lower_bound(units.begin(), units.end(), unit);
  if (it == units.end() || *it != unit) return nullptr;
  return &numbers[static_cast<size_t>(it - units.begin())];
}

const PeriodColumns* ValueIndex::Periods(size_t indicator) const {
  if (indicator >= by_indicator_.size()) return nullptr;
  return by_indicator_[indicator].get();
}

const Column* ValueIndex::Find(size_t indicator, const Period& period) const {
  const PeriodColumns* periods = Periods(indicator);
  if (periods == nullptr) return nullptr;
  auto it = periods->find(period);
  return it == periods->end() ? nullptr : it->second.get();
}

std::shared_ptr<const ValueIndex> ValueIndex::Apply(std::span<const NumberChange> changes) const {
  auto next = std::make_shared<ValueIndex>(*this);  // shares every column
  // Group by indicator and period, keeping each group's changes in their original order.
  std::vector<size_t> order(changes.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(changes[a].indicator, changes[a].period) <
           std::tie(changes[b].indicator, changes[b].period);
  });
  std::vector<std::pair<UnitIndex32, std::optional<double>>> cells;
  for (size_t first = 0; first < order.size();) {
    const NumberChange& head = changes[order[first]];
    size_t last = first;
    cells.clear();
    while (last < order.size() && changes[order[last]].indicator == head.indicator &&
           changes[order[last]].period == head.period) {
      cells.emplace_back(changes[order[last]].unit, changes[order[last]].number);
      ++last;
    }
    if (head.indicator >= next->by_indicator_.size()) {
      first = last;
      continue;
    }
    auto& periods_ptr = next->by_indicator_[head.indicator];
    auto periods = periods_ptr ? std::make_shared<PeriodColumns>(*periods_ptr)
                               : std::make_shared<PeriodColumns>();
    auto it = periods->find(head.period);
    const Column* before = it == periods->end() ? nullptr : it->second.get();
    next->value_count_ -= before == nullptr ? 0 : before->size();
    ColumnPtr after = Merge(before, cells);
    next->value_count_ += after == nullptr ? 0 : after->size();
    if (after) {
      (*periods)[head.period] = std::move(after);
    } else if (it != periods->end()) {
      periods->erase(it);
    }
    periods_ptr = std::move(periods);
    first = last;
  }
  return next;
}

size_t ValueIndex::Bytes() const {
  size_t bytes = by_indicator_.capacity() * sizeof(by_indicator_[0]);
  for (const auto& periods : by_indicator_) {
    if (!periods) continue;
    // A map node holds the period, the pointer and three links; a column its control block.
    bytes += periods->size() * (sizeof(Period) + sizeof(ColumnPtr) + 4 * sizeof(void*) + 64);
    for (const auto& [period, column] : *periods) bytes += column->Bytes();
  }
  return bytes;
}

const AssignmentColumn* AssignmentIndex::Find(Id obligation_id) const {
  auto it = by_obligation_.find(obligation_id);
  return it == by_obligation_.end() ? nullptr : it->second.get();
}

std::shared_ptr<const AssignmentIndex> AssignmentIndex::Apply(
    std::span<const std::pair<Id, CompactAssignment>> by_obligation) const {
  auto next = std::make_shared<AssignmentIndex>(*this);
  std::vector<std::pair<Id, CompactAssignment>> puts(by_obligation.begin(), by_obligation.end());
  std::stable_sort(puts.begin(), puts.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second.id) < std::tie(b.first, b.second.id);
  });
  auto by_id = [](const CompactAssignment& a, Id id) { return a.id < id; };
  for (size_t first = 0; first < puts.size();) {
    const Id obligation_id = puts[first].first;
    size_t last = first;
    while (last < puts.size() && puts[last].first == obligation_id) ++last;
    const AssignmentColumn* before = Find(obligation_id);
    auto column =
        before ? std::make_shared<AssignmentColumn>(*before) : std::make_shared<AssignmentColumn>();
    std::vector<Id> added;
    for (size_t i = first; i < last; ++i) {
      if (i + 1 < last && puts[i + 1].second.id == puts[i].second.id) continue;  // last wins
      const CompactAssignment& assignment = puts[i].second;
      auto it = std::lower_bound(column->begin(), column->end(), assignment.id, by_id);
      if (it != column->end() && it->id == assignment.id) {
        *it = assignment;
        continue;
      }
      column->insert(it, assignment);
      added.push_back(assignment.id);
      ++next->count_;
    }
    // An assignment new to this obligation may have been under another one before, unless
    // its id is above every id seen so far (new assignments get increasing ids).
    for (Id id : added) {
      if (id > max_id_) continue;
      for (auto& [other_id, other] : next->by_obligation_) {
        if (other_id == obligation_id) continue;
        auto it = std::lower_bound(other->begin(), other->end(), id, by_id);
        if (it == other->end() || it->id != id) continue;
        auto trimmed = std::make_shared<AssignmentColumn>(*other);
        trimmed->erase(trimmed->begin() + (it - other->begin()));
        other = std::move(trimmed);
        --next->count_;
        break;
      }
    }
    next->by_obligation_[obligation_id] = std::move(column);
    first = last;
  }
  for (const auto& [obligation_id, assignment] : puts) {
    next->max_id_ = std::max(next->max_id_, assignment.id);
  }
  return next;
}

}  // namespace nq::engine::internal
