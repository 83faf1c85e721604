// Periodic reports of a unit and the draft → submitted → accepted/returned workflow.
#pragma once

#include <optional>
#include <string>

#include "domain/period.h"
#include "domain/unit.h"

namespace nq::domain {

enum class ReportStatus { kDraft, kSubmitted, kAccepted, kReturned };
enum class ReportAction { kSubmit, kAccept, kReturn, kReopen };

std::string_view ReportStatusName(ReportStatus status);
std::string_view ReportStatusLabelVi(ReportStatus status);
std::string_view ReportActionName(ReportAction action);
Result<ReportStatus> ParseReportStatus(std::string_view name);
Result<ReportAction> ParseReportAction(std::string_view name);

// The narrative sections of a Vietnamese periodic report.
struct ReportSections {
  std::string results;          // kết quả đạt được
  std::string shortcomings;     // hạn chế
  std::string causes;           // nguyên nhân
  std::string next_tasks;       // nhiệm vụ thời gian tới
  std::string recommendations;  // đề xuất, kiến nghị
};

struct Report {
  Id id = 0;
  Id unit_id = 0;
  Period period = Period::Year(2021);
  std::optional<Id> document_id;
  ReportStatus status = ReportStatus::kDraft;
  ReportSections sections;
  std::optional<UnixMillis> submitted_at;
  std::optional<UnixMillis> reviewed_at;
  std::string reviewed_by;
  std::string review_comment;
  int64_t version = 1;

  // Accepted reports lock the unit's data for the period until reopened.
  bool locked() const { return status == ReportStatus::kAccepted; }
  bool editable() const {
    return status == ReportStatus::kDraft || status == ReportStatus::kReturned;
  }
};

// The status after `action`, or failed_precondition naming both when the move is not allowed:
// submit from draft/returned; accept or return from submitted (return needs a comment);
// reopen from accepted (needs a comment) back to draft.
Result<ReportStatus> NextReportStatus(ReportStatus from, ReportAction action,
                                      std::string_view comment);

}  // namespace nq::domain
