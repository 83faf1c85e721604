#include "app/reports/report_facts.h"

#include "app/derived_items.h"
#include "storage/store.h"

namespace nq::app {

using namespace nq::domain;

Result<ReportFacts> LoadReportFacts(Service& service, Id unit_id, Date as_of) {
  NQ_TRY(std::optional<Id> parent, service.engine().Parent(unit_id, as_of));
  // The items as they stood then: one derived by a later reorganisation is left out.
  const ItemDates item_dates(*service.engine().structure());
  return service.database().Read([&](storage::Transaction& tx) -> Result<ReportFacts> {
    ReportFacts facts;
    NQ_TRY(facts.unit, storage::Get<Unit>(tx, unit_id));
    NQ_TRY(auto units, storage::List<Unit>(tx));
    for (Unit& unit : units) facts.units.emplace(unit.id, std::move(unit));
    if (parent) facts.superior = facts.units.at(*parent);
    NQ_TRY(auto kinds, storage::List<UnitKind>(tx));
    for (UnitKind& kind : kinds) facts.kinds.emplace(kind.id, std::move(kind));
    NQ_TRY(auto indicators, storage::List<Indicator>(tx));
    for (Indicator& indicator : indicators)
      facts.indicators.emplace(indicator.id, std::move(indicator));
    NQ_TRY(facts.documents, storage::List<Document>(tx, {storage::Eq("issuer_unit_id", unit_id)}));
    for (const Document& document : facts.documents) {
      NQ_TRY(auto items, storage::List<Item>(tx, {storage::Eq("document_id", document.id)}));
      for (Item& item : items) {
        if (item.measure && item_dates.ExistsOn(item.id, as_of)) {
          facts.targets.push_back(std::move(item));
        }
      }
    }
    NQ_TRY(facts.obligations, storage::List<Obligation>(tx));
    NQ_TRY(facts.reports, storage::List<Report>(tx));
    NQ_TRY(facts.recommendations,
           storage::List<Recommendation>(
               tx, {storage::EqAny({"to_unit_id", "from_unit_id"}, unit_id)}));
    NQ_TRY(facts.regimes, storage::List<Regime>(tx, {storage::Eq("issuer_unit_id", unit_id)}));
    for (const Regime& regime : facts.regimes) {
      NQ_TRY(facts.extensions[regime.id],
             storage::List<Extension>(tx, {storage::Eq("regime_id", regime.id)}));
    }
    return facts;
  });
}

}  // namespace nq::app
