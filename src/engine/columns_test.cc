// Sums in any order (Column::exact_sums): when the numbers of a column are multiples of 2^-10
// whose magnitudes add up below 2^43, the roll-up adds them with several running sums, and must
// give the very bits of one sum taken in column order.
#include "engine/columns.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "engine/test_data.h"

namespace nq::engine {
namespace {

using internal::ExactSums;

TEST(ExactSums, HoldForWholeNumbersAndBinaryFractionsBelowTheBound) {
  EXPECT_TRUE(ExactSums(std::vector<double>{}));
  EXPECT_TRUE(ExactSums(std::vector<double>{1, -2, 3.5, 0.25, 1e12, 0x1p-10}));
  EXPECT_TRUE(ExactSums(std::vector<double>{0x1p42, 0x1p41, -0x1p40}));
  // A decimal fraction is not a binary one: its sums round.
  EXPECT_FALSE(ExactSums(std::vector<double>{1, 0.1}));
  EXPECT_FALSE(ExactSums(std::vector<double>{0x1p-11}));
  // Magnitudes adding up to 2^43 (signs do not help: a partial sum may be that large).
  EXPECT_FALSE(ExactSums(std::vector<double>{0x1p42, -0x1p42}));
  EXPECT_FALSE(ExactSums(std::vector<double>{1e15}));
  EXPECT_FALSE(ExactSums(std::vector<double>{std::numeric_limits<double>::infinity()}));
  EXPECT_FALSE(ExactSums(std::vector<double>{std::numeric_limits<double>::quiet_NaN()}));
}

// The property the scan relies on, against a plain recomputation: for numbers ExactSums
// accepts, every order of the additions gives the same bits.
TEST(ExactSums, EveryOrderOfTheAdditionsGivesTheSameBits) {
  std::mt19937_64 random(20261207);
  int accepted = 0;
  for (int round = 0; round < 500; ++round) {
    const int count = std::uniform_int_distribution<int>(1, 300)(random);
    const int fraction_bits = std::uniform_int_distribution<int>(0, 10)(random);
    const double spread = std::ldexp(1.0, std::uniform_int_distribution<int>(1, 45)(random));
    std::vector<double> numbers;
    for (int i = 0; i < count; ++i) {
      const double whole =
          std::trunc(std::uniform_real_distribution<double>(-spread, spread)(random));
      numbers.push_back(std::ldexp(whole, -fraction_bits));
    }
    if (!ExactSums(numbers)) continue;
    ++accepted;
    double in_order = 0;
    for (double x : numbers) in_order += x;
    for (int shuffle = 0; shuffle < 5; ++shuffle) {
      std::shuffle(numbers.begin(), numbers.end(), random);
      double s0 = 0, s1 = 0, s2 = 0;
      for (size_t i = 0; i < numbers.size(); ++i)
        (i % 3 == 0 ? s0 : i % 3 == 1 ? s1 : s2) += numbers[i];
      EXPECT_EQ(std::bit_cast<uint64_t>((s0 + s1) + s2), std::bit_cast<uint64_t>(in_order));
    }
  }
  EXPECT_GT(accepted, 100);
}

// A tree roll-up over a column of each kind (exact, and not) gives, bit for bit, the sums taken
// one number at a time in the order of the units; runs of every length modulo 4.
TEST(ExactSums, TheTreeRollupGivesTheSumsInUnitOrderBitForBit) {
  for (const double step : {1.0, 0.5, 0.1, 1e14}) {
    SCOPED_TRACE(step);
    test::DataBuilder builder;
    builder.Kind(1, "unit").Unit(1, std::nullopt);
    builder.Indicator(10, "sum", domain::UnitAggregation::kSum);
    builder.Indicator(11, "yes", domain::UnitAggregation::kCountYes);
    // Four parents with 5, 6, 7 and 8 children; child c of parent p reports (c + p) × step.
    Id next = 2;
    std::vector<std::vector<double>> expected_children;
    double expected_root = 0;
    int expected_yes = 0;
    for (int p = 0; p < 4; ++p) {
      const Id parent = next++;
      builder.Unit(parent, 1);
      double sum = 0;
      for (int c = 0; c < 5 + p; ++c) {
        const Id child = next++;
        builder.Unit(child, parent);
        const double number = (c + p) * step - (c == 2 ? 3 * step : 0);
        builder.Value(10, child, "2021", number).Value(11, child, "2021", c % 3 == 0 ? 0 : 1);
        sum += number;
        expected_yes += c % 3 == 0 ? 0 : 1;
      }
      expected_children.push_back({sum});
    }
    // Parents into the root: the last first, as the merge of children into parents adds them.
    for (auto it = expected_children.rbegin(); it != expected_children.rend(); ++it) {
      expected_root += (*it)[0];
    }
    Engine engine(builder.Build());
    auto tree = engine.RollupTree(10, 1, test::Per("2021"), test::Day("2022-01-01"), 1);
    ASSERT_TRUE(tree) << tree.error().message;
    ASSERT_EQ(tree->size(), 5u);
    ASSERT_TRUE((*tree)[0].value.has_value());
    EXPECT_EQ(std::bit_cast<uint64_t>(*(*tree)[0].value), std::bit_cast<uint64_t>(expected_root));
    for (size_t p = 0; p < 4; ++p) {
      ASSERT_TRUE((*tree)[p + 1].value.has_value());
      EXPECT_EQ(std::bit_cast<uint64_t>(*(*tree)[p + 1].value),
                std::bit_cast<uint64_t>(expected_children[p][0]))
          << "parent " << p;
      EXPECT_EQ((*tree)[p + 1].units_reporting, static_cast<int>(5 + p));
    }
    auto yes = engine.RollupTree(11, 1, test::Per("2021"), test::Day("2022-01-01"), 0);
    ASSERT_TRUE(yes) << yes.error().message;
    EXPECT_EQ((*yes)[0].value, expected_yes);
  }
}

}  // namespace
}  // namespace nq::engine
