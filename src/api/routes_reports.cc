// Routes for reports out (.docx, .xlsx, JSON), the values template and the values upload.
// Exports need read access over the unit; the upload needs entry rights over the template's unit.
#include "api/app.h"
#include "api/crud.h"
#include "service/docx_writer.h"
#include "service/report_writer.h"
#include "service/xlsx_import.h"
#include "service/xlsx_writer.h"

namespace nq::api {
namespace {

using namespace nq::domain;

constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr std::string_view kDocxType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// The unit and period of an export, after checking the caller may read the unit.
Result<service::ReportRequest> ReadRequest(const Call& call) {
  NQ_TRY(Id unit, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(auto period, call.QueryPeriod("period"));
  if (!period) return FieldError("period", "query parameter \"period\" is required");
  NQ_TRY(service::Language language, service::ParseLanguage(call.QueryText("lang").value_or("vi")));
  NQ_RETURN_IF_ERROR(call.access().Require(Action::kRead, unit, fmt::format("unit {}", unit)));
  return service::ReportRequest{unit, *period, language, std::nullopt};
}

HttpResponse File(std::string bytes, std::string_view type, std::string_view name) {
  HttpResponse response;
  response.content_type = std::string(type);
  response.headers.emplace_back("Content-Disposition",
                                fmt::format("attachment; filename=\"{}\"", name));
  response.body = std::move(bytes);
  return response;
}

std::string FileName(const service::ReportRequest& request, std::string_view stem,
                     std::string_view extension) {
  return fmt::format("{}-{}-{}.{}", stem, request.unit_id, request.period.ToString(), extension);
}

template <typename Writer>
HttpResponse Export(const Call& call, Writer write, std::string_view type, std::string_view ext) {
  auto request = ReadRequest(call);
  if (!request) return ErrorResponse(request.error());
  auto report = service::BuildReport(call.service(), *request);
  if (!report) return ErrorResponse(report.error());
  auto bytes = write(*report);
  if (!bytes) return ErrorResponse(bytes.error());
  return File(std::move(*bytes), type, FileName(*request, "bao-cao", ext));
}

HttpResponse ReportDocx(const Call& call) {
  return Export(call, service::WriteDocx, kDocxType, "docx");
}
HttpResponse ReportXlsx(const Call& call) {
  return Export(call, service::WriteReportXlsx, kXlsxType, "xlsx");
}
HttpResponse ReportJsonRoute(const Call& call) {
  auto request = ReadRequest(call);
  if (!request) return ErrorResponse(request.error());
  auto report = service::BuildReport(call.service(), *request);
  if (!report) return ErrorResponse(report.error());
  return JsonResponse(200, service::ReportJson(*report));
}

HttpResponse Template(const Call& call) {
  auto request = ReadRequest(call);
  if (!request) return ErrorResponse(request.error());
  auto bytes = service::WriteValuesTemplate(call.service(), request->unit_id, request->period);
  if (!bytes) return ErrorResponse(bytes.error());
  return File(std::move(*bytes), kXlsxType, FileName(*request, "bieu-mau", "xlsx"));
}

HttpResponse ImportValues(const Call& call) {
  if (call.request().Header("content-type").find(kXlsxType) == std::string::npos) {
    return ErrorResponse(Error{ErrorCode::kInvalidArgument,
                               fmt::format("send the file as {}", kXlsxType), "Content-Type"});
  }
  json::object extra;
  return Mutation(
      call,
      [&](service::WriteScope& scope) -> Result<service::Reply> {
        std::vector<service::ImportIssue> issues;
        service::Access access = call.access();
        auto written = service::ImportValuesXlsx(scope, call.request().body, issues, [&](Id unit) {
          return access.Require(Action::kEnter, unit, fmt::format("unit {}", unit));
        });
        if (!written) {
          json::array list;
          for (const service::ImportIssue& issue : issues) {
            list.push_back(json::object{{"sheet", issue.sheet},
                                        {"row", issue.row},
                                        {"column", issue.column},
                                        {"detail", issue.Text()}});
          }
          extra["errors"] = std::move(list);
          return std::unexpected(written.error());
        }
        return service::Reply{200, json::object{{"written", written->size()}}};
      },
      &extra);
}

}  // namespace

void AddReportRoutes(Router& router, service::Service& service) {
  router.Add("GET", "/api/v1/exports/report.docx",
             "The report of a unit for a period as a Word document (lang=vi|en)",
             Bind(service, ReportDocx));
  router.Add("GET", "/api/v1/exports/report.xlsx",
             "The report's tables (targets, obligations by unit, values by unit) as a workbook",
             Bind(service, ReportXlsx));
  router.Add("GET", "/api/v1/exports/report.json", "The structured report of a unit for a period",
             Bind(service, ReportJsonRoute));
  router.Add("GET", "/api/v1/exports/template.xlsx",
             "The values template of a unit and period, with its current values",
             Bind(service, Template));
  router.Add("POST", "/api/v1/imports/values.xlsx",
             "Writes the values of a filled template: all or nothing, errors by sheet, row, column",
             Bind(service, ImportValues));
}

}  // namespace nq::api
