// Cascades as units live them, over real HTTP on SQLite and PostgreSQL: a province issues a
// resolution; each of its districts reads it, concretizes it in its own resolution and declares
// for itself what does not apply; the province sees the matrix across its districts.
#include <gtest/gtest.h>

#include "api/server_fixture.h"

namespace nq::testing {
namespace {

using json::array;
using json::object;

class CascadeApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    BuildTree();
    // A second district under the province, beside Bá Thước.
    sibling_ = AddUnit("thach-thanh", "Thạch Thành", kind_district_, province_);
    province_resolution_ = Document("nq-tinh", province_);
    for (int i = 1; i <= 3; ++i) {
      province_targets_.push_back(Target(province_resolution_, fmt::format("CT{}", i)));
    }
  }

  int64_t Document(const std::string& code, int64_t issuer) {
    return Create("/api/v1/documents", object{{"code", code},
                                              {"kind", "resolution"},
                                              {"title", "Nghị quyết " + code},
                                              {"issuer_unit_id", issuer},
                                              {"period_from", "2021"},
                                              {"period_to", "2021"}});
  }
  int64_t Target(int64_t document, const std::string& code) {
    return Create("/api/v1/items", object{{"document_id", document},
                                          {"kind", "target"},
                                          {"code", code},
                                          {"title", "Chỉ tiêu " + code}});
  }
  static std::string Body(const object& body) { return json::serialize(body); }
  // Sets the server's clock to noon (UTC) of `day`.
  void At(std::string_view day) {
    clock_->Set(int64_t{Date::Parse(day)->days()} * 86'400'000 + 12 * 3'600'000);
  }
  // The cell of `target` for `unit` in a cascade answer.
  static std::string CoverOf(const json::value& matrix, int64_t target, int64_t unit) {
    for (const json::value& row : matrix.at("targets").as_array()) {
      if (row.at("item_id").as_int64() != target) continue;
      for (const json::value& cell : row.at("cells").as_array()) {
        if (cell.at("unit_id").as_int64() == unit) return std::string(cell.at("cover").as_string());
      }
    }
    return "absent";
  }

  int64_t sibling_ = 0;
  int64_t province_resolution_ = 0;
  std::vector<int64_t> province_targets_;
};

