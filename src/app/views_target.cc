// The target and obligation screens: a target with its subordinate units' figures, its
// comparable series and its successors; an obligation with every assignment in a subtree.
#include <map>

#include "app/derived_items.h"
#include "app/policy.h"
#include "app/views.h"
#include "app/views_common.h"
#include "engine/comparable.h"
#include "engine/structure.h"
#include "formats/codec.h"

namespace nq::app {
namespace {

using namespace nq::domain;
using views::Names;
namespace json = boost::json;

std::vector<Period> SeriesPeriods(const engine::TargetProgress& p) {
  std::vector<Period> periods;
  for (const engine::SeriesPoint& point : p.series) periods.push_back(point.period);
  return periods;
}

// The progress of `item_id` judged on `as_of`, or today without one; without one, a target of
// a unit closed by today is shown in the tree of its last open day (the series ends there
// either way, docs/structure-rule.md). Sets `as_of` to the date of the tree shown.
Result<engine::TargetProgress> ProgressAsOf(Service& service, Id item_id,
                                            std::optional<Date>& as_of) {
  engine::Engine& engine = service.engine();
  if (as_of) return engine.Progress(item_id, *as_of);
  as_of = service.Today();
  NQ_TRY(engine::TargetProgress progress, engine.Progress(item_id, *as_of));
  as_of = engine.structure()->LastOpenOnOrBefore(progress.unit_id, *as_of);
  return progress;
}

// The target's indicator for each readable subordinate of the measured unit and each period.
Result<std::vector<ChildFigures>> ChildrenFigures(Names& names, const engine::Engine& engine,
                                                  const Access& access,
                                                  const engine::TargetProgress& p, Date as_of) {
  std::vector<ChildFigures> rows;
  auto children = engine.Children(p.unit_id, as_of);
  if (!children) return rows;
  for (Id child : *children) {
    if (!access.Can(Action::kRead, child)) continue;
    ChildFigures row;
    NQ_TRY(row.unit, names.Brief(child));
    for (const engine::SeriesPoint& point : p.series) {
      auto part = engine.RollupIndicator(p.indicator_id, child, point.period, as_of);
      std::optional<double> value = part ? part->value : std::nullopt;
      row.reported |= value.has_value();
      row.values.push_back(value);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The target's series rebuilt from its unit's predecessors; nullopt when no merge formed it.
Result<std::optional<std::vector<std::optional<double>>>> ComparableOf(
    const engine::Engine& engine, const Indicator& indicator, const engine::TargetProgress& p) {
  if (engine.structure()->WholePredecessors(p.unit_id).empty()) return std::nullopt;
  NQ_TRY(auto series,
         engine::ComparableSeries(engine, indicator, p.unit_id, SeriesPeriods(p), true));
  std::vector<std::optional<double>> values;
  for (const engine::ComparablePoint& point : series) values.push_back(point.value);
  return std::optional(std::move(values));
}

// The units of the targets derived from `item_id` for successors, as the lineage records them.
std::vector<Id> SuccessorUnits(const engine::Engine& engine, Id item_id) {
  std::vector<Id> out;
  for (const DerivedItem& derived : DerivedItems(*engine.structure())) {
    const json::value* unit = derived.entry.if_contains("unit_id");
    if (derived.from_item_id != item_id || unit == nullptr || !unit->is_int64()) continue;
    out.push_back(unit->as_int64());
  }
  return out;
}

// Each successor's unit and latest figure, rebuilt from its predecessors where it has none.
Result<std::map<Id, SuccessorFigure>> Successors(Names& names, const engine::Engine& engine,
                                                 Id item_id, const Indicator& indicator,
                                                 const engine::TargetProgress& p, Date as_of) {
  std::map<Id, SuccessorFigure> out;
  for (Id successor : SuccessorUnits(engine, item_id)) {
    SuccessorFigure figure;
    NQ_TRY(figure.unit, names.Brief(successor));
    NQ_TRY(auto series,
           engine::ComparableSeries(engine, indicator, successor, SeriesPeriods(p), true));
    for (const engine::ComparablePoint& point : series) {
      if (!point.value || point.period.end() > as_of) continue;
      figure.current = point.value;
      figure.period = point.period;
    }
    out.insert_or_assign(successor, std::move(figure));
  }
  return out;
}

Result<TargetView> ReadTarget(storage::Transaction& tx, const engine::Engine& engine,
                              const Access& access, Id item_id,
                              const engine::TargetProgress& progress, Date judged_on) {
  Names names(tx);
  TargetView view;
  view.progress = progress;
  view.as_of = access.as_of();
  view.judged_on = judged_on;
  NQ_TRY(view.item, storage::Get<Item>(tx, item_id));
  NQ_TRY(view.document, storage::Get<Document>(tx, view.item.document_id));
  NQ_TRY(view.indicator, storage::Get<Indicator>(tx, view.progress.indicator_id));
  NQ_TRY(view.unit, views::ReadUnitHeader(names, engine, view.progress.unit_id, view.as_of));
  NQ_TRY(view.children, ChildrenFigures(names, engine, access, view.progress, view.as_of));
  NQ_TRY(view.comparable, ComparableOf(engine, view.indicator, view.progress));
  // The successors live on: their figures as of the day the target is judged on.
  NQ_TRY(view.successors,
         Successors(names, engine, item_id, view.indicator, view.progress, view.judged_on));
  return view;
}

// The readable assignments of the roll-up, with their units.
Result<std::vector<AssignmentRow>> AssignmentRows(storage::Transaction& tx, Names& names,
                                                  const Access& access, Id obligation_id,
                                                  const engine::ObligationRollup& rollup) {
  NQ_TRY(auto assignments,
         storage::List<Assignment>(tx, {storage::Eq("obligation_id", obligation_id)}));
  std::map<Id, const Assignment*> by_id;
  for (const Assignment& a : assignments) by_id[a.id] = &a;
  std::vector<AssignmentRow> rows;
  for (const engine::AssignmentState& state : rollup.assignments) {
    auto found = by_id.find(state.assignment_id);
    if (found == by_id.end() || !access.Can(Action::kRead, state.unit_id)) continue;
    NQ_TRY(UnitBrief unit, names.Brief(state.unit_id));
    rows.push_back(AssignmentRow{std::move(unit), *found->second, state});
  }
  return rows;
}

// The obligation with its issuer's name and its document's title.
Status ReadObligation(storage::Transaction& tx, Names& names, ObligationView& view) {
  NQ_TRY(const Unit* issuer, names.UnitById(view.obligation.issuer_unit_id));
  view.issuer_name = issuer->short_name;
  if (view.obligation.document_id) {
    NQ_TRY(Document document, storage::Get<Document>(tx, *view.obligation.document_id));
    view.document_title = document.title;
  }
  return Ok();
}

}  // namespace

Result<TargetView> ViewTarget(Service& service, const Principal& principal, Id item_id,
                              std::optional<Date> as_of) {
  engine::Engine& engine = service.engine();
  const Date judged_on = as_of.value_or(service.Today());
  NQ_TRY(engine::TargetProgress progress, ProgressAsOf(service, item_id, as_of));
  Access access(principal, engine, *as_of);
  if (!access.Can(Action::kRead, progress.unit_id)) {
    return MakeError(ErrorCode::kNotFound, "item {} not found", item_id);
  }
  return service.database().Read([&](storage::Transaction& tx) {
    return ReadTarget(tx, engine, access, item_id, progress, judged_on);
  });
}

Result<ObligationView> ViewObligation(Service& service, const Principal& principal,
                                      Id obligation_id, std::optional<Id> unit_id, Date as_of) {
  engine::Engine& engine = service.engine();
  Access access(principal, engine, as_of);
  if (unit_id) {
    NQ_RETURN_IF_ERROR(views::RequireReadableUnit(access, *unit_id));
  }
  return service.database().Read([&](storage::Transaction& tx) -> Result<ObligationView> {
    Names names(tx);
    ObligationView view;
    view.as_of = as_of;
    NQ_TRY(view.obligation, storage::Get<Obligation>(tx, obligation_id));
    // Naming a unit one may see must not open an obligation one may not (its issuer's, or one
    // assigned to a unit one sees).
    std::string what = fmt::format("obligation {}", obligation_id);
    NQ_RETURN_IF_ERROR(RequireRead(tx, access, view.obligation, what));
    // Without a unit, the issuer's whole subtree.
    Id scope = unit_id.value_or(view.obligation.issuer_unit_id);
    NQ_RETURN_IF_ERROR(access.Require(Action::kRead, scope, what));
    NQ_TRY(Unit unit, storage::Get<Unit>(tx, scope));
    NQ_TRY(auto rollup, engine.RollupObligation(obligation_id, unit.id, as_of));
    view.total = rollup.total;
    NQ_TRY(view.rows, AssignmentRows(tx, names, access, obligation_id, rollup));
    NQ_TRY(view.by_kind, views::KindTallies(names, rollup.by_kind));
    NQ_RETURN_IF_ERROR(ReadObligation(tx, names, view));
    NQ_TRY(view.unit, views::ReadUnitHeader(names, engine, unit.id, as_of));
    return view;
  });
}

}  // namespace nq::app
