// Units and obligations' evidence in from Excel: each has a template to download and an upload
// that checks every cell and applies all of it or nothing (at once, or with async=true as a job
// with progress). Rights are checked before anything runs: new units need administration over
// their parent (over the root for a new root), evidence needs entry over the assignment's unit
// (or management over the obligation's issuer), as the single-row routes do.
#include <set>

#include "api/crud.h"
#include "api/job_routes.h"
#include "app/exchange/evidence_import.h"
#include "app/exchange/units_import.h"
#include "app/exchange/workbooks_access.h"
#include "app/reports/exports.h"

namespace nq::api {
namespace {

using namespace nq::domain;

// An upload read with `read` and checked by `check` (its cells against the store, and the
// caller's rights) before anything runs: the file and what `check` allows, or the answer that
// refuses it (400 listing the file's problems, 403/404 for rights).
template <typename Allowed>
std::expected<std::pair<formats::FilledSheet, Allowed>, HttpResponse> CheckedUpload(
    const Call& call,
    Result<formats::FilledSheet> (*read)(std::string_view, std::vector<formats::ImportIssue>&),
    Result<Allowed> (*check)(app::Service&, const app::Principal&, const formats::FilledSheet&,
                             std::vector<formats::ImportIssue>&),
    std::string_view nothing_written) {
  if (auto xlsx = RequireXlsxBody(call); !xlsx) return std::unexpected(ErrorResponse(xlsx.error()));
  std::vector<formats::ImportIssue> issues;
  auto sheet = read(call.request().body, issues);
  if (!sheet) return std::unexpected(IssuesProblem(sheet.error(), issues));
  Result<Allowed> allowed = check(call.service(), call.principal(), *sheet, issues);
  if (!allowed && !issues.empty()) {
    return std::unexpected(IssuesProblem(
        formats::ImportFailed(issues, allowed.error().code, nothing_written).error(), issues));
  }
  if (!allowed) return std::unexpected(ErrorResponse(allowed.error()));
  return std::pair{std::move(*sheet), std::move(*allowed)};
}

Result<HttpResponse> UnitsTemplate(const Call& call) {
  NQ_TRY(std::string bytes, app::WriteUnitsTemplateAs(call.service(), call.principal()));
  return FileResponse(std::move(bytes), app::kXlsxContentType, "bieu-mau-don-vi.xlsx");
}

HttpResponse ImportUnits(const Call& call, app::JobRegistry& jobs) {
  auto checked = CheckedUpload<std::set<std::optional<Id>>>(
      call, app::ReadUnitsXlsx, app::AuthorizeUnitsImport, "không tạo đơn vị nào");
  if (!checked) return std::move(checked.error());
  auto& [sheet, parents] = *checked;
  return RunImport(
      call, jobs, "import-units",
      [sheet = std::move(sheet), parents = std::move(parents)](
          app::WriteScope& scope, std::vector<formats::ImportIssue>& found,
          const WorkControl& control) -> Result<json::value> {
        NQ_TRY(auto created, app::ImportUnitsUnder(scope, sheet, found, parents, control));
        json::array codes;
        for (const Unit& unit : created) codes.push_back(json::value(unit.code));
        return json::value(json::object{{"created", created.size()}, {"codes", std::move(codes)}});
      });
}

Result<HttpResponse> EvidenceTemplate(const Call& call) {
  NQ_TRY(Id obligation_id, call.RequiredQueryId("obligation_id"));
  NQ_TRY(Id unit_id, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(app::NamedWorkbook workbook,
         app::WriteEvidenceTemplateAs(call.service(), call.principal(), obligation_id, unit_id));
  return FileResponse(std::move(workbook.bytes), app::kXlsxContentType, workbook.file_name);
}

HttpResponse ImportEvidence(const Call& call, app::JobRegistry& jobs) {
  auto checked = CheckedUpload<std::set<Id>>(
      call, app::ReadEvidenceXlsx, app::AuthorizeEvidenceImport, "không ghi minh chứng nào");
  if (!checked) return std::move(checked.error());
  auto& [sheet, allowed] = *checked;
  app::Service& service = call.service();
  return RunImport(call, jobs, "import-evidence",
                   [&service, sheet = std::move(sheet), allowed = std::move(allowed)](
                       app::WriteScope& scope, std::vector<formats::ImportIssue>& found,
                       const WorkControl& control) -> Result<json::value> {
                     NQ_TRY(auto written,
                            app::ImportEvidenceTo(scope, service, sheet, found, allowed, control));
                     return json::value(json::object{{"written", written.size()}});
                   });
}

}  // namespace

void AddWorkbookRoutes(Router& router, app::Service& service, JobRegistryPtr jobs) {
  router.Add("GET", "/api/v1/exports/units-template.xlsx",
             "The units workbook to fill: new units, with the existing units and unit kinds",
             Bind(service, UnitsTemplate));
  router.Add("POST", "/api/v1/imports/units.xlsx",
             "Creates the units of a filled units workbook: all or nothing, errors by sheet, row, "
             "column; async=true runs it as a job",
             WithJobs(service, jobs, ImportUnits));
  router.Add(
      "GET", "/api/v1/exports/evidence-template.xlsx",
      "The evidence workbook of an obligation over a unit's subtree (obligation_id, unit_id)",
      Bind(service, EvidenceTemplate));
  router.Add("POST", "/api/v1/imports/evidence.xlsx",
             "Writes the status, dates and evidence of a filled evidence workbook: all or nothing; "
             "async=true runs it as a job",
             WithJobs(service, jobs, ImportEvidence));
}

}  // namespace nq::api
