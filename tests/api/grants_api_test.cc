// Grant limits, over real HTTP on SQLite and PostgreSQL: a district's manager adds users and
// roles within the district's subtree, never a role above manager, never outside it; whatever
// is refused writes nothing.
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

}  // namespace
}  // namespace nq::testing
