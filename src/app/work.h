// The work units do, as a principal may do it: obligations and their assignments, reports and
// their workflow, recommendations, comments, and the audit trail.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/entities.h"

namespace nq::app {

// Each write below runs in its own transaction (MutateAs) and answers the Reply the API sends.

// A new obligation (management over its issuer needed) assigned to `unit_ids` (the lead units)
// and `coordinating_unit_ids` or, without them, to the issuer's applicable subordinates. Each
// unit listed must be in sight and in the issuer's subtree (on the issue date or today):
// invalid_argument naming its entry ("/coordinating_unit_ids/2") otherwise, the same as for a
// missing unit; then management over it is needed. not_found or permission_denied when refused;
// otherwise as CreateObligation. Reply 201: the obligation with its "assignments".
Result<Reply> CreateObligationAs(Service& service, const Principal& principal, const Actor& actor,
                                 std::string_view fingerprint, const domain::Obligation& obligation,
                                 const std::optional<std::vector<domain::Id>>& unit_ids,
                                 const std::vector<domain::Id>& coordinating_unit_ids = {});

struct ObligationWithAssignments {
  domain::Obligation obligation;
  std::vector<domain::Assignment> assignments;  // the ones the principal may read
};

// Obligation `id` with its assignments; not_found when it is missing or out of sight.
Result<ObligationWithAssignments> FindObligation(Service& service, const Principal& principal,
                                                 domain::Id id);

// A new draft report (data entry over its unit needed); not_found or permission_denied when
// refused, otherwise as CreateReport. Reply 201: the report.
Result<Reply> CreateReportAs(Service& service, const Principal& principal, const Actor& actor,
                             std::string_view fingerprint, const domain::Report& report);

// Merges the JSON `sections` into the narrative of report `id` (data entry over its unit
// needed). not_found or permission_denied when refused, invalid_argument for bad sections,
// otherwise as UpdateReportSections. Reply 200: the report.
Result<Reply> PatchReportSectionsAs(Service& service, const Principal& principal,
                                    const Actor& actor, std::string_view fingerprint, domain::Id id,
                                    int64_t expected_version, const json::value& sections);

// Moves report `id` through the workflow: submit needs data entry over its unit, the other
// actions review. not_found or permission_denied when refused, otherwise as TransitionReport.
// Reply 200: the report.
Result<Reply> TransitionReportAs(Service& service, const Principal& principal, const Actor& actor,
                                 std::string_view fingerprint, domain::Id id,
                                 domain::ReportAction action, const std::string& comment,
                                 std::optional<int64_t> expected_version);

// A new open recommendation from a unit the principal enters data for, up to a unit above it.
// not_found or permission_denied when refused, invalid_argument for a target elsewhere.
// Reply 201: the recommendation.
Result<Reply> CreateRecommendationAs(Service& service, const Principal& principal,
                                     const Actor& actor, std::string_view fingerprint,
                                     const domain::Recommendation& recommendation);

// Answers recommendation `id` (management over its receiving unit needed), or closes it (data
// entry over its sending unit needed). not_found when out of sight, permission_denied when seen
// but the role is missing; otherwise as AnswerRecommendation / CloseRecommendation. Reply 200:
// the recommendation.
Result<Reply> AnswerRecommendationAs(Service& service, const Principal& principal,
                                     const Actor& actor, std::string_view fingerprint,
                                     domain::Id id, const std::string& answer,
                                     std::optional<int64_t> expected_version);
Result<Reply> CloseRecommendationAs(Service& service, const Principal& principal,
                                    const Actor& actor, std::string_view fingerprint, domain::Id id,
                                    std::optional<int64_t> expected_version);

// A comment by the actor on an entity the principal may read; not_found or permission_denied
// when refused. Reply 201: the comment.
Result<Reply> CreateCommentAs(Service& service, const Principal& principal, const Actor& actor,
                              std::string_view fingerprint, const domain::Comment& comment);

// An audit row with the code and short name of the unit it concerns (empty for none).
struct AuditEntry : storage::AuditRecord {
  std::string unit_code;
  std::string unit_name;
};

struct AuditQuery {
  std::optional<std::string> entity;
  std::optional<domain::Id> entity_id;
  std::optional<std::string> actor;
  std::optional<std::string> action;    // "denied": the refused requests
  std::optional<domain::Id> unit_id;    // the unit and its subtree today
  std::optional<UnixMillis> from;       // at or after
  std::optional<UnixMillis> to;         // before
  std::optional<domain::Id> before_id;  // the next page: rows older than this one
  int64_t limit = 200;
};

// The audit rows matching `query`, newest first, at most `limit`. An administrator over a root
// reads every row; a principal who manages some units reads the rows about those units (not the
// rows about no unit: users, reference data, denied requests); anyone else is refused
// (permission_denied). With `unit_id`, the principal must manage that unit (not_found when it is
// out of sight, permission_denied otherwise).
Result<std::vector<AuditEntry>> ListAudit(Service& service, const Principal& principal,
                                          const AuditQuery& query);

}  // namespace nq::app
