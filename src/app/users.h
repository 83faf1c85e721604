// Users, their roles and API tokens administered as a principal: the list, new users, passwords,
// grants and tokens, each checked against the principal's grants.
#pragma once

#include <optional>
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
  // The code and short name of each grant's unit, in the same order (filled by the reads below).
  std::vector<std::pair<std::string, std::string>> units;
  // The person the user is (User::person_id), when the reader may see that person.
  std::optional<domain::Person> person;
};

// Which users to list: those holding a grant over `unit_id` or a unit below it today, and whose
// login, name or e-mail address holds `text` (folded: no case, no diacritics).
struct UserQuery {
  std::optional<domain::Id> unit_id;
  std::string text;
};

// The users matching `query`, by login, with their grants. An administrator over the whole tree
// lists everyone; a principal who manages some units lists the users holding a grant over one
// of them; anyone else is refused (permission_denied). With `unit_id`, the principal must manage
// that unit (not_found when it is out of sight, permission_denied otherwise).
Result<std::vector<UserWithGrants>> ListUsers(Service& service, const Principal& principal,
                                              const UserQuery& query = {});

// User `user_id` with their grants, for whoever may change them (RequireOverUser).
Result<UserWithGrants> GetUser(Service& service, const Principal& principal, domain::Id user_id);

// Who may change a user (their name, e-mail address, whether they may sign in): an administrator
// over the whole tree; a principal who could have granted every role the user holds
// (RequireGrantable), when the user holds one. not_found when the user or one of their units is
// out of sight, permission_denied otherwise.
Status RequireOverUser(const Access& access, const UserWithGrants& user);

// What an edit of a user sets; what it leaves unset stays as stored, and so does the login.
struct UserChange {
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<bool> disabled;
  // The person (committee member) the user is; set to nullopt inside: the user is nobody.
  std::optional<std::optional<domain::Id>> person_id;
};

// Changes user `user_id` (RequireOverUser) if its version is still `expected_version`
// (aborted otherwise: someone else changed it); disabling ends their sessions. A new person must
// be one the principal may see (refused like a missing one otherwise: invalid_argument at
// "/person_id") and no other user's (already_exists at "/person_id"). Audited as "update" with
// the record before and after. Reply 200: the user with their grants.
Result<Reply> UpdateUserAs(Service& service, const Principal& principal, const Actor& actor,
                           std::string_view fingerprint, Authenticator& auth, domain::Id user_id,
                           int64_t expected_version, const UserChange& change);

// The JSON of a user with their grants (without the password hash).
json::object UserWithGrantsJson(const UserWithGrants& user);

// Each write below runs in its own transaction (MutateAs) and answers the Reply the API sends.

// What a new user is given: name, password, e-mail address (may be empty) and, optionally, a
// first role over a unit.
struct NewUser {
  std::string login;
  std::string name;
  std::string password;
  std::string email;
  std::optional<domain::Grant> grant;  // its user_id is the new user's
};

// A new user: by administrators over the whole tree, or, with a first grant, by whoever may
// make that grant (RequireGrantable), user and grant in one transaction. permission_denied (or
// not_found for a unit out of sight) otherwise, and nothing written; the errors of
// Authenticator::AddUser and AddGrant. Reply 201: {"id", "login", "name", "email"}.
Result<Reply> AddUserAs(Service& service, const Principal& principal, const Actor& actor,
                        std::string_view fingerprint, Authenticator& auth, const NewUser& user);

// Who may grant `grant`: an administrator over its unit, any role; a manager over it (not an
// administrator), a role no stronger than one they hold there with management (viewer, editor
// and reviewer below manager, manager itself), over the subtree only when theirs covers it.
// not_found when the unit is out of sight, permission_denied otherwise.
Status RequireGrantable(const Access& access, const domain::Grant& grant);

// Sets the password of `user_id`: one's own, which needs the `current` one first (a session left
// open is not enough: permission_denied unless it matches, resource_exhausted when locked, the
// attempt throttled like a sign-in from the actor's address), or anyone's for administrators
// over the whole tree (permission_denied otherwise); the errors of Authenticator::SetPassword.
// Reply 200: {"changed": true}.
Result<Reply> SetPasswordAs(Service& service, const Principal& principal, const Actor& actor,
                            std::string_view fingerprint, Authenticator& auth, domain::Id user_id,
                            std::string_view password, std::string_view current);

// Grants a role over a unit (RequireGrantable) or revokes one (administrators over the unit
// only): not_found when it is out of sight, permission_denied otherwise; the errors of the
// Authenticator. Reply 201: the grant; 200: {"revoked": true}.
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

// The API tokens of `user_id`, oldest first, without their secrets (administrators over the
// whole tree; not_found for an unknown user).
struct ApiTokenInfo {
  domain::Id id = 0;
  std::string name;
  UnixMillis created_at = 0;
  bool revoked = false;
};
Result<std::vector<ApiTokenInfo>> ListApiTokens(Service& service, const Principal& principal,
                                                domain::Id user_id);
// Revokes token `token_id` of `user_id`: refused from the next request on (administrators over
// the whole tree; not_found when the user has no such token). Audited as "revoke_token". Reply
// 200: {"revoked": true}.
Result<Reply> RevokeApiTokenAs(Service& service, const Principal& principal, const Actor& actor,
                               std::string_view fingerprint, domain::Id user_id,
                               domain::Id token_id);

// A new API token of `user_id`, returned once (administrators over the whole tree). Reply 201:
// {"token", "name"}.
Result<Reply> CreateApiTokenAs(Service& service, const Principal& principal, const Actor& actor,
                               std::string_view fingerprint, Authenticator& auth,
                               domain::Id user_id, const std::string& name);

}  // namespace nq::app
