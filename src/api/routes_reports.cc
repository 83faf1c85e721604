// Routes for reports out (.docx, .xlsx, JSON), the values template and the values upload,
// values in and out as DHIS2 dataValueSets and CSV, and the jobs of long imports and exports
// (export jobs: routes_export_jobs.cc; units and evidence workbooks: routes_workbooks.cc).
// The application checks the rights: exports need read access over the unit, imports entry rights
// over every record's unit.
#include "api/app.h"
#include "api/crud.h"
#include "api/job_routes.h"
#include "app/exchange/dhis2.h"
#include "app/exchange/values_csv.h"
#include "app/jobs.h"
#include "app/reports/exports.h"
#include "app/reports/report_access.h"
#include "app/reports/report_json.h"
#include "app/reports/report_writer.h"
#include "formats/docx_writer.h"
#include "formats/json_schema.h"
#include "formats/xlsx_writer.h"

namespace nq::api {
namespace {

using namespace nq::domain;

using app::kCsvContentType;
using app::kDocxContentType;
using app::kXlsxContentType;

std::string FileName(const app::ReportRequest& request, std::string_view stem,
                     std::string_view extension) {
  return fmt::format("{}-{}-{}.{}", stem, request.unit_id, request.period.ToString(), extension);
}

template <typename Writer>
HttpResponse Export(const Call& call, Writer write, std::string_view type, std::string_view ext) {
  auto request = ReadReportRequest(call);
  if (!request) return ErrorResponse(request.error());
  auto report = app::BuildReportAs(call.service(), call.principal(), *request);
  if (!report) return ErrorResponse(report.error());
  auto bytes = write(*report);
  if (!bytes) return ErrorResponse(bytes.error());
  return FileResponse(std::move(*bytes), type, FileName(*request, "bao-cao", ext));
}

HttpResponse ReportDocx(const Call& call) {
  return Export(call, formats::WriteDocx, kDocxContentType, "docx");
}
HttpResponse ReportXlsx(const Call& call) {
  return Export(call, formats::WriteReportXlsx, kXlsxContentType, "xlsx");
}
HttpResponse ReportJsonRoute(const Call& call) {
  auto request = ReadReportRequest(call);
  if (!request) return ErrorResponse(request.error());
  auto report = app::BuildReportAs(call.service(), call.principal(), *request);
  if (!report) return ErrorResponse(report.error());
  return JsonResponse(200, app::ReportJson(*report));
}

HttpResponse Template(const Call& call) {
  auto request = ReadReportRequest(call);
  if (!request) return ErrorResponse(request.error());
  auto bytes = app::WriteValuesTemplateAs(call.service(), call.principal(), *request);
  if (!bytes) return ErrorResponse(bytes.error());
  return FileResponse(std::move(*bytes), kXlsxContentType, FileName(*request, "bieu-mau", "xlsx"));
}

Result<HttpResponse> ImportValues(const Call& call) {
  NQ_RETURN_IF_ERROR(RequireXlsxBody(call));
  json::object details;
  auto reply = app::ImportValuesXlsxAs(call.service(), call.principal(), call.Actor(),
                                       call.Fingerprint(), call.request().body, details);
  return WriteResponse(reply, details);
}

// ---- Values in and out (DHIS2 dataValueSets, CSV), as jobs when asked

HttpResponse ExportDataValueSets(const Call& call) {
  auto request = ReadValuesRequest(call);
  if (!request) return ErrorResponse(request.error());
  auto exported = app::WriteDataValueSetsAs(call.service(), call.principal(), *request);
  if (!exported) return ErrorResponse(exported.error());
  HttpResponse response;
  response.content_type = "application/json";
  response.headers.emplace_back("X-Skipped-Term-Values", std::to_string(exported->skipped_terms));
  response.body = std::move(exported->json);
  return response;
}

HttpResponse ExportValuesCsv(const Call& call) {
  auto request = ReadValuesRequest(call);
  if (!request) return ErrorResponse(request.error());
  auto records = app::CollectValuesAs(call.service(), call.principal(), *request);
  if (!records) return ErrorResponse(records.error());
  return FileResponse(app::WriteValuesCsv(*records), kCsvContentType,
                      fmt::format("values-{}-{}-{}.csv", request->unit_id, request->from.ToString(),
                                  request->to.ToString()));
}

using app::ValuesFileFormat;

Result<HttpResponse> ImportValueFile(const Call& call, app::JobRegistry& jobs,
                                     ValuesFileFormat format) {
  NQ_RETURN_IF_ERROR(
      RequireMediaType(call, format == ValuesFileFormat::kCsv ? "text/csv" : "application/json"));
  if (Async(call)) {
    NQ_TRY(auto job, app::StartValuesFileImport(call.service(), jobs, call.principal(),
                                                call.Actor(), format, call.request().body));
    return JobStarted(*job);
  }
  json::object details;
  auto reply = app::ImportValuesFileAs(call.service(), call.principal(), call.Actor(),
                                       call.Fingerprint(), format, call.request().body, details);
  if (!reply) return ProblemWith(reply.error(), details);
  // Answered without Idempotent-Replayed, as this route always has been.
  return JsonResponse(reply->status, reply->body);
}

Result<HttpResponse> JobStatus(const Call& call, app::JobRegistry& jobs) {
  NQ_TRY(Id id, call.PathId("job"));
  NQ_TRY(auto job, app::FindJobAs(jobs, call.principal(), id));
  return JsonResponse(200, job->ToJson());
}

Result<HttpResponse> CancelJob(const Call& call, app::JobRegistry& jobs) {
  NQ_TRY(Id id, call.PathId("job"));
  NQ_TRY(auto job, app::CancelJobAs(jobs, call.principal(), id));
  return JsonResponse(202, job->ToJson());
}

}  // namespace

void AddReportRoutes(Router& router, app::Service& service, app::JobRegistry& jobs) {
  namespace sc = formats::schema;
  auto with_jobs = [&service, &jobs](auto handler) { return WithJobs(service, jobs, handler); };
  const sc::Schema async = sc::Boolean("true: chạy thành tác vụ (202)");
  router
      .Add("POST", "/api/v1/imports/datavaluesets",
           "Writes a DHIS2 dataValueSets document (codes): all or nothing; async=true runs it as "
           "a job",
           with_jobs([](const Call& call, app::JobRegistry& registry) {
             return ImportValueFile(call, registry, ValuesFileFormat::kDhis2);
           }))
      .Query("async", async)
      .Takes(app::DataValueSetsSchema(true))
      .Answers(200, WrittenSchema())
      .StartsJob(false);
  router
      .Add(
          "POST", "/api/v1/imports/values.csv",
          "Writes a values CSV (indicator_code, unit_code, period, value, comment): all or nothing",
          with_jobs([](const Call& call, app::JobRegistry& registry) {
            return ImportValueFile(call, registry, ValuesFileFormat::kCsv);
          }))
      .Query("async", async)
      .TakesFile("text/csv")
      .Answers(200, WrittenSchema())
      .StartsJob(false);
  ValuesQuery(
      router.Add("GET", "/api/v1/exports/datavaluesets",
                 "The current values of a unit's subtree from one period to another as DHIS2 "
                 "dataValueSets",
                 Bind(service, ExportDataValueSets)))
      .Answers(200, app::DataValueSetsSchema(false));
  ValuesQuery(router.Add("GET", "/api/v1/exports/values.csv",
                         "The current values of a unit's subtree from one period to another as CSV",
                         Bind(service, ExportValuesCsv)))
      .AnswersFile("text/csv");
  router
      .Add("GET", "/api/v1/jobs/{id}", "A job's state and progress, with its result or error",
           with_jobs(JobStatus))
      .Answers(200, app::JobSchema());
  router
      .Add("DELETE", "/api/v1/jobs/{id}",
           "Cancels a job; an import cancelled writes nothing, an export keeps no file",
           with_jobs(CancelJob))
      .Answers(202, app::JobSchema());
  ReportQuery(router.Add("GET", "/api/v1/exports/report.docx",
                         "The report of a unit for a period as a Word document (lang=vi|en)",
                         Bind(service, ReportDocx)))
      .AnswersFile(std::string(kDocxContentType));
  ReportQuery(
      router.Add("GET", "/api/v1/exports/report.xlsx",
                 "The report's tables (targets, obligations by unit, values by unit) as a workbook",
                 Bind(service, ReportXlsx)))
      .AnswersFile(std::string(kXlsxContentType));
  ReportQuery(router.Add("GET", "/api/v1/exports/report.json",
                         "The structured report of a unit for a period",
                         Bind(service, ReportJsonRoute)))
      .Answers(200, app::ReportJsonSchema());
  ReportQuery(router.Add("GET", "/api/v1/exports/template.xlsx",
                         "The values template of a unit and period, with its current values",
                         Bind(service, Template)))
      .AnswersFile(std::string(kXlsxContentType));
  router
      .Add("POST", "/api/v1/imports/values.xlsx",
           "Writes the values of a filled template: all or nothing, errors by sheet, row, column",
           Bind(service, ImportValues))
      .TakesFile(std::string(kXlsxContentType))
      .Answers(200, WrittenSchema());
  AddExportJobRoutes(router, service, jobs);
  AddWorkbookRoutes(router, service, jobs);
}

}  // namespace nq::api
