#include "app/reorg/reorg.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "app/duty_reach.h"
#include "app/reorg/reorg_internal.h"
#include "app/use_cases.h"
#include "formats/codec.h"
#include "formats/json_schema.h"

namespace nq::app {
namespace reorg {

using namespace nq::domain;

std::string Label(const Unit& unit) { return fmt::format("{} ({})", unit.name, unit.code); }

std::string Batch::Pointer(std::string_view field) const {
  if (field.empty()) return fmt::format("/operations/{}", index_);
  return fmt::format("/operations/{}/{}", index_, field);
}

Result<Unit> Batch::Resolve(std::string_view key, std::string_view field) {
  if (key.empty()) return Invalid(field, "field \"{}\" must name a unit", Pointer(field));
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
  auto unit = ec == std::errc() && ptr == key.data() + key.size()
                  ? storage::Get<Unit>(tx(), id)
                  : storage::GetByCode<Unit>(tx(), key);
  const bool in_sight =
      unit && (!sees_ || sees_(unit->id) ||
               std::find(created_.begin(), created_.end(), unit->id) != created_.end());
  if (in_sight) return unit;
  if (!unit && unit.error().code != ErrorCode::kNotFound) return std::unexpected(unit.error());
  // not_found, like a unit out of the principal's sight: the answer must not tell them apart.
  return std::unexpected(Error{
      ErrorCode::kNotFound, fmt::format("field \"{}\": unit \"{}\" not found", Pointer(field), key),
      Pointer(field)});
}

Result<UnitKind> Batch::ResolveKind(std::string_view key, std::string_view field) {
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
  auto kind = ec == std::errc() && ptr == key.data() + key.size()
                  ? storage::Get<UnitKind>(tx(), id)
                  : storage::GetByCode<UnitKind>(tx(), key);
  if (kind) return kind;
  if (kind.error().code != ErrorCode::kNotFound) return std::unexpected(kind.error());
  return Invalid(field, "field \"{}\": unit kind \"{}\" not found", Pointer(field), key);
}

Status Batch::Authorize(Id unit_id, std::string_view what) {
  if (!authorize_) return Ok();
  if (std::find(created_.begin(), created_.end(), unit_id) != created_.end()) return Ok();
  auto allowed = authorize_(unit_id, what);
  if (!allowed && allowed.error().field.empty()) allowed.error().field = Pointer();
  return allowed;
}

Result<std::vector<UnitVersion>> Batch::VersionsOf(Id unit_id) {
  NQ_TRY(auto versions, storage::List<UnitVersion>(tx(), {storage::Eq("unit_id", unit_id)}));
  std::sort(versions.begin(), versions.end(), [](const UnitVersion& a, const UnitVersion& b) {
    return a.validity.valid_from < b.validity.valid_from;
  });
  return versions;
}

Result<std::optional<Id>> Batch::ParentAt(Id unit_id, Date date) {
  NQ_TRY(auto versions, VersionsOf(unit_id));
  for (const UnitVersion& version : versions) {
    if (version.validity.Covers(date)) return version.parent_id;
  }
  return std::optional<Id>();
}

Result<std::vector<Unit>> Batch::ChildrenAt(Id unit_id, Date date) {
  NQ_TRY(auto versions, storage::List<UnitVersion>(tx(), {storage::Eq("parent_id", unit_id)}));
  std::set<Id> ids;
  for (const UnitVersion& version : versions) {
    if (version.validity.Covers(date)) ids.insert(version.unit_id);
  }
  std::vector<Unit> children;
  for (Id id : ids) {
    NQ_TRY(Unit child, storage::Get<Unit>(tx(), id));
    if (child.validity.Covers(date)) children.push_back(std::move(child));
  }
  return children;
}

Result<bool> Batch::IsWithin(Id unit_id, Id ancestor_id, Date date) {
  std::set<Id> seen;
  std::optional<Id> at = unit_id;
  while (at) {
    if (*at == ancestor_id) return true;
    if (!seen.insert(*at).second) return false;  // a cycle already stored: stop walking
    NQ_TRY(at, ParentAt(*at, date));
  }
  return false;
}

Status Batch::RequireOpen(const Unit& unit, Date date, std::string_view field) {
  if (unit.validity.Covers(date)) return Ok();
  if (date < unit.validity.valid_from) {
    return Invalid(field, "unit {} opens on {}, after the change on {}", Label(unit),
                   unit.validity.valid_from.ToString(), date.ToString());
  }
  return Invalid(field, "unit {} was closed on {}, before the change on {}", Label(unit),
                 unit.validity.valid_to->ToString(), date.ToString());
}

Status Batch::RequireChangeable(const Unit& unit, Date date, std::string_view field) {
  if (date <= unit.validity.valid_from) {
    return Invalid(field, "unit {} opened on {}: a change to it must be dated after that, got {}",
                   Label(unit), unit.validity.valid_from.ToString(), date.ToString());
  }
  NQ_RETURN_IF_ERROR(RequireOpen(unit, date, field));
  // Operations on one unit come in date order: nothing of it may already change later.
  NQ_TRY(auto versions, VersionsOf(unit.id));
  for (const UnitVersion& version : versions) {
    if (version.validity.valid_from > date) {
      return Invalid(field,
                     "unit {} already changes superior on {}, after {}: changes overlap; apply "
                     "them in date order",
                     Label(unit), version.validity.valid_from.ToString(), date.ToString());
    }
  }
  NQ_TRY(auto later, storage::LineageDateAfter(tx(), unit.id, date));
  if (later) {
    return Invalid(field,
                   "unit {} already has a reorganisation on {}, after {}: changes overlap; "
                   "apply them in date order",
                   Label(unit), *later, date.ToString());
  }
  return Ok();
}

Result<Unit> Batch::CreateUnit(const NewUnit& spec, Date date, std::optional<Id> default_parent,
                               std::string_view field) {
  const std::string pointer = std::string(field);
  NQ_TRY(UnitKind kind, ResolveKind(spec.kind, pointer + "/kind"));
  std::optional<Id> parent = default_parent;
  if (spec.parent == "-") {
    parent.reset();
  } else if (!spec.parent.empty()) {
    NQ_TRY(Unit found, Resolve(spec.parent, pointer + "/parent"));
    parent = found.id;
  }
  if (parent) {
    NQ_TRY(Unit superior, storage::Get<Unit>(tx(), *parent));
    NQ_RETURN_IF_ERROR(RequireOpen(superior, date, pointer + "/parent"));
    NQ_RETURN_IF_ERROR(Authorize(*parent, fmt::format("unit \"{}\"", superior.code)));
  } else {
    NQ_RETURN_IF_ERROR(Authorize(0, "a new root unit"));
  }
  auto existing = storage::GetByCode<Unit>(tx(), spec.code);
  if (existing) {
    return Invalid(pointer + "/code", "a unit with code \"{}\" already exists: {}", spec.code,
                   Label(*existing));
  }
  Unit unit;
  unit.code = spec.code;
  unit.name = spec.name;
  unit.short_name = spec.short_name.empty() ? spec.name : spec.short_name;
  unit.kind_id = kind.id;
  unit.validity.valid_from = date;
  auto created = app::CreateUnit(scope_, std::move(unit), parent);
  if (!created) {
    Error error = created.error();
    if (error.field.empty() || error.field.starts_with("/")) error.field = pointer + error.field;
    return std::unexpected(error);
  }
  created_.push_back(created->id);
  entered_.emplace_back(created->id, date);
  Note("create_unit", "unit", created->id,
       fmt::format("{}: thành lập từ ngày {}", Label(*created), DateVi(date)),
       fmt::format("{}: opened on {}", Label(*created), date.ToString()));
  return created;
}

Status Batch::SetParentFrom(const Unit& unit, Date date, std::optional<Id> parent) {
  NQ_TRY(auto versions, VersionsOf(unit.id));
  auto covering = std::find_if(versions.begin(), versions.end(),
                               [&](const UnitVersion& v) { return v.validity.Covers(date); });
  if (covering != versions.end() && covering->validity.valid_from == date) {
    UnitVersion before = *covering;
    covering->parent_id = parent;
    NQ_TRY(UnitVersion after, storage::Update(tx(), *covering));
    NQ_RETURN_IF_ERROR(scope_.Audit("update", "unit_version", after.id, formats::ToJson(before),
                                    formats::ToJson(after)));
  } else {
    std::optional<Date> until = unit.validity.valid_to;
    if (covering != versions.end()) {
      UnitVersion before = *covering;
      until = covering->validity.valid_to;
      covering->validity.valid_to = date.AddDays(-1);
      NQ_TRY(UnitVersion after, storage::Update(tx(), *covering));
      NQ_RETURN_IF_ERROR(scope_.Audit("update", "unit_version", after.id, formats::ToJson(before),
                                      formats::ToJson(after)));
    }
    UnitVersion next{0, unit.id, parent, Validity{date, until}};
    NQ_TRY(UnitVersion stored, storage::Insert(tx(), next));
    NQ_RETURN_IF_ERROR(
        scope_.Audit("create", "unit_version", stored.id, nullptr, formats::ToJson(stored)));
  }
  entered_.emplace_back(unit.id, date);
  scope_.ChangedStructure();
  return Ok();
}

Status Batch::CloseUnit(const Unit& unit, Date date) {
  const Date last_day = date.AddDays(-1);
  NQ_TRY(auto versions, VersionsOf(unit.id));
  for (UnitVersion& version : versions) {
    if (!version.validity.Covers(last_day)) continue;
    UnitVersion before = version;
    version.validity.valid_to = last_day;
    NQ_TRY(UnitVersion after, storage::Update(tx(), version));
    NQ_RETURN_IF_ERROR(scope_.Audit("update", "unit_version", after.id, formats::ToJson(before),
                                    formats::ToJson(after)));
  }
  NQ_TRY(Unit stored, storage::Get<Unit>(tx(), unit.id));
  Unit closed = stored;
  closed.validity.valid_to = last_day;
  NQ_TRY(Unit after, storage::Update(tx(), closed));
  NQ_RETURN_IF_ERROR(
      scope_.Audit("update", "unit", after.id, formats::ToJson(stored), formats::ToJson(after)));
  scope_.ChangedStructure();
  Note("close_unit", "unit", unit.id,
       fmt::format("{}: kết thúc hoạt động từ ngày {}", Label(unit), DateVi(date)),
       fmt::format("{}: closed from {}", Label(unit), date.ToString()));
  return Ok();
}

Result<Lineage> Batch::Record(LineageKind kind, Date date, std::vector<Id> sources,
                              std::vector<Id> targets, const std::string& note,
                              json::object details) {
  Lineage lineage;
  lineage.kind = kind;
  lineage.date = date;
  lineage.source_unit_ids = std::move(sources);
  lineage.target_unit_ids = std::move(targets);
  lineage.note = note;
  lineage.details = json::serialize(details);
  NQ_TRY(Lineage stored, storage::InsertLineage(tx(), std::move(lineage)));
  NQ_RETURN_IF_ERROR(
      scope_.Audit("create", "lineage", stored.id, nullptr, formats::ToJson(stored)));
  scope_.ChangedStructure();
  result_.lineages.push_back(stored);
  return stored;
}

Status Batch::UpdateDetails(const Lineage& lineage, const json::object& details) {
  const std::string text = json::serialize(details);
  NQ_RETURN_IF_ERROR(storage::SetLineageDetails(tx(), lineage.id, text));
  for (Lineage& recorded : result_.lineages) {
    if (recorded.id == lineage.id) recorded.details = text;
  }
  return Ok();
}

void Batch::Note(std::string action, std::string entity, Id entity_id, std::string text_vi,
                 std::string text_en) {
  result_.changes.push_back({index_, std::move(action), std::move(entity), entity_id,
                             std::move(text_vi), std::move(text_en)});
}

}  // namespace reorg

Result<ReorgResult> ApplyReorganisation(WriteScope& scope,
                                        const std::vector<ReorgOperation>& operations,
                                        const ReorgAuthorize& authorize, const ReorgSees& sees) {
  if (operations.empty()) {
    return FieldError("/operations", "field \"/operations\" must list at least one operation");
  }
  reorg::Batch batch(scope, authorize, sees);
  for (size_t index = 0; index < operations.size(); ++index) {
    batch.Begin(index);
    const ReorgOperation& op = operations[index];
    switch (op.kind) {
      case ReorgKind::kRename:
        NQ_RETURN_IF_ERROR(reorg::ApplyRename(batch, op));
        break;
      case ReorgKind::kMove:
        NQ_RETURN_IF_ERROR(reorg::ApplyMove(batch, op));
        break;
      case ReorgKind::kMerge:
        NQ_RETURN_IF_ERROR(reorg::ApplyMerge(batch, op));
        break;
      case ReorgKind::kSplit:
        NQ_RETURN_IF_ERROR(reorg::ApplySplit(batch, op));
        break;
      case ReorgKind::kClose:
        NQ_RETURN_IF_ERROR(reorg::ApplyClose(batch, op));
        break;
      case ReorgKind::kOpen:
        NQ_RETURN_IF_ERROR(reorg::ApplyOpen(batch, op));
        break;
    }
  }
  // After every operation, so that a successor keeps the duty its predecessor passed to it.
  for (const auto& [unit_id, date] : batch.entered()) {
    NQ_RETURN_IF_ERROR(AssignDutiesInReach(scope, unit_id, date));
  }
  return std::move(batch.result());
}

json::object ReorgResultJson(const ReorgResult& result, bool dry_run) {
  json::array lineages;
  for (const domain::Lineage& lineage : result.lineages)
    lineages.push_back(formats::ToJson(lineage));
  json::array changes;
  for (const ReorgChange& change : result.changes) {
    changes.push_back(json::object{{"operation", change.operation},
                                   {"action", change.action},
                                   {"entity", change.entity},
                                   {"entity_id", change.entity_id},
                                   {"text", change.text_vi},
                                   {"text_en", change.text_en}});
  }
  return json::object{{"dry_run", dry_run},
                      {"operations", result.lineages.size()},
                      {"lineage", std::move(lineages)},
                      {"changes", std::move(changes)}};
}

json::object ReorgResultSchema() {
  namespace sc = formats::schema;
  return sc::Named(
      "ReorgResult",
      sc::Object({{"dry_run", sc::Boolean("true: chỉ thử, không ghi gì")},
                  {"operations", sc::Integer()},
                  {"lineage", sc::ArrayOf(formats::LineageSchema())},
                  {"changes",
                   sc::ArrayOf(sc::Object(
                       {{"operation", sc::Integer("Thứ tự của thao tác trong lô")},
                        {"action", sc::Example(sc::Text(), "move_unit")},
                        {"entity", sc::Example(sc::Text(), "unit")},
                        {"entity_id", sc::Integer()},
                        {"text", sc::Example(sc::Text(), "Chuyển xã Điền Lư về huyện Bá Thước")},
                        {"text_en", sc::Text()}}))}}));
}

}  // namespace nq::app
