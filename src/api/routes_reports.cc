// Routes for reports out (.docx, .xlsx, JSON), the values template and the values upload,
// values in and out as DHIS2 dataValueSets and CSV, and the jobs of long imports and exports
// (export jobs: routes_export_jobs.cc; units and evidence workbooks: routes_workbooks.cc).
// Exports need read access over the unit; imports need entry rights over every record's unit.
#include <memory>

#include "api/app.h"
#include "api/crud.h"
#include "api/job_routes.h"
#include "api/problem.h"
#include "app/exchange/dhis2.h"
#include "app/exchange/values_csv.h"
#include "app/exchange/xlsx_import.h"
#include "app/jobs.h"
#include "app/reports/exports.h"
#include "app/reports/report_access.h"
#include "app/reports/report_writer.h"
#include "formats/docx_writer.h"
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

HttpResponse ImportValues(const Call& call) {
  if (auto xlsx = RequireXlsxBody(call); !xlsx) return ErrorResponse(xlsx.error());
  json::object extra;
  return Mutation(
      call,
      [&](app::WriteScope& scope) -> Result<app::Reply> {
        std::vector<formats::ImportIssue> issues;
        auto written = app::ImportValuesXlsx(scope, call.request().body, issues,
                                             app::EntryCheck(call.access()));
        if (!written) {
          extra["errors"] = IssuesJson(issues);
          return std::unexpected(written.error());
        }
        return app::Reply{200, json::object{{"written", written->size()}}};
      },
      &extra);
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

enum class Format { kDhis2, kCsv };

Result<std::vector<app::ValueRecord>> ParseRecords(Format format, std::string_view body,
                                                   std::vector<Error>& errors) {
  if (format == Format::kCsv) return app::ParseValuesCsv(body, errors);
  return app::ParseDataValueSets(body, errors);
}

// Writes `records` in one transaction, all or nothing; `authorize` may be empty when the
// caller's rights were checked already.
Result<size_t> ImportRecords(app::Service& service, const app::Actor& actor,
                             std::string_view fingerprint,
                             const std::function<Status(Id)>& authorize, Format format,
                             const std::vector<app::ValueRecord>& records,
                             std::vector<Error>& errors, const app::ImportControl& control) {
  size_t written = 0;
  NQ_TRY(auto reply,
         service.Mutate(actor, fingerprint, [&](app::WriteScope& scope) -> Result<app::Reply> {
           auto applied =
               format == Format::kCsv
                   ? app::ImportValuesCsv(scope, records, errors, authorize, control)
                   : app::ImportDataValueSets(scope, records, errors, authorize, control);
           if (!applied) return std::unexpected(applied.error());
           written = *applied;
           return app::Reply{200, json::object{{"written", written}}};
         }));
  if (reply.replayed) {
    const json::value* stored =
        reply.body.is_object() ? reply.body.get_object().if_contains("written") : nullptr;
    if (stored && stored->is_number()) written = stored->to_number<size_t>();
  }
  return written;
}

HttpResponse ImportProblem(const Error& error, const std::vector<Error>& errors) {
  json::object extra;
  if (!errors.empty()) {
    extra["errors"] = app::ErrorsJson(errors);
    extra["error_count"] = errors.size();
  }
  return extra.empty() ? ErrorResponse(error) : Problem(error, 0, &extra);
}

HttpResponse ImportValueFile(const Call& call, app::JobRegistry& jobs, Format format) {
  std::string type = call.request().Header("content-type");
  std::string_view expected = format == Format::kCsv ? "text/csv" : "application/json";
  if (type.find(expected) == std::string::npos) {
    return ErrorResponse(Error{ErrorCode::kInvalidArgument,
                               fmt::format("send the file as {}", expected), "Content-Type"});
  }
  app::Actor actor = call.Actor();
  std::vector<Error> errors;
  auto records = ParseRecords(format, call.request().body, errors);
  if (!records) return ErrorResponse(records.error());
  // Every unit the file names is checked before anything runs, at once or as a job: a unit out
  // of sight is a 404 and one seen but not the caller's to enter a 403, as for POST /values.
  if (auto allowed = app::AuthorizeValueImport(call.service(), call.principal(), *records);
      !allowed) {
    return ErrorResponse(allowed.error());
  }
  if (call.QueryText("async").value_or("false") != "true") {
    auto written = ImportRecords(call.service(), actor, call.Fingerprint(),
                                 app::EntryCheck(call.access()), format, *records, errors, {});
    if (!written) return ImportProblem(written.error(), errors);
    return JsonResponse(200, json::object{{"written", *written}});
  }
  // The job owns the records; it runs without an idempotency key.
  actor.idempotency_key.clear();
  app::Service& service = call.service();
  auto job = jobs.Start(
      format == Format::kCsv ? "import-values-csv" : "import-datavaluesets", actor.name,
      [&service, actor, format, records = std::move(*records), errors = std::move(errors)](
          app::Job& running, json::value& details) mutable -> Result<json::value> {
        app::ImportControl control;
        control.cancelled = &running.cancel_flag();
        control.progress = [&](size_t done, size_t total) { running.SetProgress(done, total); };
        running.SetProgress(0, records.size());
        auto written = ImportRecords(service, actor, "", nullptr, format, records, errors, control);
        if (!written) {
          if (!errors.empty()) details = app::ErrorsJson(errors);
          return std::unexpected(written.error());
        }
        return json::value(json::object{{"written", *written}});
      });
  return JobStarted(*job);
}

HttpResponse JobStatus(const Call& call, app::JobRegistry& jobs) {
  auto job = FindJob(call, jobs);
  if (!job) return ErrorResponse(job.error());
  return JsonResponse(200, (*job)->ToJson());
}

HttpResponse CancelJob(const Call& call, app::JobRegistry& jobs) {
  auto job = FindJob(call, jobs);
  if (!job) return ErrorResponse(job.error());
  (*job)->Cancel();
  return JsonResponse(202, (*job)->ToJson());
}

}  // namespace

