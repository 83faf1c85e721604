// Routes for signing in and out, and for administering users, their roles and API tokens.
#include "api/app.h"
#include "api/crud.h"
#include "app/users.h"
#include "domain/registry.h"

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

sc::Schema RoleSchema() { return sc::OneOf(EnumNameList<Role>(), "Vai trò"); }

sc::Schema SessionSchema() {
  sc::Schema grant = sc::Object({{"role", RoleSchema()},
                                 {"role_label", sc::Example(sc::Text(), "Nhập liệu")},
                                 {"unit_id", sc::PositiveId()},
                                 {"subtree", sc::Boolean("Cả các đơn vị trực thuộc")}});
  sc::Schema user = sc::Object({{"id", sc::PositiveId()},
                                {"login", sc::Example(sc::Text(), "admin")},
                                {"name", sc::Example(sc::Text(), "Quản trị hệ thống")},
                                {"grants", sc::ArrayOf(std::move(grant))}});
  return sc::Named(
      "Session",
      sc::Object({{"user", std::move(user)},
                  {"csrf_token", sc::Text("Gửi lại trong X-CSRF-Token khi thay đổi dữ liệu")}}));
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
  app::UserQuery query;
  // A malformed unit_id is answered after the rights check, so others learn nothing from it.
  Result<std::optional<Id>> unit_id = call.QueryId("unit_id");
  if (unit_id) query.unit_id = *unit_id;
  query.text = call.QueryText("q").value_or("");
  NQ_TRY(auto users, app::ListUsers(call.service(), call.principal(), query));
  NQ_RETURN_IF_ERROR(unit_id);
  json::array items;
  for (const app::UserWithGrants& entry : users) items.push_back(app::UserWithGrantsJson(entry));
  return JsonResponse(200, json::object{{"count", items.size()}, {"items", std::move(items)}});
}

Result<HttpResponse> GetUser(const Call& call) {
  NQ_TRY(Id id, call.PathId("user"));
  NQ_TRY(auto user, app::GetUser(call.service(), call.principal(), id));
  return JsonResponse(200, app::UserWithGrantsJson(user), user.user.version);
}

Result<HttpResponse> UpdateUser(const Call& call, app::Authenticator& auth) {
  NQ_TRY(Id id, call.PathId("user"));
  NQ_TRY(int64_t version, call.RequiredIfMatch());
  NQ_TRY(json::value body, call.Body());
  NQ_TRY(auto reader, formats::ObjectReader::Of(body));
  app::UserChange change;
  std::string name, email;
  bool disabled = false;
  std::optional<Id> person;
  reader.Text("name", name, formats::Need::kOptional, 200)
      .Text("email", email, formats::Need::kOptional, 254)
      .Bool("disabled", disabled, formats::Need::kOptional)
      .OptId("person_id", person);
  NQ_RETURN_IF_ERROR(reader.Finish());
  // What the body leaves out stays as it is; "person_id": null says the user is nobody.
  const json::object& fields = body.as_object();
  if (fields.contains("name")) change.name = std::move(name);
  if (fields.contains("email")) change.email = std::move(email);
  if (fields.contains("disabled")) change.disabled = disabled;
  if (fields.contains("person_id")) change.person_id = person;
  return WriteResponse(app::UpdateUserAs(call.service(), call.principal(), call.Actor(),
                                         call.Fingerprint(), auth, id, version, change));
}

Result<HttpResponse> ListTokens(const Call& call) {
  NQ_TRY(Id id, call.PathId("user"));
  NQ_TRY(auto tokens, app::ListApiTokens(call.service(), call.principal(), id));
  json::array items;
  for (const app::ApiTokenInfo& token : tokens) {
    items.push_back(json::object{{"id", token.id},
                                 {"name", token.name},
                                 {"created_at", token.created_at},
                                 {"revoked", token.revoked}});
  }
  return JsonResponse(200, json::object{{"count", items.size()}, {"items", std::move(items)}});
}

Result<HttpResponse> RevokeToken(const Call& call) {
  NQ_TRY(Id id, call.PathId("user"));
  NQ_TRY(Id token, call.PathId("API token", "token"));
  return WriteResponse(app::RevokeApiTokenAs(call.service(), call.principal(), call.Actor(),
                                             call.Fingerprint(), id, token));
}

