#include "app/exchange/workbooks_access.h"

#include <boost/json.hpp>
#include <optional>
#include <set>

#include "app/exchange/evidence_import.h"
#include "app/exchange/units_import.h"
#include "app/policy.h"

namespace nq::app {

using namespace nq::domain;
using formats::FilledSheet;
using formats::ImportIssue;

namespace {

// The existing parents the units of `sheet` hang under (nullopt: a new root), each checked for
// administration (a new root: administration over the root of the tree). invalid_argument with
// every problem of the sheet in `issues`; not_found or permission_denied when refused.
Result<std::set<std::optional<Id>>> AuthorizeUnitsImport(
    Service& service, const Principal& principal, const formats::FilledSheet& sheet,
    std::vector<formats::ImportIssue>& issues) {
  NQ_TRY(auto plan, service.database().Read(
                        [&](storage::Transaction& tx) { return PlanUnits(tx, sheet, issues); }));
  Access access(principal, service.engine(), service.Today());
  std::set<std::optional<Id>> parents;
  for (const PlannedUnit& planned : plan) {
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

// Creates the units of `sheet` as ImportUnits does, under the `parents` AuthorizeUnitsImport
// allowed only: aborted when the store changed since and another parent is needed.
Result<std::vector<Unit>> ImportUnitsUnder(WriteScope& scope, const formats::FilledSheet& sheet,
                                           std::vector<formats::ImportIssue>& issues,
                                           const std::set<std::optional<Id>>& parents,
                                           const WorkControl& control) {
  // Only the parents checked before: the store may have changed since.
  auto authorize = [&parents](std::optional<Id> parent) -> Status {
    if (parents.contains(parent)) return Ok();
    return MakeError(ErrorCode::kAborted,
                     "the units changed since the file was checked; send it again");
  };
  return ImportUnits(scope, sheet, issues, authorize, control);
}

// The assignments `sheet` changes, each checked as PATCH /assignments/{id} checks it; the
// obligation and the scope must be in sight first, so nothing about them leaks. invalid_argument
// with every problem of the sheet in `issues`; not_found or permission_denied when refused.
Result<std::set<Id>> AuthorizeEvidenceImport(Service& service, const Principal& principal,
                                             const formats::FilledSheet& sheet,
                                             std::vector<formats::ImportIssue>& issues) {
  Access access(principal, service.engine(), service.Today());
  return service.database().Read([&](storage::Transaction& tx) -> Result<std::set<Id>> {
    NQ_TRY(EvidenceScope scope, EvidenceScopeOf(tx, sheet, issues));
    NQ_RETURN_IF_ERROR(RequireRead(tx, access, scope.obligation,
                                   fmt::format("obligation \"{}\"", scope.obligation.code)));
    NQ_RETURN_IF_ERROR(
        access.Require(Action::kRead, scope.unit.id, fmt::format("unit \"{}\"", scope.unit.code)));
    NQ_TRY(auto plan, PlanEvidence(tx, service.engine(), service.Today(), sheet, issues));
    std::set<Id> allowed;
    for (const Assignment& assignment : plan) {
      NQ_RETURN_IF_ERROR(
          RequireWrite(tx, access, assignment, fmt::format("assignment {}", assignment.id)));
      allowed.insert(assignment.id);
    }
    return allowed;
  });
}

// Writes the evidence of `sheet` as ImportEvidence does, to the `allowed` assignments only:
// aborted when another one changed since the file was checked.
Result<std::vector<Assignment>> ImportEvidenceTo(WriteScope& scope, Service& service,
                                                 const formats::FilledSheet& sheet,
                                                 std::vector<formats::ImportIssue>& issues,
                                                 const std::set<Id>& allowed,
                                                 const WorkControl& control) {
  // Only the assignments checked before, as for units.
  auto authorize = [&allowed](const Assignment& assignment) -> Status {
    if (allowed.contains(assignment.id)) return Ok();
    return MakeError(ErrorCode::kAborted,
                     "assignment {} changed since the file was checked; send it again",
                     assignment.id);
  };
  return ImportEvidence(scope, service.engine(), service.Today(), sheet, issues, authorize,
                        control);
}

// The work of an import in one transaction: its result, or an error with the file's problems in
// `issues`.
using ImportWork = std::function<Result<json::value>(
    WriteScope& scope, std::vector<ImportIssue>& issues, const WorkControl& control)>;

// The details of a file refused before anything is written: its problems and their count.
json::object RefusedDetails(const std::vector<ImportIssue>& issues) {
  if (issues.empty()) return {};
  return json::object{{"errors", IssuesJson(issues)}, {"error_count", issues.size()}};
}

// An upload read with `read` and checked by `check` (its cells against the store, and the
// principal's rights): the sheet and what `check` allows, or the error that refuses it.
template <typename Allowed>
Result<std::pair<FilledSheet, Allowed>> CheckedUpload(
    Service& service, const Principal& principal, std::string_view bytes,
    Result<FilledSheet> (*read)(std::string_view, std::vector<ImportIssue>&),
    Result<Allowed> (*check)(Service&, const Principal&, const FilledSheet&,
                             std::vector<ImportIssue>&),
    std::string_view nothing_written, json::object& details) {
  std::vector<ImportIssue> issues;
  auto sheet = read(bytes, issues);
  if (!sheet) {
    details = RefusedDetails(issues);
    return std::unexpected(sheet.error());
  }
  Result<Allowed> allowed = check(service, principal, *sheet, issues);
  if (!allowed && !issues.empty()) {
    details = RefusedDetails(issues);
    return formats::ImportFailed(issues, allowed.error().code, nothing_written);
  }
  if (!allowed) return std::unexpected(allowed.error());
  return std::pair{std::move(*sheet), std::move(*allowed)};
}

// The units of `bytes`, checked, and the work that creates them.
Result<ImportWork> UnitsWork(Service& service, const Principal& principal, std::string_view bytes,
                             json::object& details) {
  NQ_TRY(auto checked, CheckedUpload<std::set<std::optional<Id>>>(
                           service, principal, bytes, ReadUnitsXlsx, AuthorizeUnitsImport,
                           "không tạo đơn vị nào", details));
  return [sheet = std::move(checked.first), parents = std::move(checked.second)](
             WriteScope& scope, std::vector<ImportIssue>& issues,
             const WorkControl& control) -> Result<json::value> {
    NQ_TRY(auto created, ImportUnitsUnder(scope, sheet, issues, parents, control));
    json::array codes;
    for (const Unit& unit : created) codes.push_back(json::value(unit.code));
    return json::value(json::object{{"created", created.size()}, {"codes", std::move(codes)}});
  };
}

// The evidence of `bytes`, checked, and the work that writes it.
Result<ImportWork> EvidenceWork(Service& service, const Principal& principal,
                                std::string_view bytes, json::object& details) {
  NQ_TRY(auto checked,
         CheckedUpload<std::set<Id>>(service, principal, bytes, ReadEvidenceXlsx,
                                     AuthorizeEvidenceImport, "không ghi minh chứng nào", details));
  return [&service, sheet = std::move(checked.first), allowed = std::move(checked.second)](
             WriteScope& scope, std::vector<ImportIssue>& issues,
             const WorkControl& control) -> Result<json::value> {
    NQ_TRY(auto written, ImportEvidenceTo(scope, service, sheet, issues, allowed, control));
    return json::value(json::object{{"written", written.size()}});
  };
}

// The checked upload of `workbook` and the work that writes it.
Result<ImportWork> WorkOf(Service& service, const Principal& principal, Workbook workbook,
                          std::string_view bytes, json::object& details) {
  if (workbook == Workbook::kUnits) return UnitsWork(service, principal, bytes, details);
  return EvidenceWork(service, principal, bytes, details);
}

// Runs `work` at once in one mutation; a failed write lists its problems in `details`.
Result<Reply> RunNow(Service& service, const Principal& principal, const Actor& actor,
                     std::string_view fingerprint, const ImportWork& work, json::object& details) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access&) -> Result<Reply> {
                    std::vector<ImportIssue> issues;
                    auto result = work(scope, issues, {});
                    if (!result) {
                      if (!issues.empty()) details["errors"] = IssuesJson(issues);
                      return std::unexpected(result.error());
                    }
                    return Reply{200, std::move(*result)};
                  });
}

// Runs `work` as a job of kind `kind`, in one mutation without an idempotency key.
std::shared_ptr<Job> StartWork(Service& service, JobRegistry& jobs, const Actor& actor,
                               std::string kind, ImportWork work) {
  Actor job_actor = actor;
  job_actor.idempotency_key.clear();
  return jobs.Start(std::move(kind), job_actor.name,
                    [&service, job_actor, work = std::move(work)](
                        Job& running, json::value& details) -> Result<json::value> {
                      const WorkControl control = running.Control();
                      std::vector<ImportIssue> issues;
                      json::value result;
                      auto reply =
                          service.Mutate(job_actor, "", [&](WriteScope& scope) -> Result<Reply> {
                            NQ_TRY(result, work(scope, issues, control));
                            return Reply{200, result};
                          });
                      if (!reply) {
                        if (!issues.empty()) details = IssuesJson(issues);
                        return std::unexpected(reply.error());
                      }
                      return result;
                    });
}

}  // namespace

