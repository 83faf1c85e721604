// Sign-in, sessions and the audit over real HTTP: expiry on the injected clock, logout, CSRF,
// lockout before any hashing, rehashing, cookie attributes and security headers, what a user
// without a grant sees, and an audit that matches the committed mutations and cannot change.
#include <gtest/gtest.h>
#include <sodium.h>

#include <future>
#include <thread>

#include "api/server_fixture.h"
#include "storage/auth_store.h"

namespace nq::testing {
namespace {

using json::array;
using json::object;

constexpr UnixMillis kMinute = 60'000;
constexpr const char* kPassword = "a-good-password-1";

class AuthTest : public ServerFixture {
 protected:
  // Adds a user through the API, with `role` over `unit` (no grant when unit is 0).
  int64_t AddUser(const std::string& login, const std::string& role = "", int64_t unit = 0) {
    int64_t id =
        Create("/api/v1/users", object{{"login", login}, {"name", login}, {"password", kPassword}});
    if (unit)
      Create(fmt::format("/api/v1/users/{}/grants", id), object{{"role", role}, {"unit_id", unit}});
    return id;
  }
  // Signs in and returns the session's headers (cookie and CSRF token).
  Headers SessionOf(const std::string& login, const std::string& password = kPassword) {
    auto [cookie, csrf] = SignIn(login, password);
    return Headers{{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  }
  ClientResponse As(const Headers& session, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    return Request(port_, method, target, body, session);
  }
  ClientResponse TrySignIn(const std::string& login, const std::string& password,
                           uint32_t from = Loopback(1)) {
    return Request(port_, "POST", "/api/v1/session",
                   json::serialize(object{{"login", login}, {"password", password}}), {}, 10000,
                   from);
  }
  // Row counts of every table but the audit.
  std::map<std::string, int64_t> DataRows() {
    auto rows = RowCounts();
    rows.erase("audit");
    return rows;
  }
  int64_t LastAuditId() {
    auto last = database_->Read([](storage::Transaction& tx) -> Result<int64_t> {
      NQ_TRY(auto rows, tx.Query("SELECT COALESCE(MAX(id), 0) FROM audit"));
      return rows.at(0).Int(0);
    });
    EXPECT_TRUE(last) << last.error().message;
    return last.value_or(0);
  }
  // "action entity" → count, of the audit rows after `after`; with `actor` only theirs.
  std::map<std::string, int> AuditAfter(int64_t after, const std::string& actor = "") {
    std::map<std::string, int> counts;
    auto done = database_->Read([&](storage::Transaction& tx) -> Status {
      NQ_TRY(auto rows, tx.Query("SELECT action, entity, actor FROM audit WHERE id > ?", {after}));
      for (const auto& row : rows) {
        if (actor.empty() || row.Text(2) == actor) ++counts[row.Text(0) + " " + row.Text(1)];
      }
      return Ok();
    });
    EXPECT_TRUE(done) << done.error().message;
    return counts;
  }
  std::string StoredHash(const std::string& login) {
    auto user = database_->Read(
        [&](storage::Transaction& tx) { return storage::FindUserByLogin(tx, login); });
    EXPECT_TRUE(user && *user);
    return user && *user ? (*user)->password_hash : "";
  }
};

// ---- Sessions

TEST_F(AuthTest, SessionEndsAfterThirtyIdleMinutes) {
  clock_->Advance(29 * kMinute);
  EXPECT_EQ(Get("/api/v1/session").status, 200);  // in use: the idle time starts again
  clock_->Advance(29 * kMinute);
  EXPECT_EQ(Get("/api/v1/session").status, 200);
  clock_->Advance(31 * kMinute);
  ClientResponse expired = Get("/api/v1/session");
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(Json(expired).at("code"), "unauthenticated");
  EXPECT_EQ(DataRows().at("sessions"), 0);  // an expired session is gone, not merely refused
}

TEST_F(AuthTest, SessionEndsTwelveHoursAfterSignInEvenWhenInUse) {
  for (int step = 0; step < 35; ++step) {  // every 20 minutes up to 11 h 40 min
    clock_->Advance(20 * kMinute);
    ASSERT_EQ(Get("/api/v1/session").status, 200) << "after " << (step + 1) * 20 << " minutes";
  }
  clock_->Advance(21 * kMinute);  // 12 h 01 min after signing in
  EXPECT_EQ(Get("/api/v1/session").status, 401);
}

TEST_F(AuthTest, LogoutEndsTheSessionOnTheServer) {
  int64_t sessions = DataRows().at("sessions");
  ClientResponse out = Send("DELETE", "/api/v1/session", "");
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_NE(out.Header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(DataRows().at("sessions"), sessions - 1);
  // The browser may keep the old cookie; the server no longer knows it.
  EXPECT_EQ(Get("/api/v1/session").status, 401);
  EXPECT_EQ(Send("POST", "/api/v1/unit-kinds", R"({"code":"x","name":"X"})").status, 401);
}

TEST_F(AuthTest, SessionTokensAre128RandomBitsStoredOnlyHashed) {
  auto [first, first_csrf] = SignIn("admin", kAdminPassword);
  auto [second, second_csrf] = SignIn("admin", kAdminPassword);
  std::string token = first.substr(first.find('=') + 1);
  EXPECT_EQ(token.size(), 32u);  // 16 bytes, hex
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(first, second);
  EXPECT_NE(first_csrf, second_csrf);
  auto stored = database_->Read(
      [&](storage::Transaction& tx) { return storage::FindSession(tx, app::TokenHash(token)); });
  ASSERT_TRUE(stored && *stored);
  EXPECT_NE((*stored)->token_hash, token);
  auto raw = database_->Read([&](storage::Transaction& tx) -> Result<int64_t> {
    NQ_TRY(auto rows, tx.Query("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", {token}));
    return rows.at(0).Int(0);
  });
  EXPECT_EQ(raw.value_or(-1), 0);
}

// ---- CSRF

TEST_F(AuthTest, CookieMutationWithoutCsrfTokenIs403AndChangesNothing) {
  auto before = DataRows();
  int64_t last = LastAuditId();
  ClientResponse response = Request(port_, "POST", "/api/v1/unit-kinds",
                                    R"({"code":"x","name":"X"})", {{"Cookie", cookie_}});
  ASSERT_EQ(response.status, 403);
  EXPECT_EQ(Json(response).at("field"), "X-CSRF-Token");
  EXPECT_EQ(DataRows(), before);
  EXPECT_EQ(AuditAfter(last), (std::map<std::string, int>{{"denied POST /api/v1/unit-kinds", 1}}));
}

TEST_F(AuthTest, CookieMutationWithWrongCsrfTokenIs403AndChangesNothing) {
  auto before = DataRows();
  std::string wrong = csrf_;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  for (const std::string& token : {wrong, csrf_.substr(1), std::string()}) {
    ClientResponse response = Request(port_, "DELETE", "/api/v1/session", "",
                                      {{"Cookie", cookie_}, {"X-CSRF-Token", token}});
    EXPECT_EQ(response.status, 403) << token;
  }
  EXPECT_EQ(DataRows(), before);  // the session was not ended either
  EXPECT_EQ(Get("/api/v1/session").status, 200);
}

TEST_F(AuthTest, CsrfRefusalIsAuditedWithTheUser) {
  int64_t last = LastAuditId();
  Request(port_, "POST", "/api/v1/unit-kinds", R"({"code":"x","name":"X"})", {{"Cookie", cookie_}});
  EXPECT_EQ(AuditAfter(last, "admin"),
            (std::map<std::string, int>{{"denied POST /api/v1/unit-kinds", 1}}));
}

TEST_F(AuthTest, ApiTokenNeedsNoCsrfToken) {
  ClientResponse created = Post("/api/v1/users/1/tokens", object{{"name", "thống kê"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string token(Json(created).at("token").as_string());
  EXPECT_TRUE(token.starts_with("nqt_"));
  ClientResponse response =
      Request(port_, "POST", "/api/v1/unit-kinds", R"({"code":"x","name":"X"})",
              {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(response.status, 201) << response.body;
  ClientResponse forged = Request(port_, "POST", "/api/v1/unit-kinds", R"({"code":"y","name":"Y"})",
                                  {{"Authorization", "Bearer nqt_" + std::string(48, '0')}});
  EXPECT_EQ(forged.status, 401);
}

// ---- The principal of a session or token is kept between requests, never past a change

TEST_F(AuthTest, AGrantGivenOrTakenCountsFromTheNextRequest) {
  int64_t id = AddUser("thong-ke");
  ClientResponse created = Post(fmt::format("/api/v1/users/{}/tokens", id), object{{"name", "t"}});
  ASSERT_EQ(created.status, 201) << created.body;
  Headers bearer{{"Authorization", "Bearer " + std::string(Json(created).at("token").as_string())}};
  const std::string unit = "/api/v1/units/1";
  EXPECT_EQ(As(bearer, "GET", unit).status, 404);
  EXPECT_EQ(As(bearer, "GET", unit).status, 404);  // the second answer comes from the cache
  Create(fmt::format("/api/v1/users/{}/grants", id), object{{"role", "viewer"}, {"unit_id", 1}});
  EXPECT_EQ(As(bearer, "GET", unit).status, 200);
  ClientResponse revoked =
      Send("DELETE", fmt::format("/api/v1/users/{}/grants?role=viewer&unit_id=1", id), "");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(As(bearer, "GET", unit).status, 404);
}

TEST_F(AuthTest, AWriteByAnotherProcessCountsWithinASecond) {
  ClientResponse created = Post("/api/v1/users/1/tokens", object{{"name", "kho"}});
  ASSERT_EQ(created.status, 201) << created.body;
  Headers bearer{{"Authorization", "Bearer " + std::string(Json(created).at("token").as_string())}};
  ASSERT_EQ(As(bearer, "GET", "/api/v1/units/1").status, 200);
  // Revoked behind the server's back, as another process on the same store would.
  auto revoked = database_->Write([](storage::Transaction& tx) -> Status {
    NQ_TRY(auto rows, tx.Query("UPDATE api_tokens SET revoked = 1"));
    (void)rows;
    return Ok();
  });
  ASSERT_TRUE(revoked) << revoked.error().message;
  clock_->Advance(1001);
  EXPECT_EQ(As(bearer, "GET", "/api/v1/units/1").status, 401);
}

// An administrator lists a user's tokens (never their secrets) and revokes one: it is refused
// from the next request on, and the user's other tokens go on working.
TEST_F(AuthTest, ARevokedApiTokenIsRefusedFromTheNextRequest) {
  int64_t id = AddUser("kho-du-lieu", "viewer", 1);
  auto token_of = [&](const std::string& name) {
    ClientResponse created =
        Post(fmt::format("/api/v1/users/{}/tokens", id), object{{"name", name}});
    EXPECT_EQ(created.status, 201) << created.body;
    return Headers{
        {"Authorization", "Bearer " + std::string(Json(created).at("token").as_string())}};
  };
  Headers first = token_of("kho tỉnh");
  Headers second = token_of("kho huyện");
  ASSERT_EQ(As(first, "GET", "/api/v1/units/1").status, 200);
  ClientResponse listed = Get(fmt::format("/api/v1/users/{}/tokens", id));
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json::value list = Json(listed);
  const json::array& items = list.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items.at(0).at("name"), "kho tỉnh");
  EXPECT_EQ(items.at(0).at("revoked"), false);
  EXPECT_EQ(listed.body.find("nqt_"), std::string::npos);  // no secret, no hash
  EXPECT_EQ(items.at(0).as_object().count("token_hash"), 0u);
  const int64_t first_id = items.at(0).at("id").as_int64();
  int64_t last = LastAuditId();
  ClientResponse revoked =
      Send("DELETE", fmt::format("/api/v1/users/{}/tokens/{}", id, first_id), "");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(As(first, "GET", "/api/v1/units/1").status, 401);
  EXPECT_EQ(As(second, "GET", "/api/v1/units/1").status, 200);
  EXPECT_EQ(Json(Get(fmt::format("/api/v1/users/{}/tokens", id))).at("items").at(0).at("revoked"),
            true);
  EXPECT_EQ(AuditAfter(last, "admin").count("revoke_token user"), 1u);
  // A token of another user, or none, is not found under this one.
  EXPECT_EQ(Send("DELETE", fmt::format("/api/v1/users/1/tokens/{}", first_id), "").status, 404);
  EXPECT_EQ(Send("DELETE", fmt::format("/api/v1/users/{}/tokens/999999", id), "").status, 404);
}

// A token is a credential of another system, made and revoked by an administrator: it survives
// its user's password change, which ends the user's sessions.
TEST_F(AuthTest, AnApiTokenSurvivesItsUsersPasswordChange) {
  int64_t id = AddUser("he-thong", "viewer", 1);
  ClientResponse created = Post(fmt::format("/api/v1/users/{}/tokens", id), object{{"name", "x"}});
  ASSERT_EQ(created.status, 201) << created.body;
  Headers bearer{{"Authorization", "Bearer " + std::string(Json(created).at("token").as_string())}};
  Headers session = SessionOf("he-thong");
  ASSERT_EQ(As(session, "GET", "/api/v1/session").status, 200);
  ClientResponse changed = Post(fmt::format("/api/v1/users/{}/password", id),
                                object{{"password", "another-good-password-2"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(As(session, "GET", "/api/v1/session").status, 401);
  EXPECT_EQ(As(bearer, "GET", "/api/v1/units/1").status, 200);
}

TEST_F(AuthTest, ASessionTokenIsNotAnApiToken) {
  ASSERT_EQ(Get("/api/v1/session").status, 200);  // the session's principal is now kept
  std::string token = cookie_.substr(cookie_.find('=') + 1);
  ClientResponse response =
      Request(port_, "POST", "/api/v1/unit-kinds", R"({"code":"x","name":"X"})",
              {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(response.status, 401) << response.body;
}

// ---- Lockout and hashing

TEST_F(AuthTest, FiveFailuresLockTheAccountForFifteenMinutesFromThatAddress) {
  AddUser("lock.me");
  for (int attempt = 0; attempt < 5; ++attempt) {
    EXPECT_EQ(TrySignIn("lock.me", "wrong-password").status, 401);
    clock_->Advance(kMinute);
  }
  ClientResponse locked = TrySignIn("lock.me", kPassword);  // even the right password
  EXPECT_EQ(locked.status, 429) << locked.body;
  clock_->Advance(13 * kMinute);  // 14 minutes after the last failure
  EXPECT_EQ(TrySignIn("lock.me", kPassword).status, 429);
  clock_->Advance(kMinute + 1000);  // 15 minutes and a second
  EXPECT_EQ(TrySignIn("lock.me", kPassword).status, 200);
  EXPECT_EQ(TrySignIn("admin", kAdminPassword).status, 200);  // other accounts never locked
}

// A guesser cannot lock the owner out: the lock holds for the address the failures came from;
// from another, the account only waits out a short back-off.
TEST_F(AuthTest, AGuesserElsewhereDoesNotLockTheOwnerOut) {
  AddUser("owner");
  for (int attempt = 0; attempt < 5; ++attempt) {
    EXPECT_EQ(TrySignIn("owner", "wrong-password").status, 401);
  }
  ClientResponse waiting = TrySignIn("owner", kPassword, Loopback(3));
  EXPECT_EQ(waiting.status, 429) << waiting.body;
  EXPECT_NE(waiting.body.find("seconds"), std::string::npos) << waiting.body;
  clock_->Advance(1000);
  EXPECT_EQ(TrySignIn("owner", kPassword, Loopback(3)).status, 200);
  EXPECT_EQ(TrySignIn("owner", kPassword).status, 429);  // the guesser's address stays locked
}

// Guesses at one account from many addresses slow down: past five failures each attempt waits,
// twice as long as the one before, up to a minute.
TEST_F(AuthTest, GuessesFromManyAddressesBackOff) {
  AddUser("target");
  uint8_t address = 10;
  auto guess = [&] { return TrySignIn("target", "wrong-password", Loopback(address++)).status; };
  for (int attempt = 0; attempt < 5; ++attempt) EXPECT_EQ(guess(), 401);
  UnixMillis wait = 1000;
  for (int step = 0; step < 8; ++step) {
    EXPECT_EQ(guess(), 429) << "step " << step;
    clock_->Advance(wait - 1);
    EXPECT_EQ(guess(), 429) << "step " << step;
    clock_->Advance(1);
    EXPECT_EQ(guess(), 401) << "step " << step;
    wait = std::min<UnixMillis>(wait * 2, 60'000);
  }
}

TEST_F(AuthTest, AnAdministratorReleasesALock) {
  int64_t id = AddUser("locked.out");
  for (int attempt = 0; attempt < 5; ++attempt) TrySignIn("locked.out", "wrong-password");
  ASSERT_EQ(TrySignIn("locked.out", kPassword).status, 429);
  int64_t last = LastAuditId();
  ClientResponse released = Post(fmt::format("/api/v1/users/{}/unlock", id), object{});
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(TrySignIn("locked.out", kPassword).status, 200);
  EXPECT_EQ(AuditAfter(last, "admin").count("unlock user"), 1u);
  // Only administrators release: the user cannot release their own.
  Headers session = SessionOf("locked.out");
  EXPECT_EQ(As(session, "POST", fmt::format("/api/v1/users/{}/unlock", id), "{}").status, 403);
}

TEST_F(AuthTest, LockedAccountIsRefusedBeforeAnyHashing) {
  AddUser("lock.me");
  for (int attempt = 0; attempt < 5; ++attempt) TrySignIn("lock.me", "wrong-password");
  uint64_t hashes = auth_->hasher().computed();
  for (int attempt = 0; attempt < 10; ++attempt) {
    EXPECT_EQ(TrySignIn("lock.me", attempt % 2 ? kPassword : "wrong-password").status, 429);
  }
  EXPECT_EQ(auth_->hasher().computed(), hashes);
}

TEST_F(AuthTest, ParallelGuessesCannotOutrunTheLock) {
  AddUser("burst.me");
  uint64_t hashes = auth_->hasher().computed();
  std::vector<std::future<Result<app::LoginResult>>> guesses;
  for (int guess = 0; guess < 16; ++guess) {
    guesses.push_back(std::async(std::launch::async, [&, guess] {
      return auth_->Login("burst.me", fmt::format("guess-{}", guess), "10.0.0.1");
    }));
  }
  int refused = 0;
  for (auto& guess : guesses) {
    Result<app::LoginResult> result = guess.get();
    ASSERT_FALSE(result);
    refused += result.error().code == ErrorCode::kResourceExhausted;
  }
  EXPECT_LE(auth_->hasher().computed() - hashes, 5u);
  EXPECT_GE(refused, 11);
}

TEST_F(AuthTest, AddressLocksAfterTwentyFailures) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    EXPECT_EQ(TrySignIn(fmt::format("nobody-{}", attempt), "wrong-password").status, 401);
  }
  EXPECT_EQ(TrySignIn("admin", kAdminPassword).status, 429);  // from 127.0.0.1, for everyone
  clock_->Advance(15 * kMinute + 1000);
  EXPECT_EQ(TrySignIn("admin", kAdminPassword).status, 200);
}

TEST_F(AuthTest, SignInRehashesWhenTheHashCostRises) {
  AddUser("re.hash");
  std::string before = StoredHash("re.hash");
  EXPECT_NE(before.find("t=2"), std::string::npos) << before;
  app::AuthOptions stronger;
  stronger.hash_passes = 3;
  app::Authenticator upgraded(*service_, stronger);
  ASSERT_TRUE(upgraded.Login("re.hash", kPassword, "127.0.0.1"));
  std::string after = StoredHash("re.hash");
  EXPECT_NE(after, before);
  EXPECT_NE(after.find("t=3"), std::string::npos) << after;
  EXPECT_EQ(upgraded.hasher().Verify(after, kPassword).value_or(false), true);
  EXPECT_FALSE(upgraded.hasher().NeedsRehash(after));
  // The default cost is lower now: signing in there must not weaken the stored hash again.
  EXPECT_EQ(TrySignIn("re.hash", kPassword).status, 200);
  EXPECT_EQ(StoredHash("re.hash"), after);
}

TEST_F(AuthTest, PasswordsHaveAtLeastTwelveCharacters) {
  ClientResponse short_one =
      Post("/api/v1/users", object{{"login", "short"}, {"name", "S"}, {"password", "eleven-char"}});
  EXPECT_EQ(short_one.status, 400) << short_one.body;
  EXPECT_EQ(Json(short_one).at("field"), "password");
  // Twelve characters in seventeen bytes: characters count, not bytes.
  EXPECT_EQ(
      Post("/api/v1/users", object{{"login", "long"}, {"name", "L"}, {"password", "mật khẩu dài"}})
          .status,
      201);
  EXPECT_EQ(TrySignIn("long", "mật khẩu dài").status, 200);
}

TEST_F(AuthTest, ChangingOwnPasswordNeedsTheCurrentOne) {
  int64_t id = AddUser("own.pass", "viewer", 1);
  Headers session = SessionOf("own.pass");
  std::string target = fmt::format("/api/v1/users/{}/password", id);
  EXPECT_EQ(As(session, "POST", target, R"({"password":"a-new-password-2"})").status, 400);
  EXPECT_EQ(As(session, "POST", target,
               R"({"password":"a-new-password-2","current_password":"not-it-at-all"})")
                .status,
            403);
  ClientResponse changed =
      As(session, "POST", target,
         fmt::format(R"({{"password":"a-new-password-2","current_password":"{}"}})", kPassword));
  EXPECT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(As(session, "GET", "/api/v1/session").status, 401);  // every session ended
  EXPECT_EQ(TrySignIn("own.pass", kPassword).status, 401);
  EXPECT_EQ(TrySignIn("own.pass", "a-new-password-2").status, 200);
}

// ---- Cookies and headers

TEST_F(AuthTest, SessionCookieIsHttpOnlyStrictForTheWholeSite) {
  ClientResponse response = TrySignIn("admin", kAdminPassword);
  std::string cookie = response.Header("set-cookie");
  EXPECT_TRUE(cookie.starts_with("nq_session=")) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Domain"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << cookie;            // plain HTTP here
  EXPECT_EQ(response.body.find(cookie.substr(11, 32)), std::string::npos);  // not in the body
}

TEST_F(AuthTest, BehindTlsTheCookieIsSecureWithTheHostPrefix) {
  api::App secure(*service_, *auth_, api::AppOptions{"", true});
  http::HttpRequest sign_in;
  sign_in.method = "POST";
  sign_in.target = sign_in.path = "/api/v1/session";
  sign_in.headers["content-type"] = "application/json";
  sign_in.body = json::serialize(object{{"login", "admin"}, {"password", kAdminPassword}});
  sign_in.remote_address = "127.0.0.1";
  http::HttpResponse response = secure.Handle(sign_in);
  ASSERT_EQ(response.status, 200) << response.body;
  std::string cookie;
  for (const auto& [name, value] : response.headers) {
    if (name == "Set-Cookie") cookie = value;
  }
  EXPECT_TRUE(cookie.starts_with("__Host-nq_session=")) << cookie;
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Domain"), std::string::npos) << cookie;
  std::string token = cookie.substr(0, cookie.find(';'));
  http::HttpRequest who;
  who.method = "GET";
  who.target = who.path = "/api/v1/session";
  who.remote_address = "127.0.0.1";
  who.headers["cookie"] = token;
  EXPECT_EQ(secure.Handle(who).status, 200);
  who.headers["cookie"] = token.substr(7);  // the same token without the prefix is no session
  EXPECT_EQ(secure.Handle(who).status, 401);
}

TEST_F(AuthTest, EveryAnswerCarriesTheSecurityHeaders) {
  for (const auto& [target, status] : std::vector<std::pair<std::string, int>>{
           {"/api/v1/health", 200}, {"/api/v1/units/999999", 404}, {"/api/v1/nothing", 404}}) {
    ClientResponse response = Get(target);
    EXPECT_EQ(response.status, status) << target;
    EXPECT_NE(response.Header("content-security-policy").find("frame-ancestors 'none'"),
              std::string::npos)
        << target;
    EXPECT_NE(response.Header("content-security-policy").find("default-src 'self'"),
              std::string::npos)
        << target;
    EXPECT_EQ(response.Header("x-content-type-options"), "nosniff") << target;
    EXPECT_EQ(response.Header("x-frame-options"), "DENY") << target;
    EXPECT_EQ(response.Header("cache-control"), "no-store") << target;
  }
  ClientResponse anonymous = Request(port_, "GET", "/api/v1/units");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.Header("x-content-type-options"), "nosniff");
  EXPECT_NE(anonymous.Header("content-security-policy").find("frame-ancestors 'none'"),
            std::string::npos);
}

// ---- Scope

TEST_F(AuthTest, UserWithoutAGrantSeesNothing) {
  BuildTree();
  ASSERT_EQ(Post("/api/v1/values", object{{"values", array{object{{"indicator_id", population_},
                                                                  {"unit_id", commune_a_},
                                                                  {"period", "2021"},
                                                                  {"value", 5}}}}})
                .status,
            200);
  AddUser("no.grant");
  Headers session = SessionOf("no.grant");
  for (const char* list : {"/api/v1/units", "/api/v1/units?q=ba", "/api/v1/unit-kinds",
                           "/api/v1/indicators", "/api/v1/values", "/api/v1/documents"}) {
    ClientResponse response = As(session, "GET", list);
    ASSERT_EQ(response.status, 200) << list;
    EXPECT_EQ(Json(response).at("count"), 0) << list << ": " << response.body;
  }
  EXPECT_EQ(As(session, "GET", fmt::format("/api/v1/units/{}", district_)).status, 404);
  EXPECT_EQ(As(session, "GET",
               fmt::format("/api/v1/rollups/indicator?indicator_id={}&unit_id={}&period=2021",
                           population_, district_))
                .status,
            404);
  EXPECT_EQ(As(session, "GET",
               fmt::format("/api/v1/rollups/indicator?indicator_id={}&unit_id=1&period=2021",
                           population_))
                .status,
            404);
  EXPECT_EQ(As(session, "GET", "/api/v1/users").status, 403);
  EXPECT_EQ(As(session, "GET", "/api/v1/audit").status, 403);
}

TEST_F(AuthTest, OutOfSightRequestIsAuditedAsDenied) {
  BuildTree();
  AddUser("district.viewer", "viewer", district_);
  Headers session = SessionOf("district.viewer");
  int64_t last = LastAuditId();
  EXPECT_EQ(As(session, "GET", fmt::format("/api/v1/units/{}", other_province_)).status, 404);
  EXPECT_EQ(AuditAfter(last, "district.viewer"),
            (std::map<std::string, int>{
                {fmt::format("denied GET /api/v1/units/{}", other_province_), 1}}));
  last = LastAuditId();
  EXPECT_EQ(As(session, "GET", "/api/v1/units/999999").status, 404);  // missing: nothing to hide
  EXPECT_TRUE(AuditAfter(last).empty());
}

// ---- The audit

TEST_F(AuthTest, AuditRowsEqualTheCommittedMutations) {
  BuildTree();
  AddUser("d.editor", "editor", district_);
  AddUser("d.viewer", "viewer", district_);
  AddUser("d.manager", "manager", district_);
  Headers editor = SessionOf("d.editor");
  Headers viewer = SessionOf("d.viewer");
  Headers manager = SessionOf("d.manager");
  int64_t start = LastAuditId();
  std::map<std::string, int> expected;
  // Each step: who, what, the status it must get, and the audit rows it must leave.
  auto step = [&](const Headers& who, const std::string& method, const std::string& target,
                  const json::value& body, int status, std::map<std::string, int> rows,
                  const std::string& if_match = "") -> json::value {
    Headers headers = who;
    if (!if_match.empty()) headers.emplace_back("If-Match", if_match);
    ClientResponse response = Request(port_, method, target, json::serialize(body), headers);
    EXPECT_EQ(response.status, status) << method << " " << target << ": " << response.body;
    for (const auto& [key, count] : rows) expected[key] += count;
    boost::system::error_code ec;
    return json::parse(response.body, ec);
  };
  Headers admin = SignedIn({});
  auto value = [&](int64_t unit, double number) {
    return object{{"values", array{object{{"indicator_id", population_},
                                          {"unit_id", unit},
                                          {"period", "2021"},
                                          {"value", number}}}}};
  };
  json::value document = step(admin, "POST", "/api/v1/documents",
                              object{{"code", "nq-1"},
                                     {"kind", "resolution"},
                                     {"title", "NQ"},
                                     {"issuer_unit_id", district_},
                                     {"period_from", "2021"},
                                     {"period_to", "2025"}},
                              201, {{"create document", 1}});
  int64_t document_id = document.at("id").as_int64();
  step(admin, "POST", "/api/v1/items",
       object{{"document_id", document_id}, {"kind", "task"}, {"title", "Việc"}}, 201,
       {{"create item", 1}});
  step(editor, "POST", "/api/v1/values",
       object{{"values", array{object{{"indicator_id", population_},
                                      {"unit_id", commune_a_},
                                      {"period", "2021"},
                                      {"value", 10}},
                               object{{"indicator_id", population_},
                                      {"unit_id", commune_b_},
                                      {"period", "2021"},
                                      {"value", 20}},
                               object{{"indicator_id", population_},
                                      {"unit_id", agency_c_},
                                      {"period", "2021"},
                                      {"value", 30}}}}},
       200, {{"create value", 3}});
  step(editor, "POST", "/api/v1/values", value(commune_a_, 11), 200, {{"correct value", 1}});
  step(editor, "POST", "/api/v1/values", value(other_province_, 1), 404,
       {{"denied POST /api/v1/values", 1}});
  step(viewer, "POST", "/api/v1/values", value(commune_a_, 12), 403,
       {{"denied POST /api/v1/values", 1}});
  step(editor, "POST", "/api/v1/values", object{{"values", "no"}}, 400, {});
  json::value report =
      step(editor, "POST", "/api/v1/reports", object{{"unit_id", district_}, {"period", "2021"}},
           201, {{"create report", 1}});
  std::string report_path = fmt::format("/api/v1/reports/{}", report.at("id").as_int64());
  step(editor, "PATCH", report_path, object{{"sections", object{{"results", "Tốt"}}}}, 200,
       {{"update report", 1}}, "\"1\"");
  step(editor, "PATCH", report_path, object{{"sections", object{{"results", "Cũ"}}}}, 412, {},
       "\"1\"");
  step(editor, "POST", report_path + "/transitions", object{{"action", "submit"}}, 200,
       {{"submit report", 1}});
  step(editor, "POST", report_path + "/transitions", object{{"action", "accept"}}, 403,
       {{"denied POST " + report_path + "/transitions", 1}});
  step(admin, "POST", report_path + "/transitions", object{{"action", "accept"}}, 200,
       {{"accept report", 1}});
  step(editor, "POST", "/api/v1/values", value(district_, 5), 409, {});  // locked by the report
  step(manager, "PATCH", fmt::format("/api/v1/documents/{}", document_id),
       object{{"title", "NQ mới"}}, 200, {{"update document", 1}}, "\"1\"");
  step(viewer, "PATCH", fmt::format("/api/v1/documents/{}", document_id),
       object{{"title", "NQ khác"}}, 403,
       {{fmt::format("denied PATCH /api/v1/documents/{}", document_id), 1}}, "\"2\"");
  json::value obligation = step(manager, "POST", "/api/v1/obligations",
                                object{{"code", "ob-1"},
                                       {"title", "Quán triệt"},
                                       {"issuer_unit_id", district_},
                                       {"issued_on", "2021-01-10"},
                                       {"due_on", "2021-03-31"}},
                                201, {{"create obligation", 1}, {"create assignment", 3}});
  std::string assignment =
      fmt::format("/api/v1/assignments/{}", obligation.at("assignments").at(0).at("id").as_int64());
  step(editor, "PATCH", assignment, object{{"status", "done"}}, 400, {}, "\"1\"");  // no evidence
  step(editor, "PATCH", assignment, object{{"status", "in_progress"}}, 200,
       {{"update assignment", 1}}, "\"1\"");
  step(admin, "POST", "/api/v1/units",
       object{{"code", "ba-thuoc"},
              {"name", "Trùng"},
              {"kind_id", kind_district_},
              {"valid_from", "2015-01-01"},
              {"parent_id", province_}},
       409, {});
  EXPECT_EQ(AuditAfter(start), expected);
  // And each audited write is there: four value versions, one report accepted.
  auto rows = database_->Read([&](storage::Transaction& tx) -> Result<std::vector<int64_t>> {
    NQ_TRY(auto values, tx.Query("SELECT COUNT(*) FROM data_values"));
    NQ_TRY(auto accepted, tx.Query("SELECT COUNT(*) FROM reports WHERE status = 'accepted'"));
    return std::vector<int64_t>{values.at(0).Int(0), accepted.at(0).Int(0)};
  });
  ASSERT_TRUE(rows);
  EXPECT_EQ(*rows, (std::vector<int64_t>{4, 1}));
}

TEST_F(AuthTest, AuditHoldsNoSecrets) {
  int64_t id = AddUser("secret.keeper", "viewer", 1);
  auto [cookie, csrf] = SignIn("secret.keeper", kPassword);
  ClientResponse token =
      Post(fmt::format("/api/v1/users/{}/tokens", id), object{{"name", "hệ thống"}});
  ASSERT_EQ(token.status, 201);
  EXPECT_EQ(TrySignIn("secret.keeper", "typed-the-wrong-one").status, 401);
  ClientResponse changed = Request(
      port_, "POST", fmt::format("/api/v1/users/{}/password", id),
      json::serialize(object{{"password", "the-next-password"}, {"current_password", kPassword}}),
      {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  std::string everything;
  auto done = database_->Read([&](storage::Transaction& tx) -> Status {
    NQ_TRY(auto rows, tx.Query("SELECT actor, address, action, entity, COALESCE(before, ''), "
                               "COALESCE(after, ''), COALESCE(idempotency_key, '') FROM audit"));
    for (const auto& row : rows) {
      for (int column = 0; column < 7; ++column) everything += row.Text(column) + "\n";
    }
    return Ok();
  });
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_NE(everything.find("login_failed"), std::string::npos);
  for (const std::string& secret :
       {std::string(kPassword), std::string("typed-the-wrong-one"),
        std::string("the-next-password"), cookie.substr(cookie.find('=') + 1), csrf,
        std::string(Json(token).at("token").as_string()), std::string("$argon2id$")}) {
    EXPECT_EQ(everything.find(secret), std::string::npos) << secret;
  }
}

TEST_F(AuthTest, TheStoreRefusesToUpdateOrDeleteTheAudit) {
  int64_t last = LastAuditId();
  ASSERT_GT(last, 0);
  auto update = database_->Write([](storage::Transaction& tx) -> Status {
    NQ_RETURN_IF_ERROR(tx.Exec("UPDATE audit SET actor = 'someone else'"));
    return Ok();
  });
  ASSERT_FALSE(update);
  EXPECT_NE(update.error().message.find("append-only"), std::string::npos)
      << update.error().message;
  auto remove = database_->Write([](storage::Transaction& tx) -> Status {
    NQ_RETURN_IF_ERROR(tx.Exec("DELETE FROM audit WHERE id > 0"));
    return Ok();
  });
  ASSERT_FALSE(remove);
  EXPECT_NE(remove.error().message.find("append-only"), std::string::npos)
      << remove.error().message;
  EXPECT_EQ(LastAuditId(), last);
  EXPECT_TRUE(AuditAfter(0, "someone else").empty());
}

TEST_F(AuthTest, NoRouteChangesTheAudit) {
  for (const api::Route& route : app_->router().routes()) {
    if (route.pattern.starts_with("/api/v1/audit")) {
      EXPECT_EQ(route.method, "GET") << route.pattern;
    }
  }
  int64_t last = LastAuditId();
  for (const char* method : {"POST", "PUT", "PATCH", "DELETE"}) {
    for (const char* target : {"/api/v1/audit", "/api/v1/audit/1"}) {
      int status = Send(method, target, "{}").status;
      EXPECT_TRUE(status == 405 || status == 404) << method << " " << target << ": " << status;
    }
  }
  EXPECT_EQ(LastAuditId(), last);
  ClientResponse audit = Get("/api/v1/audit");
  ASSERT_EQ(audit.status, 200);
  EXPECT_GT(Json(audit).at("count").as_int64(), 0);
}

}  // namespace
}  // namespace nq::testing
