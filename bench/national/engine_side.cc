#include "bench/national/engine_side.h"

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cmath>
#include <fstream>
#include <span>
#include <unordered_map>

#include "bench/national/timing.h"

namespace nq::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kBatch = 1'000'000;

domain::Date AsDate(int32_t day) { return domain::Date::FromDays(day); }

int64_t Exact(const std::optional<double>& number) {
  return number ? static_cast<int64_t>(std::llround(*number)) : 0;
}

// Adds the figures of one roll-up tree to the checksum; `min_depth` drops the upper rows.
void AddFigures(std::span<const engine::UnitFigure> figures, const GenIndicator& indicator,
                const TermPeriod& period, const GoalTable* goals, int min_depth,
                Checksum& checksum) {
  const bool percent = indicator.kind == IndicatorKind::kPercent;
  for (const engine::UnitFigure& unit : figures) {
    if (unit.depth < min_depth || unit.units_reporting == 0) continue;
    Figure figure;
    figure.unit_id = unit.unit_id;
    figure.key1 = indicator.id;
    figure.key2 = period.key();
    figure.c[0] = Exact(percent ? unit.numerator : unit.value);
    figure.c[1] = percent ? Exact(unit.denominator) : 0;
    figure.c[2] = unit.units_reporting;
    figure.c[3] = goals ? goals->Goal(indicator.id, unit.unit_id) : 0;
    checksum.Add(figure);
  }
}

// One worker's share of the full recompute's checksum (Q6). Tables come as columns over the
// same units, so the unit part of the weights is computed once for the unit column.
struct RecomputeChecksum {
  Checksum checksum;
  const domain::Id* units = nullptr;
  size_t unit_count = 0;
  std::vector<int32_t> unit_weights;

  void Add(const engine::FigureColumns& figures, const GenIndicator& indicator,
           const TermPeriod& period) {
    if (figures.unit_id.data() != units || figures.size() != unit_count) {
      unit_weights = Checksum::UnitWeights(figures.unit_id);
      units = figures.unit_id.data();
      unit_count = figures.size();
    }
    // As AddFigures: c1 the value (for percentages the numerator), c2 the denominator.
    const bool percent = indicator.kind == IndicatorKind::kPercent;
    if (percent && figures.numerator.size() != figures.size()) return;  // the check will fail
    checksum.AddIndicatorColumns(
        indicator.id, period.key(), unit_weights, percent ? figures.numerator : figures.value,
        percent ? figures.denominator : std::span<const double>{}, figures.units_reporting);
  }
};

Status AddTree(const engine::Engine& engine, const QueryPlan& plan, const GenIndicator& indicator,
               int64_t root, const TermPeriod& period, int max_depth, const GoalTable* goals,
               int min_depth, Checksum& checksum) {
  NQ_TRY(auto figures,
         engine.RollupTree(indicator.id, root, ToPeriod(period), AsDate(plan.as_of), max_depth));
  AddFigures(figures, indicator, period, goals, min_depth, checksum);
  return Ok();
}

Status AddCompleteness(const engine::Engine& engine, const QueryPlan& plan, int64_t root,
                       int max_depth, Checksum& checksum) {
  NQ_TRY(auto units,
         engine.CompletenessTree(plan.obligation_id, root, AsDate(plan.q3_as_of), max_depth));
  for (const engine::UnitCompleteness& unit : units) {
    const engine::CompletenessCounts& counts = unit.counts;
    checksum.Add({unit.unit_id,
                  plan.obligation_id,
                  0,
                  {counts.done, counts.on_time, counts.expected, counts.late, counts.overdue}});
  }
  return Ok();
}

domain::Assignment ToAssignment(const GenAssignment& generated) {
  domain::Assignment assignment;
  assignment.id = generated.id;
  assignment.obligation_id = generated.obligation_id;
  assignment.unit_id = generated.unit_id;
  assignment.status = static_cast<domain::AssignmentStatus>(generated.status);
  if (generated.completed_day >= 0) assignment.completed_on = AsDate(generated.completed_day);
  if (generated.evidence) assignment.evidence.document_number = "01-BC/ĐU";
  return assignment;
}

}  // namespace

// The term period of an engine period (the inverse of ToPeriod).
TermPeriod ToTermPeriod(const domain::Period& period) {
  static constexpr PeriodKind kKinds[] = {PeriodKind::kMonth, PeriodKind::kQuarter,
                                          PeriodKind::kHalf, PeriodKind::kYear, PeriodKind::kYear};
  return {kKinds[static_cast<int>(period.type())],
          (period.year() - kFirstYear) * 12 + period.start().month() - 1};
}

