// Reorganisations over real HTTP: a dry run that writes nothing, a batch applied all or nothing,
// a unit's lineage, the tree as of a date, comparable series, the structure a figure used, and
// who may reorganise what.
#include <gtest/gtest.h>

#include "api/server_fixture.h"

namespace nq::testing {
namespace {

using json::array;
using json::object;

class ReorgApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    BuildTree();
    ClientResponse put = Put2021(population_, 1200, 800);
    ASSERT_EQ(put.status, 200) << put.body;
  }

  // Puts the 2021 values of `indicator` for Lũng Cao and Cổ Lũng.
  ClientResponse Put2021(int64_t indicator, int64_t lung_cao, int64_t co_lung) {
    array values;
    for (auto [unit, value] : {std::pair{commune_a_, lung_cao}, std::pair{commune_b_, co_lung}}) {
      values.push_back(object{
          {"indicator_id", indicator}, {"unit_id", unit}, {"period", "2021"}, {"value", value}});
    }
    return Post("/api/v1/values", object{{"values", std::move(values)}});
  }

  // Lũng Cao and Cổ Lũng merge into a new commune Pù Luông under the province.
  static object MergeBatch(bool dry_run) {
    return object{{"dry_run", dry_run},
                  {"operations", array{object{{"op", "merge"},
                                              {"date", "2025-07-01"},
                                              {"units", array{"lung-cao", "co-lung"}},
                                              {"into", object{{"code", "pu-luong"},
                                                              {"name", "Đảng bộ xã Pù Luông"},
                                                              {"short_name", "Pù Luông"},
                                                              {"kind", "xa"},
                                                              {"parent", "thanh-hoa"}}}}}}};
  }

  Headers SessionOf(const std::string& role, int64_t unit) {
    return UserWith(role + "-user", role, unit);
  }
};

TEST_F(ReorgApiTest, DryRunShowsTheChangesAndWritesNothing) {
  const auto before = RowCounts();
  ClientResponse response = Post("/api/v1/reorganisations", MergeBatch(true));
  ASSERT_EQ(response.status, 200) << response.body;
  json::value body = Json(response);
  EXPECT_EQ(body.at("dry_run"), true);
  EXPECT_GE(body.at("changes").as_array().size(), 3u);  // one opens, two close
  EXPECT_EQ(RowCounts(), before);
  EXPECT_EQ(Get("/api/v1/units/pu-luong").status, 404);
}

// A batch that names a unit out of the caller's sight is refused exactly as one that names no
// unit at all: nothing about the hidden unit (its name, its dates) is said.
TEST_F(ReorgApiTest, AnErrorNamesOnlyUnitsTheCallerSees) {
  Headers manager = SessionOf("manager", commune_a_);  // Lũng Cao's; Cổ Lũng is a sibling
  auto rename = [&](const std::string& unit) {
    object batch{{"dry_run", true},
                 {"operations", array{object{{"op", "rename"},
                                             {"date", "1990-01-01"},  // before either opened
                                             {"units", array{unit}},
                                             {"name", "Tên mới"}}}}};
    return As(manager, "POST", "/api/v1/reorganisations", json::serialize(batch));
  };
  ClientResponse hidden = rename("co-lung");
  ClientResponse missing = rename("khong-co");
  EXPECT_EQ(hidden.status, missing.status) << hidden.body;
  EXPECT_EQ(Json(hidden).at("field"), Json(missing).at("field"));
  std::string detail(Json(hidden).at("detail").as_string());
  EXPECT_EQ(detail.find("Cổ Lũng"), std::string::npos) << detail;
  EXPECT_EQ(detail.find("opened"), std::string::npos) << detail;
  std::string expected(Json(missing).at("detail").as_string());
  expected.replace(expected.find("khong-co"), 8, "co-lung");
  EXPECT_EQ(detail, expected);
  // Their own commune, with the same mistake, is told what is wrong.
  ClientResponse own = rename("lung-cao");
  EXPECT_NE(std::string(Json(own).at("detail").as_string()).find("opened"), std::string::npos)
      << own.body;
}

