#include "app/work.h"

namespace nq::app {

using namespace nq::domain;

namespace {

// The reply of a write that answers the row it made or changed.
template <typename T>
Result<Reply> RowReply(int status, const Result<T>& row) {
  if (!row) return std::unexpected(row.error());
  return Reply{status, formats::ToJson(*row)};
}

// Changes recommendation `id` with `change` (answers or closes it) once the principal sees it and
// holds `needed` over the unit that `end` picks from it: a missing role is permission_denied
// even when that unit is out of sight. Reply 200: the recommendation.
template <typename End, typename Change>
Result<Reply> ChangeRecommendationAs(Service& service, const Principal& principal,
                                     const Actor& actor, std::string_view fingerprint, Id id,
                                     Action needed, End end, Change change) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    NQ_TRY(Recommendation stored, storage::Get<Recommendation>(scope.tx(), id));
                    std::string what = fmt::format("recommendation {}", id);
                    NQ_RETURN_IF_ERROR(RequireRead(scope.tx(), access, stored, what));
                    if (!access.Can(needed, end(stored))) return access.Denied(needed, what);
                    return RowReply(200, change(scope));
                  });
}

}  // namespace

namespace {

// The units a new obligation lists by hand (`member` the body's list, for the pointers): each
// must be one the principal sees and stand in the issuer's subtree on the issue date or today,
// refused like a missing one otherwise (so a list tells nothing of other branches); then the
// principal must manage it.
Status RequireListedUnits(storage::Transaction& tx, const Access& access,
                          const Obligation& obligation, std::string_view member,
                          const std::vector<Id>& units) {
  for (size_t index = 0; index < units.size(); ++index) {
    const std::string pointer = fmt::format("/{}/{}", member, index);
    const Id unit = units[index];
    NQ_RETURN_IF_ERROR(RequireVisible<Unit>(tx, access, unit, pointer));
    const engine::Engine& engine = access.engine();
    if (!engine.InSubtree(unit, obligation.issuer_unit_id, obligation.issued_on) &&
        !engine.InSubtree(unit, obligation.issuer_unit_id, access.as_of())) {
      return FieldError(pointer, "field \"{}\": unit {} not found", pointer, unit);
    }
    NQ_RETURN_IF_ERROR(access.Require(Action::kManage, unit, fmt::format("unit {}", unit)));
  }
  return Ok();
}

}  // namespace

Result<Reply> CreateObligationAs(Service& service, const Principal& principal, const Actor& actor,
                                 std::string_view fingerprint, const Obligation& obligation,
                                 const std::optional<std::vector<Id>>& unit_ids,
                                 const std::vector<Id>& coordinating_unit_ids) {
  return MutateAs(
      service, principal, actor, fingerprint,
      [&](WriteScope& scope, const Access& access) -> Result<Reply> {
        NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, obligation, "a new obligation"));
        NQ_RETURN_IF_ERROR(RequireReferences(scope.tx(), access, obligation));
        if (unit_ids) {
          NQ_RETURN_IF_ERROR(
              RequireListedUnits(scope.tx(), access, obligation, "unit_ids", *unit_ids));
        }
        NQ_RETURN_IF_ERROR(RequireListedUnits(scope.tx(), access, obligation,
                                              "coordinating_unit_ids", coordinating_unit_ids));
        NQ_TRY(auto created, CreateObligation(scope, obligation, unit_ids, coordinating_unit_ids));
        json::object out = formats::ToJson(created.first).as_object();
        out["assignments"] = RowsJson(created.second);
        return Reply{201, std::move(out)};
      });
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

Result<Reply> CreateReportAs(Service& service, const Principal& principal, const Actor& actor,
                             std::string_view fingerprint, const Report& report) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, report, "a new report"));
                    NQ_RETURN_IF_ERROR(RequireReferences(scope.tx(), access, report));
                    return RowReply(201, CreateReport(scope, report));
                  });
}

Result<Reply> PatchReportSectionsAs(Service& service, const Principal& principal,
                                    const Actor& actor, std::string_view fingerprint, Id id,
                                    int64_t expected_version, const json::value& sections) {
  return MutateAs(
      service, principal, actor, fingerprint,
      [&](WriteScope& scope, const Access& access) -> Result<Reply> {
        NQ_TRY(Report stored, storage::Get<Report>(scope.tx(), id));
        NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, stored, fmt::format("report {}", id)));
        ReportSections merged = stored.sections;
        NQ_RETURN_IF_ERROR(formats::FromJson(sections, merged, true));
        return RowReply(200, UpdateReportSections(scope, id, expected_version, merged));
      });
}

