// Reports, templates and values in and out as a principal: each export checks that the
// principal may read its unit, each import that they may enter values for every unit it names.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/access.h"
#include "app/exchange/dhis2.h"
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

// The check an import asks for each unit it writes to: entry rights over the unit (not_found
// when out of sight, permission_denied otherwise). Keeps a copy of `access`.
std::function<Status(domain::Id unit_id)> EntryCheck(const Access& access);

// Entry rights over every known unit the records name, checked before an import starts (a job
// runs after the request, when the principal's grants are no longer at hand). Unknown codes
// pass: the import reports them.
Status AuthorizeValueImport(Service& service, const Principal& principal,
                            const std::vector<ValueRecord>& records);

}  // namespace nq::app
