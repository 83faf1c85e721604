// Obligations: one instruction that becomes a duty for every applicable unit, and the
// per-unit assignments that record what each did.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/unit.h"

namespace nq::domain {

enum class AssignmentRole { kLead, kCoordinate };  // chủ trì / phối hợp
// kNotApplicable: the unit was dissolved by a reorganisation before the duty fell due; the
// duty neither counts for it nor against it.
enum class AssignmentStatus { kNotStarted, kInProgress, kDone, kNotApplicable };

std::string_view AssignmentRoleName(AssignmentRole role);
std::string_view AssignmentStatusName(AssignmentStatus status);
Result<AssignmentRole> ParseAssignmentRole(std::string_view name);
Result<AssignmentStatus> ParseAssignmentStatus(std::string_view name);

struct Obligation {
  Id id = 0;
  std::string code;
  std::string title;
  Id issuer_unit_id = 0;
  std::optional<Id> document_id;
  std::optional<Id> item_id;
  Date issued_on;
  Date due_on;
  std::vector<Id> kind_ids;  // the unit kinds it applies to; empty: every kind
  // How far below the issuer it reaches: 1 the direct subordinates, N down to the N-th level,
  // 0 the whole subtree (docs/decisions/0012-duties-over-the-subtree.md).
  int64_t depth = 1;
  // Assigned to units the issuer listed by hand: a unit opened later in reach does not get it.
  bool units_listed = false;
  int64_t version = 1;
};

// The deepest level an obligation may name; 0 (the whole subtree) reaches further still.
inline constexpr int64_t kMaxObligationDepth = 20;

struct Attendance {
  std::string group;  // "cán bộ chủ chốt", "đảng viên", "nhân dân"
  int64_t count = 0;
};

// What proves an assignment done: the unit's own document, attendance, files.
struct Evidence {
  std::string document_number;  // "05-KH/ĐU"
  std::optional<Date> document_date;
  std::vector<Attendance> attendance;
  std::vector<std::string> files;  // stored file names or URLs
  std::string note;

  // An empty submission is not completion: there must be a document, an attendance or a file.
  bool empty() const { return document_number.empty() && attendance.empty() && files.empty(); }
};

struct Assignment {
  Id id = 0;
  Id obligation_id = 0;
  Id unit_id = 0;
  AssignmentRole role = AssignmentRole::kLead;
  AssignmentStatus status = AssignmentStatus::kNotStarted;
  std::optional<Date> completed_on;
  Evidence evidence;
  int64_t version = 1;

  // Done with a completion date and non-empty evidence.
  bool complete() const {
    return status == AssignmentStatus::kDone && completed_on.has_value() && !evidence.empty();
  }
};

// Checks that an assignment may be saved as it is: done needs a date and evidence.
Status ValidateAssignment(const Assignment& assignment);

}  // namespace nq::domain
