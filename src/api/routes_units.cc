// Routes for the unit tree and the reference data around it: kinds, units, terms, fields,
// people and their responsibilities.
#include <algorithm>
#include <charconv>
#include <map>

#include "api/app.h"
#include "api/authorize.h"
#include "api/crud.h"
#include "common/text.h"

namespace nq::api {
namespace {

using namespace nq::domain;

// A unit by numeric id or by code.
Result<Unit> ResolveUnit(storage::Transaction& tx, const std::string& key) {
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
  if (ec == std::errc() && ptr == key.data() + key.size()) return storage::Get<Unit>(tx, id);
  return storage::GetByCode<Unit>(tx, key);
}

json::object UnitSummary(const Unit& unit, const std::vector<UnitKind>& kinds,
                         const engine::Engine& engine, Date as_of) {
  json::object out = formats::ToJson(unit).as_object();
  for (const UnitKind& kind : kinds) {
    if (kind.id == unit.kind_id) out["kind"] = formats::ToJson(kind);
  }
  auto parent = engine.Parent(unit.id, as_of);
  out["parent_id"] = parent && *parent ? json::value(**parent) : json::value(nullptr);
  out["open"] = unit.validity.Covers(as_of);
  out["closed_on"] = unit.validity.valid_to && *unit.validity.valid_to < as_of
                         ? json::value(unit.validity.valid_to->AddDays(1).ToString())
                         : json::value(nullptr);
  return out;
}

HttpResponse ListUnits(const Call& call) {
  auto parent_id = call.QueryId("parent_id");
  if (!parent_id) return ErrorResponse(parent_id.error());
  // The subordinates of a unit closed by today are those it had on its last open day.
  auto as_of = call.AsOfFor(*parent_id);
  if (!as_of) return ErrorResponse(as_of.error());
  auto kind_id = call.QueryId("kind_id");
  if (!kind_id) return ErrorResponse(kind_id.error());
  std::string query = call.QueryText("q").value_or("");
  if (!IsValidUtf8(query)) {
    return ErrorResponse(FieldError("q", "query parameter \"q\" is not valid UTF-8"));
  }
  std::string folded_query = FoldForSearch(query);
  // A search finds closed units too (marked "open": false): their history stays reachable.
  bool include_closed =
      call.QueryText("include_closed").value_or("") == "true" || !folded_query.empty();
  int64_t limit = 100;
  if (auto text = call.QueryText("limit")) {
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (ec != std::errc() || ptr != text->data() + text->size() || limit < 1 || limit > 5000) {
      return ErrorResponse(FieldError(
          "limit", "query parameter \"limit\" must be 1–5000, got \"{}\"", text->substr(0, 40)));
    }
  }
  engine::Engine& engine = call.service().engine();
  auto data = call.service().database().Read(
      [&](storage::Transaction& tx) -> Result<std::pair<std::vector<Unit>, std::vector<UnitKind>>> {
        NQ_TRY(auto units, storage::List<Unit>(tx));
        NQ_TRY(auto kinds, storage::List<UnitKind>(tx));
        return std::make_pair(std::move(units), std::move(kinds));
      });
  if (!data) return ErrorResponse(data.error());
  auto& [units, kinds] = *data;
  // An unknown parent lists nothing, like a parent out of sight: the answer must not tell them
  // apart.
  std::vector<Id> children;
  if (*parent_id) children = engine.Children(**parent_id, *as_of).value_or(std::vector<Id>{});
  app::Access access(call.principal(), engine, *as_of);
  std::vector<const Unit*> matches;
  for (const Unit& unit : units) {
    if (!access.Can(Action::kRead, unit.id)) continue;
    if (!include_closed && !unit.validity.Covers(*as_of)) continue;
    if (*kind_id && unit.kind_id != **kind_id) continue;
    if (*parent_id && std::find(children.begin(), children.end(), unit.id) == children.end()) {
      continue;
    }
    if (!folded_query.empty() &&
        !MatchesSearch(FoldForSearch(unit.name + " " + unit.short_name + " " + unit.code),
                       folded_query)) {
      continue;
    }
    matches.push_back(&unit);
  }
  // Best matches first: the unit called exactly that, then names starting with it; then
  // higher levels of the tree; then Vietnamese alphabetical order.
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
  json::array items;
  for (const Unit* unit : matches) {
    if (std::ssize(items) >= limit) break;
    items.push_back(UnitSummary(*unit, kinds, engine, *as_of));
  }
  return JsonResponse(200, json::object{{"items", std::move(items)},
                                        {"count", matches.size()},
                                        {"as_of", as_of->ToString()}});
}

HttpResponse GetUnit(const Call& call) {
  auto as_of = call.AsOf();
  if (!as_of) return ErrorResponse(as_of.error());
  engine::Engine& engine = call.service().engine();
  app::Access access(call.principal(), engine, *as_of);
  auto view = call.service().database().Read([&](storage::Transaction& tx) -> Result<json::object> {
    NQ_TRY(Unit unit, ResolveUnit(tx, call.PathParam("id")));
    // A unit closed by today is shown as it stood on its last open day.
    NQ_TRY(as_of, call.AsOfFor(unit.id));
    NQ_RETURN_IF_ERROR(
        access.Require(Action::kRead, unit.id, fmt::format("unit \"{}\"", call.PathParam("id"))));
    NQ_TRY(auto kinds, storage::List<UnitKind>(tx));
    json::object out = UnitSummary(unit, kinds, engine, *as_of);
    json::array path;
    if (auto ids = engine.Path(unit.id, *as_of)) {
      for (Id id : *ids) {
        if (!access.Can(Action::kRead, id)) continue;
        NQ_TRY(Unit step, storage::Get<Unit>(tx, id));
        path.push_back(
            json::object{{"id", step.id}, {"code", step.code}, {"name", step.short_name}});
      }
    }
    out["path"] = std::move(path);
    json::array children;
    if (auto ids = engine.Children(unit.id, *as_of)) {
      for (Id id : *ids) {
        if (!access.Can(Action::kRead, id)) continue;
        NQ_TRY(Unit child, storage::Get<Unit>(tx, id));
        children.push_back(UnitSummary(child, kinds, engine, *as_of));
      }
    }
    out["children"] = std::move(children);
    NQ_TRY(auto versions, storage::List<UnitVersion>(tx, "unit_id = ?", {unit.id}));
    json::array history;
    for (const UnitVersion& version : versions) history.push_back(formats::ToJson(version));
    out["history"] = std::move(history);
    out["as_of"] = as_of->ToString();
    return out;
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, *view, view->at("version").as_int64());
}

HttpResponse CreateUnit(const Call& call) {
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  Unit unit;
  if (auto decoded = formats::FromJson(*body, unit); !decoded)
    return ErrorResponse(decoded.error());
  std::optional<Id> parent_id;
  auto reader = formats::ObjectReader::Of(*body);
  reader->OptId("parent_id", parent_id);
  if (auto ok = reader->Finish(); !ok) return ErrorResponse(ok.error());
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    if (parent_id) {
      NQ_RETURN_IF_ERROR(
          access.Require(Action::kAdminister, *parent_id, fmt::format("unit {}", *parent_id)));
    } else {
      NQ_RETURN_IF_ERROR(access.RequireGlobal(Action::kAdminister, "a new root unit"));
    }
    NQ_TRY(Unit created, app::CreateUnit(scope, unit, parent_id));
    json::object out = formats::ToJson(created).as_object();
    out["parent_id"] = parent_id ? json::value(*parent_id) : json::value(nullptr);
    return app::Reply{201, std::move(out)};
  });
}

}  // namespace

