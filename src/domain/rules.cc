// Workflow rules of reports and assignments.
#include "domain/obligation.h"
#include "domain/report.h"

namespace nq::domain {

Result<ReportStatus> NextReportStatus(ReportStatus from, ReportAction action,
                                      std::string_view comment) {
  auto refuse = [&] {
    static constexpr std::string_view kDone[] = {"submitted", "accepted", "returned", "reopened"};
    return MakeError(ErrorCode::kFailedPrecondition, "a report in status \"{}\" cannot be {}",
                     ReportStatusName(from), kDone[static_cast<int>(action)]);
  };
  switch (action) {
    case ReportAction::kSubmit:
      if (from != ReportStatus::kDraft && from != ReportStatus::kReturned) return refuse();
      return ReportStatus::kSubmitted;
    case ReportAction::kAccept:
      if (from != ReportStatus::kSubmitted) return refuse();
      return ReportStatus::kAccepted;
    case ReportAction::kReturn:
      if (from != ReportStatus::kSubmitted) return refuse();
      if (comment.empty()) return FieldError("comment", "returning a report needs a comment");
      return ReportStatus::kReturned;
    case ReportAction::kReopen:
      if (from != ReportStatus::kAccepted) return refuse();
      if (comment.empty()) return FieldError("comment", "reopening a report needs a comment");
      return ReportStatus::kDraft;
  }
  return refuse();
}

Status ValidateAssignment(const Assignment& assignment) {
  if (assignment.status != AssignmentStatus::kDone) return Ok();
  if (!assignment.completed_on) {
    return FieldError("completed_on", "a done assignment needs its completion date");
  }
  if (assignment.evidence.empty()) {
    return FieldError(
        "evidence", "a done assignment needs evidence: a document number, an attendance or a file");
  }
  return Ok();
}

}  // namespace nq::domain
