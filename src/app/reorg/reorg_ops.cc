// The six reorganisation operations. Each checks everything it needs before it writes, so a
// refused operation leaves nothing of itself behind (and the batch's transaction rolls back
// what earlier operations wrote).
#include <algorithm>
#include <set>

#include "app/reorg/reorg_internal.h"
#include "formats/codec.h"

namespace nq::app::reorg {
namespace {

using namespace nq::domain;

json::value OptionalId(std::optional<Id> id) {
  return id ? json::value(*id) : json::value(nullptr);
}

Result<Unit> OnlyUnit(Batch& batch, const ReorgOperation& op) {
  if (op.units.size() != 1) {
    return batch.Invalid("unit", "field \"{}\" must name exactly one unit", batch.Pointer("unit"));
  }
  return batch.Resolve(op.units.front(), "unit");
}

// The unit must be movable on `date` and allowed to the principal.
Result<Unit> ChangeableUnit(Batch& batch, std::string_view key, std::string_view field, Date date) {
  NQ_TRY(Unit unit, batch.Resolve(key, field));
  NQ_RETURN_IF_ERROR(batch.RequireChangeable(unit, date, field));
  NQ_RETURN_IF_ERROR(batch.Authorize(unit.id, fmt::format("unit \"{}\"", unit.code)));
  return unit;
}

// An existing unit that something leads into: open on the date, outside every source's subtree.
Result<Unit> ExistingTarget(Batch& batch, std::string_view key, std::string_view field, Date date,
                            const std::vector<Unit>& sources, std::string_view verb) {
  NQ_TRY(Unit target, batch.Resolve(key, field));
  NQ_RETURN_IF_ERROR(batch.RequireOpen(target, date, field));
  for (const Unit& source : sources) {
    if (source.id == target.id) {
      return batch.Invalid(field, "cannot {} unit {} into itself", verb, Label(source));
    }
    NQ_TRY(bool below, batch.IsWithin(target.id, source.id, date));
    if (below) {
      return batch.Invalid(field, "cannot {} unit {} into its own descendant {}", verb,
                           Label(source), Label(target));
    }
  }
  NQ_RETURN_IF_ERROR(batch.Authorize(target.id, fmt::format("unit \"{}\"", target.code)));
  return target;
}

Result<Unit> Target(Batch& batch, const UnitTarget& into, std::string_view field, Date date,
                    const std::vector<Unit>& sources, std::string_view verb) {
  if (into.create) {
    NQ_TRY(std::optional<Id> parent, batch.ParentAt(sources.front().id, date));
    NQ_TRY(Unit created, batch.CreateUnit(*into.create, date, parent, field));
    // Placed inside a source, the new unit would take its own superiors as subordinates.
    for (const Unit& source : sources) {
      NQ_TRY(bool below, batch.IsWithin(created.id, source.id, date));
      if (below) {
        return batch.Invalid(field, "cannot {} unit {} into {}, which would lie within it", verb,
                             Label(source), Label(created));
      }
    }
    return created;
  }
  return ExistingTarget(batch, into.existing, field, date, sources, verb);
}

// Moves every subordinate of `source` open on `date` to the successor `children` names for it,
// or to `fallback`; without either, the subordinate would be lost and the batch fails.
Status MoveChildren(Batch& batch, const Unit& source, Date date,
                    const std::vector<std::pair<std::string, std::string>>& children,
                    const std::vector<Unit>& targets, std::optional<Id> fallback,
                    json::array& moved) {
  NQ_TRY(auto open, batch.ChildrenAt(source.id, date));
  for (const Unit& child : open) {
    std::optional<Id> successor = fallback;
    for (const auto& [child_key, target_key] : children) {
      if (child_key != child.code && child_key != std::to_string(child.id)) continue;
      auto named = std::find_if(targets.begin(), targets.end(), [&](const Unit& t) {
        return t.code == target_key || std::to_string(t.id) == target_key;
      });
      if (named == targets.end()) {
        return batch.Invalid("children", "\"{}\" is not one of the successors of {}", target_key,
                             Label(source));
      }
      successor = named->id;
    }
    if (!successor) {
      return batch.Invalid("children",
                           "subordinate {} of {} would be left without a superior on {}: name "
                           "its successor in \"children\", or move or close it first",
                           Label(child), Label(source), date.ToString());
    }
    NQ_RETURN_IF_ERROR(batch.RequireChangeable(child, date, "children"));
    NQ_RETURN_IF_ERROR(batch.SetParentFrom(child, date, *successor));
    moved.push_back(json::object{{"unit_id", child.id}, {"parent_id", *successor}});
  }
  return Ok();
}

Result<std::optional<Id>> CarryTarget(Batch& batch, const ReorgOperation& op,
                                      const std::vector<Unit>& successors) {
  if (op.carry_to.empty()) {
    if (successors.size() == 1) return std::optional<Id>(successors.front().id);
    return std::optional<Id>();
  }
  for (const Unit& successor : successors) {
    if (successor.code == op.carry_to || std::to_string(successor.id) == op.carry_to) {
      return std::optional<Id>(successor.id);
    }
  }
  return batch.Invalid("carry_to", "\"{}\" is not one of the successors", op.carry_to);
}

// Closes `source`, carries its data and re-bases its targets onto `successors`; records the
// event with what it did.
Status Dissolve(Batch& batch, const ReorgOperation& op, LineageKind kind,
                const std::vector<Unit>& sources, const std::vector<Unit>& successors,
                std::optional<Id> carry_to, json::object details) {
  std::vector<Id> source_ids;
  for (const Unit& source : sources) source_ids.push_back(source.id);
  std::vector<Id> target_ids;
  for (const Unit& successor : successors) target_ids.push_back(successor.id);
  for (const Unit& source : sources) {
    NQ_RETURN_IF_ERROR(batch.CloseUnit(source, op.date));
    Closing closing{source, target_ids, carry_to};
    NQ_RETURN_IF_ERROR(batch.FollowData(closing, op.date, details));
  }
  NQ_TRY(Lineage recorded, batch.Record(kind, op.date, source_ids, target_ids, op.note, details));
  // Derived targets use the event just recorded to rebuild the successors' baselines.
  for (const Unit& source : sources) {
    Closing closing{source, target_ids, carry_to};
    NQ_RETURN_IF_ERROR(batch.Rebase(closing, op.date, details));
  }
  return batch.UpdateDetails(recorded, details);
}

}  // namespace

Status ApplyRename(Batch& batch, const ReorgOperation& op) {
  NQ_TRY(Unit unit, OnlyUnit(batch, op));
  NQ_RETURN_IF_ERROR(batch.RequireChangeable(unit, op.date, "unit"));
  NQ_RETURN_IF_ERROR(batch.Authorize(unit.id, fmt::format("unit \"{}\"", unit.code)));
  const std::string short_name = op.short_name.empty() ? unit.short_name : op.short_name;
  if (op.name == unit.name && short_name == unit.short_name) {
    return batch.Invalid("name", "unit {} is already called \"{}\"", Label(unit), op.name);
  }
  json::object details{{"name_before", unit.name},
                       {"short_name_before", unit.short_name},
                       {"name", op.name},
                       {"short_name", short_name}};
  Unit renamed = unit;
  renamed.name = op.name;
  renamed.short_name = short_name;
  NQ_TRY(Unit after, storage::Update(batch.tx(), renamed));
  NQ_RETURN_IF_ERROR(batch.scope().Audit("update", "unit", unit.id, formats::ToJson(unit),
                                         formats::ToJson(after)));
  batch.Note(
      "rename", "unit", unit.id,
      fmt::format("{}: đổi tên thành \"{}\" từ ngày {}", Label(unit), op.name, DateVi(op.date)),
      fmt::format("{}: renamed \"{}\" from {}", Label(unit), op.name, op.date.ToString()));
  NQ_RETURN_IF_ERROR(
      (batch.Record(LineageKind::kRename, op.date, {unit.id}, {unit.id}, op.note, details)));
  return Ok();
}

Status ApplyMove(Batch& batch, const ReorgOperation& op) {
  NQ_TRY(Unit unit, OnlyUnit(batch, op));
  NQ_RETURN_IF_ERROR(batch.RequireChangeable(unit, op.date, "unit"));
  NQ_RETURN_IF_ERROR(batch.Authorize(unit.id, fmt::format("unit \"{}\"", unit.code)));
  NQ_TRY(std::optional<Id> before, batch.ParentAt(unit.id, op.date));
  std::optional<Id> parent;
  if (op.parent != "-") {
    NQ_TRY(Unit superior, batch.Resolve(op.parent, "parent"));
    NQ_RETURN_IF_ERROR(batch.RequireOpen(superior, op.date, "parent"));
    NQ_TRY(bool cycle, batch.IsWithin(superior.id, unit.id, op.date));
    if (cycle) {
      return batch.Invalid(
          "parent", "moving {} under {} would make a cycle: {} lies within {} on {}", Label(unit),
          Label(superior), Label(superior), Label(unit), op.date.ToString());
    }
    NQ_RETURN_IF_ERROR(batch.Authorize(superior.id, fmt::format("unit \"{}\"", superior.code)));
    parent = superior.id;
  } else {
    NQ_RETURN_IF_ERROR(batch.Authorize(0, "a new root unit"));
  }
  if (before == parent) {
    return batch.Invalid("parent", "unit {} already has that superior on {}", Label(unit),
                         op.date.ToString());
  }
  NQ_RETURN_IF_ERROR(batch.SetParentFrom(unit, op.date, parent));
  batch.Note(
      "set_parent", "unit", unit.id,
      fmt::format("{}: chuyển trực thuộc {} từ ngày {}", Label(unit),
                  parent ? fmt::format("đơn vị {}", *parent) : "cấp cao nhất", DateVi(op.date)),
      fmt::format("{}: moved under {} from {}", Label(unit),
                  parent ? fmt::format("unit {}", *parent) : "the top", op.date.ToString()));
  json::object details{{"parent_before", OptionalId(before)}, {"parent", OptionalId(parent)}};
  NQ_RETURN_IF_ERROR(
      (batch.Record(LineageKind::kMove, op.date, {unit.id}, {unit.id}, op.note, details)));
  return Ok();
}

Status ApplyMerge(Batch& batch, const ReorgOperation& op) {
  if (op.units.empty()) {
    return batch.Invalid("units", "field \"{}\" must name the units to merge",
                         batch.Pointer("units"));
  }
  if (op.into.size() != 1) {
    return batch.Invalid("into", "field \"{}\" must name the one unit they merge into",
                         batch.Pointer("into"));
  }
  std::vector<Unit> sources;
  std::set<Id> seen;
  for (size_t index = 0; index < op.units.size(); ++index) {
    const std::string field = fmt::format("units/{}", index);
    NQ_TRY(Unit source, ChangeableUnit(batch, op.units[index], field, op.date));
    if (!seen.insert(source.id).second) {
      return batch.Invalid(field, "unit {} is named twice", Label(source));
    }
    sources.push_back(std::move(source));
  }
  NQ_TRY(Unit target, Target(batch, op.into.front(), "into", op.date, sources, "merge"));
  if (op.into.front().create && sources.size() < 2) {
    return batch.Invalid("units",
                         "a merge into a new unit needs two units or more; to give "
                         "one unit a new name, rename it");
  }
  json::array moved;
  for (const Unit& source : sources) {
    NQ_RETURN_IF_ERROR(MoveChildren(batch, source, op.date, {}, {target}, target.id, moved));
  }
  json::object details{{"children_moved", std::move(moved)}};
  return Dissolve(batch, op, LineageKind::kMerge, sources, {target}, target.id, std::move(details));
}

Status ApplySplit(Batch& batch, const ReorgOperation& op) {
  NQ_TRY(Unit source, OnlyUnit(batch, op));
  NQ_RETURN_IF_ERROR(batch.RequireChangeable(source, op.date, "unit"));
  NQ_RETURN_IF_ERROR(batch.Authorize(source.id, fmt::format("unit \"{}\"", source.code)));
  if (op.into.size() < 2) {
    return batch.Invalid("into", "field \"{}\" must name two units or more to split into",
                         batch.Pointer("into"));
  }
  std::vector<Unit> targets;
  for (size_t index = 0; index < op.into.size(); ++index) {
    NQ_TRY(Unit target, Target(batch, op.into[index], fmt::format("into/{}", index), op.date,
                               {source}, "split"));
    targets.push_back(std::move(target));
  }
  NQ_TRY(std::optional<Id> carry_to, CarryTarget(batch, op, targets));
  json::array moved;
  NQ_RETURN_IF_ERROR(
      MoveChildren(batch, source, op.date, op.children, targets, std::nullopt, moved));
  json::object details{{"children_moved", std::move(moved)}};
  return Dissolve(batch, op, LineageKind::kSplit, {source}, targets, carry_to, std::move(details));
}

Status ApplyClose(Batch& batch, const ReorgOperation& op) {
  NQ_TRY(Unit unit, OnlyUnit(batch, op));
  NQ_RETURN_IF_ERROR(batch.RequireChangeable(unit, op.date, "unit"));
  NQ_RETURN_IF_ERROR(batch.Authorize(unit.id, fmt::format("unit \"{}\"", unit.code)));
  std::vector<Unit> successors;
  for (size_t index = 0; index < op.into.size(); ++index) {
    const std::string field = fmt::format("successors/{}", index);
    if (op.into[index].create) {
      return batch.Invalid(field, "successors of a closed unit must exist; open them first");
    }
    NQ_TRY(Unit successor,
           ExistingTarget(batch, op.into[index].existing, field, op.date, {unit}, "close"));
    successors.push_back(std::move(successor));
  }
  NQ_TRY(auto open, batch.ChildrenAt(unit.id, op.date));
  if (!open.empty()) {
    std::string names;
    for (size_t index = 0; index < open.size() && index < 5; ++index) {
      names += (index == 0 ? "" : ", ") + open[index].code;
    }
    return batch.Invalid("unit",
                         "unit {} still has {} subordinate(s) open on {} ({}{}): move, merge or "
                         "close them first",
                         Label(unit), open.size(), op.date.ToString(), names,
                         open.size() > 5 ? ", …" : "");
  }
  NQ_TRY(std::optional<Id> carry_to, CarryTarget(batch, op, successors));
  return Dissolve(batch, op, LineageKind::kClose, {unit}, successors, carry_to, json::object{});
}

Status ApplyOpen(Batch& batch, const ReorgOperation& op) {
  if (!op.open) {
    return batch.Invalid("unit", "field \"{}\" must describe the unit to open",
                         batch.Pointer("unit"));
  }
  if (op.open->parent.empty()) {
    return batch.Invalid("unit/parent", "field \"{}\" must name the superior (\"-\" for a root)",
                         batch.Pointer("unit/parent"));
  }
  NQ_TRY(Unit created, batch.CreateUnit(*op.open, op.date, std::nullopt, "unit"));
  NQ_RETURN_IF_ERROR(
      (batch.Record(LineageKind::kCreate, op.date, {}, {created.id}, op.note, json::object{})));
  return Ok();
}

}  // namespace nq::app::reorg
