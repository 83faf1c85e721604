// How the units did in a period: each subordinate's duties, reports and values against what was
// expected of it, with the rows behind every figure, and the table as a workbook.
#include <algorithm>
#include <map>
#include <set>

#include "app/deadlines.h"
#include "app/derived_items.h"
#include "app/views.h"
#include "app/views_common.h"
#include "formats/xlsx_writer.h"

namespace nq::app {
namespace {

using namespace nq::domain;
using views::Names;

// The timeliness of an assignment as the engine judged it.
Timeliness DutyTimeliness(const engine::AssignmentState& state) {
  if (state.done) return state.on_time ? Timeliness::kOnTime : Timeliness::kLate;
  return state.overdue ? Timeliness::kOverdue : Timeliness::kOpen;
}

// The duties due in `period` that the subtree of each row holds from the unit or above.
Status AddDuties(storage::Transaction& tx, Names& names, const engine::Engine& engine,
                 const Period& period, Date today, std::vector<UnitPerformance>& rows) {
  NQ_TRY(auto obligations, storage::List<Obligation>(tx));
  std::sort(obligations.begin(), obligations.end(), [](const Obligation& a, const Obligation& b) {
    return std::tie(a.due_on, a.id) < std::tie(b.due_on, b.id);
  });
  for (const Obligation& obligation : obligations) {
    if (!period.Contains(obligation.due_on)) continue;
    for (UnitPerformance& row : rows) {
      const Id unit = row.unit.unit.id;
      // A duty the unit or a unit under it issued is not one the unit is judged on.
      if (engine.InSubtree(obligation.issuer_unit_id, unit, today)) continue;
      auto rollup = engine.RollupObligation(obligation.id, unit, today);
      if (!rollup) continue;
      for (const engine::AssignmentState& state : rollup->assignments) {
        NQ_TRY(UnitBrief holder, names.Brief(state.unit_id));
        const Timeliness timeliness = DutyTimeliness(state);
        row.figures.duties++;
        if (state.done) row.figures.duties_done++;
        if (timeliness == Timeliness::kOnTime) row.figures.duties_on_time++;
        row.duties.push_back(PerformanceDuty{obligation, std::move(holder), state.assignment_id,
                                             state.effective_due, state.completed_on, timeliness});
      }
    }
  }
  return Ok();
}

// The periods of `type` within `period` that have ended before `today`.
std::vector<Period> EndedWithin(const Period& period, PeriodType type, Date today) {
  std::vector<Period> out;
  for (const Period& part : period.Split(type)) {
    if (part.end() < today) out.push_back(part);
  }
  return out;
}

// The reports each row owes under the unit's regimes, for the periods within `period` that
// have ended, judged as the inbox and the reports screen judge them.
Status AddReports(storage::Transaction& tx, Id unit_id, const Period& period, Date today,
                  std::vector<UnitPerformance>& rows) {
  NQ_TRY(auto regimes, storage::List<Regime>(tx, {storage::Eq("issuer_unit_id", unit_id)}));
  std::sort(regimes.begin(), regimes.end(),
            [](const Regime& a, const Regime& b) { return a.id < b.id; });
  for (const Regime& regime : regimes) {
    std::vector<UnitPerformance*> covered;
    std::vector<Id> units;
    for (UnitPerformance& row : rows) {
      if (!regime.Covers(row.unit.unit.kind_id)) continue;
      covered.push_back(&row);
      units.push_back(row.unit.unit.id);
    }
    if (covered.empty()) continue;
    for (const Period& part : EndedWithin(period, regime.period_type, today)) {
      NQ_TRY(auto extensions, ExtensionsFor(tx, regime, part));
      NQ_TRY(auto stored, storage::List<Report>(tx, {storage::Eq("period", part.ToString())}));
      std::map<Id, Report> reports;
      for (Report& report : stored) {
        const bool ours = report.regime_id ? *report.regime_id == regime.id : !report.document_id;
        if (ours) reports.insert_or_assign(report.unit_id, std::move(report));
      }
      ReportDeadlines judged = JudgeReports(regime, part, units, reports, extensions, today);
      for (size_t i = 0; i < covered.size(); ++i) {
        const ReportDue& due = judged.units[i];
        PerformanceFigures& figures = covered[i]->figures;
        figures.reports++;
        if (due.timeliness == Timeliness::kOnTime || due.timeliness == Timeliness::kLate) {
          figures.reports_submitted++;
        }
        if (due.timeliness == Timeliness::kOnTime) figures.reports_on_time++;
        std::optional<Id> report_id;
        if (auto found = reports.find(due.unit_id); found != reports.end()) {
          report_id = found->second.id;
        }
        covered[i]->reports.push_back(
            PerformanceReport{regime, part, due.due_on, due.extended, due.timeliness, report_id});
      }
    }
  }
  return Ok();
}

// A target's indicator with the unit it is measured over.
struct MeasuredTarget {
  const Item* item;
  const Indicator* indicator;
  Id measured = 0;
};

// The values each row reports for the targets that exist at the end of each period within
// `period` that has ended (one per indicator and period, however many targets it serves), and
// the current value of each.
Status AddValues(storage::Transaction& tx, const engine::Engine& engine, const Period& period,
                 Date today, std::vector<UnitPerformance>& rows) {
  NQ_TRY(auto items, storage::List<Item>(tx, {storage::Eq("kind", "target")}));
  const ItemDates item_dates(*engine.structure());
  std::map<Id, Indicator> indicators;
  std::map<Id, Document> documents;
  std::vector<MeasuredTarget> targets;
  for (const Item& item : items) {
    if (!item.measure) continue;
    const Id indicator_id = item.measure->indicator_id;
    if (!indicators.contains(indicator_id)) {
      NQ_TRY(Indicator indicator, storage::Get<Indicator>(tx, indicator_id));
      indicators.emplace(indicator_id, std::move(indicator));
    }
    if (!documents.contains(item.document_id)) {
      NQ_TRY(Document document, storage::Get<Document>(tx, item.document_id));
      documents.emplace(item.document_id, std::move(document));
    }
    targets.push_back(
        MeasuredTarget{&item, &indicators.at(indicator_id),
                       item.unit_id.value_or(documents.at(item.document_id).issuer_unit_id)});
  }
  for (UnitPerformance& row : rows) {
    const Id unit = row.unit.unit.id;
    std::set<std::pair<Id, Period>> expected;
    for (const MeasuredTarget& target : targets) {
      for (const Period& part : EndedWithin(period, target.indicator->period_type, today)) {
        if (!item_dates.ExistsOn(target.item->id, part.end())) continue;
        if (!views::ReportsIndicator(engine, *target.indicator, unit, target.measured,
                                     part.end())) {
          continue;
        }
        expected.emplace(target.indicator->id, part);
      }
    }
    if (expected.empty()) continue;
    NQ_TRY(auto values, storage::CurrentValues(tx, {storage::Eq("unit_id", unit)}));
    std::map<std::pair<Id, Period>, Value> current;
    for (Value& value : values) {
      current.insert_or_assign({value.indicator_id, value.period}, std::move(value));
    }
    for (const auto& [indicator_id, part] : expected) {
      PerformanceValue entry{indicators.at(indicator_id), part, std::nullopt};
      if (auto found = current.find({indicator_id, part}); found != current.end()) {
        entry.value = found->second;
      }
      row.figures.values_expected++;
      if (entry.value) row.figures.values_entered++;
      row.values.push_back(std::move(entry));
    }
  }
  return Ok();
}

}  // namespace

void PerformanceFigures::Add(const PerformanceFigures& other) {
  duties += other.duties;
  duties_done += other.duties_done;
  duties_on_time += other.duties_on_time;
  reports += other.reports;
  reports_submitted += other.reports_submitted;
  reports_on_time += other.reports_on_time;
  values_expected += other.values_expected;
  values_entered += other.values_entered;
}

Result<UnitsPerformance> ViewUnitsPerformance(Service& service, const Principal& principal,
                                              Id unit_id, const Period& period) {
  engine::Engine& engine = service.engine();
  const Date today = service.Today();
  Access access(principal, engine, today);
  NQ_RETURN_IF_ERROR(views::RequireReadableUnit(access, unit_id));
  return service.database().Read([&](storage::Transaction& tx) -> Result<UnitsPerformance> {
    NQ_TRY(Unit unit, storage::Get<Unit>(tx, unit_id));
    Names names(tx);
    UnitsPerformance view;
    view.period = period;
    view.judged_on = today;
    view.tree_on = std::min(period.end(), today);
    NQ_TRY(view.unit, views::ReadUnitHeader(names, engine, unit.id, view.tree_on));
    if (auto children = engine.Children(unit.id, view.tree_on)) {
      for (Id child : *children) {
        if (!access.Can(Action::kRead, child)) continue;
        UnitPerformance row;
        NQ_TRY(row.unit, names.Brief(child));
        view.rows.push_back(std::move(row));
      }
    }
    NQ_RETURN_IF_ERROR(AddDuties(tx, names, engine, period, today, view.rows));
    NQ_RETURN_IF_ERROR(AddReports(tx, unit.id, period, today, view.rows));
    NQ_RETURN_IF_ERROR(AddValues(tx, engine, period, today, view.rows));
    for (const UnitPerformance& row : view.rows) view.totals.Add(row.figures);
    return view;
  });
}

namespace {

formats::ReportCell Number(int n) { return formats::ReportCell{static_cast<double>(n), 0}; }
formats::ReportCell Text(std::string text) { return formats::ReportCell{std::move(text), 0}; }

std::vector<formats::ReportCell> FiguresCells(std::string name, const PerformanceFigures& f) {
  return {Text(std::move(name)),     Number(f.duties),          Number(f.duties_done),
          Number(f.duties_on_time),  Number(f.reports),         Number(f.reports_submitted),
          Number(f.reports_on_time), Number(f.values_expected), Number(f.values_entered)};
}

}  // namespace

Result<std::string> UnitsPerformanceXlsx(const UnitsPerformance& view) {
  formats::XlsxSheet sheet;
  sheet.name = "Kết quả các đơn vị";
  sheet.title = fmt::format("Kết quả thực hiện của các đơn vị trực thuộc {} — {}",
                            view.unit.brief.unit.name, view.period.LabelVi());
  sheet.preamble = {{"Đơn vị", view.unit.brief.unit.name},
                    {"Kỳ", view.period.LabelVi()},
                    {"Tính đến ngày", view.judged_on.ToString()}};
  sheet.table.header = {"Đơn vị",           "Nhiệm vụ", "Đã hoàn thành", "Hoàn thành đúng hạn",
                        "Báo cáo phải gửi", "Đã gửi",   "Gửi đúng hạn",  "Số liệu phải nhập",
                        "Đã nhập"};
  for (const UnitPerformance& row : view.rows) {
    sheet.table.rows.push_back(FiguresCells(row.unit.unit.name, row.figures));
  }
  sheet.table.rows.push_back(FiguresCells("Tổng cộng", view.totals));
  sheet.column_widths = {40, 11, 13, 13, 13, 10, 12, 13, 10};
  return formats::WriteXlsx({std::move(sheet)});
}

}  // namespace nq::app
