#include "app/reorg/reorg_views.h"

#include <algorithm>
#include <charconv>

namespace nq::app {
namespace {

using namespace nq::domain;

Result<Unit> UnitByKey(storage::Transaction& tx, std::string_view key) {
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
  if (ec == std::errc() && ptr == key.data() + key.size()) return storage::Get<Unit>(tx, id);
  return storage::GetByCode<Unit>(tx, key);
}

bool Names(const std::vector<Id>& ids, Id id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The readable units of `ids` other than `self`, as neighbours through `event`.
void AddNeighbours(std::vector<LineageNeighbour>& out, const Access& access, const Lineage& event,
                   const std::vector<Id>& ids, Id self) {
  for (Id id : ids) {
    if (id == self || !access.Can(Action::kRead, id)) continue;
    out.push_back({id, event.date, event.kind});
  }
}

}  // namespace

Result<Reply> ApplyReorganisationAs(Service& service, const Principal& principal,
                                    const Actor& actor, std::string_view fingerprint,
                                    const std::vector<ReorgOperation>& operations, bool dry_run) {
  WriteAs apply = [&](WriteScope& scope, const Access& access) -> Result<Reply> {
    ReorgAuthorize authorize = [&](Id unit_id, std::string_view what) -> Status {
      if (unit_id == 0) return access.RequireGlobal(Action::kAdminister, what);
      return access.Require(Action::kManage, unit_id, what);
    };
    // In sight: read today, or on the unit's last open day when it has closed.
    ReorgSees sees = [&](Id unit_id) {
      if (access.Can(Action::kRead, unit_id)) return true;
      const Date last = service.engine().structure()->LastOpenOnOrBefore(unit_id, access.as_of());
      return access.At(last).Can(Action::kRead, unit_id);
    };
    NQ_TRY(ReorgResult result, ApplyReorganisation(scope, operations, authorize, sees));
    return Reply{dry_run ? 200 : 201, ReorgResultJson(result, dry_run), false};
  };
  if (!dry_run) return MutateAs(service, principal, actor, fingerprint, apply);
  Access access(principal, service.engine(), service.Today());
  return service.DryRun(actor, [&](WriteScope& scope) { return apply(scope, access); });
}

Result<LineageView> ViewLineage(Service& service, const Principal& principal,
                                std::string_view key) {
  Access access(principal, service.engine(), service.Today());
  auto structure = service.engine().structure();
  return service.database().Read([&](storage::Transaction& tx) -> Result<LineageView> {
    LineageView view;
    NQ_TRY(view.unit, UnitByKey(tx, key));
    const Id self = view.unit.id;
    NQ_RETURN_IF_ERROR(access.Require(Action::kRead, self, fmt::format("unit \"{}\"", key)));
    for (const Lineage* event : structure->EventsOf(self)) {
      view.events.push_back(*event);
      for (const auto* ids : {&event->source_unit_ids, &event->target_unit_ids}) {
        for (Id id : *ids) {
          if (view.units.contains(id)) continue;
          NQ_TRY(Unit other, storage::Get<Unit>(tx, id));
          view.units.emplace(id, std::move(other));
        }
      }
    }
    for (const Lineage& event : view.events) {
      if (event.kind == LineageKind::kRename || event.kind == LineageKind::kMove) continue;
      if (Names(event.target_unit_ids, self)) {
        AddNeighbours(view.predecessors, access, event, event.source_unit_ids, self);
      }
      if (Names(event.source_unit_ids, self)) {
        AddNeighbours(view.successors, access, event, event.target_unit_ids, self);
      }
    }
    view.open = view.unit.validity.Covers(service.Today());
    return view;
  });
}

Result<SeriesView> SeriesAs(Service& service, const Principal& principal,
                            const SeriesQuery& query) {
  engine::Engine& engine = service.engine();
  Access access(principal, engine, service.Today());
  NQ_RETURN_IF_ERROR(access.Require(Action::kRead, query.unit, fmt::format("unit {}", query.unit)));
  NQ_TRY(Indicator indicator, service.database().Read([&](storage::Transaction& tx) {
    return storage::Get<Indicator>(tx, query.indicator);
  }));
  NQ_TRY(std::vector<Period> periods, query.periods(indicator));
  SeriesView view;
  NQ_TRY(view.points,
         engine::ComparableSeries(engine, indicator, query.unit, periods, query.comparable));
  view.predecessors = engine.structure()->WholePredecessors(query.unit);
  return view;
}

}  // namespace nq::app
