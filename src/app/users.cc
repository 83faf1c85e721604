#include "app/users.h"

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

Result<Reply> AddUserAs(Service& service, const Principal& principal, const Actor& actor,
                        std::string_view fingerprint, Authenticator& auth, const std::string& login,
                        const std::string& name, std::string_view password) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "users"));
                    NQ_TRY(User user, auth.AddUser(scope, login, name, password));
                    return Reply{
                        201,
                        json::object{{"id", user.id}, {"login", user.login}, {"name", user.name}}};
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
                    NQ_RETURN_IF_ERROR(access.Require(Action::kAdminister, grant.unit_id,
                                                      fmt::format("unit {}", grant.unit_id)));
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
