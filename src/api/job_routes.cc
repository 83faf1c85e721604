#include "api/job_routes.h"

#include "api/crud.h"
#include "app/reports/exports.h"
#include "formats/json_schema.h"

namespace nq::api {

RouteHandler WithJobs(app::Service& service, app::JobRegistry& jobs,
                      std::function<Result<HttpResponse>(const Call&, app::JobRegistry&)> handler) {
  return [&service, &jobs, handler = std::move(handler)](const HttpRequest& request,
                                                         const PathParams& params) {
    return handler(Call(request, params, service), jobs);
  };
}

HttpResponse JobStarted(const app::Job& job) {
  HttpResponse response = JsonResponse(202, job.ToJson());
  response.headers.emplace_back("Location", fmt::format("/api/v1/jobs/{}", job.id()));
  return response;
}

HttpResponse FileResponse(std::string bytes, std::string_view type, std::string_view name) {
  HttpResponse response;
  response.content_type = std::string(type);
  response.headers.emplace_back("Content-Disposition",
                                fmt::format("attachment; filename=\"{}\"", name));
  response.body = std::move(bytes);
  return response;
}

Status RequireXlsxBody(const Call& call) { return RequireMediaType(call, app::kXlsxContentType); }

bool Async(const Call& call) { return call.QueryText("async").value_or("false") == "true"; }

Result<app::ReportRequest> ReadReportRequest(const Call& call) {
  NQ_TRY(Id unit, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(auto period, call.QueryPeriod("period"));
  if (!period) return FieldError("period", "query parameter \"period\" is required");
  NQ_TRY(app::Language language, app::ParseLanguage(call.QueryText("lang").value_or("vi")));
  return app::ReportRequest{unit, *period, language, std::nullopt};
}

namespace sc = formats::schema;

Route& ReportQuery(Route& route) {
  return route.Query("unit_id", sc::UnitKey(), true)
      .Query("period", sc::PeriodCode(), true)
      .Query("lang", sc::OneOf({"vi", "en"}, "Ngôn ngữ của báo cáo; mặc định vi"));
}

Route& ValuesQuery(Route& route) {
  return route.Query("unit_id", sc::UnitKey(), true)
      .Query("from", sc::PeriodCode(), true)
      .Query("to", sc::PeriodCode(), true);
}

boost::json::object WrittenSchema() {
  return sc::Named("Written", sc::Object({{"written", sc::Integer("Số giá trị đã ghi")}}));
}

Result<app::ExportRequest> ReadValuesRequest(const Call& call) {
  NQ_TRY(Id unit, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(auto from, call.QueryPeriod("from"));
  NQ_TRY(auto to, call.QueryPeriod("to"));
  if (!from) return FieldError("from", "query parameter \"from\" is required");
  if (!to) return FieldError("to", "query parameter \"to\" is required");
  return app::ExportRequest{unit, *from, *to};
}

}  // namespace nq::api