TEST_F(ReorgApiTest, MergeIsRecordedAsLineageAndTheTreeKeepsBothStates) {
  ClientResponse response = Post("/api/v1/reorganisations", MergeBatch(false));
  ASSERT_EQ(response.status, 201) << response.body;
  json::value lineage = Json(Get("/api/v1/units/lung-cao/lineage"));
  ASSERT_EQ(lineage.at("successors").as_array().size(), 1u);
  EXPECT_EQ(lineage.at("successors").at(0).at("code"), "pu-luong");
  EXPECT_EQ(lineage.at("successors").at(0).at("date"), "2025-07-01");
  EXPECT_EQ(lineage.at("open"), false);
  json::value successor = Json(Get("/api/v1/units/pu-luong/lineage"));
  EXPECT_EQ(successor.at("predecessors").as_array().size(), 2u);
  auto children = [&](const std::string& as_of) {
    return Json(Get(fmt::format("/api/v1/units?parent_id={}&as_of={}", district_, as_of)))
        .at("count")
        .as_int64();
  };
  EXPECT_EQ(children("2025-06-30"), 3);
  EXPECT_EQ(children("2025-07-01"), 1);  // only the agency is left
  // A search still finds the merged commune, marked closed.
  json::value found = Json(Get("/api/v1/units?q=lung+cao"));
  ASSERT_GE(found.at("count").as_int64(), 1);
  EXPECT_EQ(found.at("items").at(0).at("open"), false);
  EXPECT_EQ(found.at("items").at(0).at("closed_on"), "2025-07-01");
}

TEST_F(ReorgApiTest, ComparableSeriesRebuildsTheNewCommuneFromItsPredecessors) {
  ASSERT_EQ(Post("/api/v1/reorganisations", MergeBatch(false)).status, 201);
  const std::string target = fmt::format(
      "/api/v1/rollups/series?indicator_id={}&unit_id=pu-luong&from=2021&to=2022", population_);
  json::value comparable = Json(Get(target + "&comparable=true"));
  EXPECT_EQ(comparable.at("points").at(0).at("value"), 2000.0);
  EXPECT_EQ(comparable.at("points").at(0).at("rebuilt"), true);
  EXPECT_TRUE(comparable.at("points").at(1).at("value").is_null());
  json::value own = Json(Get(target));
  EXPECT_TRUE(own.at("points").at(0).at("value").is_null());
}

TEST_F(ReorgApiTest, ASeriesPointWhoseFiguresDoNotCombineSaysWhy) {
  const int64_t secretary = Create("/api/v1/indicators", object{{"code", "bi-thu-tuoi"},
                                                                {"name", "Tuổi bí thư"},
                                                                {"value_type", "number"},
                                                                {"unit_aggregation", "none"},
                                                                {"time_aggregation", "last"},
                                                                {"period_type", "year"}});
  ClientResponse put = Put2021(secretary, 45, 50);
  ASSERT_EQ(put.status, 200) << put.body;
  ASSERT_EQ(Post("/api/v1/reorganisations", MergeBatch(false)).status, 201);
  json::value series = Json(Get(fmt::format(
      "/api/v1/rollups/series?indicator_id={}&unit_id=pu-luong&from=2021&to=2021&comparable=true",
      secretary)));
  const json::value& point = series.at("points").at(0);
  EXPECT_TRUE(point.at("value").is_null()) << json::serialize(series);
  EXPECT_EQ(point.at("rebuilt"), true);
  EXPECT_EQ(point.at("note"),
            "Chỉ tiêu không cộng gộp được giữa các đơn vị: không dựng lại được số liệu so sánh "
            "từ các đơn vị tiền thân");
  EXPECT_EQ(point.at("note_en"),
            "the indicator does not combine across units: no comparable figure can be rebuilt "
            "from the predecessors");
}

TEST_F(ReorgApiTest, AFigureOverAPeriodSpanningTheChangeSaysWhichStructureItUsed) {
  ASSERT_EQ(Post("/api/v1/reorganisations", MergeBatch(false)).status, 201);
  json::value figure = Json(Get(fmt::format(
      "/api/v1/rollups/indicator?indicator_id={}&unit_id=ba-thuoc&period=2025&as_of=2025-12-31",
      population_)));
  EXPECT_EQ(figure.at("structure_as_of"), "2025-12-31");
  ASSERT_TRUE(figure.as_object().contains("structure_note")) << json::serialize(figure);
  EXPECT_EQ(figure.at("structure_note"),
            "Năm 2025 có sắp xếp tổ chức (ngày 01/07/2025); số liệu tính theo cơ cấu đơn vị "
            "ngày 31/12/2025");
  EXPECT_EQ(figure.at("structure_note_en"),
            "2025 spans a reorganisation (2025-07-01); figures use the structure as of "
            "2025-12-31");
  EXPECT_EQ(figure.at("structure_changes").as_array().size(), 1u);
  json::value before = Json(Get(fmt::format(
      "/api/v1/rollups/indicator?indicator_id={}&unit_id=ba-thuoc&period=2021&as_of=2021-12-31",
      population_)));
  EXPECT_EQ(before.at("value"), 2000.0);
  // 2021 spans no change; the note says the tree has changed since.
  EXPECT_FALSE(before.as_object().contains("structure_changes"));
  EXPECT_EQ(before.at("structure_note"),
            "Số liệu năm 2021 tính theo cơ cấu đơn vị ngày 31/12/2021, trước sắp xếp tổ chức "
            "ngày 01/07/2025");
}

