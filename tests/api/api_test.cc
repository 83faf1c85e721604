// The HTTP API over real HTTP: resources, workflow, and every kind of bad input answered with
// the right status and a message naming what is wrong, leaving the database unchanged.
#include <gtest/gtest.h>

#include <map>

#include "api/server_fixture.h"

namespace nq::testing {
namespace {

using json::array;
using json::object;

class ApiTest : public ServerFixture {};

std::string Detail(const json::value& problem) {
  return std::string(problem.at("detail").as_string());
}

TEST_F(ApiTest, HealthAnswers) {
  ClientResponse response = Get("/api/v1/health");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(Json(response).at("status"), "ok");
  EXPECT_EQ(response.Header("x-content-type-options"), "nosniff");
  // The change log position: a write moves the head, and the engine holds it at once.
  const json::value before = Json(response).at("changes");
  ASSERT_EQ(Post("/api/v1/unit-kinds", object{{"code", "kx"}, {"name", "Khu"}}).status, 201);
  const json::value after = Json(Get("/api/v1/health")).at("changes");
  EXPECT_GT(after.at("head_seq").as_int64(), before.at("head_seq").as_int64());
  EXPECT_EQ(after.at("applied_seq"), after.at("head_seq"));
  EXPECT_EQ(after.at("lag").as_int64(), 0);
  EXPECT_EQ(after.at("lag_ms").as_int64(), 0);
}

TEST_F(ApiTest, OpenApiDocumentListsEveryRoute) {
  json::value doc = Json(Get("/api/v1/openapi.json"));
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  const json::object& paths = doc.at("paths").as_object();
  for (const api::Route& route : app_->router().routes()) {
    std::string path = route.pattern.substr(7);
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    ASSERT_TRUE(paths.contains(path)) << path;
    EXPECT_TRUE(paths.at(path).as_object().contains(method)) << method << " " << path;
    // Each declares its schemas where it is added (Route::Takes, Answers…).
    EXPECT_TRUE(route.Described()) << method << " " << path;
  }
  // The schemas it refers to are all there.
  const json::object& schemas = doc.at("components").at("schemas").as_object();
  for (std::string_view name :
       {"Unit", "IndicatorCreate", "UnitPatch", "Overview", "Problem", "Job"}) {
    EXPECT_TRUE(schemas.contains(name)) << name;
  }
}

TEST_F(ApiTest, SearchIgnoresDiacriticsAndCase) {
  BuildTree();
  for (std::string q : {"ba thuoc", "BA THUOC", "Bá Thước", "thuoc"}) {
    json::value found = Json(Get("/api/v1/units?q=" + UrlEncode(q)));
    ASSERT_EQ(found.at("count"), 1) << q;
    EXPECT_EQ(found.at("items").at(0).at("code"), "ba-thuoc");
  }
  EXPECT_EQ(Json(Get("/api/v1/units?q=ba+thuc")).at("count"), 0);
}

TEST_F(ApiTest, UnitDetailHasPathAndChildren) {
  BuildTree();
  ClientResponse response = Get("/api/v1/units/ba-thuoc");
  ASSERT_EQ(response.status, 200) << response.body;
  json::value unit = Json(response);
  EXPECT_EQ(unit.at("path").as_array().size(), 3u);
  EXPECT_EQ(unit.at("children").as_array().size(), 3u);
  EXPECT_EQ(unit.at("parent_id"), province_);
  EXPECT_EQ(response.Header("etag"), "\"1\"");
}

TEST_F(ApiTest, NfdTextIsStoredAsNfcAndFoundByEitherForm) {
  BuildTree();
  const std::string nfd = "Hu\x65\xcc\x82\xcc\x81";  // "Huế" decomposed
  const std::string nfc = "Hu\xe1\xba\xbf";
  int64_t id = Create("/api/v1/units", object{{"code", "hue"},
                                              {"name", nfd},
                                              {"kind_id", kind_commune_},
                                              {"valid_from", "2015-01-01"},
                                              {"parent_id", district_}});
  json::value unit = Json(Get("/api/v1/units/" + std::to_string(id)));
  EXPECT_EQ(unit.at("name").as_string(), nfc);
  EXPECT_EQ(Json(Get("/api/v1/units?q=" + UrlEncode(nfd))).at("count"), 1);
  EXPECT_EQ(Json(Get("/api/v1/units?q=" + UrlEncode(nfc))).at("count"), 1);
  // The same code again, in whichever form, is a duplicate.
  auto before = RowCounts();
  ClientResponse again = Post("/api/v1/units", object{{"code", "hue"},
                                                      {"name", nfc},
                                                      {"kind_id", kind_commune_},
                                                      {"valid_from", "2015-01-01"},
                                                      {"parent_id", district_}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(RowCounts(), before);
}

TEST_F(ApiTest, MalformedJsonIs400NamingWhereAndChangesNothing) {
  BuildTree();
  auto before = RowCounts();
  ClientResponse response = Send("POST", "/api/v1/unit-kinds", "{\"code\": \"x\",\n \"name\": }");
  ASSERT_EQ(response.status, 400);
  EXPECT_EQ(response.Header("content-type"), "application/problem+json");
  json::value problem = Json(response);
  EXPECT_NE(Detail(problem).find("line 2"), std::string::npos) << Detail(problem);
  EXPECT_EQ(RowCounts(), before);
}

TEST_F(ApiTest, WrongTypeIs400NamingTheField) {
  BuildTree();
  auto before = RowCounts();
  ClientResponse response = Post("/api/v1/unit-kinds", object{{"code", "x"}, {"name", 42}});
  ASSERT_EQ(response.status, 400);
  json::value problem = Json(response);
  EXPECT_EQ(problem.at("field"), "/name");
  EXPECT_NE(Detail(problem).find("must be a string, got number"), std::string::npos);
  EXPECT_EQ(RowCounts(), before);
}

TEST_F(ApiTest, InvalidUtf8Is400AndChangesNothing) {
  BuildTree();
  auto before = RowCounts();
  ClientResponse response =
      Send("POST", "/api/v1/unit-kinds", "{\"code\":\"x\",\"name\":\"B\xC3\x28\"}");
  ASSERT_EQ(response.status, 400);
  EXPECT_NE(Detail(Json(response)).find("UTF-8"), std::string::npos);
  EXPECT_EQ(RowCounts(), before);
}

TEST_F(ApiTest, UnknownIdsAre404InPathsAnd400InBodies) {
  BuildTree();
  EXPECT_EQ(Get("/api/v1/units/999999").status, 404);
  EXPECT_EQ(Get("/api/v1/units/khong-co").status, 404);
  EXPECT_EQ(Get("/api/v1/documents/abc").status, 404);
  EXPECT_EQ(Get("/api/v1/nothing-here").status, 404);
  auto before = RowCounts();
  ClientResponse response =
      Post("/api/v1/units",
           object{{"code", "x"}, {"name", "X"}, {"kind_id", 777}, {"valid_from", "2020-01-01"}});
  ASSERT_EQ(response.status, 400);
  json::value problem = Json(response);
  EXPECT_EQ(problem.at("field"), "/kind_id");
  EXPECT_NE(Detail(problem).find("unit_kind 777 not found"), std::string::npos) << Detail(problem);
  EXPECT_EQ(RowCounts(), before);
}

TEST_F(ApiTest, BadPeriodCodesAre400) {
  BuildTree();
  auto before = RowCounts();
  ClientResponse response =
      Post("/api/v1/values", object{{"values", array{object{{"indicator_id", population_},
                                                            {"unit_id", commune_a_},
                                                            {"period", "2021Q5"},
                                                            {"value", 5}}}}});
  ASSERT_EQ(response.status, 400);
  EXPECT_NE(Detail(Json(response)).find("2021Q5"), std::string::npos);
  EXPECT_EQ(RowCounts(), before);
  ClientResponse rollup =
      Get(fmt::format("/api/v1/rollups/indicator?indicator_id={}&unit_id={}&period=2021M13",
                      population_, district_));
  ASSERT_EQ(rollup.status, 400);
  EXPECT_EQ(Json(rollup).at("field"), "period");
}

TEST_F(ApiTest, OversizedBodyIs413AndChangesNothing) {
  BuildTree();
  auto before = RowCounts();
  std::string huge = "{\"code\":\"x\",\"name\":\"" + std::string(2 << 20, 'a') + "\"}";
  ClientResponse response = Send("POST", "/api/v1/unit-kinds", huge);
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(RowCounts(), before);
}

TEST_F(ApiTest, ValuesBatchIsAllOrNothingWithAnErrorPerRecord) {
  BuildTree();
  auto before = RowCounts();
  ClientResponse response =
      Post("/api/v1/values", object{{"values", array{object{{"indicator_id", population_},
                                                            {"unit_id", commune_a_},
                                                            {"period", "2021"},
                                                            {"value", 100}},
                                                     object{{"indicator_id", population_},
                                                            {"unit_id", commune_b_},
                                                            {"period", "2021"},
                                                            {"value", "nhiều"}},
                                                     object{{"indicator_id", population_},
                                                            {"unit_id", 4242},
                                                            {"period", "2021"},
                                                            {"value", 1}}}}});
  ASSERT_EQ(response.status, 400) << response.body;
  json::value problem = Json(response);
  const json::array& errors = problem.at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].at("index"), 1);
  EXPECT_EQ(errors[0].at("field"), "/values/1/value");
  EXPECT_EQ(errors[1].at("index"), 2);
  EXPECT_EQ(errors[1].at("field"), "/values/2/unit_id");
  EXPECT_EQ(RowCounts(), before);
}

// A tree roll-up asked again is given from memory on the connection's thread (App::HandleAtOnce),
// the very bytes of the first answer; never past a write, and never to someone who may not read
// the unit: those go through the handler, which refuses (and audits) as before.
TEST_F(ApiTest, AKeptTreeRollupIsAnsweredAtOnceButNeverPastAWriteNorOutOfSight) {
  BuildTree();
  auto write = [&](int64_t number) {
    return Post("/api/v1/values", object{{"values", array{object{{"indicator_id", population_},
                                                                 {"unit_id", commune_a_},
                                                                 {"period", "2021"},
                                                                 {"value", number}}}}})
        .status;
  };
  ASSERT_EQ(write(100), 200);
  const std::string query =
      fmt::format("/api/v1/rollups/tree?indicator_id={}&unit_id={}&period=2021&depth=5",
                  population_, province_);
  ClientResponse first = Get(query);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(answered_at_once_, 0);
  ClientResponse again = Get(query);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.Header("content-type"), "application/json");
  EXPECT_EQ(again.Header("cache-control"), "no-store");
  EXPECT_FALSE(again.Header("x-request-id").empty());
  EXPECT_EQ(answered_at_once_, 1);
  // After a write the figure is computed again, then kept again.
  ASSERT_EQ(write(150), 200);
  ClientResponse after = Get(query);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(Json(after).at("units").at(0).at("value").to_number<double>(), 150);
  EXPECT_EQ(answered_at_once_, 1);
  EXPECT_EQ(Get(query).body, after.body);
  EXPECT_EQ(answered_at_once_, 2);
  // A viewer of the other province, signed in and kept in memory too, is refused every time.
  Headers outsider = UserWith("ngoai.viewer", "viewer", other_province_);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(Request(port_, "GET", query, "", outsider).status, 404);
  }
  EXPECT_EQ(answered_at_once_, 2);
  // Another depth is another answer, computed before it is kept.
  const std::string shallow =
      fmt::format("/api/v1/rollups/tree?indicator_id={}&unit_id={}&period=2021&depth=1",
                  population_, province_);
  EXPECT_NE(Get(shallow).body, after.body);
  EXPECT_EQ(answered_at_once_, 2);
}

