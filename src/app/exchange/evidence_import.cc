#include "app/exchange/evidence_import.h"

#include <algorithm>
#include <map>

#include "app/use_cases.h"
#include "common/text.h"
#include "formats/xlsx_writer.h"

namespace nq::app {
namespace {

using namespace nq::domain;

// Columns of the "Minh chứng" sheet, from 1.
enum Column {
  kUnitCode = 1,
  kUnitName,
  kDue,
  kStatus,
  kCompleted,
  kDocument,
  kDocumentDate,
  kNote
};

constexpr AssignmentStatus kSheetStatuses[] = {
    AssignmentStatus::kNotStarted, AssignmentStatus::kInProgress, AssignmentStatus::kDone};

bool InSheet(AssignmentStatus status) {
  return std::ranges::find(kSheetStatuses, status) != std::end(kSheetStatuses);
}

// The status a row gives, by its word (any case) or its API name; nullopt when none.
std::optional<AssignmentStatus> ParseStatus(std::string_view text) {
  for (AssignmentStatus status : kSheetStatuses) {
    if (FoldForSearch(text) == FoldForSearch(AssignmentStatusVi(status)) ||
        text == AssignmentStatusName(status)) {
      return status;
    }
  }
  return std::nullopt;
}

Date DueOf(const Obligation& obligation, const Unit& unit) {
  return std::max(obligation.due_on, unit.validity.valid_from);
}

// The assignments of `obligation` whose unit lies in the subtree of `scope`, with units: the
// tree of the due date (of today while the obligation is not yet due), so that a later
// reorganisation does not hide the units that had the duty.
Result<std::vector<std::pair<Assignment, Unit>>> InScope(storage::Transaction& tx,
                                                         const engine::Engine& engine, Date today,
                                                         const Obligation& obligation,
                                                         const Unit& scope) {
  NQ_TRY(auto assignments,
         storage::List<Assignment>(tx, {storage::Eq("obligation_id", obligation.id)}));
  const Date as_of = std::min(today, obligation.due_on);
  std::vector<std::pair<Assignment, Unit>> out;
  for (Assignment& assignment : assignments) {
    if (assignment.unit_id != scope.id && !engine.InSubtree(assignment.unit_id, scope.id, as_of)) {
      continue;
    }
    NQ_TRY(Unit unit, storage::Get<Unit>(tx, assignment.unit_id));
    out.emplace_back(std::move(assignment), std::move(unit));
  }
  std::ranges::sort(out,
                    [](const auto& a, const auto& b) { return a.second.code < b.second.code; });
  return out;
}

class Planner final {
 public:
  Planner(const formats::FilledSheet& sheet, Date today, std::vector<formats::ImportIssue>& issues)
      : sheet_(sheet), today_(today), issues_(issues) {}

  // The changed assignment of `row`, or nullopt when it changes nothing or has issues.
  std::optional<Assignment> Row(int row, const Assignment& stored) {
    const size_t before = issues_.size();
    Assignment after = stored;
    auto completed = DateAt(row, kCompleted, "ngày hoàn thành");
    after.completed_on = completed.value_or(std::nullopt);
    after.evidence.document_number = Text(row, kDocument);
    after.evidence.document_date =
        DateAt(row, kDocumentDate, "ngày văn bản").value_or(std::nullopt);
    after.evidence.note = Text(row, kNote);
    if (after.evidence.document_number.size() > 200) {
      Issue(row, kDocument, "số, ký hiệu văn bản dài quá 200 byte");
    }
    if (after.evidence.note.size() > 2000) Issue(row, kNote, "ghi chú dài quá 2000 byte");
    const std::string status_text = Text(row, kStatus);
    if (!InSheet(stored.status)) {
      if (status_text != AssignmentStatusVi(stored.status) || Differs(stored, after)) {
        Issue(row, kStatus,
              fmt::format("nhiệm vụ của đơn vị này có tình trạng \"{}\" do sắp xếp đơn vị; không "
                          "nhập minh chứng cho nó",
                          AssignmentStatusVi(stored.status)));
      }
      return std::nullopt;
    }
    after.status = StatusOf(row, status_text, after);
    if (after.status == AssignmentStatus::kDone) RequireCompletion(row, after);
    if (after.status != AssignmentStatus::kDone && after.completed_on) {
      Issue(row, kStatus,
            fmt::format("có ngày hoàn thành nhưng tình trạng là \"{}\"; ghi \"{}\"",
                        AssignmentStatusVi(after.status),
                        AssignmentStatusVi(AssignmentStatus::kDone)));
    }
    if (issues_.size() > before || !Differs(stored, after)) return std::nullopt;
    return after;
  }

