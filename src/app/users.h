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

// Each write below runs in its own transaction (MutateAs) and answers the Reply the API sends.

// A new user (administrators over the whole tree); the errors of Authenticator::AddUser.
// Reply 201: {"id", "login", "name"}.
Result<Reply> AddUserAs(Service& service, const Principal& principal, const Actor& actor,
                        std::string_view fingerprint, Authenticator& auth, const std::string& login,
                        const std::string& name, std::string_view password);

// Sets the password of `user_id`: one's own, which needs the `current` one first (a session left
// open is not enough: permission_denied unless it matches, resource_exhausted when locked, the
// attempt throttled like a sign-in from the actor's address), or anyone's for administrators
// over the whole tree (permission_denied otherwise); the errors of Authenticator::SetPassword.
// Reply 200: {"changed": true}.
Result<Reply> SetPasswordAs(Service& service, const Principal& principal, const Actor& actor,
                            std::string_view fingerprint, Authenticator& auth, domain::Id user_id,
                            std::string_view password, std::string_view current);

// Grants or revokes a role over a unit: administrators over the unit only (not_found when it is
// out of sight, permission_denied otherwise); the errors of the Authenticator. Reply 201: the
// grant; 200: {"revoked": true}.
Result<Reply> AddGrantAs(Service& service, const Principal& principal, const Actor& actor,
                         std::string_view fingerprint, Authenticator& auth,
                         const domain::Grant& grant);
Result<Reply> RemoveGrantAs(Service& service, const Principal& principal, const Actor& actor,
                            std::string_view fingerprint, Authenticator& auth,
                            const domain::Grant& grant);

// Releases the sign-in lock of `user_id` from every address and its back-off (administrators over
// the whole tree; not_found for an unknown user). Audited as "unlock". Reply 200:
// {"unlocked": true}.
Result<Reply> UnlockSignInAs(Service& service, const Principal& principal, const Actor& actor,
                             std::string_view fingerprint, Authenticator& auth, domain::Id user_id);

// A new API token of `user_id`, returned once (administrators over the whole tree). Reply 201:
// {"token", "name"}.
Result<Reply> CreateApiTokenAs(Service& service, const Principal& principal, const Actor& actor,
                               std::string_view fingerprint, Authenticator& auth,
                               domain::Id user_id, const std::string& name);

}  // namespace nq::app
