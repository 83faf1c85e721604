// Duties over the whole subtree, over real HTTP on SQLite and PostgreSQL: a province gives every
// commune below it one duty in one obligation; a commune opened later owes it at once and counts
// in the N; a commune closed before the deadline stops counting; the reach of a planned
// obligation is counted by kind before it is saved (docs/decisions/0012).
#include <gtest/gtest.h>

#include "api/server_fixture.h"

namespace nq::testing {
namespace {

using json::array;
using json::object;

class DutiesApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    BuildTree();
    // A second district beside Bá Thước, with one commune: the province has three communes two
    // levels down, one agency, and two districts.
    sibling_ = AddUnit("thach-thanh", "Thạch Thành", kind_district_, province_);
    sibling_commune_ = AddUnit("thanh-tho", "Thành Thọ", kind_commune_, sibling_);
  }

  // A new obligation of `issuer` due 31/3/2027 (today is 27/11/2026); `extra` adds members.
  json::value Obligation(const std::string& code, int64_t issuer, object extra = {}) {
    object body{{"code", code},
                {"title", "Quán triệt Nghị quyết " + code},
                {"issuer_unit_id", issuer},
                {"issued_on", "2026-11-01"},
                {"due_on", "2027-03-31"}};
    for (auto& [key, value] : extra) body[key] = value;
    ClientResponse created = Post("/api/v1/obligations", body);
    EXPECT_EQ(created.status, 201) << created.body;
    return Json(created);
  }
  // The units holding an assignment of obligation `id`, sorted.
  std::vector<int64_t> AssignedUnits(int64_t id) {
    json::value view = Json(Get(fmt::format("/api/v1/obligations/{}/assignments", id)));
    std::vector<int64_t> units;
    for (const json::value& a : view.at("assignments").as_array()) {
      units.push_back(a.at("unit_id").as_int64());
    }
    std::sort(units.begin(), units.end());
    return units;
  }
  // The "expected" of obligation `id` over `unit`'s subtree.
  int64_t Expected(int64_t id, int64_t unit) {
    ClientResponse rollup =
        Get(fmt::format("/api/v1/rollups/obligation?obligation_id={}&unit_id={}", id, unit));
    EXPECT_EQ(rollup.status, 200) << rollup.body;
    return Json(rollup).at("total").at("expected").as_int64();
  }
  // Moves the server's clock to midnight (UTC) of `day`, and signs the administrator in again:
  // a session lives 12 hours at most.
  void At(std::string_view day) {
    clock_->Set(int64_t{Date::Parse(day)->days()} * 86'400'000);
    std::tie(cookie_, csrf_) = SignIn("admin", kAdminPassword);
  }
  static std::vector<int64_t> Sorted(std::vector<int64_t> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  int64_t sibling_ = 0, sibling_commune_ = 0;
};

TEST_F(DutiesApiTest, ReachCountsTheUnitsOfAPlannedObligationByKind) {
  // Every commune of the province, two levels down.
  ClientResponse communes = Get(fmt::format(
      "/api/v1/obligations/reach?issuer_unit_id={}&kind_ids={}&depth=2", province_, kind_commune_));
  ASSERT_EQ(communes.status, 200) << communes.body;
  json::value reach = Json(communes);
  EXPECT_EQ(reach.at("total"), 3);
  EXPECT_EQ(reach.at("depth"), 2);
  ASSERT_EQ(reach.at("by_kind").as_array().size(), 1u);
  EXPECT_EQ(reach.at("by_kind").at(0).at("name"), "Đảng bộ xã, thị trấn");
  EXPECT_EQ(reach.at("by_kind").at(0).at("count"), 3);

  // The whole subtree, every kind: two districts, one agency, three communes, by level.
  json::value all = Json(Get("/api/v1/obligations/reach?issuer_unit_id=thanh-hoa&depth=0"));
  EXPECT_EQ(all.at("total"), 6);
  const array& kinds = all.at("by_kind").as_array();
  ASSERT_EQ(kinds.size(), 3u);
  EXPECT_EQ(kinds.at(0).at("code"), "huyen");
  EXPECT_EQ(kinds.at(0).at("count"), 2);
  EXPECT_EQ(kinds.at(1).at("code"), "cq");
  EXPECT_EQ(kinds.at(1).at("count"), 1);
  EXPECT_EQ(kinds.at(2).at("code"), "xa");
  EXPECT_EQ(kinds.at(2).at("count"), 3);

  // Without a depth: the direct subordinates, as obligations always reached.
  EXPECT_EQ(
      Json(Get(fmt::format("/api/v1/obligations/reach?issuer_unit_id={}", province_))).at("total"),
      2);

  // Bad input is named.
  ClientResponse deep =
      Get(fmt::format("/api/v1/obligations/reach?issuer_unit_id={}&depth=-1", province_));
  EXPECT_EQ(deep.status, 400);
  EXPECT_NE(deep.body.find("depth"), std::string::npos) << deep.body;
  ClientResponse kind =
      Get(fmt::format("/api/v1/obligations/reach?issuer_unit_id={}&kind_ids=999", province_));
  EXPECT_EQ(kind.status, 400);
  EXPECT_NE(kind.body.find("kind_ids"), std::string::npos) << kind.body;

  // A district's manager counts its own subtree, and sees nothing of the province's.
  Headers district = UserWith("ba-thuoc.manager", "manager", district_);
  ClientResponse own =
      As(district, "GET", fmt::format("/api/v1/obligations/reach?issuer_unit_id={}", district_));
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(Json(own).at("total"), 3);
  EXPECT_EQ(As(district, "GET",
               fmt::format("/api/v1/obligations/reach?issuer_unit_id={}&depth=2", province_))
                .status,
            404);
}

TEST_F(DutiesApiTest, OneObligationReachesEveryCommuneOfTheProvince) {
  json::value obligation =
      Obligation("qt-xa", province_, object{{"kind_ids", array{kind_commune_}}, {"depth", 2}});
  const int64_t id = obligation.at("id").as_int64();
  EXPECT_EQ(obligation.at("depth"), 2);
  EXPECT_EQ(obligation.at("assignments").as_array().size(), 3u);
  EXPECT_EQ(AssignedUnits(id), Sorted({commune_a_, commune_b_, sibling_commune_}));
  // The roll-ups count exactly these: 3 over the province, 2 in Bá Thước, 1 in Thạch Thành.
  EXPECT_EQ(Expected(id, province_), 3);
  EXPECT_EQ(Expected(id, district_), 2);
  EXPECT_EQ(Expected(id, sibling_), 1);
  ClientResponse rollup =
      Get(fmt::format("/api/v1/rollups/obligation?obligation_id={}&unit_id={}", id, province_));
  json::value figure = Json(rollup);
  ASSERT_EQ(figure.at("by_kind").as_array().size(), 1u);
  EXPECT_EQ(figure.at("by_kind").at(0).at("kind_id"), kind_commune_);

  // Every level, every kind: the districts, the agency and the communes.
  json::value everyone = Obligation("qt-all", province_, object{{"depth", 0}});
  EXPECT_EQ(everyone.at("assignments").as_array().size(), 6u);
  // The default stays the direct subordinates.
  json::value direct = Obligation("qt-huyen", province_);
  EXPECT_EQ(direct.at("depth"), 1);
  EXPECT_EQ(AssignedUnits(direct.at("id").as_int64()), Sorted({district_, sibling_}));

  // A bad depth is refused by name and writes nothing; the reach of a saved one cannot change.
  auto before = RowCounts();
  ClientResponse bad = Post("/api/v1/obligations", object{{"code", "qt-bad"},
                                                          {"title", "Sai"},
                                                          {"issuer_unit_id", province_},
                                                          {"issued_on", "2026-11-01"},
                                                          {"due_on", "2027-03-31"},
                                                          {"depth", 99}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("/depth"), std::string::npos) << bad.body;
  EXPECT_EQ(RowCounts(), before);
  ClientResponse patched = Send("PATCH", fmt::format("/api/v1/obligations/{}", id),
                                R"({"depth": 1})", {{"If-Match", "\"1\""}});
  EXPECT_EQ(patched.status, 400) << patched.body;
  EXPECT_NE(patched.body.find("/depth"), std::string::npos) << patched.body;
}

TEST_F(DutiesApiTest, ACommuneOpenedLaterOwesTheDutyAtOnceAndCountsInTheN) {
  const int64_t id =
      Obligation("qt-xa", province_, object{{"kind_ids", array{kind_commune_}}, {"depth", 2}})
          .at("id")
          .as_int64();
  const int64_t listed =
      Obligation("qt-listed", province_, object{{"unit_ids", array{commune_a_}}, {"depth", 2}})
          .at("id")
          .as_int64();
  const int64_t past = Create("/api/v1/obligations", object{{"code", "qt-2021"},
                                                            {"title", "Quán triệt 2021"},
                                                            {"issuer_unit_id", province_},
                                                            {"issued_on", "2021-01-10"},
                                                            {"due_on", "2021-03-31"},
                                                            {"depth", 0}});
  ASSERT_EQ(Expected(id, province_), 3);

  // A new commune of Thạch Thành, opened today through the units route.
  const int64_t opened = Create("/api/v1/units", object{{"code", "thanh-an"},
                                                        {"name", "Thành An"},
                                                        {"kind_id", kind_commune_},
                                                        {"parent_id", sibling_},
                                                        {"valid_from", "2026-11-27"}});
  // An agency does not: the obligation is for communes.
  const int64_t agency = Create("/api/v1/units", object{{"code", "ubkt"},
                                                        {"name", "Ủy ban Kiểm tra"},
                                                        {"kind_id", kind_agency_},
                                                        {"parent_id", sibling_},
                                                        {"valid_from", "2026-11-27"}});
  // And one opened by a reorganisation.
  ClientResponse reorganised =
      Post("/api/v1/reorganisations",
           object{{"operations", array{object{{"op", "open"},
                                              {"date", "2026-12-01"},
                                              {"unit", object{{"code", "dien-lu"},
                                                              {"name", "Đảng bộ xã Điền Lư"},
                                                              {"kind", "xa"},
                                                              {"parent", "ba-thuoc"}}}}}}});
  ASSERT_EQ(reorganised.status, 201) << reorganised.body;
  const int64_t dien_lu = Json(Get("/api/v1/units/dien-lu?as_of=2026-12-01")).at("id").as_int64();

  std::vector<int64_t> assigned = AssignedUnits(id);
  EXPECT_EQ(assigned, Sorted({commune_a_, commune_b_, sibling_commune_, opened, dien_lu}));
  EXPECT_EQ(std::count(assigned.begin(), assigned.end(), agency), 0);
  EXPECT_EQ(Expected(id, province_), 4);  // Điền Lư opens on 1/12, after today
  EXPECT_EQ(Expected(id, sibling_), 2);
  At("2026-12-02");
  EXPECT_EQ(Expected(id, province_), 5);
  // A listed obligation and one already due do not grow.
  EXPECT_EQ(AssignedUnits(listed), std::vector<int64_t>{commune_a_});
  const std::vector<int64_t> past_units = AssignedUnits(past);
  EXPECT_EQ(std::count(past_units.begin(), past_units.end(), opened), 0);

  // The new commune's manager finds the duty among their own.
  Headers commune = UserWith("thanh-an.editor", "editor", opened);
  ClientResponse own = As(commune, "GET", fmt::format("/api/v1/assignments?unit_id={}", opened));
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(Json(own).at("count"), 1);
}

TEST_F(DutiesApiTest, AUnitMovedIntoTheReachOwesTheDutyAndOneClosedStopsCounting) {
  const int64_t id =
      Obligation("qt-xa", province_, object{{"kind_ids", array{kind_commune_}}, {"depth", 2}})
          .at("id")
          .as_int64();
  const int64_t district_duty = Obligation("qt-thach-thanh", sibling_).at("id").as_int64();
  ASSERT_EQ(AssignedUnits(district_duty), std::vector<int64_t>{sibling_commune_});

  // Cổ Lũng moves to Thạch Thành on 1/12: it takes on Thạch Thành's duty there.
  ClientResponse moved = Post("/api/v1/reorganisations",
                              object{{"operations", array{object{{"op", "move"},
                                                                 {"date", "2026-12-01"},
                                                                 {"unit", "co-lung"},
                                                                 {"parent", "thach-thanh"}}}}});
  ASSERT_EQ(moved.status, 201) << moved.body;
  EXPECT_EQ(AssignedUnits(district_duty), Sorted({commune_b_, sibling_commune_}));

  // Lũng Cao closes on 1/1/2027, before the deadline: it is no longer expected.
  ClientResponse closed =
      Post("/api/v1/reorganisations",
           object{{"operations",
                   array{object{{"op", "close"}, {"date", "2027-01-01"}, {"unit", "lung-cao"}}}}});
  ASSERT_EQ(closed.status, 201) << closed.body;
  EXPECT_EQ(Expected(id, province_), 2);
  At("2027-01-05");
  EXPECT_EQ(Expected(id, province_), 2);
  EXPECT_EQ(Expected(id, sibling_), 2);  // Thành Thọ and Cổ Lũng
}

// A task (nhiệm vụ): the district leads, a commune and the other district's commune coordinate;
// each assignment keeps its role, the duty's view and roll-up count all three.
TEST_F(DutiesApiTest, ATaskHasLeadAndCoordinatingUnits) {
  json::value task =
      Obligation("nv-chu-tri", province_,
                 object{{"unit_ids", array{district_}},
                        {"coordinating_unit_ids", array{commune_a_, sibling_commune_}}});
  const int64_t id = task.at("id").as_int64();
  EXPECT_EQ(task.at("units_listed"), true);
  std::map<int64_t, std::string> roles;
  for (const json::value& a : task.at("assignments").as_array()) {
    roles[a.at("unit_id").as_int64()] = std::string(a.at("role").as_string());
  }
  EXPECT_EQ(roles, (std::map<int64_t, std::string>{{district_, "lead"},
                                                   {commune_a_, "coordinate"},
                                                   {sibling_commune_, "coordinate"}}));
  // The duty's page reads the roles back.
  ClientResponse view =
      Get(fmt::format("/api/v1/views/obligation?obligation_id={}&unit_id={}", id, province_));
  ASSERT_EQ(view.status, 200) << view.body;
  std::map<int64_t, std::string> shown;
  const json::value rows = Json(view).at("rows");
  for (const json::value& row : rows.as_array()) {
    shown[row.at("unit_id").as_int64()] = std::string(row.at("role").as_string());
  }
  EXPECT_EQ(shown, roles);
  EXPECT_EQ(Expected(id, province_), 3);
  // The old form: every unit listed leads.
  json::value plain =
      Obligation("nv-cu", province_, object{{"unit_ids", array{district_, sibling_}}});
  for (const json::value& a : plain.at("assignments").as_array()) {
    EXPECT_EQ(a.at("role"), "lead");
  }
}

// Each list is checked entry by entry, the answer naming the entry; a unit out of sight or
// outside the issuer's subtree is refused exactly like a missing one; nothing is written.
TEST_F(DutiesApiTest, ATaskRefusesItsUnitsByPointer) {
  auto refused = [&](const Headers* who, int64_t issuer, array lead, array coordinating,
                     std::string_view pointer) {
    object body{{"code", "nv-sai"},
                {"title", "Nhiệm vụ sai"},
                {"issuer_unit_id", issuer},
                {"issued_on", "2026-11-01"},
                {"due_on", "2027-03-31"},
                {"unit_ids", lead},
                {"coordinating_unit_ids", coordinating}};
    auto before = RowCounts();
    before.erase("audit");
    ClientResponse answer = who ? As(*who, "POST", "/api/v1/obligations", json::serialize(body))
                                : Post("/api/v1/obligations", body);
    EXPECT_EQ(answer.status, 400) << answer.body;
    json::value problem = Json(answer);
    EXPECT_EQ(std::string_view(problem.at("field").as_string()), pointer) << answer.body;
    auto after = RowCounts();
    after.erase("audit");
    EXPECT_EQ(after, before);
    return std::string(problem.at("detail").as_string());
  };
  // Coordinating units need a lead; a unit takes one role, once.
  refused(nullptr, province_, array{}, array{commune_a_}, "/unit_ids");
  refused(nullptr, province_, array{district_}, array{commune_a_, district_},
          "/coordinating_unit_ids/1");
  refused(nullptr, province_, array{district_, district_}, array{}, "/unit_ids/1");
  refused(nullptr, province_, array{district_}, array{commune_a_, commune_a_},
          "/coordinating_unit_ids/1");
  // Not a unit (a malformed list is named too).
  const std::string missing =
      refused(nullptr, district_, array{commune_a_}, array{commune_b_, int64_t{999999}},
              "/coordinating_unit_ids/1");
  EXPECT_NE(missing.find("unit 999999 not found"), std::string::npos) << missing;
  ClientResponse malformed =
      Post("/api/v1/obligations", object{{"code", "nv-x"},
                                         {"title", "X"},
                                         {"issuer_unit_id", district_},
                                         {"issued_on", "2026-11-01"},
                                         {"due_on", "2027-03-31"},
                                         {"unit_ids", array{commune_a_}},
                                         {"coordinating_unit_ids", "lung-cao"}});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(Json(malformed).at("field"), "/coordinating_unit_ids");

  // The district's manager: the province above (in sight) and the other district's commune
  // (out of sight) are outside Bá Thước's subtree, and both answer as the missing unit does.
  Headers manager = UserWith("ba-thuoc.manager", "manager", district_);
  auto as_missing = [&](int64_t unit, std::string_view pointer, bool lead) {
    const std::string detail =
        lead ? refused(&manager, district_, array{unit}, array{}, pointer)
             : refused(&manager, district_, array{commune_a_}, array{commune_b_, unit}, pointer);
    std::string expected = missing;
    expected.replace(expected.find("999999"), 6, std::to_string(unit));
    if (lead) {
      expected.replace(expected.find("/coordinating_unit_ids/1"), 24, "/unit_ids/0");
    }
    EXPECT_EQ(detail, expected);
  };
  as_missing(province_, "/coordinating_unit_ids/1", false);
  as_missing(sibling_commune_, "/coordinating_unit_ids/1", false);
  as_missing(sibling_commune_, "/unit_ids/0", true);
  // Within its subtree it may.
  ClientResponse ok = As(manager, "POST", "/api/v1/obligations",
                         json::serialize(object{{"code", "nv-huyen"},
                                                {"title", "Nhiệm vụ của huyện"},
                                                {"issuer_unit_id", district_},
                                                {"issued_on", "2026-11-01"},
                                                {"due_on", "2027-03-31"},
                                                {"unit_ids", array{commune_a_}},
                                                {"coordinating_unit_ids", array{commune_b_}}}));
  EXPECT_EQ(ok.status, 201) << ok.body;
}

}  // namespace
}  // namespace nq::testing
