#include "app/duty_reach.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "app/use_cases.h"
#include "storage/store.h"

namespace nq::app {
namespace {

using namespace nq::domain;

bool KindFits(const Obligation& obligation, Id kind_id) {
  return obligation.kind_ids.empty() ||
         std::find(obligation.kind_ids.begin(), obligation.kind_ids.end(), kind_id) !=
             obligation.kind_ids.end();
}

Status CheckDepth(int64_t depth, std::string_view field) {
  if (depth >= 0 && depth <= kMaxObligationDepth) return Ok();
  return FieldError(std::string(field),
                    "field \"{}\" must be 0 (every level) or a level from 1 to {}, not {}", field,
                    kMaxObligationDepth, depth);
}

// The direct subordinates on the issue or the due day: the rule obligations always had.
Result<std::vector<Unit>> DirectSubordinates(storage::Transaction& tx,
                                             const Obligation& obligation) {
  NQ_TRY(auto versions,
         storage::List<UnitVersion>(tx, {storage::Eq("parent_id", obligation.issuer_unit_id)}));
  std::vector<Unit> reached;
  for (const UnitVersion& version : versions) {
    if (!version.validity.Covers(obligation.due_on) &&
        !version.validity.Covers(obligation.issued_on)) {
      continue;
    }
    NQ_TRY(Unit unit, storage::Get<Unit>(tx, version.unit_id));
    const bool seen =
        std::any_of(reached.begin(), reached.end(), [&](const Unit& u) { return u.id == unit.id; });
    if (KindFits(obligation, unit.kind_id) && !seen) reached.push_back(std::move(unit));
  }
  return reached;
}

// The units 1…depth levels under `root` in the tree of `day` (any level for depth 0), in the
// order a walk down the tree meets them; `children` lists each unit's subordinates by day.
void Descend(const std::multimap<Id, const UnitVersion*>& children, Id root, Date day,
             int64_t depth, std::vector<Id>& out, std::set<Id>& seen) {
  std::vector<Id> level{root};
  for (int64_t at = 1;
       !level.empty() && (depth == 0 || at <= depth) && at <= kMaxObligationDepth * 4; ++at) {
    std::vector<Id> next;
    for (Id parent : level) {
      auto [begin, end] = children.equal_range(parent);
      for (auto it = begin; it != end; ++it) {
        if (!it->second->validity.Covers(day)) continue;
        const Id unit = it->second->unit_id;
        next.push_back(unit);
        if (seen.insert(unit).second) out.push_back(unit);
      }
    }
    level = std::move(next);
  }
}

}  // namespace

Result<std::vector<Unit>> UnitsInReach(storage::Transaction& tx, const Obligation& obligation) {
  NQ_RETURN_IF_ERROR(CheckDepth(obligation.depth, "/depth"));
  if (obligation.depth == 1) return DirectSubordinates(tx, obligation);
  NQ_TRY(auto versions, storage::List<UnitVersion>(tx));
  NQ_TRY(auto units, storage::List<Unit>(tx));
  std::multimap<Id, const UnitVersion*> children;
  for (const UnitVersion& version : versions) {
    if (version.parent_id) children.emplace(*version.parent_id, &version);
  }
  std::map<Id, const Unit*> by_id;
  for (const Unit& unit : units) by_id[unit.id] = &unit;
  std::vector<Id> ids;
  std::set<Id> seen;
  Descend(children, obligation.issuer_unit_id, obligation.issued_on, obligation.depth, ids, seen);
  Descend(children, obligation.issuer_unit_id, obligation.due_on, obligation.depth, ids, seen);
  std::vector<Unit> reached;
  for (Id id : ids) {
    auto found = by_id.find(id);
    if (found != by_id.end() && KindFits(obligation, found->second->kind_id)) {
      reached.push_back(*found->second);
    }
  }
  return reached;
}

Result<std::vector<Assignment>> AssignDutiesInReach(WriteScope& scope, Id unit_id, Date date) {
  storage::Transaction& tx = scope.tx();
  NQ_TRY(Unit unit, storage::Get<Unit>(tx, unit_id));
  std::vector<Assignment> made;
  if (!unit.validity.Covers(date)) return made;
  // Its superiors on `date`, nearest first; the walk is bounded so a parent cycle cannot loop.
  std::vector<Id> superiors;
  for (Id at = unit_id; superiors.size() < 64;) {
    NQ_TRY(auto versions, storage::List<UnitVersion>(tx, {storage::Eq("unit_id", at)}));
    auto covering = std::find_if(versions.begin(), versions.end(),
                                 [&](const UnitVersion& v) { return v.validity.Covers(date); });
    if (covering == versions.end() || !covering->parent_id) break;
    at = *covering->parent_id;
    superiors.push_back(at);
  }
  // The unit and, when it moved with them, the units under it that day, each with its distance
  // below the unit: they all come into the reach of the new superiors.
  std::vector<std::pair<Unit, int64_t>> entering{{unit, 0}};
  for (size_t next = 0; next < entering.size() && entering.size() < 100'000; ++next) {
    NQ_TRY(auto versions,
           storage::List<UnitVersion>(tx, {storage::Eq("parent_id", entering[next].first.id)}));
    for (const UnitVersion& version : versions) {
      if (!version.validity.Covers(date)) continue;
      NQ_TRY(Unit below, storage::Get<Unit>(tx, version.unit_id));
      if (below.validity.Covers(date)) entering.emplace_back(below, entering[next].second + 1);
    }
  }
  for (size_t index = 0; index < superiors.size(); ++index) {
    NQ_TRY(auto obligations,
           storage::List<Obligation>(tx, {storage::Eq("issuer_unit_id", superiors[index])}));
    for (const Obligation& obligation : obligations) {
      if (obligation.units_listed || obligation.due_on < date) continue;
      for (const auto& [entered, distance] : entering) {
        const int64_t level = static_cast<int64_t>(index) + 1 + distance;
        if (obligation.depth != 0 && obligation.depth < level) continue;
        if (!KindFits(obligation, entered.kind_id)) continue;
        NQ_TRY(auto owned,
               storage::List<Assignment>(tx, {storage::Eq("obligation_id", obligation.id),
                                              storage::Eq("unit_id", entered.id)}));
        if (!owned.empty()) continue;
        Assignment assignment;
        assignment.obligation_id = obligation.id;
        assignment.unit_id = entered.id;
        NQ_TRY(Assignment stored, CreateEntity(scope, std::move(assignment)));
        made.push_back(std::move(stored));
      }
    }
  }
  return made;
}

Result<Reach> ObligationReach(Service& service, const Principal& principal,
                              const ReachQuery& query) {
  NQ_RETURN_IF_ERROR(CheckDepth(query.depth, "depth"));
  Access access(principal, service.engine(), service.Today());
  NQ_RETURN_IF_ERROR(access.Require(Action::kRead, query.issuer_unit_id,
                                    fmt::format("unit {}", query.issuer_unit_id)));
  const Date on = query.on.value_or(service.Today());
  return service.database().Read([&](storage::Transaction& tx) -> Result<Reach> {
    NQ_TRY(auto kinds, storage::List<UnitKind>(tx));
    std::map<Id, const UnitKind*> kind_by_id;
    for (const UnitKind& kind : kinds) kind_by_id[kind.id] = &kind;
    for (Id kind : query.kind_ids) {
      if (!kind_by_id.count(kind)) {
        return FieldError("kind_ids", "query parameter \"kind_ids\": unit kind {} not found", kind);
      }
    }
    Obligation planned;
    planned.issuer_unit_id = query.issuer_unit_id;
    planned.kind_ids = query.kind_ids;
    planned.depth = query.depth;
    planned.issued_on = planned.due_on = on;
    NQ_TRY(auto units, UnitsInReach(tx, planned));
    Reach reach{query.issuer_unit_id, query.depth, on, 0, {}};
    std::map<Id, int64_t> counts;
    for (const Unit& unit : units) {
      if (!access.Can(Action::kRead, unit.id)) continue;
      ++counts[unit.kind_id];
      ++reach.total;
    }
    for (const auto& [kind_id, count] : counts) {
      const UnitKind& kind = *kind_by_id.at(kind_id);
      reach.by_kind.push_back({kind_id, kind.code, kind.name, kind.name_en, count});
    }
    std::sort(reach.by_kind.begin(), reach.by_kind.end(), [&](const auto& a, const auto& b) {
      return std::tie(kind_by_id.at(a.kind_id)->level, a.code) <
             std::tie(kind_by_id.at(b.kind_id)->level, b.code);
    });
    return reach;
  });
}

}  // namespace nq::app