TEST_F(ApiTest, ValuesRollUpLiveOverTheSubtree) {
  BuildTree();
  ClientResponse written =
      Post("/api/v1/values", object{{"values", array{object{{"indicator_id", population_},
                                                            {"unit_id", commune_a_},
                                                            {"period", "2021"},
                                                            {"value", 100}},
                                                     object{{"indicator_id", population_},
                                                            {"unit_id", commune_b_},
                                                            {"period", "2021"},
                                                            {"value", 250}}}}});
  ASSERT_EQ(written.status, 200) << written.body;
  std::string query = fmt::format(
      "/api/v1/rollups/indicator?indicator_id={}&unit_id={}&period=2021", population_, province_);
  json::value rollup = Json(Get(query));
  EXPECT_EQ(rollup.at("value").to_number<double>(), 350);
  EXPECT_EQ(rollup.at("units_reporting"), 2);
  EXPECT_EQ(rollup.at("rows").as_array().size(), 2u);
  // A correction is a new version and the figure follows at once.
  ASSERT_EQ(Post("/api/v1/values", object{{"values", array{object{{"indicator_id", population_},
                                                                  {"unit_id", commune_a_},
                                                                  {"period", "2021"},
                                                                  {"value", 120}}}}})
                .status,
            200);
  EXPECT_EQ(Json(Get(query)).at("value").to_number<double>(), 370);
  // The tree roll-up gives the same figure for the province and one per unit below it.
  json::value tree =
      Json(Get(fmt::format("/api/v1/rollups/tree?indicator_id={}&unit_id={}&period=2021&depth=5",
                           population_, province_)));
  const json::array& units = tree.at("units").as_array();
  ASSERT_GE(units.size(), 3u);
  EXPECT_EQ(units[0].at("unit_id"), province_);
  EXPECT_EQ(units[0].at("depth"), 0);
  EXPECT_EQ(units[0].at("value").to_number<double>(), 370);
  EXPECT_EQ(units[0].at("units_reporting"), 2);
  std::map<int64_t, double> below;
  for (const json::value& unit : units) {
    if (!unit.at("value").is_null())
      below[unit.at("unit_id").as_int64()] = unit.at("value").to_number<double>();
  }
  EXPECT_EQ(below[commune_a_], 120);
  EXPECT_EQ(below[commune_b_], 250);
  // Asked again after a write, the same query answers with the new figure, not a kept one.
  const std::string tree_query =
      fmt::format("/api/v1/rollups/tree?indicator_id={}&unit_id={}&period=2021&depth=5",
                  population_, province_);
  ASSERT_EQ(Json(Get(tree_query)).at("units").at(0).at("value").to_number<double>(), 370);
  ASSERT_EQ(Post("/api/v1/values", object{{"values", array{object{{"indicator_id", population_},
                                                                  {"unit_id", commune_b_},
                                                                  {"period", "2021"},
                                                                  {"value", 260}}}}})
                .status,
            200);
  EXPECT_EQ(Json(Get(tree_query)).at("units").at(0).at("value").to_number<double>(), 380);
  EXPECT_EQ(Get(fmt::format("/api/v1/rollups/tree?indicator_id={}&unit_id={}&period=2021&depth=x",
                            population_, province_))
                .status,
            400);
  json::value history = Json(Get(fmt::format(
      "/api/v1/values/history?indicator_id={}&unit_id={}&period=2021", population_, commune_a_)));
  EXPECT_EQ(history.at("count"), 2);
}

