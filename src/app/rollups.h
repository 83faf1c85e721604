// The live figures as a principal sees them: indicator, obligation and target roll-ups and
// document coverage, each with the rows behind it restricted to the units the principal may read.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/access.h"
#include "app/service.h"

namespace nq::app {

// An indicator roll-up asked for: the indicator over a unit's subtree for a period, as of a date.
struct IndicatorQuery {
  domain::Id indicator = 0;
  domain::Id unit = 0;
  domain::Period period = domain::Period::Year(2021);
  Date as_of;
};

// The day whose tree a figure of `unit` over `period` uses (docs/structure-rule.md): `given`
// when the caller named one; otherwise the period's last day for a period wholly in the past,
// else today; for a unit closed by then, its last open day.
Date FigureDate(Service& service, domain::Id unit, const std::optional<domain::Period>& period,
                const std::optional<Date>& given);

// The day whose tree the current figure of a target uses: the last day of its current period,
// or `as_of` while that period runs.
Date TargetStructureDate(const engine::TargetProgress& progress, Date as_of);

// `as_of`, once the principal may read `unit` on that date: not_found when the unit is out of
// sight, permission_denied when seen but not readable.
Result<Date> ReadableAsOf(Service& service, const Principal& principal, domain::Id unit,
                          Date as_of);

struct IndicatorFigures {
  engine::IndicatorRollup total;
  std::vector<engine::IndicatorRollup> children;  // of the readable children, in tree order
};

// The roll-up of `query` (whose unit the principal may read) with its readable children's.
// Errors of the engine (unknown indicator, period of the wrong type) as they are.
Result<IndicatorFigures> RollupIndicatorAs(Service& service, const Principal& principal,
                                           const IndicatorQuery& query);

// Figures of a tree roll-up with each unit's code and short name.
template <typename Figure>
struct LabelledFigures {
  std::vector<Figure> figures;
  std::vector<std::pair<std::string, std::string>> labels;  // (code, name), one per figure
};

// The figure of every unit from the query's unit (readable, see ReadableAsOf) down `depth`
// levels; the engine's errors as they are.
Result<LabelledFigures<engine::UnitFigure>> RollupTree(Service& service,
                                                       const IndicatorQuery& query, int depth);
// The completeness of an obligation for every unit from `unit` (readable) down `depth` levels.
Result<LabelledFigures<engine::UnitCompleteness>> CompletenessTree(Service& service,
                                                                   domain::Id obligation,
                                                                   domain::Id unit, Date as_of,
                                                                   int depth);

struct ObligationFigures {
  engine::ObligationRollup rollup;  // not_done and assignments hold the readable units only
  struct Child {
    domain::Id unit_id = 0;
    engine::CompletenessCounts counts;
  };
  std::vector<Child> children;  // the readable children with something expected
  std::map<domain::Id, std::pair<std::string, std::string>> unit_names;  // id → (code, short)
  std::map<domain::Id, std::pair<std::string, std::string>> kind_names;  // id → (code, name)
};

// Completeness of an obligation over `unit`'s subtree as of `as_of`: not_found or
// permission_denied when the principal may not read the unit then; the engine's errors.
Result<ObligationFigures> RollupObligationAs(Service& service, const Principal& principal,
                                             domain::Id obligation, domain::Id unit, Date as_of);

struct TargetFigures {
  engine::TargetProgress progress;
  Date as_of;      // the day asked for, or the last open day of the target's unit
  Date judged_on;  // the day the target is judged on: the day asked for, or today
};

// The progress of target `item` judged on `as_of`; unless `as_of_given`, a target of a unit
// closed by then is shown in the tree of the unit's last open day (`as_of` of the answer). Its
// series ends there either way (docs/structure-rule.md). not_found when the unit is out of sight.
Result<TargetFigures> TargetProgressAs(Service& service, const Principal& principal,
                                       domain::Id item, Date as_of, bool as_of_given);

struct CoverageFigures {
  engine::Coverage coverage;
  std::map<domain::Id, std::pair<std::string, std::string>> items;  // id → (code, title)
};

// Which targets of document `upper` the items of `lower` cover; not_found when either document
// is missing or out of sight.
Result<CoverageFigures> CoverageAs(Service& service, const Principal& principal, domain::Id upper,
                                   domain::Id lower);

// The cascade of a document across its issuer's direct subordinates, with the names behind it.
struct CascadeFigures {
  domain::Document document;
  engine::CascadeMatrix matrix;  // the columns the principal reads; by_target counts those
  std::map<domain::Id, domain::Item> items;  // the targets and the lower items of the cells
  std::map<domain::Id, domain::Declaration> declarations;  // of the not-applicable cells
  std::map<domain::Id, domain::Unit> units;                // the columns
};

// The cascade matrix of document `document_id` on `as_of` (default today): for each target and
// each direct subordinate of the issuer the principal reads, covered, not applicable or missing.
// not_found when the document is missing or out of sight.
Result<CascadeFigures> CascadeAs(Service& service, const Principal& principal,
                                 domain::Id document_id, std::optional<Date> as_of);

}  // namespace nq::app