domain::Period ToPeriod(const TermPeriod& period) {
  const int year = kFirstYear + period.first_month / 12;
  const int month = period.first_month % 12;
  switch (period.kind) {
    case PeriodKind::kMonth:
      return domain::Period::Month(year, month + 1);
    case PeriodKind::kQuarter:
      return domain::Period::Quarter(year, month / 3 + 1);
    case PeriodKind::kHalf:
      return domain::Period::Half(year, month / 6 + 1);
    case PeriodKind::kYear:
      break;
  }
  return domain::Period::Year(year);
}

engine::Data StructureData(const Dataset& data) {
  engine::Data out;
  static constexpr std::string_view kKinds[][3] = {
      {"trung-uong", "Trung ương", "Nation"},
      {"tinh", "Tỉnh, thành phố", "Province"},
      {"huyen", "Huyện, quận", "District"},
      {"xa", "Xã, phường", "Commune"},
      {"co-so", "Tổ chức cơ sở đảng", "Grassroots organisation"}};
  for (int level = 0; level < 5; ++level) {
    out.kinds.push_back({level + 1, std::string(kKinds[level][0]), std::string(kKinds[level][1]),
                         std::string(kKinds[level][2]), level});
  }
  const domain::Validity validity{*domain::Date::Parse("2020-01-01"), std::nullopt};
  out.units.reserve(data.units.size());
  out.unit_versions.reserve(data.units.size());
  for (const GenUnit& unit : data.units) {
    domain::Unit converted;
    converted.id = unit.id;
    converted.code = unit.code;
    converted.name = converted.short_name = unit.name;
    converted.kind_id = unit.level + 1;
    converted.validity = validity;
    out.units.push_back(std::move(converted));
    domain::UnitVersion version;
    version.id = unit.id;
    version.unit_id = unit.id;
    if (unit.parent_id != 0) version.parent_id = unit.parent_id;
    version.validity = validity;
    out.unit_versions.push_back(version);
  }
  for (const GenIndicator& indicator : data.indicators) {
    domain::Indicator converted;
    converted.id = indicator.id;
    converted.code = indicator.code;
    converted.name = indicator.name;
    converted.period_type = static_cast<domain::PeriodType>(indicator.period);
    switch (indicator.kind) {
      case IndicatorKind::kSum:
        break;
      case IndicatorKind::kPercent:
        converted.value_type = domain::ValueType::kPercent;
        converted.numerator_id = indicator.numerator_id;
        converted.denominator_id = indicator.denominator_id;
        converted.factor = 100;
        converted.measure_unit = "%";
        break;
      case IndicatorKind::kLast:
        converted.time_aggregation = domain::TimeAggregation::kLast;
        break;
      case IndicatorKind::kYesNo:
        converted.value_type = domain::ValueType::kYesNo;
        converted.unit_aggregation = domain::UnitAggregation::kCountYes;
        converted.time_aggregation = domain::TimeAggregation::kLast;
        break;
    }
    out.indicators.push_back(std::move(converted));
  }
  for (const GenObligation& obligation : data.obligations) {
    domain::Obligation converted;
    converted.id = obligation.id;
    converted.code = obligation.code;
    converted.title = obligation.title;
    converted.issuer_unit_id = 1;
    converted.issued_on = AsDate(obligation.issued_day);
    converted.due_on = AsDate(obligation.due_day);
    const int level = obligation.depth == 1 ? 1 : obligation.depth == data.depths - 1 ? 4 : 3;
    converted.kind_ids = {level + 1};
    out.obligations.push_back(std::move(converted));
  }
  return out;
}

EngineLoad LoadEngine(const Dataset& data) {
  EngineLoad load;
  Clock::time_point start = Clock::now();
  load.engine = std::make_unique<engine::Engine>(StructureData(data));
  load.structure_seconds = SecondsSince(start);

  const int64_t rss_before = ResidentBytes();
  start = Clock::now();
  std::vector<engine::ValueUpdate> batch;
  batch.reserve(kBatch);
  for (const GenValue& value : data.values) {
    if (!value.current) continue;
    batch.push_back({value.indicator_id, value.unit_id,
                     ToPeriod({static_cast<PeriodKind>(value.period), value.first_month}),
                     static_cast<double>(value.number)});
    if (batch.size() == kBatch) {
      load.engine->PutValues(batch);
      batch.clear();
    }
  }
  load.engine->PutValues(batch);
  batch = {};
  load.values_seconds = SecondsSince(start);
  load.rss_values_bytes = ResidentBytes() - rss_before;
  load.value_count = load.engine->ValueCount();
  load.value_bytes = load.engine->ValueBytes();

  start = Clock::now();
  std::vector<domain::Assignment> assignments;
  for (size_t first = 0; first < data.assignments.size(); first += kBatch / 2) {
    const size_t last = std::min(data.assignments.size(), first + kBatch / 2);
    assignments.clear();
    for (size_t index = first; index < last; ++index) {
      assignments.push_back(ToAssignment(data.assignments[index]));
    }
    load.engine->PutAssignments(assignments);
  }
  load.assignments_seconds = SecondsSince(start);
  return load;
}