TEST_F(ApiTest, PatchNeedsIfMatchAndRefusesAStaleVersion) {
  BuildTree();
  std::string target = "/api/v1/units/" + std::to_string(commune_a_);
  ClientResponse missing = Send("PATCH", target, R"({"name":"Xã Lũng Cao"})");
  EXPECT_EQ(missing.status, 428);
  ClientResponse ok = Send("PATCH", target, R"({"name":"Xã Lũng Cao"})", {{"If-Match", "\"1\""}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Header("etag"), "\"2\"");
  auto before = RowCounts();
  ClientResponse stale =
      Send("PATCH", target, R"({"name":"Lũng Cao cũ"})", {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(RowCounts(), before);
  EXPECT_EQ(Json(Get(target)).at("name"), "Xã Lũng Cao");
}

// Regression: a partial update used to clear every optional reference it did not name.
TEST_F(ApiTest, PatchKeepsOptionalFieldsItDoesNotName) {
  BuildTree();
  int64_t person = Create("/api/v1/people", object{{"name", "Hà Thị Lan"}, {"unit_id", district_}});
  std::string target = fmt::format("/api/v1/people/{}", person);
  ClientResponse renamed =
      Send("PATCH", target, R"({"position":"Chánh Văn phòng"})", {{"If-Match", "\"1\""}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(Json(renamed).at("unit_id"), district_);
  ClientResponse cleared = Send("PATCH", target, R"({"unit_id":null})", {{"If-Match", "\"2\""}});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(Json(cleared).at("unit_id").is_null());
}

TEST_F(ApiTest, IdempotencyKeyReplaysTheFirstAnswer) {
  BuildTree();
  json::value body = object{{"code", "linh-vuc-x"}, {"name", "Lĩnh vực X"}};
  ClientResponse first = Post("/api/v1/fields", body, {{"Idempotency-Key", "k-123"}});
  ASSERT_EQ(first.status, 201);
  auto after_first = RowCounts();
  ClientResponse second = Post("/api/v1/fields", body, {{"Idempotency-Key", "k-123"}});
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.Header("idempotent-replayed"), "true");
  EXPECT_EQ(RowCounts(), after_first);
  ClientResponse other =
      Post("/api/v1/fields", object{{"code", "y"}, {"name", "Y"}}, {{"Idempotency-Key", "k-123"}});
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(RowCounts(), after_first);
}

TEST_F(ApiTest, EveryMutationWritesItsAuditRow) {
  BuildTree();
  json::value audit = Json(Get("/api/v1/audit?entity=unit"));
  EXPECT_EQ(audit.at("count"), 7);  // the root and the six units of BuildTree
  const json::value& last = audit.at("items").at(0);
  EXPECT_EQ(last.at("action"), "create");
  EXPECT_EQ(last.at("address"), "127.0.0.1");
  EXPECT_TRUE(last.at("before").is_null());
  EXPECT_EQ(last.at("after").at("code"), "cong-an");
}

TEST_F(ApiTest, ReportWorkflowLocksValuesUntilReopened) {
  BuildTree();
  int64_t report =
      Create("/api/v1/reports", object{{"unit_id", commune_a_},
                                       {"period", "2021"},
                                       {"sections", object{{"results", "Kết quả tốt"}}}});
  std::string transitions = fmt::format("/api/v1/reports/{}/transitions", report);
  EXPECT_EQ(Post(transitions, object{{"action", "accept"}}).status, 409);  // not submitted yet
  EXPECT_EQ(Post(transitions, object{{"action", "submit"}}).status, 200);
  EXPECT_EQ(Send("PATCH", fmt::format("/api/v1/reports/{}", report),
                 R"({"sections":{"results":"sửa"}})", {{"If-Match", "\"2\""}})
                .status,
            409);
  EXPECT_EQ(Post(transitions, object{{"action", "return"}}).status, 400);  // needs a comment
  ClientResponse accepted = Post(transitions, object{{"action", "accept"}});
  ASSERT_EQ(accepted.status, 200);
  EXPECT_EQ(Json(accepted).at("locked"), true);
  json::value value = object{{"values", array{object{{"indicator_id", population_},
                                                     {"unit_id", commune_a_},
                                                     {"period", "2021"},
                                                     {"value", 1}}}}};
  auto before = RowCounts();
  ClientResponse locked = Post("/api/v1/values", value);
  EXPECT_EQ(locked.status, 409);
  EXPECT_NE(Detail(Json(locked)).find("locked"), std::string::npos);
  EXPECT_EQ(RowCounts(), before);
  EXPECT_EQ(Post(transitions, object{{"action", "reopen"}, {"comment", "Bổ sung số liệu"}}).status,
            200);
  EXPECT_EQ(Post("/api/v1/values", value).status, 200);
}

TEST_F(ApiTest, ObligationCompletenessCountsByKindAndListsWhoHasNot) {
  BuildTree();
  ClientResponse created =
      Post("/api/v1/obligations", object{{"code", "quan-triet"},
                                         {"title", "Tổ chức hội nghị quán triệt"},
                                         {"issuer_unit_id", district_},
                                         {"issued_on", "2020-10-01"},
                                         {"due_on", "2021-03-31"}});
  ASSERT_EQ(created.status, 201) << created.body;
  json::value obligation = Json(created);
  const json::array& assignments = obligation.at("assignments").as_array();
  ASSERT_EQ(assignments.size(), 3u);
  int64_t first = assignments[0].at("id").as_int64();
  // Done without evidence is refused: an empty submission is not completion.
  ClientResponse empty =
      Send("PATCH", fmt::format("/api/v1/assignments/{}", first),
           R"({"status":"done","completed_on":"2021-03-01"})", {{"If-Match", "\"1\""}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(Json(empty).at("field"), "evidence");
  ClientResponse done = Send(
      "PATCH", fmt::format("/api/v1/assignments/{}", first),
      R"({"status":"done","completed_on":"2021-03-01","evidence":{"document_number":"05-BC/ĐU","attendance":[{"group":"đảng viên","count":120}]}})",
      {{"If-Match", "\"1\""}});
  ASSERT_EQ(done.status, 200) << done.body;
  json::value rollup = Json(
      Get(fmt::format("/api/v1/rollups/obligation?obligation_id={}&unit_id={}&as_of=2021-12-31",
                      obligation.at("id").as_int64(), district_)));
  EXPECT_EQ(rollup.at("total").at("expected"), 3);
  EXPECT_EQ(rollup.at("total").at("done"), 1);
  EXPECT_EQ(rollup.at("total").at("overdue"), 2);
  EXPECT_EQ(rollup.at("not_done").as_array().size(), 2u);
  EXPECT_EQ(rollup.at("by_kind").as_array().size(), 2u);
  // The same counts from the tree of completeness, for the district and each unit below it.
  json::value tree = Json(Get(fmt::format(
      "/api/v1/rollups/completeness?obligation_id={}&unit_id={}&as_of=2021-12-31&depth=3",
      obligation.at("id").as_int64(), district_)));
  const json::array& units = tree.at("units").as_array();
  ASSERT_FALSE(units.empty());
  EXPECT_EQ(units[0].at("unit_id"), district_);
  EXPECT_EQ(units[0].at("expected"), 3);
  EXPECT_EQ(units[0].at("done"), 1);
  EXPECT_EQ(units[0].at("overdue"), 2);
  int64_t done_below = 0;
  for (const json::value& unit : units) {
    if (unit.at("depth").as_int64() == 1) done_below += unit.at("done").as_int64();
  }
  EXPECT_LE(done_below, 1);
}

TEST_F(ApiTest, WrongMethodIs405WithAllow) {
  ClientResponse response = Send("DELETE", "/api/v1/units", "");
  EXPECT_EQ(response.status, 405);
  EXPECT_NE(response.Header("allow").find("GET"), std::string::npos);
}

TEST_F(ApiTest, NonJsonContentTypeIs415) {
  ClientResponse response =
      Send("POST", "/api/v1/fields", "code=x", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(response.status, 415);
}

// A NUL, another control character or a noncharacter in a text field is refused where it is
// decoded, naming the field, and nothing is written: such text breaks the exported documents.
TEST_F(ApiTest, TextWithAControlCharacterOrANoncharacterIsRefusedNamingTheField) {
  auto rows = RowCounts();
  for (const std::string escaped :
       {R"(Nghị\u0000quyết)", R"(a\u001bb)", R"(x\ufffe)", R"(\uffff)"}) {
    ClientResponse refused =
        Post("/api/v1/fields", json::parse(R"({"code":"f1","name":")" + escaped + R"("})"));
    EXPECT_EQ(refused.status, 400) << escaped;
    EXPECT_EQ(Json(refused).at("field"), "/name") << escaped;
    EXPECT_NE(std::string(Json(refused).at("detail").as_string()).find("not allowed in text"),
              std::string::npos)
        << refused.body;
  }
  EXPECT_EQ(RowCounts(), rows);
  ClientResponse taken =
      Post("/api/v1/fields", json::parse(R"({"code":"f2","name":"dòng 1\ndòng 2\tcột"})"));
  EXPECT_EQ(taken.status, 201) << taken.body;
}

// The media type is read as a type, not searched for a word: a parameter that mentions JSON does
// not make a text body JSON, while the type's case and its parameters do not matter.
TEST_F(ApiTest, TheContentTypeIsParsedNotSearched) {
  auto rows = RowCounts();
  for (const std::string type : {"text/plain; x=application/json", "text/plain;application/json",
                                 "application/jsonx", "multipart/form-data; a=text/csv"}) {
    ClientResponse refused =
        Send("POST", "/api/v1/fields", R"({"code":"x1","name":"X"})", {{"Content-Type", type}});
    EXPECT_EQ(refused.status, 415) << type;
    EXPECT_EQ(Json(refused).at("field"), "Content-Type") << type;
  }
  EXPECT_EQ(RowCounts(), rows);
  ClientResponse taken = Send("POST", "/api/v1/fields", R"({"code":"x2","name":"X"})",
                              {{"Content-Type", " Application/JSON ; charset=utf-8"}});
  EXPECT_EQ(taken.status, 201) << taken.body;
}

// The file routes read the media type the same way: a type the server takes in general but not
// the one the route reads is refused at "Content-Type", whatever its parameters mention.
TEST_F(ApiTest, TheFileRoutesReadTheMediaTypeNotAWordInIt) {
  auto rows = RowCounts();
  const std::string xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  const struct {
    std::string path, type, body;
  } cases[] = {
      {"/api/v1/imports/datavaluesets", "text/csv; x=application/json", R"({"dataValues":[]})"},
      {"/api/v1/imports/values.csv", "application/json; x=text/csv",
       "indicator_code,unit_code,period,value,comment\n"},
      {"/api/v1/imports/values.xlsx", "text/csv; x=" + xlsx, "PK"},
  };
  for (const auto& c : cases) {
    ClientResponse refused = Send("POST", c.path, c.body, {{"Content-Type", c.type}});
    EXPECT_EQ(refused.status, 400) << c.path << " " << refused.body;
    EXPECT_EQ(Json(refused).at("field"), "Content-Type") << c.path;
    EXPECT_NE(std::string(Json(refused).at("detail").as_string()).find("send the file as"),
              std::string::npos)
        << refused.body;
  }
  EXPECT_EQ(RowCounts(), rows);
}

}  // namespace
}  // namespace nq::testing
