// Routes for signing in and out, and for administering users, their roles and API tokens.
#include "api/app.h"
#include "app/policy.h"
#include "api/crud.h"
#include "storage/auth_store.h"

namespace nq::api {
namespace {

using namespace nq::domain;

json::object PrincipalJson(const app::Principal& principal) {
  json::array grants;
  for (const Grant& g : principal.grants) {
    grants.push_back(json::object{{"role", RoleName(g.role)},
                                  {"role_label", RoleLabelVi(g.role)},
                                  {"unit_id", g.unit_id},
                                  {"subtree", g.subtree}});
  }
  return json::object{{"id", principal.user_id},
                      {"login", principal.login},
                      {"name", principal.name},
                      {"grants", std::move(grants)}};
}

std::string SessionCookie(const std::string& name, const std::string& value, bool secure,
                          int64_t max_age) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", name, value, max_age,
                     secure ? "; Secure" : "");
}

HttpResponse Login(const Call& call, app::Authenticator& auth, const AppOptions& options,
                   const std::string& cookie_name) {
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  auto reader = formats::ObjectReader::Of(*body);
  if (!reader) return ErrorResponse(reader.error());
  std::string login, password;
  reader->Text("login", login, formats::Need::kRequired, 64)
      .Text("password", password, formats::Need::kRequired, 1024);
  if (auto ok = reader->Finish(); !ok) return ErrorResponse(ok.error());
  auto result = auth.Login(login, password, call.request().remote_address);
  if (!result) return ErrorResponse(result.error());
  json::object out{{"user", PrincipalJson(result->principal)},
                   {"csrf_token", result->principal.csrf_token}};
  HttpResponse response = JsonResponse(200, out);
  response.headers.emplace_back(
      "Set-Cookie", SessionCookie(cookie_name, result->session_token, options.secure_cookies,
                                  auth.options().absolute_timeout / 1000));
  return response;
}

HttpResponse Logout(const Call& call, app::Authenticator& auth, const AppOptions& options,
                    const std::string& cookie_name) {
  std::string token = CookieValue(call.request().Header("cookie"), cookie_name);
  if (token.empty()) {
    return ErrorResponse(MakeError(ErrorCode::kInvalidArgument,
                                   "API tokens have no session to end; revoke the token instead"));
  }
  if (auto ended = auth.Logout(token, call.Actor()); !ended) return ErrorResponse(ended.error());
  HttpResponse response = JsonResponse(200, json::object{{"signed_out", true}});
  response.headers.emplace_back("Set-Cookie",
                                SessionCookie(cookie_name, "", options.secure_cookies, 0));
  return response;
}

HttpResponse ListUsers(const Call& call) {
  if (auto ok = call.access().RequireGlobal(Action::kAdminister, "users"); !ok) {
    return ErrorResponse(ok.error());
  }
  auto users = call.service().database().Read([](storage::Transaction& tx) -> Result<json::array> {
    NQ_TRY(auto rows, storage::List<User>(tx));
    NQ_TRY(auto grants, storage::List<Grant>(tx));
    json::array out;
    for (const User& user : rows) {
      json::array held;
      for (const Grant& g : grants) {
        if (g.user_id != user.id) continue;
        held.push_back(json::object{{"id", g.id},
                                    {"role", RoleName(g.role)},
                                    {"unit_id", g.unit_id},
                                    {"subtree", g.subtree}});
      }
      out.push_back(json::object{{"id", user.id},
                                 {"login", user.login},
                                 {"name", user.name},
                                 {"disabled", user.disabled},
                                 {"grants", std::move(held)}});
    }
    return out;
  });
  if (!users) return ErrorResponse(users.error());
  return JsonResponse(200, json::object{{"count", users->size()}, {"items", std::move(*users)}});
}

HttpResponse AddUser(const Call& call, app::Authenticator& auth) {
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  auto reader = formats::ObjectReader::Of(*body);
  if (!reader) return ErrorResponse(reader.error());
  std::string login, name, password;
  reader->Text("login", login, formats::Need::kRequired, 64)
      .Text("name", name, formats::Need::kRequired, 200)
      .Text("password", password, formats::Need::kRequired, 1024);
  if (auto ok = reader->Finish(); !ok) return ErrorResponse(ok.error());
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "users"));
    NQ_TRY(User user, auth.AddUser(scope, login, name, password));
    return app::Reply{
        201, json::object{{"id", user.id}, {"login", user.login}, {"name", user.name}}};
  });
}

HttpResponse SetPassword(const Call& call, app::Authenticator& auth) {
  auto id = call.PathId("user");
  if (!id) return ErrorResponse(id.error());
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  auto reader = formats::ObjectReader::Of(*body);
  if (!reader) return ErrorResponse(reader.error());
  std::string password, current;
  bool self = call.principal().user_id == *id;
  reader->Text("password", password, formats::Need::kRequired, 1024)
      .Text("current_password", current, self ? formats::Need::kRequired : formats::Need::kOptional,
            1024);
  if (auto ok = reader->Finish(); !ok) return ErrorResponse(ok.error());
  // Changing one's own password needs the current one: a session left open is not enough.
  if (self) {
    if (auto ok = auth.VerifyOwnPassword(*id, current, call.request().remote_address); !ok) {
      return ErrorResponse(ok.error());
    }
  }
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    if (!self) NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "users"));
    NQ_RETURN_IF_ERROR(auth.SetPassword(scope, *id, password));
    return app::Reply{200, json::object{{"changed", true}}};
  });
}

