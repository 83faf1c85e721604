#include "app/check.h"

#include <cmath>
#include <map>
#include <set>

#include "app/rollups.h"
#include "storage/store.h"

namespace nq::app {
namespace {

using namespace nq::domain;

// The tree as the stored rows say it is on one day, computed the plain way.
struct PlainTree {
  std::map<Id, Unit> units;
  std::map<Id, std::optional<Id>> parent;

  PlainTree(const std::vector<Unit>& all, const std::vector<UnitVersion>& versions, Date day) {
    for (const Unit& unit : all) units.emplace(unit.id, unit);
    for (const UnitVersion& version : versions) {
      if (version.validity.Covers(day)) parent[version.unit_id] = version.parent_id;
    }
  }
  bool Under(Id unit, Id ancestor) const {
    for (int depth = 0; depth < 64; ++depth) {
      if (unit == ancestor) return true;
      auto it = parent.find(unit);
      if (it == parent.end() || !it->second) return false;
      unit = *it->second;
    }
    return false;
  }
};

Status CheckStore(Service& service, CheckReport& report) {
  if (service.database().dialect() != "sqlite") return Ok();
  return service.database().Read([&](storage::Transaction& tx) -> Status {
    NQ_TRY(auto integrity, tx.Query("PRAGMA integrity_check"));
    for (const auto& row : integrity) {
      if (row.Text(0) != "ok") report.problems.push_back("store integrity: " + row.Text(0));
    }
    NQ_TRY(auto keys, tx.Query("PRAGMA foreign_key_check"));
    for (const auto& row : keys) {
      report.problems.push_back(
          fmt::format("dangling reference in {} row {}", row.Text(0), row.Int(1)));
    }
    return Ok();
  });
}

}  // namespace

Result<CheckReport> CheckConsistency(Service& service) {
  CheckReport report;
  NQ_RETURN_IF_ERROR(CheckStore(service, report));
  Date today = service.Today();
  struct Rows {
    std::vector<Unit> units;
    std::vector<UnitVersion> versions;
    std::vector<Obligation> obligations;
    std::vector<Assignment> assignments;
    std::vector<Indicator> indicators;
    std::vector<Value> values;
  };
  NQ_TRY(Rows rows, service.database().Read([](storage::Transaction& tx) -> Result<Rows> {
    Rows r;
    NQ_TRY(r.units, storage::List<Unit>(tx));
    NQ_TRY(r.versions, storage::List<UnitVersion>(tx));
    NQ_TRY(r.obligations, storage::List<Obligation>(tx));
    NQ_TRY(r.assignments, storage::List<Assignment>(tx));
    NQ_TRY(r.indicators, storage::List<Indicator>(tx));
    NQ_TRY(r.values, storage::CurrentValues(tx));
    return r;
  }));
  // The tree of each day asked for, built once.
  std::map<Date, PlainTree> trees;
  auto tree_on = [&](Date day) -> const PlainTree& {
    auto found = trees.find(day);
    if (found == trees.end())
      found = trees.emplace(day, PlainTree(rows.units, rows.versions, day)).first;
    return found->second;
  };
  std::map<Id, const Unit*> units;
  for (const Unit& unit : rows.units) units[unit.id] = &unit;

  // Obligations: expected and done over the issuer's subtree, today. The rule
  // (docs/structure-rule.md): a unit's duty counts where the unit stood on its last open day
  // up to today, so a unit closed since counts in the tree of its last day.
  for (const Obligation& obligation : rows.obligations) {
    int expected = 0, done = 0;
    for (const Assignment& a : rows.assignments) {
      if (a.obligation_id != obligation.id) continue;
      const Unit& unit = *units.at(a.unit_id);
      bool open_for_it =
          (!unit.validity.valid_to || *unit.validity.valid_to >= obligation.due_on) &&
          unit.validity.valid_from <= today;
      if (!open_for_it) continue;
      const Date day = unit.validity.valid_to && *unit.validity.valid_to < today
                           ? *unit.validity.valid_to
                           : today;
      if (!tree_on(day).Under(a.unit_id, obligation.issuer_unit_id)) continue;
      ++expected;
      if (a.complete() && *a.completed_on <= today) ++done;
    }
    auto figure =
        service.engine().RollupObligation(obligation.id, obligation.issuer_unit_id, today);
    ++report.figures_checked;
    if (!figure) {
      report.problems.push_back(
          fmt::format("obligation \"{}\": {}", obligation.code, figure.error().message));
    } else if (figure->total.expected != expected || figure->total.done != done) {
      report.problems.push_back(
          fmt::format("obligation \"{}\": live figure {}/{} but the stored rows give {}/{}",
                      obligation.code, figure->total.done, figure->total.expected, done, expected));
    }
  }

  // Summed indicators: every ancestor of a unit with values, for every period with values, in
  // the tree the rule gives when no day is asked (docs/structure-rule.md): a period wholly in
  // the past on its last day, else today.
  for (const Indicator& indicator : rows.indicators) {
    if (indicator.computed() || indicator.unit_aggregation != UnitAggregation::kSum) continue;
    std::map<std::string, std::map<Id, double>> by_period;  // period → unit → value
    for (const Value& v : rows.values) {
      if (v.indicator_id == indicator.id && v.number) {
        by_period[v.period.ToString()][v.unit_id] = *v.number;
      }
    }
    for (auto& [code, unit_values] : by_period) {
      Period period = *Period::Parse(code);
      const Date day = period.end() < today ? period.end() : today;
      const PlainTree& tree = tree_on(day);
      std::erase_if(unit_values, [&](const auto& entry) {
        return !units.at(entry.first)->validity.Covers(day);
      });
      std::set<Id> ancestors;
      for (const auto& [unit_id, number] : unit_values) {
        for (const auto& [candidate, unit] : tree.units) {
          if (unit.validity.Covers(day) && tree.Under(unit_id, candidate))
            ancestors.insert(candidate);
        }
      }
      for (Id ancestor : ancestors) {
        double sum = 0;
        for (const auto& [unit_id, number] : unit_values) {
          if (tree.Under(unit_id, ancestor)) sum += number;
        }
        const Date as_of = FigureDate(service, ancestor, period, std::nullopt);
        auto figure = service.engine().RollupIndicator(indicator.id, ancestor, period, as_of);
        ++report.figures_checked;
        if (as_of != day || !figure || !figure->value ||
            std::fabs(*figure->value - sum) > 1e-6 * (1 + std::fabs(sum))) {
          report.problems.push_back(fmt::format(
              "indicator \"{}\" at unit \"{}\" for {} (tree of {}): live figure {} but the stored "
              "rows give {}",
              indicator.code, tree.units.at(ancestor).code, code, as_of.ToString(),
              figure && figure->value ? fmt::format("{}", *figure->value) : "none", sum));
        }
      }
    }
  }
  return report;
}

Status CheckStoreHealth(Service& service) {
  return service.database().Read(
      [](storage::Transaction& tx) -> Status { return storage::Ping(tx); });
}

}  // namespace nq::app
