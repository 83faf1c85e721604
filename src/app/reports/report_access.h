// Reports, templates and values in and out as a principal: each export checks that the
// principal may read its unit, each import that they may enter values for every unit it names.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/access.h"
#include "app/exchange/dhis2.h"
#include "app/jobs.h"
#include "app/reports/exports.h"

namespace nq::app {

// The report of `request`; not_found when its unit is missing or out of sight,
// permission_denied when seen but not readable; the errors of BuildReport.
Result<ReportDocument> BuildReportAs(Service& service, const Principal& principal,
                                     const ReportRequest& request);

// The values template of the request's unit and period, after the same check.
Result<std::string> WriteValuesTemplateAs(Service& service, const Principal& principal,
                                          const ReportRequest& request);

// The values of `request` as dataValueSets or as records, after the same check.
Result<DataValueSetsExport> WriteDataValueSetsAs(Service& service, const Principal& principal,
                                                 const ExportRequest& request);
Result<std::vector<ValueRecord>> CollectValuesAs(Service& service, const Principal& principal,
                                                 const ExportRequest& request);

// Whether the principal may start the export `spec`: reading the unit for a report or values,
// administering the whole tree for the bundle. not_found or permission_denied otherwise.
Status AuthorizeExport(Service& service, const Principal& principal, const ExportSpec& spec);

// Starts the export `spec` as a job of the principal's in `jobs` once AuthorizeExport allows it
// (the job runs after the request, when the grants are no longer at hand). The job makes the
// file (MakeExport) and ends with {"name", "size"} (and "values", "skipped_terms" for values).
Result<std::shared_ptr<Job>> StartExport(Service& service, JobRegistry& jobs,
                                         const Principal& principal, const ExportSpec& spec);

// The check an import asks for each unit it writes to: entry rights over the unit (not_found
// when out of sight, permission_denied otherwise). Keeps a copy of `access`.
std::function<Status(domain::Id unit_id)> EntryCheck(const Access& access);

// Entry rights over every known unit the records name, checked before an import starts (a job
// runs after the request, when the principal's grants are no longer at hand). Unknown codes
// pass: the import reports them.
Status AuthorizeValueImport(Service& service, const Principal& principal,
                            const std::vector<ValueRecord>& records);

// Writes the values of a filled values template (`bytes`) in one transaction (MutateAs), all or
// nothing, to a unit the principal may enter data for (EntryCheck). On failure `details` holds
// the workbook's problems under "errors". Reply 200: {"written"}.
Result<Reply> ImportValuesXlsxAs(Service& service, const Principal& principal, const Actor& actor,
                                 std::string_view fingerprint, std::string_view bytes,
                                 json::object& details);

enum class ValuesFileFormat { kDhis2, kCsv };

// Reads a values file (a DHIS2 dataValueSets document or a values CSV: invalid_argument when it
// cannot be read), checks entry rights over every unit it names before anything runs
// (AuthorizeValueImport), then writes it in one transaction, all or nothing. On a bad record
// `details` holds "errors" (ErrorsJson) and "error_count". Reply 200: {"written"}.
Result<Reply> ImportValuesFileAs(Service& service, const Principal& principal, const Actor& actor,
                                 std::string_view fingerprint, ValuesFileFormat format,
                                 std::string_view body, json::object& details);
// The same checks, then the write as a job of the actor's in `jobs` (without the idempotency
// key: a repeat starts another job), with progress; a bad record fails the job with the errors
// as its details.
Result<std::shared_ptr<Job>> StartValuesFileImport(Service& service, JobRegistry& jobs,
                                                   const Principal& principal, const Actor& actor,
                                                   ValuesFileFormat format, std::string_view body);

}  // namespace nq::app
