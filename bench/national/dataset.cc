#include "bench/national/dataset.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "bench/national/names.h"
#include "common/date.h"

namespace nq::bench {
namespace {

// SplitMix64: the generator's only source of randomness, so the data set is the same on every
// platform and standard library.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t Hash(uint64_t seed, uint64_t a, uint64_t b = 0, uint64_t c = 0, uint64_t d = 0) {
  return Mix(Mix(Mix(Mix(seed ^ a) ^ b) ^ c) ^ d);
}

class Random final {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() { return Mix(state_++); }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  int Between(int low, int high) {  // inclusive
    return low + static_cast<int>(Next() % static_cast<uint64_t>(high - low + 1));
  }
  // Knuth's method; fine for the small means used here.
  int Poisson(double mean) {
    const double limit = std::exp(-mean);
    double product = Uniform();
    int count = 0;
    while (product > limit) {
      ++count;
      product *= Uniform();
    }
    return count;
  }

 private:
  uint64_t state_;
};

// `parts` integers within [low, high] summing to `total` (which must be reachable), skewed:
// a few large, many small.
std::vector<int> SkewedCounts(Random& random, int parts, int total, int low, int high) {
  std::vector<double> weights(static_cast<size_t>(parts));
  double weight_sum = 0;
  for (double& weight : weights) {
    weight = std::pow(random.Uniform(), 2.0) + 0.05;
    weight_sum += weight;
  }
  std::vector<int> counts;
  int assigned = 0;
  for (double weight : weights) {
    int count = static_cast<int>(std::lround(weight / weight_sum * total));
    counts.push_back(std::clamp(count, low, high));
    assigned += counts.back();
  }
  // Spread the rounding and clamping error one by one over parts that still have room.
  for (size_t index = 0; assigned != total; index = (index + 1) % counts.size()) {
    if (assigned < total && counts[index] < high) {
      ++counts[index];
      ++assigned;
    } else if (assigned > total && counts[index] > low) {
      --counts[index];
      --assigned;
    }
  }
  return counts;
}

struct TreeShape {
  std::vector<std::string_view> provinces;
  int districts = 0;  // 0: no district level
  int communes = 0;
  double grassroots_per_commune = 0;
};

TreeShape ShapeOf(Size size, Structure structure) {
  TreeShape shape;
  const bool old = structure == Structure::kOld;
  std::span<const std::string_view> names = old ? OldProvinceNames() : NewProvinceNames();
  shape.provinces.assign(names.begin(), names.end());
  shape.districts = old ? 705 : 0;
  shape.communes = old ? 10'600 : 3'321;
  shape.grassroots_per_commune = 52'000.0 / shape.communes;
  if (size == Size::kXS) {
    shape.districts /= 10;
    shape.communes /= 10;
  }
  if (size == Size::kTiny) {
    shape.provinces.resize(2);
    shape.districts = old ? 4 : 0;
    shape.communes = 8;
    shape.grassroots_per_commune = 3;
  }
  return shape;
}

void AddUnit(Dataset& data, int64_t parent_id, int level, std::string code, std::string name) {
  GenUnit unit;
  unit.id = static_cast<int64_t>(data.units.size()) + 1;
  unit.parent_id = parent_id;
  unit.depth = parent_id == 0 ? 0 : data.unit(parent_id).depth + 1;
  unit.level = level;
  unit.code = std::move(code);
  unit.name = std::move(name);
  data.units.push_back(std::move(unit));
}

// Adds the units of one level under `parents`, `counts[i]` under parents[i]; returns the new ids.
template <typename MakeNames>
std::vector<int64_t> AddLevel(Dataset& data, const std::vector<int64_t>& parents,
                              const std::vector<int>& counts, int level, MakeNames make) {
  std::vector<int64_t> ids;
  for (size_t parent_index = 0; parent_index < parents.size(); ++parent_index) {
    for (int ordinal = 1; ordinal <= counts[parent_index]; ++ordinal) {
      auto [code, name] = make(parents[parent_index], ordinal);
      AddUnit(data, parents[parent_index], level, std::move(code), std::move(name));
      ids.push_back(data.units.back().id);
    }
  }
  return ids;
}

void BuildTree(Dataset& data, Random& random) {
  const TreeShape shape = ShapeOf(data.size, data.structure);
  AddUnit(data, 0, 0, "viet-nam", "Việt Nam");
  std::vector<int64_t> provinces;
  for (size_t index = 0; index < shape.provinces.size(); ++index) {
    AddUnit(data, 1, 1, fmt::format("t{:02}", index + 1),
            fmt::format("Tỉnh {}", shape.provinces[index]));
    provinces.push_back(data.units.back().id);
  }
  const int province_count = static_cast<int>(provinces.size());
  std::vector<int64_t> commune_parents = provinces;
  std::vector<int> commune_counts;
  if (shape.districts > 0) {
    std::vector<int> district_counts =
        SkewedCounts(random, province_count, shape.districts, 1, shape.districts);
    commune_parents = AddLevel(data, provinces, district_counts, 2, [&](int64_t parent, int n) {
      return std::pair(fmt::format("{}-h{:02}", data.unit(parent).code, n),
                       fmt::format("Huyện {}", PlaceName(Hash(data.seed, 2, parent, n))));
    });
    commune_counts = SkewedCounts(random, static_cast<int>(commune_parents.size()), shape.communes,
                                  1, shape.communes);
  } else {
    const bool tiny = data.size == Size::kTiny;
    const int scale = data.size == Size::kXS ? 10 : 1;
    commune_counts = SkewedCounts(random, province_count, shape.communes, tiny ? 1 : 40 / scale,
                                  tiny ? shape.communes : 170 / scale);
  }
  std::vector<int64_t> communes =
      AddLevel(data, commune_parents, commune_counts, 3, [&](int64_t parent, int n) {
        const uint64_t key = Hash(data.seed, 3, parent, n);
        return std::pair(fmt::format("{}-x{:03}", data.unit(parent).code, n),
                         fmt::format("{} {}", key % 4 == 0 ? "Phường" : "Xã", PlaceName(key)));
      });
  std::vector<int> grassroots_counts;
  for (size_t index = 0; index < communes.size(); ++index) {
    grassroots_counts.push_back(std::max(1, random.Poisson(shape.grassroots_per_commune)));
  }
  AddLevel(data, communes, grassroots_counts, 4, [&](int64_t parent, int n) {
    const GenUnit& commune = data.unit(parent);
    const std::string_view short_name =
        std::string_view(commune.name)
            .substr(commune.name.starts_with("Phường") ? std::string_view("Phường ").size()
                                                       : std::string_view("Xã ").size());
    return std::pair(fmt::format("{}-cb{:02}", commune.code, n),
                     GrassrootsName(Hash(data.seed, 4, parent, n), n, short_name));
  });
  data.depths = shape.districts > 0 ? 5 : 4;
  data.commune_depth = data.depths - 2;
}

// Where an indicator is reported: G grassroots, C communes, P provinces; and how often.
struct Profile {
  int count = 0;
  char where = 'G';
  PeriodKind period = PeriodKind::kYear;
};
using Mix_ = std::vector<Profile>;

struct IndicatorMix {
  Mix_ pairs, sums, lasts, yes_no;
};

constexpr PeriodKind kM = PeriodKind::kMonth, kQ = PeriodKind::kQuarter, kH = PeriodKind::kHalf,
                     kY = PeriodKind::kYear;

IndicatorMix MixOf(Size size) {
  if (size == Size::kTiny) {
    return {{{1, 'G', kM}, {1, 'C', kQ}},
            {{1, 'G', kM}, {1, 'G', kQ}, {1, 'C', kY}, {1, 'P', kM}},
            {{1, 'G', kQ}, {1, 'C', kM}},
            {{1, 'G', kQ}, {1, 'C', kY}}};
  }
  if (size == Size::kM) {
    return {{{2, 'G', kM}, {4, 'G', kQ}, {4, 'G', kH}, {10, 'G', kY}, {10, 'C', kM}, {10, 'C', kQ}},
            {{6, 'G', kM}, {8, 'G', kQ}, {6, 'G', kH}, {8, 'G', kY}, {6, 'C', kM}, {6, 'C', kQ}},
            {{2, 'G', kM}, {4, 'G', kQ}, {6, 'G', kY}, {4, 'C', kM}, {4, 'C', kQ}},
            {{2, 'G', kM}, {4, 'G', kQ}, {6, 'G', kY}, {4, 'C', kM}, {4, 'C', kQ}}};
  }
  return {{{1, 'G', kQ},
           {3, 'G', kY},
           {6, 'C', kM},
           {10, 'C', kQ},
           {10, 'C', kY},
           {5, 'P', kQ},
           {5, 'P', kY}},
          {{1, 'G', kM},
           {2, 'G', kQ},
           {4, 'G', kH},
           {4, 'G', kY},
           {6, 'C', kM},
           {9, 'C', kQ},
           {5, 'C', kH},
           {4, 'C', kY},
           {5, 'P', kM}},
          {{2, 'G', kY}, {2, 'C', kM}, {4, 'C', kQ}, {4, 'C', kY}, {4, 'P', kQ}, {4, 'P', kY}},
          {{1, 'G', kQ}, {5, 'G', kY}, {6, 'C', kQ}, {4, 'C', kY}, {4, 'P', kY}}};
}

int DepthOf(const Dataset& data, char where) {
  if (where == 'G') return data.depths - 1;
  if (where == 'C') return data.commune_depth;
  return 1;
}

void AddIndicator(Dataset& data, IndicatorKind kind, const Profile& profile) {
  static constexpr char kLetters[] = {'s', 'p', 'l', 'y'};
  GenIndicator indicator;
  indicator.id = static_cast<int64_t>(data.indicators.size()) + 1;
  indicator.code = fmt::format("ct-{:03}", indicator.id);
  indicator.name = IndicatorName(static_cast<int>(indicator.id), kLetters[static_cast<int>(kind)]);
  indicator.kind = kind;
  indicator.reporting_depth = DepthOf(data, profile.where);
  indicator.period = profile.period;
  data.indicators.push_back(std::move(indicator));
}

void BuildIndicators(Dataset& data) {
  const IndicatorMix mix = MixOf(data.size);
  for (const Profile& profile : mix.pairs) {
    for (int n = 0; n < profile.count; ++n) {
      AddIndicator(data, IndicatorKind::kSum, profile);  // numerator
      AddIndicator(data, IndicatorKind::kSum, profile);  // denominator
      AddIndicator(data, IndicatorKind::kPercent, profile);
      GenIndicator& percent = data.indicators.back();
      percent.numerator_id = percent.id - 2;
      percent.denominator_id = percent.id - 1;
    }
  }
  const std::pair<const Mix_*, IndicatorKind> groups[] = {{&mix.sums, IndicatorKind::kSum},
                                                          {&mix.lasts, IndicatorKind::kLast},
                                                          {&mix.yes_no, IndicatorKind::kYesNo}};
  for (const auto& [profiles, kind] : groups) {
    for (const Profile& profile : *profiles) {
      for (int n = 0; n < profile.count; ++n) AddIndicator(data, kind, profile);
    }
  }
}

std::vector<std::vector<int64_t>> UnitsByDepth(const Dataset& data) {
  std::vector<std::vector<int64_t>> by_depth(static_cast<size_t>(data.depths));
  for (const GenUnit& unit : data.units)
    by_depth[static_cast<size_t>(unit.depth)].push_back(unit.id);
  return by_depth;
}

enum class Role { kPlain, kNumerator, kDenominator };

// The first number of a value, before any correction.
int32_t BaseNumber(uint64_t seed, const GenIndicator& indicator, Role role, int64_t unit,
                   int month) {
  const uint64_t h = Hash(seed, static_cast<uint64_t>(indicator.id), static_cast<uint64_t>(unit),
                          static_cast<uint64_t>(month), 1);
  switch (indicator.kind) {
    case IndicatorKind::kLast:
      return static_cast<int32_t>(h % 10'000);
    case IndicatorKind::kYesNo:
      return h % 100 < 65 ? 1 : 0;
    default:
      break;
  }
  if (role == Role::kDenominator) return static_cast<int32_t>(100 + h % 900);
  if (role == Role::kNumerator) {
    // At most the denominator's first number, whose indicator is the next id.
    GenIndicator denominator = indicator;
    denominator.id += 1;
    const int32_t base = BaseNumber(seed, denominator, Role::kDenominator, unit, month);
    return static_cast<int32_t>(static_cast<uint64_t>(base) * (h % 101) / 100);
  }
  return static_cast<int32_t>(h % 1'000);
}

int32_t Corrected(const GenIndicator& indicator, Role role, int32_t number, uint64_t h) {
  const int32_t delta = static_cast<int32_t>(1 + h % 20);
  if (indicator.kind == IndicatorKind::kYesNo) return 1 - number;
  if (role == Role::kNumerator) return std::max(0, number - delta);
  return number + delta;
}

void BuildValues(Dataset& data) {
  const auto by_depth = UnitsByDepth(data);
  std::vector<Role> roles(data.indicators.size(), Role::kPlain);
  for (const GenIndicator& indicator : data.indicators) {
    if (indicator.kind != IndicatorKind::kPercent) continue;
    roles[static_cast<size_t>(indicator.numerator_id - 1)] = Role::kNumerator;
    roles[static_cast<size_t>(indicator.denominator_id - 1)] = Role::kDenominator;
  }
  size_t expected = 0;
  for (const GenIndicator& indicator : data.indicators) {
    if (indicator.kind == IndicatorKind::kPercent) continue;
    expected += by_depth[static_cast<size_t>(indicator.reporting_depth)].size() *
                static_cast<size_t>(kMonths / MonthsIn(indicator.period));
  }
  data.values.reserve(expected + expected / 50);
  for (const GenIndicator& indicator : data.indicators) {
    if (indicator.kind == IndicatorKind::kPercent) continue;
    const Role role = roles[static_cast<size_t>(indicator.id - 1)];
    const int step = MonthsIn(indicator.period);
    for (int month = 0; month < kMonths; month += step) {
      const int32_t period_end = DayAfter({indicator.period, month});
      for (int64_t unit : by_depth[static_cast<size_t>(indicator.reporting_depth)]) {
        const uint64_t h = Hash(data.seed, static_cast<uint64_t>(indicator.id),
                                static_cast<uint64_t>(unit), static_cast<uint64_t>(month), 2);
        const uint64_t presence = h % 1000;
        if (presence < 20) continue;  // ~2% never entered
        GenValue value;
        value.indicator_id = static_cast<int32_t>(indicator.id);
        value.unit_id = static_cast<int32_t>(unit);
        value.period = static_cast<uint8_t>(indicator.period);
        value.first_month = static_cast<uint8_t>(month);
        value.number = BaseNumber(data.seed, indicator, role, unit, month);
        // Due 15 days after the period; ~3% come after that.
        value.entered_day = presence < 50 ? period_end + 15 + static_cast<int32_t>((h >> 12) % 60)
                                          : period_end + static_cast<int32_t>((h >> 12) % 15);
        if ((h >> 24) % 1000 < 10) {  // ~1% corrected later by a second version
          value.current = 0;
          data.values.push_back(value);
          value.version = 2;
          value.current = 1;
          value.number = Corrected(indicator, role, value.number, h >> 34);
          value.entered_day += 20 + static_cast<int32_t>((h >> 40) % 40);
        }
        data.values.push_back(value);
      }
    }
  }
}

// Units at each depth in each unit's subtree, the unit itself included.
std::vector<std::vector<int32_t>> SubtreeCounts(const Dataset& data) {
  std::vector<std::vector<int32_t>> counts(
      data.units.size(), std::vector<int32_t>(static_cast<size_t>(data.depths), 0));
  for (size_t index = data.units.size(); index-- > 0;) {
    const GenUnit& unit = data.units[index];
    counts[index][static_cast<size_t>(unit.depth)] += 1;
    if (unit.parent_id == 0) continue;
    auto& parent = counts[static_cast<size_t>(unit.parent_id - 1)];
    for (size_t depth = 0; depth < parent.size(); ++depth) parent[depth] += counts[index][depth];
  }
  return counts;
}

void BuildGoals(Dataset& data) {
  const auto counts = SubtreeCounts(data);
  for (const GenIndicator& indicator : data.indicators) {
    const int per_year = 12 / MonthsIn(indicator.period);
    for (const GenUnit& unit : data.units) {
      if (unit.depth != 1 && unit.depth != data.commune_depth) continue;
      const int64_t reporters =
          counts[static_cast<size_t>(unit.id - 1)][static_cast<size_t>(indicator.reporting_depth)];
      if (reporters == 0) continue;
      const uint64_t h =
          Hash(data.seed, static_cast<uint64_t>(indicator.id), static_cast<uint64_t>(unit.id), 3);
      int64_t goal = 0;
      switch (indicator.kind) {
        case IndicatorKind::kSum:
          goal = reporters * per_year * static_cast<int64_t>(450 + h % 150);
          break;
        case IndicatorKind::kPercent:
          goal = 50 + static_cast<int64_t>(h % 50);
          break;
        case IndicatorKind::kLast:
          goal = reporters * static_cast<int64_t>(4'500 + h % 1'500);
          break;
        case IndicatorKind::kYesNo:
          goal = reporters - reporters * static_cast<int64_t>(h % 10) / 100;
          break;
      }
      data.goals.push_back({indicator.id, unit.id, goal});
    }
  }
}

void BuildObligations(Dataset& data) {
  const auto by_depth = UnitsByDepth(data);
  const bool tiny = data.size == Size::kTiny;
  const std::pair<int, int> plan[] = {
      {tiny ? 4 : 70, data.depths - 1}, {tiny ? 3 : 80, data.commune_depth}, {tiny ? 3 : 50, 1}};
  const int32_t first_day = DayOf(kFirstYear, 1, 15);
  const int32_t last_issue = DayOf(2029, 9, 30);
  for (const auto& [count, depth] : plan) {
    for (int n = 0; n < count; ++n) {
      GenObligation obligation;
      obligation.id = static_cast<int64_t>(data.obligations.size()) + 1;
      obligation.code = fmt::format("nv-{:03}", obligation.id);
      obligation.title = ObligationTitle(static_cast<int>(obligation.id));
      obligation.depth = depth;
      const uint64_t h = Hash(data.seed, static_cast<uint64_t>(obligation.id), 5);
      obligation.issued_day =
          first_day + static_cast<int32_t>(h % static_cast<uint64_t>(last_issue - first_day));
      obligation.due_day = obligation.issued_day + 30 + static_cast<int32_t>((h >> 20) % 90);
      data.obligations.push_back(obligation);
    }
  }
  for (const GenObligation& obligation : data.obligations) {
    for (int64_t unit : by_depth[static_cast<size_t>(obligation.depth)]) {
      const uint64_t h =
          Hash(data.seed, static_cast<uint64_t>(obligation.id), static_cast<uint64_t>(unit), 6);
      GenAssignment assignment;
      assignment.id = static_cast<int64_t>(data.assignments.size()) + 1;
      assignment.obligation_id = static_cast<int32_t>(obligation.id);
      assignment.unit_id = static_cast<int32_t>(unit);
      const uint64_t state = h % 100;
      if (state < 90) {  // ~90% done, ~12% of those after the due date
        assignment.status = GenStatus::kDone;
        const int32_t window = obligation.due_day - obligation.issued_day + 1;
        assignment.completed_day =
            (h >> 8) % 100 < 88
                ? obligation.issued_day +
                      static_cast<int32_t>((h >> 16) % static_cast<uint64_t>(window))
                : obligation.due_day + 1 + static_cast<int32_t>((h >> 24) % 120);
        assignment.evidence = (h >> 40) % 1000 >= 5;  // a few marked done without evidence
      } else if (state < 95) {
        assignment.status = GenStatus::kInProgress;
      }
      data.assignments.push_back(assignment);
    }
  }
}

}  // namespace

Result<Size> ParseSize(std::string_view name) {
  if (name == "tiny") return Size::kTiny;
  if (name == "XS" || name == "xs") return Size::kXS;
  if (name == "S" || name == "s") return Size::kS;
  if (name == "M" || name == "m") return Size::kM;
  return MakeError(ErrorCode::kInvalidArgument, "size \"{}\" is not one of tiny, XS, S, M", name);
}

std::string_view SizeName(Size size) {
  switch (size) {
    case Size::kTiny:
      return "tiny";
    case Size::kXS:
      return "XS";
    case Size::kS:
      return "S";
    case Size::kM:
      return "M";
  }
  return "?";
}

int MonthsIn(PeriodKind kind) {
  static constexpr int kMonthsIn[] = {1, 3, 6, 12};
  return kMonthsIn[static_cast<int>(kind)];
}

int32_t DayOf(int year, int month, int day) { return Date::FromYmd(year, month, day)->days(); }

int32_t DayAfter(const TermPeriod& period) {
  const int next = period.last_month() + 1;
  return DayOf(kFirstYear + next / 12, next % 12 + 1, 1);
}

size_t Dataset::CurrentValueCount() const {
  return static_cast<size_t>(
      std::count_if(values.begin(), values.end(), [](const GenValue& v) { return v.current; }));
}

int32_t Dataset::UnitsAtDepth(int depth) const {
  return static_cast<int32_t>(std::count_if(
      units.begin(), units.end(), [&](const GenUnit& unit) { return unit.depth == depth; }));
}

Dataset Generate(const GeneratorOptions& options) {
  Dataset data;
  data.size = options.size;
  data.structure = options.structure;
  data.seed = options.seed;
  Random random(options.seed);
  BuildTree(data, random);
  BuildIndicators(data);
  BuildValues(data);
  BuildGoals(data);
  BuildObligations(data);
  return data;
}

}  // namespace nq::bench
