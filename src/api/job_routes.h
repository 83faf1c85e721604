// What the routes that run long work as jobs share (routes_reports.cc, routes_export_jobs.cc,
// routes_workbooks.cc): finding the caller's job, answering 202 for a started one, files,
// workbook errors as JSON, and an import that runs at once or as a job.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/call.h"
#include "app/exchange/value_exchange.h"
#include "app/jobs.h"
#include "app/reports/report_writer.h"
#include "common/work_control.h"
#include "formats/xlsx_reader.h"

namespace nq::api {

using JobRegistryPtr = std::shared_ptr<app::JobRegistry>;

// A route handler given the call and the registry of jobs.
RouteHandler WithJobs(app::Service& service, JobRegistryPtr jobs,
                      std::function<HttpResponse(const Call&, app::JobRegistry&)> handler);

// The caller's own job; others' jobs are not found.
Result<std::shared_ptr<app::Job>> FindJob(const Call& call, app::JobRegistry& jobs);

// The progress and cancellation flag of `job`, for the work it runs.
WorkControl JobControl(app::Job& job);

// 202 with the job's state and Location: /api/v1/jobs/{id}.
HttpResponse JobStarted(const app::Job& job);

// A file to download: `type`, and Content-Disposition naming it.
HttpResponse FileResponse(std::string bytes, std::string_view type, std::string_view name);

// invalid_argument naming Content-Type unless the body is sent as a workbook.
Status RequireXlsxBody(const Call& call);

// The problems of a workbook as JSON: [{"sheet", "row", "column", "detail"}].
json::array IssuesJson(const std::vector<formats::ImportIssue>& issues);
// The problem+json answer of a refused workbook, listing its problems under "errors".
HttpResponse IssuesProblem(const Error& error, const std::vector<formats::ImportIssue>& issues);

// The unit, period and language of a report export (unit_id, period, lang); the app layer
// checks the caller may read the unit.
Result<app::ReportRequest> ReadReportRequest(const Call& call);
// The unit and periods of a values export (unit_id, from, to); checked the same way.
Result<app::ExportRequest> ReadValuesRequest(const Call& call);

// The work of an import in one transaction: its result, or an error with the workbook's
// problems in `issues`.
using ImportWork = std::function<Result<json::value>(
    app::WriteScope& scope, std::vector<formats::ImportIssue>& issues, const WorkControl& control)>;

// Runs `work` at once in one mutation (200 with its result, or the problem with its issues), or
// with async=true as a job of kind `kind` (202; the job's error lists the issues). Rights must be
// checked before: the job runs after the request.
HttpResponse RunImport(const Call& call, app::JobRegistry& jobs, std::string kind, ImportWork work);

// Export jobs: POST /api/v1/exports/{report.docx,report.xlsx,values.csv,datavaluesets,bundle}
// and GET /api/v1/jobs/{id}/file.
void AddExportJobRoutes(Router& router, app::Service& service, JobRegistryPtr jobs);
// Units and obligations' evidence in from Excel: templates and uploads.
void AddWorkbookRoutes(Router& router, app::Service& service, JobRegistryPtr jobs);

}  // namespace nq::api
