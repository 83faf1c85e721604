// The bulk-values API on both stores: versions, supersede, the batch id, all or nothing.
#include <gtest/gtest.h>

#include "storage/store_fixture.h"

namespace nq::storage {
namespace {

using namespace nq::domain;

class ValueBulkTest : public StoreTest {
 protected:
  // `count` monthly values of `unit` over indicators i-0, i-1…, 12 months each, number = base + k.
  std::vector<Value> Values(const Unit& unit, const std::vector<Indicator>& indicators,
                            size_t count, double base) {
    std::vector<Value> out;
    for (size_t index = 0; index < count; ++index) {
      Value value;
      value.indicator_id = indicators.at(index / 12).id;
      value.unit_id = unit.id;
      value.period = Period::Month(2021, static_cast<int>(index % 12) + 1);
      value.number = base + static_cast<double>(index);
      value.comment = index % 2 ? "ghi chú\tcó tab" : "";
      value.entered_by = "import";
      value.entered_at = 7;
      out.push_back(value);
    }
    return out;
  }
  std::vector<Indicator> Indicators(int count) {
    std::vector<Indicator> out;
    for (int index = 0; index < count; ++index) {
      out.push_back(AddIndicator(fmt::format("i-{}", index)));
    }
    return out;
  }
  // Writes `values` as batch; `chunk` values per Add.
  Result<std::pair<ValueBatch, BulkCounts>> WriteBatch(const std::vector<Value>& values,
                                                       size_t chunk) {
    return db_->Write([&](Transaction& tx) -> Result<std::pair<ValueBatch, BulkCounts>> {
      NQ_TRY(ValueBatch batch, InsertValueBatch(tx, {0, 5, "tester", "dhis2", "hash"}));
      NQ_TRY(auto writer, StartValueBulk(tx, batch.id));
      std::span<const Value> all(values);
      for (size_t start = 0; start < all.size(); start += chunk) {
        NQ_RETURN_IF_ERROR(writer->Add(all.subspan(start, std::min(chunk, all.size() - start))));
      }
      NQ_TRY(BulkCounts counts, writer->Finish());
      return std::make_pair(batch, counts);
    });
  }
  int64_t Count(std::string_view sql) {
    auto rows = db_->Read([&](Transaction& tx) { return tx.Query(sql); });
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? rows->at(0).Int(0) : -1;
  }
};

INSTANTIATE_TEST_SUITE_P(Stores, ValueBulkTest, ::testing::Values(Store::kSqlite, Store::kPostgres),
                         StoreName);

TEST_P(ValueBulkTest, NewValuesAndCorrectionsGetTheirVersionsAndTheBatch) {
  Unit unit = AddUnit("a");
  std::vector<Indicator> indicators = Indicators(100);
  // One value is there before the import, entered by hand.
  Value earlier = Values(unit, indicators, 1, 100).front();
  ASSERT_TRUE(db_->Write([&](Transaction& tx) { return PutValue(tx, earlier); }));

  // 1,200 values across the 500-row statements of SQLite, sent in chunks of 700.
  std::vector<Value> values = Values(unit, indicators, 1200, 0);
  auto first = WriteBatch(values, 700);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->second.written, 1200);
  EXPECT_EQ(first->second.superseded, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM data_values WHERE current = 1"), 1200);

  auto history_of_first = [&] {
    return db_->Read([&](Transaction& tx) {
      return ValueHistory(tx, indicators[0].id, unit.id, Period::Month(2021, 1));
    });
  };
  auto history = history_of_first();
  ASSERT_TRUE(history) << history.error().message;
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->at(0).number, 100.0);
  EXPECT_EQ(history->at(1).number, 0.0);
  EXPECT_EQ(history->at(1).version, 2);

  auto written = db_->Read([&](Transaction& tx) { return BatchValues(tx, first->first.id); });
  ASSERT_TRUE(written);
  ASSERT_EQ(written->size(), 1200u);
  for (size_t index = 0; index < written->size(); ++index) {
    const Value& value = written->at(index);
    EXPECT_EQ(value.number, static_cast<double>(index));
    EXPECT_EQ(value.version, index == 0 ? 2 : 1);
    EXPECT_EQ(value.comment, values[index].comment);
    EXPECT_EQ(value.entered_by, "import");
  }

  // A second import over the first 10: version 2 (3 for the first), the first batch keeps its
  // versions, now superseded.
  std::vector<Value> again = Values(unit, indicators, 10, 1000);
  auto second = WriteBatch(again, 3);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->second.written, 10);
  EXPECT_EQ(second->second.superseded, 10);
  EXPECT_EQ(Count("SELECT count(*) FROM data_values WHERE current = 1"), 1200);
  EXPECT_EQ(Count("SELECT max(version) FROM data_values"), 3);
  history = history_of_first();
  ASSERT_TRUE(history) << history.error().message;
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ(history->back().number, 1000.0);
  auto still = db_->Read([&](Transaction& tx) { return BatchValues(tx, first->first.id); });
  ASSERT_TRUE(still);
  EXPECT_EQ(still->size(), 1200u);
}

TEST_P(ValueBulkTest, AFailureAtTheLastValueLeavesNothing) {
  Unit unit = AddUnit("a");
  std::vector<Indicator> indicators = Indicators(3);
  std::vector<Value> values = Values(unit, indicators, 30, 0);
  values.back().indicator_id = 9999;  // no such indicator
  auto written = WriteBatch(values, 7);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kFailedPrecondition) << written.error().message;
  EXPECT_EQ(Count("SELECT count(*) FROM data_values"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM value_batches"), 0);
}

}  // namespace
}  // namespace nq::storage
