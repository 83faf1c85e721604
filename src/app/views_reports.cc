// The report screens: a unit's report form for a period, and the reports its subordinates sent.
#include <algorithm>
#include <map>

#include "app/deadlines.h"
#include "app/derived_items.h"
#include "app/views.h"
#include "app/views_common.h"

namespace nq::app {
namespace {

using namespace nq::domain;
using views::Names;

// The indicators of the period's type that the unit reports for some target, in the order of
// their first target, each with its targets.
Result<std::vector<IndicatorForm>> ReportedIndicators(storage::Transaction& tx,
                                                      const engine::Engine& engine, Id unit_id,
                                                      const Period& period) {
  NQ_TRY(auto items, storage::List<Item>(tx, {storage::Eq("kind", "target")}));
  const ItemDates item_dates(*engine.structure());
  std::vector<IndicatorForm> out;
  std::map<Id, size_t> index;
  for (Item& item : items) {
    if (!item.measure || !item_dates.ExistsOn(item.id, period.end())) continue;
    NQ_TRY(Indicator indicator, storage::Get<Indicator>(tx, item.measure->indicator_id));
    if (indicator.period_type != period.type()) continue;
    NQ_TRY(Document document, storage::Get<Document>(tx, item.document_id));
    Id measured = item.unit_id.value_or(document.issuer_unit_id);
    if (!views::ReportsIndicator(engine, indicator, unit_id, measured, period.end())) continue;
    auto [found, added] = index.emplace(indicator.id, out.size());
    if (added) out.push_back(IndicatorForm{std::move(indicator), {}, std::nullopt});
    out[found->second].targets.push_back(std::move(item));
  }
  return out;
}

// Each indicator's current value for the unit and period, read afresh.
Status ReadCurrentValues(storage::Transaction& tx, Id unit_id, const Period& period,
                         std::vector<IndicatorForm>& indicators) {
  for (IndicatorForm& form : indicators) {
    NQ_TRY(form.indicator, storage::Get<Indicator>(tx, form.indicator.id));
    NQ_TRY(auto values, storage::CurrentValues(tx, {storage::Eq("indicator_id", form.indicator.id),
                                                    storage::Eq("unit_id", unit_id),
                                                    storage::Eq("period", period.ToString())}));
    if (!values.empty()) form.value = std::move(values.back());
  }
  return Ok();
}

// The unit's own report for the period (not one of a document), when opened.
Result<std::optional<Report>> OwnReport(storage::Transaction& tx, Id unit_id,
                                        const Period& period) {
  NQ_TRY(auto reports, storage::List<Report>(tx, {storage::Eq("unit_id", unit_id),
                                                  storage::Eq("period", period.ToString())}));
  std::optional<Report> report;
  for (Report& r : reports) {
    if (!r.document_id) report = std::move(r);
  }
  return report;
}

// The readable subordinates at the date, each with the report it sent.
Result<std::vector<SubordinateReport>> SubordinateRows(storage::Transaction& tx, Names& names,
                                                       const engine::Engine& engine,
                                                       const Access& access, Id unit_id,
                                                       const Period& period) {
  NQ_TRY(auto reports, storage::List<Report>(tx, {storage::Eq("period", period.ToString())}));
  std::map<Id, const Report*> by_unit;
  for (const Report& r : reports) {
    if (!r.document_id) by_unit[r.unit_id] = &r;
  }
  std::vector<SubordinateReport> rows;
  auto children = engine.Children(unit_id, period.end());
  if (!children) return rows;
  for (Id child : *children) {
    if (!access.Can(Action::kRead, child)) continue;
    SubordinateReport row;
    NQ_TRY(row.unit, names.Brief(child));
    auto found = by_unit.find(child);
    if (found != by_unit.end()) row.report = *found->second;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

Result<ReportForm> ViewReportForm(Service& service, const Principal& principal, Id unit_id,
                                  const Period& period) {
  engine::Engine& engine = service.engine();
  const Date as_of = period.end();
  NQ_RETURN_IF_ERROR(
      views::RequireReadableUnit(Access(principal, engine, service.Today()), unit_id));
  return service.database().Read([&](storage::Transaction& tx) -> Result<ReportForm> {
    NQ_TRY(Unit unit, storage::Get<Unit>(tx, unit_id));
    Names names(tx);
    ReportForm form;
    form.period = period;
    NQ_TRY(form.unit, views::ReadUnitHeader(names, engine, unit.id, as_of));
    if (auto parent_id = engine.Parent(unit.id, as_of); parent_id && *parent_id) {
      NQ_TRY(form.reviewer, names.Brief(**parent_id));
    }
    NQ_TRY(form.report, OwnReport(tx, unit.id, period));
    NQ_TRY(form.indicators, ReportedIndicators(tx, engine, unit.id, period));
    NQ_RETURN_IF_ERROR(ReadCurrentValues(tx, unit.id, period, form.indicators));
    return form;
  });
}

Result<SubordinateReports> ViewSubordinateReports(Service& service, const Principal& principal,
                                                  Id unit_id, const Period& period) {
  engine::Engine& engine = service.engine();
  // Rights follow today's tree; the subordinates, the tree at the period's end.
  Access access(principal, engine, service.Today());
  NQ_RETURN_IF_ERROR(views::RequireReadableUnit(access, unit_id));
  return service.database().Read([&](storage::Transaction& tx) -> Result<SubordinateReports> {
    NQ_TRY(Unit unit, storage::Get<Unit>(tx, unit_id));
    Names names(tx);
    SubordinateReports view;
    view.period = period;
    NQ_TRY(view.unit, views::ReadUnitHeader(names, engine, unit.id, period.end()));
    NQ_TRY(view.rows, SubordinateRows(tx, names, engine, access, unit.id, period));
    // Under the unit's regime for the period's type, each row's due date and timeliness.
    NQ_TRY(view.regime, RegimeFor(tx, unit.id, period.type()));
    if (view.regime) {
      NQ_TRY(auto extensions, ExtensionsFor(tx, *view.regime, period));
      // Only the subordinates of the regime's kinds report under it.
      std::vector<SubordinateReport*> under;
      std::vector<Id> units;
      std::map<Id, Report> reports;
      for (SubordinateReport& row : view.rows) {
        if (!view.regime->Covers(row.unit.unit.kind_id)) continue;
        under.push_back(&row);
        units.push_back(row.unit.unit.id);
        if (row.report) reports.emplace(row.unit.unit.id, *row.report);
      }
      ReportDeadlines deadlines =
          JudgeReports(*view.regime, period, units, reports, extensions, service.Today());
      for (size_t i = 0; i < under.size(); ++i) under[i]->due = deadlines.units[i];
      view.timeliness = deadlines.counts;
    }
    return view;
  });
}

}  // namespace nq::app
