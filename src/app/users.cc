#include "app/users.h"

#include "storage/auth_store.h"
#include "storage/store.h"

namespace nq::app {

using namespace nq::domain;

Result<std::vector<UserWithGrants>> ListUsers(Service& service, const Principal& principal) {
  Access access(principal, service.engine(), service.Today());
  NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "users"));
  return service.database().Read(
      [](storage::Transaction& tx) -> Result<std::vector<UserWithGrants>> {
        NQ_TRY(auto users, storage::List<User>(tx));
        NQ_TRY(auto grants, storage::List<Grant>(tx));
        std::vector<UserWithGrants> out;
        for (User& user : users) {
          UserWithGrants entry{std::move(user), {}};
          for (const Grant& g : grants) {
            if (g.user_id == entry.user.id) entry.grants.push_back(g);
          }
          out.push_back(std::move(entry));
        }
        return out;
      });
}

namespace {

// How strong a role is: a manager hands on what it holds or weaker, never more.
int Rank(Role role) {
  switch (role) {
    case Role::kViewer:
      return 0;
    case Role::kEditor:
    case Role::kReviewer:
      return 1;
    case Role::kManager:
      return 2;
    case Role::kAdministrator:
      return 3;
  }
  return 3;
}

}  // namespace

Status RequireGrantable(const Access& access, const Grant& grant) {
  const std::string what = fmt::format("unit {}", grant.unit_id);
  if (access.Can(Action::kAdminister, grant.unit_id)) return Ok();
  if (!access.Can(Action::kManage, grant.unit_id)) {
    return access.Require(Action::kAdminister, grant.unit_id, what);
  }
  for (const Grant& held : access.GrantsOver(grant.unit_id)) {
    if (RoleAllows(held.role, Action::kManage) && Rank(held.role) >= Rank(grant.role) &&
        (held.subtree || !grant.subtree)) {
      return Ok();
    }
  }
  return MakeError(ErrorCode::kPermissionDenied,
                   "{} may not grant the role \"{}\"{} over unit {}: it is above the role they "
                   "hold there",
                   access.principal().login, RoleName(grant.role),
                   grant.subtree ? " with its subtree" : "", grant.unit_id);
}

Result<Reply> AddUserAs(Service& service, const Principal& principal, const Actor& actor,
                        std::string_view fingerprint, Authenticator& auth, const NewUser& input) {
  return MutateAs(
      service, principal, actor, fingerprint,
      [&](WriteScope& scope, const Access& access) -> Result<Reply> {
        if (input.grant && !access.CanGlobally(Action::kAdminister)) {
          NQ_RETURN_IF_ERROR(RequireGrantable(access, *input.grant));
        } else {
          NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "users"));
        }
        NQ_TRY(User user,
               auth.AddUser(scope, input.login, input.name, input.password, input.email));
        json::object out{
            {"id", user.id}, {"login", user.login}, {"name", user.name}, {"email", user.email}};
        if (input.grant) {
          Grant grant = *input.grant;
          grant.user_id = user.id;
          NQ_TRY(Grant created, auth.AddGrant(scope, grant));
          out["grant"] = json::object{{"id", created.id},
                                      {"role", RoleName(created.role)},
                                      {"unit_id", created.unit_id},
                                      {"subtree", created.subtree}};
        }
        return Reply{201, std::move(out)};
      });
}

Result<Reply> SetPasswordAs(Service& service, const Principal& principal, const Actor& actor,
                            std::string_view fingerprint, Authenticator& auth, Id user_id,
                            std::string_view password, std::string_view current) {
  if (principal.user_id == user_id) {
    NQ_RETURN_IF_ERROR(auth.VerifyOwnPassword(user_id, current, actor.address));
  }
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    if (principal.user_id != user_id) {
                      NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "users"));
                    }
                    NQ_RETURN_IF_ERROR(auth.SetPassword(scope, user_id, password));
                    return Reply{200, json::object{{"changed", true}}};
                  });
}

Result<std::vector<ApiTokenInfo>> ListApiTokens(Service& service, const Principal& principal,
                                                Id user_id) {
  Access access(principal, service.engine(), service.Today());
  NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "API tokens"));
  return service.database().Read(
      [&](storage::Transaction& tx) -> Result<std::vector<ApiTokenInfo>> {
        NQ_RETURN_IF_ERROR(storage::Get<User>(tx, user_id));
        NQ_TRY(auto rows, storage::ListApiTokens(tx, user_id));
        std::vector<ApiTokenInfo> tokens;
        for (storage::ApiTokenRow& row : rows) {
          tokens.push_back({row.id, std::move(row.name), row.created_at, row.revoked});
        }
        return tokens;
      });
}

Result<Reply> RevokeApiTokenAs(Service& service, const Principal& principal, const Actor& actor,
                               std::string_view fingerprint, Id user_id, Id token_id) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "API tokens"));
                    NQ_RETURN_IF_ERROR(storage::RevokeApiToken(scope.tx(), user_id, token_id));
                    NQ_RETURN_IF_ERROR(scope.Audit("revoke_token", "user", user_id, nullptr,
                                                   json::object{{"token_id", token_id}}));
                    return Reply{200, json::object{{"revoked", true}}};
                  });
}

Result<Reply> UnlockSignInAs(Service& service, const Principal& principal, const Actor& actor,
                             std::string_view fingerprint, Authenticator& auth, Id user_id) {
  std::string login;
  NQ_TRY(Reply reply,
         MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "users"));
                    NQ_TRY(domain::User user, storage::Get<domain::User>(scope.tx(), user_id));
                    login = user.login;
                    NQ_RETURN_IF_ERROR(scope.Audit("unlock", "user", user_id, nullptr, nullptr));
                    return Reply{200, json::object{{"unlocked", true}}};
                  }));
  // After the commit: a refused or rolled-back request releases nothing.
  if (!reply.replayed) auth.ReleaseLock(login);
  return reply;
}

Result<Reply> AddGrantAs(Service& service, const Principal& principal, const Actor& actor,
                         std::string_view fingerprint, Authenticator& auth, const Grant& grant) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    NQ_RETURN_IF_ERROR(RequireGrantable(access, grant));
                    NQ_TRY(Grant created, auth.AddGrant(scope, grant));
                    return Reply{201, json::object{{"id", created.id},
                                                   {"user_id", created.user_id},
                                                   {"role", RoleName(created.role)},
                                                   {"unit_id", created.unit_id},
                                                   {"subtree", created.subtree}}};
                  });
}

Result<Reply> RemoveGrantAs(Service& service, const Principal& principal, const Actor& actor,
                            std::string_view fingerprint, Authenticator& auth, const Grant& grant) {
  return MutateAs(
      service, principal, actor, fingerprint,
      [&](WriteScope& scope, const Access& access) -> Result<Reply> {
        NQ_RETURN_IF_ERROR(access.Require(Action::kAdminister, grant.unit_id,
                                          fmt::format("unit {}", grant.unit_id)));
        NQ_RETURN_IF_ERROR(auth.RemoveGrant(scope, grant.user_id, grant.role, grant.unit_id));
        return Reply{200, json::object{{"revoked", true}}};
      });
}

Result<Reply> CreateApiTokenAs(Service& service, const Principal& principal, const Actor& actor,
                               std::string_view fingerprint, Authenticator& auth, Id user_id,
                               const std::string& name) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "API tokens"));
                    NQ_TRY(std::string token, auth.CreateApiToken(scope, user_id, name));
                    return Reply{201, json::object{{"token", token}, {"name", name}}};
                  });
}

}  // namespace nq::app
