// Users, roles scoped to the unit tree, and what each role may do.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/unit.h"

namespace nq::domain {

// Ordered by what they may do; see RoleAllows.
enum class Role { kViewer, kEditor, kReviewer, kManager, kAdministrator };

// What a request does to a unit's data.
enum class Action {
  kRead,        // see the unit and its figures
  kEnter,       // enter values, evidence, reports and recommendations for the unit
  kReview,      // accept, return or reopen reports of the unit
  kManage,      // documents, targets, obligations, responsibilities, people
  kAdminister,  // units, reference data, users
};

std::string_view RoleName(Role role);
std::string_view RoleLabelVi(Role role);
std::string_view ActionName(Action action);
Result<Role> ParseRole(std::string_view name);

// viewer: read; editor: read, enter; reviewer: read, review; manager: read, manage;
// administrator: everything.
bool RoleAllows(Role role, Action action);

// A role held over a unit, and over its subtree when `subtree` is set.
struct Grant {
  Id id = 0;
  Id user_id = 0;
  Role role = Role::kViewer;
  Id unit_id = 0;
  bool subtree = true;
};

struct User {
  Id id = 0;
  std::string login;  // "ba-thuoc.editor"
  std::string name;   // "Nguyễn Văn A"
  std::string email;  // where notices to the user's units are sent; may be empty
  std::optional<Id> person_id;
  std::string password_hash;  // Argon2id, libsodium's encoded form; never leaves the store
  bool disabled = false;
  UnixMillis created_at = 0;
  int64_t version = 1;
};

}  // namespace nq::domain
