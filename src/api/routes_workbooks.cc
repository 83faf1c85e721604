// Units and obligations' evidence in from Excel: each has a template to download and an upload
// that checks every cell and applies all of it or nothing (at once, or with async=true as a job
// with progress). Rights are checked before anything runs: new units need administration over
// their parent (over the root for a new root), evidence needs entry over the assignment's unit
// (or management over the obligation's issuer), as the single-row routes do.
#include <set>

#include "app/policy.h"
#include "api/crud.h"
#include "api/job_routes.h"
#include "app/exchange/evidence_import.h"
#include "app/reports/exports.h"
#include "app/exchange/units_import.h"

namespace nq::api {
namespace {

using namespace nq::domain;

// An upload read with `read` and checked by `check` (its cells against the store, and the
// caller's rights) before anything runs: the file and what `check` allows, or the answer that
// refuses it (400 listing the file's problems, 403/404 for rights).
template <typename Allowed, typename Check>
std::expected<std::pair<formats::FilledSheet, Allowed>, HttpResponse> CheckedUpload(
    const Call& call,
    Result<formats::FilledSheet> (*read)(std::string_view, std::vector<formats::ImportIssue>&),
    Check check, std::string_view nothing_written) {
  if (auto xlsx = RequireXlsxBody(call); !xlsx) return std::unexpected(ErrorResponse(xlsx.error()));
  std::vector<formats::ImportIssue> issues;
  auto sheet = read(call.request().body, issues);
  if (!sheet) return std::unexpected(IssuesProblem(sheet.error(), issues));
  Result<Allowed> allowed = check(call, *sheet, issues);
  if (!allowed && !issues.empty()) {
    return std::unexpected(IssuesProblem(
        formats::ImportFailed(issues, allowed.error().code, nothing_written).error(), issues));
  }
  if (!allowed) return std::unexpected(ErrorResponse(allowed.error()));
  return std::pair{std::move(*sheet), std::move(*allowed)};
}

HttpResponse UnitsTemplate(const Call& call) {
  app::Access access = call.access();
  auto bytes = app::WriteUnitsTemplate(
      call.service(), [&](Id unit) { return access.Can(Action::kRead, unit); }, access.HasScope());
  if (!bytes) return ErrorResponse(bytes.error());
  return FileResponse(std::move(*bytes), app::kXlsxContentType, "bieu-mau-don-vi.xlsx");
}

// The existing parents the new units hang under, each checked for administration (a new root:
// administration over the root of the tree).
Result<std::set<std::optional<Id>>> AuthorizeUnits(const Call& call,
                                                   const formats::FilledSheet& sheet,
                                                   std::vector<formats::ImportIssue>& issues) {
  NQ_TRY(auto plan, call.service().database().Read([&](storage::Transaction& tx) {
    return app::PlanUnits(tx, sheet, issues);
  }));
  app::Access access = call.access();
  std::set<std::optional<Id>> parents;
  for (const app::PlannedUnit& planned : plan) {
    if (planned.parent_index) continue;
    if (planned.parent_id) {
      NQ_RETURN_IF_ERROR(access.Require(Action::kAdminister, *planned.parent_id,
                                        fmt::format("unit {}", *planned.parent_id)));
    } else {
      NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "a new root unit"));
    }
    parents.insert(planned.parent_id);
  }
  return parents;
}

HttpResponse ImportUnits(const Call& call, app::JobRegistry& jobs) {
  auto checked = CheckedUpload<std::set<std::optional<Id>>>(call, app::ReadUnitsXlsx,
                                                            AuthorizeUnits, "không tạo đơn vị nào");
  if (!checked) return std::move(checked.error());
  auto& [sheet, parents] = *checked;
  // Only the parents checked above: the store may have changed before the work runs.
  auto authorize = [parents = std::move(parents)](std::optional<Id> parent) -> Status {
    if (parents.contains(parent)) return Ok();
    return MakeError(ErrorCode::kAborted,
                     "the units changed since the file was checked; send it again");
  };
  return RunImport(
      call, jobs, "import-units",
      [sheet = std::move(sheet), authorize](
          app::WriteScope& scope, std::vector<formats::ImportIssue>& found,
          const WorkControl& control) -> Result<json::value> {
        NQ_TRY(auto created, app::ImportUnits(scope, sheet, found, authorize, control));
        json::array codes;
        for (const Unit& unit : created) codes.push_back(json::value(unit.code));
        return json::value(json::object{{"created", created.size()}, {"codes", std::move(codes)}});
      });
}

