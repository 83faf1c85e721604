// Figures that stay true as time passes and the tree changes (docs/structure-rule.md), over real
// HTTP on SQLite and PostgreSQL: a past period asked today after a merge, a target past its
// deadline, a report of a period before a reorganisation, the integrity check after one, and a
// re-based part given no share. The server's clock reads 27/11/2026.
#include <gtest/gtest.h>

#include "api/server_fixture.h"
#include "app/check.h"

namespace nq::testing {
namespace {

using json::array;
using json::object;

class FiguresApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    BuildTree();
  }

  void PutValues(const std::string& period, int64_t lung_cao, int64_t co_lung) {
    array values;
    for (auto [unit, value] : {std::pair{commune_a_, lung_cao}, std::pair{commune_b_, co_lung}}) {
      values.push_back(object{
          {"indicator_id", population_}, {"unit_id", unit}, {"period", period}, {"value", value}});
    }
    ClientResponse put = Post("/api/v1/values", object{{"values", std::move(values)}});
    ASSERT_EQ(put.status, 200) << put.body;
  }

  // Lũng Cao and Cổ Lũng merge into Pù Luông under the province on 1 July 2025; with
  // `dissolve`, Công an moves to the province and Bá Thước closes, its successors Pù Luông and
  // Công an.
  void Reorganise(bool dissolve) {
    array operations{object{{"op", "merge"},
                            {"date", "2025-07-01"},
                            {"units", array{"lung-cao", "co-lung"}},
                            {"into", object{{"code", "pu-luong"},
                                            {"name", "Đảng bộ xã Pù Luông"},
                                            {"short_name", "Pù Luông"},
                                            {"kind", "xa"},
                                            {"parent", "ba-thuoc"}}}}};
    if (dissolve) {
      operations[0].at("into").as_object()["parent"] = "thanh-hoa";
      operations.push_back(object{
          {"op", "move"}, {"date", "2025-07-01"}, {"unit", "cong-an"}, {"parent", "thanh-hoa"}});
      operations.push_back(object{{"op", "close"},
                                  {"date", "2025-07-01"},
                                  {"unit", "ba-thuoc"},
                                  {"successors", array{"pu-luong", "cong-an"}}});
    }
    ClientResponse applied =
        Post("/api/v1/reorganisations", object{{"operations", std::move(operations)}});
    ASSERT_EQ(applied.status, 201) << applied.body;
  }

  // The district's resolution with one target: population from 2000 (2021) to `goal` by 2025.
  int64_t DistrictTarget(double goal) {
    int64_t resolution = Create("/api/v1/documents", object{{"code", "nq-ba-thuoc"},
                                                            {"kind", "resolution"},
                                                            {"title", "Nghị quyết"},
                                                            {"issuer_unit_id", district_},
                                                            {"period_from", "2020"},
                                                            {"period_to", "2025"}});
    return Create("/api/v1/items", object{{"document_id", resolution},
                                          {"kind", "target"},
                                          {"code", "CT1"},
                                          {"title", "Dân số"},
                                          {"measure", object{{"indicator_id", population_},
                                                             {"baseline", 2000},
                                                             {"baseline_period", "2021"},
                                                             {"goal", goal},
                                                             {"deadline", "2025"}}}});
  }

  std::string Rollup(const std::string& unit, const std::string& query) {
    return fmt::format("/api/v1/rollups/indicator?indicator_id={}&unit_id={}&{}", population_, unit,
                       query);
  }
};

