// What the routes that may run long work as jobs share (routes_reports.cc, routes_export_jobs.cc,
// routes_workbooks.cc): answering 202 for a started job, files, and the requests of exports.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/call.h"
#include "app/exchange/value_exchange.h"
#include "app/jobs.h"
#include "app/reports/report_writer.h"

namespace nq::api {

// A route handler given the call and the registry of jobs.
RouteHandler WithJobs(app::Service& service, app::JobRegistry& jobs,
                      std::function<Result<HttpResponse>(const Call&, app::JobRegistry&)> handler);

// 202 with the job's state and Location: /api/v1/jobs/{id}.
HttpResponse JobStarted(const app::Job& job);

// A file to download: `type`, and Content-Disposition naming it.
HttpResponse FileResponse(std::string bytes, std::string_view type, std::string_view name);

// invalid_argument naming Content-Type unless the body is sent as a workbook.
Status RequireXlsxBody(const Call& call);

// Whether the caller asked for the work to run as a job (async=true).
bool Async(const Call& call);

// The unit, period and language of a report export (unit_id, period, lang); the app layer
// checks the caller may read the unit.
Result<app::ReportRequest> ReadReportRequest(const Call& call);
// The unit and periods of a values export (unit_id, from, to); checked the same way.
Result<app::ExportRequest> ReadValuesRequest(const Call& call);

// The query parameters these read, declared on `route`; and the answer of an import that wrote
// values ("Written").
Route& ReportQuery(Route& route);
Route& ValuesQuery(Route& route);
boost::json::object WrittenSchema();

// Export jobs: POST /api/v1/exports/{report.docx,report.xlsx,values.csv,datavaluesets,bundle}
// and GET /api/v1/jobs/{id}/file.
void AddExportJobRoutes(Router& router, app::Service& service, app::JobRegistry& jobs);
// Units and obligations' evidence in from Excel: templates and uploads.
void AddWorkbookRoutes(Router& router, app::Service& service, app::JobRegistry& jobs);

}  // namespace nq::api
