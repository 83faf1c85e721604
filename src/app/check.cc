#include "app/check.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "app/deadlines.h"
#include "app/rollups.h"
#include "storage/change_log.h"
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
  bool Under(Id unit, Id ancestor) const { return Distance(unit, ancestor).has_value(); }
  // How many levels `unit` lies below `ancestor` (0: itself); nullopt when not under it.
  std::optional<int64_t> Distance(Id unit, Id ancestor) const {
    for (int64_t depth = 0; depth < 64; ++depth) {
      if (unit == ancestor) return depth;
      auto it = parent.find(unit);
      if (it == parent.end() || !it->second) return std::nullopt;
      unit = *it->second;
    }
    return std::nullopt;
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
    std::vector<Document> documents;
    std::vector<Item> items;
    std::vector<Link> links;
    std::vector<Declaration> declarations;
    std::vector<Regime> regimes;
    std::vector<Extension> extensions;
    std::vector<Report> reports;
  };
  NQ_TRY(Rows rows, service.database().Read([](storage::Transaction& tx) -> Result<Rows> {
    Rows r;
    NQ_TRY(r.units, storage::List<Unit>(tx));
    NQ_TRY(r.versions, storage::List<UnitVersion>(tx));
    NQ_TRY(r.obligations, storage::List<Obligation>(tx));
    NQ_TRY(r.assignments, storage::List<Assignment>(tx));
    NQ_TRY(r.indicators, storage::List<Indicator>(tx));
    NQ_TRY(r.values, storage::CurrentValues(tx));
    NQ_TRY(r.documents, storage::List<Document>(tx));
    NQ_TRY(r.items, storage::List<Item>(tx));
    NQ_TRY(r.links, storage::List<Link>(tx));
    NQ_TRY(r.declarations, storage::List<Declaration>(tx));
    NQ_TRY(r.regimes, storage::List<Regime>(tx));
    NQ_TRY(r.extensions, storage::List<Extension>(tx));
    NQ_TRY(r.reports, storage::List<Report>(tx));
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

  // Reach (docs/decisions/0012-duties-over-the-subtree.md): while an obligation runs, every
  // unit open today at most `depth` levels under its issuer (any level for 0) and of its kinds
  // holds an assignment of it, however late it opened or moved there.
  for (const Obligation& obligation : rows.obligations) {
    if (obligation.units_listed || today < obligation.issued_on || today > obligation.due_on) {
      continue;
    }
    std::set<Id> assigned;
    for (const Assignment& a : rows.assignments) {
      if (a.obligation_id == obligation.id) assigned.insert(a.unit_id);
    }
    const PlainTree& tree = tree_on(today);
    for (const auto& [id, unit] : tree.units) {
      if (!unit.validity.Covers(today) || assigned.count(id)) continue;
      const std::optional<int64_t> level = tree.Distance(id, obligation.issuer_unit_id);
      if (!level || *level == 0 || (obligation.depth != 0 && *level > obligation.depth)) continue;
      if (!obligation.kind_ids.empty() &&
          std::find(obligation.kind_ids.begin(), obligation.kind_ids.end(), unit.kind_id) ==
              obligation.kind_ids.end()) {
        continue;
      }
      report.problems.push_back(
          fmt::format("obligation \"{}\": unit \"{}\" is in its reach but has no assignment",
                      obligation.code, unit.code));
    }
  }

  // Cascades: for every document with targets and every direct subordinate of its issuer open
  // today, how many targets the subordinate covers (an item of a document it issued links up to
  // the target), declares not applicable, or leaves missing.
  std::map<Id, const Document*> documents;
  for (const Document& document : rows.documents) documents[document.id] = &document;
  std::map<Id, const Item*> items;
  for (const Item& item : rows.items) items[item.id] = &item;
  for (const Document& document : rows.documents) {
    std::vector<Id> targets;
    for (const Item& item : rows.items) {
      if (item.document_id == document.id && item.kind == ItemKind::kTarget)
        targets.push_back(item.id);
    }
    if (targets.empty()) continue;
    const PlainTree& tree = tree_on(today);
    auto figure = service.engine().Cascade(document.id, today);
    ++report.figures_checked;
    if (!figure) {
      report.problems.push_back(
          fmt::format("cascade of document \"{}\": {}", document.code, figure.error().message));
      continue;
    }
    std::vector<Id> children;
    for (const auto& [id, unit] : tree.units) {
      auto parent = tree.parent.find(id);
      if (unit.validity.Covers(today) && parent != tree.parent.end() &&
          parent->second == document.issuer_unit_id) {
        children.push_back(id);
      }
    }
    if (children != figure->units) {
      report.problems.push_back(fmt::format(
          "cascade of document \"{}\": the live matrix has {} subordinates but the stored rows "
          "give {}",
          document.code, figure->units.size(), children.size()));
      continue;
    }
    for (size_t u = 0; u < children.size(); ++u) {
      int covered = 0, not_applicable = 0, missing = 0;
      for (Id target : targets) {
        bool linked = false;
        for (const Link& link : rows.links) {
          if (link.to_item_id != target || !items.count(link.from_item_id)) continue;
          const Document* lower = documents.at(items.at(link.from_item_id)->document_id);
          linked = linked || lower->issuer_unit_id == children[u];
        }
        bool declared = false;
        for (const Declaration& d : rows.declarations) {
          declared = declared || (d.item_id == target && d.unit_id == children[u]);
        }
        (linked ? covered : declared ? not_applicable : missing)++;
      }
      const engine::CoverCounts& live = figure->by_unit[u];
      if (live.covered != covered || live.not_applicable != not_applicable ||
          live.missing != missing) {
        report.problems.push_back(fmt::format(
            "cascade of document \"{}\" at unit \"{}\": live figure {}/{}/{} (covered, not "
            "applicable, missing) but the stored rows give {}/{}/{}",
            document.code, units.at(children[u])->code, live.covered, live.not_applicable,
            live.missing, covered, not_applicable, missing));
      }
    }
  }

  // Reports under each regime: for every period its subordinates reported on, each subordinate
  // of the regime's kinds open at the period's end judged against its due date, counted the
  // plain way and by the function the views use (JudgeReports).
  for (const Regime& regime : rows.regimes) {
    std::set<Period> periods;
    for (const Report& r : rows.reports) {
      if (r.regime_id == regime.id) periods.insert(r.period);
    }
    for (const Period& period : periods) {
      const PlainTree& tree = tree_on(period.end());
      std::vector<Id> expected;
      for (const auto& [id, unit] : tree.units) {
        auto parent = tree.parent.find(id);
        const bool of_kind =
            regime.kind_ids.empty() || std::find(regime.kind_ids.begin(), regime.kind_ids.end(),
                                                 unit.kind_id) != regime.kind_ids.end();
        if (unit.validity.Covers(period.end()) && of_kind && parent != tree.parent.end() &&
            parent->second == regime.issuer_unit_id) {
          expected.push_back(id);
        }
      }
      std::map<Id, Report> reports;
      std::map<Id, Extension> extensions;
      TimelinessCounts plain;
      for (Id unit : expected) {
        Date due = period.end().AddDays(regime.due_days);
        for (const Extension& e : rows.extensions) {
          if (e.regime_id == regime.id && e.unit_id == unit && e.period == period) {
            due = e.due_on;
            extensions.emplace(unit, e);
          }
        }
        std::optional<Date> sent;
        for (const Report& r : rows.reports) {
          if (r.unit_id != unit || r.period != period || r.document_id) continue;
          reports.emplace(unit, r);
          const bool submitted =
              r.status == ReportStatus::kSubmitted || r.status == ReportStatus::kAccepted;
          if (submitted && r.submitted_at) sent = Date::InVietnam(*r.submitted_at);
        }
        if (sent) {
          plain.Add(*sent > due ? Timeliness::kLate : Timeliness::kOnTime);
        } else {
          plain.Add(due < today ? Timeliness::kOverdue : Timeliness::kOpen);
        }
      }
      const ReportDeadlines judged =
          JudgeReports(regime, period, expected, reports, extensions, today);
      ++report.figures_checked;
      if (!(judged.counts == plain)) {
        report.problems.push_back(fmt::format(
            "reports of regime \"{}\" for {}: judged {}/{}/{}/{} (on time, late, overdue, open) "
            "but the stored rows give {}/{}/{}/{}",
            regime.code, period.ToString(), judged.counts.on_time, judged.counts.late,
            judged.counts.overdue, judged.counts.open, plain.on_time, plain.late, plain.overdue,
            plain.open));
      }
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

Result<ChangeLogPosition> ReadChangeLogPosition(Service& service) {
  ChangeLogPosition position;
  position.applied_seq = service.applied_seq();
  return service.database().Read([&](storage::Transaction& tx) -> Result<ChangeLogPosition> {
    NQ_TRY(position.head_seq, storage::ChangeHead(tx));
    position.lag = std::max<int64_t>(0, position.head_seq - position.applied_seq);
    if (position.lag > 0) {
      NQ_TRY(auto first, storage::ChangesAfter(tx, position.applied_seq, 1));
      if (!first.empty()) {
        position.lag_ms = std::max<int64_t>(0, service.clock().Now() - first.front().at);
      }
    }
    return position;
  });
}

}  // namespace nq::app