// Defect 1: a past period asked today comes out in the tree of its last day, and says so.
TEST_F(FiguresApiTest, APastPeriodAskedTodayIsComputedInTheTreeOfItsLastDay) {
  PutValues("2024", 1200, 800);
  Reorganise(false);
  json::value figure = Json(Get(Rollup("ba-thuoc", "period=2024")));
  EXPECT_EQ(figure.at("value"), 2000.0) << json::serialize(figure);
  EXPECT_EQ(figure.at("units_reporting"), 2);
  EXPECT_EQ(figure.at("structure_as_of"), "2024-12-31");
  EXPECT_EQ(figure.at("structure_label"), "theo địa giới hành chính ngày 31/12/2024");
  EXPECT_EQ(figure.at("structure_note"),
            "Số liệu năm 2024 tính theo cơ cấu đơn vị ngày 31/12/2024, trước sắp xếp tổ chức "
            "ngày 01/07/2025");
  EXPECT_EQ(figure.at("structure_note_en"),
            "Figures for 2024 use the structure as of 2024-12-31, before the reorganisation of "
            "2025-07-01");
  ASSERT_TRUE(figure.as_object().contains("later_changes")) << json::serialize(figure);
  EXPECT_EQ(figure.at("later_changes").as_array().size(), 1u);
  // The province too; and the tree roll-up follows the same rule.
  EXPECT_EQ(Json(Get(Rollup("thanh-hoa", "period=2024"))).at("value"), 2000.0);
  json::value tree = Json(Get(fmt::format(
      "/api/v1/rollups/tree?indicator_id={}&unit_id=thanh-hoa&period=2024&depth=2", population_)));
  ASSERT_TRUE(tree.as_object().contains("units")) << json::serialize(tree);
  EXPECT_EQ(tree.at("structure_as_of"), "2024-12-31");
  EXPECT_EQ(tree.at("units").at(0).at("value"), 2000.0);
  // A day the caller names is kept: today's tree holds no unit that reported 2024.
  json::value today = Json(Get(Rollup("ba-thuoc", "period=2024&as_of=2026-11-27")));
  EXPECT_TRUE(today.at("value").is_null());
  EXPECT_EQ(today.at("structure_as_of"), "2026-11-27");
  // A period still running uses today's tree.
  EXPECT_EQ(Json(Get(Rollup("ba-thuoc", "period=2026"))).at("structure_as_of"), "2026-11-27");
  // comparable=true rebuilds the figure onto today's unit from its predecessors.
  json::value series = Json(Get(fmt::format(
      "/api/v1/rollups/series?indicator_id={}&unit_id=pu-luong&from=2024&to=2024&comparable=true",
      population_)));
  ASSERT_TRUE(series.as_object().contains("points")) << json::serialize(series);
  EXPECT_EQ(series.at("points").at(0).at("value"), 2000.0);
  json::value rebuilt = Json(Get(Rollup("pu-luong", "period=2024&comparable=true")));
  ASSERT_TRUE(rebuilt.as_object().contains("comparable")) << json::serialize(rebuilt);
  EXPECT_TRUE(rebuilt.at("value").is_null());  // Pù Luông did not exist in 2024
  EXPECT_EQ(rebuilt.at("comparable").at("value"), 2000.0);
  EXPECT_EQ(rebuilt.at("comparable").at("rebuilt"), true);
}

// Defect 2: past its deadline, a target is judged on the deadline period's value.
TEST_F(FiguresApiTest, ATargetPastItsDeadlineIsJudgedOnTheDeadlinePeriodsValue) {
  const int64_t target = DistrictTarget(2500);
  PutValues("2021", 1200, 800);
  PutValues("2024", 1250, 850);
  // Before the deadline: the projection.
  json::value before =
      Json(Get(fmt::format("/api/v1/rollups/target?item_id={}&as_of=2025-06-30", target)));
  EXPECT_FALSE(before.at("judged_at_deadline").as_bool());
  EXPECT_FALSE(before.at("projected").is_null());
  // After it, with no value for 2025 yet: no data, with the last known value.
  json::value waiting = Json(Get(fmt::format("/api/v1/rollups/target?item_id={}", target)));
  EXPECT_EQ(waiting.at("status"), "no_data") << json::serialize(waiting);
  EXPECT_TRUE(waiting.at("projected").is_null());
  EXPECT_EQ(waiting.at("reason"),
            "Đã hết hạn, chưa có số liệu năm 2025; số liệu gần nhất 2.100/2.500 (năm 2024)");
  // With the 2025 value: not reached, with the gap.
  PutValues("2025", 1300, 900);
  json::value after = Json(Get(fmt::format("/api/v1/rollups/target?item_id={}", target)));
  EXPECT_EQ(after.at("status"), "not_reached");
  EXPECT_EQ(after.at("status_label"), "Chưa đạt");
  EXPECT_EQ(after.at("deadline_value"), 2200.0);
  EXPECT_EQ(after.at("gap"), 300.0);
  EXPECT_EQ(after.at("reason"), "Hết hạn (năm 2025): đạt 2.200/2.500, chưa đạt, thiếu 300");
  EXPECT_EQ(after.at("reason_en"), "Deadline (2025) over: 2,200 of 2,500, not reached, 300 short");
  EXPECT_EQ(after.at("structure_as_of"), "2025-12-31");
  // The same judgement on the target screen, the overview and the report.
  json::value view = Json(Get(fmt::format("/api/v1/views/target?item_id={}", target)));
  EXPECT_EQ(view.at("status"), "not_reached");
  EXPECT_EQ(view.at("structure_label"), "theo địa giới hành chính ngày 31/12/2025");
  json::value overview = Json(Get("/api/v1/views/overview?unit_id=ba-thuoc"));
  ASSERT_EQ(overview.at("targets").as_array().size(), 1u);
  EXPECT_EQ(overview.at("targets").at(0).at("status"), "not_reached");
  EXPECT_EQ(overview.at("targets").at(0).at("structure_as_of"), "2025-12-31");
  EXPECT_EQ(overview.at("structure_as_of"), "2026-11-27");
  json::value report = Json(Get("/api/v1/exports/report.json?unit_id=ba-thuoc&period=2025"));
  const json::array& rows = report.at("sheets").at(0).at("rows").as_array();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at(10), "Chưa đạt");
  EXPECT_EQ(rows[0].at(11), "Hết hạn (năm 2025): đạt 2.200/2.500, chưa đạt, thiếu 300");
}

