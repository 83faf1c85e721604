// The change log on each store: numbers in commit order without holes, also when two handles
// (two processes) write at once; a rolled-back write gives its numbers back; pruning keeps what
// the retention asks for.
#include "storage/change_log.h"

#include <gtest/gtest.h>

#include <thread>

#include "storage/store_fixture.h"

namespace nq::storage {
namespace {

class ChangeLogTest : public StoreTest {};

INSTANTIATE_TEST_SUITE_P(Stores, ChangeLogTest, ::testing::Values(Store::kSqlite, Store::kPostgres),
                         StoreName);

std::vector<LoggedChange> All(Database& db) {
  auto read = db.Read([](Transaction& tx) { return ChangesAfter(tx, 0, 1'000'000); });
  EXPECT_TRUE(read) << read.error().message;
  return read ? *read : std::vector<LoggedChange>{};
}

int64_t Head(Database& db) {
  auto head = db.Read([](Transaction& tx) { return ChangeHead(tx); });
  EXPECT_TRUE(head) << head.error().message;
  return head ? *head : -1;
}

TEST_P(ChangeLogTest, NumbersFollowOnAndARollbackGivesThemBack) {
  EXPECT_EQ(Head(*db_), 0);
  std::vector<Change> two{{"value", 7, "insert"}, {"grant", 3, "delete"}};
  auto first = db_->Write([&](Transaction& tx) { return AppendChanges(tx, "a", two, 1000); });
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, 2);
  Status failed = db_->Write([&](Transaction& tx) -> Status {
    NQ_RETURN_IF_ERROR(AppendChange(tx, "value", 8, kChangeUpdate, "a", 1001));
    return MakeError(ErrorCode::kAborted, "rolled back on purpose");
  });
  ASSERT_FALSE(failed);
  Status third = db_->Write(
      [&](Transaction& tx) { return AppendChange(tx, "value", 9, kChangeBulk, "b", 1002); });
  ASSERT_TRUE(third) << third.error().message;
  auto all = All(*db_);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].seq, 1);
  EXPECT_EQ(all[0].origin, "a");
  EXPECT_EQ(all[0].change.entity, "value");
  EXPECT_EQ(all[0].change.id, 7);
  EXPECT_EQ(all[0].change.kind, "insert");
  EXPECT_EQ(all[0].at, 1000);
  EXPECT_EQ(all[1].seq, 2);
  EXPECT_EQ(all[1].change.entity, "grant");
  EXPECT_EQ(all[2].seq, 3);  // the rolled-back write's number was given back
  EXPECT_EQ(all[2].change.id, 9);
  EXPECT_EQ(all[2].change.kind, "bulk");
  EXPECT_EQ(Head(*db_), 3);
  auto after = db_->Read([](Transaction& tx) { return ChangesAfter(tx, 1, 1); });
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->front().seq, 2);
}

TEST_P(ChangeLogTest, AnUnknownKindIsRefused) {
  Status written =
      db_->Write([&](Transaction& tx) { return AppendChange(tx, "value", 1, "upsert", "a", 0); });
  EXPECT_FALSE(written);
  EXPECT_EQ(Head(*db_), 0);
}

TEST_P(ChangeLogTest, TwoWritersAtOnceLeaveNoHole) {
  std::unique_ptr<Database> other = OpenAnother();
  ASSERT_TRUE(other);
  constexpr int kWrites = 40;
  auto writer = [&](Database& db, std::string origin) {
    for (int i = 0; i < kWrites; ++i) {
      Status written = db.Write([&](Transaction& tx) -> Status {
        NQ_RETURN_IF_ERROR(tx.Query("SELECT COUNT(*) FROM change_log"));  // an early snapshot
        std::vector<Change> changes{{"value", i, "insert"}, {"value", i, "update"}};
        NQ_RETURN_IF_ERROR(AppendChanges(tx, origin, changes, i));
        return Ok();
      });
      EXPECT_TRUE(written) << written.error().message;
    }
  };
  std::thread a([&] { writer(*db_, "a"); });
  std::thread b([&] { writer(*other, "b"); });
  a.join();
  b.join();
  auto all = All(*db_);
  ASSERT_EQ(all.size(), 4u * kWrites);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, static_cast<int64_t>(i) + 1);
    if (i % 2 == 1) {  // a write's two entries stay together, in its order
      EXPECT_EQ(all[i].origin, all[i - 1].origin);
      EXPECT_EQ(all[i].change.kind, "update");
    }
  }
  EXPECT_EQ(Head(*db_), 4 * kWrites);
}

TEST_P(ChangeLogTest, PruningKeepsTheRecentAndTheLastEntries) {
  ChangeRetention retention{.keep_for = 1000, .keep_entries = 100};
  // 1,100 entries written at t = 0, then 10 at t = 5000: the 1,024th prunes what is older than
  // 4,000 ms and more than 100 behind the head.
  std::vector<Change> old(1100, Change{"value", 1, "insert"});
  auto written =
      db_->Write([&](Transaction& tx) { return AppendChanges(tx, "a", old, 0, retention); });
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_EQ(All(*db_).size(), 1100u);  // the same write's entries are not older than it
  std::vector<Change> recent(1000, Change{"value", 2, "update"});
  written =
      db_->Write([&](Transaction& tx) { return AppendChanges(tx, "a", recent, 5000, retention); });
  ASSERT_TRUE(written) << written.error().message;
  auto all = All(*db_);
  ASSERT_FALSE(all.empty());
  // Crossing 2,048: entries up to 2,100 - 100 = 2,000 and older than 4,000 ms went, i.e. the
  // whole first write; the second one stays whole.
  EXPECT_EQ(all.front().seq, 1101);
  EXPECT_EQ(all.back().seq, 2100);
  EXPECT_EQ(all.size(), 1000u);
}

}  // namespace
}  // namespace nq::storage
