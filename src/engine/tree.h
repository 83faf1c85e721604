// The unit tree as of one date, laid out depth first so that every subtree is one contiguous
// range of `order`: membership is two comparisons and a subtree is a span.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "common/date.h"

namespace nq::engine::internal {

// Dense unit indexes are positions in the engine's id-ordered unit table.
inline constexpr size_t kNoUnit = std::numeric_limits<size_t>::max();

struct Tree {
  Date date;
  std::vector<size_t> parent;         // by unit index; kNoUnit for roots and closed units
  std::vector<size_t> position;       // index into `order`; kNoUnit for closed units
  std::vector<size_t> subtree_end;    // one past the unit's last descendant in `order`
  std::vector<size_t> order;          // open units, depth first, siblings by id
  std::vector<size_t> child_offsets;  // children of u: children[child_offsets[u], [u + 1])
  std::vector<size_t> children;

  bool open(size_t unit) const { return position[unit] != kNoUnit; }
  // True when `unit` is `ancestor` or below it; false when either is closed.
  bool Contains(size_t ancestor, size_t unit) const {
    if (!open(ancestor) || !open(unit)) return false;
    return position[ancestor] <= position[unit] && position[unit] < subtree_end[ancestor];
  }
  // The unit and its descendants, the unit first; empty for a closed unit.
  std::span<const size_t> Subtree(size_t unit) const;
  std::span<const size_t> Children(size_t unit) const;
};

// Builds the tree from, per unit index, whether the unit is open and its parent index
// (kNoUnit for none). Units must be indexed in id order. A closed unit is left out; an open unit
// whose parent is closed becomes a root; a parent cycle is cut at the first unit reached on it.
Tree BuildTree(Date date, const std::vector<bool>& open, std::vector<size_t> parent);

}  // namespace nq::engine::internal
