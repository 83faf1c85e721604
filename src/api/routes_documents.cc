// Routes for indicators and their values, and for documents with their item trees and links.
#include "api/app.h"
#include "api/crud.h"
#include "app/documents.h"
#include "app/values.h"
#include "domain/registry.h"

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

Result<HttpResponse> PutValues(const Call& call) {
  NQ_TRY(json::value body, call.Body());
  NQ_TRY(std::vector<app::ValueInput> inputs, DecodeValues(body));
  json::object details;
  auto reply = app::PutValuesAs(call.service(), call.principal(), call.Actor(), call.Fingerprint(),
                                inputs, details);
  return WriteResponse(reply, details);
}

// The item at the other end of a link, as the document tree shows it.
json::object LinkedItemJson(const app::LinkedItem& linked) {
  return json::object{{"item_id", linked.item.id},
                      {"code", linked.item.code},
                      {"title", linked.item.title},
                      {"kind", ItemKindName(linked.item.kind)},
                      {"document_id", linked.document.id},
                      {"document_title", linked.document.title},
                      {"issuer_unit_id", linked.document.issuer_unit_id},
                      {"link_id", linked.link.id},
                      {"link_kind", LinkKindName(linked.link.kind)}};
}

json::object ItemNodeJson(const app::ItemNode& node) {
  json::object out = formats::ToJson(node.item).as_object();
  json::array children;
  for (const app::ItemNode& child : node.children) children.push_back(ItemNodeJson(child));
  out["children"] = std::move(children);
  json::array up;
  for (const app::LinkedItem& linked : node.links_up) up.push_back(LinkedItemJson(linked));
  out["links_up"] = std::move(up);
  json::array down;
  for (const app::LinkedItem& linked : node.links_down) down.push_back(LinkedItemJson(linked));
  out["links_down"] = std::move(down);
  return out;
}

sc::Schema LinkedItemSchema() {
  return sc::Named("LinkedItem", sc::Object({{"item_id", sc::PositiveId()},
                                             {"code", sc::Text()},
                                             {"title", sc::Text()},
                                             {"kind", sc::OneOf(EnumNameList<ItemKind>())},
                                             {"document_id", sc::PositiveId()},
                                             {"document_title", sc::Text()},
                                             {"issuer_unit_id", sc::PositiveId()},
                                             {"link_id", sc::PositiveId()},
                                             {"link_kind", sc::OneOf(EnumNameList<LinkKind>())}}));
}

// ItemNodeJson's: an item with its children, each of the same shape.
sc::Schema TreeItemSchema() {
  return sc::Named(
      "TreeItem",
      sc::Extend(
          formats::AnswerSchema<Item>(),
          {{"children", sc::ArrayOf(sc::Schema{{"$ref", "#/components/schemas/TreeItem"}})},
           {"links_up", sc::ArrayOf(LinkedItemSchema(), "Các mục cấp trên mà mục này cụ thể hóa")},
           {"links_down",
            sc::ArrayOf(LinkedItemSchema(), "Các mục cấp dưới cụ thể hóa mục này")}}));
}

// The document with its items as a tree, and the links up and down from each item.
Result<HttpResponse> GetDocument(const Call& call) {
  NQ_TRY(Id id, call.PathId("document"));
  NQ_TRY(app::DocumentTree tree, app::ViewDocument(call.service(), call.principal(), id));
  json::object out = formats::ToJson(tree.document).as_object();
  json::array roots;
  for (const app::ItemNode& node : tree.roots) roots.push_back(ItemNodeJson(node));
  out["items"] = std::move(roots);
  out["item_count"] = tree.item_count;
  json::array issuer_path;
  for (const Unit& step : tree.issuer_path) {
    issuer_path.push_back(
        json::object{{"id", step.id}, {"code", step.code}, {"name", step.short_name}});
  }
  out["issuer_path"] = std::move(issuer_path);
  out["issuer_name"] = tree.issuer_path.empty() ? "" : tree.issuer_path.back().name;
  return JsonResponse(200, out, tree.document.version);
}

}  // namespace

// {"item": an ItemCreate, "link": {"to_item_id", "kind", "share"}}: a new item linked up.
Result<HttpResponse> Concretize(const Call& call) {
  NQ_TRY(json::value body, call.Body());
  NQ_TRY(auto reader, formats::ObjectReader::Of(body));
  Item item{};
  Link link{};
  const json::value* item_json = reader.Member("item");
  const json::value* link_json = reader.Member("link");
  if (!item_json) return FieldError("/item", "field \"/item\" is required");
  if (!link_json) return FieldError("/link", "field \"/link\" is required");
  if (auto decoded = formats::FromJson(*item_json, item); !decoded) {
    return std::unexpected(app::Under("/item", std::move(decoded.error())));
  }
  if (link_json->is_object() && link_json->as_object().contains("from_item_id")) {
    return FieldError("/link/from_item_id",
                      "field \"/link/from_item_id\" is the new item's: leave it out");
  }
  if (auto decoded = formats::FromJson(*link_json, link, /*partial=*/true); !decoded) {
    return std::unexpected(app::Under("/link", std::move(decoded.error())));
  }
  if (link.to_item_id <= 0) {
    return FieldError("/link/to_item_id", "field \"/link/to_item_id\" is required");
  }
  return WriteResponse(app::ConcretizeAs(call.service(), call.principal(), call.Actor(),
                                         call.Fingerprint(), item, link));
}

