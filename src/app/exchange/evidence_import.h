// Obligations' evidence in from Excel: the template of one obligation over a unit's subtree
// (one row per assignment: unit, due date, status, completion date, the evidence document and a
// note) and the import of a filled one, all or nothing, errors by sheet, row and column.
// Layout of sheet "Minh chứng": A1 title; B2 the obligation's code; B3 the unit of the scope;
// row 5 the header (kEvidenceHeader); one assignment per row from 6.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "app/service.h"
#include "common/work_control.h"
#include "formats/xlsx_reader.h"

namespace nq::app {

inline constexpr std::string_view kEvidenceSheet = "Minh chứng";
inline constexpr int kEvidenceHeaderRow = 5;
inline constexpr std::array<std::string_view, 8> kEvidenceHeader = {
    "Mã đơn vị",       "Tên đơn vị",          "Hạn",          "Tình trạng",
    "Ngày hoàn thành", "Số, ký hiệu văn bản", "Ngày văn bản", "Ghi chú"};

// The Vietnamese status words of the sheet: "Chưa thực hiện", "Đang thực hiện", "Hoàn thành".
std::string_view AssignmentStatusVi(domain::AssignmentStatus status);

// The template of `obligation_id` over the subtree of `unit_id` (the tree of its due date, or of
// today while it is not yet due): the assignments
// of the units in it for which `visible` is true, filled with what is stored. not_found for an
// unknown obligation or unit.
Result<std::string> WriteEvidenceTemplate(Service& service, domain::Id obligation_id,
                                          domain::Id unit_id,
                                          const std::function<bool(domain::Id)>& visible);

// Reads the "Minh chứng" sheet and checks its header; errors as formats::ReadFilledSheet.
Result<formats::FilledSheet> ReadEvidenceXlsx(std::string_view bytes,
                                              std::vector<formats::ImportIssue>& issues);

// The obligation and the scope a sheet names (B2, B3); invalid_argument with an issue when
// either code is unknown.
struct EvidenceScope {
  domain::Obligation obligation;
  domain::Unit unit;
};
Result<EvidenceScope> EvidenceScopeOf(storage::Transaction& tx, const formats::FilledSheet& sheet,
                                      std::vector<formats::ImportIssue>& issues);

// The assignments the sheet changes, as they will be stored; rows that change nothing are left
// out. Checks every cell: the unit has an assignment of the obligation within the scope (once),
// the status is one of the three words, dates are real and not after `today`, a done row has its
// completion date and evidence, texts fit. invalid_argument with every problem in `issues`.
Result<std::vector<domain::Assignment>> PlanEvidence(storage::Transaction& tx,
                                                     const engine::Engine& engine, Date today,
                                                     const formats::FilledSheet& sheet,
                                                     std::vector<formats::ImportIssue>& issues);

// Plans the sheet in `scope` and writes every changed assignment, all or nothing. `authorize`
// is asked for each changed assignment before anything is written; its error is returned as is.
// Progress "assignments" per assignment written; aborted when cancelled. Returns the changed
// assignments as stored.
Result<std::vector<domain::Assignment>> ImportEvidence(
    WriteScope& scope, const engine::Engine& engine, Date today, const formats::FilledSheet& sheet,
    std::vector<formats::ImportIssue>& issues,
    const std::function<Status(const domain::Assignment&)>& authorize = nullptr,
    const WorkControl& control = {});

}  // namespace nq::app
