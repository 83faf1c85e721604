// Routes for signing in and out, and for administering users, their roles and API tokens.
#include "api/app.h"
#include "api/crud.h"
#include "app/users.h"

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

Result<HttpResponse> ListUsers(const Call& call) {
  NQ_TRY(auto users, app::ListUsers(call.service(), call.principal()));
  json::array items;
  for (const app::UserWithGrants& entry : users) {
    json::array held;
    for (const Grant& g : entry.grants) {
      held.push_back(json::object{{"id", g.id},
                                  {"role", RoleName(g.role)},
                                  {"unit_id", g.unit_id},
                                  {"subtree", g.subtree}});
    }
    items.push_back(json::object{{"id", entry.user.id},
                                 {"login", entry.user.login},
                                 {"name", entry.user.name},
                                 {"disabled", entry.user.disabled},
                                 {"grants", std::move(held)}});
  }
  return JsonResponse(200, json::object{{"count", items.size()}, {"items", std::move(items)}});
}

Result<HttpResponse> AddUser(const Call& call, app::Authenticator& auth) {
  NQ_TRY(json::value body, call.Body());
  NQ_TRY(auto reader, formats::ObjectReader::Of(body));
  std::string login, name, password;
  reader.Text("login", login, formats::Need::kRequired, 64)
      .Text("name", name, formats::Need::kRequired, 200)
      .Text("password", password, formats::Need::kRequired, 1024);
  NQ_RETURN_IF_ERROR(reader.Finish());
  return WriteResponse(app::AddUserAs(call.service(), call.principal(), call.Actor(),
                                      call.Fingerprint(), auth, login, name, password));
}

Result<HttpResponse> SetPassword(const Call& call, app::Authenticator& auth) {
  NQ_TRY(Id id, call.PathId("user"));
  NQ_TRY(json::value body, call.Body());
  NQ_TRY(auto reader, formats::ObjectReader::Of(body));
  std::string password, current;
  const bool self = call.principal().user_id == id;
  reader.Text("password", password, formats::Need::kRequired, 1024)
      .Text("current_password", current, self ? formats::Need::kRequired : formats::Need::kOptional,
            1024);
  NQ_RETURN_IF_ERROR(reader.Finish());
  return WriteResponse(app::SetPasswordAs(call.service(), call.principal(), call.Actor(),
                                          call.Fingerprint(), auth, id, password, current));
}

// The grant of POST (role, unit_id, subtree in the body) or DELETE (role, unit_id in the query).
Result<Grant> ReadGrant(const Call& call, bool add) {
  Grant grant;
  NQ_TRY(grant.user_id, call.PathId("user"));
  if (add) {
    NQ_TRY(json::value body, call.Body());
    NQ_TRY(auto reader, formats::ObjectReader::Of(body));
    reader.Enum("role", grant.role, ParseRole)
        .Id("unit_id", grant.unit_id)
        .Bool("subtree", grant.subtree, formats::Need::kOptional);
    NQ_RETURN_IF_ERROR(reader.Finish());
    return grant;
  }
  NQ_TRY(grant.unit_id, call.RequiredQueryId("unit_id"));
  auto role = ParseRole(call.QueryText("role").value_or(""));
  if (!role) return FieldError("role", "query parameter \"role\": {}", role.error().message);
  grant.role = *role;
  return grant;
}

Result<HttpResponse> ChangeGrant(const Call& call, app::Authenticator& auth, bool add) {
  NQ_TRY(Grant grant, ReadGrant(call, add));
  if (!add) {
    return WriteResponse(app::RemoveGrantAs(call.service(), call.principal(), call.Actor(),
                                            call.Fingerprint(), auth, grant));
  }
  return WriteResponse(app::AddGrantAs(call.service(), call.principal(), call.Actor(),
                                       call.Fingerprint(), auth, grant));
}

Result<HttpResponse> CreateToken(const Call& call, app::Authenticator& auth) {
  NQ_TRY(Id id, call.PathId("user"));
  NQ_TRY(json::value body, call.Body());
  NQ_TRY(auto reader, formats::ObjectReader::Of(body));
  std::string name;
  reader.Text("name", name, formats::Need::kRequired, 200);
  NQ_RETURN_IF_ERROR(reader.Finish());
  return WriteResponse(app::CreateApiTokenAs(call.service(), call.principal(), call.Actor(),
                                             call.Fingerprint(), auth, id, name));
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
