// Coverage of a cascade: which targets of an upper document the lower document carries down.
#include <algorithm>
#include <tuple>

#include "engine/rollups.h"

namespace nq::engine::internal {

Result<Coverage> CoverageOf(const Model& model, Id upper_document_id, Id lower_document_id) {
  for (Id document_id : {upper_document_id, lower_document_id}) {
    if (model.FindDocument(document_id) == nullptr) {
      return MakeError(ErrorCode::kNotFound, "document {} not found", document_id);
    }
  }
  // Upper targets by (parent, ordinal, id); a top-level item sorts before any nested one.
  std::vector<const domain::Item*> targets;
  for (const domain::Item* item : model.ItemsOf(upper_document_id)) {
    if (item->kind == domain::ItemKind::kTarget) targets.push_back(item);
  }
  std::sort(targets.begin(), targets.end(), [](const domain::Item* a, const domain::Item* b) {
    return std::tie(a->parent_id, a->ordinal, a->id) < std::tie(b->parent_id, b->ordinal, b->id);
  });

  Coverage coverage;
  coverage.upper_document_id = upper_document_id;
  coverage.lower_document_id = lower_document_id;
  coverage.upper_targets = static_cast<int>(targets.size());
  for (const domain::Item* target : targets) {
    CoverageEntry entry;
    entry.upper_item_id = target->id;
    for (Id lower_id : model.LinkedFrom(target->id)) {
      const domain::Item* lower = model.FindItem(lower_id);
      if (lower != nullptr && lower->document_id == lower_document_id) {
        entry.lower_item_ids.push_back(lower_id);
      }
    }
    // A covered target counts as covered even when it is also marked not applicable.
    if (!entry.lower_item_ids.empty()) {
      ++coverage.covered;
    } else if (target->not_applicable) {
      entry.not_applicable = true;
      ++coverage.not_applicable;
    } else {
      coverage.uncovered.push_back(target->id);
    }
    coverage.entries.push_back(std::move(entry));
  }
  return coverage;
}

}  // namespace nq::engine::internal
