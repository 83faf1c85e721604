// Targets re-based: a target measured over a unit that closes while it still runs is derived for
// each successor — the baseline rebuilt from the successor's predecessors by the indicator's
// rules, the goal shared out for figures that add up and kept for levels. The derived items are
// ordinary items (editable) under the original, and the event's details name them.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "app/reorg/reorg_internal.h"
#include "app/use_cases.h"
#include "engine/comparable.h"
#include "engine/structure.h"

namespace nq::app::reorg {
namespace {

using namespace nq::domain;

// Target items measured over `unit` (or issued by it with no unit of their own) whose deadline
// has not passed on `date`.
Result<std::vector<Item>> RunningTargets(storage::Transaction& tx, Id unit_id, Date date) {
  NQ_TRY(auto items, storage::List<Item>(
                         tx, {storage::Eq("unit_id", unit_id), storage::NotNull("indicator_id")}));
  NQ_TRY(auto documents, storage::List<Document>(tx, {storage::Eq("issuer_unit_id", unit_id)}));
  for (const Document& document : documents) {
    NQ_TRY(auto issued,
           storage::List<Item>(tx, {storage::Eq("document_id", document.id),
                                    storage::IsNull("unit_id"), storage::NotNull("indicator_id")}));
    items.insert(items.end(), issued.begin(), issued.end());
  }
  std::erase_if(items, [&](const Item& item) {
    return !item.measure || item.measure->deadline.end() < date;
  });
  return items;
}

// An engine over the batch's own state so far (the store's rows of the indicators a target
// needs), so baselines see the merges recorded earlier in the batch.
Result<std::unique_ptr<engine::Engine>> BatchEngine(storage::Transaction& tx,
                                                    const Indicator& indicator) {
  engine::Data data;
  NQ_TRY(data.kinds, storage::List<UnitKind>(tx));
  NQ_TRY(data.units, storage::List<Unit>(tx));
  NQ_TRY(data.unit_versions, storage::List<UnitVersion>(tx));
  NQ_TRY(data.indicators, storage::List<Indicator>(tx));
  std::vector<Id> needed{indicator.id};
  if (indicator.numerator_id) needed.push_back(*indicator.numerator_id);
  if (indicator.denominator_id) needed.push_back(*indicator.denominator_id);
  for (Id id : needed) {
    NQ_TRY(auto values, storage::CurrentValues(tx, {storage::Eq("indicator_id", id)}));
    data.values.insert(data.values.end(), values.begin(), values.end());
  }
  NQ_TRY(auto lineages, storage::ListLineage(tx));
  auto structure = std::make_shared<const engine::Structure>(data.units, std::move(lineages));
  auto built = std::make_unique<engine::Engine>(std::move(data));
  built->SetStructure(std::move(structure));
  return built;
}

// Each successor's share of the closing unit: how many of the unit's subordinates (on its last
// day) were merged whole into it; equal shares when none were.
Result<std::map<Id, double>> Shares(Batch& batch, const Closing& closing, Date date) {
  std::set<Id> below;
  std::vector<Id> walk{closing.unit.id};
  while (!walk.empty()) {
    Id at = walk.back();
    walk.pop_back();
    NQ_TRY(auto children, batch.ChildrenAt(at, date.AddDays(-1)));
    for (const Unit& child : children) {
      if (below.insert(child.id).second) walk.push_back(child.id);
    }
  }
  std::map<Id, double> shares;
  double total = 0;
  for (Id successor : closing.successors) {
    NQ_TRY(auto sources, storage::MergedInto(batch.tx(), successor, date));
    double merged = 0;
    for (Id source : sources) merged += below.contains(source) ? 1 : 0;
    shares[successor] = merged;
    total += merged;
  }
  for (auto& [successor, share] : shares) {
    share = total > 0 ? share / total : 1.0 / static_cast<double>(closing.successors.size());
  }
  return shares;
}

bool Additive(const Indicator& indicator) {
  return !indicator.computed() && (indicator.unit_aggregation == UnitAggregation::kSum ||
                                   indicator.unit_aggregation == UnitAggregation::kCountYes);
}

double Rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

// What one successor's derived target measures.
struct Derived {
  Id successor = 0;
  double share = 0;
  std::optional<double> baseline;
  double goal = 0;
};

// Shares `total` out by `weights` in steps of 10^-decimals so that the parts add up to the
// rounded total (largest remainders first).
std::vector<double> Apportion(double total, const std::vector<double>& weights, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double units = std::round(total * scale);
  std::vector<double> parts;
  std::vector<std::pair<double, size_t>> remainders;
  double given = 0;
  for (size_t index = 0; index < weights.size(); ++index) {
    const double exact = units * weights[index];
    parts.push_back(std::floor(exact));
    given += parts.back();
    remainders.push_back({exact - parts.back(), index});
  }
  std::sort(remainders.begin(), remainders.end(), std::greater<>());
  for (size_t index = 0; given < units && index < remainders.size(); ++index, ++given) {
    parts[remainders[index].second] += 1;
  }
  for (double& part : parts) part /= scale;
  return parts;
}

// Each successor's baseline, rebuilt from its predecessors where the figures exist (else its
// share of the original's), and its goal: for figures that add up, its baseline plus its share
// of the progress still to make (the shares adding up to the original's); for levels, the
// original goal.
Result<std::vector<Derived>> DeriveMeasures(const engine::Engine& engine,
                                            const Indicator& indicator, const Measure& measure,
                                            const std::vector<Id>& successors,
                                            const std::map<Id, double>& shares) {
  const bool additive = Additive(indicator);
  std::vector<Derived> derived;
  std::vector<double> weights;
  for (Id successor : successors) {
    const double share = shares.at(successor);
    Derived entry{successor, share, std::nullopt, measure.goal};
    if (measure.baseline_period) {
      NQ_TRY(auto series, engine::ComparableSeries(engine, indicator, successor,
                                                   {*measure.baseline_period}, true));
      entry.baseline = series.front().value;
    }
    if (!entry.baseline && measure.baseline) {
      entry.baseline = additive ? *measure.baseline * share : *measure.baseline;
    }
    if (entry.baseline) entry.baseline = Rounded(*entry.baseline, indicator.decimals);
    derived.push_back(entry);
    weights.push_back(share);
  }
  if (!additive) return derived;
  const double to_make = measure.goal - measure.baseline.value_or(0);
  const std::vector<double> parts = Apportion(to_make, weights, indicator.decimals);
  for (size_t index = 0; index < derived.size(); ++index) {
    derived[index].goal =
        (measure.baseline ? derived[index].baseline.value_or(0) : 0) + parts[index];
  }
  return derived;
}

std::string Figure(const std::optional<double>& value) {
  return value ? fmt::format("{}", *value) : "—";
}

}  // namespace

Status Batch::Rebase(const Closing& closing, Date date, json::object& details) {
  if (closing.successors.empty()) return Ok();
  NQ_TRY(auto targets, RunningTargets(tx(), closing.unit.id, date));
  if (targets.empty()) return Ok();
  NQ_TRY(auto shares, Shares(*this, closing, date));
  json::value& slot = details["derived_items"];
  if (!slot.is_array()) slot.emplace_array();
  for (const Item& item : targets) {
    const Measure& measure = *item.measure;
    NQ_TRY(Indicator indicator, storage::Get<Indicator>(tx(), measure.indicator_id));
    NQ_TRY(auto engine, BatchEngine(tx(), indicator));
    NQ_TRY(auto measures, DeriveMeasures(*engine, indicator, measure, closing.successors, shares));
    NQ_TRY(auto siblings, storage::List<Item>(tx(), {storage::Eq("parent_id", item.id)}));
    int ordinal = static_cast<int>(siblings.size());
    for (const Derived& entry : measures) {
      NQ_TRY(Unit successor, storage::Get<Unit>(tx(), entry.successor));
      Item derived;
      derived.document_id = item.document_id;
      derived.parent_id = item.id;
      derived.kind = item.kind;
      derived.ordinal = ++ordinal;
      derived.code = fmt::format("{}.{}", item.code.empty() ? "CT" : item.code, ordinal);
      derived.title = fmt::format("{}: {} (tính lại từ chỉ tiêu của {})", successor.short_name,
                                  item.title, closing.unit.short_name);
      derived.field_code = item.field_code;
      derived.measure = Measure{measure.indicator_id, entry.baseline,   measure.baseline_period,
                                entry.goal,           measure.deadline, measure.direction};
      derived.unit_id = successor.id;
      NQ_TRY(Item created, CreateEntity(scope(), std::move(derived)));
      slot.as_array().push_back(
          json::object{{"item_id", created.id},
                       {"from_item_id", item.id},
                       {"unit_id", successor.id},
                       {"share", entry.share},
                       {"rule", Additive(indicator) ? "shared" : "kept"},
                       {"baseline", entry.baseline ? json::value(*entry.baseline) : nullptr},
                       {"goal", entry.goal}});
      Note("derive_target", "item", created.id,
           fmt::format("Chỉ tiêu \"{}\" tính lại cho {}: gốc {}, mục tiêu {}", item.code,
                       Label(successor), Figure(entry.baseline), entry.goal),
           fmt::format("target \"{}\" derived for {}: baseline {}, goal {}", item.code,
                       Label(successor), Figure(entry.baseline), entry.goal));
    }
  }
  return Ok();
}

}  // namespace nq::app::reorg
