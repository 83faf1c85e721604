// Routes for the unit tree and the reference data around it: kinds, units, terms, fields,
// people and their responsibilities.
#include <charconv>

#include "api/app.h"
#include "api/crud.h"
#include "app/units.h"

namespace nq::api {
namespace {

using namespace nq::domain;

json::object UnitSummaryJson(const app::UnitSummary& summary) {
  json::object out = formats::ToJson(summary.unit).as_object();
  if (summary.kind) out["kind"] = formats::ToJson(*summary.kind);
  out["parent_id"] = summary.parent_id ? json::value(*summary.parent_id) : json::value(nullptr);
  out["open"] = summary.open;
  out["closed_on"] =
      summary.closed_on ? json::value(summary.closed_on->ToString()) : json::value(nullptr);
  return out;
}

sc::Schema UnitSummarySchema() {
  return sc::Named(
      "UnitSummary",
      sc::Extend(formats::AnswerSchema<Unit>(),
                 {sc::Optional("kind", formats::AnswerSchema<UnitKind>()),
                  {"parent_id", sc::Nullable(sc::PositiveId("Đơn vị cấp trên vào ngày xem"))},
                  {"open", sc::Boolean("Còn hoạt động vào ngày xem")},
                  {"closed_on", sc::Nullable(sc::DateText("Ngày thôi hoạt động"))}}));
}

Result<int64_t> Limit(const Call& call) {
  auto text = call.QueryText("limit");
  if (!text) return 100;
  int64_t limit = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc() || ptr != text->data() + text->size() || limit < 1 || limit > 5000) {
    return FieldError("limit", "query parameter \"limit\" must be 1–5000, got \"{}\"",
                      text->substr(0, 40));
  }
  return limit;
}

Result<HttpResponse> ListUnits(const Call& call) {
  app::UnitSearch search;
  NQ_TRY(search.parent_id, call.QueryId("parent_id"));
  // The subordinates of a unit closed by today are those it had on its last open day.
  NQ_TRY(search.as_of, call.AsOfFor(search.parent_id));
  NQ_TRY(search.kind_id, call.QueryId("kind_id"));
  search.query = call.QueryText("q").value_or("");
  search.include_closed = call.QueryText("include_closed").value_or("") == "true";
  NQ_TRY(search.limit, Limit(call));
  NQ_TRY(app::UnitList list, app::SearchUnits(call.service(), call.principal(), search));
  json::array items;
  for (const app::UnitSummary& summary : list.items) items.push_back(UnitSummaryJson(summary));
  return JsonResponse(200, json::object{{"items", std::move(items)},
                                        {"count", list.count},
                                        {"as_of", search.as_of.ToString()}});
}

Result<HttpResponse> GetUnit(const Call& call) {
  NQ_TRY(std::optional<Date> as_of, call.ExplicitAsOf());
  NQ_TRY(app::UnitView view,
         app::ViewUnit(call.service(), call.principal(), call.PathParam("id"), as_of));
  json::object out = UnitSummaryJson(view.summary);
  json::array path;
  for (const Unit& step : view.path) {
    path.push_back(json::object{{"id", step.id}, {"code", step.code}, {"name", step.short_name}});
  }
  out["path"] = std::move(path);
  json::array children;
  for (const app::UnitSummary& child : view.children) children.push_back(UnitSummaryJson(child));
  out["children"] = std::move(children);
  json::array history;
  for (const UnitVersion& version : view.history) history.push_back(formats::ToJson(version));
  out["history"] = std::move(history);
  out["as_of"] = view.as_of.ToString();
  return JsonResponse(200, out, view.summary.unit.version);
}

Result<HttpResponse> CreateUnit(const Call& call) {
  NQ_TRY(json::value body, call.Body());
  Unit unit;
  NQ_RETURN_IF_ERROR(formats::FromJson(body, unit));
  std::optional<Id> parent_id;
  auto reader = formats::ObjectReader::Of(body);
  reader->OptId("parent_id", parent_id);
  NQ_RETURN_IF_ERROR(reader->Finish());
  return WriteResponse(app::CreateUnitAs(call.service(), call.principal(), call.Actor(),
                                         call.Fingerprint(), unit, parent_id));
}

}  // namespace

void AddUnitRoutes(Router& router, app::Service& service) {
  AddCrud<UnitKind>(router, service, "/api/v1/unit-kinds", "unit kind");
  router
      .Add("GET", "/api/v1/units",
           "Search units (q ignores diacritics and case; as_of, parent_id, kind_id, limit)",
           [&service](const HttpRequest& request, const PathParams& params) {
             return ListUnits(Call(request, params, service));
           })
      .Query("q", sc::Example(sc::Text(), "ba thuoc"), false, "Tìm theo tên hoặc mã, không dấu")
      .Query("parent_id", sc::PositiveId(), false, "Các đơn vị trực thuộc đơn vị này")
      .Query("kind_id", sc::PositiveId())
      .Query("as_of", AsOfSchema())
      .Query("include_closed", sc::Boolean(), false, "true: cả đơn vị đã thôi hoạt động")
      .Query("limit", sc::Schema{{"type", "integer"}, {"minimum", 1}, {"maximum", 5000}})
      .Answers(200, sc::Named("UnitSearch", sc::Object({{"items", sc::ArrayOf(UnitSummarySchema())},
                                                        {"count", sc::Integer("Số đơn vị khớp")},
                                                        {"as_of", sc::DateText()}})));
  router
      .Add("GET", "/api/v1/units/{id}", "A unit by id or code, with path and children as of",
           [&service](const HttpRequest& request, const PathParams& params) {
             return GetUnit(Call(request, params, service));
           })
      .Path("id", sc::UnitKey())
      .Query("as_of", AsOfSchema())
      .Answers(200,
               sc::Named("UnitDetail",
                         sc::Extend(UnitSummarySchema(),
                                    {{"path", sc::ArrayOf(PathStepSchema(), "Từ gốc đến đơn vị")},
                                     {"children", sc::ArrayOf(UnitSummarySchema())},
                                     {"history", sc::ArrayOf(formats::AnswerSchema<UnitVersion>())},
                                     {"as_of", sc::DateText()}})));
  router
      .Add("POST", "/api/v1/units", "Create a unit under a parent",
           [&service](const HttpRequest& request, const PathParams& params) {
             return CreateUnit(Call(request, params, service));
           })
      .Takes(sc::Named("UnitCreateUnder",
                       sc::Extend(formats::CreateSchema<Unit>(),
                                  {sc::Optional("parent_id", sc::Nullable(sc::PositiveId()))})))
      .Answers(201, sc::Named("UnitCreated",
                              sc::Extend(formats::AnswerSchema<Unit>(),
                                         {{"parent_id", sc::Nullable(sc::PositiveId())}})));
  router
      .Add("PATCH", "/api/v1/units/{id}", "Update a unit (If-Match required)",
           [&service](const HttpRequest& request, const PathParams& params) {
             return PatchFromBody<Unit>(Call(request, params, service));
           })
      .Takes(formats::PatchSchema<Unit>())
      .Answers(200, formats::AnswerSchema<Unit>());
  AddCrud<Term>(router, service, "/api/v1/terms", "term");
  AddCrud<Field>(router, service, "/api/v1/fields", "field");
  AddCrud<Person>(router, service, "/api/v1/people", "person", {{{"unit_id", "unit_id"}}});
  AddCrud<Responsibility>(router, service, "/api/v1/responsibilities", "responsibility",
                          {{{"person_id", "person_id"}, {"unit_id", "unit_id"}}, true, true, true});
}

}  // namespace nq::api
