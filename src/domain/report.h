// Periodic reports of a unit and the draft → submitted → accepted/returned workflow.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

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

// A reporting regime (chế độ báo cáo định kỳ), as Decree 09/2019/NĐ-CP asks every regime to
// define it: the period reported on, when the report is due and when its data is cut off. The
// issuer's subordinates of the regime's kinds report under it.
struct Regime {
  Id id = 0;
  std::string code;  // "bc-6-thang"
  std::string name;  // "Báo cáo sơ kết 6 tháng"
  Id issuer_unit_id = 0;
  PeriodType period_type = PeriodType::kHalf;
  int due_days = 15;  // the report is due this many days after the period's last day
  // The data of a report is cut off this many days before the period's last day (0: on it).
  int cutoff_days = 0;
  std::vector<Id> kind_ids;  // the subordinates' kinds that report; empty: every kind
  int64_t version = 1;

  Date DueOn(const Period& period) const { return period.end().AddDays(due_days); }
  // Whether a subordinate of kind `kind_id` reports under the regime.
  bool Covers(Id kind_id) const {
    return kind_ids.empty() ||
           std::find(kind_ids.begin(), kind_ids.end(), kind_id) != kind_ids.end();
  }
  Date CutoffOn(const Period& period) const { return period.end().AddDays(-cutoff_days); }
};

// The issuer's extension of one unit's due date for one period of a regime, with its reason.
struct Extension {
  Id id = 0;
  Id regime_id = 0;
  Id unit_id = 0;
  Period period = Period::Year(2021);
  Date due_on;  // the new due date
  std::string reason;
  int64_t version = 1;
};

struct Report {
  Id id = 0;
  Id unit_id = 0;
  Period period = Period::Year(2021);
  std::optional<Id> document_id;
  std::optional<Id> regime_id;  // the regime it is due under; none: no due date
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
