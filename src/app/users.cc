#include "app/users.h"

#include "app/policy.h"
#include "common/text.h"
#include "storage/auth_store.h"
#include "storage/store.h"

namespace nq::app {

using namespace nq::domain;

namespace {

// Every user with their grants, by login.
Result<std::vector<UserWithGrants>> AllUsers(storage::Transaction& tx) {
  NQ_TRY(auto users, storage::List<User>(tx));
  NQ_TRY(auto grants, storage::List<Grant>(tx));
  std::vector<UserWithGrants> out;
  for (User& user : users) {
    UserWithGrants entry{std::move(user), {}, {}, std::nullopt};
    for (const Grant& g : grants) {
      if (g.user_id == entry.user.id) entry.grants.push_back(g);
    }
    out.push_back(std::move(entry));
  }
  std::ranges::sort(out, {}, [](const UserWithGrants& u) { return u.user.login; });
  return out;
}

Result<UserWithGrants> OneUser(storage::Transaction& tx, Id user_id) {
  NQ_TRY(User user, storage::Get<User>(tx, user_id));
  NQ_TRY(auto grants, storage::List<Grant>(tx, {storage::Eq("user_id", user_id)}));
  return UserWithGrants{std::move(user), std::move(grants), {}, std::nullopt};
}

// Names the units of the user's grants.
void NameUnits(const engine::Engine& engine, UserWithGrants& entry) {
  std::vector<Id> ids;
  for (const Grant& g : entry.grants) ids.push_back(g.unit_id);
  entry.units = engine.UnitLabels(ids);
}

// The person the user is, when the principal may see them.
Status FindPerson(storage::Transaction& tx, const Access& access, UserWithGrants& entry) {
  entry.person.reset();
  if (!entry.user.person_id) return Ok();
  auto person = storage::Get<Person>(tx, *entry.user.person_id);
  if (!person && person.error().code == ErrorCode::kNotFound) return Ok();
  if (!person) return std::unexpected(person.error());
  NQ_TRY(bool visible, Readable(tx, access, *person));
  if (visible) entry.person = std::move(*person);
  return Ok();
}

// The rules for linking `user` to person `person_id`: one the principal sees, and nobody else's.
Status RequirePersonFree(storage::Transaction& tx, const Access& access, const User& user,
                         Id person_id) {
  NQ_RETURN_IF_ERROR(RequireVisible<Person>(tx, access, person_id, "/person_id"));
  NQ_TRY(auto holders, storage::List<User>(tx, {storage::Eq("person_id", person_id)}));
  for (const User& other : holders) {
    if (other.id == user.id) continue;
    NQ_TRY(UserWithGrants holder, OneUser(tx, other.id));
    const bool named = RequireOverUser(access, holder).has_value();
    return std::unexpected(
        Error{ErrorCode::kAlreadyExists,
              fmt::format("person {} is already {}; one person is one user: clear it there first",
                          person_id,
                          named ? fmt::format("user \"{}\" ({})", other.login, other.name)
                                : std::string("another user, out of your sight")),
              "/person_id"});
  }
  return Ok();
}

}  // namespace

Result<std::vector<UserWithGrants>> ListUsers(Service& service, const Principal& principal,
                                              const UserQuery& query) {
  Access access(principal, service.engine(), service.Today());
  const bool everyone = access.CanGlobally(Action::kAdminister);
  std::optional<std::vector<Id>> units;
  if (query.unit_id) {
    NQ_RETURN_IF_ERROR(
        access.Require(Action::kManage, *query.unit_id, fmt::format("unit {}", *query.unit_id)));
    units = access.Subtree(*query.unit_id);
    if (!everyone) std::erase_if(*units, [&](Id id) { return !access.Can(Action::kManage, id); });
  } else if (!everyone) {
    units = access.UnitsWhere(Action::kManage);
    if (units->empty()) {
      return std::unexpected(access.RequireGlobal(Action::kAdminister, "users").error());
    }
  }
  const std::string text = FoldForSearch(query.text);
  NQ_TRY(auto all, service.database().Read(
                       [&](storage::Transaction& tx) -> Result<std::vector<UserWithGrants>> {
                         NQ_TRY(auto users, AllUsers(tx));
                         for (UserWithGrants& entry : users) {
                           NQ_RETURN_IF_ERROR(FindPerson(tx, access, entry));
                         }
                         return users;
                       }));
  std::erase_if(all, [&](const UserWithGrants& entry) {
    if (units && std::ranges::none_of(entry.grants, [&](const Grant& g) {
          return std::ranges::binary_search(*units, g.unit_id);
        })) {
      return true;
    }
    if (text.empty()) return false;
    for (const std::string* field : {&entry.user.login, &entry.user.name, &entry.user.email}) {
      if (FoldForSearch(*field).find(text) != std::string::npos) return false;
    }
    return true;
  });
  for (UserWithGrants& entry : all) NameUnits(service.engine(), entry);
  return all;
}

Status RequireOverUser(const Access& access, const UserWithGrants& user) {
  if (access.CanGlobally(Action::kAdminister)) return Ok();
  if (user.grants.empty()) return access.RequireGlobal(Action::kAdminister, "users");
  for (const Grant& grant : user.grants) {
    if (!access.Can(Action::kRead, grant.unit_id)) {
      return access.Hidden(fmt::format("user {}", user.user.id));
    }
  }
  for (const Grant& grant : user.grants) NQ_RETURN_IF_ERROR(RequireGrantable(access, grant));
  return Ok();
}

Result<UserWithGrants> GetUser(Service& service, const Principal& principal, Id user_id) {
  Access access(principal, service.engine(), service.Today());
  NQ_TRY(UserWithGrants user,
         service.database().Read([&](storage::Transaction& tx) -> Result<UserWithGrants> {
           NQ_TRY(UserWithGrants found, OneUser(tx, user_id));
           NQ_RETURN_IF_ERROR(FindPerson(tx, access, found));
           return found;
         }));
  NQ_RETURN_IF_ERROR(RequireOverUser(access, user));
  NameUnits(service.engine(), user);
  return user;
}

json::object UserWithGrantsJson(const UserWithGrants& entry) {
  json::array held;
  for (size_t i = 0; i < entry.grants.size(); ++i) {
    const Grant& g = entry.grants[i];
    const bool named = i < entry.units.size();
    held.push_back(json::object{{"id", g.id},
                                {"role", RoleName(g.role)},
                                {"unit_id", g.unit_id},
                                {"unit_code", named ? entry.units[i].first : ""},
                                {"unit_name", named ? entry.units[i].second : ""},
                                {"subtree", g.subtree}});
  }
  json::value person = nullptr;
  if (entry.person) {
    person = json::object{{"id", entry.person->id},
                          {"name", entry.person->name},
                          {"position", entry.person->position}};
  }
  return json::object{{"id", entry.user.id},
                      {"login", entry.user.login},
                      {"name", entry.user.name},
                      {"email", entry.user.email},
                      {"disabled", entry.user.disabled},
                      {"person", std::move(person)},
                      {"created_at", entry.user.created_at},
                      {"version", entry.user.version},
                      {"grants", std::move(held)}};
}

Result<Reply> UpdateUserAs(Service& service, const Principal& principal, const Actor& actor,
                           std::string_view fingerprint, Authenticator& auth, Id user_id,
                           int64_t expected_version, const UserChange& change) {
  return MutateAs(
      service, principal, actor, fingerprint,
      [&](WriteScope& scope, const Access& access) -> Result<Reply> {
        NQ_TRY(UserWithGrants user, OneUser(scope.tx(), user_id));
        NQ_RETURN_IF_ERROR(RequireOverUser(access, user));
        const User& was = user.user;
        std::optional<Id> person = change.person_id.value_or(was.person_id);
        if (person && person != was.person_id) {
          NQ_RETURN_IF_ERROR(RequirePersonFree(scope.tx(), access, was, *person));
        }
        NQ_TRY(user.user,
               auth.UpdateUser(scope, user_id, expected_version, change.name.value_or(was.name),
                               change.email.value_or(was.email),
                               change.disabled.value_or(was.disabled), person));
        NQ_RETURN_IF_ERROR(FindPerson(scope.tx(), access, user));
        NameUnits(access.engine(), user);
        return Reply{200, UserWithGrantsJson(user)};
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
  // At the role, where the form shows it: the principal sees the unit, not this role over it.
  return std::unexpected(
      Error{ErrorCode::kPermissionDenied,
            fmt::format("{} may not grant the role \"{}\"{} over unit {}: it is above the role "
                        "they hold there",
                        access.principal().login, RoleName(grant.role),
                        grant.subtree ? " with its subtree" : "", grant.unit_id),
            "role"});
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
        // The role is given with the user, so that the creation's row concerns its unit.
        std::optional<Grant> created = input.grant;
        NQ_TRY(User user, auth.AddUser(scope, input.login, input.name, input.password, input.email,
                                       created ? &*created : nullptr));
        json::object out{
            {"id", user.id}, {"login", user.login}, {"name", user.name}, {"email", user.email}};
        if (created) {
          out["grant"] = json::object{{"id", created->id},
                                      {"role", RoleName(created->role)},
                                      {"unit_id", created->unit_id},
                                      {"subtree", created->subtree}};
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
