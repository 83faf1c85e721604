// The Excel workbooks of units and evidence as a principal may use them: templates holding only
// what they may read, and uploads checked against their rights before anything is written.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/access.h"
#include "app/service.h"
#include "common/work_control.h"
#include "formats/xlsx_reader.h"

namespace nq::app {

// The units template with the existing units the principal may read (the unit kinds only for a
// principal with a scope). unavailable when the workbook cannot be written.
Result<std::string> WriteUnitsTemplateAs(Service& service, const Principal& principal);

// The existing parents the units of `sheet` hang under (nullopt: a new root), each checked for
// administration (a new root: administration over the root of the tree). invalid_argument with
// every problem of the sheet in `issues`; not_found or permission_denied when refused.
Result<std::set<std::optional<domain::Id>>> AuthorizeUnitsImport(
    Service& service, const Principal& principal, const formats::FilledSheet& sheet,
    std::vector<formats::ImportIssue>& issues);

// Creates the units of `sheet` as ImportUnits does, under the `parents` AuthorizeUnitsImport
// allowed only: aborted when the store changed since and another parent is needed.
Result<std::vector<domain::Unit>> ImportUnitsUnder(
    WriteScope& scope, const formats::FilledSheet& sheet, std::vector<formats::ImportIssue>& issues,
    const std::set<std::optional<domain::Id>>& parents, const WorkControl& control);

struct NamedWorkbook {
  std::string bytes;
  std::string file_name;
};

// The evidence template of `obligation_id` over the subtree of `unit_id`, with the assignments
// of the units the principal may read. not_found when either is missing or out of sight.
Result<NamedWorkbook> WriteEvidenceTemplateAs(Service& service, const Principal& principal,
                                              domain::Id obligation_id, domain::Id unit_id);

// The assignments `sheet` changes, each checked as PATCH /assignments/{id} checks it; the
// obligation and the scope must be in sight first, so nothing about them leaks. invalid_argument
// with every problem of the sheet in `issues`; not_found or permission_denied when refused.
Result<std::set<domain::Id>> AuthorizeEvidenceImport(Service& service, const Principal& principal,
                                                     const formats::FilledSheet& sheet,
                                                     std::vector<formats::ImportIssue>& issues);

// Writes the evidence of `sheet` as ImportEvidence does, to the `allowed` assignments only:
// aborted when another one changed since the file was checked.
Result<std::vector<domain::Assignment>> ImportEvidenceTo(WriteScope& scope, Service& service,
                                                         const formats::FilledSheet& sheet,
                                                         std::vector<formats::ImportIssue>& issues,
                                                         const std::set<domain::Id>& allowed,
                                                         const WorkControl& control);

}  // namespace nq::app