Result<Reply> TransitionReportAs(Service& service, const Principal& principal, const Actor& actor,
                                 std::string_view fingerprint, Id id, ReportAction action,
                                 const std::string& comment,
                                 std::optional<int64_t> expected_version) {
  return MutateAs(
      service, principal, actor, fingerprint,
      [&](WriteScope& scope, const Access& access) -> Result<Reply> {
        NQ_TRY(Report stored, storage::Get<Report>(scope.tx(), id));
        Action needed = action == ReportAction::kSubmit ? Action::kEnter : Action::kReview;
        NQ_RETURN_IF_ERROR(access.Require(needed, stored.unit_id, fmt::format("report {}", id)));
        return RowReply(200, TransitionReport(scope, id, action, comment, expected_version));
      });
}

Result<Reply> CreateRecommendationAs(Service& service, const Principal& principal,
                                     const Actor& actor, std::string_view fingerprint,
                                     const Recommendation& recommendation) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    NQ_RETURN_IF_ERROR(
                        RequireWrite(scope.tx(), access, recommendation, "a new recommendation"));
                    NQ_RETURN_IF_ERROR(RequireReferences(scope.tx(), access, recommendation));
                    Recommendation row = recommendation;
                    row.created_at = scope.now();
                    row.status = RecommendationStatus::kOpen;
                    return RowReply(201, CreateEntity(scope, std::move(row)));
                  });
}

Result<Reply> AnswerRecommendationAs(Service& service, const Principal& principal,
                                     const Actor& actor, std::string_view fingerprint, Id id,
                                     const std::string& answer,
                                     std::optional<int64_t> expected_version) {
  return ChangeRecommendationAs(
      service, principal, actor, fingerprint, id, Action::kManage,
      [](const Recommendation& r) { return r.to_unit_id; },
      [&](WriteScope& scope) { return AnswerRecommendation(scope, id, answer, expected_version); });
}

Result<Reply> CloseRecommendationAs(Service& service, const Principal& principal,
                                    const Actor& actor, std::string_view fingerprint, Id id,
                                    std::optional<int64_t> expected_version) {
  return ChangeRecommendationAs(
      service, principal, actor, fingerprint, id, Action::kEnter,
      [](const Recommendation& r) { return r.from_unit_id; },
      [&](WriteScope& scope) { return CloseRecommendation(scope, id, expected_version); });
}

Result<Reply> CreateCommentAs(Service& service, const Principal& principal, const Actor& actor,
                              std::string_view fingerprint, const Comment& comment) {
  return MutateAs(
      service, principal, actor, fingerprint,
      [&](WriteScope& scope, const Access& access) -> Result<Reply> {
        NQ_RETURN_IF_ERROR(RequireWrite(scope.tx(), access, comment,
                                        fmt::format("{} {}", comment.entity, comment.entity_id)));
        Comment row = comment;
        row.author = scope.actor().name;
        row.created_at = scope.now();
        return RowReply(201, CreateEntity(scope, std::move(row)));
      });
}

Result<std::vector<AuditEntry>> ListAudit(Service& service, const Principal& principal,
                                          const AuditQuery& query) {
  Access access(principal, service.engine(), service.Today());
  const bool everything = access.CanGlobally(Action::kAdminister);
  storage::AuditFilter filter;
  if (query.unit_id) {
    NQ_RETURN_IF_ERROR(
        access.Require(Action::kManage, *query.unit_id, fmt::format("unit {}", *query.unit_id)));
    std::vector<Id> units = access.Subtree(*query.unit_id);
    if (!everything) std::erase_if(units, [&](Id id) { return !access.Can(Action::kManage, id); });
    filter.unit_ids = std::move(units);
  } else if (!everything) {
    std::vector<Id> managed = access.UnitsWhere(Action::kManage);
    if (managed.empty()) {
      return std::unexpected(access.RequireGlobal(Action::kAdminister, "the audit").error());
    }
    filter.unit_ids = std::move(managed);
  }
  filter.entity = query.entity;
  filter.actor = query.actor;
  filter.entity_id = query.entity_id;
  filter.action = query.action;
  filter.from = query.from;
  filter.to = query.to;
  filter.before_id = query.before_id;
  filter.limit = query.limit;
  NQ_TRY(auto records, service.database().Read([&](storage::Transaction& tx) {
    return storage::ListAudit(tx, filter);
  }));
  std::vector<Id> unit_ids;
  for (const storage::AuditRecord& record : records) unit_ids.push_back(record.unit_id.value_or(0));
  const auto labels = service.engine().UnitLabels(unit_ids);
  std::vector<AuditEntry> out;
  out.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    out.push_back(AuditEntry{std::move(records[i]), labels[i].first, labels[i].second});
  }
  return out;
}

}  // namespace nq::app
