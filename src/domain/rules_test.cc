#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "domain/obligation.h"
#include "domain/report.h"

namespace nq::domain {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kComment = "thiếu số liệu quý III";

// --- NextReportStatus ------------------------------------------------------------------------

struct Transition {
  ReportStatus from;
  ReportAction action;
  std::optional<ReportStatus> to;  // nullopt: refused with failed_precondition
};

void PrintTo(const Transition& transition, std::ostream* os) {
  *os << ReportActionName(transition.action) << " from " << ReportStatusName(transition.from);
}

class ReportTransition : public ::testing::TestWithParam<Transition> {};

TEST_P(ReportTransition, FollowsTheWorkflow) {
  const Transition& transition = GetParam();
  auto next = NextReportStatus(transition.from, transition.action, kComment);
  if (transition.to) {
    ASSERT_TRUE(next.has_value()) << next.error().message;
    EXPECT_EQ(*next, *transition.to);
    return;
  }
  ASSERT_FALSE(next.has_value()) << "moved to " << ReportStatusName(*next);
  EXPECT_EQ(next.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_THAT(next.error().message,
              HasSubstr(fmt::format("\"{}\"", ReportStatusName(transition.from))));
  EXPECT_THAT(next.error().message, HasSubstr(ReportActionName(transition.action)));
}

// Every status × action pair, so a new transition cannot slip in untested.
INSTANTIATE_TEST_SUITE_P(
    EveryStatusAndAction, ReportTransition,
    ::testing::Values(
        Transition{ReportStatus::kDraft, ReportAction::kSubmit, ReportStatus::kSubmitted},
        Transition{ReportStatus::kDraft, ReportAction::kAccept, std::nullopt},
        Transition{ReportStatus::kDraft, ReportAction::kReturn, std::nullopt},
        Transition{ReportStatus::kDraft, ReportAction::kReopen, std::nullopt},
        Transition{ReportStatus::kSubmitted, ReportAction::kSubmit, std::nullopt},
        Transition{ReportStatus::kSubmitted, ReportAction::kAccept, ReportStatus::kAccepted},
        Transition{ReportStatus::kSubmitted, ReportAction::kReturn, ReportStatus::kReturned},
        Transition{ReportStatus::kSubmitted, ReportAction::kReopen, std::nullopt},
        Transition{ReportStatus::kAccepted, ReportAction::kSubmit, std::nullopt},
        Transition{ReportStatus::kAccepted, ReportAction::kAccept, std::nullopt},
        Transition{ReportStatus::kAccepted, ReportAction::kReturn, std::nullopt},
        Transition{ReportStatus::kAccepted, ReportAction::kReopen, ReportStatus::kDraft},
        Transition{ReportStatus::kReturned, ReportAction::kSubmit, ReportStatus::kSubmitted},
        Transition{ReportStatus::kReturned, ReportAction::kAccept, std::nullopt},
        Transition{ReportStatus::kReturned, ReportAction::kReturn, std::nullopt},
        Transition{ReportStatus::kReturned, ReportAction::kReopen, std::nullopt}),
    // gtest's macro already names a parameter `info`; -Wshadow forbids reusing it.
    [](const ::testing::TestParamInfo<Transition>& param_info) {
      return fmt::format("{}_from_{}", ReportActionName(param_info.param.action),
                         ReportStatusName(param_info.param.from));
    });

TEST(NextReportStatus, SubmitAndAcceptNeedNoComment) {
  auto submitted = NextReportStatus(ReportStatus::kDraft, ReportAction::kSubmit, "");
  ASSERT_TRUE(submitted.has_value()) << submitted.error().message;
  EXPECT_EQ(*submitted, ReportStatus::kSubmitted);
  auto resubmitted = NextReportStatus(ReportStatus::kReturned, ReportAction::kSubmit, "");
  ASSERT_TRUE(resubmitted.has_value()) << resubmitted.error().message;
  EXPECT_EQ(*resubmitted, ReportStatus::kSubmitted);
  auto accepted = NextReportStatus(ReportStatus::kSubmitted, ReportAction::kAccept, "");
  ASSERT_TRUE(accepted.has_value()) << accepted.error().message;
  EXPECT_EQ(*accepted, ReportStatus::kAccepted);
}

TEST(NextReportStatus, ReturnWithoutCommentIsAnInvalidArgumentOnTheComment) {
  auto next = NextReportStatus(ReportStatus::kSubmitted, ReportAction::kReturn, "");
  ASSERT_FALSE(next.has_value());
  EXPECT_EQ(next.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(next.error().field, "comment");
  EXPECT_EQ(next.error().message, "returning a report needs a comment");
}

TEST(NextReportStatus, ReopenWithoutCommentIsAnInvalidArgumentOnTheComment) {
  auto next = NextReportStatus(ReportStatus::kAccepted, ReportAction::kReopen, "");
  ASSERT_FALSE(next.has_value());
  EXPECT_EQ(next.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(next.error().field, "comment");
  EXPECT_EQ(next.error().message, "reopening a report needs a comment");
}

TEST(NextReportStatus, WrongStatusIsReportedBeforeAMissingComment) {
  auto returned = NextReportStatus(ReportStatus::kDraft, ReportAction::kReturn, "");
  ASSERT_FALSE(returned.has_value());
  EXPECT_EQ(returned.error().code, ErrorCode::kFailedPrecondition);
  auto reopened = NextReportStatus(ReportStatus::kSubmitted, ReportAction::kReopen, "");
  ASSERT_FALSE(reopened.has_value());
  EXPECT_EQ(reopened.error().code, ErrorCode::kFailedPrecondition);
}

TEST(NextReportStatus, RefusalNamesStatusAndAction) {
  auto next = NextReportStatus(ReportStatus::kAccepted, ReportAction::kSubmit, kComment);
  ASSERT_FALSE(next.has_value());
  EXPECT_EQ(next.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_THAT(next.error().message, HasSubstr("\"accepted\""));
  EXPECT_THAT(next.error().message, HasSubstr("submit"));
  EXPECT_NE(next.error().message.back(), '.');
}

TEST(Report, OnlyAcceptedReportsAreLockedAndOnlyDraftOrReturnedEditable) {
  Report report;
  report.status = ReportStatus::kDraft;
  EXPECT_TRUE(report.editable());
  EXPECT_FALSE(report.locked());
  report.status = ReportStatus::kSubmitted;
  EXPECT_FALSE(report.editable());
  EXPECT_FALSE(report.locked());
  report.status = ReportStatus::kAccepted;
  EXPECT_FALSE(report.editable());
  EXPECT_TRUE(report.locked());
  report.status = ReportStatus::kReturned;
  EXPECT_TRUE(report.editable());
  EXPECT_FALSE(report.locked());
}

// --- ValidateAssignment ----------------------------------------------------------------------

Date CompletionDay() { return *Date::Parse("2021-03-31"); }

Assignment DoneAssignment() {
  Assignment assignment;
  assignment.status = AssignmentStatus::kDone;
  assignment.completed_on = CompletionDay();
  assignment.evidence.document_number = "05-KH/ĐU";
  return assignment;
}

TEST(ValidateAssignment, AcceptsUnfinishedAssignmentsWithoutEvidence) {
  Assignment assignment;
  assignment.status = AssignmentStatus::kNotStarted;
  EXPECT_TRUE(ValidateAssignment(assignment).has_value());
  assignment.status = AssignmentStatus::kInProgress;
  EXPECT_TRUE(ValidateAssignment(assignment).has_value());
}

TEST(ValidateAssignment, AcceptsDoneWithDateAndDocumentNumber) {
  Assignment assignment = DoneAssignment();
  auto status = ValidateAssignment(assignment);
  EXPECT_TRUE(status.has_value()) << status.error().message;
  EXPECT_TRUE(assignment.complete());
}

TEST(ValidateAssignment, AcceptsDoneWithAttendanceAsEvidence) {
  Assignment assignment = DoneAssignment();
  assignment.evidence.document_number.clear();
  assignment.evidence.attendance.push_back({"đảng viên", 42});
  auto status = ValidateAssignment(assignment);
  EXPECT_TRUE(status.has_value()) << status.error().message;
}

TEST(ValidateAssignment, AcceptsDoneWithAFileAsEvidence) {
  Assignment assignment = DoneAssignment();
  assignment.evidence.document_number.clear();
  assignment.evidence.files.push_back("bien-ban.pdf");
  auto status = ValidateAssignment(assignment);
  EXPECT_TRUE(status.has_value()) << status.error().message;
}

TEST(ValidateAssignment, RefusesDoneWithoutCompletionDate) {
  Assignment assignment = DoneAssignment();
  assignment.completed_on.reset();
  auto status = ValidateAssignment(assignment);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().field, "completed_on");
  EXPECT_FALSE(assignment.complete());
}

TEST(ValidateAssignment, RefusesDoneWithoutEvidence) {
  Assignment assignment = DoneAssignment();
  assignment.evidence.document_number.clear();
  auto status = ValidateAssignment(assignment);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().field, "evidence");
  EXPECT_FALSE(assignment.complete());
}

TEST(ValidateAssignment, RefusesDoneWithNeitherDateNorEvidence) {
  Assignment assignment;
  assignment.status = AssignmentStatus::kDone;
  auto status = ValidateAssignment(assignment);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
}

TEST(ValidateAssignment, NoteOrDocumentDateAloneIsNotEvidence) {
  Assignment assignment = DoneAssignment();
  assignment.evidence.document_number.clear();
  assignment.evidence.note = "đã triển khai";
  assignment.evidence.document_date = CompletionDay();
  auto status = ValidateAssignment(assignment);
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().field, "evidence");
}

}  // namespace
}  // namespace nq::domain
