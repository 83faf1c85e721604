// Policy: which unit's grants govern each kind of row, and the read and write checks built on that.
// Reference data (unit kinds, terms, fields, indicators) belongs to the whole tree: any user with
// a scope reads it, and only an administrator over a root writes it.
#pragma once

#include <optional>
#include <string>

#include "app/access.h"
#include "domain/access.h"
#include "storage/store.h"

namespace nq::app {

using domain::Action;
using domain::Id;

// The unit whose grants govern `row`; nullopt for reference data.
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::UnitKind& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Term& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Field& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Indicator& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Unit& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Person& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx,
                                        const domain::Responsibility& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Document& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Item& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Link& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Obligation& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Declaration& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Regime& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Extension& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Assignment& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Report& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx,
                                        const domain::Recommendation& row);
Result<std::optional<Id>> GoverningUnit(storage::Transaction& tx, const domain::Comment& row);

// The action that changing a row of this kind needs over its governing unit.
template <typename T>
constexpr Action WriteAction() {
  if constexpr (std::is_same_v<T, domain::UnitKind> || std::is_same_v<T, domain::Term> ||
                std::is_same_v<T, domain::Field> || std::is_same_v<T, domain::Indicator> ||
                std::is_same_v<T, domain::Unit>) {
    return Action::kAdminister;
  } else if constexpr (std::is_same_v<T, domain::Assignment> || std::is_same_v<T, domain::Report> ||
                       std::is_same_v<T, domain::Recommendation>) {
    return Action::kEnter;
  } else if constexpr (std::is_same_v<T, domain::Comment>) {
    return Action::kRead;
  } else {
    return Action::kManage;
  }
}

// Whether the principal may see `row`. Obligations are also seen by the units they are assigned
// to; recommendations by both ends.
Result<bool> Readable(storage::Transaction& tx, const app::Access& access,
                      const domain::Obligation& row);
Result<bool> Readable(storage::Transaction& tx, const app::Access& access,
                      const domain::Recommendation& row);
// An assignment is also seen by those who see its obligation's issuer, and by those who saw its
// unit when it fell due (its superiors then, after a reorganisation moved it away).
Result<bool> Readable(storage::Transaction& tx, const app::Access& access,
                      const domain::Assignment& row);
// Documents, their items and the links up from those items are read down the tree: by those
// who see the issuer and by the units below it (Access::ReadsIssuedBy).
Result<bool> Readable(storage::Transaction& tx, const app::Access& access,
                      const domain::Document& row);
Result<bool> Readable(storage::Transaction& tx, const app::Access& access, const domain::Item& row);
Result<bool> Readable(storage::Transaction& tx, const app::Access& access, const domain::Link& row);
// A regime is read by the units below its issuer, who report under it; an extension by the
// unit it extends and by those who see the regime's issuer.
Result<bool> Readable(storage::Transaction& tx, const app::Access& access,
                      const domain::Regime& row);
Result<bool> Readable(storage::Transaction& tx, const app::Access& access,
                      const domain::Extension& row);
template <typename T>
Result<bool> Readable(storage::Transaction& tx, const app::Access& access, const T& row) {
  NQ_TRY(std::optional<Id> unit, GoverningUnit(tx, row));
  return unit ? access.Can(Action::kRead, *unit) : access.HasScope();
}

// not_found (naming `what`) unless the principal may see `row`; the refusal is audited.
template <typename T>
Status RequireRead(storage::Transaction& tx, const app::Access& access, const T& row,
                   std::string_view what) {
  NQ_TRY(bool readable, Readable(tx, access, row));
  if (!readable) return access.Hidden(what);
  return Ok();
}

// The write check for `row`: not_found when it is out of sight, permission_denied when seen but
// the role does not allow the change.
Status RequireWrite(storage::Transaction& tx, const app::Access& access,
                    const domain::Assignment& row, std::string_view what);