TEST_F(ReorgApiTest, AnInvalidBatchIsRefusedWholeAndChangesNothing) {
  const auto before = RowCounts();
  object batch{{"operations",
                array{MergeBatch(false).at("operations").at(0), object{{"op", "merge"},
                                                                       {"date", "2025-07-01"},
                                                                       {"units", array{"ba-thuoc"}},
                                                                       {"into", "cong-an"}}}}};
  ClientResponse response = Post("/api/v1/reorganisations", batch);
  ASSERT_EQ(response.status, 400) << response.body;
  json::value problem = Json(response);
  EXPECT_NE(std::string(problem.at("detail").as_string()).find("its own descendant"),
            std::string::npos)
      << response.body;
  EXPECT_EQ(RowCounts(), before);
  EXPECT_EQ(
      Post("/api/v1/reorganisations",
           object{{"operations",
                   array{object{{"op", "close"}, {"date", "2025-07-01"}, {"unit", "nowhere"}}}}})
          .status,
      404);
  EXPECT_EQ(RowCounts(), before);
}

TEST_F(ReorgApiTest, ADistrictManagerReorganisesItsSubtreeOnly) {
  Headers manager = SessionOf("manager", district_);
  auto rename = [&](const Headers& session, const char* unit) {
    object batch{
        {"operations",
         array{object{
             {"op", "rename"}, {"date", "2025-07-01"}, {"unit", unit}, {"name", "Tên mới"}}}}};
    return Request(port_, "POST", "/api/v1/reorganisations", json::serialize(batch), session)
        .status;
  };
  EXPECT_EQ(rename(manager, "lung-cao"), 201);
  EXPECT_EQ(rename(manager, "phu-tho"), 404);  // out of sight
  Headers viewer = SessionOf("viewer", district_);
  EXPECT_EQ(rename(viewer, "co-lung"), 403);
}

TEST_F(ReorgApiTest, ADissolvedDistrictsTargetIsShownAsItWasAndReBasedOntoItsSuccessor) {
  int64_t resolution = Create("/api/v1/documents", object{{"code", "nq-ba-thuoc"},
                                                          {"kind", "resolution"},
                                                          {"title", "Nghị quyết"},
                                                          {"issuer_unit_id", district_},
                                                          {"period_from", "2020"},
                                                          {"period_to", "2025"}});
  int64_t target = Create("/api/v1/items", object{{"document_id", resolution},
                                                  {"kind", "target"},
                                                  {"code", "CT1"},
                                                  {"title", "Dân số"},
                                                  {"measure", object{{"indicator_id", population_},
                                                                     {"baseline", 2000},
                                                                     {"baseline_period", "2021"},
                                                                     {"goal", 2500},
                                                                     {"deadline", "2025"}}}});
  json::value batch = MergeBatch(false);
  json::array& operations = batch.at("operations").as_array();
  operations.push_back(
      object{{"op", "move"}, {"date", "2025-07-01"}, {"unit", "cong-an"}, {"parent", "thanh-hoa"}});
  operations.push_back(object{{"op", "close"},
                              {"date", "2025-07-01"},
                              {"unit", "ba-thuoc"},
                              {"successors", array{"pu-luong"}}});
  ClientResponse applied = Post("/api/v1/reorganisations", batch);
  ASSERT_EQ(applied.status, 201) << applied.body;
  // As of 2024 the target is the district's; today it is shown as of the district's last day.
  json::value then = Json(Get(fmt::format("/api/v1/views/target?item_id={}&as_of=2024", target)));
  EXPECT_EQ(then.at("unit").at("code"), "ba-thuoc");
  EXPECT_EQ(then.at("current"), 2000.0);
  EXPECT_EQ(Json(Get(fmt::format("/api/v1/views/target?item_id={}", target))).at("as_of"),
            "2025-06-30");
  ASSERT_EQ(then.at("rebased").as_array().size(), 1u);
  const json::value& rebased = then.at("rebased").at(0);
  EXPECT_EQ(rebased.at("unit").at("code"), "pu-luong");
  EXPECT_EQ(rebased.at("baseline"), 2000.0);  // rebuilt from Lũng Cao and Cổ Lũng
  EXPECT_EQ(rebased.at("goal"), 2500.0);
  EXPECT_EQ(rebased.at("comparable_current"), 2000.0);
  // The derived target knows where it came from and shows the comparable series.
  json::value derived =
      Json(Get(fmt::format("/api/v1/views/target?item_id={}", rebased.at("item_id").as_int64())));
  EXPECT_EQ(derived.at("derived_from").at("from_item_id"), target);
  EXPECT_EQ(derived.at("comparable").at(0), 2000.0);
}

}  // namespace
}  // namespace nq::testing
