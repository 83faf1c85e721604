// Routes for indicators and their values, and for documents with their item trees and links.
#include <algorithm>
#include <map>

#include "api/app.h"
#include "app/policy.h"
#include "api/crud.h"
#include "app/values.h"

namespace nq::api {
namespace {

using namespace nq::domain;

constexpr size_t kMaxValuesPerBatch = 10'000;

Result<HttpResponse> ListValues(const Call& call) {
  QueryFilters filters(call);
  filters.Id("indicator_id", "indicator_id").Id("unit_id", "unit_id").Id("report_id", "report_id");
  filters.Period("period", "period");
  NQ_TRY(auto where, filters.Finish());
  NQ_TRY(auto rows, app::ListValues(call.service(), call.principal(), where));
  return JsonResponse(200, ListJson(rows));
}

Result<HttpResponse> ValueHistory(const Call& call) {
  NQ_TRY(Id indicator, call.RequiredQueryId("indicator_id"));
  NQ_TRY(Id unit, call.RequiredQueryId("unit_id"));
  NQ_TRY(std::optional<Period> period, call.QueryPeriod("period"));
  if (!period) return FieldError("period", "query parameter \"period\" is required");
  NQ_TRY(auto rows, app::ValueHistory(call.service(), call.principal(), indicator, unit, *period));
  return JsonResponse(200, ListJson(rows));
}

Result<std::vector<app::ValueInput>> DecodeValues(const json::value& body) {
  NQ_TRY(auto reader, formats::ObjectReader::Of(body));
  const json::value* values = reader.Member("values");
  if (!values || !values->is_array()) {
    return FieldError("/values", "field \"/values\" must be an array of values");
  }
  const json::array& array = values->get_array();
  if (array.empty()) return FieldError("/values", "field \"/values\" is empty");
  if (array.size() > kMaxValuesPerBatch) {
    return FieldError("/values", "field \"/values\" holds {} values; at most {} per request",
                      array.size(), kMaxValuesPerBatch);
  }
  std::vector<app::ValueInput> inputs;
  for (size_t index = 0; index < array.size(); ++index) {
    NQ_TRY(auto entry, formats::ObjectReader::Of(array[index], fmt::format("/values/{}", index)));
    app::ValueInput input;
    entry.Id("indicator_id", input.indicator_id)
        .Id("unit_id", input.unit_id)
        .Period("period", input.period)
        .Text("comment", input.comment, formats::Need::kOptional, 2000)
        .OptId("report_id", input.report_id);
    if (const json::value* value = entry.Member("value")) {
      input.value = *value;
    } else {
      entry.Fail("value", fmt::format("field \"/values/{}/value\" is required", index));
    }
    NQ_RETURN_IF_ERROR(entry.Finish());
    inputs.push_back(std::move(input));
  }
  return inputs;
}

HttpResponse PutValues(const Call& call) {
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  auto inputs = DecodeValues(*body);
  if (!inputs) return ErrorResponse(inputs.error());
  json::object extra;
  return Mutation(
      call,
      [&](app::WriteScope& scope) -> Result<app::Reply> {
        std::vector<app::RecordError> errors;
        app::Access access = call.access();
        auto written = app::PutValues(scope, *inputs, errors, [&](Id unit) {
          return access.Require(Action::kEnter, unit, fmt::format("unit {}", unit));
        });
        if (!written) {
          json::array list;
          for (const auto& e : errors) {
            list.push_back(json::object{{"index", e.index},
                                        {"field", e.error.field},
                                        {"code", ErrorCodeName(e.error.code)},
                                        {"detail", e.error.message}});
          }
          extra["errors"] = std::move(list);
          return std::unexpected(written.error());
        }
        return app::Reply{200, json::object{{"written", written->size()},
                                                {"values", ListJson(*written).at("items")}}};
      },
      &extra);
}

// The document with its items as a tree, and the links up and down from each item.
Result<json::object> DocumentView(storage::Transaction& tx, const app::Access& access, Id id) {
  NQ_TRY(Document document, storage::Get<Document>(tx, id));
  NQ_RETURN_IF_ERROR(app::RequireRead(tx, access, document, fmt::format("document {}", id)));
  NQ_TRY(auto items, storage::List<Item>(tx, {storage::Eq("document_id", id)}));
  storage::SqlParams item_ids;
  for (const Item& item : items) item_ids.push_back(item.id);
  NQ_TRY(auto up, storage::List<Link>(tx, {storage::In("from_item_id", item_ids)}));
  NQ_TRY(auto down, storage::List<Link>(tx, {storage::In("to_item_id", item_ids)}));
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return std::tie(a.ordinal, a.id) < std::tie(b.ordinal, b.id);
  });
  auto visible = [&](Id item_id) -> Result<bool> {
    NQ_TRY(Item item, storage::Get<Item>(tx, item_id));
    return app::Readable(tx, access, item);
  };
  auto describe = [&](Id item_id) -> Result<json::object> {
    NQ_TRY(Item item, storage::Get<Item>(tx, item_id));
    NQ_TRY(Document owner, storage::Get<Document>(tx, item.document_id));
    return json::object{{"item_id", item.id},
                        {"code", item.code},
                        {"title", item.title},
                        {"kind", ItemKindName(item.kind)},
                        {"document_id", owner.id},
                        {"document_title", owner.title},
                        {"issuer_unit_id", owner.issuer_unit_id}};
  };
  std::map<Id, json::object> nodes;
  for (const Item& item : items) {
    json::object node = formats::ToJson(item).as_object();
    node["children"] = json::array();
    node["links_up"] = json::array();
    node["links_down"] = json::array();
    nodes.emplace(item.id, std::move(node));
  }
  for (const Link& link : up) {
    NQ_TRY(bool seen, visible(link.to_item_id));
    if (!seen) continue;
    NQ_TRY(json::object other, describe(link.to_item_id));
    other["link_id"] = link.id;
    other["link_kind"] = LinkKindName(link.kind);
    nodes.at(link.from_item_id)["links_up"].as_array().push_back(std::move(other));
  }
  for (const Link& link : down) {
    NQ_TRY(bool seen, visible(link.from_item_id));
    if (!seen) continue;
    NQ_TRY(json::object other, describe(link.from_item_id));
    other["link_id"] = link.id;
    other["link_kind"] = LinkKindName(link.kind);
    nodes.at(link.to_item_id)["links_down"].as_array().push_back(std::move(other));
  }
  // Attach children deepest first so each node is complete when it moves into its parent.
  std::vector<const Item*> order;
  for (const Item& item : items) order.push_back(&item);
  auto depth = [&](const Item* item) {
    int d = 0;
    for (auto parent = item->parent_id; parent && d < 64; ++d) {
      auto it =
          std::find_if(items.begin(), items.end(), [&](const Item& i) { return i.id == *parent; });
      parent = it == items.end() ? std::nullopt : it->parent_id;
    }
    return d;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](const Item* a, const Item* b) { return depth(a) > depth(b); });
  json::array roots;
  std::vector<std::pair<Id, json::object>> finished;
  for (const Item* item : order) {
    if (!item->parent_id || !nodes.count(*item->parent_id)) continue;
    auto& children = nodes.at(*item->parent_id)["children"].as_array();
    children.insert(children.begin(), std::move(nodes.at(item->id)));
    nodes.erase(item->id);
  }
  for (const Item& item : items) {
    if (nodes.count(item.id)) roots.push_back(std::move(nodes.at(item.id)));
  }
  json::object out = formats::ToJson(document).as_object();
  out["items"] = std::move(roots);
  out["item_count"] = items.size();
  return out;
}