HttpResponse ChangeGrant(const Call& call, app::Authenticator& auth, bool add) {
  auto id = call.PathId("user");
  if (!id) return ErrorResponse(id.error());
  Grant grant;
  grant.user_id = *id;
  if (add) {
    auto body = call.Body();
    if (!body) return ErrorResponse(body.error());
    auto reader = formats::ObjectReader::Of(*body);
    if (!reader) return ErrorResponse(reader.error());
    reader->Enum("role", grant.role, ParseRole)
        .Id("unit_id", grant.unit_id)
        .Bool("subtree", grant.subtree, formats::Need::kOptional);
    if (auto ok = reader->Finish(); !ok) return ErrorResponse(ok.error());
  } else {
    auto unit = call.RequiredQueryId("unit_id");
    if (!unit) return ErrorResponse(unit.error());
    grant.unit_id = *unit;
    auto role = ParseRole(call.QueryText("role").value_or(""));
    if (!role)
      return ErrorResponse(
          FieldError("role", "query parameter \"role\": {}", role.error().message));
    grant.role = *role;
  }
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_RETURN_IF_ERROR(
        access.Require(Action::kAdminister, grant.unit_id, fmt::format("unit {}", grant.unit_id)));
    if (!add) {
      NQ_RETURN_IF_ERROR(auth.RemoveGrant(scope, grant.user_id, grant.role, grant.unit_id));
      return app::Reply{200, json::object{{"revoked", true}}};
    }
    NQ_TRY(Grant created, auth.AddGrant(scope, grant));
    return app::Reply{201, json::object{{"id", created.id},
                                            {"user_id", created.user_id},
                                            {"role", RoleName(created.role)},
                                            {"unit_id", created.unit_id},
                                            {"subtree", created.subtree}}};
  });
}

HttpResponse CreateToken(const Call& call, app::Authenticator& auth) {
  auto id = call.PathId("user");
  if (!id) return ErrorResponse(id.error());
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  auto reader = formats::ObjectReader::Of(*body);
  if (!reader) return ErrorResponse(reader.error());
  std::string name;
  reader->Text("name", name, formats::Need::kRequired, 200);
  if (auto ok = reader->Finish(); !ok) return ErrorResponse(ok.error());
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "API tokens"));
    NQ_TRY(std::string token, auth.CreateApiToken(scope, *id, name));
    return app::Reply{201, json::object{{"token", token}, {"name", name}}};
  });
}

}  // namespace

void AddSessionRoutes(Router& router, app::Service& service, app::Authenticator& auth,
                      const AppOptions& options, const std::string& cookie_name) {
  router.AddPublic("POST", "/api/v1/session", "Sign in with login and password",
                   [&service, &auth, &options, &cookie_name](const HttpRequest& request,
                                                             const PathParams& params) {
                     return Login(Call(request, params, service), auth, options, cookie_name);
                   });
  router.Add("GET", "/api/v1/session", "Who is signed in, with their roles and CSRF token",
             Bind(service, [](const Call& call) {
               json::object out{{"user", PrincipalJson(call.principal())},
                                {"csrf_token", call.principal().csrf_token}};
               return JsonResponse(200, out);
             }));
  router.Add("DELETE", "/api/v1/session", "Sign out: ends the session on the server",
             [&service, &auth, &options, &cookie_name](const HttpRequest& request,
                                                       const PathParams& params) {
               return Logout(Call(request, params, service), auth, options, cookie_name);
             });
  router.Add("GET", "/api/v1/users", "Users with their roles (administrators)",
             Bind(service, ListUsers));
  router.Add("POST", "/api/v1/users", "Add a user (administrators)",
             Bind(service, [&auth](const Call& call) { return AddUser(call, auth); }));
  router.Add("POST", "/api/v1/users/{id}/password",
             "Set a user's password (self or administrators)",
             Bind(service, [&auth](const Call& call) { return SetPassword(call, auth); }));
  router.Add("POST", "/api/v1/users/{id}/grants", "Grant a role over a unit (its administrators)",
             Bind(service, [&auth](const Call& call) { return ChangeGrant(call, auth, true); }));
  router.Add("DELETE", "/api/v1/users/{id}/grants", "Revoke a role (role, unit_id)",
             Bind(service, [&auth](const Call& call) { return ChangeGrant(call, auth, false); }));
  router.Add("POST", "/api/v1/users/{id}/tokens", "Create an API token for another system",
             Bind(service, [&auth](const Call& call) { return CreateToken(call, auth); }));
}

}  // namespace nq::api
