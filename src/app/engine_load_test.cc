// The engine streamed from the store at start-up (Engine::Load) holds what the engine built from
// one whole read (LoadData) holds: the same values, the same assignments, the same figures for
// every indicator and obligation over every unit of the demo; and the load reports its progress.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include "app/engine_loader.h"
#include "demo/demo_fixture.h"
#include "engine/test_data.h"
#include "storage/sqlite_database.h"
#include "storage/store.h"

namespace nq::app {
namespace {

using domain::Period;

class EngineLoadTest : public SharedDemoTest<EngineLoadTest> {};

TEST_F(EngineLoadTest, StreamedLoadGivesTheSameFiguresAsAWholeRead) {
  std::vector<std::tuple<std::string, size_t, size_t>> progress;
  auto streamed =
      app::LoadEngine(*database_, [&](std::string_view phase, size_t done, size_t total) {
        progress.emplace_back(std::string(phase), done, total);
      });
  ASSERT_TRUE(streamed) << streamed.error().message;
  auto data = app::ReadEngineData(*database_);
  ASSERT_TRUE(data) << data.error().message;
  const size_t numbers =
      static_cast<size_t>(std::count_if(data->values.begin(), data->values.end(),
                                        [](const auto& v) { return v.number.has_value(); }));
  const engine::Engine whole(*data);

  ASSERT_GT(numbers, 100u);
  EXPECT_EQ((*streamed)->ValueCount(), numbers);
  EXPECT_EQ(whole.ValueCount(), numbers);
  EXPECT_EQ((*streamed)->AssignmentCount(), data->assignments.size());
  EXPECT_GT((*streamed)->ValueBytes(), numbers * 12);
  // Progress: first at zero, last at the total, never going back.
  ASSERT_GE(progress.size(), 2u);
  EXPECT_EQ(std::get<0>(progress.front()), "values");
  EXPECT_EQ(std::get<1>(progress.front()), 0u);
  size_t last_values = 0;
  for (const auto& [phase, done, total] : progress) {
    if (phase != "values") continue;
    EXPECT_GE(done, last_values);
    last_values = done;
    EXPECT_EQ(total, std::get<2>(progress.front()));
  }
  EXPECT_EQ(last_values, std::get<2>(progress.front()));

  std::set<Period> periods;
  for (const domain::Value& value : data->values) periods.insert(value.period);
  const Date as_of = *Date::Parse("2024-12-31");
  int compared = 0;
  for (const domain::Indicator& indicator : data->indicators) {
    for (const Period& period : periods) {
      for (const domain::Unit& unit : data->units) {
        auto a = (*streamed)->RollupIndicator(indicator.id, unit.id, period, as_of);
        auto b = whole.RollupIndicator(indicator.id, unit.id, period, as_of);
        ASSERT_EQ(a.has_value(), b.has_value());
        if (!a) continue;
        EXPECT_EQ(a->value, b->value)
            << indicator.code << " " << unit.code << " " << period.ToString();
        EXPECT_EQ(a->units_reporting, b->units_reporting);
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 1000);
  for (const domain::Obligation& obligation : data->obligations) {
    for (const domain::Unit& unit : data->units) {
      auto a = (*streamed)->RollupObligation(obligation.id, unit.id, as_of);
      auto b = whole.RollupObligation(obligation.id, unit.id, as_of);
      ASSERT_TRUE(a && b);
      EXPECT_EQ(a->total.expected, b->total.expected);
      EXPECT_EQ(a->total.done, b->total.done);
      EXPECT_EQ(a->total.overdue, b->total.overdue);
    }
  }
}

TEST(EngineLoad, ReadEngineDataReadsEveryTableFromTheStore) {
  const auto dir =
      std::filesystem::temp_directory_path() / fmt::format("nq-engine-load-{}", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto db = storage::SqliteDatabase::Open((dir / "nq.db").string());
    ASSERT_TRUE(db) << db.error().message;
    auto written = (*db)->Write([](storage::Transaction& tx) -> Status {
      NQ_TRY(auto kind, storage::Insert(tx, domain::UnitKind{0, "xa", "Xã", "Commune", 3}));
      const domain::Validity open{engine::test::Day("2020-01-01"), std::nullopt};
      NQ_TRY(auto root, storage::Insert(tx, domain::Unit{0, "huyen", "Huyện", "H", kind.id, open}));
      NQ_TRY(auto leaf, storage::Insert(tx, domain::Unit{0, "xa-a", "Xã A", "A", kind.id, open}));
      NQ_RETURN_IF_ERROR(storage::Insert(tx, domain::UnitVersion{0, root.id, std::nullopt, open}));
      NQ_RETURN_IF_ERROR(storage::Insert(tx, domain::UnitVersion{0, leaf.id, root.id, open}));
      NQ_TRY(auto indicator,
             storage::Insert(tx, engine::test::DataBuilder()
                                     .Indicator(0, "ntm", domain::UnitAggregation::kSum)
                                     .Build()
                                     .indicators.front()));
      domain::Value value = engine::test::MakeValue(indicator.id, leaf.id, "2021", 3);
      NQ_RETURN_IF_ERROR(storage::PutValue(tx, value));
      value.number = 4;  // a correction: only the current version counts
      NQ_RETURN_IF_ERROR(storage::PutValue(tx, value));
      return Ok();
    });
    ASSERT_TRUE(written) << written.error().message;
    auto data = ReadEngineData(**db);
    ASSERT_TRUE(data) << data.error().message;
    EXPECT_EQ(data->units.size(), 2u);
    EXPECT_EQ(data->unit_versions.size(), 2u);
    EXPECT_EQ(data->values.size(), 1u);
    engine::Engine engine(std::move(*data));
    auto rollup =
        engine.RollupIndicator(1, 1, domain::Period::Year(2021), engine::test::Day("2022-01-01"));
    ASSERT_TRUE(rollup) << rollup.error().message;
    EXPECT_EQ(rollup->value, 4);
    EXPECT_EQ(rollup->units_in_subtree, 2);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nq::app
