// Routes that gather what one screen of the web UI shows in one request: a unit's overview, a
// target with its subordinate units, an obligation with every assignment, a unit's report form
// and the reports of a unit's subordinates. The application layer reads them; this encodes them.
#include "api/app.h"
#include "api/crud.h"
#include "api/figures_json.h"
#include "api/job_routes.h"
#include "api/structure_json.h"
#include "app/figures_text.h"
#include "app/reports/exports.h"
#include "app/rollups.h"
#include "app/views.h"
#include "domain/registry.h"

namespace nq::api {
namespace {

using namespace nq::domain;

json::value OptDate(const std::optional<Date>& date) {
  return date ? json::value(date->ToString()) : json::value(nullptr);
}

json::object CountsJson(const engine::CompletenessCounts& c) {
  return json::object{{"expected", c.expected}, {"done", c.done},       {"on_time", c.on_time},
                      {"late", c.late},         {"overdue", c.overdue}, {"pending", c.pending}};
}

// {id, code, name, short_name, kind_id, kind_name, kind_name_en}
json::object BriefJson(const app::UnitBrief& brief) {
  return json::object{{"id", brief.unit.id},
                      {"code", brief.unit.code},
                      {"name", brief.unit.name},
                      {"short_name", brief.unit.short_name},
                      {"kind_id", brief.kind.id},
                      {"kind_name", brief.kind.name},
                      {"kind_name_en", brief.kind.name_en}};
}

// The brief with the unit's path from the root and its children count.
json::object HeaderJson(const app::UnitHeader& header) {
  json::object out = BriefJson(header.brief);
  json::array path;
  for (const Unit& step : header.path) {
    path.push_back(json::object{{"id", step.id}, {"code", step.code}, {"name", step.short_name}});
  }
  out["path"] = std::move(path);
  out["child_count"] = header.child_count;
  return out;
}

json::array ByKindJson(const std::vector<app::KindTally>& by_kind) {
  json::array out;
  for (const app::KindTally& k : by_kind) {
    json::object entry = CountsJson(k.counts);
    entry["kind_id"] = k.kind.id;
    entry["kind_name"] = k.kind.name;
    entry["kind_name_en"] = k.kind.name_en;
    out.push_back(std::move(entry));
  }
  return out;
}

json::array NumbersJson(const std::vector<std::optional<double>>& values) {
  json::array out;
  for (const std::optional<double>& value : values) out.push_back(NumberJson(value));
  return out;
}

template <typename T>
json::array RowsJson(const std::vector<T>& rows) {
  json::array out;
  for (const T& row : rows) out.push_back(formats::ToJson(row));
  return out;
}

// The colour-coded state of one assignment: done_on_time, done_late, overdue, in_progress,
// not_started (the convention of Vietnamese offices: green, orange, red, blue, grey).
std::string_view StateName(const engine::AssignmentState& state, AssignmentStatus status) {
  if (state.done) return state.on_time ? "done_on_time" : "done_late";
  if (state.overdue) return "overdue";
  if (status == AssignmentStatus::kNotApplicable) return "not_applicable";
  return status == AssignmentStatus::kNotStarted ? "not_started" : "in_progress";
}

json::array TargetsJson(const std::vector<app::TargetSummary>& targets, Date as_of) {
  json::array out;
  for (const app::TargetSummary& target : targets) {
    json::object entry = ProgressJson(target.progress);
    const Date structure = app::TargetStructureDate(target.progress, as_of);
    entry["structure_as_of"] = structure.ToString();
    entry["structure_label"] = app::StructureLabelVi(structure);
    entry["structure_label_en"] = app::StructureLabelEn(structure);
    entry.erase("status_label");
    entry["code"] = target.item.code;
    entry["title"] = target.item.title;
    entry["document_id"] = target.document.id;
    entry["document_title"] = target.document.title;
    entry["indicator"] = formats::ToJson(target.indicator);
    out.push_back(std::move(entry));
  }
  return out;
}

json::array ObligationsJson(const std::vector<app::ObligationSummary>& obligations) {
  json::array out;
  for (const app::ObligationSummary& o : obligations) {
    out.push_back(json::object{{"obligation_id", o.obligation.id},
                               {"code", o.obligation.code},
                               {"title", o.obligation.title},
                               {"issuer_unit_id", o.issuer.id},
                               {"issuer_name", o.issuer.short_name},
                               {"issued_on", o.obligation.issued_on.ToString()},
                               {"due_on", o.obligation.due_on.ToString()},
                               {"total", CountsJson(o.total)},
                               {"by_kind", ByKindJson(o.by_kind)}});
  }
  return out;
}

json::array TasksJson(const std::vector<app::DueTask>& tasks) {
  json::array out;
  for (const app::DueTask& task : tasks) {
    json::object entry = BriefJson(task.unit);
    entry["unit_id"] = task.unit.unit.id;
    entry["assignment_id"] = task.assignment_id;
    entry["obligation_id"] = task.obligation_id;
    entry["obligation_title"] = task.obligation_title;
    entry["due_on"] = task.due_on.ToString();
    entry["state"] = task.overdue ? "overdue" : "due_soon";
    out.push_back(std::move(entry));
  }
  return out;
}

// The counts of one vocabulary: on time, late, overdue, open (domain/timeliness.h).
json::object TimelinessJson(const domain::TimelinessCounts& counts) {
  return json::object{{"on_time", counts.on_time},
                      {"late", counts.late},
                      {"overdue", counts.overdue},
                      {"open", counts.open}};
}

json::value RegimeJson(const std::optional<domain::Regime>& regime) {
  if (!regime) return nullptr;
  return json::object{{"id", regime->id},
                      {"code", regime->code},
                      {"name", regime->name},
                      {"due_days", regime->due_days},
                      {"cutoff_days", regime->cutoff_days}};
}

json::array RecommendationsJson(const std::vector<app::OpenRecommendation>& recommendations) {
  json::array out;
  for (const app::OpenRecommendation& r : recommendations) {
    json::object entry = formats::ToJson(r.recommendation).as_object();
    entry["from_unit_name"] = r.from_unit_name;
    entry["to_unit_name"] = r.to_unit_name;
    entry["overdue"] = r.overdue;
    entry["timeliness"] = domain::TimelinessName(r.timeliness);
    entry["timeliness_label"] = domain::TimelinessLabelVi(r.timeliness);
    out.push_back(std::move(entry));
  }
  return out;
}

json::array CompletenessJson(const std::vector<app::PeriodCompleteness>& reports) {
  json::array out;
  for (const app::PeriodCompleteness& p : reports) {
    json::object entry{{"period", formats::PeriodJson(p.period)},
                       {"expected", p.expected},
                       {"missing", p.missing},
                       {"draft", p.draft},
                       {"submitted", p.submitted},
                       {"returned", p.returned},
                       {"accepted", p.accepted},
                       {"regime", RegimeJson(p.regime)}};
    if (p.regime) {
      entry["due_on"] = p.due_on->ToString();
      entry["cutoff_on"] = p.regime->CutoffOn(p.period).ToString();
      entry["timeliness"] = TimelinessJson(p.timeliness);
      entry["extended"] = p.extended;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

Result<HttpResponse> Overview(const Call& call) {
  NQ_TRY(Date as_of, call.AsOfForQueryUnit("unit_id"));
  NQ_TRY(Id unit_id, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(app::UnitOverview view,
         app::ViewOverview(call.service(), call.principal(), unit_id, as_of));
  json::object out{{"unit", HeaderJson(view.unit)},
                   {"as_of", view.as_of.ToString()},
                   {"targets", TargetsJson(view.targets, view.as_of)},
                   {"obligations", ObligationsJson(view.obligations)},
                   {"tasks", TasksJson(view.tasks)},
                   {"tasks_overdue", view.tasks_overdue},
                   {"tasks_due_soon", view.tasks_due_soon},
                   {"recommendations", RecommendationsJson(view.recommendations)},
                   {"recommendation_timeliness", TimelinessJson(view.recommendation_timeliness)},
                   {"reports", CompletenessJson(view.reports)},
                   {"documents", RowsJson(view.documents)}};
  AddStructureAsOf(out, call.service().engine(), unit_id, std::nullopt, view.as_of);
  return JsonResponse(200, out);
}

json::array SeriesJson(const engine::TargetProgress& p) {
  json::array out;
  for (const engine::SeriesPoint& point : p.series) {
    json::object entry = formats::PeriodJson(point.period).as_object();
    entry["value"] = NumberJson(point.value);
    out.push_back(std::move(entry));
  }
  return out;
}

json::array ChildrenJson(const std::vector<app::ChildFigures>& children) {
  json::array out;
  for (const app::ChildFigures& child : children) {
    json::object row = BriefJson(child.unit);
    row["values"] = NumbersJson(child.values);
    row["reported"] = child.reported;
    out.push_back(std::move(row));
  }
  return out;
}

// Adds to each target derived for a successor its unit and the successor's latest figure.
void AddSuccessors(json::object& out, const std::map<Id, app::SuccessorFigure>& successors) {
  for (json::value& rebased : out["rebased"].as_array()) {
    json::object& entry = rebased.as_object();
    const app::SuccessorFigure& figure = successors.at(entry.at("unit_id").as_int64());
    entry["unit"] = BriefJson(figure.unit);
    entry["comparable_current"] = NumberJson(figure.current);
    if (figure.period) entry["comparable_period"] = formats::PeriodJson(*figure.period);
  }
}

// A target's progress, and its indicator for each subordinate unit of the measured unit and
// each period of the series: the rows behind the figure.
Result<HttpResponse> TargetView(const Call& call) {
  NQ_TRY(Id item_id, call.RequiredQueryId("item_id"));
  NQ_TRY(std::optional<Date> as_of, call.ExplicitAsOf());
  NQ_TRY(app::TargetView view, app::ViewTarget(call.service(), call.principal(), item_id, as_of));
  const engine::Engine& engine = call.service().engine();
  json::object out = ProgressJson(view.progress);
  out.erase("status_label");
  out["item"] = formats::ToJson(view.item);
  out["document"] = formats::ToJson(view.document);
  out["unit"] = HeaderJson(view.unit);
  out["indicator"] = formats::ToJson(view.indicator);
  out["series"] = SeriesJson(view.progress);
  out["children"] = ChildrenJson(view.children);
  out["as_of"] = view.as_of.ToString();
  AddStructureAsOf(out, engine, view.progress.unit_id, std::nullopt,
                   app::TargetStructureDate(view.progress, view.as_of));
  AddTargetLineage(out, engine, item_id, view.judged_on);
  out["comparable"] =
      view.comparable ? json::value(NumbersJson(*view.comparable)) : json::value(nullptr);
  AddSuccessors(out, view.successors);
  return JsonResponse(200, out);
}

json::array AssignmentsJson(const std::vector<app::AssignmentRow>& rows) {
  json::array out;
  for (const app::AssignmentRow& r : rows) {
    const Assignment& a = r.assignment;
    json::object row = BriefJson(r.unit);
    row["unit_id"] = r.state.unit_id;
    row["assignment_id"] = a.id;
    row["version"] = a.version;
    row["role"] = AssignmentRoleName(a.role);
    row["status"] = AssignmentStatusName(a.status);
    row["state"] = StateName(r.state, a.status);
    row["due_on"] = r.state.effective_due.ToString();
    row["completed_on"] = OptDate(a.completed_on);
    row["evidence"] = formats::ToJson(a.evidence);
    out.push_back(std::move(row));
  }
  return out;
}

// Every assignment of an obligation within a unit's subtree, with its state and evidence.
Result<HttpResponse> ObligationView(const Call& call) {
  NQ_TRY(Id obligation_id, call.RequiredQueryId("obligation_id"));
  const bool has_unit = call.QueryText("unit_id").has_value();
  NQ_TRY(Date as_of, has_unit ? call.AsOfForQueryUnit("unit_id") : call.AsOf());
  std::optional<Id> unit_id;
  if (has_unit) {
    NQ_TRY(unit_id, call.RequiredQueryUnit("unit_id"));
  }
  NQ_TRY(app::ObligationView view,
         app::ViewObligation(call.service(), call.principal(), obligation_id, unit_id, as_of));
  json::object obligation = formats::ToJson(view.obligation).as_object();
  obligation["issuer_name"] = view.issuer_name;
  if (view.document_title) obligation["document_title"] = *view.document_title;
  return JsonResponse(200, json::object{{"obligation", std::move(obligation)},
                                        {"unit", HeaderJson(view.unit)},
                                        {"as_of", view.as_of.ToString()},
                                        {"total", CountsJson(view.total)},
                                        {"by_kind", ByKindJson(view.by_kind)},
                                        {"rows", AssignmentsJson(view.rows)}});
}

// The period named by the query parameter "period", which is required.
Result<Period> RequiredPeriod(const Call& call) {
  NQ_TRY(std::optional<Period> period, call.QueryPeriod("period"));
  if (!period) return FieldError("period", "query parameter \"period\" is required");
  return *period;
}

json::array IndicatorFormsJson(const std::vector<app::IndicatorForm>& indicators) {
  json::array out;
  for (const app::IndicatorForm& form : indicators) {
    json::array targets;
    for (const Item& item : form.targets) {
      targets.push_back(
          json::object{{"item_id", item.id}, {"code", item.code}, {"title", item.title}});
    }
    json::object entry{{"indicator", formats::ToJson(form.indicator)},
                       {"targets", std::move(targets)},
                       {"value", nullptr}};
    if (form.value) entry["value"] = formats::ToJson(*form.value);
    out.push_back(std::move(entry));
  }
  return out;
}

// The form of a unit for a period: its report (if opened), the indicators it reports with their
// current values, and the unit that reviews it.
Result<HttpResponse> ReportForm(const Call& call) {
  NQ_TRY(Period period, RequiredPeriod(call));
  NQ_TRY(Id unit_id, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(app::ReportForm form,
         app::ViewReportForm(call.service(), call.principal(), unit_id, period));
  return JsonResponse(
      200,
      json::object{{"unit", HeaderJson(form.unit)},
                   {"period", formats::PeriodJson(form.period)},
                   {"reviewer",
                    form.reviewer ? json::value(BriefJson(*form.reviewer)) : json::value(nullptr)},
                   {"report", form.report ? formats::ToJson(*form.report) : json::value(nullptr)},
                   {"locked", form.report && form.report->locked()},
                   {"indicators", IndicatorFormsJson(form.indicators)}});
}

// The reports of a unit's subordinates for a period: who sent what, and who has not.
Result<HttpResponse> SubordinateReports(const Call& call) {
  NQ_TRY(Period period, RequiredPeriod(call));
  NQ_TRY(Id unit_id, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(app::SubordinateReports view,
         app::ViewSubordinateReports(call.service(), call.principal(), unit_id, period));
  json::array rows;
  for (const app::SubordinateReport& row : view.rows) {
    json::object entry = BriefJson(row.unit);
    entry["report"] = row.report ? formats::ToJson(*row.report) : json::value(nullptr);
    if (row.due) {
      entry["due_on"] = row.due->due_on.ToString();
      entry["extended"] = row.due->extended;
      entry["timeliness"] = domain::TimelinessName(row.due->timeliness);
      entry["timeliness_label"] = domain::TimelinessLabelVi(row.due->timeliness);
    }
    rows.push_back(std::move(entry));
  }
  json::object out{{"unit", HeaderJson(view.unit)},
                   {"period", formats::PeriodJson(view.period)},
                   {"regime", RegimeJson(view.regime)},
                   {"rows", std::move(rows)}};
  if (view.regime) out["timeliness"] = TimelinessJson(view.timeliness);
  return JsonResponse(200, out);
}

// ---- How the units did, and the leader's dashboard.

json::object PerformanceDutyJson(const app::PerformanceDuty& duty) {
  return json::object{{"obligation_id", duty.obligation.id},
                      {"code", duty.obligation.code},
                      {"title", duty.obligation.title},
                      {"unit", BriefJson(duty.unit)},
                      {"assignment_id", duty.assignment_id},
                      {"due_on", duty.due_on.ToString()},
                      {"completed_on", OptDate(duty.completed_on)},
                      {"timeliness", domain::TimelinessName(duty.timeliness)},
                      {"timeliness_label", domain::TimelinessLabelVi(duty.timeliness)}};
}

json::array PerformanceDutiesJson(const std::vector<app::PerformanceDuty>& duties) {
  json::array out;
  for (const app::PerformanceDuty& duty : duties) out.push_back(PerformanceDutyJson(duty));
  return out;
}

json::object FiguresJson(const app::PerformanceFigures& f) {
  return json::object{{"duties", f.duties},
                      {"duties_done", f.duties_done},
                      {"duties_on_time", f.duties_on_time},
                      {"reports", f.reports},
                      {"reports_submitted", f.reports_submitted},
                      {"reports_on_time", f.reports_on_time},
                      {"values_expected", f.values_expected},
                      {"values_entered", f.values_entered}};
}

json::object UnitPerformanceJson(const app::UnitPerformance& row) {
  json::array reports, values;
  for (const app::PerformanceReport& r : row.reports) {
    reports.push_back(json::object{
        {"regime_id", r.regime.id},
        {"regime_name", r.regime.name},
        {"period", formats::PeriodJson(r.period)},
        {"due_on", r.due_on.ToString()},
        {"extended", r.extended},
        {"timeliness", domain::TimelinessName(r.timeliness)},
        {"timeliness_label", domain::TimelinessLabelVi(r.timeliness)},
        {"report_id", r.report_id ? json::value(*r.report_id) : json::value(nullptr)}});
  }
  for (const app::PerformanceValue& v : row.values) {
    values.push_back(
        json::object{{"indicator_id", v.indicator.id},
                     {"indicator_name", v.indicator.name},
                     {"unit_of_measure", v.indicator.measure_unit},
                     {"period", formats::PeriodJson(v.period)},
                     {"entered", v.value.has_value()},
                     {"number", v.value ? NumberJson(v.value->number) : json::value(nullptr)}});
  }
  return json::object{{"unit", BriefJson(row.unit)},
                      {"figures", FiguresJson(row.figures)},
                      {"duties", PerformanceDutiesJson(row.duties)},
                      {"reports", std::move(reports)},
                      {"values", std::move(values)}};
}

Result<app::UnitsPerformance> ReadUnitsPerformance(const Call& call) {
  NQ_TRY(Period period, RequiredPeriod(call));
  NQ_TRY(Id unit_id, call.RequiredQueryUnit("unit_id"));
  return app::ViewUnitsPerformance(call.service(), call.principal(), unit_id, period);
}

Result<HttpResponse> UnitsPerformance(const Call& call) {
  NQ_TRY(app::UnitsPerformance view, ReadUnitsPerformance(call));
  json::array rows;
  for (const app::UnitPerformance& row : view.rows) rows.push_back(UnitPerformanceJson(row));
  return JsonResponse(200, json::object{{"unit", HeaderJson(view.unit)},
                                        {"period", formats::PeriodJson(view.period)},
                                        {"judged_on", view.judged_on.ToString()},
                                        {"tree_on", view.tree_on.ToString()},
                                        {"rows", std::move(rows)},
                                        {"totals", FiguresJson(view.totals)}});
}

Result<HttpResponse> UnitsPerformanceXlsx(const Call& call) {
  NQ_TRY(app::UnitsPerformance view, ReadUnitsPerformance(call));
  NQ_TRY(std::string bytes, app::UnitsPerformanceXlsx(view));
  return FileResponse(
      std::move(bytes), app::kXlsxContentType,
      fmt::format("ket-qua-don-vi-{}-{}.xlsx", view.unit.brief.unit.code, view.period.ToString()));
}

Result<HttpResponse> LeaderDashboard(const Call& call) {
  NQ_TRY(app::LeaderDashboard view, app::ViewLeaderDashboard(call.service(), call.principal()));
  json::array charges, targets, duties;
  for (const app::LeaderCharge& c : view.charges) {
    charges.push_back(
        json::object{{"id", c.responsibility.id},
                     {"term_code", c.responsibility.term_code},
                     {"field_code", c.responsibility.field_code},
                     {"field_name", c.field_name},
                     {"unit", c.unit ? json::value(BriefJson(*c.unit)) : json::value(nullptr)},
                     {"note", c.responsibility.note}});
  }
  for (const app::LeaderDuty& d : view.duties) {
    duties.push_back(json::object{{"obligation_id", d.obligation.id},
                                  {"code", d.obligation.code},
                                  {"title", d.obligation.title},
                                  {"issuer_unit_id", d.obligation.issuer_unit_id},
                                  {"issuer_name", d.issuer_name},
                                  {"field_code", d.field_code},
                                  {"due_on", d.obligation.due_on.ToString()},
                                  {"total", CountsJson(d.total)},
                                  {"unfinished", PerformanceDutiesJson(d.unfinished)}});
  }
  json::value person = nullptr;
  if (view.person) {
    person = json::object{
        {"id", view.person->id}, {"name", view.person->name}, {"position", view.person->position}};
  }
  return JsonResponse(
      200, json::object{{"person", std::move(person)},
                        {"as_of", view.as_of.ToString()},
                        {"charges", std::move(charges)},
                        {"targets_at_risk", TargetsJson(view.targets_at_risk, view.as_of)},
                        {"duties", std::move(duties)},
                        {"overdue", PerformanceDutiesJson(view.overdue)},
                        {"recommendations", RecommendationsJson(view.recommendations)}});
}

// ---- The schemas of these answers, beside their encoders.

namespace sc = formats::schema;

sc::Schema UnitBriefSchema() {
  return sc::Named("UnitBrief", sc::Object({{"id", sc::PositiveId()},
                                            {"code", sc::Example(sc::Text(), "ba-thuoc")},
                                            {"name", sc::Text()},
                                            {"short_name", sc::Example(sc::Text(), "Bá Thước")},
                                            {"kind_id", sc::PositiveId()},
                                            {"kind_name", sc::Example(sc::Text(), "Đảng bộ huyện")},
                                            {"kind_name_en", sc::Text()}}));
}

sc::Schema UnitHeaderSchema() {
  return sc::Named("UnitHeader",
                   sc::Extend(UnitBriefSchema(), {{"path", sc::ArrayOf(PathStepSchema())},
                                                  {"child_count", sc::Integer()}}));
}

sc::Schema KindCountsSchema() {
  return sc::Named("KindCounts", sc::Extend(CountsSchema(), {{"kind_id", sc::PositiveId()},
                                                             {"kind_name", sc::Text()},
                                                             {"kind_name_en", sc::Text()}}));
}

sc::Schema AssignmentStateSchema(std::initializer_list<std::string_view> names) {
  return sc::OneOf(std::vector<std::string_view>(names));
}

sc::Schema TimelinessSchema() {
  return sc::OneOf({"on_time", "late", "overdue", "open"},
                   "Đúng hạn, trễ hạn, quá hạn, chưa đến hạn");
}

sc::Schema TimelinessCountsSchema() {
  return sc::Named("TimelinessCounts", sc::Object({{"on_time", sc::Integer()},
                                                   {"late", sc::Integer()},
                                                   {"overdue", sc::Integer()},
                                                   {"open", sc::Integer()}}));
}

sc::Schema RegimeBriefSchema() {
  return sc::Nullable(sc::Named("RegimeBrief", sc::Object({{"id", sc::PositiveId()},
                                                           {"code", sc::Text()},
                                                           {"name", sc::Text()},
                                                           {"due_days", sc::Integer()},
                                                           {"cutoff_days", sc::Integer()}})));
}

sc::Schema TargetSummarySchema() {
  return sc::Named(
      "TargetSummary",
      sc::Extend(sc::Extend(sc::Without(ProgressSchema(), {"status_label"}), StructureMembers()),
                 {{"code", sc::Text()},
                  {"title", sc::Text()},
                  {"document_id", sc::PositiveId()},
                  {"document_title", sc::Text()},
                  {"indicator", formats::AnswerSchema<Indicator>()}}));
}

sc::Schema OpenRecommendationSchema() {
  return sc::Named("OpenRecommendation", sc::Extend(formats::AnswerSchema<Recommendation>(),
                                                    {{"from_unit_name", sc::Text()},
                                                     {"to_unit_name", sc::Text()},
                                                     {"overdue", sc::Boolean()},
                                                     {"timeliness", TimelinessSchema()},
                                                     {"timeliness_label", sc::Text()}}));
}

sc::Schema PerformanceDutySchema() {
  return sc::Named("PerformanceDuty",
                   sc::Object({{"obligation_id", sc::PositiveId()},
                               {"code", sc::Text()},
                               {"title", sc::Text()},
                               {"unit", UnitBriefSchema()},
                               {"assignment_id", sc::PositiveId()},
                               {"due_on", sc::DateText("Hạn, kể cả khi đơn vị thành lập sau")},
                               {"completed_on", sc::Nullable(sc::DateText())},
                               {"timeliness", TimelinessSchema()},
                               {"timeliness_label", sc::Text()}}));
}

sc::Schema PerformanceFiguresSchema() {
  return sc::Named("PerformanceFigures",
                   sc::Object({{"duties", sc::Integer("Nhiệm vụ đến hạn trong kỳ")},
                               {"duties_done", sc::Integer("Đã hoàn thành")},
                               {"duties_on_time", sc::Integer("Hoàn thành đúng hạn")},
                               {"reports", sc::Integer("Báo cáo phải gửi")},
                               {"reports_submitted", sc::Integer("Đã gửi")},
                               {"reports_on_time", sc::Integer("Gửi đúng hạn")},
                               {"values_expected", sc::Integer("Số liệu phải nhập")},
                               {"values_entered", sc::Integer("Đã nhập")}}));
}

sc::Schema UnitsPerformanceSchema() {
  sc::Schema report =
      sc::Named("PerformanceReport", sc::Object({{"regime_id", sc::PositiveId()},
                                                 {"regime_name", sc::Text()},
                                                 {"period", formats::PeriodJsonSchema()},
                                                 {"due_on", sc::DateText()},
                                                 {"extended", sc::Boolean()},
                                                 {"timeliness", TimelinessSchema()},
                                                 {"timeliness_label", sc::Text()},
                                                 {"report_id", sc::Nullable(sc::PositiveId())}}));
  sc::Schema value =
      sc::Named("PerformanceValue", sc::Object({{"indicator_id", sc::PositiveId()},
                                                {"indicator_name", sc::Text()},
                                                {"unit_of_measure", sc::Text()},
                                                {"period", formats::PeriodJsonSchema()},
                                                {"entered", sc::Boolean()},
                                                {"number", NumberSchema()}}));
  sc::Schema row =
      sc::Named("UnitPerformance", sc::Object({{"unit", UnitBriefSchema()},
                                               {"figures", PerformanceFiguresSchema()},
                                               {"duties", sc::ArrayOf(PerformanceDutySchema())},
                                               {"reports", sc::ArrayOf(std::move(report))},
                                               {"values", sc::ArrayOf(std::move(value))}}));
  return sc::Named("UnitsPerformance",
                   sc::Object({{"unit", UnitHeaderSchema()},
                               {"period", formats::PeriodJsonSchema()},
                               {"judged_on", sc::DateText("Ngày đánh giá (hôm nay)")},
                               {"tree_on", sc::DateText("Ngày của cây đơn vị")},
                               {"rows", sc::ArrayOf(std::move(row))},
                               {"totals", PerformanceFiguresSchema()}}));
}

sc::Schema LeaderDashboardSchema() {
  sc::Schema charge =
      sc::Named("LeaderCharge", sc::Object({{"id", sc::PositiveId()},
                                            {"term_code", sc::Text()},
                                            {"field_code", sc::Text()},
                                            {"field_name", sc::Text()},
                                            {"unit", sc::Nullable(UnitBriefSchema())},
                                            {"note", sc::Text()}}));
  sc::Schema duty =
      sc::Named("LeaderDuty", sc::Object({{"obligation_id", sc::PositiveId()},
                                          {"code", sc::Text()},
                                          {"title", sc::Text()},
                                          {"issuer_unit_id", sc::PositiveId()},
                                          {"issuer_name", sc::Text()},
                                          {"field_code", sc::Text()},
                                          {"due_on", sc::DateText()},
                                          {"total", CountsSchema()},
                                          {"unfinished", sc::ArrayOf(PerformanceDutySchema())}}));
  sc::Schema person = sc::Named(
      "LeaderPerson",
      sc::Object({{"id", sc::PositiveId()}, {"name", sc::Text()}, {"position", sc::Text()}}));
  return sc::Named("LeaderDashboard",
                   sc::Object({{"person", sc::Nullable(std::move(person))},
                               {"as_of", sc::DateText()},
                               {"charges", sc::ArrayOf(std::move(charge))},
                               {"targets_at_risk", sc::ArrayOf(TargetSummarySchema())},
                               {"duties", sc::ArrayOf(std::move(duty))},
                               {"overdue", sc::ArrayOf(PerformanceDutySchema())},
                               {"recommendations", sc::ArrayOf(OpenRecommendationSchema())}}));
}

sc::Schema OverviewSchema() {
  std::vector<sc::Member> members{
      {"unit", UnitHeaderSchema()},
      {"as_of", sc::DateText()},
      {"targets", sc::ArrayOf(TargetSummarySchema())},
      {"obligations",
       sc::ArrayOf(sc::Named("ObligationSummary",
                             sc::Object({{"obligation_id", sc::PositiveId()},
                                         {"code", sc::Text()},
                                         {"title", sc::Text()},
                                         {"issuer_unit_id", sc::PositiveId()},
                                         {"issuer_name", sc::Text()},
                                         {"issued_on", sc::DateText()},
                                         {"due_on", sc::DateText()},
                                         {"total", CountsSchema()},
                                         {"by_kind", sc::ArrayOf(KindCountsSchema())}})))},
      {"tasks",
       sc::ArrayOf(sc::Named(
           "Task", sc::Extend(UnitBriefSchema(),
                              {{"unit_id", sc::PositiveId()},
                               {"assignment_id", sc::PositiveId()},
                               {"obligation_id", sc::PositiveId()},
                               {"obligation_title", sc::Text()},
                               {"due_on", sc::DateText()},
                               {"state", AssignmentStateSchema({"overdue", "due_soon"})}})))},
      {"tasks_overdue", sc::Integer()},
      {"tasks_due_soon", sc::Integer()},
      {"recommendations", sc::ArrayOf(OpenRecommendationSchema())},
      {"recommendation_timeliness", TimelinessCountsSchema()},
      {"reports",
       sc::ArrayOf(sc::Named("ReportCompleteness",
                             sc::Object({{"period", formats::PeriodJsonSchema()},
                                         {"expected", sc::Integer()},
                                         {"missing", sc::Integer()},
                                         {"draft", sc::Integer()},
                                         {"submitted", sc::Integer()},
                                         {"returned", sc::Integer()},
                                         {"accepted", sc::Integer()},
                                         {"regime", RegimeBriefSchema()},
                                         sc::Optional("due_on", sc::DateText()),
                                         sc::Optional("cutoff_on", sc::DateText()),
                                         sc::Optional("timeliness", TimelinessCountsSchema()),
                                         sc::Optional("extended", sc::Integer())})))},
      {"documents", sc::ArrayOf(formats::AnswerSchema<Document>())}};
  return sc::Named("Overview", sc::Extend(sc::Object(members), StructureMembers()));
}

sc::Schema TargetViewSchema() {
  sc::Schema rebased =
      sc::Named("RebasedTargetView",
                sc::Extend(DerivedTargetSchema(),
                           {sc::Optional("progress", ProgressSchema()),
                            {"unit", UnitBriefSchema()},
                            {"comparable_current", sc::About(NumberSchema(),
                                                             "Số mới nhất, dựng lại "
                                                             "từ đơn vị tiền thân khi cần")},
                            sc::Optional("comparable_period", formats::PeriodJsonSchema())}));
  sc::Schema view = sc::Extend(
      sc::Without(ProgressSchema(), {"status_label"}),
      {{"item", formats::AnswerSchema<Item>()},
       {"document", formats::AnswerSchema<Document>()},
       {"unit", UnitHeaderSchema()},
       {"indicator", formats::AnswerSchema<Indicator>()},
       {"series", sc::ArrayOf(SeriesPointSchema())},
       {"children",
        sc::ArrayOf(sc::Named(
            "ChildFigures",
            sc::Extend(UnitBriefSchema(),
                       {{"values", sc::ArrayOf(NumberSchema(), "Theo từng kỳ của series")},
                        {"reported", sc::Boolean()}})))},
       {"as_of", sc::DateText()},
       {"comparable",
        sc::Nullable(sc::ArrayOf(NumberSchema(), "Theo từng kỳ, dựng lại từ đơn vị tiền thân"))}});
  view = sc::Extend(sc::Extend(std::move(view), StructureMembers()),
                    TargetLineageMembers(std::move(rebased)));
  return sc::Named("TargetView", std::move(view));
}

sc::Schema ObligationViewSchema() {
  sc::Schema row = sc::Extend(
      UnitBriefSchema(),
      {{"unit_id", sc::PositiveId()},
       {"assignment_id", sc::PositiveId()},
       {"version", sc::Integer()},
       {"role", sc::OneOf(EnumNameList<AssignmentRole>())},
       {"status", sc::OneOf(EnumNameList<AssignmentStatus>())},
       {"state", AssignmentStateSchema({"done_on_time", "done_late", "overdue", "not_applicable",
                                        "not_started", "in_progress"})},
       {"due_on", sc::DateText("Hạn, kể cả khi được gia hạn")},
       {"completed_on", sc::Nullable(sc::DateText())},
       {"evidence", formats::EvidenceSchema()}});
  return sc::Named(
      "ObligationView",
      sc::Object({{"obligation", sc::Extend(formats::AnswerSchema<Obligation>(),
                                            {{"issuer_name", sc::Text()},
                                             sc::Optional("document_title", sc::Text())})},
                  {"unit", UnitHeaderSchema()},
                  {"as_of", sc::DateText()},
                  {"total", CountsSchema()},
                  {"by_kind", sc::ArrayOf(KindCountsSchema())},
                  {"rows", sc::ArrayOf(sc::Named("AssignmentRow", std::move(row)))}}));
}

sc::Schema ReportFormSchema() {
  return sc::Named(
      "ReportForm",
      sc::Object({{"unit", UnitHeaderSchema()},
                  {"period", formats::PeriodJsonSchema()},
                  {"reviewer", sc::Nullable(UnitBriefSchema())},
                  {"report", sc::Nullable(formats::AnswerSchema<Report>())},
                  {"locked", sc::Boolean()},
                  {"indicators",
                   sc::ArrayOf(sc::Named(
                       "IndicatorForm",
                       sc::Object({{"indicator", formats::AnswerSchema<Indicator>()},
                                   {"targets", sc::ArrayOf(ItemRefSchema())},
                                   {"value", sc::Nullable(formats::AnswerSchema<Value>())}})))}}));
}

sc::Schema SubordinateReportsSchema() {
  return sc::Named(
      "SubordinateReports",
      sc::Object(
          {{"unit", UnitHeaderSchema()},
           {"period", formats::PeriodJsonSchema()},
           {"regime", RegimeBriefSchema()},
           sc::Optional("timeliness", TimelinessCountsSchema()),
           {"rows", sc::ArrayOf(sc::Named(
                        "SubordinateReport",
                        sc::Extend(UnitBriefSchema(),
                                   {{"report", sc::Nullable(formats::AnswerSchema<Report>())},
                                    sc::Optional("due_on", sc::DateText()),
                                    sc::Optional("extended", sc::Boolean()),
                                    sc::Optional("timeliness", TimelinessSchema()),
                                    sc::Optional("timeliness_label", sc::Text())})))}}));
}

}  // namespace

void AddViewRoutes(Router& router, app::Service& service) {
  router
      .Add("GET", "/api/v1/views/overview",
           "A unit's overview: targets, obligations, overdue and due-soon tasks, open "
           "recommendations, report completeness (unit_id, as_of)",
           Bind(service, Overview))
      .Query("unit_id", sc::UnitKey(), true)
      .Query("as_of", AsOfSchema())
      .Answers(200, OverviewSchema());
  router
      .Add("GET", "/api/v1/views/target",
           "A target's progress with its indicator by subordinate unit and period (item_id, as_of)",
           Bind(service, TargetView))
      .Query("item_id", sc::PositiveId(), true)
      .Query("as_of", AsOfSchema())
      .Answers(200, TargetViewSchema());
  router
      .Add("GET", "/api/v1/views/obligation",
           "An obligation's assignments in a subtree with state and evidence (obligation_id, "
           "unit_id, as_of)",
           Bind(service, ObligationView))
      .Query("obligation_id", sc::PositiveId(), true)
      .Query("unit_id", sc::UnitKey())
      .Query("as_of", AsOfSchema())
      .Answers(200, ObligationViewSchema());
  router
      .Add("GET", "/api/v1/views/report-form",
           "A unit's report for a period with the indicators it reports (unit_id, period)",
           Bind(service, ReportForm))
      .Query("unit_id", sc::UnitKey(), true)
      .Query("period", sc::PeriodCode(), true)
      .Answers(200, ReportFormSchema());
  router
      .Add("GET", "/api/v1/views/reports",
           "The reports of a unit's subordinates for a period (unit_id, period)",
           Bind(service, SubordinateReports))
      .Query("unit_id", sc::UnitKey(), true)
      .Query("period", sc::PeriodCode(), true)
      .Answers(200, SubordinateReportsSchema());
  router
      .Add("GET", "/api/v1/views/units-performance",
           "How each subordinate unit did in a period: duties done and on time, reports "
           "submitted and on time, values entered, with the rows behind them (unit_id, period)",
           Bind(service, UnitsPerformance))
      .Query("unit_id", sc::UnitKey(), true)
      .Query("period", sc::PeriodCode(), true)
      .Answers(200, UnitsPerformanceSchema());
  router
      .Add("GET", "/api/v1/views/units-performance.xlsx",
           "The units' performance table as a workbook (unit_id, period)",
           Bind(service, UnitsPerformanceXlsx))
      .Query("unit_id", sc::UnitKey(), true)
      .Query("period", sc::PeriodCode(), true)
      .AnswersFile(std::string(app::kXlsxContentType));
  router
      .Add("GET", "/api/v1/views/leader",
           "The signed-in committee member's dashboard: their fields and units, targets at "
           "risk, duties not finished, overdue ones, recommendations waiting for an answer",
           Bind(service, LeaderDashboard))
      .Answers(200, LeaderDashboardSchema());
}

}  // namespace nq::api
