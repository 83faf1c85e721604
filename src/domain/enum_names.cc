// Names of the domain enums as they appear in JSON and the database, and back.
#include <array>
#include <string_view>
#include <utility>

#include "domain/access.h"
#include "domain/document.h"
#include "domain/indicator.h"
#include "domain/notice.h"
#include "domain/obligation.h"
#include "domain/people.h"
#include "domain/registry.h"
#include "domain/report.h"
#include "domain/timeliness.h"
#include "domain/unit.h"

namespace nq::domain {
namespace {

template <typename E, size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

template <typename E, size_t N>
std::string_view NameOf(const NameTable<E, N>& table, E value) {
  for (const auto& [entry, name] : table) {
    if (entry == value) return name;
  }
  return "?";
}

template <typename E, size_t N>
Result<E> ParseName(const NameTable<E, N>& table, std::string_view what, std::string_view text) {
  for (const auto& [entry, name] : table) {
    if (name == text) return entry;
  }
  std::string allowed;
  for (const auto& [entry, name] : table) {
    if (!allowed.empty()) allowed += ", ";
    allowed += name;
  }
  return MakeError(ErrorCode::kInvalidArgument, "{} \"{}\" is not one of: {}", what, text, allowed);
}

template <typename E, size_t N>
std::vector<std::string_view> NamesOf(const NameTable<E, N>& table) {
  std::vector<std::string_view> names;
  for (const auto& [entry, name] : table) names.push_back(name);
  return names;
}

constexpr NameTable<PeriodType, 5> kPeriodTypes{{{PeriodType::kMonth, "month"},
                                                 {PeriodType::kQuarter, "quarter"},
                                                 {PeriodType::kHalf, "half"},
                                                 {PeriodType::kYear, "year"},
                                                 {PeriodType::kTerm, "term"}}};
constexpr NameTable<LineageKind, 6> kLineageKinds{{{LineageKind::kMerge, "merge"},
                                                   {LineageKind::kSplit, "split"},
                                                   {LineageKind::kRename, "rename"},
                                                   {LineageKind::kMove, "move"},
                                                   {LineageKind::kCreate, "create"},
                                                   {LineageKind::kClose, "close"}}};
constexpr NameTable<ValueType, 4> kValueTypes{{{ValueType::kNumber, "number"},
                                               {ValueType::kPercent, "percent"},
                                               {ValueType::kYesNo, "yes_no"},
                                               {ValueType::kText, "text"}}};
constexpr NameTable<UnitAggregation, 6> kUnitAggregations{
    {{UnitAggregation::kSum, "sum"},
     {UnitAggregation::kAverage, "average"},
     {UnitAggregation::kMin, "min"},
     {UnitAggregation::kMax, "max"},
     {UnitAggregation::kCountYes, "count_yes"},
     {UnitAggregation::kNone, "none"}}};
constexpr NameTable<TimeAggregation, 3> kTimeAggregations{{{TimeAggregation::kSum, "sum"},
                                                           {TimeAggregation::kLast, "last"},
                                                           {TimeAggregation::kAverage, "average"}}};
constexpr NameTable<DocumentKind, 7> kDocumentKinds{
    {{DocumentKind::kResolution, "resolution"},
     {DocumentKind::kActionProgram, "action_program"},
     {DocumentKind::kPlan, "plan"},
     {DocumentKind::kProject, "project"},
     {DocumentKind::kDirective, "directive"},
     {DocumentKind::kConclusion, "conclusion"},
     {DocumentKind::kWorkProgram, "work_program"}}};
constexpr NameTable<DocumentKind, 7> kDocumentKindLabels{
    {{DocumentKind::kResolution, "Nghị quyết"},
     {DocumentKind::kActionProgram, "Chương trình hành động"},
     {DocumentKind::kPlan, "Kế hoạch"},
     {DocumentKind::kProject, "Đề án"},
     {DocumentKind::kDirective, "Chỉ thị"},
     {DocumentKind::kConclusion, "Kết luận"},
     {DocumentKind::kWorkProgram, "Chương trình làm việc"}}};
constexpr NameTable<ItemKind, 8> kItemKinds{{{ItemKind::kGoal, "goal"},
                                             {ItemKind::kTarget, "target"},
                                             {ItemKind::kKeyProgram, "key_program"},
                                             {ItemKind::kBreakthrough, "breakthrough"},
                                             {ItemKind::kKeyTask, "key_task"},
                                             {ItemKind::kSolution, "solution"},
                                             {ItemKind::kKeyWork, "key_work"},
                                             {ItemKind::kTask, "task"}}};
constexpr NameTable<ItemKind, 8> kItemKindLabels{{{ItemKind::kGoal, "Mục tiêu"},
                                                  {ItemKind::kTarget, "Chỉ tiêu"},
                                                  {ItemKind::kKeyProgram, "Chương trình trọng tâm"},
                                                  {ItemKind::kBreakthrough, "Khâu đột phá"},
                                                  {ItemKind::kKeyTask, "Nhiệm vụ trọng tâm"},
                                                  {ItemKind::kSolution, "Giải pháp"},
                                                  {ItemKind::kKeyWork, "Công trình trọng điểm"},
                                                  {ItemKind::kTask, "Nhiệm vụ"}}};
constexpr NameTable<Direction, 3> kDirections{
    {{Direction::kRaise, "raise"}, {Direction::kLower, "lower"}, {Direction::kReach, "reach"}}};
constexpr NameTable<LinkKind, 5> kLinkKinds{{{LinkKind::kIdentical, "identical"},
                                             {LinkKind::kAllocatedShare, "allocated_share"},
                                             {LinkKind::kContributes, "contributes"},
                                             {LinkKind::kSupports, "supports"},
                                             {LinkKind::kLocalized, "localized"}}};
constexpr NameTable<AssignmentRole, 2> kAssignmentRoles{
    {{AssignmentRole::kLead, "lead"}, {AssignmentRole::kCoordinate, "coordinate"}}};
constexpr NameTable<AssignmentStatus, 4> kAssignmentStatuses{
    {{AssignmentStatus::kNotStarted, "not_started"},
     {AssignmentStatus::kInProgress, "in_progress"},
     {AssignmentStatus::kDone, "done"},
     {AssignmentStatus::kNotApplicable, "not_applicable"}}};
constexpr NameTable<ReportStatus, 4> kReportStatuses{{{ReportStatus::kDraft, "draft"},
                                                      {ReportStatus::kSubmitted, "submitted"},
                                                      {ReportStatus::kAccepted, "accepted"},
                                                      {ReportStatus::kReturned, "returned"}}};
constexpr NameTable<ReportStatus, 4> kReportStatusLabels{{{ReportStatus::kDraft, "Bản nháp"},
                                                          {ReportStatus::kSubmitted, "Đã gửi"},
                                                          {ReportStatus::kAccepted, "Đã duyệt"},
                                                          {ReportStatus::kReturned, "Trả lại"}}};
constexpr NameTable<ReportAction, 4> kReportActions{{{ReportAction::kSubmit, "submit"},
                                                     {ReportAction::kAccept, "accept"},
                                                     {ReportAction::kReturn, "return"},
                                                     {ReportAction::kReopen, "reopen"}}};
constexpr NameTable<RecommendationStatus, 3> kRecommendationStatuses{
    {{RecommendationStatus::kOpen, "open"},
     {RecommendationStatus::kAnswered, "answered"},
     {RecommendationStatus::kClosed, "closed"}}};

constexpr NameTable<NoticeKind, 3> kNoticeKinds{{{NoticeKind::kReminder, "reminder"},
                                                 {NoticeKind::kDueSoon, "due_soon"},
                                                 {NoticeKind::kOverdue, "overdue"}}};

constexpr NameTable<Timeliness, 4> kTimeliness{{{Timeliness::kOnTime, "on_time"},
                                                {Timeliness::kLate, "late"},
                                                {Timeliness::kOverdue, "overdue"},
                                                {Timeliness::kOpen, "open"}}};
constexpr NameTable<Timeliness, 4> kTimelinessLabels{{{Timeliness::kOnTime, "Đúng hạn"},
                                                      {Timeliness::kLate, "Trễ hạn"},
                                                      {Timeliness::kOverdue, "Quá hạn"},
                                                      {Timeliness::kOpen, "Chưa đến hạn"}}};

constexpr NameTable<Role, 5> kRoles{{{Role::kViewer, "viewer"},
                                     {Role::kEditor, "editor"},
                                     {Role::kReviewer, "reviewer"},
                                     {Role::kManager, "manager"},
                                     {Role::kAdministrator, "administrator"}}};
constexpr NameTable<Role, 5> kRoleLabels{{{Role::kViewer, "Xem"},
                                          {Role::kEditor, "Nhập liệu"},
                                          {Role::kReviewer, "Duyệt báo cáo"},
                                          {Role::kManager, "Quản lý"},
                                          {Role::kAdministrator, "Quản trị"}}};
constexpr NameTable<Action, 5> kActions{{{Action::kRead, "read"},
                                         {Action::kEnter, "enter"},
                                         {Action::kReview, "review"},
                                         {Action::kManage, "manage"},
                                         {Action::kAdminister, "administer"}}};

}  // namespace

std::string_view RoleName(Role v) { return NameOf(kRoles, v); }
std::string_view RoleLabelVi(Role v) { return NameOf(kRoleLabels, v); }
std::string_view ActionName(Action v) { return NameOf(kActions, v); }
Result<Role> ParseRole(std::string_view s) { return ParseName(kRoles, "role", s); }

bool RoleAllows(Role role, Action action) {
  switch (role) {
    case Role::kViewer:
      return action == Action::kRead;
    case Role::kEditor:
      return action == Action::kRead || action == Action::kEnter;
    case Role::kReviewer:
      return action == Action::kRead || action == Action::kReview;
    case Role::kManager:
      return action == Action::kRead || action == Action::kManage;
    case Role::kAdministrator:
      return true;
  }
  return false;
}

std::string_view PeriodTypeName(PeriodType v) { return NameOf(kPeriodTypes, v); }
Result<PeriodType> ParsePeriodType(std::string_view s) {
  return ParseName(kPeriodTypes, "period type", s);
}
std::string_view LineageKindName(LineageKind v) { return NameOf(kLineageKinds, v); }
std::string_view ValueTypeName(ValueType v) { return NameOf(kValueTypes, v); }
Result<ValueType> ParseValueType(std::string_view s) {
  return ParseName(kValueTypes, "value type", s);
}
std::string_view UnitAggregationName(UnitAggregation v) { return NameOf(kUnitAggregations, v); }
Result<UnitAggregation> ParseUnitAggregation(std::string_view s) {
  return ParseName(kUnitAggregations, "aggregation across units", s);
}
std::string_view TimeAggregationName(TimeAggregation v) { return NameOf(kTimeAggregations, v); }
Result<TimeAggregation> ParseTimeAggregation(std::string_view s) {
  return ParseName(kTimeAggregations, "aggregation over time", s);
}
std::string_view DocumentKindName(DocumentKind v) { return NameOf(kDocumentKinds, v); }
std::string_view DocumentKindLabelVi(DocumentKind v) { return NameOf(kDocumentKindLabels, v); }
Result<DocumentKind> ParseDocumentKind(std::string_view s) {
  return ParseName(kDocumentKinds, "document kind", s);
}
std::string_view ItemKindName(ItemKind v) { return NameOf(kItemKinds, v); }
std::string_view ItemKindLabelVi(ItemKind v) { return NameOf(kItemKindLabels, v); }
Result<ItemKind> ParseItemKind(std::string_view s) { return ParseName(kItemKinds, "item kind", s); }
std::string_view DirectionName(Direction v) { return NameOf(kDirections, v); }
Result<Direction> ParseDirection(std::string_view s) {
  return ParseName(kDirections, "direction", s);
}
std::string_view LinkKindName(LinkKind v) { return NameOf(kLinkKinds, v); }
Result<LinkKind> ParseLinkKind(std::string_view s) { return ParseName(kLinkKinds, "link kind", s); }
std::string_view AssignmentRoleName(AssignmentRole v) { return NameOf(kAssignmentRoles, v); }
Result<AssignmentRole> ParseAssignmentRole(std::string_view s) {
  return ParseName(kAssignmentRoles, "assignment role", s);
}
std::string_view AssignmentStatusName(AssignmentStatus v) { return NameOf(kAssignmentStatuses, v); }
Result<AssignmentStatus> ParseAssignmentStatus(std::string_view s) {
  return ParseName(kAssignmentStatuses, "assignment status", s);
}
std::string_view ReportStatusName(ReportStatus v) { return NameOf(kReportStatuses, v); }
std::string_view ReportStatusLabelVi(ReportStatus v) { return NameOf(kReportStatusLabels, v); }
Result<ReportStatus> ParseReportStatus(std::string_view s) {
  return ParseName(kReportStatuses, "report status", s);
}
std::string_view ReportActionName(ReportAction v) { return NameOf(kReportActions, v); }
Result<ReportAction> ParseReportAction(std::string_view s) {
  return ParseName(kReportActions, "report action", s);
}
std::string_view NoticeKindName(NoticeKind v) { return NameOf(kNoticeKinds, v); }
Result<NoticeKind> ParseNoticeKind(std::string_view s) {
  return ParseName(kNoticeKinds, "notice kind", s);
}
std::string_view RecommendationStatusName(RecommendationStatus v) {
  return NameOf(kRecommendationStatuses, v);
}
Result<RecommendationStatus> ParseRecommendationStatus(std::string_view s) {
  return ParseName(kRecommendationStatuses, "recommendation status", s);
}

std::string_view TimelinessName(Timeliness v) { return NameOf(kTimeliness, v); }
std::string_view TimelinessLabelVi(Timeliness v) { return NameOf(kTimelinessLabels, v); }
Result<Timeliness> ParseTimeliness(std::string_view s) {
  return ParseName(kTimeliness, "timeliness", s);
}
NQ_ENUM_LIST(PeriodType) { return NamesOf(kPeriodTypes); }
NQ_ENUM_LIST(LineageKind) { return NamesOf(kLineageKinds); }
NQ_ENUM_LIST(ValueType) { return NamesOf(kValueTypes); }
NQ_ENUM_LIST(UnitAggregation) { return NamesOf(kUnitAggregations); }
NQ_ENUM_LIST(TimeAggregation) { return NamesOf(kTimeAggregations); }
NQ_ENUM_LIST(DocumentKind) { return NamesOf(kDocumentKinds); }
NQ_ENUM_LIST(ItemKind) { return NamesOf(kItemKinds); }
NQ_ENUM_LIST(Direction) { return NamesOf(kDirections); }
NQ_ENUM_LIST(LinkKind) { return NamesOf(kLinkKinds); }
NQ_ENUM_LIST(AssignmentRole) { return NamesOf(kAssignmentRoles); }
NQ_ENUM_LIST(AssignmentStatus) { return NamesOf(kAssignmentStatuses); }
NQ_ENUM_LIST(ReportStatus) { return NamesOf(kReportStatuses); }
NQ_ENUM_LIST(ReportAction) { return NamesOf(kReportActions); }
NQ_ENUM_LIST(RecommendationStatus) { return NamesOf(kRecommendationStatuses); }
NQ_ENUM_LIST(NoticeKind) { return NamesOf(kNoticeKinds); }
NQ_ENUM_LIST(Role) { return NamesOf(kRoles); }

}  // namespace nq::domain
