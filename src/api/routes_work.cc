// Routes for the work units do: obligations and assignments, reports and their workflow,
// recommendations, comments, and the audit trail.
#include <charconv>

#include "api/app.h"
#include "api/crud.h"
#include "api/job_routes.h"
#include "app/duty_reach.h"
#include "app/exchange/values_csv.h"
#include "app/work.h"
#include "domain/registry.h"

namespace nq::api {
namespace {

using namespace nq::domain;

Result<HttpResponse> CreateObligation(const Call& call) {
  NQ_TRY(json::value body, call.Body());
  Obligation obligation;
  NQ_RETURN_IF_ERROR(formats::FromJson(body, obligation));
  NQ_TRY(auto unit_ids, UnitIdsOf(body.as_object()));
  NQ_TRY(auto coordinating, UnitIdsOf(body.as_object(), "coordinating_unit_ids"));
  return WriteResponse(app::CreateObligationAs(call.service(), call.principal(), call.Actor(),
                                               call.Fingerprint(), obligation, unit_ids,
                                               coordinating.value_or(std::vector<Id>{})));
}

// The "kind_ids" of a reach: unit kind ids separated by commas; none means every kind.
Result<std::vector<Id>> QueryKindIds(const Call& call) {
  std::vector<Id> kind_ids;
  const std::string text = call.QueryText("kind_ids").value_or("");
  if (text.empty()) return kind_ids;
  for (size_t start = 0; start <= text.size();) {
    size_t comma = std::min(text.find(',', start), text.size());
    const std::string part = text.substr(start, comma - start);
    Id id = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), id);
    if (ec != std::errc() || end != part.data() + part.size() || id <= 0) {
      return FieldError("kind_ids",
                        "query parameter \"kind_ids\" must list unit kind ids separated by "
                        "commas, not \"{}\"",
                        text);
    }
    kind_ids.push_back(id);
    start = comma + 1;
  }
  return kind_ids;
}

// The "depth" of a reach: 1 unless asked; 0 for every level.
Result<int64_t> QueryReachDepth(const Call& call) {
  const std::optional<std::string> text = call.QueryText("depth");
  if (!text) return 1;
  int64_t depth = -1;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), depth);
  if (ec != std::errc() || end != text->data() + text->size() || depth < 0 ||
      depth > kMaxObligationDepth) {
    return FieldError("depth",
                      "query parameter \"depth\" must be 0 (every level) or a level from 1 to "
                      "{}, not \"{}\"",
                      kMaxObligationDepth, *text);
  }
  return depth;
}

Result<HttpResponse> ObligationReach(const Call& call) {
  app::ReachQuery query;
  NQ_TRY(query.issuer_unit_id, call.RequiredQueryUnit("issuer_unit_id"));
  NQ_TRY(query.kind_ids, QueryKindIds(call));
  NQ_TRY(query.depth, QueryReachDepth(call));
  NQ_TRY(query.on, call.ExplicitAsOf());
  NQ_TRY(app::Reach reach, app::ObligationReach(call.service(), call.principal(), query));
  json::array by_kind;
  for (const app::ReachByKind& kind : reach.by_kind) {
    by_kind.push_back(json::object{{"kind_id", kind.kind_id},
                                   {"code", kind.code},
                                   {"name", kind.name},
                                   {"name_en", kind.name_en},
                                   {"count", kind.count}});
  }
  return JsonResponse(200, json::object{{"issuer_unit_id", reach.issuer_unit_id},
                                        {"depth", reach.depth},
                                        {"as_of", reach.on.ToString()},
                                        {"total", reach.total},
                                        {"by_kind", std::move(by_kind)}});
}

sc::Schema ReachSchema() {
  sc::Schema kind =
      sc::Object({{"kind_id", sc::PositiveId()},
                  {"code", sc::Example(sc::Text("Mã loại đơn vị"), "xa-thi-tran")},
                  {"name", sc::Example(sc::Text("Tên loại đơn vị"), "Đảng bộ xã, thị trấn")},
                  {"name_en", sc::Text("Tên tiếng Anh")},
                  {"count", sc::Integer("Số đơn vị thuộc diện")}});
  return sc::Named(
      "ObligationReach",
      sc::Object({{"issuer_unit_id", sc::PositiveId()},
                  {"depth", sc::Integer("Số cấp dưới đơn vị ban hành; 0 là mọi cấp")},
                  {"as_of", sc::DateText("Ngày của cây đơn vị")},
                  {"total", sc::Integer("Tổng số đơn vị thuộc diện")},
                  {"by_kind", sc::ArrayOf(sc::Named("ObligationReachKind", std::move(kind)))}},
                 "Số đơn vị một nhiệm vụ sẽ giao tới, theo loại đơn vị"));
}

