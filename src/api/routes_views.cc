// Routes that gather what one screen of the web UI shows in one request: a unit's overview, a
// target with its subordinate units, an obligation with every assignment, a unit's report form
// and the reports of a unit's subordinates. The application layer reads them; this encodes them.
#include "api/app.h"
#include "api/crud.h"
#include "api/figures_json.h"
#include "api/job_routes.h"
#include "api/structure_json.h"
#include "api/view_json.h"
#include "app/figures_text.h"
#include "app/reports/exports.h"
#include "app/rollups.h"
#include "app/views.h"
#include "domain/registry.h"

namespace nq::api {
namespace {

using namespace nq::domain;

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

// ---- The schemas of these answers, beside their encoders.

namespace sc = formats::schema;

sc::Schema KindCountsSchema() {
  return sc::Named("KindCounts", sc::Extend(CountsSchema(), {{"kind_id", sc::PositiveId()},
                                                             {"kind_name", sc::Text()},
                                                             {"kind_name_en", sc::Text()}}));
}

sc::Schema AssignmentStateSchema(std::initializer_list<std::string_view> names) {
  return sc::OneOf(std::vector<std::string_view>(names));
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
}

}  // namespace nq::api
