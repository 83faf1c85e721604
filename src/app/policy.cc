#include "app/policy.h"

#include "engine/structure.h"

namespace nq::app {

using namespace nq::domain;
using storage::Transaction;
using Governing = Result<std::optional<Id>>;

Governing GoverningUnit(Transaction&, const UnitKind&) { return std::optional<Id>(); }
Governing GoverningUnit(Transaction&, const Term&) { return std::optional<Id>(); }
Governing GoverningUnit(Transaction&, const Field&) { return std::optional<Id>(); }
Governing GoverningUnit(Transaction&, const Indicator&) { return std::optional<Id>(); }
Governing GoverningUnit(Transaction&, const Unit& row) { return std::optional<Id>(row.id); }
Governing GoverningUnit(Transaction&, const Person& row) { return row.unit_id; }
Governing GoverningUnit(Transaction& tx, const Responsibility& row) {
  if (row.unit_id) return row.unit_id;
  auto person = storage::Get<Person>(tx, row.person_id);
  if (!person) return std::optional<Id>(Id{0});  // dangling: nobody's, like a hidden person
  return person->unit_id;
}
Governing GoverningUnit(Transaction& tx, const Document& row) {
  (void)tx;
  return std::optional<Id>(row.issuer_unit_id);
}
Governing GoverningUnit(Transaction& tx, const Item& row) {
  auto document = storage::Get<Document>(tx, row.document_id);
  if (!document) return std::optional<Id>(Id{0});  // dangling: nobody's; the use case refuses it
  return std::optional<Id>(document->issuer_unit_id);
}
Governing GoverningUnit(Transaction& tx, const Link& row) {
  auto item = storage::Get<Item>(tx, row.from_item_id);
  if (!item) return std::optional<Id>(Id{0});
  return GoverningUnit(tx, *item);
}
Governing GoverningUnit(Transaction&, const Declaration& row) {
  return std::optional<Id>(row.unit_id);
}
Governing GoverningUnit(Transaction&, const Regime& row) {
  return std::optional<Id>(row.issuer_unit_id);
}
Governing GoverningUnit(Transaction& tx, const Extension& row) {
  auto regime = storage::Get<Regime>(tx, row.regime_id);
  if (!regime) return std::optional<Id>(Id{0});
  return std::optional<Id>(regime->issuer_unit_id);
}
Governing GoverningUnit(Transaction&, const Obligation& row) {
  return std::optional<Id>(row.issuer_unit_id);
}
Governing GoverningUnit(Transaction&, const Assignment& row) {
  return std::optional<Id>(row.unit_id);
}
Governing GoverningUnit(Transaction&, const Report& row) { return std::optional<Id>(row.unit_id); }
Governing GoverningUnit(Transaction&, const Recommendation& row) {
  return std::optional<Id>(row.from_unit_id);
}
Governing GoverningUnit(Transaction& tx, const Comment& row) {
  auto of = [&](auto entity) -> Governing {
    auto stored = storage::Get<decltype(entity)>(tx, row.entity_id);
    if (!stored) return std::optional<Id>(Id{0});
    return GoverningUnit(tx, *stored);
  };
  if (row.entity == "item") return of(Item{});
  if (row.entity == "document") return of(Document{});
  if (row.entity == "report") return of(Report{});
  if (row.entity == "recommendation") return of(Recommendation{});
  if (row.entity == "obligation") return of(Obligation{});
  if (row.entity == "assignment") return of(Assignment{});
  if (row.entity == "unit") return std::optional<Id>(row.entity_id);
  return std::optional<Id>(Id{0});
}

Result<bool> Readable(Transaction& tx, const app::Access& access, const Obligation& row) {
  if (access.Can(Action::kRead, row.issuer_unit_id)) return true;
  NQ_TRY(auto assignments, storage::List<Assignment>(tx, {storage::Eq("obligation_id", row.id)}));
  for (const Assignment& a : assignments) {
    if (access.Can(Action::kRead, a.unit_id)) return true;
  }
  return false;
}

Result<bool> Readable(Transaction& tx, const app::Access& access, const Assignment& row) {
  if (access.Can(Action::kRead, row.unit_id)) return true;
  NQ_TRY(Obligation obligation, storage::Get<Obligation>(tx, row.obligation_id));
  if (access.Can(Action::kRead, obligation.issuer_unit_id)) return true;
  return obligation.due_on < access.as_of() &&
         access.At(obligation.due_on).Can(Action::kRead, row.unit_id);
}

Result<bool> Readable(Transaction&, const app::Access& access, const Document& row) {
  return access.ReadsIssuedBy(row.issuer_unit_id);
}

namespace {

// Read down the tree: the row's issuing unit is in sight or above a unit that is.
template <typename T>
Result<bool> IssuedToReader(Transaction& tx, const app::Access& access, const T& row) {
  NQ_TRY(std::optional<Id> issuer, GoverningUnit(tx, row));
  return issuer && *issuer != 0 && access.ReadsIssuedBy(*issuer);
}

}  // namespace

Result<bool> Readable(Transaction& tx, const app::Access& access, const Item& row) {
  return IssuedToReader(tx, access, row);
}

Result<bool> Readable(Transaction& tx, const app::Access& access, const Link& row) {
  return IssuedToReader(tx, access, row);
}

Result<bool> Readable(Transaction&, const app::Access& access, const Regime& row) {
  return access.ReadsIssuedBy(row.issuer_unit_id);
}

Result<bool> Readable(Transaction& tx, const app::Access& access, const Extension& row) {
  if (access.Can(Action::kRead, row.unit_id)) return true;
  NQ_TRY(std::optional<Id> issuer, GoverningUnit(tx, row));
  return issuer && *issuer != 0 && access.Can(Action::kRead, *issuer);
}

Result<bool> Readable(Transaction&, const app::Access& access, const Recommendation& row) {
  return access.Can(Action::kRead, row.from_unit_id) || access.Can(Action::kRead, row.to_unit_id);
}

Status RequireWrite(Transaction& tx, const app::Access& access, const Assignment& row,
                    std::string_view what) {
  if (access.Can(Action::kEnter, row.unit_id)) return Ok();
  auto obligation = storage::Get<Obligation>(tx, row.obligation_id);
  if (obligation && access.Can(Action::kManage, obligation->issuer_unit_id)) return Ok();
  // A duty also belongs to the tree as it stood when it fell due: after a reorganisation moved
  // the unit away, its superiors of that time may still record what it did.
  if (obligation && obligation->due_on < access.as_of() &&
      access.At(obligation->due_on).Can(Action::kEnter, row.unit_id)) {
    return Ok();
  }
  return access.Require(Action::kEnter, row.unit_id, what);
}

namespace {

// invalid_argument naming `field` unless unit `unit_id` stands below the regime's issuer today,
// and so reports under it.
Status ReportsUnder(Transaction& tx, const Access& access, Id regime_id, Id unit_id,
                    std::string_view field) {
  NQ_TRY(Regime regime, storage::Get<Regime>(tx, regime_id));
  if (unit_id != regime.issuer_unit_id &&
      access.engine().InSubtree(unit_id, regime.issuer_unit_id, access.as_of())) {
    return Ok();
  }
  return FieldError(std::string(field), "field \"{}\": unit {} does not report under regime \"{}\"",
                    field, unit_id, regime.code);
}

std::optional<Id> Optional(Id id) { return id; }
std::optional<Id> Optional(std::optional<Id> id) { return id; }

// RequireVisible for the reference `member` of `row`, unless a change leaves it as it was.
template <typename Target, typename Row, typename Member>
Status Visible(Transaction& tx, const Access& access, const Row& row, const Row* before,
               Member Row::*member, std::string_view field) {
  if (before && (*before).*member == row.*member) return Ok();
  return RequireVisible<Target>(tx, access, Optional(row.*member), field);
}

}  // namespace

Status RequireReferences(Transaction& tx, const Access& access, const Obligation& row,
                         const Obligation* before) {
  NQ_RETURN_IF_ERROR(
      Visible<Document>(tx, access, row, before, &Obligation::document_id, "/document_id"));
  return Visible<Item>(tx, access, row, before, &Obligation::item_id, "/item_id");
}

Status RequireReferences(Transaction& tx, const Access& access, const Report& row,
                         const Report* before) {
  NQ_RETURN_IF_ERROR(Visible<Regime>(tx, access, row, before, &Report::regime_id, "/regime_id"));
  if (row.regime_id &&
      !(before && before->regime_id == row.regime_id && before->unit_id == row.unit_id)) {
    NQ_RETURN_IF_ERROR(ReportsUnder(tx, access, *row.regime_id, row.unit_id, "/regime_id"));
  }
  return Visible<Document>(tx, access, row, before, &Report::document_id, "/document_id");
}

Status RequireReferences(Transaction& tx, const Access& access, const Declaration& row,
                         const Declaration* before) {
  if (before && before->item_id == row.item_id && before->unit_id == row.unit_id) return Ok();
  NQ_RETURN_IF_ERROR(RequireVisible<Item>(tx, access, row.item_id, "/item_id"));
  // A target of a unit strictly above the declaring one, in today's tree.
  NQ_TRY(Item item, storage::Get<Item>(tx, row.item_id));
  NQ_TRY(std::optional<Id> issuer, GoverningUnit(tx, item));
  if (item.kind == ItemKind::kTarget && issuer && *issuer != 0 && *issuer != row.unit_id &&
      access.engine().InSubtree(row.unit_id, *issuer, access.as_of())) {
    return Ok();
  }
  return FieldError("/item_id",
                    "field \"/item_id\": item {} is not a target of a unit above unit {}",
                    row.item_id, row.unit_id);
}

Status RequireReferences(Transaction& tx, const Access& access, const Extension& row,
                         const Extension* before) {
  NQ_RETURN_IF_ERROR(Visible<Regime>(tx, access, row, before, &Extension::regime_id, "/regime_id"));
  NQ_RETURN_IF_ERROR(Visible<Unit>(tx, access, row, before, &Extension::unit_id, "/unit_id"));
  return ReportsUnder(tx, access, row.regime_id, row.unit_id, "/unit_id");
}

Status RequireReferences(Transaction& tx, const Access& access, const Item& row,
                         const Item* before) {
  NQ_RETURN_IF_ERROR(Visible<Unit>(tx, access, row, before, &Item::unit_id, "/unit_id"));
  return Visible<Item>(tx, access, row, before, &Item::parent_id, "/parent_id");
}

Status RequireReferences(Transaction& tx, const Access& access, const Responsibility& row,
                         const Responsibility* before) {
  NQ_RETURN_IF_ERROR(
      Visible<Person>(tx, access, row, before, &Responsibility::person_id, "/person_id"));
  return Visible<Unit>(tx, access, row, before, &Responsibility::unit_id, "/unit_id");
}

Status RequireReferences(Transaction& tx, const Access& access, const Link& row,
                         const Link* before) {
  if (before && before->from_item_id == row.from_item_id && before->to_item_id == row.to_item_id) {
    return Ok();
  }
  const engine::Engine& engine = access.engine();
  const Date today = access.as_of();
  NQ_TRY(std::optional<Id> lower, GoverningUnit(tx, row));
  std::optional<Id> upper;
  if (auto to = storage::Get<Item>(tx, row.to_item_id)) {
    NQ_TRY(upper, GoverningUnit(tx, *to));
  }
  if (lower && upper && *upper != 0 && engine.InSubtree(*lower, *upper, today)) return Ok();
  return FieldError(
      "/to_item_id",
      "field \"/to_item_id\": item {} is not an item of unit {} or of a unit above it",
      row.to_item_id, lower.value_or(0));
}

Status RequireReferences(Transaction& tx, const Access& access, const Recommendation& row,
                         const Recommendation* before) {
  NQ_RETURN_IF_ERROR(Visible<Item>(tx, access, row, before, &Recommendation::item_id, "/item_id"));
  if (before && before->from_unit_id == row.from_unit_id && before->to_unit_id == row.to_unit_id) {
    return Ok();
  }
  const engine::Engine& engine = access.engine();
  const Date today = access.as_of();
  // A unit closed by today (dissolved, merged) still speaks to the superiors it had then.
  const Date at = engine.structure()->LastOpenOnOrBefore(row.from_unit_id, today);
  if (row.to_unit_id != row.from_unit_id &&
      engine.InSubtree(row.from_unit_id, row.to_unit_id, at)) {
    return Ok();
  }
  return FieldError("/to_unit_id", "field \"/to_unit_id\": unit {} is not above unit {}",
                    row.to_unit_id, row.from_unit_id);
}

Status CheckPatch(const Obligation& before, const Obligation& after) {
  if (after.depth == before.depth) return Ok();
  return FieldError("/depth",
                    "field \"/depth\" of obligation {} cannot change; its assignments were made "
                    "for that reach: issue a new obligation instead",
                    before.id);
}

Status CheckPatch(const Assignment& before, const Assignment& after) {
  if (after.obligation_id != before.obligation_id) {
    return FieldError("/obligation_id",
                      "field \"/obligation_id\" of assignment {} cannot change; assign the unit to "
                      "the other obligation instead",
                      before.id);
  }
  if (after.unit_id != before.unit_id) {
    return FieldError("/unit_id",
                      "field \"/unit_id\" of assignment {} cannot change; assign the other unit "
                      "instead",
                      before.id);
  }
  return Ok();
}

}  // namespace nq::app