Result<HttpResponse> AddUser(const Call& call, app::Authenticator& auth) {
  NQ_TRY(json::value body, call.Body());
  NQ_TRY(auto reader, formats::ObjectReader::Of(body));
  app::NewUser user;
  reader.Text("login", user.login, formats::Need::kRequired, 64)
      .Text("name", user.name, formats::Need::kRequired, 200)
      .Text("password", user.password, formats::Need::kRequired, 1024)
      .Text("email", user.email, formats::Need::kOptional, 254);
  NQ_RETURN_IF_ERROR(reader.Finish());
  if (const json::value* first = reader.Member("grant"); first && !first->is_null()) {
    NQ_TRY(auto grant_reader, formats::ObjectReader::Of(*first, "/grant"));
    Grant grant;
    grant_reader.Enum("role", grant.role, ParseRole)
        .Id("unit_id", grant.unit_id)
        .Bool("subtree", grant.subtree, formats::Need::kOptional);
    NQ_RETURN_IF_ERROR(grant_reader.Finish());
    user.grant = grant;
  }
  return WriteResponse(app::AddUserAs(call.service(), call.principal(), call.Actor(),
                                      call.Fingerprint(), auth, user));
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

Result<HttpResponse> UnlockSignIn(const Call& call, app::Authenticator& auth) {
  NQ_TRY(Id id, call.PathId("user"));
  return WriteResponse(app::UnlockSignInAs(call.service(), call.principal(), call.Actor(),
                                           call.Fingerprint(), auth, id));
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
  const sc::Schema password = sc::Schema{{"type", "string"}, {"maxLength", 1024}};
  router
      .AddPublic("POST", "/api/v1/session", "Sign in with login and password",
                 [&service, &auth, &options, &cookie_name](const HttpRequest& request,
                                                           const PathParams& params) {
                   return Login(Call(request, params, service), auth, options, cookie_name);
                 })
      .Takes(sc::Named("SignIn", sc::Object({{"login", sc::Example(sc::Text(), "admin")},
                                             {"password", password}})))
      .Answers(200, SessionSchema());
  router
      .Add("GET", "/api/v1/session", "Who is signed in, with their roles and CSRF token",
           Bind(service,
                [](const Call& call) {
                  json::object out{{"user", PrincipalJson(call.principal())},
                                   {"csrf_token", call.principal().csrf_token}};
                  return JsonResponse(200, out);
                }))
      .Answers(200, SessionSchema());
  router
      .Add("DELETE", "/api/v1/session", "Sign out: ends the session on the server",
           [&service, &auth, &options, &cookie_name](const HttpRequest& request,
                                                     const PathParams& params) {
             return Logout(Call(request, params, service), auth, options, cookie_name);
           })
      .Answers(200, sc::Object({{"signed_out", sc::Boolean()}}));
  sc::Schema grant = sc::Object({{"id", sc::PositiveId()},
                                 {"role", RoleSchema()},
                                 {"unit_id", sc::PositiveId()},
                                 {"subtree", sc::Boolean()}});
  sc::Schema held = sc::Extend(grant, {{"unit_code", sc::Example(sc::Text(), "ba-thuoc")},
                                       {"unit_name", sc::Example(sc::Text(), "Bá Thước")}});
  sc::Schema person = sc::Object({{"id", sc::PositiveId()},
                                  {"name", sc::Example(sc::Text(), "Nguyễn Văn An")},
                                  {"position", sc::Example(sc::Text(), "Bí thư Huyện ủy")}},
                                 "Người (ủy viên cấp ủy) mà người dùng này là");
  sc::Schema user = sc::Named("User", sc::Object({{"id", sc::PositiveId()},
                                                  {"login", sc::Text()},
                                                  {"name", sc::Text()},
                                                  {"email", sc::Text("Có thể trống")},
                                                  {"disabled", sc::Boolean("Không được đăng nhập")},
                                                  {"person", sc::Nullable(person)},
                                                  {"created_at", sc::Millis()},
                                                  {"version", sc::PositiveId()},
                                                  {"grants", sc::ArrayOf(held)}}));
  router
      .Add("GET", "/api/v1/users",
           "Users with their roles: all for administrators, those holding a role in the units a "
           "manager manages (unit_id: in that unit's subtree; q: login, name or e-mail holds it)",
           Bind(service, ListUsers))
      .Query("unit_id", sc::PositiveId())
      .Query("q", sc::Example(sc::Text("Tìm theo tên đăng nhập, họ tên, thư điện tử"), "hoa"))
      .Answers(200, ListSchema(user));
  router
      .Add("GET", "/api/v1/users/{id}",
           "A user with their roles (administrators; a manager who could grant all of them)",
           Bind(service, GetUser))
      .Answers(200, user);
  router
      .Add("PATCH", "/api/v1/users/{id}",
           "Change a user's name, e-mail address, whether they may sign in, or which person "
           "(committee member) they are: person_id, null for nobody; fields left out stay "
           "(If-Match required; administrators, a manager who could grant all their roles)",
           Bind(service, [&auth](const Call& call) { return UpdateUser(call, auth); }))
      .Takes(sc::Object(
          {sc::Optional("name", sc::Example(sc::Text(), "Lê Thị Hoa")),
           sc::Optional("email", sc::Schema{{"type", "string"}, {"maxLength", 254}}),
           sc::Optional("disabled", sc::Boolean("Khóa tài khoản")),
           sc::Optional("person_id",
                        sc::Nullable(sc::About(sc::PositiveId(), "Người dùng này là người nào")))}))
      .Answers(200, user);
  router
      .Add("POST", "/api/v1/users",
           "Add a user (administrators; a manager with a first role within their subtree)",
           Bind(service, [&auth](const Call& call) { return AddUser(call, auth); }))
      .Takes(sc::Object(
          {{"login", sc::Schema{{"type", "string"}, {"maxLength", 64}}},
           {"name", sc::Example(sc::Text(), "Lê Thị Hoa")},
           {"password", password},
           sc::Optional("email", sc::Example(sc::Schema{{"type", "string"}, {"maxLength", 254}},
                                             "hoa.le@bathuoc.thanhhoa.dcs.vn")),
           sc::Optional("grant", sc::Object({{"role", RoleSchema()},
                                             {"unit_id", sc::PositiveId()},
                                             sc::Optional("subtree", sc::Boolean())},
                                            "Vai trò đầu tiên của người dùng trên một đơn vị"))}))
      .Answers(201, sc::Object({{"id", sc::PositiveId()},
                                {"login", sc::Text()},
                                {"name", sc::Text()},
                                {"email", sc::Text("Địa chỉ thư điện tử; có thể trống")},
                                sc::Optional("grant", grant)}));
  router
      .Add("POST", "/api/v1/users/{id}/password", "Set a user's password (self or administrators)",
           Bind(service, [&auth](const Call& call) { return SetPassword(call, auth); }))
      .Takes(sc::Object({{"password", password},
                         sc::Optional("current_password",
                                      sc::About(password, "Bắt buộc khi đổi mật khẩu của mình"))}))
      .Answers(200, sc::Object({{"changed", sc::Boolean()}}));
  router
      .Add("POST", "/api/v1/users/{id}/unlock",
           "Release a sign-in lock: let the user sign in again at once from every address "
           "(administrators)",
           Bind(service, [&auth](const Call& call) { return UnlockSignIn(call, auth); }))
      .TakesNothing()
      .Answers(200, sc::Object({{"unlocked", sc::Boolean()}}));
  router
      .Add("POST", "/api/v1/users/{id}/grants",
           "Grant a role over a unit (its administrators; its managers, no role above theirs)",
           Bind(service, [&auth](const Call& call) { return ChangeGrant(call, auth, true); }))
      .Takes(sc::Object({{"role", RoleSchema()},
                         {"unit_id", sc::PositiveId()},
                         sc::Optional("subtree", sc::Boolean())}))
      .Answers(201, sc::Extend(grant, {{"user_id", sc::PositiveId()}}));
  router
      .Add("DELETE", "/api/v1/users/{id}/grants", "Revoke a role (role, unit_id)",
           Bind(service, [&auth](const Call& call) { return ChangeGrant(call, auth, false); }))
      .Query("role", RoleSchema(), true)
      .Query("unit_id", sc::PositiveId(), true)
      .Answers(200, sc::Object({{"revoked", sc::Boolean()}}));
  router
      .Add("POST", "/api/v1/users/{id}/tokens", "Create an API token for another system",
           Bind(service, [&auth](const Call& call) { return CreateToken(call, auth); }))
      .Takes(sc::Object({{"name", sc::Example(sc::Text(), "Kho dữ liệu tỉnh")}}))
      .Answers(201, sc::Object({{"token", sc::Text("Mã API nqt_…, chỉ hiện một lần")},
                                {"name", sc::Text()}}));
  router
      .Add("GET", "/api/v1/users/{id}/tokens",
           "A user's API tokens, without their secrets (administrators)", Bind(service, ListTokens))
      .Answers(200, ListSchema(sc::Named("ApiToken", sc::Object({{"id", sc::PositiveId()},
                                                                 {"name", sc::Text()},
                                                                 {"created_at", sc::Millis()},
                                                                 {"revoked", sc::Boolean()}}))));
  router
      .Add("DELETE", "/api/v1/users/{id}/tokens/{token}",
           "Revoke an API token: refused from the next request on (administrators)",
           Bind(service, RevokeToken))
      .Answers(200, sc::Object({{"revoked", sc::Boolean()}}));
}

}  // namespace nq::api