// Defects 3 and 5: a report of a period before a reorganisation lists the items as they stood
// then; a re-based part given no share is not applicable and counts nowhere.
TEST_F(FiguresApiTest, ItemsDerivedByAReorganisationExistFromItsDateAndAPartWithNoShareIsNone) {
  const int64_t target = DistrictTarget(2500);
  PutValues("2021", 1200, 800);
  Reorganise(true);
  json::value original = Json(Get(fmt::format("/api/v1/views/target?item_id={}", target)));
  const json::array& rebased = original.at("rebased").as_array();
  ASSERT_EQ(rebased.size(), 2u) << json::serialize(original);
  // The report of 2021S1 lists the district's own target only.
  json::value report = Json(Get("/api/v1/exports/report.json?unit_id=ba-thuoc&period=2021S1"));
  const json::array& rows = report.at("sheets").at(0).at("rows").as_array();
  ASSERT_EQ(rows.size(), 1u) << json::serialize(report.at("sheets").at(0));
  EXPECT_EQ(rows[0].at(1), "CT1");
  // Công an was given no share: baseline 0, goal 0.
  for (const json::value& part : rebased) {
    if (part.at("unit").at("code") != "cong-an") continue;
    EXPECT_EQ(part.at("goal"), 0.0);
    json::value view =
        Json(Get(fmt::format("/api/v1/views/target?item_id={}", part.at("item_id").as_int64())));
    EXPECT_EQ(view.at("status"), "not_applicable") << json::serialize(view);
    EXPECT_EQ(view.at("counts_for_achievement"), false);
    EXPECT_EQ(view.at("reason"),
              "Không được giao phần chỉ tiêu (mục tiêu 0): không áp dụng, không tính vào kết quả");
    json::value overview = Json(Get("/api/v1/views/overview?unit_id=cong-an"));
    ASSERT_EQ(overview.at("targets").as_array().size(), 1u);
    EXPECT_EQ(overview.at("targets").at(0).at("status"), "not_applicable");
  }
  // Pù Luông's part has a share and a status of its own.
  for (const json::value& part : rebased) {
    if (part.at("unit").at("code") != "pu-luong") continue;
    EXPECT_NE(part.at("progress").at("status"), "not_applicable");
    // Judged today, past its 2025 deadline, though the district is shown as of its last day.
    EXPECT_EQ(part.at("progress").at("judged_at_deadline"), true);
  }
}

// Defect 4: after units closed, the integrity check agrees with the engine on who owed a duty.
TEST_F(FiguresApiTest, TheIntegrityCheckAgreesAfterTheUnitsThatOwedADutyClosed) {
  ClientResponse created = Post("/api/v1/obligations", object{{"code", "quan-triet"},
                                                              {"title", "Quán triệt"},
                                                              {"issuer_unit_id", district_},
                                                              {"issued_on", "2025-01-10"},
                                                              {"due_on", "2025-03-31"}});
  ASSERT_EQ(created.status, 201) << created.body;
  json::value obligation = Json(created);
  for (const json::value& assignment : obligation.at("assignments").as_array()) {
    ClientResponse done = Send(
        "PATCH", fmt::format("/api/v1/assignments/{}", assignment.at("id").as_int64()),
        R"({"status":"done","completed_on":"2025-03-01","evidence":{"document_number":"05-BC"}})",
        {{"If-Match", "\"1\""}});
    ASSERT_EQ(done.status, 200) << done.body;
  }
  PutValues("2024", 1200, 800);
  Reorganise(true);
  auto report = app::CheckConsistency(*service_);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->problems.empty()) << report->problems.front();
  EXPECT_GT(report->figures_checked, 0);
  json::value rollup =
      Json(Get(fmt::format("/api/v1/rollups/obligation?obligation_id={}&unit_id={}",
                           obligation.at("id").as_int64(), district_)));
  EXPECT_EQ(rollup.at("total").at("expected"), 3);
  EXPECT_EQ(rollup.at("total").at("done"), 3);
}

}  // namespace
}  // namespace nq::testing
