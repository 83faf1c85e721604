#include "app/views_common.h"

namespace nq::app::views {

using namespace nq::domain;

Result<const Unit*> Names::UnitById(Id id) {
  auto found = units_.find(id);
  if (found != units_.end()) return &found->second;
  NQ_TRY(Unit unit, storage::Get<Unit>(tx_, id));
  return &units_.emplace(id, std::move(unit)).first->second;
}

Result<const UnitKind*> Names::KindById(Id id) {
  if (kinds_.empty()) {
    NQ_TRY(auto kinds, storage::List<UnitKind>(tx_));
    for (UnitKind& kind : kinds) kinds_.emplace(kind.id, std::move(kind));
  }
  auto found = kinds_.find(id);
  if (found == kinds_.end()) return MakeError(ErrorCode::kNotFound, "unit kind {} not found", id);
  return &found->second;
}

Result<UnitBrief> Names::Brief(Id id) {
  NQ_TRY(const Unit* unit, UnitById(id));
  NQ_TRY(const UnitKind* kind, KindById(unit->kind_id));
  return UnitBrief{*unit, *kind};
}

Result<UnitHeader> ReadUnitHeader(Names& names, const engine::Engine& engine, Id unit_id,
                                  Date as_of) {
  UnitHeader header;
  NQ_TRY(header.brief, names.Brief(unit_id));
  if (auto ids = engine.Path(unit_id, as_of)) {
    for (Id id : *ids) {
      NQ_TRY(const Unit* step, names.UnitById(id));
      header.path.push_back(*step);
    }
  }
  auto children = engine.Children(unit_id, as_of);
  header.child_count = children ? children->size() : 0;
  return header;
}

Result<std::vector<KindTally>> KindTallies(Names& names,
                                           const std::vector<engine::KindCounts>& by_kind) {
  std::vector<KindTally> out;
  for (const engine::KindCounts& k : by_kind) {
    NQ_TRY(const UnitKind* kind, names.KindById(k.kind_id));
    out.push_back(KindTally{*kind, k.counts});
  }
  return out;
}

bool ReportsIndicator(const engine::Engine& engine, const Indicator& indicator, Id unit,
                      Id measured, Date as_of) {
  if (indicator.computed()) return false;
  if (indicator.unit_aggregation == UnitAggregation::kNone) return unit == measured;
  auto children = engine.Children(unit, as_of);
  return engine.InSubtree(unit, measured, as_of) && children && children->empty();
}

Status RequireReadableUnit(const Access& access, Id unit_id) {
  return access.Require(Action::kRead, unit_id, fmt::format("unit {}", unit_id));
}

}  // namespace nq::app::views
