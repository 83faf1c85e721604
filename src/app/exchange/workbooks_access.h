// The Excel workbooks of units and evidence as a principal may use them: templates holding only
// what they may read, and uploads checked against their rights before anything is written, then
// written at once or as a job.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/access.h"
#include "app/jobs.h"
#include "app/service.h"
#include "formats/xlsx_reader.h"

namespace nq::app {

// The units template with the existing units the principal may read (the unit kinds only for a
// principal with a scope). unavailable when the workbook cannot be written.
Result<std::string> WriteUnitsTemplateAs(Service& service, const Principal& principal);

struct NamedWorkbook {
  std::string bytes;
  std::string file_name;
};

// The evidence template of `obligation_id` over the subtree of `unit_id`, with the assignments
// of the units the principal may read. not_found when either is missing or out of sight.
Result<NamedWorkbook> WriteEvidenceTemplateAs(Service& service, const Principal& principal,
                                              domain::Id obligation_id, domain::Id unit_id);

// The uploads: new units (Reply 200: {"created", "codes"}), or the status, dates and evidence of
// an obligation's assignments (Reply 200: {"written"}, the assignments changed).
enum class Workbook { kUnits, kEvidence };

// Before anything is written, every cell of the workbook `bytes` is checked against
// the store and the principal's rights over each row: a new unit needs administration over its
// parent (over the root of the tree for a new root), as POST /units does; evidence needs what
// PATCH /assignments/{id} needs, the obligation and the scope in sight first, so nothing about
// them leaks. Refused there: invalid_argument with the workbook's problems in `details`
// ("errors" and "error_count"), or not_found / permission_denied. Then the whole file is written
// in one transaction, all or nothing, either at once (MutateAs; a failed write lists its problems
// under "errors" in `details`) or as a job of the actor's in `jobs`, started without the
// idempotency key (a repeat starts another job) and failing with the problems as its details.
// The write keeps to what was checked: aborted when the store changed since.
Result<Reply> ImportWorkbookAs(Service& service, const Principal& principal, const Actor& actor,
                               std::string_view fingerprint, Workbook workbook,
                               std::string_view bytes, json::object& details);
Result<std::shared_ptr<Job>> StartWorkbookImport(Service& service, JobRegistry& jobs,
                                                 const Principal& principal, const Actor& actor,
                                                 Workbook workbook, std::string_view bytes,
                                                 json::object& details);

// The problems of a workbook as JSON: [{"sheet", "row", "column", "detail"}].
json::array IssuesJson(const std::vector<formats::ImportIssue>& issues);

}  // namespace nq::app