Result<HttpResponse> GetObligation(const Call& call) {
  NQ_TRY(Id id, call.PathId("obligation"));
  NQ_TRY(app::ObligationWithAssignments view,
         app::FindObligation(call.service(), call.principal(), id));
  json::object out = formats::ToJson(view.obligation).as_object();
  out["assignments"] = ListJson(view.assignments).at("items");
  return JsonResponse(200, out, view.obligation.version);
}

Result<HttpResponse> ListReports(const Call& call) {
  QueryFilters filters(call);
  filters.Id("unit_id", "unit_id").Id("document_id", "document_id").Period("period", "period");
  if (auto status = call.QueryText("status")) {
    auto parsed = ParseReportStatus(*status);
    if (!parsed) {
      return FieldError("status", "query parameter \"status\": {}", parsed.error().message);
    }
    filters.Add("status", *status);
  }
  NQ_TRY(auto where, filters.Finish());
  NQ_TRY(auto rows, app::ListVisible<Report>(call.service(), call.principal(), where));
  return JsonResponse(200, ListJson(rows));
}

Result<HttpResponse> CreateReport(const Call& call) {
  NQ_TRY(json::value body, call.Body());
  Report report;
  NQ_TRY(auto reader, formats::ObjectReader::Of(body));
  reader.Integer("unit_id", report.unit_id)
      .Period("period", report.period)
      .OptId("document_id", report.document_id);
  NQ_RETURN_IF_ERROR(reader.Finish());
  if (const json::value* sections = reader.Member("sections")) {
    NQ_RETURN_IF_ERROR(formats::FromJson(*sections, report.sections));
  }
  return WriteResponse(app::CreateReportAs(call.service(), call.principal(), call.Actor(),
                                           call.Fingerprint(), report));
}

Result<HttpResponse> PatchReport(const Call& call) {
  NQ_TRY(Id id, call.PathId("report"));
  NQ_TRY(int64_t version, call.RequiredIfMatch());
  NQ_TRY(json::value body, call.Body());
  NQ_TRY(auto reader, formats::ObjectReader::Of(body));
  const json::value* sections = reader.Member("sections");
  if (!sections) return FieldError("/sections", "field \"/sections\" is required");
  return WriteResponse(app::PatchReportSectionsAs(call.service(), call.principal(), call.Actor(),
                                                  call.Fingerprint(), id, version, *sections));
}

