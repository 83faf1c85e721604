// Grant limits, over real HTTP on SQLite and PostgreSQL: a district's manager adds users and
// roles within the district's subtree, never a role above manager, never outside it; whatever
// is refused writes nothing. Then the people screens' and the audit view's routes.
#include <gtest/gtest.h>

#include "api/server_fixture.h"

namespace nq::testing {
namespace {

using json::object;

class GrantsApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    BuildTree();
    sibling_ = AddUnit("thach-thanh", "Thạch Thành", kind_district_, province_);
    manager_ = UserWith("ba-thuoc.manager", "manager", district_);
  }
  // A new user's body, with a first role over `unit` when `role` is given.
  static std::string NewUser(const std::string& login, const std::string& role = "",
                             int64_t unit = 0) {
    object body{{"login", login}, {"name", "Cán bộ " + login}, {"password", "user-password-2021"}};
    if (!role.empty()) body["grant"] = object{{"role", role}, {"unit_id", unit}};
    return json::serialize(body);
  }
  // Row counts but the audit, which records refusals.
  std::map<std::string, int64_t> Rows() {
    auto rows = RowCounts();
    rows.erase("audit");
    return rows;
  }

  int64_t sibling_ = 0;
  Headers manager_;
};

TEST_F(GrantsApiTest, AManagerAddsAUserWithARoleWithinTheSubtree) {
  ClientResponse added =
      As(manager_, "POST", "/api/v1/users", NewUser("lung-cao.vp", "editor", commune_a_));
  ASSERT_EQ(added.status, 201) << added.body;
  json::value user = Json(added);
  EXPECT_EQ(user.at("grant").at("role"), "editor");
  EXPECT_EQ(user.at("grant").at("unit_id"), commune_a_);
  // The new user signs in and works in Lũng Cao, and nowhere else.
  auto [cookie, csrf] = SignIn("lung-cao.vp", "user-password-2021");
  Headers session{{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  EXPECT_EQ(As(session, "GET", fmt::format("/api/v1/units/{}", commune_a_)).status, 200);
  EXPECT_EQ(As(session, "GET", fmt::format("/api/v1/units/{}", commune_b_)).status, 404);
  // A manager may hand on its own role over a unit below, and grant an existing user.
  ClientResponse granted =
      As(manager_, "POST", fmt::format("/api/v1/users/{}/grants", user.at("id").as_int64()),
         json::serialize(object{{"role", "manager"}, {"unit_id", commune_b_}}));
  EXPECT_EQ(granted.status, 201) << granted.body;
}

TEST_F(GrantsApiTest, NothingAboveTheManagersRoleNorOutsideTheSubtreeNorWithoutARole) {
  const auto before = Rows();
  // Above its role: 403.
  ClientResponse above =
      As(manager_, "POST", "/api/v1/users", NewUser("qt.1", "administrator", commune_a_));
  EXPECT_EQ(above.status, 403) << above.body;
  EXPECT_NE(above.body.find("administrator"), std::string::npos) << above.body;
  // Outside its subtree: out of sight, 404.
  EXPECT_EQ(As(manager_, "POST", "/api/v1/users", NewUser("qt.2", "viewer", sibling_)).status, 404);
  EXPECT_EQ(As(manager_, "POST", "/api/v1/users", NewUser("qt.3", "viewer", province_)).status,
            404);
  // No role at all: only an administrator of the whole tree adds such a user.
  EXPECT_EQ(As(manager_, "POST", "/api/v1/users", NewUser("qt.4")).status, 403);
  EXPECT_EQ(Rows(), before);

  // Granting an existing user: the same limits.
  const int64_t someone =
      Json(Send("POST", "/api/v1/users", NewUser("someone"))).at("id").as_int64();
  const std::string grants = fmt::format("/api/v1/users/{}/grants", someone);
  EXPECT_EQ(As(manager_, "POST", grants,
               json::serialize(object{{"role", "administrator"}, {"unit_id", district_}}))
                .status,
            403);
  EXPECT_EQ(As(manager_, "POST", grants,
               json::serialize(object{{"role", "viewer"}, {"unit_id", sibling_}}))
                .status,
            404);
  // An editor grants nothing.
  Headers editor = UserWith("ba-thuoc.editor", "editor", district_);
  const auto with_editor = Rows();
  EXPECT_EQ(As(editor, "POST", grants,
               json::serialize(object{{"role", "viewer"}, {"unit_id", commune_a_}}))
                .status,
            403);
  EXPECT_EQ(As(editor, "POST", "/api/v1/users", NewUser("qt.5", "viewer", commune_a_)).status, 403);
  EXPECT_EQ(Rows(), with_editor);
}

// People and the audit: the users a manager sees and edits (their subtree, never a user holding
// a role above theirs), an edit guarded by If-Match, the audit a manager reads (their subtree's
// rows, not the refused requests an administrator sees), its filters, pages and CSV.
class PeopleApiTest : public GrantsApiTest {
 protected:
  // A new user through the administrator, holding `role` over `unit`; their id.
  int64_t AddUser(const std::string& login, const std::string& name, const std::string& role,
                  int64_t unit, const std::string& email = "") {
    return Create("/api/v1/users", object{{"login", login},
                                          {"name", name},
                                          {"email", email},
                                          {"password", "user-password-2021"},
                                          {"grant", object{{"role", role}, {"unit_id", unit}}}});
  }
  static std::vector<std::string> Logins(const ClientResponse& response) {
    std::vector<std::string> logins;
    const json::value body = Json(response);
    for (const json::value& user : body.at("items").as_array()) {
      logins.emplace_back(user.at("login").as_string());
    }
    return logins;
  }
  static Headers With(Headers who, const std::string& name, const std::string& value) {
    who.emplace_back(name, value);
    return who;
  }
};

TEST_F(PeopleApiTest, AManagerListsTheUsersOfTheSubtreeFilteredByUnitAndSearched) {
  AddUser("lung-cao.hoa", "Lê Thị Hòa", "editor", commune_a_, "hoa.le@bathuoc.vn");
  AddUser("dien-ha.nam", "Trần Văn Nam", "viewer", commune_b_);
  AddUser("thach-thanh.lan", "Phạm Thị Lan", "editor", sibling_);

  ClientResponse mine = As(manager_, "GET", "/api/v1/users");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(Logins(mine),
            (std::vector<std::string>{"ba-thuoc.manager", "dien-ha.nam", "lung-cao.hoa"}));
  // Everyone for the administrator, by login.
  std::vector<std::string> all = Logins(Get("/api/v1/users"));
  EXPECT_NE(std::ranges::find(all, "thach-thanh.lan"), all.end());
  EXPECT_TRUE(std::ranges::is_sorted(all));

  // By unit (with the units below it), and searched without case or diacritics.
  EXPECT_EQ(Logins(As(manager_, "GET", fmt::format("/api/v1/users?unit_id={}", commune_b_))),
            (std::vector<std::string>{"dien-ha.nam"}));
  EXPECT_EQ(Logins(As(manager_, "GET", "/api/v1/users?q=HOA")),
            (std::vector<std::string>{"lung-cao.hoa"}));
  EXPECT_EQ(Logins(As(manager_, "GET", "/api/v1/users?q=bathuoc.vn")),
            (std::vector<std::string>{"lung-cao.hoa"}));
  EXPECT_EQ(Logins(As(manager_, "GET", "/api/v1/users?q=nam")),
            (std::vector<std::string>{"dien-ha.nam"}));
  // Out of sight: 404; an editor lists nobody: 403; a malformed unit: 400.
  EXPECT_EQ(As(manager_, "GET", fmt::format("/api/v1/users?unit_id={}", sibling_)).status, 404);
  Headers editor = UserWith("ba-thuoc.editor", "editor", district_);
  EXPECT_EQ(As(editor, "GET", "/api/v1/users").status, 403);
  ClientResponse bad = As(manager_, "GET", "/api/v1/users?unit_id=abc");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(Json(bad).at("field"), "unit_id");
}

TEST_F(PeopleApiTest, AnEditNeedsTheLatestVersionAndStaysWithinWhatTheEditorCouldGrant) {
  const int64_t hoa = AddUser("lung-cao.hoa", "Lê Thị Hòa", "editor", commune_a_);
  const int64_t boss = AddUser("lung-cao.boss", "Bí thư", "administrator", commune_a_);
  const std::string target = fmt::format("/api/v1/users/{}", hoa);
  ClientResponse read = As(manager_, "GET", target);
  ASSERT_EQ(read.status, 200) << read.body;
  const int64_t version = Json(read).at("version").as_int64();
  EXPECT_EQ(read.Header("etag"), fmt::format("\"{}\"", version));

  const std::string change =
      json::serialize(object{{"name", "Lê Thị Hòa (Văn phòng)"}, {"email", "hoa@lungcao.vn"}});
  ClientResponse saved = Request(port_, "PATCH", target, change,
                                 With(manager_, "If-Match", fmt::format("\"{}\"", version)));
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(Json(saved).at("name"), "Lê Thị Hòa (Văn phòng)");
  EXPECT_EQ(Json(saved).at("email"), "hoa@lungcao.vn");
  EXPECT_EQ(Json(saved).at("version").as_int64(), version + 1);

  // The old version again: 412, nothing written; no If-Match: 428; a bad address: at "email".
  const int64_t lan = AddUser("thach-thanh.lan", "Phạm Thị Lan", "editor", sibling_);
  const auto before = Rows();
  ClientResponse stale = Request(port_, "PATCH", target, json::serialize(object{{"name", "X"}}),
                                 With(manager_, "If-Match", fmt::format("\"{}\"", version)));
  EXPECT_EQ(stale.status, 412) << stale.body;
  EXPECT_EQ(As(manager_, "PATCH", target, change).status, 428);
  ClientResponse email = Request(port_, "PATCH", target,
                                 json::serialize(object{{"name", "Hòa"}, {"email", "not-mail"}}),
                                 With(manager_, "If-Match", fmt::format("\"{}\"", version + 1)));
  EXPECT_EQ(email.status, 400) << email.body;
  EXPECT_EQ(Json(email).at("field"), "email");
  // A user holding a role above the manager's, or outside the subtree: refused.
  EXPECT_EQ(As(manager_, "GET", fmt::format("/api/v1/users/{}", boss)).status, 403);
  EXPECT_EQ(Request(port_, "PATCH", fmt::format("/api/v1/users/{}", boss),
                    json::serialize(object{{"name", "X"}, {"disabled", true}}),
                    With(manager_, "If-Match", "\"1\""))
                .status,
            403);
  EXPECT_EQ(As(manager_, "GET", fmt::format("/api/v1/users/{}", lan)).status, 404);
  EXPECT_EQ(Rows(), before);

  // Disabled, the user signs in no more.
  ClientResponse disabled =
      Request(port_, "PATCH", target, json::serialize(object{{"name", "Hòa"}, {"disabled", true}}),
              With(manager_, "If-Match", fmt::format("\"{}\"", version + 1)));
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  ClientResponse login = Request(port_, "POST", "/api/v1/session",
                                 R"({"login": "lung-cao.hoa", "password": "user-password-2021"})");
  EXPECT_EQ(login.status, 401) << login.body;
}

// Which person a user is: one in the manager's sight (a hidden one is refused like a missing
// one), one user per person (409 naming the other user), cleared with null, audited before and
// after; the leader's dashboard then reads that person's responsibilities.
TEST_F(PeopleApiTest, AUserIsAPersonInSightAndNoOtherUserIs) {
  const int64_t an = Create(
      "/api/v1/people",
      object{{"name", "Nguyễn Văn An"}, {"position", "Bí thư Đảng ủy"}, {"unit_id", commune_a_}});
  const int64_t hidden = Create(
      "/api/v1/people",
      object{{"name", "Phạm Văn Bình"}, {"position", "Bí thư Huyện ủy"}, {"unit_id", sibling_}});
  const int64_t hoa = AddUser("lung-cao.hoa", "Lê Thị Hòa", "editor", commune_a_);
  const int64_t nam = AddUser("dien-ha.nam", "Trần Văn Nam", "viewer", commune_b_);
  auto patch = [&](int64_t user, const json::value& person) {
    const std::string target = fmt::format("/api/v1/users/{}", user);
    ClientResponse read = As(manager_, "GET", target);
    EXPECT_EQ(read.status, 200) << read.body;
    return Request(port_, "PATCH", target, json::serialize(object{{"person_id", person}}),
                   With(manager_, "If-Match", read.Header("etag")));
  };

  ClientResponse linked = patch(hoa, an);
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(Json(linked).at("person").at("id").as_int64(), an);
  EXPECT_EQ(Json(linked).at("person").at("name"), "Nguyễn Văn An");
  EXPECT_EQ(Json(linked).at("name"), "Lê Thị Hòa");  // what the body left out stays
  EXPECT_EQ(Json(As(manager_, "GET", fmt::format("/api/v1/users/{}", hoa))).at("person").at("id"),
            an);
  // Audited with the person before and after.
  const json::value audit = Json(Get(fmt::format("/api/v1/audit?entity=user&entity_id={}", hoa)));
  const json::value& last = audit.at("items").at(0);
  EXPECT_EQ(last.at("action"), "update");
  EXPECT_TRUE(last.at("before").at("person_id").is_null()) << last;
  EXPECT_EQ(last.at("after").at("person_id").as_int64(), an) << last;

  // Another user as the same person: 409 at the field, naming the one who is; nothing written.
  const auto before = Rows();
  ClientResponse taken = patch(nam, an);
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_EQ(Json(taken).at("field"), "/person_id");
  EXPECT_NE(taken.body.find("lung-cao.hoa"), std::string::npos) << taken.body;
  // A person out of the manager's sight reads exactly like one that does not exist.
  ClientResponse out_of_sight = patch(nam, hidden);
  ClientResponse missing = patch(nam, 999999);
  EXPECT_EQ(out_of_sight.status, 400) << out_of_sight.body;
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_EQ(Json(out_of_sight).at("field"), "/person_id");
  std::string hidden_detail(Json(out_of_sight).at("detail").as_string());
  hidden_detail.replace(hidden_detail.find(std::to_string(hidden)), std::to_string(hidden).size(),
                        "999999");
  EXPECT_EQ(hidden_detail, Json(missing).at("detail").as_string());
  EXPECT_EQ(Rows(), before);
  EXPECT_EQ(Json(Get(fmt::format("/api/v1/users/{}", nam))).at("person"), nullptr);

  // Cleared, the person is free for the other user, who then reads their own dashboard.
  ClientResponse cleared = patch(hoa, nullptr);
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(Json(cleared).at("person").is_null());
  ASSERT_EQ(patch(nam, an).status, 200);
  Create("/api/v1/terms", object{{"name", "Nhiệm kỳ 2020–2025"}, {"period", "2020T5"}});
  Create("/api/v1/responsibilities",
         object{{"person_id", an}, {"term_code", "2020T5"}, {"unit_id", commune_b_}});
  ASSERT_EQ(Post(fmt::format("/api/v1/users/{}/password", nam),
                 object{{"password", "dien-ha-password-2021"}})
                .status,
            200);
  auto [cookie, csrf] = SignIn("dien-ha.nam", "dien-ha-password-2021");
  ClientResponse dashboard =
      As({{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, "GET", "/api/v1/views/leader");
  ASSERT_EQ(dashboard.status, 200) << dashboard.body;
  EXPECT_EQ(Json(dashboard).at("person").at("name"), "Nguyễn Văn An");
  EXPECT_EQ(Json(dashboard).at("charges").as_array().size(), 1u) << dashboard.body;
}

TEST_F(PeopleApiTest, ARoleAboveTheManagersIsRefusedAtTheRoleField) {
  const int64_t hoa = AddUser("lung-cao.hoa", "Lê Thị Hòa", "viewer", commune_a_);
  const auto before = Rows();
  ClientResponse above =
      As(manager_, "POST", fmt::format("/api/v1/users/{}/grants", hoa),
         json::serialize(object{{"role", "administrator"}, {"unit_id", commune_a_}}));
  EXPECT_EQ(above.status, 403) << above.body;
  EXPECT_EQ(Json(above).at("field"), "role");
  EXPECT_EQ(Rows(), before);
}

TEST_F(PeopleApiTest, AManagerReadsTheAuditOfTheSubtreeFilteredPagedAndAsCsv) {
  clock_->Advance(60'000);
  const UnixMillis first = clock_->Now();
  const int64_t hoa = AddUser("lung-cao.hoa", "Lê Thị Hòa", "editor", commune_a_);
  clock_->Advance(60'000);
  AddUser("dien-ha.nam", "Trần Văn Nam", "viewer", commune_b_);
  AddUser("thach-thanh.lan", "Phạm Thị Lan", "editor", sibling_);
  // The manager grants Hòa a role over commune B: a row about commune B.
  ASSERT_EQ(As(manager_, "POST", fmt::format("/api/v1/users/{}/grants", hoa),
               json::serialize(object{{"role", "viewer"}, {"unit_id", commune_b_}}))
                .status,
            201);
  // A refused request: audited as denied, about no unit.
  ASSERT_EQ(As(manager_, "POST", fmt::format("/api/v1/users/{}/grants", hoa),
               json::serialize(object{{"role", "administrator"}, {"unit_id", commune_b_}}))
                .status,
            403);

  auto rows = [&](const Headers& who, const std::string& query) {
    ClientResponse response = As(who, "GET", "/api/v1/audit" + query);
    EXPECT_EQ(response.status, 200) << query << ": " << response.body;
    return Json(response).at("items").as_array();
  };
  // The manager: rows about the district's subtree (its units, the roles over them), none
  // about the sibling, no refused request.
  json::array mine = rows(manager_, "");
  ASSERT_FALSE(mine.empty());
  for (const json::value& row : mine) {
    const int64_t unit = row.at("unit_id").as_int64();
    EXPECT_TRUE(unit == district_ || unit == commune_a_ || unit == commune_b_ || unit == agency_c_)
        << row;
    EXPECT_NE(row.at("action"), "denied");
  }
  // By unit: commune B's rows only (its creation and first version, Nam's creation and role,
  // Hòa's second role), with its code.
  json::array commune_b = rows(manager_, fmt::format("?unit_id={}", commune_b_));
  ASSERT_EQ(commune_b.size(), 5u) << json::serialize(commune_b);
  EXPECT_EQ(commune_b[0].at("actor"), "ba-thuoc.manager");
  EXPECT_EQ(commune_b[0].at("after").at("role"), "viewer");
  EXPECT_EQ(commune_b[0].at("unit_code"), "co-lung");
  EXPECT_EQ(commune_b[2].at("action"), "create");
  EXPECT_EQ(commune_b[2].at("after").at("login"), "dien-ha.nam");
  EXPECT_EQ(commune_b[4].at("entity"), "unit");
  // By person, by kind of data and action.
  EXPECT_EQ(rows(manager_, "?actor=ba-thuoc.manager").size(), 1u);
  EXPECT_EQ(rows(manager_, "?entity=unit").size(), 4u);
  EXPECT_EQ(As(manager_, "GET", fmt::format("/api/v1/audit?unit_id={}", sibling_)).status, 404);
  // Time, in milliseconds (from included, to excluded) or whole days.
  // (Hòa's creation and first role at `first`; Nam's creation and role, and Hòa's second, after.)
  json::array at_first = rows(manager_, fmt::format("?from={}&to={}", first, first + 1));
  ASSERT_EQ(at_first.size(), 2u);
  EXPECT_EQ(at_first[0].at("unit_id").as_int64(), commune_a_);
  EXPECT_EQ(at_first[1].at("unit_id").as_int64(), commune_a_);
  EXPECT_EQ(rows(manager_, fmt::format("?from={}", first + 1)).size(), 3u);
  const Date today = Date::FromUnixMillis(first);
  EXPECT_EQ(rows(manager_, fmt::format("?from={0}&to={0}", today.ToString())).size(), mine.size());
  EXPECT_EQ(rows(manager_, fmt::format("?to={}", today.AddDays(-1).ToString())).size(), 0u);

  // The administrator sees the refused request, the manager never.
  json::array denied = rows(SignedIn({}), "?action=denied");
  ASSERT_FALSE(denied.empty());
  EXPECT_EQ(denied[0].at("actor"), "ba-thuoc.manager");
  EXPECT_TRUE(denied[0].at("unit_id").is_null());
  EXPECT_EQ(rows(manager_, "?action=denied").size(), 0u);

  // Pages: newest first, the next page older than the last row seen.
  json::array page1 = rows(SignedIn({}), "?limit=2");
  ASSERT_EQ(page1.size(), 2u);
  json::array page2 =
      rows(SignedIn({}), fmt::format("?limit=2&before_id={}", page1[1].at("id").as_int64()));
  ASSERT_FALSE(page2.empty());
  EXPECT_LT(page2[0].at("id").as_int64(), page1[1].at("id").as_int64());
  EXPECT_EQ(As(manager_, "GET", "/api/v1/audit?limit=0").status, 400);
  EXPECT_EQ(As(manager_, "GET", "/api/v1/audit?from=yesterday").status, 400);
}

// A document's rows and its items' rows (which name only their document) concern the issuer.
TEST_F(PeopleApiTest, AnAuditRowNamesTheUnitOfWhatItChanged) {
  const int64_t document = Create("/api/v1/documents", object{{"code", "nq-lung-cao"},
                                                              {"kind", "resolution"},
                                                              {"title", "Nghị quyết xã"},
                                                              {"issuer_unit_id", commune_a_},
                                                              {"period_from", "2021"},
                                                              {"period_to", "2025"}});
  const int64_t item = Create(
      "/api/v1/items", object{{"document_id", document}, {"kind", "task"}, {"title", "Việc 1"}});
  for (const auto& [entity, id] : {std::pair{"document", document}, std::pair{"item", item}}) {
    ClientResponse rows =
        As(manager_, "GET", fmt::format("/api/v1/audit?entity={}&entity_id={}", entity, id));
    ASSERT_EQ(rows.status, 200) << rows.body;
    const json::value body = Json(rows);
    ASSERT_EQ(body.at("count").as_int64(), 1) << entity;
    EXPECT_EQ(body.at("items").at(0).at("unit_id").as_int64(), commune_a_) << entity;
  }
  // The sibling's manager sees neither.
  Headers other = UserWith("thach-thanh.manager", "manager", sibling_);
  ClientResponse theirs =
      As(other, "GET", fmt::format("/api/v1/audit?entity=item&entity_id={}", item));
  ASSERT_EQ(theirs.status, 200);
  EXPECT_EQ(Json(theirs).at("count").as_int64(), 0);
}

// The rows administering a user concern the unit of the user's first role: the manager who
// added the user reads them all — the creation, the roles, the edit, the administrators' password
// reset, token and unlock — and a sibling's manager none; the user's signing in stays the
// administrators' alone.
TEST_F(PeopleApiTest, AManagerReadsTheRowsOfTheUsersTheyAdminister) {
  ClientResponse added =
      As(manager_, "POST", "/api/v1/users", NewUser("lung-cao.vp", "editor", commune_a_));
  ASSERT_EQ(added.status, 201) << added.body;
  const int64_t user = Json(added).at("id").as_int64();
  const std::string path = fmt::format("/api/v1/users/{}", user);
  ClientResponse read = As(manager_, "GET", path);
  ASSERT_EQ(read.status, 200) << read.body;
  ASSERT_EQ(Request(port_, "PATCH", path, json::serialize(object{{"name", "Hà Văn Vinh"}}),
                    With(manager_, "If-Match", read.Header("etag")))
                .status,
            200);
  ASSERT_EQ(As(manager_, "POST", path + "/grants",
               json::serialize(object{{"role", "viewer"}, {"unit_id", commune_b_}}))
                .status,
            201);
  ASSERT_EQ(Post(path + "/password", object{{"password", "another-password-2021"}}).status, 200);
  ClientResponse token = Post(path + "/tokens", object{{"name", "Kho dữ liệu"}});
  ASSERT_EQ(token.status, 201) << token.body;
  ClientResponse tokens = Get(path + "/tokens");
  const int64_t token_id = Json(tokens).at("items").at(0).at("id").as_int64();
  ASSERT_EQ(Send("DELETE", fmt::format("{}/tokens/{}", path, token_id), "").status, 200);
  ASSERT_EQ(Send("POST", path + "/unlock", "").status, 200);
  SignIn("lung-cao.vp", "another-password-2021");

  auto actions = [&](const Headers& who, const std::string& query) {
    ClientResponse response = As(who, "GET", "/api/v1/audit?" + query);
    EXPECT_EQ(response.status, 200) << response.body;
    std::vector<std::string> out;
    const json::value body = Json(response);
    for (const json::value& row : body.at("items").as_array()) {
      out.push_back(fmt::format("{}@{}", json::value_to<std::string>(row.at("action")),
                                row.at("unit_id").is_null() ? 0 : row.at("unit_id").as_int64()));
    }
    return out;
  };
  const std::string about_user = fmt::format("entity=user&entity_id={}", user);
  // Newest first; the grant over commune B names commune B, everything else commune A.
  const std::vector<std::string> expected{
      fmt::format("unlock@{}", commune_a_),   fmt::format("revoke_token@{}", commune_a_),
      fmt::format("password@{}", commune_a_), fmt::format("grant@{}", commune_b_),
      fmt::format("update@{}", commune_a_),   fmt::format("grant@{}", commune_a_),
      fmt::format("create@{}", commune_a_)};
  EXPECT_EQ(actions(manager_, about_user), expected);
  EXPECT_EQ(actions(manager_, "entity=api_token"),
            std::vector<std::string>{fmt::format("create@{}", commune_a_)});
  // The administrator reads the same rows, and the sign-in, which names no unit.
  std::vector<std::string> all = actions(SignedIn({}), about_user);
  ASSERT_EQ(all.size(), expected.size() + 1);
  EXPECT_EQ(all.front(), "login@0");
  // The sibling's manager: none of them.
  Headers other = UserWith("thach-thanh.manager", "manager", sibling_);
  EXPECT_TRUE(actions(other, about_user).empty());
  EXPECT_TRUE(actions(other, "entity=api_token").empty());
}

TEST_F(PeopleApiTest, TheAuditCsvHoldsTheSameRowsWithTheirChangesForASpreadsheet) {
  const int64_t hoa = AddUser("lung-cao.hoa", "Lê Thị Hòa", "editor", commune_a_);
  ClientResponse read = Get(fmt::format("/api/v1/users/{}", hoa));
  ASSERT_EQ(Request(port_, "PATCH", fmt::format("/api/v1/users/{}", hoa),
                    json::serialize(object{{"name", "=Hòa, \"Văn phòng\""}}),
                    SignedIn({{"If-Match", read.Header("etag")}}))
                .status,
            200);
  ClientResponse json_rows = Get("/api/v1/audit?entity=user");
  ClientResponse csv = Get("/api/v1/audit.csv?entity=user");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.Header("content-type").find("text/csv"), std::string::npos);
  EXPECT_NE(csv.Header("content-disposition").find("audit.csv"), std::string::npos);
  ASSERT_TRUE(
      csv.body.starts_with("\xEF\xBB\xBF"
                           "id,at,actor,"));
  size_t lines = 0;
  for (size_t at = csv.body.find("\r\n"); at != std::string::npos;
       at = csv.body.find("\r\n", at + 2)) {
    ++lines;
  }
  // The header and one line a row, but a cell may hold line breaks of its own (\n only).
  EXPECT_EQ(lines, 1 + static_cast<size_t>(Json(json_rows).at("count").as_int64()));
  // The rename as "field: old → new" (the version left out), quoted.
  EXPECT_NE(csv.body.find("\"name: Lê Thị Hòa → =Hòa, \"\"Văn phòng\"\"\",\"{"), std::string::npos)
      << csv.body;
  // Scoped like the JSON: a manager's CSV has the manager's rows; an editor gets 403.
  ClientResponse theirs = As(manager_, "GET", "/api/v1/audit.csv?entity=user");
  ASSERT_EQ(theirs.status, 200);
  size_t their_lines = 0;
  for (size_t at = theirs.body.find("\r\n"); at != std::string::npos;
       at = theirs.body.find("\r\n", at + 2)) {
    ++their_lines;
  }
  EXPECT_EQ(their_lines,
            1 + static_cast<size_t>(
                    Json(As(manager_, "GET", "/api/v1/audit?entity=user")).at("count").as_int64()));
  EXPECT_EQ(As(UserWith("ba-thuoc.editor", "editor", district_), "GET", "/api/v1/audit.csv").status,
            403);
}

}  // namespace
}  // namespace nq::testing
