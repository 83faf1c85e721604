// Routes for what a user's units owe and have been told: the inbox, the reminders an issuer
// sends about an obligation, and a notice marked read.
#include "api/app.h"
#include "api/crud.h"
#include "app/inbox.h"
#include "domain/registry.h"

namespace nq::api {
namespace {

using namespace nq::domain;

json::object Brief(const Unit& unit) {
  return json::object{{"id", unit.id}, {"code", unit.code}, {"name", unit.name}};
}

sc::Schema BriefSchema() {
  return sc::Named("InboxUnit", sc::Object({{"id", sc::PositiveId()},
                                            {"code", sc::Example(sc::Text(), "lung-cao")},
                                            {"name", sc::Example(sc::Text(), "Lũng Cao")}}));
}

json::object DutyJson(const app::InboxDuty& duty) {
  return json::object{{"assignment", formats::ToJson(duty.assignment)},
                      {"obligation", formats::ToJson(duty.obligation)},
                      {"unit", Brief(duty.unit)},
                      {"due_on", duty.obligation.due_on.ToString()},
                      {"timeliness", TimelinessName(duty.timeliness)},
                      {"timeliness_label", TimelinessLabelVi(duty.timeliness)},
                      {"due_soon", duty.due_soon}};
}

json::object ReportJson(const app::InboxReport& report) {
  return json::object{
      {"regime", formats::ToJson(report.regime)},
      {"unit", Brief(report.unit)},
      {"period", report.period.ToString()},
      {"due_on", report.due_on.ToString()},
      {"extended", report.extended},
      {"timeliness", TimelinessName(report.timeliness)},
      {"timeliness_label", TimelinessLabelVi(report.timeliness)},
      {"report_id", report.report_id ? json::value(*report.report_id) : json::value(nullptr)}};
}

Result<HttpResponse> GetInbox(const Call& call) {
  NQ_TRY(app::Inbox inbox, app::InboxOf(call.service(), call.principal()));
  json::array units, duties, reports, notices;
  for (Id unit : inbox.unit_ids) units.push_back(unit);
  for (const app::InboxDuty& duty : inbox.duties) duties.push_back(DutyJson(duty));
  for (const app::InboxReport& report : inbox.reports) reports.push_back(ReportJson(report));
  for (const Notice& notice : inbox.notices) notices.push_back(formats::ToJson(notice));
  return JsonResponse(200, json::object{{"unit_ids", std::move(units)},
                                        {"unread", inbox.unread},
                                        {"duties", std::move(duties)},
                                        {"reports", std::move(reports)},
                                        {"notices", std::move(notices)}});
}

// The optional "unit_ids" of a reminder; an empty body reminds every unit not done.
Result<std::optional<std::vector<Id>>> ReminderUnits(const Call& call) {
  if (call.request().body.empty()) return std::nullopt;
  NQ_TRY(json::value body, call.Body());
  if (!body.is_object()) return FieldError("", "the body must be a JSON object");
  return UnitIdsOf(body.as_object());
}

Result<HttpResponse> SendReminders(const Call& call, const AppOptions& options) {
  NQ_TRY(Id id, call.PathId("obligation"));
  NQ_TRY(auto unit_ids, ReminderUnits(call));
  return WriteResponse(app::SendRemindersAs(call.service(), call.principal(), call.Actor(),
                                            call.Fingerprint(), id, unit_ids, options.notify));
}

Result<HttpResponse> ReadNotice(const Call& call) {
  NQ_TRY(Id id, call.PathId("notice"));
  return WriteResponse(
      app::ReadNoticeAs(call.service(), call.principal(), call.Actor(), call.Fingerprint(), id));
}

sc::Schema InboxSchema() {
  const sc::Schema timeliness = sc::OneOf({"open", "overdue"}, "Chưa đến hạn hoặc quá hạn");
  sc::Schema duty = sc::Object({{"assignment", formats::AnswerSchema<Assignment>()},
                                {"obligation", formats::AnswerSchema<Obligation>()},
                                {"unit", BriefSchema()},
                                {"due_on", sc::DateText("Hạn hoàn thành")},
                                {"timeliness", timeliness},
                                {"timeliness_label", sc::Example(sc::Text(), "Quá hạn")},
                                {"due_soon", sc::Boolean("Còn không quá 7 ngày đến hạn")}});
  sc::Schema report =
      sc::Object({{"regime", formats::AnswerSchema<Regime>()},
                  {"unit", BriefSchema()},
                  {"period", sc::PeriodCode()},
                  {"due_on", sc::DateText("Hạn gửi báo cáo")},
                  {"extended", sc::Boolean("Hạn đã được gia hạn")},
                  {"timeliness", timeliness},
                  {"timeliness_label", sc::Example(sc::Text(), "Chưa đến hạn")},
                  {"report_id", sc::Nullable(sc::PositiveId("Báo cáo nháp hoặc bị trả lại"))}});
  return sc::Named(
      "Inbox", sc::Object({{"unit_ids", sc::ArrayOf(sc::PositiveId(), "Các đơn vị của người dùng")},
                           {"unread", sc::Integer("Số thông báo chưa đọc")},
                           {"duties", sc::ArrayOf(sc::Named("InboxDuty", std::move(duty)))},
                           {"reports", sc::ArrayOf(sc::Named("InboxReport", std::move(report)))},
                           {"notices", sc::ArrayOf(formats::AnswerSchema<Notice>())}},
                          "Việc cần làm, báo cáo đến hạn và thông báo của các đơn vị"));
}

}  // namespace

void AddInboxRoutes(Router& router, app::Service& service, const AppOptions& options) {
  router
      .Add("GET", "/api/v1/inbox",
           "What the signed-in user's units owe (duties, reports due) and their notices",
           Bind(service, GetInbox))
      .Answers(200, InboxSchema());
  router
      .Add("POST", "/api/v1/obligations/{id}/reminders",
           "Remind the units of an obligation (default: every unit not done); managers of the "
           "issuer",
           [&service, &options](const HttpRequest& request, const PathParams& params) {
             return SendReminders(Call(request, params, service), options);
           })
      .Takes(sc::Named("ReminderCreate",
                       sc::Object({sc::Optional(
                           "unit_ids", sc::Nullable(sc::ArrayOf(
                                           sc::PositiveId(),
                                           "Các đơn vị được nhắc; mặc định mọi đơn vị chưa hoàn "
                                           "thành")))})))
      .Answers(201,
               sc::Named("RemindersSent",
                         sc::Object({{"sent", sc::Integer("Số thông báo đã gửi")},
                                     {"notices", sc::ArrayOf(formats::AnswerSchema<Notice>())}})));
  router.Add("POST", "/api/v1/notices/{id}/read", "Mark a notice read", Bind(service, ReadNotice))
      .TakesNothing()
      .Answers(200, formats::AnswerSchema<Notice>());
}

}  // namespace nq::api