GoalTable::GoalTable(const Dataset& data) {
  goals_.reserve(data.goals.size());
  for (const GenGoal& goal : data.goals) {
    goals_[static_cast<uint64_t>(goal.indicator_id) << 32 | static_cast<uint64_t>(goal.unit_id)] =
        goal.goal;
  }
}

int64_t GoalTable::Goal(int64_t indicator_id, int64_t unit_id) const {
  auto it = goals_.find(static_cast<uint64_t>(indicator_id) << 32 | static_cast<uint64_t>(unit_id));
  return it == goals_.end() ? 0 : it->second;
}

Result<std::string> RunEngineQuery(const engine::Engine& engine, const Dataset& data,
                                   const QueryPlan& plan, const GoalTable& goals,
                                   std::string_view query) {
  Checksum checksum;
  const GenIndicator& trend = data.indicator(plan.trend_indicator_id);
  if (query == "Q1") {
    NQ_RETURN_IF_ERROR(AddTree(engine, plan, trend, plan.nation_id, plan.q1_period,
                               plan.commune_depth, nullptr, 0, checksum));
  } else if (query == "Q2") {
    for (const GenIndicator& indicator : data.indicators) {
      NQ_RETURN_IF_ERROR(AddTree(engine, plan, indicator, plan.province_id,
                                 AnswerPeriod(indicator, plan.q2_quarter), plan.commune_depth - 1,
                                 &goals, 0, checksum));
    }
  } else if (query == "Q3") {
    NQ_RETURN_IF_ERROR(AddCompleteness(engine, plan, plan.nation_id, 0, checksum));
    NQ_RETURN_IF_ERROR(
        AddCompleteness(engine, plan, plan.province_id, plan.commune_depth - 1, checksum));
  } else if (query == "Q4") {
    for (int month = 0; month < kMonths; ++month) {
      NQ_RETURN_IF_ERROR(AddTree(engine, plan, trend, plan.province_id, {PeriodKind::kMonth, month},
                                 0, nullptr, 0, checksum));
    }
  } else if (query == "Q5") {
    const TermPeriod year{PeriodKind::kYear, (plan.q5_year - kFirstYear) * 12};
    for (const GenIndicator& indicator : data.indicators) {
      NQ_RETURN_IF_ERROR(
          AddTree(engine, plan, indicator, plan.nation_id, year, 1, &goals, 1, checksum));
    }
  } else if (query == "Q6") {
    // The engine's full recompute: every indicator × period it has numbers for, down to the
    // communes, on both cores; each worker keeps its own checksum, merged at the end, and adds
    // each table by its columns.
    std::unordered_map<int64_t, const GenIndicator*> by_id;
    for (const GenIndicator& indicator : data.indicators) by_id[indicator.id] = &indicator;
    std::array<RecomputeChecksum, 2> parts;
    NQ_TRY(engine::RecomputeCounts done,
           engine.RollupAll(plan.nation_id, AsDate(plan.as_of), plan.commune_depth, 2,
                            [&](int worker, domain::Id indicator_id, const domain::Period& period,
                                const engine::FigureColumns& figures) {
                              auto it = by_id.find(indicator_id);
                              if (it == by_id.end()) return;
                              parts[static_cast<size_t>(worker)].Add(figures, *it->second,
                                                                     ToTermPeriod(period));
                            }));
    (void)done;
    for (const RecomputeChecksum& part : parts) checksum.Merge(part.checksum);
  } else {
    return MakeError(ErrorCode::kInvalidArgument, "query \"{}\" is not one of Q1–Q6", query);
  }
  return checksum.ToString();
}

int64_t ResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stoll(line.substr(6)) * 1024;
  }
  return 0;
}

}  // namespace nq::bench