TEST_F(CascadeApiTest, ADistrictReadsWhatItsProvinceIssuedButNoSiblingsData) {
  Headers district = UserWith("ba-thuoc.manager", "manager", district_);
  // The province's resolution, its targets and the tree of both: in sight.
  EXPECT_EQ(As(district, "GET", fmt::format("/api/v1/documents/{}", province_resolution_)).status,
            200);
  ClientResponse items =
      As(district, "GET", fmt::format("/api/v1/items?document_id={}", province_resolution_));
  ASSERT_EQ(items.status, 200) << items.body;
  EXPECT_EQ(Json(items).at("count").as_int64(), 3);
  ClientResponse tree =
      As(district, "GET", fmt::format("/api/v1/documents/{}/tree", province_resolution_));
  ASSERT_EQ(tree.status, 200) << tree.body;
  // With the province's path, which the district's page names without reading the province.
  const json::value answer = Json(tree);
  const json::array& path = answer.at("issuer_path").as_array();
  ASSERT_FALSE(path.empty()) << tree.body;
  EXPECT_EQ(path.back().at("id").as_int64(), province_);
  EXPECT_FALSE(answer.at("issuer_name").as_string().empty());
  EXPECT_EQ(As(district, "GET", fmt::format("/api/v1/units/{}", province_)).status, 404);
  ClientResponse listed =
      As(district, "GET", fmt::format("/api/v1/documents?issuer_unit_id={}", province_));
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(Json(listed).at("count").as_int64(), 1);
  // Seen, not theirs: a change is refused as forbidden, not hidden.
  Headers if_match = district;
  if_match.emplace_back("If-Match", "\"1\"");
  ClientResponse patch =
      Request(port_, "PATCH", fmt::format("/api/v1/items/{}", province_targets_[0]),
              Body(object{{"title", "Đổi"}}), if_match);
  EXPECT_EQ(patch.status, 403) << patch.body;

  // The sibling district's own resolution, values and reports: out of sight, like missing rows.
  int64_t sibling_resolution = Document("nq-thach-thanh", sibling_);
  ASSERT_EQ(Post("/api/v1/values", object{{"values", array{object{{"indicator_id", population_},
                                                                  {"unit_id", sibling_},
                                                                  {"period", "2021"},
                                                                  {"value", 1200}}}}})
                .status,
            200);
  int64_t sibling_report =
      Create("/api/v1/reports", object{{"unit_id", sibling_}, {"period", "2021S1"}});
  EXPECT_EQ(As(district, "GET", fmt::format("/api/v1/documents/{}", sibling_resolution)).status,
            404);
  EXPECT_EQ(As(district, "GET", fmt::format("/api/v1/reports/{}", sibling_report)).status, 404);
  ClientResponse values =
      As(district, "GET", fmt::format("/api/v1/values?unit_id={}&period=2021", sibling_));
  ASSERT_EQ(values.status, 200) << values.body;
  EXPECT_EQ(Json(values).at("count").as_int64(), 0) << values.body;
  ClientResponse history = As(district, "GET",
                              fmt::format("/api/v1/values/history?indicator_id={}&unit_id={}&"
                                          "period=2021",
                                          population_, sibling_));
  EXPECT_EQ(history.status, 404) << history.body;
  ClientResponse rollup = As(district, "GET",
                             fmt::format("/api/v1/rollups/indicator?indicator_id={}&unit_id={}&"
                                         "period=2021",
                                         population_, province_));
  EXPECT_EQ(rollup.status, 404) << rollup.body;
  // Nor does a commune below the district read the sibling's resolution.
  Headers commune = UserWith("lung-cao.viewer", "viewer", commune_a_);
  EXPECT_EQ(As(commune, "GET", fmt::format("/api/v1/documents/{}", province_resolution_)).status,
            200);
  EXPECT_EQ(As(commune, "GET", fmt::format("/api/v1/documents/{}", sibling_resolution)).status,
            404);
}