void AddReportRoutes(Router& router, app::Service& service) {
  // Destroyed with the router, which cancels and joins the jobs still running.
  auto jobs = std::make_shared<app::JobRegistry>();
  auto with_jobs = [&service, jobs](auto handler) { return WithJobs(service, jobs, handler); };
  router.Add(
      "POST", "/api/v1/imports/datavaluesets",
      "Writes a DHIS2 dataValueSets document (codes): all or nothing; async=true runs it as a job",
      with_jobs([](const Call& call, app::JobRegistry& registry) {
        return ImportValueFile(call, registry, Format::kDhis2);
      }));
  router.Add(
      "POST", "/api/v1/imports/values.csv",
      "Writes a values CSV (indicator_code, unit_code, period, value, comment): all or nothing",
      with_jobs([](const Call& call, app::JobRegistry& registry) {
        return ImportValueFile(call, registry, Format::kCsv);
      }));
  router.Add(
      "GET", "/api/v1/exports/datavaluesets",
      "The current values of a unit's subtree from one period to another as DHIS2 dataValueSets",
      Bind(service, ExportDataValueSets));
  router.Add("GET", "/api/v1/exports/values.csv",
             "The current values of a unit's subtree from one period to another as CSV",
             Bind(service, ExportValuesCsv));
  router.Add("GET", "/api/v1/jobs/{id}", "A job's state and progress, with its result or error",
             with_jobs(JobStatus));
  router.Add("DELETE", "/api/v1/jobs/{id}",
             "Cancels a job; an import cancelled writes nothing, an export keeps no file",
             with_jobs(CancelJob));
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
  AddExportJobRoutes(router, service, jobs);
  AddWorkbookRoutes(router, service, jobs);
}

}  // namespace nq::api
