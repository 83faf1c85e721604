// Coverage of a cascade: which targets of a superior's document each subordinate carries down
// (an item of its own document links up to it), declares not applicable, or leaves missing.
#include <algorithm>
#include <tuple>

#include "engine/rollups.h"

namespace nq::engine::internal {
namespace {

// The targets of a document by (parent, ordinal, id); a top-level item sorts before any nested one.
std::vector<const domain::Item*> TargetsOf(const Model& model, Id document_id) {
  std::vector<const domain::Item*> targets;
  for (const domain::Item* item : model.ItemsOf(document_id)) {
    if (item->kind == domain::ItemKind::kTarget) targets.push_back(item);
  }
  std::sort(targets.begin(), targets.end(), [](const domain::Item* a, const domain::Item* b) {
    return std::tie(a->parent_id, a->ordinal, a->id) < std::tie(b->parent_id, b->ordinal, b->id);
  });
  return targets;
}

// The items linked up to `target` that belong to a document passing `keep`, in id order.
template <typename Keep>
std::vector<Id> LowerItems(const Model& model, Id target, Keep keep) {
  std::vector<Id> out;
  for (Id lower_id : model.LinkedFrom(target)) {
    const domain::Item* lower = model.FindItem(lower_id);
    if (lower == nullptr) continue;
    const domain::Document* document = model.FindDocument(lower->document_id);
    if (document != nullptr && keep(*document)) out.push_back(lower_id);
  }
  return out;
}

// The declaration of `unit_id` that `target` does not apply to it, if any.
const domain::Declaration* DeclarationOf(const Model& model, Id target, Id unit_id) {
  for (const domain::Declaration* declaration : model.DeclarationsOf(target)) {
    if (declaration->unit_id == unit_id) return declaration;
  }
  return nullptr;
}

// One subordinate's stand on one target: covered wins over a declaration made before it was.
CascadeCell CellFor(const Model& model, Id target, Id unit_id, std::vector<Id> lower_item_ids) {
  CascadeCell cell;
  cell.lower_item_ids = std::move(lower_item_ids);
  if (!cell.lower_item_ids.empty()) {
    cell.cover = Cover::kCovered;
  } else if (const domain::Declaration* declaration = DeclarationOf(model, target, unit_id)) {
    cell.cover = Cover::kNotApplicable;
    cell.declaration_id = declaration->id;
  }
  return cell;
}

void Count(CoverCounts& counts, Cover cover) {
  switch (cover) {
    case Cover::kCovered:
      ++counts.covered;
      break;
    case Cover::kNotApplicable:
      ++counts.not_applicable;
      break;
    case Cover::kMissing:
      ++counts.missing;
      break;
  }
}

}  // namespace

Result<Coverage> CoverageOf(const Model& model, Id upper_document_id, Id lower_document_id) {
  for (Id document_id : {upper_document_id, lower_document_id}) {
    if (model.FindDocument(document_id) == nullptr) {
      return MakeError(ErrorCode::kNotFound, "document {} not found", document_id);
    }
  }
  // The lower document speaks for its issuer: the issuer's declarations count as its own.
  const Id lower_unit = model.FindDocument(lower_document_id)->issuer_unit_id;
  Coverage coverage;
  coverage.upper_document_id = upper_document_id;
  coverage.lower_document_id = lower_document_id;
  for (const domain::Item* target : TargetsOf(model, upper_document_id)) {
    CascadeCell cell = CellFor(model, target->id, lower_unit,
                               LowerItems(model, target->id, [&](const domain::Document& d) {
                                 return d.id == lower_document_id;
                               }));
    CoverageEntry entry;
    entry.upper_item_id = target->id;
    entry.lower_item_ids = std::move(cell.lower_item_ids);
    entry.not_applicable = cell.cover == Cover::kNotApplicable;
    ++coverage.upper_targets;
    if (cell.cover == Cover::kCovered) ++coverage.covered;
    if (cell.cover == Cover::kNotApplicable) ++coverage.not_applicable;
    if (cell.cover == Cover::kMissing) coverage.uncovered.push_back(target->id);
    coverage.entries.push_back(std::move(entry));
  }
  return coverage;
}

Result<CascadeMatrix> Cascade(const Model& model, Id document_id, Date as_of) {
  const domain::Document* document = model.FindDocument(document_id);
  if (document == nullptr)
    return MakeError(ErrorCode::kNotFound, "document {} not found", document_id);
  CascadeMatrix matrix;
  matrix.document_id = document_id;
  matrix.issuer_unit_id = document->issuer_unit_id;
  matrix.as_of = as_of;
  for (const domain::Item* target : TargetsOf(model, document_id))
    matrix.targets.push_back(target->id);
  if (auto issuer = model.UnitIndex(document->issuer_unit_id)) {
    const auto tree = model.TreeAt(as_of);
    for (size_t child : tree->Children(*issuer)) matrix.units.push_back(model.unit(child).id);
    std::sort(matrix.units.begin(), matrix.units.end());
  }
  matrix.by_target.resize(matrix.targets.size());
  matrix.by_unit.resize(matrix.units.size());
  matrix.cells.reserve(matrix.targets.size() * matrix.units.size());
  for (size_t t = 0; t < matrix.targets.size(); ++t) {
    for (size_t u = 0; u < matrix.units.size(); ++u) {
      const Id unit_id = matrix.units[u];
      CascadeCell cell = CellFor(
          model, matrix.targets[t], unit_id,
          LowerItems(model, matrix.targets[t],
                     [&](const domain::Document& d) { return d.issuer_unit_id == unit_id; }));
      Count(matrix.by_target[t], cell.cover);
      Count(matrix.by_unit[u], cell.cover);
      matrix.cells.push_back(std::move(cell));
    }
  }
  return matrix;
}

}  // namespace nq::engine::internal