// District A (Bá Thước) declares CT3 not applicable; district B (Thạch Thành) forgets it. Each
// district concretizes CT1 and CT2 in its own resolution.
TEST_F(CascadeApiTest, EachDistrictDeclaresForItselfAndTheProvinceSeesBoth) {
  Headers a = UserWith("ba-thuoc.manager", "manager", district_);
  Headers b = UserWith("thach-thanh.manager", "manager", sibling_);
  int64_t a_resolution = Document("nq-ba-thuoc", district_);
  int64_t b_resolution = Document("nq-thach-thanh", sibling_);
  for (auto [who, resolution] : {std::pair{a, a_resolution}, std::pair{b, b_resolution}}) {
    for (int i = 0; i < 2; ++i) {
      ClientResponse item = As(who, "POST", "/api/v1/items",
                               Body(object{{"document_id", resolution},
                                           {"kind", "target"},
                                           {"code", fmt::format("H{}", i + 1)},
                                           {"title", "Chỉ tiêu huyện"}}));
      ASSERT_EQ(item.status, 201) << item.body;
      // Concretizing is the district's own act: its manager links up to the province's target.
      ClientResponse link = As(who, "POST", "/api/v1/links",
                               Body(object{{"from_item_id", Json(item).at("id").as_int64()},
                                           {"to_item_id", province_targets_[i]},
                                           {"kind", "localized"}}));
      ASSERT_EQ(link.status, 201) << link.body;
    }
  }
  ClientResponse declared = As(a, "POST", "/api/v1/declarations",
                               Body(object{{"item_id", province_targets_[2]},
                                           {"unit_id", district_},
                                           {"reason", "Huyện không có cảng biển"}}));
  ASSERT_EQ(declared.status, 201) << declared.body;
  // One district cannot declare for the other, nor on a target of its own.
  EXPECT_EQ(As(a, "POST", "/api/v1/declarations",
               Body(object{{"item_id", province_targets_[2]},
                           {"unit_id", sibling_},
                           {"reason", "Thay huyện bạn"}}))
                .status,
            404);
  ClientResponse own = As(a, "POST", "/api/v1/declarations",
                          Body(object{{"item_id", Target(a_resolution, "H9")},
                                      {"unit_id", district_},
                                      {"reason", "Không làm"}}));
  EXPECT_EQ(own.status, 400) << own.body;
  EXPECT_EQ(Json(own).at("field").as_string(), "/item_id");
  auto coverage = [&](int64_t lower) {
    ClientResponse response =
        Get(fmt::format("/api/v1/rollups/coverage?upper_document_id={}&lower_document_id={}",
                        province_resolution_, lower));
    EXPECT_EQ(response.status, 200) << response.body;
    return Json(response);
  };
  json::value of_a = coverage(a_resolution);
  EXPECT_EQ(of_a.at("covered").as_int64(), 2);
  EXPECT_EQ(of_a.at("not_applicable").as_int64(), 1);
  EXPECT_TRUE(of_a.at("uncovered").as_array().empty()) << of_a;
  json::value of_b = coverage(b_resolution);
  EXPECT_EQ(of_b.at("covered").as_int64(), 2);
  EXPECT_EQ(of_b.at("not_applicable").as_int64(), 0);
  ASSERT_EQ(of_b.at("uncovered").as_array().size(), 1u) << of_b;
  EXPECT_EQ(of_b.at("uncovered").at(0).at("item_id").as_int64(), province_targets_[2]);

  // The province's matrix shows both; the cell of A carries the reason.
  ClientResponse matrix =
      Get(fmt::format("/api/v1/rollups/cascade?document_id={}", province_resolution_));
  ASSERT_EQ(matrix.status, 200) << matrix.body;
  json::value m = Json(matrix);
  EXPECT_EQ(CoverOf(m, province_targets_[2], district_), "not_applicable");
  EXPECT_EQ(CoverOf(m, province_targets_[2], sibling_), "missing");
  EXPECT_EQ(CoverOf(m, province_targets_[0], sibling_), "covered");
  for (const json::value& row : m.at("targets").as_array()) {
    if (row.at("item_id").as_int64() != province_targets_[2]) continue;
    EXPECT_EQ(row.at("counts").at("not_applicable").as_int64(), 1);
    EXPECT_EQ(row.at("counts").at("missing").as_int64(), 1);
  }
  // District A sees its own column only.
  ClientResponse a_view =
      As(a, "GET", fmt::format("/api/v1/rollups/cascade?document_id={}", province_resolution_));
  ASSERT_EQ(a_view.status, 200) << a_view.body;
  EXPECT_EQ(Json(a_view).at("units").as_array().size(), 1u);
  EXPECT_EQ(CoverOf(Json(a_view), province_targets_[2], sibling_), "absent");
}

TEST_F(CascadeApiTest, ALinkToAnItemOutOfSightIsRefusedLikeAMissingOne) {
  Headers a = UserWith("ba-thuoc.manager", "manager", district_);
  int64_t a_resolution = Document("nq-ba-thuoc", district_);
  int64_t sibling_target = Target(Document("nq-thach-thanh", sibling_), "TT1");
  ClientResponse item = As(
      a, "POST", "/api/v1/items",
      Body(object{{"document_id", a_resolution}, {"kind", "target"}, {"title", "Chỉ tiêu huyện"}}));
  ASSERT_EQ(item.status, 201) << item.body;
  const int64_t from = Json(item).at("id").as_int64();
  auto link_to = [&](int64_t to) {
    return As(a, "POST", "/api/v1/links",
              Body(object{{"from_item_id", from}, {"to_item_id", to}, {"kind", "contributes"}}));
  };
  const auto before = RowCounts();
  ClientResponse hidden = link_to(sibling_target);
  ClientResponse missing = link_to(999999);
  EXPECT_EQ(hidden.status, 400) << hidden.body;
  EXPECT_EQ(missing.status, 400) << missing.body;
  auto detail = [](const ClientResponse& r, int64_t id) {
    std::string text(Json(r).at("detail").as_string());
    const std::string number = std::to_string(id);
    text.replace(text.find(number), number.size(), "{id}");
    return text;
  };
  EXPECT_EQ(detail(hidden, sibling_target), detail(missing, 999999));
  EXPECT_EQ(Json(hidden).at("field"), Json(missing).at("field"));
  EXPECT_EQ(RowCounts(), before);
  // The province's target is in sight: the same link to it is taken.
  EXPECT_EQ(link_to(province_targets_[0]).status, 201);
}