HttpResponse GetDocument(const Call& call) {
  auto id = call.PathId("document");
  if (!id) return ErrorResponse(id.error());
  app::Access access = call.access();
  auto view = call.service().database().Read(
      [&](storage::Transaction& tx) { return DocumentView(tx, access, *id); });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, *view, view->at("version").as_int64());
}

}  // namespace

void AddDocumentRoutes(Router& router, app::Service& service) {
  AddCrud<Indicator>(router, service, "/api/v1/indicators", "indicator");
  router.Add("GET", "/api/v1/values", "Current values (indicator_id, unit_id, period, report_id)",
             [&service](const HttpRequest& request, const PathParams& params) {
               return ListValues(Call(request, params, service));
             });
  router.Add("GET", "/api/v1/values/history", "Every version of one value",
             [&service](const HttpRequest& request, const PathParams& params) {
               return ValueHistory(Call(request, params, service));
             });
  router.Add("POST", "/api/v1/values", "Write a batch of values, all or nothing",
             [&service](const HttpRequest& request, const PathParams& params) {
               return PutValues(Call(request, params, service));
             });
  AddCrud<Document>(router, service, "/api/v1/documents", "document",
                    {{{"issuer_unit_id", "issuer_unit_id"}}});
  // The detail route replaces the plain one: the document with its item tree and links.
  router.Add("GET", "/api/v1/documents/{id}/tree", "A document with its item tree and links",
             [&service](const HttpRequest& request, const PathParams& params) {
               return GetDocument(Call(request, params, service));
             });
  AddCrud<Item>(router, service, "/api/v1/items", "item",
                {{{"document_id", "document_id"}}, true, true, true});
  AddCrud<Link>(
      router, service, "/api/v1/links", "link",
      {{{"from_item_id", "from_item_id"}, {"to_item_id", "to_item_id"}}, true, false, true});
}

}  // namespace nq::api
