// Units and obligations' evidence in from Excel: each has a template to download and an upload
// that checks every cell and applies all of it or nothing (at once, or with async=true as a job
// with progress). The application checks rights before anything runs: new units need
// administration over their parent (over the root for a new root), evidence needs entry over the
// assignment's unit (or management over the obligation's issuer), as the single-row routes do.
#include "api/crud.h"
#include "api/job_routes.h"
#include "app/exchange/workbooks_access.h"
#include "app/reports/exports.h"
#include "formats/json_schema.h"

namespace nq::api {
namespace {

using namespace nq::domain;

Result<HttpResponse> UnitsTemplate(const Call& call) {
  NQ_TRY(std::string bytes, app::WriteUnitsTemplateAs(call.service(), call.principal()));
  return FileResponse(std::move(bytes), app::kXlsxContentType, "bieu-mau-don-vi.xlsx");
}

// An upload, written at once or with async=true as a job; the problems of a refused workbook,
// listed in its problem+json answer, are in `details`.
Result<HttpResponse> ImportWorkbook(const Call& call, app::JobRegistry& jobs,
                                    app::Workbook workbook) {
  NQ_RETURN_IF_ERROR(RequireXlsxBody(call));
  json::object details;
  if (!Async(call)) {
    return WriteResponse(
        app::ImportWorkbookAs(call.service(), call.principal(), call.Actor(), call.Fingerprint(),
                              workbook, call.request().body, details),
        details);
  }
  auto job = app::StartWorkbookImport(call.service(), jobs, call.principal(), call.Actor(),
                                      workbook, call.request().body, details);
  if (!job) return ProblemWith(job.error(), details);
  return JobStarted(**job);
}

Result<HttpResponse> EvidenceTemplate(const Call& call) {
  NQ_TRY(Id obligation_id, call.RequiredQueryId("obligation_id"));
  NQ_TRY(Id unit_id, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(app::NamedWorkbook workbook,
         app::WriteEvidenceTemplateAs(call.service(), call.principal(), obligation_id, unit_id));
  return FileResponse(std::move(workbook.bytes), app::kXlsxContentType, workbook.file_name);
}

}  // namespace

void AddWorkbookRoutes(Router& router, app::Service& service, app::JobRegistry& jobs) {
  namespace sc = formats::schema;
  const std::string xlsx(app::kXlsxContentType);
  const sc::Schema async = sc::Boolean("true: chạy thành tác vụ (202)");
  router
      .Add("GET", "/api/v1/exports/units-template.xlsx",
           "The units workbook to fill: new units, with the existing units and unit kinds",
           Bind(service, UnitsTemplate))
      .AnswersFile(xlsx);
  router
      .Add("POST", "/api/v1/imports/units.xlsx",
           "Creates the units of a filled units workbook: all or nothing, errors by sheet, row, "
           "column; async=true runs it as a job",
           WithJobs(service, jobs,
                    [](const Call& call, app::JobRegistry& registry) {
                      return ImportWorkbook(call, registry, app::Workbook::kUnits);
                    }))
      .Query("async", async)
      .TakesFile(xlsx)
      .Answers(200,
               sc::Named("UnitsCreated", sc::Object({{"created", sc::Integer("Số đơn vị đã tạo")},
                                                     {"codes", sc::ArrayOf(sc::Text())}})))
      .StartsJob(false);
  router
      .Add("GET", "/api/v1/exports/evidence-template.xlsx",
           "The evidence workbook of an obligation over a unit's subtree (obligation_id, unit_id)",
           Bind(service, EvidenceTemplate))
      .Query("obligation_id", sc::PositiveId(), true)
      .Query("unit_id", sc::UnitKey(), true)
      .AnswersFile(xlsx);
  router
      .Add("POST", "/api/v1/imports/evidence.xlsx",
           "Writes the status, dates and evidence of a filled evidence workbook: all or nothing; "
           "async=true runs it as a job",
           WithJobs(service, jobs,
                    [](const Call& call, app::JobRegistry& registry) {
                      return ImportWorkbook(call, registry, app::Workbook::kEvidence);
                    }))
      .Query("async", async)
      .TakesFile(xlsx)
      .Answers(200, WrittenSchema())
      .StartsJob(false);
}

}  // namespace nq::api
