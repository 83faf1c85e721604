// Helpers the screen views share (views_*.cc): units and kinds read once per request, the
// header of a unit, and the read check on the unit a view is about.
#pragma once

#include <map>
#include <vector>

#include "app/views.h"
#include "storage/store.h"

namespace nq::app::views {

// Units and kinds by id, read once per request as needed.
class Names final {
 public:
  explicit Names(storage::Transaction& tx) : tx_(tx) {}

  // The unit; the store's not_found when it is missing.
  Result<const domain::Unit*> UnitById(domain::Id id);
  // The unit kind; not_found when it is missing.
  Result<const domain::UnitKind*> KindById(domain::Id id);
  // The unit with its kind; not_found when either is missing.
  Result<UnitBrief> Brief(domain::Id id);

 private:
  storage::Transaction& tx_;
  std::map<domain::Id, domain::Unit> units_;
  std::map<domain::Id, domain::UnitKind> kinds_;
};

// The unit with its kind, its path from the root and its children count, as of a date;
// not_found when a unit or kind on the way is missing.
Result<UnitHeader> ReadUnitHeader(Names& names, const engine::Engine& engine, domain::Id unit_id,
                                  Date as_of);

// The engine's counts by kind with their kinds; not_found when a kind is missing.
Result<std::vector<KindTally>> KindTallies(Names& names,
                                           const std::vector<engine::KindCounts>& by_kind);

// Whether `unit` reports `indicator` for a target measured over `measured`: an indicator that
// is not added up across units is entered by the measured unit itself; one that is, by the
// units at the bottom of its subtree.
bool ReportsIndicator(const engine::Engine& engine, const domain::Indicator& indicator,
                      domain::Id unit, domain::Id measured, Date as_of);

// Success when the principal may read unit `unit_id`; not_found otherwise, exactly as for a unit
// that does not exist.
Status RequireReadableUnit(const Access& access, domain::Id unit_id);

}  // namespace nq::app::views