  std::string Text(int row, Column column) const { return sheet_.data.Text(row, column); }
  void Issue(int row, Column column, std::string message) {
    issues_.push_back({sheet_.data.name, row, formats::ColumnName(column), std::move(message)});
  }

 private:
  static bool Differs(const Assignment& a, const Assignment& b) {
    return a.status != b.status || a.completed_on != b.completed_on ||
           a.evidence.document_number != b.evidence.document_number ||
           a.evidence.document_date != b.evidence.document_date ||
           a.evidence.note != b.evidence.note;
  }

  // A date cell: nullopt after an issue, an empty optional for an empty cell.
  std::optional<std::optional<Date>> DateAt(int row, Column column, std::string_view what) {
    const formats::XlsxCell* cell = sheet_.data.At(row, column);
    if (!cell || Text(row, column).empty()) return std::optional<Date>();
    auto date = formats::ParseCellDate(*cell);
    if (!date) {
      Issue(row, column, fmt::format("{}: {}", what, date.error().message));
      return std::nullopt;
    }
    if (*date > today_) {
      Issue(row, column,
            fmt::format("{} {} là ngày trong tương lai", what, formats::CellDate(*date)));
      return std::nullopt;
    }
    return std::optional<Date>(*date);
  }

  // The row's status; an empty cell: done with a completion date, in progress with evidence.
  AssignmentStatus StatusOf(int row, const std::string& text, const Assignment& after) {
    if (text.empty()) {
      if (after.completed_on) return AssignmentStatus::kDone;
      const bool started = !after.evidence.document_number.empty() || !after.evidence.note.empty();
      return started ? AssignmentStatus::kInProgress : AssignmentStatus::kNotStarted;
    }
    if (auto status = ParseStatus(text)) return *status;
    Issue(row, kStatus,
          fmt::format("tình trạng \"{}\" không hợp lệ; ghi \"{}\", \"{}\" hoặc \"{}\"", text,
                      AssignmentStatusVi(kSheetStatuses[0]), AssignmentStatusVi(kSheetStatuses[1]),
                      AssignmentStatusVi(kSheetStatuses[2])));
    return after.status;
  }

  void RequireCompletion(int row, const Assignment& after) {
    if (!after.completed_on && Text(row, kCompleted).empty()) {
      Issue(row, kCompleted, "đơn vị đã hoàn thành cần có ngày hoàn thành");
    }
    if (after.evidence.empty()) {
      Issue(row, kDocument,
            "đơn vị đã hoàn thành cần có minh chứng: số, ký hiệu văn bản (hoặc danh sách dự, tệp "
            "đính kèm đã nhập)");
    }
  }