void AddDocumentRoutes(Router& router, app::Service& service) {
  AddCrud<Indicator>(router, service, "/api/v1/indicators", "indicator");
  router
      .Add("GET", "/api/v1/values", "Current values (indicator_id, unit_id, period, report_id)",
           [&service](const HttpRequest& request, const PathParams& params) {
             return ListValues(Call(request, params, service));
           })
      .Query("indicator_id", sc::PositiveId())
      .Query("unit_id", sc::PositiveId())
      .Query("period", sc::PeriodCode())
      .Query("report_id", sc::PositiveId())
      .Answers(200, ListSchema<Value>());
  router
      .Add("GET", "/api/v1/values/history", "Every version of one value",
           [&service](const HttpRequest& request, const PathParams& params) {
             return ValueHistory(Call(request, params, service));
           })
      .Query("indicator_id", sc::PositiveId(), true)
      .Query("unit_id", sc::PositiveId(), true)
      .Query("period", sc::PeriodCode(), true)
      .Answers(200, ListSchema<Value>());
  sc::Schema input = sc::Object(
      {{"indicator_id", sc::PositiveId()},
       {"unit_id", sc::PositiveId()},
       {"period", sc::PeriodCode()},
       {"value",
        sc::Example(sc::AnyValue("Số, chữ hoặc có/không theo loại chỉ tiêu; null để xóa"), 12.5)},
       sc::Optional("comment", sc::Schema{{"type", "string"}, {"maxLength", 2000}}),
       sc::Optional("report_id", sc::Nullable(sc::PositiveId()))});
  sc::Schema batch = sc::ArrayOf(std::move(input));
  batch["minItems"] = 1;
  batch["maxItems"] = kMaxValuesPerBatch;
  router
      .Add("POST", "/api/v1/values", "Write a batch of values, all or nothing",
           [&service](const HttpRequest& request, const PathParams& params) {
             return PutValues(Call(request, params, service));
           })
      .Takes(sc::Named("ValueBatch", sc::Object({{"values", std::move(batch)}})))
      .Answers(200,
               sc::Named("ValuesWritten",
                         sc::Object({{"written", sc::Integer()},
                                     {"values", sc::ArrayOf(formats::AnswerSchema<Value>())}})));
  AddCrud<Document>(router, service, "/api/v1/documents", "document",
                    {{{"issuer_unit_id", "issuer_unit_id"}}});
  // The detail route replaces the plain one: the document with its item tree and links.
  router
      .Add("GET", "/api/v1/documents/{id}/tree", "A document with its item tree and links",
           [&service](const HttpRequest& request, const PathParams& params) {
             return GetDocument(Call(request, params, service));
           })
      .Answers(
          200,
          sc::Named("DocumentTree",
                    sc::Extend(
                        formats::AnswerSchema<Document>(),
                        {{"items", sc::ArrayOf(TreeItemSchema())},
                         {"item_count", sc::Integer()},
                         {"issuer_path",
                          sc::ArrayOf(PathStepSchema(),
                                      "Đường từ gốc đến đơn vị ban hành (đơn vị ban hành ở cuối)")},
                         {"issuer_name", sc::Text("Tên đầy đủ của đơn vị ban hành")}})));
  AddCrud<Declaration>(router, service, "/api/v1/declarations", "declaration",
                       {{{"item_id", "item_id"}, {"unit_id", "unit_id"}}, true, true, true});
  AddCrud<Item>(router, service, "/api/v1/items", "item",
                {{{"document_id", "document_id"}}, true, true, true});
  AddCrud<Link>(
      router, service, "/api/v1/links", "link",
      {{{"from_item_id", "from_item_id"}, {"to_item_id", "to_item_id"}}, true, false, true});
  // The link as created, but for its lower end: the new item.
  sc::Schema link_input = sc::Without(formats::CreateSchema<Link>(), {"from_item_id"});
  router
      .Add("POST", "/api/v1/concretizations",
           "Create an item of a subordinate's document already linked up to a superior's "
           "target, both in one transaction",
           Bind(service, Concretize))
      .Takes(sc::Named("ConcretizationCreate", sc::Object({{"item", formats::CreateSchema<Item>()},
                                                           {"link", std::move(link_input)}})))
      .Answers(201,
               sc::Named("Concretization", sc::Object({{"item", formats::AnswerSchema<Item>()},
                                                       {"link", formats::AnswerSchema<Link>()}})));
}

}  // namespace nq::api
