#include "engine/tree.h"

namespace nq::engine::internal {
namespace {

// Parents that are closed or absent make a root; a cycle is cut where the walk first meets it,
// so every open unit ends up below exactly one root.
void CutDanglingAndCycles(const std::vector<bool>& open, std::vector<size_t>& parent) {
  const size_t count = open.size();
  for (size_t unit = 0; unit < count; ++unit) {
    if (!open[unit] || (parent[unit] != kNoUnit && !open[parent[unit]])) parent[unit] = kNoUnit;
  }
  enum : uint8_t { kUnseen, kOnWalk, kDone };
  std::vector<uint8_t> state(count, kUnseen);
  std::vector<size_t> walk;
  for (size_t start = 0; start < count; ++start) {
    walk.clear();
    size_t unit = start;
    while (unit != kNoUnit && state[unit] == kUnseen) {
      state[unit] = kOnWalk;
      walk.push_back(unit);
      unit = parent[unit];
    }
    if (unit != kNoUnit && state[unit] == kOnWalk) parent[unit] = kNoUnit;
    for (size_t seen : walk) state[seen] = kDone;
  }
}

}  // namespace

std::span<const size_t> Tree::Subtree(size_t unit) const {
  if (!open(unit)) return {};
  return std::span<const size_t>(order).subspan(position[unit], subtree_end[unit] - position[unit]);
}

std::span<const size_t> Tree::Children(size_t unit) const {
  return std::span<const size_t>(children).subspan(child_offsets[unit],
                                                   child_offsets[unit + 1] - child_offsets[unit]);
}

Tree BuildTree(Date date, const std::vector<bool>& open, std::vector<size_t> parent) {
  const size_t count = open.size();
  CutDanglingAndCycles(open, parent);
  Tree tree;
  tree.date = date;

  // Children in compressed rows; filling in unit order keeps siblings in id order.
  tree.child_offsets.assign(count + 1, 0);
  for (size_t unit = 0; unit < count; ++unit) {
    if (parent[unit] != kNoUnit) ++tree.child_offsets[parent[unit] + 1];
  }
  for (size_t unit = 0; unit < count; ++unit) {
    tree.child_offsets[unit + 1] += tree.child_offsets[unit];
  }
  tree.children.resize(tree.child_offsets[count]);
  std::vector<size_t> fill(tree.child_offsets.begin(), tree.child_offsets.end() - 1);
  for (size_t unit = 0; unit < count; ++unit) {
    if (parent[unit] != kNoUnit) tree.children[fill[parent[unit]]++] = unit;
  }

  // Depth-first order from each root, roots and siblings by id.
  tree.position.assign(count, kNoUnit);
  tree.order.reserve(count);
  std::vector<size_t> stack;
  for (size_t root = 0; root < count; ++root) {
    if (!open[root] || parent[root] != kNoUnit) continue;
    stack.push_back(root);
    while (!stack.empty()) {
      const size_t unit = stack.back();
      stack.pop_back();
      tree.position[unit] = tree.order.size();
      tree.order.push_back(unit);
      const std::span<const size_t> kids = tree.Children(unit);
      stack.insert(stack.end(), kids.rbegin(), kids.rend());
    }
  }

  // Subtree sizes, children before parents: the reverse of depth-first order.
  std::vector<size_t> size(count, 1);
  for (auto it = tree.order.rbegin(); it != tree.order.rend(); ++it) {
    if (parent[*it] != kNoUnit) size[parent[*it]] += size[*it];
  }
  tree.subtree_end.assign(count, kNoUnit);
  for (size_t unit : tree.order) tree.subtree_end[unit] = tree.position[unit] + size[unit];
  tree.parent = std::move(parent);
  return tree;
}

}  // namespace nq::engine::internal
