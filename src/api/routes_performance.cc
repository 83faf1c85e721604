// How the units did and the leader's dashboard: each subordinate unit's duties, reports and
// values for a period (with its workbook), and a committee member's fields and units. The
// application layer reads them (app/views_performance.cc, app/views_leader.cc); this encodes them.
#include "api/app.h"
#include "api/crud.h"
#include "api/figures_json.h"
#include "api/job_routes.h"
#include "api/view_json.h"
#include "app/reports/exports.h"
#include "domain/registry.h"

namespace nq::api {
namespace {

using namespace nq::domain;
namespace sc = formats::schema;

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

}  // namespace

void AddPerformanceRoutes(Router& router, app::Service& service) {
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