HttpResponse EvidenceTemplate(const Call& call) {
  auto obligation_id = call.RequiredQueryId("obligation_id");
  if (!obligation_id) return ErrorResponse(obligation_id.error());
  auto unit_id = call.RequiredQueryUnit("unit_id");
  if (!unit_id) return ErrorResponse(unit_id.error());
  app::Access access = call.access();
  auto names = call.service().database().Read([&](storage::Transaction& tx) -> Result<std::string> {
    NQ_TRY(Obligation obligation, storage::Get<Obligation>(tx, *obligation_id));
    NQ_RETURN_IF_ERROR(
        app::RequireRead(tx, access, obligation, fmt::format("obligation {}", *obligation_id)));
    NQ_RETURN_IF_ERROR(access.Require(Action::kRead, *unit_id, fmt::format("unit {}", *unit_id)));
    NQ_TRY(Unit unit, storage::Get<Unit>(tx, *unit_id));
    return fmt::format("minh-chung-{}-{}.xlsx", obligation.code, unit.code);
  });
  if (!names) return ErrorResponse(names.error());
  auto bytes =
      app::WriteEvidenceTemplate(call.service(), *obligation_id, *unit_id,
                                     [&](Id unit) { return access.Can(Action::kRead, unit); });
  if (!bytes) return ErrorResponse(bytes.error());
  return FileResponse(std::move(*bytes), app::kXlsxContentType, *names);
}

// The assignments the sheet changes, each checked as PATCH /assignments/{id} checks it; the
// obligation and the scope must be in sight first, so nothing about them leaks.
Result<std::set<Id>> AuthorizeEvidence(const Call& call, const formats::FilledSheet& sheet,
                                       std::vector<formats::ImportIssue>& issues) {
  app::Access access = call.access();
  app::Service& service = call.service();
  return service.database().Read([&](storage::Transaction& tx) -> Result<std::set<Id>> {
    NQ_TRY(app::EvidenceScope scope, app::EvidenceScopeOf(tx, sheet, issues));
    NQ_RETURN_IF_ERROR(app::RequireRead(tx, access, scope.obligation,
                                   fmt::format("obligation \"{}\"", scope.obligation.code)));
    NQ_RETURN_IF_ERROR(
        access.Require(Action::kRead, scope.unit.id, fmt::format("unit \"{}\"", scope.unit.code)));
    NQ_TRY(auto plan, app::PlanEvidence(tx, service.engine(), service.Today(), sheet, issues));
    std::set<Id> allowed;
    for (const Assignment& assignment : plan) {
      NQ_RETURN_IF_ERROR(
          app::RequireWrite(tx, access, assignment, fmt::format("assignment {}", assignment.id)));
      allowed.insert(assignment.id);
    }
    return allowed;
  });
}

HttpResponse ImportEvidence(const Call& call, app::JobRegistry& jobs) {
  auto checked = CheckedUpload<std::set<Id>>(call, app::ReadEvidenceXlsx, AuthorizeEvidence,
                                             "không ghi minh chứng nào");
  if (!checked) return std::move(checked.error());
  auto& [sheet, allowed] = *checked;
  // Only the assignments checked above, as for units.
  auto authorize = [allowed = std::move(allowed)](const Assignment& assignment) -> Status {
    if (allowed.contains(assignment.id)) return Ok();
    return MakeError(ErrorCode::kAborted,
                     "assignment {} changed since the file was checked; send it again",
                     assignment.id);
  };
  app::Service& service = call.service();
  return RunImport(call, jobs, "import-evidence",
                   [&service, sheet = std::move(sheet), authorize](
                       app::WriteScope& scope, std::vector<formats::ImportIssue>& found,
                       const WorkControl& control) -> Result<json::value> {
                     NQ_TRY(auto written,
                            app::ImportEvidence(scope, service.engine(), service.Today(), sheet,
                                                    found, authorize, control));
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
