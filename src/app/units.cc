#include "app/units.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "app/duty_reach.h"
#include "app/use_cases.h"
#include "common/text.h"
#include "engine/structure.h"

namespace nq::app {
namespace {

using namespace nq::domain;

std::optional<Id> ParseId(std::string_view key) {
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
  if (ec != std::errc() || ptr != key.data() + key.size()) return std::nullopt;
  return id;
}

Result<Unit> ResolveUnit(storage::Transaction& tx, std::string_view key) {
  if (auto id = ParseId(key)) return storage::Get<Unit>(tx, *id);
  return storage::GetByCode<Unit>(tx, key);
}

UnitSummary Summarize(const Unit& unit, const std::vector<UnitKind>& kinds,
                      const engine::Engine& engine, Date as_of) {
  UnitSummary out{unit, std::nullopt, std::nullopt, unit.validity.Covers(as_of), std::nullopt};
  for (const UnitKind& kind : kinds) {
    if (kind.id == unit.kind_id) out.kind = kind;
  }
  auto parent = engine.Parent(unit.id, as_of);
  if (parent && *parent) out.parent_id = **parent;
  if (unit.validity.valid_to && *unit.validity.valid_to < as_of) {
    out.closed_on = unit.validity.valid_to->AddDays(1);
  }
  return out;
}

bool Matches(const Unit& unit, const UnitSearch& search, const std::string& folded_query,
             const std::vector<Id>& children) {
  if (!search.include_closed && folded_query.empty() && !unit.validity.Covers(search.as_of)) {
    return false;
  }
  if (search.kind_id && unit.kind_id != *search.kind_id) return false;
  if (search.parent_id && std::find(children.begin(), children.end(), unit.id) == children.end()) {
    return false;
  }
  return folded_query.empty() ||
         MatchesSearch(FoldForSearch(unit.name + " " + unit.short_name + " " + unit.code),
                       folded_query);
}

// Best matches first: the unit called exactly that, then names starting with it; then higher
// levels of the tree; then Vietnamese alphabetical order.
void Rank(std::vector<const Unit*>& matches, const std::vector<UnitKind>& kinds,
          const std::string& folded_query) {
  std::map<Id, int> level;
  for (const UnitKind& kind : kinds) level[kind.id] = kind.level;
  auto rank = [&](const Unit* unit) {
    if (folded_query.empty()) return 0;
    std::string name = FoldForSearch(unit->short_name);
    if (name == folded_query) return 0;
    return name.starts_with(folded_query) ? 1 : 2;
  };
  std::sort(matches.begin(), matches.end(), [&](const Unit* a, const Unit* b) {
    auto key_a = std::make_pair(rank(a), level[a->kind_id]);
    auto key_b = std::make_pair(rank(b), level[b->kind_id]);
    if (key_a != key_b) return key_a < key_b;
    return CompareVietnamese(a->short_name, b->short_name) < 0;
  });
}

}  // namespace

Result<UnitList> SearchUnits(Service& service, const Principal& principal,
                             const UnitSearch& search) {
  if (!IsValidUtf8(search.query)) {
    return FieldError("q", "query parameter \"q\" is not valid UTF-8");
  }
  const std::string folded_query = FoldForSearch(search.query);
  engine::Engine& engine = service.engine();
  auto data = service.database().Read(
      [&](storage::Transaction& tx) -> Result<std::pair<std::vector<Unit>, std::vector<UnitKind>>> {
        NQ_TRY(auto units, storage::List<Unit>(tx));
        NQ_TRY(auto kinds, storage::List<UnitKind>(tx));
        return std::make_pair(std::move(units), std::move(kinds));
      });
  if (!data) return std::unexpected(data.error());
  auto& [units, kinds] = *data;
  std::vector<Id> children;
  if (search.parent_id) {
    children = engine.Children(*search.parent_id, search.as_of).value_or(std::vector<Id>{});
  }
  Access access(principal, engine, search.as_of);
  std::vector<const Unit*> matches;
  for (const Unit& unit : units) {
    if (access.Can(Action::kRead, unit.id) && Matches(unit, search, folded_query, children)) {
      matches.push_back(&unit);
    }
  }
  Rank(matches, kinds, folded_query);
  UnitList list;
  list.count = matches.size();
  for (const Unit* unit : matches) {
    if (std::ssize(list.items) >= search.limit) break;
    list.items.push_back(Summarize(*unit, kinds, engine, search.as_of));
  }
  return list;
}

Result<UnitView> ViewUnit(Service& service, const Principal& principal, std::string_view key,
                          std::optional<Date> as_of) {
  engine::Engine& engine = service.engine();
  // Rights follow the tree of the date asked for (today by default), the view that of the
  // unit's last open day when it closed by then.
  Access access(principal, engine, as_of.value_or(service.Today()));
  return service.database().Read([&](storage::Transaction& tx) -> Result<UnitView> {
    NQ_TRY(Unit unit, ResolveUnit(tx, key));
    UnitView view;
    view.as_of = as_of ? *as_of : engine.structure()->LastOpenOnOrBefore(unit.id, service.Today());
    NQ_RETURN_IF_ERROR(access.Require(Action::kRead, unit.id, fmt::format("unit \"{}\"", key)));
    NQ_TRY(auto kinds, storage::List<UnitKind>(tx));
    view.summary = Summarize(unit, kinds, engine, view.as_of);
    for (Id id : engine.Path(unit.id, view.as_of).value_or(std::vector<Id>{})) {
      if (!access.Can(Action::kRead, id)) continue;
      NQ_TRY(Unit step, storage::Get<Unit>(tx, id));
      view.path.push_back(std::move(step));
    }
    for (Id id : engine.Children(unit.id, view.as_of).value_or(std::vector<Id>{})) {
      if (!access.Can(Action::kRead, id)) continue;
      NQ_TRY(Unit child, storage::Get<Unit>(tx, id));
      view.children.push_back(Summarize(child, kinds, engine, view.as_of));
    }
    NQ_TRY(view.history, storage::List<UnitVersion>(tx, {storage::Eq("unit_id", unit.id)}));
    return view;
  });
}

Result<Id> ResolveUnitId(Service& service, std::string_view key) {
  if (auto id = ParseId(key); id && *id > 0) return *id;
  return service.database().Read([&](storage::Transaction& tx) -> Result<Id> {
    NQ_TRY(Unit unit, storage::GetByCode<Unit>(tx, key));
    return unit.id;
  });
}

namespace {

Result<Unit> CreateUnitUnder(WriteScope& scope, const Access& access, const Unit& unit,
                             std::optional<Id> parent_id) {
  if (parent_id) {
    NQ_RETURN_IF_ERROR(
        access.Require(Action::kAdminister, *parent_id, fmt::format("unit {}", *parent_id)));
    NQ_TRY(Unit created, CreateUnit(scope, unit, parent_id));
    // In the reach of an obligation not yet due, it owes the duty at once (decision 0012).
    NQ_RETURN_IF_ERROR(AssignDutiesInReach(scope, created.id, created.validity.valid_from));
    return created;
  }
  NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "a new root unit"));
  // Validated like any new unit, so a bad field is named first; then refused, which rolls the
  // transaction back: no grant reaches a unit above every tree, so it would never be seen again.
  NQ_RETURN_IF_ERROR(CreateUnit(scope, unit, std::nullopt));
  return MakeError(ErrorCode::kPermissionDenied,
                   "{} may not create the root unit \"{}\": it would lie outside every grant; a "
                   "new tree is set up with `nqtrack init`",
                   access.principal().login, unit.code);
}

}  // namespace

Result<Reply> CreateUnitAs(Service& service, const Principal& principal, const Actor& actor,
                           std::string_view fingerprint, const Unit& unit,
                           std::optional<Id> parent_id) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    NQ_TRY(Unit created, CreateUnitUnder(scope, access, unit, parent_id));
                    json::object out = formats::ToJson(created).as_object();
                    out["parent_id"] = parent_id ? json::value(*parent_id) : json::value(nullptr);
                    return Reply{201, std::move(out)};
                  });
}

}  // namespace nq::app
