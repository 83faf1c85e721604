// Large exports as jobs: POST starts one (the report of a unit and period as .docx or .xlsx, the
// values of a subtree as CSV or DHIS2 dataValueSets, the whole store as a bundle), GET
// /jobs/{id} follows its progress, DELETE cancels it (or discards its file), and GET
// /jobs/{id}/file downloads what it made. A failed or cancelled export keeps no file.
#include "api/job_routes.h"
#include "app/reports/exports.h"
#include "app/reports/report_access.h"

namespace nq::api {
namespace {

using namespace nq::domain;

// The export's parameters from the query.
Result<app::ExportSpec> ReadSpec(const Call& call, app::ExportKind kind) {
  app::ExportSpec spec;
  spec.kind = kind;
  switch (kind) {
    case app::ExportKind::kReportDocx:
    case app::ExportKind::kReportXlsx: {
      NQ_TRY(spec.report, ReadReportRequest(call));
      return spec;
    }
    case app::ExportKind::kValuesCsv:
    case app::ExportKind::kDataValueSets: {
      NQ_TRY(spec.values, ReadValuesRequest(call));
      return spec;
    }
    case app::ExportKind::kBundle:
      return spec;
  }
  return MakeError(ErrorCode::kInternal, "unknown export kind");
}

// Starts the export; the application checks the caller may read what it covers.
Result<HttpResponse> StartExport(const Call& call, app::JobRegistry& jobs, app::ExportKind kind) {
  NQ_TRY(app::ExportSpec spec, ReadSpec(call, kind));
  NQ_TRY(auto job, app::StartExport(call.service(), jobs, call.principal(), spec));
  return JobStarted(*job);
}

Result<HttpResponse> JobFile(const Call& call, app::JobRegistry& jobs) {
  NQ_TRY(Id id, call.PathId("job"));
  NQ_TRY(auto file, app::JobFileAs(jobs, call.principal(), id));
  return FileResponse(file->bytes, file->content_type, file->name);
}

}  // namespace

void AddExportJobRoutes(Router& router, app::Service& service, app::JobRegistry& jobs) {
  using app::ExportKind;
  auto start = [&service, &jobs](ExportKind kind) {
    return WithJobs(service, jobs, [kind](const Call& call, app::JobRegistry& registry) {
      return StartExport(call, registry, kind);
    });
  };
  ReportQuery(
      router.Add("POST", "/api/v1/exports/report.docx",
                 "Starts a job that writes the report of a unit for a period as a Word document",
                 start(ExportKind::kReportDocx)))
      .TakesNothing()
      .StartsJob();
  ReportQuery(
      router.Add(
          "POST", "/api/v1/exports/report.xlsx",
          "Starts a job that writes the report's tables of a unit for a period as a workbook",
          start(ExportKind::kReportXlsx)))
      .TakesNothing()
      .StartsJob();
  ValuesQuery(
      router.Add("POST", "/api/v1/exports/values.csv",
                 "Starts a job that writes the values of a unit's subtree (from, to) as CSV",
                 start(ExportKind::kValuesCsv)))
      .TakesNothing()
      .StartsJob();
  ValuesQuery(
      router.Add("POST", "/api/v1/exports/datavaluesets",
                 "Starts a job that writes the values of a unit's subtree as DHIS2 dataValueSets",
                 start(ExportKind::kDataValueSets)))
      .TakesNothing()
      .StartsJob();
  router
      .Add("POST", "/api/v1/exports/bundle",
           "Starts a job that writes the whole store as one JSON bundle (administrators)",
           start(ExportKind::kBundle))
      .TakesNothing()
      .StartsJob();
  router
      .Add("GET", "/api/v1/jobs/{id}/file", "The file a finished export job made",
           WithJobs(service, jobs, JobFile))
      .AnswersFile(std::string(app::kDocxContentType))
      .AnswersFile(std::string(app::kXlsxContentType))
      .AnswersFile("text/csv")
      .AnswersFile("application/json");
}

}  // namespace nq::api
