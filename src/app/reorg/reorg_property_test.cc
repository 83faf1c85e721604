// Property: for random trees and random sequences of reorganisations (valid or not), every
// as-of roll-up the engine answers equals a plain recomputation over the tree as it stood on that
// date, read back from the stored rows; and a refused batch leaves the store as it was.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "app/reorg/reorg_fixture.h"

namespace nq::app {
namespace {

using namespace nq::domain;

// The stored tree and the sum indicator's values, recomputed the plain way.
struct Plain {
  std::vector<Unit> units;
  std::vector<UnitVersion> versions;
  std::map<std::pair<Id, std::string>, double> values;  // (unit, period) → number

  std::optional<Id> ParentAt(Id unit, Date date) const {
    for (const UnitVersion& version : versions) {
      if (version.unit_id == unit && version.validity.Covers(date)) return version.parent_id;
    }
    return std::nullopt;
  }
  bool OpenAt(Id unit, Date date) const {
    for (const Unit& u : units) {
      if (u.id == unit) return u.validity.Covers(date);
    }
    return false;
  }
  // True when `unit` lies within `root` on `date`, walking up through open superiors only.
  bool Within(Id unit, Id root, Date date) const {
    if (!OpenAt(unit, date) || !OpenAt(root, date)) return false;
    std::set<Id> seen;
    for (std::optional<Id> at = unit; at && OpenAt(*at, date); at = ParentAt(*at, date)) {
      if (*at == root) return true;
      if (!seen.insert(*at).second) return false;
    }
    return false;
  }
};

class ReorgPropertyTest : public ReorgFixture, public ::testing::WithParamInterface<int> {
 protected:
  Plain ReadPlain() {
    Plain plain;
    auto read = database_->Read([&](storage::Transaction& tx) -> Status {
      NQ_TRY(plain.units, storage::List<Unit>(tx));
      NQ_TRY(plain.versions, storage::List<UnitVersion>(tx));
      NQ_TRY(auto values,
             storage::CurrentValues(tx, {storage::Eq("indicator_id", indicators_["sum"])}));
      for (const Value& v : values) plain.values[{v.unit_id, v.period.ToString()}] = *v.number;
      return Ok();
    });
    EXPECT_TRUE(read) << read.error().message;
    return plain;
  }

  // Adds `count` units under random open units, opened on random dates.
  void GrowRandomTree(std::mt19937& random, int count) {
    auto grown = service_->Mutate(Actor{}, "", [&](WriteScope& scope) -> Result<Reply> {
      for (int index = 0; index < count; ++index) {
        std::vector<std::string> codes;
        for (const auto& [code, id] : units_) codes.push_back(code);
        const std::string parent = codes[random() % codes.size()];
        NQ_RETURN_IF_ERROR(AddUnit(scope, fmt::format("r{}", index), "commune", parent));
      }
      return Reply{};
    });
    ASSERT_TRUE(grown) << grown.error().message;
  }

  std::string RandomOperation(std::mt19937& random, const std::string& date, int serial) {
    std::vector<std::string> codes;
    for (const auto& [code, id] : units_) codes.push_back(code);
    auto any = [&] { return "\"" + codes[random() % codes.size()] + "\""; };
    switch (random() % 6) {
      case 0:
        return fmt::format(R"({{"op": "move", "date": "{}", "unit": {}, "parent": {}}})", date,
                           any(), any());
      case 1:
        return fmt::format(
            R"({{"op": "merge", "date": "{}", "units": [{}, {}], "into": {{"code": "m{}",
            "name": "M", "kind": "commune"}}}})",
            date, any(), any(), serial);
      case 2:
        return fmt::format(R"({{"op": "merge", "date": "{}", "units": [{}], "into": {}}})", date,
                           any(), any());
      case 3:
        return fmt::format(R"({{"op": "close", "date": "{}", "unit": {}, "successors": [{}]}})",
                           date, any(), any());
      case 4:
        return fmt::format(R"({{"op": "rename", "date": "{}", "unit": {}, "name": "N{}"}})", date,
                           any(), serial);
      default:
        return fmt::format(
            R"({{"op": "split", "date": "{}", "unit": {}, "into": [{{"code": "s{}a", "name": "A",
            "kind": "commune"}}, {}], "carry_to": "s{}a"}})",
            date, any(), serial, any(), serial);
    }
  }

  // Every unit's roll-up of "sum" for `year` as of `date` against the plain recomputation.
  void ExpectRollupsMatch(const Plain& plain, int year, Date date) {
    const Period period = Period::Year(year);
    for (const Unit& root : plain.units) {
      auto rollup = engine_->RollupIndicator(indicators_["sum"], root.id, period, date);
      ASSERT_TRUE(rollup) << rollup.error().message;
      std::optional<double> sum;
      int in_subtree = 0;
      for (const Unit& unit : plain.units) {
        if (!plain.Within(unit.id, root.id, date)) continue;
        ++in_subtree;
        auto value = plain.values.find({unit.id, period.ToString()});
        if (value != plain.values.end()) sum = sum.value_or(0) + value->second;
      }
      EXPECT_EQ(rollup->units_in_subtree, in_subtree) << root.code << " " << date.ToString();
      EXPECT_EQ(rollup->value, sum) << root.code << " " << year << " as of " << date.ToString();
    }
  }
};

TEST_P(ReorgPropertyTest, AsOfRollupsEqualAPlainRecomputationAfterRandomReorganisations) {
  std::mt19937 random(static_cast<unsigned>(GetParam()));
  GrowRandomTree(random, 8);
  int applied = 0;
  int refused = 0;
  for (int serial = 0; serial < 24; ++serial) {
    const std::string date =
        fmt::format("{}-{:02}-01", 2016 + serial / 3, 1 + static_cast<int>(random() % 12));
    const std::string before = Everything();
    const std::string operation = RandomOperation(random, date, serial);
    auto result = Apply(fmt::format(R"({{"operations": [{}]}})", operation));
    if (std::getenv("NQ_DEBUG")) fmt::print("{} {}\n", result ? "APPLIED" : "refused", operation);
    if (!result) {
      ++refused;
      EXPECT_EQ(Everything(), before) << "refused: " << result.error().message;
      continue;
    }
    ++applied;
    for (const domain::Lineage& event : result->lineages) {
      for (Id id : event.target_unit_ids) {
        auto unit =
            database_->Read([&](storage::Transaction& tx) { return storage::Get<Unit>(tx, id); });
        if (unit) units_[unit->code] = unit->id;
      }
    }
    if (HasFailure()) return;
  }
  EXPECT_GT(applied, 3);
  EXPECT_GT(refused, 3);
  const Plain plain = ReadPlain();
  for (int year : {2015, 2020, 2024}) {
    for (const char* day : {"-01-01", "-06-30", "-12-31"}) {
      ExpectRollupsMatch(plain, year, D(fmt::format("{}{}", year, day)));
      ExpectRollupsMatch(plain, year, D(fmt::format("{}{}", year + 3, day)));
      if (HasFailure()) return;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, ReorgPropertyTest, ::testing::Range(0, 16));

}  // namespace
}  // namespace nq::app