Result<std::string> WriteUnitsTemplateAs(Service& service, const Principal& principal) {
  Access access(principal, service.engine(), service.Today());
  return WriteUnitsTemplate(
      service, [&](Id unit) { return access.Can(Action::kRead, unit); }, access.HasScope());
}

Result<NamedWorkbook> WriteEvidenceTemplateAs(Service& service, const Principal& principal,
                                              Id obligation_id, Id unit_id) {
  Access access(principal, service.engine(), service.Today());
  NamedWorkbook workbook;
  NQ_TRY(
      workbook.file_name,
      service.database().Read([&](storage::Transaction& tx) -> Result<std::string> {
        NQ_TRY(Obligation obligation, storage::Get<Obligation>(tx, obligation_id));
        NQ_RETURN_IF_ERROR(
            RequireRead(tx, access, obligation, fmt::format("obligation {}", obligation_id)));
        NQ_RETURN_IF_ERROR(access.Require(Action::kRead, unit_id, fmt::format("unit {}", unit_id)));
        NQ_TRY(Unit unit, storage::Get<Unit>(tx, unit_id));
        return fmt::format("minh-chung-{}-{}.xlsx", obligation.code, unit.code);
      }));
  NQ_TRY(workbook.bytes, WriteEvidenceTemplate(service, obligation_id, unit_id, [&](Id unit) {
           return access.Can(Action::kRead, unit);
         }));
  return workbook;
}

Result<Reply> ImportWorkbookAs(Service& service, const Principal& principal, const Actor& actor,
                               std::string_view fingerprint, Workbook workbook,
                               std::string_view bytes, json::object& details) {
  NQ_TRY(ImportWork work, WorkOf(service, principal, workbook, bytes, details));
  return RunNow(service, principal, actor, fingerprint, work, details);
}

Result<std::shared_ptr<Job>> StartWorkbookImport(Service& service, JobRegistry& jobs,
                                                 const Principal& principal, const Actor& actor,
                                                 Workbook workbook, std::string_view bytes,
                                                 json::object& details) {
  NQ_TRY(ImportWork work, WorkOf(service, principal, workbook, bytes, details));
  return StartWork(service, jobs, actor,
                   workbook == Workbook::kUnits ? "import-units" : "import-evidence",
                   std::move(work));
}

json::array IssuesJson(const std::vector<ImportIssue>& issues) {
  json::array list;
  for (const ImportIssue& issue : issues) {
    list.push_back(json::object{{"sheet", issue.sheet},
                                {"row", issue.row},
                                {"column", issue.column},
                                {"detail", issue.Text()}});
  }
  return list;
}

}  // namespace nq::app
