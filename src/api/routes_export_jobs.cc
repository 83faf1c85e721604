// Large exports as jobs: POST starts one (the report of a unit and period as .docx or .xlsx, the
// values of a subtree as CSV or DHIS2 dataValueSets, the whole store as a bundle), GET
// /jobs/{id} follows its progress, DELETE cancels it (or discards its file), and GET
// /jobs/{id}/file downloads what it made. A failed or cancelled export keeps no file.
#include "api/job_routes.h"
#include "api/problem.h"
#include "service/exports.h"

namespace nq::api {
namespace {

using namespace nq::domain;

// The export's parameters from the query, after checking the caller may read what it covers.
Result<service::ExportSpec> ReadSpec(const Call& call, service::ExportKind kind) {
  service::ExportSpec spec;
  spec.kind = kind;
  switch (kind) {
    case service::ExportKind::kReportDocx:
    case service::ExportKind::kReportXlsx: {
      NQ_TRY(spec.report, ReadReportRequest(call));
      return spec;
    }
    case service::ExportKind::kValuesCsv:
    case service::ExportKind::kDataValueSets: {
      NQ_TRY(spec.values, ReadValuesRequest(call));
      return spec;
    }
    case service::ExportKind::kBundle:
      // The bundle holds every unit: it is for an administrator over the root.
      NQ_RETURN_IF_ERROR(call.access().RequireGlobal(Action::kAdminister, "the whole store"));
      return spec;
  }
  return MakeError(ErrorCode::kInternal, "unknown export kind");
}

HttpResponse StartExport(const Call& call, service::JobRegistry& jobs, service::ExportKind kind) {
  auto spec = ReadSpec(call, kind);
  if (!spec) return ErrorResponse(spec.error());
  service::Service& service = call.service();
  auto job = jobs.Start(
      fmt::format("export-{}", service::ExportKindName(kind)), call.principal().login,
      [&service, spec = *spec](service::Job& running, json::value&) -> Result<json::value> {
        NQ_TRY(service::ExportFile file, service::MakeExport(service, spec, JobControl(running)));
        json::object result{{"name", file.name}, {"size", file.bytes.size()}};
        if (spec.kind == service::ExportKind::kValuesCsv ||
            spec.kind == service::ExportKind::kDataValueSets) {
          result["values"] = file.records;
          result["skipped_terms"] = file.skipped_terms;
        }
        running.SetFile(
            {std::move(file.name), std::move(file.content_type), std::move(file.bytes)});
        return json::value(std::move(result));
      });
  return JobStarted(*job);
}

HttpResponse JobFile(const Call& call, service::JobRegistry& jobs) {
  auto job = FindJob(call, jobs);
  if (!job) return ErrorResponse(job.error());
  const service::JobState state = (*job)->state();
  if (state == service::JobState::kQueued || state == service::JobState::kRunning) {
    return ErrorResponse(Error{ErrorCode::kFailedPrecondition,
                               fmt::format("job {} is still {}; its file is not ready",
                                           (*job)->id(), service::JobStateName(state)),
                               {}});
  }
  auto file = (*job)->file();
  if (!file) {
    return ErrorResponse(MakeError(ErrorCode::kNotFound, "job {} has no file ({})", (*job)->id(),
                                   service::JobStateName(state)));
  }
  return FileResponse(file->bytes, file->content_type, file->name);
}

}  // namespace

void AddExportJobRoutes(Router& router, service::Service& service, JobRegistryPtr jobs) {
  using service::ExportKind;
  auto start = [&service, jobs](ExportKind kind) {
    return WithJobs(service, jobs, [kind](const Call& call, service::JobRegistry& registry) {
      return StartExport(call, registry, kind);
    });
  };
  router.Add("POST", "/api/v1/exports/report.docx",
             "Starts a job that writes the report of a unit for a period as a Word document",
             start(ExportKind::kReportDocx));
  router.Add("POST", "/api/v1/exports/report.xlsx",
             "Starts a job that writes the report's tables of a unit for a period as a workbook",
             start(ExportKind::kReportXlsx));
  router.Add("POST", "/api/v1/exports/values.csv",
             "Starts a job that writes the values of a unit's subtree (from, to) as CSV",
             start(ExportKind::kValuesCsv));
  router.Add("POST", "/api/v1/exports/datavaluesets",
             "Starts a job that writes the values of a unit's subtree as DHIS2 dataValueSets",
             start(ExportKind::kDataValueSets));
  router.Add("POST", "/api/v1/exports/bundle",
             "Starts a job that writes the whole store as one JSON bundle (administrators)",
             start(ExportKind::kBundle));
  router.Add("GET", "/api/v1/jobs/{id}/file", "The file a finished export job made",
             WithJobs(service, jobs, JobFile));
}

}  // namespace nq::api
