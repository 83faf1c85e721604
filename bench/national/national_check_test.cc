// The national benchmark's cross-check on a tiny data set: the engine and the SQLite peer (both
// approaches) give the same checksum for every query. Correctness only; nothing is timed.
#include <gtest/gtest.h>

#include <filesystem>

#include "bench/national/engine_side.h"
#include "bench/national/sqlite_peer.h"

namespace nq::bench {
namespace {

TEST(NationalCheck, GeneratorIsDeterministic) {
  const Dataset first = Generate({Size::kTiny, Structure::kNew, 7});
  const Dataset second = Generate({Size::kTiny, Structure::kNew, 7});
  ASSERT_EQ(first.values.size(), second.values.size());
  EXPECT_EQ(first.units.back().name, second.units.back().name);
  EXPECT_EQ(first.values.back().number, second.values.back().number);
  EXPECT_EQ(first.assignments.size(), second.assignments.size());
}

void ExpectEngineMatchesSqlite(Structure structure) {
  const Dataset data = Generate({Size::kTiny, structure, 11});
  const QueryPlan plan = PlanQueries(data);
  ASSERT_NE(plan.trend_indicator_id, 0);
  ASSERT_NE(plan.obligation_id, 0);
  EngineLoad load = LoadEngine(data);
  EXPECT_EQ(load.value_count, data.CurrentValueCount());
  const GoalTable goals(data);

  const std::string path =
      (std::filesystem::temp_directory_path() / fmt::format("nq-national-check-{}.db", getpid()))
          .string();
  auto peer = SqlitePeer::Create(path);
  ASSERT_TRUE(peer.has_value()) << peer.error().message;
  auto loaded = (*peer)->Load(data);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  for (std::string_view query : kQueries) {
    auto ours = RunEngineQuery(*load.engine, data, plan, goals, query);
    ASSERT_TRUE(ours.has_value()) << query << ": " << ours.error().message;
    EXPECT_NE(ours->substr(0, 2), "0/") << query << " answers nothing";
    for (Approach approach : {Approach::kRecursive, Approach::kClosure}) {
      auto theirs = (*peer)->Checksum(QuerySql(data, plan, query, approach, Dialect::kSqlite));
      ASSERT_TRUE(theirs.has_value()) << query << ": " << theirs.error().message;
      EXPECT_EQ(*ours, *theirs) << query << " by " << ApproachName(approach);
    }
  }
  peer->reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

TEST(NationalCheck, EngineMatchesSqliteAfterTheReorganisation) {
  ExpectEngineMatchesSqlite(Structure::kNew);
}

TEST(NationalCheck, EngineMatchesSqliteBeforeTheReorganisation) {
  ExpectEngineMatchesSqlite(Structure::kOld);
}

}  // namespace
}  // namespace nq::bench