// A row read down the tree (a superior's document seen by a subordinate) is in sight, so a
// change to it is permission_denied, not not_found.
template <typename T>
Status RequireWrite(storage::Transaction& tx, const app::Access& access, const T& row,
                    std::string_view what) {
  NQ_TRY(std::optional<Id> unit, GoverningUnit(tx, row));
  if (!unit) return access.RequireGlobal(WriteAction<T>(), what);
  if (access.Can(WriteAction<T>(), *unit)) return Ok();
  NQ_TRY(bool readable, Readable(tx, access, row));
  if (readable) return access.Denied(WriteAction<T>(), what);
  return access.Hidden(what);
}

// The rule for every reference a write sets: the row it names must be one the principal may
// see. One out of sight is refused exactly like a missing one, invalid_argument naming the field
// ("field \"/document_id\": document 5 not found"), so a write can neither link to a hidden row
// nor tell that it exists. `id` unset passes.
template <typename Target>
Status RequireVisible(storage::Transaction& tx, const Access& access, std::optional<Id> id,
                      std::string_view field) {
  if (!id) return Ok();
  auto row = storage::Get<Target>(tx, *id);
  if (!row && row.error().code != ErrorCode::kNotFound) return std::unexpected(row.error());
  bool visible = false;
  if (row) {
    NQ_TRY(visible, Readable(tx, access, *row));
  }
  if (visible) return Ok();
  return FieldError(std::string(field), "field \"{}\": {} {} not found", field,
                    storage::EntityName<Target>(), *id);
}

// What a row being written may point at (`before`: the row as stored, for a change, whose
// unchanged references are not checked again). Every reference that is not the row's governing
// unit (which RequireWrite checks) must be visible (RequireVisible): an obligation's or report's
// document_id and item_id, an item's unit_id and parent_id, a recommendation's item_id, a
// responsibility's person_id and unit_id. Besides, a link goes from an item up to an item of the
// same unit or of a unit above it, a recommendation up to a unit above its sender, both in
// today's tree; invalid_argument naming the field otherwise, with the same message whether the
// target is elsewhere in the tree or missing, so the answer tells nothing about other branches.
Status RequireReferences(storage::Transaction& tx, const Access& access, const domain::Link& row,
                         const domain::Link* before = nullptr);
Status RequireReferences(storage::Transaction& tx, const Access& access,
                         const domain::Recommendation& row,
                         const domain::Recommendation* before = nullptr);
Status RequireReferences(storage::Transaction& tx, const Access& access,
                         const domain::Obligation& row, const domain::Obligation* before = nullptr);
Status RequireReferences(storage::Transaction& tx, const Access& access, const domain::Report& row,
                         const domain::Report* before = nullptr);
Status RequireReferences(storage::Transaction& tx, const Access& access, const domain::Item& row,
                         const domain::Item* before = nullptr);
Status RequireReferences(storage::Transaction& tx, const Access& access,
                         const domain::Responsibility& row,
                         const domain::Responsibility* before = nullptr);
// A declaration names a target (kind target) of a unit strictly above the declaring unit, in
// today's tree; an extension a regime in sight and a unit below its issuer; a report's regime
// must be one its unit reports under. invalid_argument naming the field otherwise, the same for a
// row out of sight as for a missing one.
Status RequireReferences(storage::Transaction& tx, const Access& access,
                         const domain::Declaration& row,
                         const domain::Declaration* before = nullptr);
Status RequireReferences(storage::Transaction& tx, const Access& access,
                         const domain::Extension& row, const domain::Extension* before = nullptr);
template <typename T>
Status RequireReferences(storage::Transaction&, const Access&, const T&,
                         const T* /*before*/ = nullptr) {
  return Ok();
}

// What a PATCH may never change: the obligation and the unit of an assignment (moving an
// assignment to another obligation would let an editor of the unit read that obligation).
Status CheckPatch(const domain::Assignment& before, const domain::Assignment& after);
// Nor the reach of an obligation: its depth decided which units hold its assignments.
Status CheckPatch(const domain::Obligation& before, const domain::Obligation& after);
template <typename T>
Status CheckPatch(const T&, const T&) {
  return Ok();
}

}  // namespace nq::app
