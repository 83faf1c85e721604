#include "app/reports/report_access.h"

#include <set>

#include "app/exchange/xlsx_import.h"

namespace nq::app {
namespace {

using namespace nq::domain;

Status RequireReadable(Service& service, const Principal& principal, Id unit) {
  Access access(principal, service.engine(), service.Today());
  return access.Require(Action::kRead, unit, fmt::format("unit {}", unit));
}

}  // namespace

Result<ReportDocument> BuildReportAs(Service& service, const Principal& principal,
                                     const ReportRequest& request) {
  NQ_RETURN_IF_ERROR(RequireReadable(service, principal, request.unit_id));
  return BuildReport(service, request);
}

Result<std::string> WriteValuesTemplateAs(Service& service, const Principal& principal,
                                          const ReportRequest& request) {
  NQ_RETURN_IF_ERROR(RequireReadable(service, principal, request.unit_id));
  return WriteValuesTemplate(service, request.unit_id, request.period);
}

Result<DataValueSetsExport> WriteDataValueSetsAs(Service& service, const Principal& principal,
                                                 const ExportRequest& request) {
  NQ_RETURN_IF_ERROR(RequireReadable(service, principal, request.unit_id));
  return WriteDataValueSets(service, request);
}

Result<std::vector<ValueRecord>> CollectValuesAs(Service& service, const Principal& principal,
                                                 const ExportRequest& request) {
  NQ_RETURN_IF_ERROR(RequireReadable(service, principal, request.unit_id));
  return CollectValues(service, request);
}

Status AuthorizeExport(Service& service, const Principal& principal, const ExportSpec& spec) {
  switch (spec.kind) {
    case ExportKind::kReportDocx:
    case ExportKind::kReportXlsx:
      return RequireReadable(service, principal, spec.report.unit_id);
    case ExportKind::kValuesCsv:
    case ExportKind::kDataValueSets:
      return RequireReadable(service, principal, spec.values.unit_id);
    case ExportKind::kBundle: {
      // The bundle holds every unit: it is for an administrator over the root.
      Access access(principal, service.engine(), service.Today());
      return access.RequireGlobal(Action::kAdminister, "the whole store");
    }
  }
  return MakeError(ErrorCode::kInternal, "unknown export kind");
}

std::function<Status(Id)> EntryCheck(const Access& access) {
  return [access](Id unit) {
    return access.Require(Action::kEnter, unit, fmt::format("unit {}", unit));
  };
}

Status AuthorizeValueImport(Service& service, const Principal& principal,
                            const std::vector<ValueRecord>& records) {
  Access access(principal, service.engine(), service.Today());
  std::set<std::string> codes;
  for (const ValueRecord& record : records) codes.insert(record.unit_code);
  return service.database().Read([&](storage::Transaction& tx) -> Status {
    for (const std::string& code : codes) {
      auto unit = storage::GetByCode<Unit>(tx, code);
      if (!unit) continue;  // reported as an unknown code by the import
      NQ_RETURN_IF_ERROR(
          access.Require(Action::kEnter, unit->id, fmt::format("unit \"{}\"", code)));
    }
    return Ok();
  });
}

}  // namespace nq::app
