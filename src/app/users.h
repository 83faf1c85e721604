// Users, their roles and API tokens administered as a principal: the list, new users, passwords,
// grants and tokens, each checked against the principal's grants.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/access.h"
#include "app/auth.h"
#include "app/service.h"

namespace nq::app {

struct UserWithGrants {
  domain::User user;
  std::vector<domain::Grant> grants;
};

// Every user with their grants; permission_denied (or not_found) unless the principal
// administers the whole tree.
Result<std::vector<UserWithGrants>> ListUsers(Service& service, const Principal& principal);

// A new user (administrators over the whole tree); the errors of Authenticator::AddUser.
Result<domain::User> AddUserAs(WriteScope& scope, const Access& access, Authenticator& auth,
                               std::string login, std::string name, std::string_view password);

// Before a principal sets their own password: permission_denied unless `current` is theirs,
// resource_exhausted when locked. Success at once for another user's password.
Status VerifyPasswordChange(Authenticator& auth, const Principal& principal, domain::Id user_id,
                            std::string_view current, std::string_view address);

// Sets the password of `user_id`: one's own, or anyone's for administrators over the whole tree
// (permission_denied otherwise); the errors of Authenticator::SetPassword.
Status SetPasswordAs(WriteScope& scope, const Access& access, Authenticator& auth,
                     domain::Id user_id, std::string_view password);

// Grants or revokes a role over a unit: administrators over the unit only (not_found when it is
// out of sight, permission_denied otherwise); the errors of the Authenticator.
Result<domain::Grant> AddGrantAs(WriteScope& scope, const Access& access, Authenticator& auth,
                                 domain::Grant grant);
Status RemoveGrantAs(WriteScope& scope, const Access& access, Authenticator& auth,
                     const domain::Grant& grant);

// A new API token of `user_id`, returned once (administrators over the whole tree).
Result<std::string> CreateApiTokenAs(WriteScope& scope, const Access& access, Authenticator& auth,
                                     domain::Id user_id, std::string name);

}  // namespace nq::app