  const formats::FilledSheet& sheet_;
  Date today_;
  std::vector<formats::ImportIssue>& issues_;
};

}  // namespace

std::string_view AssignmentStatusVi(AssignmentStatus status) {
  if (status == AssignmentStatus::kNotStarted) return "Chưa thực hiện";
  if (status == AssignmentStatus::kInProgress) return "Đang thực hiện";
  if (status == AssignmentStatus::kDone) return "Hoàn thành";
  return "Không áp dụng";
}

Result<std::string> WriteEvidenceTemplate(Service& service, Id obligation_id, Id unit_id,
                                          const std::function<bool(Id)>& visible) {
  const Date today = service.Today();
  return service.database().Read([&](storage::Transaction& tx) -> Result<std::string> {
    NQ_TRY(Obligation obligation, storage::Get<Obligation>(tx, obligation_id));
    NQ_TRY(Unit scope, storage::Get<Unit>(tx, unit_id));
    NQ_TRY(auto rows, InScope(tx, service.engine(), today, obligation, scope));
    formats::XlsxSheet sheet;
    sheet.name = std::string(kEvidenceSheet);
    sheet.title = fmt::format("MINH CHỨNG THỰC HIỆN NHIỆM VỤ — {}", obligation.title);
    sheet.preamble = {{"Mã nhiệm vụ", obligation.code}, {"Mã đơn vị", scope.code}};
    sheet.table.header.assign(kEvidenceHeader.begin(), kEvidenceHeader.end());
    sheet.column_widths = {22, 40, 12, 16, 16, 22, 14, 40};
    for (const auto& [assignment, unit] : rows) {
      if (visible && !visible(unit.id)) continue;
      const Evidence& evidence = assignment.evidence;
      std::vector<formats::ReportCell> cells = {
          {unit.code, 0},
          {unit.name, 0},
          {formats::CellDate(DueOf(obligation, unit)), 0},
          {std::string(AssignmentStatusVi(assignment.status)), 0},
          {assignment.completed_on ? formats::CellDate(*assignment.completed_on) : "", 0},
          {evidence.document_number, 0},
          {evidence.document_date ? formats::CellDate(*evidence.document_date) : "", 0},
          {evidence.note, 0}};
      sheet.table.rows.push_back(std::move(cells));
    }
    return formats::WriteXlsx({sheet});
  });
}

Result<formats::FilledSheet> ReadEvidenceXlsx(std::string_view bytes,
                                              std::vector<formats::ImportIssue>& issues) {
  return formats::ReadFilledSheet(bytes, kEvidenceSheet, kEvidenceHeaderRow, kEvidenceHeader,
                                  issues);
}

Result<EvidenceScope> EvidenceScopeOf(storage::Transaction& tx, const formats::FilledSheet& sheet,
                                      std::vector<formats::ImportIssue>& issues) {
  const std::string code = sheet.data.Text(2, 2);
  const std::string unit_code = sheet.data.Text(3, 2);
  auto obligation = storage::GetByCode<Obligation>(tx, code);
  auto unit = storage::GetByCode<Unit>(tx, unit_code);
  const size_t before = issues.size();
  if (!obligation) {
    issues.push_back(
        {sheet.data.name, 2, "B", fmt::format("mã nhiệm vụ \"{}\" không tồn tại", code)});
  }
  if (!unit) {
    issues.push_back(
        {sheet.data.name, 3, "B", fmt::format("mã đơn vị \"{}\" không tồn tại", unit_code)});
  }
  if (issues.size() > before) {
    return std::unexpected(Error{ErrorCode::kInvalidArgument, issues[before].Text(), {}});
  }
  return EvidenceScope{std::move(*obligation), std::move(*unit)};
}

Result<std::vector<Assignment>> PlanEvidence(storage::Transaction& tx, const engine::Engine& engine,
                                             Date today, const formats::FilledSheet& sheet,
                                             std::vector<formats::ImportIssue>& issues) {
  NQ_TRY(EvidenceScope scope, EvidenceScopeOf(tx, sheet, issues));
  NQ_TRY(auto rows, InScope(tx, engine, today, scope.obligation, scope.unit));
  std::map<std::string, const Assignment*, std::less<>> by_code;
  for (const auto& [assignment, unit] : rows) by_code.emplace(unit.code, &assignment);
  Planner planner(sheet, today, issues);
  std::map<std::string, int, std::less<>> seen;
  std::vector<Assignment> changed;
  const size_t before = issues.size();
  for (int row : sheet.rows) {
    const std::string code = planner.Text(row, kUnitCode);
    auto found = by_code.find(code);
    if (found == by_code.end()) {
      planner.Issue(row, kUnitCode,
                    storage::GetByCode<Unit>(tx, code)
                        ? fmt::format("đơn vị \"{}\" không có nhiệm vụ \"{}\" trong phạm vi {}",
                                      code, scope.obligation.code, scope.unit.code)
                        : fmt::format("mã đơn vị \"{}\" không tồn tại", code));
      continue;
    }
    if (auto [first, fresh] = seen.emplace(code, row); !fresh) {
      planner.Issue(row, kUnitCode,
                    fmt::format("đơn vị \"{}\" đã có ở dòng {}", code, first->second));
      continue;
    }
    if (auto after = planner.Row(row, *found->second)) changed.push_back(std::move(*after));
  }
  if (issues.size() > before) {
    return std::unexpected(Error{ErrorCode::kInvalidArgument, issues[before].Text(), {}});
  }
  return changed;
}

Result<std::vector<Assignment>> ImportEvidence(
    WriteScope& scope, const engine::Engine& engine, Date today, const formats::FilledSheet& sheet,
    std::vector<formats::ImportIssue>& issues,
    const std::function<Status(const Assignment&)>& authorize, const WorkControl& control) {
  auto plan = PlanEvidence(scope.tx(), engine, today, sheet, issues);
  if (!plan) return formats::ImportFailed(issues, plan.error().code, "không ghi minh chứng nào");
  if (authorize) {
    for (const Assignment& assignment : *plan) NQ_RETURN_IF_ERROR(authorize(assignment));
  }
  std::vector<Assignment> written;
  for (const Assignment& assignment : *plan) {
    NQ_RETURN_IF_ERROR(control.CheckCancelled("import"));
    auto stored = UpdateAssignment(scope, assignment);
    if (!stored) {
      issues.push_back({"", 0, "", stored.error().message});
      return formats::ImportFailed(issues, stored.error().code, "không ghi minh chứng nào");
    }
    written.push_back(std::move(*stored));
    control.Report("assignments", written.size(), plan->size());
  }
  return written;
}

}  // namespace nq::app
