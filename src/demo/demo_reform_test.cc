// The 2025 reform in the demo: the districts dissolved, their communes merged into new ones under
// the province, and still the term's figures as they stood, comparable series for the new
// communes, and Thanh Sơn's new-rural target both as the district's and re-based.
#include <gtest/gtest.h>

#include "app/reports/report_writer.h"
#include "demo/demo_fixture.h"
#include "engine/comparable.h"
#include "engine/structure.h"
#include "formats/codec.h"

namespace nq::app {
namespace {

using namespace nq::domain;

Date Day(std::string_view text) { return Date::Parse(text).value_or(Date()); }

class DemoReformTest : public SharedDemoTest<DemoReformTest> {
 protected:
  template <typename T>
  static T ByCode(std::string_view code) {
    auto row =
        database_->Read([&](storage::Transaction& tx) { return storage::GetByCode<T>(tx, code); });
    EXPECT_TRUE(row) << code;
    return row.value_or(T{});
  }
  static Item NewRuralTarget() {
    const Id document = ByCode<Document>("nq-dh26-thanh-son").id;
    auto items = database_->Read([&](storage::Transaction& tx) {
      return storage::List<Item>(
          tx, {storage::Eq("document_id", document), storage::Eq("code", "CT-NTM")});
    });
    EXPECT_TRUE(items && items->size() == 1);
    return items && !items->empty() ? items->front() : Item{};
  }
};

TEST_F(DemoReformTest, TheDistrictsCloseOnTheEveOfTheReform) {
  for (std::string_view district : {"ba-thuoc", "thanh-son"}) {
    const Unit unit = ByCode<Unit>(district);
    EXPECT_EQ(unit.validity.valid_to, Day("2025-06-30")) << district;
    EXPECT_TRUE(engine_->Children(unit.id, Day("2025-07-01"))->empty());
    EXPECT_EQ(engine_->Children(unit.id, Day("2021-03-31"))->size(),
              district == "ba-thuoc" ? 43u : 27u);
  }
  // Thanh Hóa now holds Bá Thước's 7 new communes and its 22 agencies directly.
  const Unit province = ByCode<Unit>("thanh-hoa");
  EXPECT_EQ(engine_->Children(province.id, Day("2025-07-01"))->size(), 29u);
  EXPECT_EQ(engine_->Parent(UnitIdOf("thanh-hoa-pu-luong"), Day("2026-11-27")).value(),
            province.id);
}

TEST_F(DemoReformTest, LungCaoMergedIntoPuLuongWithItsLineage) {
  auto structure = engine_->structure();
  const Id pu_luong = UnitIdOf("thanh-hoa-pu-luong");
  std::vector<Id> predecessors;
  for (const auto& before : structure->WholePredecessors(pu_luong)) {
    predecessors.push_back(before.unit_id);
    EXPECT_EQ(before.date, Day("2025-07-01"));
  }
  EXPECT_EQ(predecessors.size(), 3u);
  EXPECT_NE(std::find(predecessors.begin(), predecessors.end(), UnitIdOf("ba-thuoc-lung-cao")),
            predecessors.end());
}

TEST_F(DemoReformTest, NewCommunesShowComparableSeriesBackTo2020) {
  const Indicator indicator = ByCode<Indicator>("xa-dat-chuan-ntm");
  std::vector<Period> years;
  for (int year = 2020; year <= 2024; ++year) years.push_back(Period::Year(year));
  // Thục Luyện took the town, Thục Luyện (2023), Sơn Hùng and Giáp Lai (both 2020).
  auto series =
      engine::ComparableSeries(*engine_, indicator, UnitIdOf("phu-tho-thuc-luyen"), years, true);
  ASSERT_TRUE(series) << series.error().message;
  std::vector<std::optional<double>> values;
  for (const auto& point : *series) {
    values.push_back(point.value);
    EXPECT_TRUE(point.rebuilt);
  }
  EXPECT_EQ(values, (std::vector<std::optional<double>>{2, 2, 2, 3, 3}));
}

TEST_F(DemoReformTest, ThanhSonNewRuralTargetAsOf2024IsTheDistricts) {
  auto progress = engine_->Progress(NewRuralTarget().id, Day("2024-12-31"));
  ASSERT_TRUE(progress) << progress.error().message;
  EXPECT_EQ(progress->unit_id, UnitIdOf("thanh-son"));
  EXPECT_EQ(progress->baseline, 4);
  EXPECT_EQ(progress->current, 7);
  EXPECT_EQ(progress->goal, 9);
  EXPECT_EQ(progress->status, engine::TargetStatus::kAtRisk);
}

TEST_F(DemoReformTest, ThanhSonNewRuralTargetIsRebasedOntoItsSuccessors) {
  const Item target = NewRuralTarget();
  auto derived = database_->Read([&](storage::Transaction& tx) {
    return storage::List<Item>(tx, {storage::Eq("parent_id", target.id)});
  });
  ASSERT_TRUE(derived);
  std::erase_if(*derived, [](const Item& item) { return !item.measure; });
  ASSERT_EQ(derived->size(), 6u);  // one per new commune
  double baselines = 0;
  double goals = 0;
  for (const Item& item : *derived) {
    goals += item.measure->goal;
    EXPECT_EQ(item.measure->indicator_id, target.measure->indicator_id);
    EXPECT_EQ(item.measure->deadline, target.measure->deadline);
    baselines += item.measure->baseline.value_or(0);
    EXPECT_GE(item.measure->goal, item.measure->baseline.value_or(0));
  }
  EXPECT_EQ(baselines, 4);  // the district's 4 communes of 2020, found again among its successors
  EXPECT_EQ(goals, 9);      // the 5 more the district wanted, shared out whole
}

TEST_F(DemoReformTest, DutiesOfTheDissolvedUnitsStayTheirs) {
  // The 2020–2021 duties were due long before the reform: nothing became not applicable.
  auto assignments = database_->Read([](storage::Transaction& tx) {
    return storage::List<Assignment>(tx, {storage::Eq("status", "not_applicable")});
  });
  ASSERT_TRUE(assignments);
  EXPECT_TRUE(assignments->empty());
}

TEST_F(DemoReformTest, AReportForAPeriodSpanningTheReformSaysWhichStructureItUses) {
  auto spanning = BuildReport(*service_, ReportRequest{UnitIdOf("thanh-son"), Period::Year(2025),
                                                       Language::kVietnamese, std::nullopt});
  ASSERT_TRUE(spanning) << spanning.error().message;
  ASSERT_FALSE(spanning->blocks.empty());
  EXPECT_EQ(spanning->blocks.front().text,
            "Ghi chú: Năm 2025 có sắp xếp tổ chức (ngày 01/07/2025); số liệu tính theo cơ cấu "
            "đơn vị ngày 30/06/2025.");
  auto before = BuildReport(*service_, ReportRequest{UnitIdOf("thanh-son"), Period::Year(2021),
                                                     Language::kVietnamese, std::nullopt});
  ASSERT_TRUE(before) << before.error().message;
  EXPECT_EQ(before->blocks.front().text.find("Ghi chú"), std::string::npos);
}

}  // namespace
}  // namespace nq::app