Result<HttpResponse> TransitionReport(const Call& call) {
  NQ_TRY(Id id, call.PathId("report"));
  NQ_TRY(std::optional<int64_t> version, call.IfMatch());
  NQ_TRY(json::value body, call.Body());
  NQ_TRY(auto reader, formats::ObjectReader::Of(body));
  ReportAction action = ReportAction::kSubmit;
  std::string comment;
  reader.Enum("action", action, ParseReportAction)
      .Text("comment", comment, formats::Need::kOptional, 20'000);
  NQ_RETURN_IF_ERROR(reader.Finish());
  return WriteResponse(app::TransitionReportAs(call.service(), call.principal(), call.Actor(),
                                               call.Fingerprint(), id, action, comment, version));
}

Result<HttpResponse> CreateRecommendation(const Call& call) {
  NQ_TRY(json::value body, call.Body());
  Recommendation recommendation;
  NQ_RETURN_IF_ERROR(formats::FromJson(body, recommendation));
  return WriteResponse(app::CreateRecommendationAs(call.service(), call.principal(), call.Actor(),
                                                   call.Fingerprint(), recommendation));
}

Result<HttpResponse> AnswerOrClose(const Call& call, bool close) {
  NQ_TRY(Id id, call.PathId("recommendation"));
  NQ_TRY(std::optional<int64_t> version, call.IfMatch());
  std::string answer;
  if (!close) {
    NQ_TRY(json::value body, call.Body());
    NQ_TRY(auto reader, formats::ObjectReader::Of(body));
    reader.Text("answer", answer, formats::Need::kRequired, 20'000);
    NQ_RETURN_IF_ERROR(reader.Finish());
  }
  if (close) {
    return WriteResponse(app::CloseRecommendationAs(call.service(), call.principal(), call.Actor(),
                                                    call.Fingerprint(), id, version));
  }
  return WriteResponse(app::AnswerRecommendationAs(call.service(), call.principal(), call.Actor(),
                                                   call.Fingerprint(), id, answer, version));
}

Result<HttpResponse> ListComments(const Call& call) {
  QueryFilters filters(call);
  std::string entity = call.QueryText("entity").value_or("");
  if (!entity.empty()) filters.Add("entity", entity);
  filters.Id("entity_id", "entity_id");
  NQ_TRY(auto where, filters.Finish());
  NQ_TRY(auto rows, app::ListVisible<Comment>(call.service(), call.principal(), where));
  return JsonResponse(200, ListJson(rows));
}

Result<HttpResponse> CreateComment(const Call& call) {
  NQ_TRY(json::value body, call.Body());
  Comment comment;
  NQ_RETURN_IF_ERROR(formats::FromJson(body, comment));
  return WriteResponse(app::CreateCommentAs(call.service(), call.principal(), call.Actor(),
                                            call.Fingerprint(), comment));
}

json::value AuditJson(const std::string& text) {
  if (text.empty()) return nullptr;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value(nullptr) : v;
}

// A time bound of the audit: Unix milliseconds, or a date (its first millisecond, UTC; for `to`,
// the day after, so that the day is included).
Result<std::optional<UnixMillis>> QueryTime(const Call& call, const std::string& name, bool end) {
  const std::optional<std::string> text = call.QueryText(name);
  if (!text || text->empty()) return std::optional<UnixMillis>();
  UnixMillis millis = 0;
  const char* last = text->data() + text->size();
  if (auto [at, ec] = std::from_chars(text->data(), last, millis);
      ec == std::errc() && at == last) {
    return std::optional<UnixMillis>(millis);
  }
  if (auto date = Date::Parse(*text)) {
    return std::optional<UnixMillis>(int64_t{date->AddDays(end ? 1 : 0).days()} * 86'400'000);
  }
  return FieldError(name,
                    "query parameter \"{}\" must be a date (2026-03-01) or Unix milliseconds, got "
                    "\"{}\"",
                    name, text->substr(0, 80));
}

// The audit query of the request; `most` rows at most (the limit parameter, 1 to `most`).
Result<app::AuditQuery> ReadAuditQuery(const Call& call, int64_t most) {
  app::AuditQuery query;
  auto text = [&](const std::string& name) -> std::optional<std::string> {
    auto value = call.QueryText(name);
    if (value && value->empty()) return std::nullopt;
    return value;
  };
  query.entity = text("entity");
  query.actor = text("actor");
  query.action = text("action");
  NQ_TRY(query.entity_id, call.QueryId("entity_id"));
  NQ_TRY(query.unit_id, call.QueryId("unit_id"));
  NQ_TRY(query.before_id, call.QueryId("before_id"));
  NQ_TRY(query.from, QueryTime(call, "from", false));
  NQ_TRY(query.to, QueryTime(call, "to", true));
  query.limit = most;
  if (auto limit = text("limit")) {
    int64_t n = 0;
    const char* last = limit->data() + limit->size();
    auto [at, ec] = std::from_chars(limit->data(), last, n);
    if (ec != std::errc() || at != last || n < 1 || n > most) {
      return FieldError("limit", "query parameter \"limit\" must be a number from 1 to {}", most);
    }
    query.limit = n;
  }
  return query;
}

// The audit rows of the request; a malformed parameter is answered after the rights check, so
// others learn nothing from it.
Result<std::vector<app::AuditEntry>> ReadAudit(const Call& call, int64_t most) {
  Result<app::AuditQuery> query = ReadAuditQuery(call, most);
  app::AuditQuery probe;
  probe.limit = 1;
  NQ_TRY(auto rows, app::ListAudit(call.service(), call.principal(), query ? *query : probe));
  NQ_RETURN_IF_ERROR(query);
  return rows;
}

Result<HttpResponse> ListAudit(const Call& call) {
  NQ_TRY(auto rows, ReadAudit(call, 1000));
  json::array items;
  for (const app::AuditEntry& r : rows) {
    items.push_back(json::object{{"id", r.id},
                                 {"at", r.at},
                                 {"actor", r.actor},
                                 {"address", r.address},
                                 {"action", r.action},
                                 {"entity", r.entity},
                                 {"entity_id", r.entity_id ? json::value(*r.entity_id) : nullptr},
                                 {"unit_id", r.unit_id ? json::value(*r.unit_id) : nullptr},
                                 {"unit_code", r.unit_code},
                                 {"unit_name", r.unit_name},
                                 {"before", AuditJson(r.before)},
                                 {"after", AuditJson(r.after)},
                                 {"idempotency_key", r.idempotency_key}});
  }
  return JsonResponse(200, json::object{{"count", items.size()}, {"items", std::move(items)}});
}

// A JSON member as one line of text: strings as they are, the rest as JSON.
std::string CellText(const json::value* value) {
  if (!value || value->is_null()) return "";
  if (value->is_string()) return std::string(value->as_string());
  return json::serialize(*value);
}

// What changed, one "field: old → new" per line: the members whose values differ between the
// record before and the record after (a record created or deleted lists all of its members);
// the version, which every change moves, only when nothing else changed. As the web UI shows it
// (web/src/lib/auditDiff.ts).
std::string AuditChanges(const std::string& before_text, const std::string& after_text) {
  const json::value before = AuditJson(before_text);
  const json::value after = AuditJson(after_text);
  const json::object empty;
  const json::object& old_record = before.is_object() ? before.as_object() : empty;
  const json::object& new_record = after.is_object() ? after.as_object() : empty;
  std::vector<std::string> keys;
  for (const auto& member : old_record) keys.emplace_back(member.key());
  for (const auto& member : new_record) {
    if (!old_record.contains(member.key())) keys.emplace_back(member.key());
  }
  std::vector<std::string> lines;
  bool version = false;
  for (const std::string& key : keys) {
    const json::value* was = old_record.if_contains(key);
    const json::value* now = new_record.if_contains(key);
    if (was && now && *was == *now) continue;
    if (key == "version") {
      version = true;
      continue;
    }
    lines.push_back(fmt::format("{}: {} → {}", key, CellText(was), CellText(now)));
  }
  if (lines.empty() && version) {
    lines.push_back(fmt::format("version: {} → {}", CellText(old_record.if_contains("version")),
                                CellText(new_record.if_contains("version"))));
  }
  std::string out;
  for (const std::string& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

// The audit as CSV for a spreadsheet: UTF-8 with a byte order mark (so Excel reads Vietnamese),
// CRLF line ends, every cell defused against formulas.
std::string AuditCsv(const std::vector<app::AuditEntry>& rows) {
  std::string out = "\xEF\xBB\xBF";
  out += "id,at,actor,address,action,entity,entity_id,unit_code,unit_name,changes,before,after\r\n";
  for (const app::AuditEntry& r : rows) {
    const std::string at =
        fmt::format("{}T{:02}:{:02}:{:02}Z", Date::FromUnixMillis(r.at).ToString(),
                    (r.at / 3'600'000) % 24, (r.at / 60'000) % 60, (r.at / 1000) % 60);
    const std::string cells[] = {std::to_string(r.id),
                                 at,
                                 r.actor,
                                 r.address,
                                 r.action,
                                 r.entity,
                                 r.entity_id ? std::to_string(*r.entity_id) : "",
                                 r.unit_code,
                                 r.unit_name,
                                 AuditChanges(r.before, r.after),
                                 r.before,
                                 r.after};
    bool first = true;
    for (const std::string& cell : cells) {
      if (!first) out += ',';
      first = false;
      out += app::CsvCell(cell);
    }
    out += "\r\n";
  }
  return out;
}

Result<HttpResponse> ExportAuditCsv(const Call& call) {
  NQ_TRY(auto rows, ReadAudit(call, 10'000));
  return FileResponse(AuditCsv(rows), "text/csv; charset=utf-8", "audit.csv");
}

sc::Schema ObligationWithAssignmentsSchema() {
  return sc::Named("ObligationWithAssignments",
                   sc::Extend(formats::AnswerSchema<Obligation>(),
                              {{"assignments", sc::ArrayOf(formats::AnswerSchema<Assignment>())}}));
}

// The filters of the audit and its CSV.
Route& AuditQueries(Route& route) {
  const sc::Schema time =
      sc::Example(sc::Text("Ngày (2026-03-01, tính cả ngày) hoặc mili giây Unix"), "2026-03-01");
  return route.Query("entity", sc::Example(sc::Text(), "report"))
      .Query("entity_id", sc::PositiveId())
      .Query("actor", sc::Example(sc::Text("Tên đăng nhập"), "admin"))
      .Query("action", sc::Example(sc::Text("create, update, delete, denied…"), "denied"))
      .Query("unit_id", sc::PositiveId("Đơn vị và các đơn vị trực thuộc"))
      .Query("from", time)
      .Query("to", time)
      .Query("before_id", sc::PositiveId("Trang sau: các dòng cũ hơn dòng này"))
      .Query("limit", sc::Schema{{"type", "integer"}, {"minimum", 1}, {"maximum", 10'000}});
}

sc::Schema AuditSchema() {
  sc::Schema entry = sc::Object({{"id", sc::PositiveId()},
                                 {"at", sc::Millis()},
                                 {"actor", sc::Example(sc::Text("Người thực hiện"), "admin")},
                                 {"address", sc::Text("Địa chỉ IP")},
                                 {"action", sc::Example(sc::Text(), "update")},
                                 {"entity", sc::Example(sc::Text(), "report")},
                                 {"entity_id", sc::Nullable(sc::PositiveId())},
                                 {"unit_id", sc::Nullable(sc::PositiveId("Đơn vị liên quan"))},
                                 {"unit_code", sc::Text()},
                                 {"unit_name", sc::Text()},
                                 {"before", sc::AnyValue("Bản ghi trước khi đổi, hoặc null")},
                                 {"after", sc::AnyValue("Bản ghi sau khi đổi, hoặc null")},
                                 {"idempotency_key", sc::Text()}});
  return ListSchema(sc::Named("AuditEntry", std::move(entry)));
}

}  // namespace

void AddWorkRoutes(Router& router, app::Service& service) {
  // Before the obligations' own routes, so that "reach" is not read as an obligation's id.
  router
      .Add("GET", "/api/v1/obligations/reach",
           "How many units an obligation would reach, by kind, before it is saved",
           Bind(service, ObligationReach))
      .Query("issuer_unit_id", sc::UnitKey(), true)
      .Query("kind_ids", sc::Example(sc::Text("Mã số các loại đơn vị, cách nhau bởi dấu phẩy; "
                                              "bỏ trống là mọi loại"),
                                     "3,4"))
      .Query("depth",
             sc::Schema{{"type", "integer"}, {"minimum", 0}, {"maximum", kMaxObligationDepth}})
      .Query("as_of", AsOfSchema())
      .Answers(200, ReachSchema());
  AddCrud<Obligation>(
      router, service, "/api/v1/obligations", "obligation",
      {{{"issuer_unit_id", "issuer_unit_id"}, {"document_id", "document_id"}}, false, true, false});
  router
      .Add("POST", "/api/v1/obligations",
           "Create an obligation and assign it to the applicable units",
           Bind(service, CreateObligation))
      .Takes(sc::Named(
          "ObligationCreate",
          sc::Extend(formats::CreateSchema<Obligation>(),
                     {sc::Optional("unit_ids", sc::Nullable(sc::ArrayOf(
                                                   sc::PositiveId(),
                                                   "Các đơn vị được giao (chủ trì); mặc định "
                                                   "mọi đơn vị thuộc diện"))),
                      sc::Optional("coordinating_unit_ids",
                                   sc::Nullable(sc::ArrayOf(
                                       sc::PositiveId(),
                                       "Các đơn vị phối hợp; cần ít nhất một đơn vị chủ trì "
                                       "trong unit_ids, mỗi đơn vị chỉ một vai trò")))})))
      .Answers(201, ObligationWithAssignmentsSchema());
  router
      .Add("GET", "/api/v1/obligations/{id}/assignments", "An obligation with its assignments",
           Bind(service, GetObligation))
      .Answers(200, ObligationWithAssignmentsSchema());
  AddCrud<Regime>(router, service, "/api/v1/regimes", "regime",
                  {{{"issuer_unit_id", "issuer_unit_id"}}, true, true, true});
  AddCrud<Extension>(router, service, "/api/v1/extensions", "extension",
                     {{{"regime_id", "regime_id"}, {"unit_id", "unit_id"}}, true, true, true});
  AddCrud<Assignment>(
      router, service, "/api/v1/assignments", "assignment",
      {{{"obligation_id", "obligation_id"}, {"unit_id", "unit_id"}}, false, true, false});
  router
      .Add("GET", "/api/v1/reports", "List reports (unit_id, period, status, document_id)",
           Bind(service, ListReports))
      .Query("unit_id", sc::PositiveId())
      .Query("document_id", sc::PositiveId())
      .Query("period", sc::PeriodCode())
      .Query("status", sc::OneOf(EnumNameList<ReportStatus>()))
      .Answers(200, ListSchema<Report>());
  router.Add("GET", "/api/v1/reports/{id}", "Get one report", Bind(service, GetEntity<Report>))
      .Answers(200, formats::AnswerSchema<Report>());
  const sc::Schema sections = sc::AllOptional(formats::ReportSectionsSchema());
  router
      .Add("POST", "/api/v1/reports", "Open a draft report for a unit and period",
           Bind(service, CreateReport))
      .Takes(sc::Named("ReportCreate",
                       sc::Object({{"unit_id", sc::PositiveId()},
                                   {"period", sc::PeriodCode()},
                                   sc::Optional("document_id", sc::Nullable(sc::PositiveId())),
                                   sc::Optional("sections", sections)})))
      .Answers(201, formats::AnswerSchema<Report>());
  router
      .Add("PATCH", "/api/v1/reports/{id}", "Edit the narrative of a draft or returned report",
           Bind(service, PatchReport))
      .Takes(sc::Named("ReportPatch", sc::Object({{"sections", sections}})))
      .Answers(200, formats::AnswerSchema<Report>());
  router
      .Add("POST", "/api/v1/reports/{id}/transitions", "submit, accept, return or reopen",
           Bind(service, TransitionReport))
      .Takes(sc::Named(
          "ReportTransition",
          sc::Object({{"action", sc::OneOf(EnumNameList<ReportAction>(),
                                           "Gửi, chấp nhận, trả lại hoặc mở lại báo cáo")},
                      sc::Optional("comment", sc::Example(sc::Schema{{"type", "string"},
                                                                     {"maxLength", 20'000}},
                                                          "Đề nghị bổ sung số liệu quý III"))})))
      .Answers(200, formats::AnswerSchema<Report>());
  AddCrud<Recommendation>(
      router, service, "/api/v1/recommendations", "recommendation",
      {{{"from_unit_id", "from_unit_id"}, {"to_unit_id", "to_unit_id"}, {"item_id", "item_id"}},
       false,
       false,
       false});
  router
      .Add("POST", "/api/v1/recommendations", "Raise a recommendation to a higher unit",
           Bind(service, CreateRecommendation))
      .Takes(formats::CreateSchema<Recommendation>())
      .Answers(201, formats::AnswerSchema<Recommendation>());
  router
      .Add("POST", "/api/v1/recommendations/{id}/answer", "Answer a recommendation",
           Bind(service, [](const Call& call) { return AnswerOrClose(call, false); }))
      .Takes(
          sc::Object({{"answer", sc::Example(sc::Schema{{"type", "string"}, {"maxLength", 20'000}},
                                             "Đã bố trí kinh phí trong năm 2026")}}))
      .Answers(200, formats::AnswerSchema<Recommendation>());
  router
      .Add("POST", "/api/v1/recommendations/{id}/close", "Close an answered recommendation",
           Bind(service, [](const Call& call) { return AnswerOrClose(call, true); }))
      .TakesNothing()
      .Answers(200, formats::AnswerSchema<Recommendation>());
  router
      .Add("GET", "/api/v1/comments", "Comments on an entity (entity, entity_id)",
           Bind(service, ListComments))
      .Query("entity", sc::Example(sc::Text(), "report"))
      .Query("entity_id", sc::PositiveId())
      .Answers(200, ListSchema<Comment>());
  router
      .Add("POST", "/api/v1/comments", "Comment on an item, report, recommendation…",
           Bind(service, CreateComment))
      .Takes(formats::CreateSchema<Comment>())
      .Answers(201, formats::AnswerSchema<Comment>());
  AuditQueries(router.Add("GET", "/api/v1/audit",
                          "The audit trail, newest first: all of it for administrators, the rows "
                          "about the units a manager manages for them; filtered, 1000 rows a page",
                          Bind(service, ListAudit)))
      .Answers(200, AuditSchema());
  AuditQueries(router.Add("GET", "/api/v1/audit.csv",
                          "The same audit rows as CSV (UTF-8 with BOM), up to 10 000",
                          Bind(service, ExportAuditCsv)))
      .AnswersFile("text/csv");
}

}  // namespace nq::api