void AddUnitRoutes(Router& router, app::Service& service) {
  AddCrud<UnitKind>(router, service, "/api/v1/unit-kinds", "unit kind");
  router.Add("GET", "/api/v1/units",
             "Search units (q ignores diacritics and case; as_of, parent_id, kind_id, limit)",
             [&service](const HttpRequest& request, const PathParams& params) {
               return ListUnits(Call(request, params, service));
             });
  router.Add("GET", "/api/v1/units/{id}", "A unit by id or code, with path and children as of",
             [&service](const HttpRequest& request, const PathParams& params) {
               return GetUnit(Call(request, params, service));
             });
  router.Add("POST", "/api/v1/units", "Create a unit under a parent",
             [&service](const HttpRequest& request, const PathParams& params) {
               return CreateUnit(Call(request, params, service));
             });
  router.Add("PATCH", "/api/v1/units/{id}", "Update a unit (If-Match required)",
             [&service](const HttpRequest& request, const PathParams& params) {
               return PatchFromBody<Unit>(Call(request, params, service));
             });
  AddCrud<Term>(router, service, "/api/v1/terms", "term");
  AddCrud<Field>(router, service, "/api/v1/fields", "field");
  AddCrud<Person>(router, service, "/api/v1/people", "person", {{{"unit_id", "unit_id"}}});
  AddCrud<Responsibility>(router, service, "/api/v1/responsibilities", "responsibility",
                          {{{"person_id", "person_id"}, {"unit_id", "unit_id"}}, true, true, true});
}

}  // namespace nq::api
