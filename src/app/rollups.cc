#include "app/rollups.h"

#include <algorithm>

#include "app/policy.h"
#include "engine/structure.h"

namespace nq::app {
namespace {

using namespace nq::domain;

using NameMap = std::map<Id, std::pair<std::string, std::string>>;

Status LoadNames(Service& service, NameMap& units, NameMap& kinds) {
  return service.database().Read([&](storage::Transaction& tx) -> Status {
    NQ_TRY(auto unit_rows, storage::List<Unit>(tx));
    for (const Unit& u : unit_rows) units[u.id] = {u.code, u.short_name};
    NQ_TRY(auto kind_rows, storage::List<UnitKind>(tx));
    for (const UnitKind& k : kind_rows) kinds[k.id] = {k.code, k.name};
    return Ok();
  });
}

template <typename Figure>
LabelledFigures<Figure> Labelled(const engine::Engine& engine, std::vector<Figure> figures) {
  std::vector<Id> ids;
  ids.reserve(figures.size());
  for (const Figure& figure : figures) ids.push_back(figure.unit_id);
  LabelledFigures<Figure> out;
  out.labels = engine.UnitLabels(ids);
  out.figures = std::move(figures);
  return out;
}

// The states of `states` whose unit the principal may read.
std::vector<engine::AssignmentState> Readable(const Access& access,
                                              std::vector<engine::AssignmentState> states) {
  std::erase_if(states, [&](const engine::AssignmentState& s) {
    return !access.Can(Action::kRead, s.unit_id);
  });
  return states;
}

}  // namespace

Date FigureDate(Service& service, Id unit, const std::optional<Period>& period,
                const std::optional<Date>& given) {
  if (given) return *given;
  return engine::DefaultStructureDate(*service.engine().structure(), unit, period, service.Today());
}

Date TargetStructureDate(const engine::TargetProgress& progress, Date as_of) {
  if (progress.current_period && progress.current_period->end() < as_of) {
    return progress.current_period->end();
  }
  return as_of;
}

Result<Date> ReadableAsOf(Service& service, const Principal& principal, Id unit, Date as_of) {
  Access access(principal, service.engine(), as_of);
  NQ_RETURN_IF_ERROR(access.Require(Action::kRead, unit, fmt::format("unit {}", unit)));
  return as_of;
}

Result<IndicatorFigures> RollupIndicatorAs(Service& service, const Principal& principal,
                                           const IndicatorQuery& query) {
  engine::Engine& engine = service.engine();
  Access access(principal, engine, query.as_of);
  IndicatorFigures out;
  NQ_TRY(out.total, engine.RollupIndicator(query.indicator, query.unit, query.period, query.as_of));
  if (auto ids = engine.Children(query.unit, query.as_of)) {
    for (Id child : *ids) {
      if (!access.Can(Action::kRead, child)) continue;
      NQ_TRY(auto part, engine.RollupIndicator(query.indicator, child, query.period, query.as_of));
      out.children.push_back(std::move(part));
    }
  }
  return out;
}

Result<LabelledFigures<engine::UnitFigure>> RollupTree(Service& service,
                                                       const IndicatorQuery& query, int depth) {
  engine::Engine& engine = service.engine();
  NQ_TRY(auto figures,
         engine.RollupTree(query.indicator, query.unit, query.period, query.as_of, depth));
  return Labelled(engine, std::move(figures));
}

Result<LabelledFigures<engine::UnitCompleteness>> CompletenessTree(Service& service, Id obligation,
                                                                   Id unit, Date as_of, int depth) {
  engine::Engine& engine = service.engine();
  NQ_TRY(auto figures, engine.CompletenessTree(obligation, unit, as_of, depth));
  return Labelled(engine, std::move(figures));
}

Result<ObligationFigures> RollupObligationAs(Service& service, const Principal& principal,
                                             Id obligation, Id unit, Date as_of) {
  engine::Engine& engine = service.engine();
  Access access(principal, engine, as_of);
  NQ_RETURN_IF_ERROR(access.Require(Action::kRead, unit, fmt::format("unit {}", unit)));
  ObligationFigures out;
  NQ_TRY(out.rollup, engine.RollupObligation(obligation, unit, as_of));
  NQ_RETURN_IF_ERROR(LoadNames(service, out.unit_names, out.kind_names));
  out.rollup.not_done = Readable(access, std::move(out.rollup.not_done));
  out.rollup.assignments = Readable(access, std::move(out.rollup.assignments));
  if (auto ids = engine.Children(unit, as_of)) {
    for (Id child : *ids) {
      if (!access.Can(Action::kRead, child)) continue;
      NQ_TRY(auto part, engine.RollupObligation(obligation, child, as_of));
      if (part.total.expected == 0) continue;
      out.children.push_back({child, part.total});
    }
  }
  return out;
}

Result<TargetFigures> TargetProgressAs(Service& service, const Principal& principal, Id item,
                                       Date as_of, bool as_of_given) {
  engine::Engine& engine = service.engine();
  TargetFigures out;
  out.as_of = as_of;
  out.judged_on = as_of;
  NQ_TRY(out.progress, engine.Progress(item, as_of));
  // A target of a unit closed by then is shown in the tree of the unit's last open day; its
  // figures end there, and it is judged on the day asked (its deadline may have passed since).
  if (!as_of_given) {
    Date last = engine.structure()->LastOpenOnOrBefore(out.progress.unit_id, as_of);
    if (last != as_of) out.as_of = last;
  }
  Access access(principal, engine, out.as_of);
  if (!access.Can(Action::kRead, out.progress.unit_id)) {
    return access.Hidden(fmt::format("item {}", item));
  }
  return out;
}

Result<CoverageFigures> CoverageAs(Service& service, const Principal& principal, Id upper,
                                   Id lower) {
  Access access(principal, service.engine(), service.Today());
  Status seen = service.database().Read([&](storage::Transaction& tx) -> Status {
    for (Id id : {upper, lower}) {
      NQ_TRY(Document document, storage::Get<Document>(tx, id));
      NQ_RETURN_IF_ERROR(RequireRead(tx, access, document, fmt::format("document {}", id)));
    }
    return Ok();
  });
  NQ_RETURN_IF_ERROR(seen);
  CoverageFigures out;
  NQ_TRY(out.coverage, service.engine().CoverageOf(upper, lower));
  Status titled = service.database().Read([&](storage::Transaction& tx) -> Status {
    NQ_TRY(auto items, storage::List<Item>(tx, {storage::In("document_id", {upper, lower})}));
    for (const Item& i : items) out.items[i.id] = {i.code, i.title};
    return Ok();
  });
  NQ_RETURN_IF_ERROR(titled);
  return out;
}

Result<CascadeFigures> CascadeAs(Service& service, const Principal& principal, Id document_id,
                                 std::optional<Date> as_of) {
  const Date day = as_of.value_or(service.Today());
  Access access(principal, service.engine(), service.Today());
  CascadeFigures out;
  Status seen = service.database().Read([&](storage::Transaction& tx) -> Status {
    NQ_TRY(out.document, storage::Get<Document>(tx, document_id));
    return RequireRead(tx, access, out.document, fmt::format("document {}", document_id));
  });
  NQ_RETURN_IF_ERROR(seen);
  NQ_TRY(engine::CascadeMatrix full, service.engine().Cascade(document_id, day));
  // The columns of the subordinates the principal reads: a district sees its own, the issuer all.
  engine::CascadeMatrix& m = out.matrix;
  m.document_id = full.document_id;
  m.issuer_unit_id = full.issuer_unit_id;
  m.as_of = full.as_of;
  m.targets = full.targets;
  std::vector<size_t> columns;
  for (size_t u = 0; u < full.units.size(); ++u) {
    if (!access.Can(Action::kRead, full.units[u])) continue;
    columns.push_back(u);
    m.units.push_back(full.units[u]);
    m.by_unit.push_back(full.by_unit[u]);
  }
  m.by_target.resize(m.targets.size());
  for (size_t t = 0; t < m.targets.size(); ++t) {
    for (size_t u : columns) {
      const engine::CascadeCell& cell = full.at(t, u);
      engine::CoverCounts& counts = m.by_target[t];
      if (cell.cover == engine::Cover::kCovered) ++counts.covered;
      if (cell.cover == engine::Cover::kNotApplicable) ++counts.not_applicable;
      if (cell.cover == engine::Cover::kMissing) ++counts.missing;
      m.cells.push_back(cell);
    }
  }
  Status named = service.database().Read([&](storage::Transaction& tx) -> Status {
    std::vector<Id> item_ids = m.targets;
    std::vector<Id> declaration_ids;
    for (const engine::CascadeCell& cell : m.cells) {
      item_ids.insert(item_ids.end(), cell.lower_item_ids.begin(), cell.lower_item_ids.end());
      if (cell.declaration_id) declaration_ids.push_back(*cell.declaration_id);
    }
    NQ_TRY(auto items,
           storage::List<Item>(
               tx, {storage::In("id", storage::SqlParams(item_ids.begin(), item_ids.end()))}));
    for (Item& item : items) out.items.emplace(item.id, std::move(item));
    if (!declaration_ids.empty()) {
      NQ_TRY(auto declarations,
             storage::List<Declaration>(
                 tx, {storage::In("id", storage::SqlParams(declaration_ids.begin(),
                                                           declaration_ids.end()))}));
      for (Declaration& d : declarations) out.declarations.emplace(d.id, std::move(d));
    }
    for (Id unit : m.units) {
      NQ_TRY(Unit row, storage::Get<Unit>(tx, unit));
      out.units.emplace(unit, std::move(row));
    }
    return Ok();
  });
  NQ_RETURN_IF_ERROR(named);
  return out;
}

}  // namespace nq::app
