#include "app/exchange/workbooks_access.h"

#include "app/exchange/evidence_import.h"
#include "app/exchange/units_import.h"
#include "app/policy.h"

namespace nq::app {

using namespace nq::domain;

Result<std::string> WriteUnitsTemplateAs(Service& service, const Principal& principal) {
  Access access(principal, service.engine(), service.Today());
  return WriteUnitsTemplate(
      service, [&](Id unit) { return access.Can(Action::kRead, unit); }, access.HasScope());
}

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

}  // namespace nq::app
