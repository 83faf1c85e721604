#include "app/users.h"

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

Result<User> AddUserAs(WriteScope& scope, const Access& access, Authenticator& auth,
                       std::string login, std::string name, std::string_view password) {
  NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "users"));
  return auth.AddUser(scope, std::move(login), std::move(name), password);
}

Status VerifyPasswordChange(Authenticator& auth, const Principal& principal, Id user_id,
                            std::string_view current, std::string_view address) {
  // Changing one's own password needs the current one: a session left open is not enough.
  if (principal.user_id != user_id) return Ok();
  return auth.VerifyOwnPassword(user_id, current, address);
}

Status SetPasswordAs(WriteScope& scope, const Access& access, Authenticator& auth, Id user_id,
                     std::string_view password) {
  if (access.principal().user_id != user_id) {
    NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "users"));
  }
  return auth.SetPassword(scope, user_id, password);
}

Result<Grant> AddGrantAs(WriteScope& scope, const Access& access, Authenticator& auth,
                         Grant grant) {
  NQ_RETURN_IF_ERROR(
      access.Require(Action::kAdminister, grant.unit_id, fmt::format("unit {}", grant.unit_id)));
  return auth.AddGrant(scope, std::move(grant));
}

Status RemoveGrantAs(WriteScope& scope, const Access& access, Authenticator& auth,
                     const Grant& grant) {
  NQ_RETURN_IF_ERROR(
      access.Require(Action::kAdminister, grant.unit_id, fmt::format("unit {}", grant.unit_id)));
  return auth.RemoveGrant(scope, grant.user_id, grant.role, grant.unit_id);
}

Result<std::string> CreateApiTokenAs(WriteScope& scope, const Access& access, Authenticator& auth,
                                     Id user_id, std::string name) {
  NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "API tokens"));
  return auth.CreateApiToken(scope, user_id, std::move(name));
}

}  // namespace nq::app
