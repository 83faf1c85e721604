#include "app/work.h"

namespace nq::app {

using namespace nq::domain;

Result<std::pair<Obligation, std::vector<Assignment>>> CreateObligationAs(
    WriteScope& scope, const Access& access, Obligation obligation,
    const std::optional<std::vector<Id>>& unit_ids) {
  NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, obligation, "a new obligation"));
  NQ_RETURN_IF_ERROR(RequireReferences(scope.tx(), access, obligation));
  if (unit_ids) {
    for (Id unit : *unit_ids) {
      NQ_RETURN_IF_ERROR(access.Require(Action::kManage, unit, fmt::format("unit {}", unit)));
    }
  }
  return CreateObligation(scope, std::move(obligation), unit_ids);
}

Result<ObligationWithAssignments> FindObligation(Service& service, const Principal& principal,
                                                 Id id) {
  Access access(principal, service.engine(), service.Today());
  return service.database().Read(
      [&](storage::Transaction& tx) -> Result<ObligationWithAssignments> {
        NQ_TRY(Obligation obligation, storage::Get<Obligation>(tx, id));
        NQ_RETURN_IF_ERROR(RequireRead(tx, access, obligation, fmt::format("obligation {}", id)));
        NQ_TRY(auto all, storage::List<Assignment>(tx, {storage::Eq("obligation_id", id)}));
        NQ_TRY(auto assignments, VisibleRows(tx, access, std::move(all)));
        return ObligationWithAssignments{std::move(obligation), std::move(assignments)};
      });
}

Result<Report> CreateReportAs(WriteScope& scope, const Access& access, Report report) {
  NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, report, "a new report"));
  NQ_RETURN_IF_ERROR(RequireReferences(scope.tx(), access, report));
  return CreateReport(scope, std::move(report));
}

Result<Report> PatchReportSectionsAs(WriteScope& scope, const Access& access, Id id,
                                     int64_t expected_version, const json::value& sections) {
  NQ_TRY(Report stored, storage::Get<Report>(scope.tx(), id));
  NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, stored, fmt::format("report {}", id)));
  ReportSections merged = stored.sections;
  NQ_RETURN_IF_ERROR(formats::FromJson(sections, merged, true));
  return UpdateReportSections(scope, id, expected_version, merged);
}

Result<Report> TransitionReportAs(WriteScope& scope, const Access& access, Id id,
                                  ReportAction action, const std::string& comment,
                                  std::optional<int64_t> expected_version) {
  NQ_TRY(Report stored, storage::Get<Report>(scope.tx(), id));
  Action needed = action == ReportAction::kSubmit ? Action::kEnter : Action::kReview;
  NQ_RETURN_IF_ERROR(access.Require(needed, stored.unit_id, fmt::format("report {}", id)));
  return TransitionReport(scope, id, action, comment, expected_version);
}

Result<Recommendation> CreateRecommendationAs(WriteScope& scope, const Access& access,
                                              Recommendation recommendation) {
  NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, recommendation, "a new recommendation"));
  NQ_RETURN_IF_ERROR(RequireReferences(scope.tx(), access, recommendation));
  recommendation.created_at = scope.now();
  recommendation.status = RecommendationStatus::kOpen;
  return CreateEntity(scope, std::move(recommendation));
}

namespace {

// Success when the principal sees recommendation `id` and holds `needed` over the unit that
// `end` picks from it: a missing role is permission_denied even when that unit is out of sight.
template <typename End>
Status RequireRecommendationEnd(WriteScope& scope, const Access& access, Id id, Action needed,
                                End end) {
  NQ_TRY(Recommendation stored, storage::Get<Recommendation>(scope.tx(), id));
  std::string what = fmt::format("recommendation {}", id);
  NQ_RETURN_IF_ERROR(RequireRead(scope.tx(), access, stored, what));
  if (!access.Can(needed, end(stored))) return access.Denied(needed, what);
  return Ok();
}

}  // namespace

Result<Recommendation> AnswerRecommendationAs(WriteScope& scope, const Access& access, Id id,
                                              const std::string& answer,
                                              std::optional<int64_t> expected_version) {
  NQ_RETURN_IF_ERROR(RequireRecommendationEnd(
      scope, access, id, Action::kManage, [](const Recommendation& r) { return r.to_unit_id; }));
  return AnswerRecommendation(scope, id, answer, expected_version);
}

Result<Recommendation> CloseRecommendationAs(WriteScope& scope, const Access& access, Id id,
                                             std::optional<int64_t> expected_version) {
  NQ_RETURN_IF_ERROR(RequireRecommendationEnd(
      scope, access, id, Action::kEnter, [](const Recommendation& r) { return r.from_unit_id; }));
  return CloseRecommendation(scope, id, expected_version);
}

Result<Comment> CreateCommentAs(WriteScope& scope, const Access& access, Comment comment) {
  NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, comment,
                                  fmt::format("{} {}", comment.entity, comment.entity_id)));
  comment.author = scope.actor().name;
  comment.created_at = scope.now();
  return CreateEntity(scope, std::move(comment));
}

Result<std::vector<AuditEntry>> ListAudit(Service& service, const Principal& principal,
                                          const AuditQuery& query) {
  Access access(principal, service.engine(), service.Today());
  NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "the audit"));
  storage::AuditFilter filter;
  filter.entity = query.entity;
  filter.actor = query.actor;
  filter.entity_id = query.entity_id;
  return service.database().Read(
      [&](storage::Transaction& tx) { return storage::ListAudit(tx, filter); });
}

}  // namespace nq::app
