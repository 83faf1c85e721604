#include "api/authorize.h"

namespace nq::api {

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
  NQ_TRY(Person person, storage::Get<Person>(tx, row.person_id));
  return person.unit_id;
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
Governing GoverningUnit(Transaction&, const Obligation& row) {
  return std::optional<Id>(row.issuer_unit_id);
}
Governing GoverningUnit(Transaction&, const Assignment& row) { return std::optional<Id>(row.unit_id); }
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

Result<bool> Readable(Transaction& tx, const service::Access& access, const Obligation& row) {
  if (access.Can(Action::kRead, row.issuer_unit_id)) return true;
  NQ_TRY(auto assignments, storage::List<Assignment>(tx, "obligation_id = ?", {row.id}));
  for (const Assignment& a : assignments) {
    if (access.Can(Action::kRead, a.unit_id)) return true;
  }
  return false;
}

Result<bool> Readable(Transaction&, const service::Access& access, const Recommendation& row) {
  return access.Can(Action::kRead, row.from_unit_id) || access.Can(Action::kRead, row.to_unit_id);
}

Status RequireWrite(Transaction& tx, const service::Access& access, const Assignment& row,
                    std::string_view what) {
  if (access.Can(Action::kEnter, row.unit_id)) return Ok();
  auto obligation = storage::Get<Obligation>(tx, row.obligation_id);
  if (obligation && access.Can(Action::kManage, obligation->issuer_unit_id)) return Ok();
  return access.Require(Action::kEnter, row.unit_id, what);
}

}  // namespace nq::api