// The set-up screen's one step: a new target of the district's own resolution, created already
// linked up to the province's target, both or neither; the coverage counts it at once, and
// undoing the link (or a declaration) uncovers the target again.
TEST_F(CascadeApiTest, ADistrictCreatesATargetAlreadyLinkedUpBothOrNeither) {
  Headers a = UserWith("ba-thuoc.manager", "manager", district_);
  const int64_t a_resolution = Document("nq-ba-thuoc", district_);
  const std::string coverage_path =
      fmt::format("/api/v1/rollups/coverage?upper_document_id={}&lower_document_id={}",
                  province_resolution_, a_resolution);
  auto concretize = [&](const Headers& who, const object& item, const object& link) {
    return As(who, "POST", "/api/v1/concretizations", Body(object{{"item", item}, {"link", link}}));
  };
  const object target{{"document_id", a_resolution},
                      {"kind", "target"},
                      {"code", "H1"},
                      {"title", "Dân số huyện đạt 110.000 người"},
                      {"measure", object{{"indicator_id", population_},
                                         {"goal", 110000},
                                         {"deadline", "2021"},
                                         {"direction", "raise"}}}};
  ClientResponse made =
      concretize(a, target, object{{"to_item_id", province_targets_[0]}, {"kind", "localized"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const json::value answer = Json(made);
  const int64_t item = answer.at("item").at("id").as_int64();
  EXPECT_EQ(answer.at("item").at("document_id").as_int64(), a_resolution);
  EXPECT_EQ(answer.at("item").at("measure").at("goal").as_double(), 110000);
  EXPECT_EQ(answer.at("link").at("from_item_id").as_int64(), item);
  EXPECT_EQ(answer.at("link").at("to_item_id").as_int64(), province_targets_[0]);
  EXPECT_EQ(answer.at("link").at("kind"), "localized");
  json::value coverage = Json(As(a, "GET", coverage_path));
  EXPECT_EQ(coverage.at("covered").as_int64(), 1) << coverage;
  EXPECT_EQ(coverage.at("uncovered").as_array().size(), 2u) << coverage;
  // The link and the item are audited as the district's.
  ClientResponse audit = As(a, "GET", "/api/v1/audit?entity=link");
  ASSERT_EQ(audit.status, 200) << audit.body;
  ASSERT_EQ(Json(audit).at("count").as_int64(), 1) << audit.body;
  EXPECT_EQ(Json(audit).at("items").at(0).at("unit_id").as_int64(), district_);

  // Neither is written when either is refused, and the field is named under its part.
  Headers viewer = UserWith("ba-thuoc.viewer", "viewer", district_);
  const auto before = RowCounts();
  ClientResponse sideways =
      concretize(a,
                 object{{"document_id", a_resolution},
                        {"kind", "target"},
                        {"code", "H2"},
                        {"title", "Chỉ tiêu huyện"}},
                 object{{"to_item_id", Target(Document("nq-tt", sibling_), "TT1")}});
  const auto with_sibling_target = RowCounts();
  EXPECT_EQ(sideways.status, 400) << sideways.body;
  EXPECT_EQ(Json(sideways).at("field"), "/link/to_item_id");
  EXPECT_NE(Json(sideways).at("detail").as_string().find("\"/link/to_item_id\""), std::string::npos)
      << sideways.body;
  ClientResponse untitled = concretize(a, object{{"document_id", a_resolution}, {"kind", "target"}},
                                       object{{"to_item_id", province_targets_[1]}});
  EXPECT_EQ(untitled.status, 400) << untitled.body;
  EXPECT_EQ(Json(untitled).at("field"), "/item/title");
  ClientResponse no_link =
      As(a, "POST", "/api/v1/concretizations", Body(object{{"item", target}, {"link", object{}}}));
  EXPECT_EQ(no_link.status, 400) << no_link.body;
  EXPECT_EQ(Json(no_link).at("field"), "/link/to_item_id");
  // Into the province's own resolution: the district may read it, not write it.
  ClientResponse upward = concretize(
      a,
      object{{"document_id", province_resolution_}, {"kind", "target"}, {"title", "Chỉ tiêu tỉnh"}},
      object{{"to_item_id", province_targets_[1]}});
  EXPECT_EQ(upward.status, 403) << upward.body;
  // A viewer of the district writes nothing.
  EXPECT_EQ(concretize(viewer, target, object{{"to_item_id", province_targets_[1]}}).status, 403);
  auto counts = RowCounts();
  counts.erase("audit");  // refusals are audited as "denied"
  auto expected = with_sibling_target;
  expected.erase("audit");
  EXPECT_EQ(counts, expected);
  EXPECT_EQ(with_sibling_target.at("items"), before.at("items") + 1);  // the sibling's TT1 only

  // Undone: the link deleted, the target is missing again; a declaration then covers it as not
  // applicable, and deleting the declaration uncovers it.
  const int64_t link = answer.at("link").at("id").as_int64();
  ASSERT_EQ(As(a, "DELETE", fmt::format("/api/v1/links/{}", link)).status, 200);
  EXPECT_EQ(Json(As(a, "GET", coverage_path)).at("covered").as_int64(), 0);
  const int64_t declaration = Json(As(a, "POST", "/api/v1/declarations",
                                      Body(object{{"item_id", province_targets_[0]},
                                                  {"unit_id", district_},
                                                  {"reason", "Chỉ tiêu do tỉnh thực hiện"}})))
                                  .at("id")
                                  .as_int64();
  coverage = Json(As(a, "GET", coverage_path));
  EXPECT_EQ(coverage.at("not_applicable").as_int64(), 1) << coverage;
  ASSERT_EQ(As(a, "DELETE", fmt::format("/api/v1/declarations/{}", declaration)).status, 200);
  coverage = Json(As(a, "GET", coverage_path));
  EXPECT_EQ(coverage.at("not_applicable").as_int64(), 0) << coverage;
  EXPECT_EQ(coverage.at("uncovered").as_array().size(), 3u) << coverage;
}

// Bá Thước's half-year regime: due 15 days after the period; Lũng Cao reports on 10 July (on
// time), Cổ Lũng on 20 July (late), the agency on 20 July after an extension to 25 July.
TEST_F(CascadeApiTest, ReportsCountOnTimeLateAndExtendedAgainstTheirDueDates) {
  int64_t regime = Create("/api/v1/regimes", object{{"code", "bc-6-thang"},
                                                    {"name", "Báo cáo sơ kết 6 tháng"},
                                                    {"issuer_unit_id", district_},
                                                    {"period_type", "half"},
                                                    {"due_days", 15},
                                                    {"cutoff_days", 16}});
  ClientResponse extension = Post("/api/v1/extensions", object{{"regime_id", regime},
                                                               {"unit_id", agency_c_},
                                                               {"period", "2021S1"},
                                                               {"due_on", "2021-07-25"},
                                                               {"reason", "Bão lụt"}});
  ASSERT_EQ(extension.status, 201) << extension.body;
  // An extension for a unit outside the regime, or a period of another type, is refused.
  EXPECT_EQ(Post("/api/v1/extensions", object{{"regime_id", regime},
                                              {"unit_id", sibling_},
                                              {"period", "2021S1"},
                                              {"due_on", "2021-07-25"},
                                              {"reason", "Bão lụt"}})
                .status,
            400);
  EXPECT_EQ(Post("/api/v1/extensions", object{{"regime_id", regime},
                                              {"unit_id", commune_a_},
                                              {"period", "2021Q2"},
                                              {"due_on", "2021-07-25"},
                                              {"reason", "Bão lụt"}})
                .status,
            400);
  auto submit = [&](int64_t unit, std::string_view day) {
    int64_t report = Create("/api/v1/reports",
                            object{{"unit_id", unit}, {"period", "2021S1"}, {"regime_id", regime}});
    At(day);
    ClientResponse sent =
        Post(fmt::format("/api/v1/reports/{}/transitions", report), object{{"action", "submit"}});
    ASSERT_EQ(sent.status, 200) << sent.body;
  };
  submit(commune_a_, "2021-07-10");
  submit(commune_b_, "2021-07-20");
  submit(agency_c_, "2021-07-20");
  At("2021-08-01");
  ClientResponse view =
      Get(fmt::format("/api/v1/views/reports?unit_id={}&period=2021S1", district_));
  ASSERT_EQ(view.status, 200) << view.body;
  json::value v = Json(view);
  EXPECT_EQ(v.at("timeliness").at("on_time").as_int64(), 2) << v;
  EXPECT_EQ(v.at("timeliness").at("late").as_int64(), 1) << v;
  for (const json::value& row : v.at("rows").as_array()) {
    const int64_t unit = row.at("id").as_int64();
    const std::string_view expected = unit == commune_b_ ? "late" : "on_time";
    EXPECT_EQ(row.at("timeliness").as_string(), expected) << row;
    if (unit == agency_c_) {
      EXPECT_EQ(row.at("due_on").as_string(), "2021-07-25");
      EXPECT_TRUE(row.at("extended").as_bool());
    } else {
      EXPECT_EQ(row.at("due_on").as_string(), "2021-07-15");
    }
  }
  // The overview's completeness says the same.
  ClientResponse overview =
      Get(fmt::format("/api/v1/views/overview?unit_id={}&as_of=2021-08-01", district_));
  ASSERT_EQ(overview.status, 200) << overview.body;
  bool found = false;
  const json::value o = Json(overview);
  for (const json::value& period : o.at("reports").as_array()) {
    if (period.at("period").at("code").as_string() != "2021S1") continue;
    found = true;
    EXPECT_EQ(period.at("due_on").as_string(), "2021-07-15");
    EXPECT_EQ(period.at("cutoff_on").as_string(), "2021-06-14");
    EXPECT_EQ(period.at("timeliness").at("on_time").as_int64(), 2);
    EXPECT_EQ(period.at("timeliness").at("late").as_int64(), 1);
    EXPECT_EQ(period.at("extended").as_int64(), 1);
  }
  EXPECT_TRUE(found) << overview.body;
}

// A recommendation due 30 June answered on 5 July counts answered late; one answered on
// 20 June on time; one still open after its date overdue.
TEST_F(CascadeApiTest, AnAnswerAfterItsDateCountsAnsweredLate) {
  auto raise = [&](const std::string& title) {
    At("2021-06-01");
    return Create("/api/v1/recommendations", object{{"from_unit_id", commune_a_},
                                                    {"to_unit_id", district_},
                                                    {"title", title},
                                                    {"due_on", "2021-06-30"}});
  };
  auto answer = [&](int64_t id, std::string_view day) {
    At(day);
    ClientResponse answered = Post(fmt::format("/api/v1/recommendations/{}/answer", id),
                                   object{{"answer", "Đã tiếp thu"}});
    ASSERT_EQ(answered.status, 200) << answered.body;
  };
  int64_t late = raise("Đề nghị hỗ trợ giống cây");
  int64_t on_time = raise("Đề nghị tập huấn");
  raise("Đề nghị kinh phí");
  answer(late, "2021-07-05");
  answer(on_time, "2021-06-20");
  ClientResponse overview =
      Get(fmt::format("/api/v1/views/overview?unit_id={}&as_of=2021-07-10", district_));
  ASSERT_EQ(overview.status, 200) << overview.body;
  const json::value o = Json(overview);
  const json::value& counts = o.at("recommendation_timeliness");
  EXPECT_EQ(counts.at("late").as_int64(), 1) << counts;
  EXPECT_EQ(counts.at("on_time").as_int64(), 1) << counts;
  EXPECT_EQ(counts.at("overdue").as_int64(), 1) << counts;
  for (const json::value& r : o.at("recommendations").as_array()) {
    if (r.at("id").as_int64() == late) {
      EXPECT_EQ(r.at("timeliness").as_string(), "late");
      EXPECT_EQ(r.at("timeliness_label").as_string(), "Trễ hạn");
    }
  }
}

}  // namespace
}  // namespace nq::testing
