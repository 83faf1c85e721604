// Routes for the work units do: obligations and assignments, reports and their workflow,
// recommendations, comments, and the audit trail.
#include "api/app.h"
#include "app/policy.h"
#include "api/crud.h"

namespace nq::api {
namespace {

using namespace nq::domain;

HttpResponse CreateObligation(const Call& call) {
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  Obligation obligation;
  if (auto ok = formats::FromJson(*body, obligation); !ok) return ErrorResponse(ok.error());
  std::optional<std::vector<Id>> unit_ids;
  if (const json::value* units = body->as_object().if_contains("unit_ids");
      units && !units->is_null()) {
    if (!units->is_array()) {
      return ErrorResponse(
          FieldError("/unit_ids", "field \"/unit_ids\" must be an array of unit ids"));
    }
    unit_ids.emplace();
    for (const json::value& id : units->get_array()) {
      if (!id.is_int64() || id.get_int64() <= 0) {
        return ErrorResponse(
            FieldError("/unit_ids", "field \"/unit_ids\" must be an array of unit ids"));
      }
      unit_ids->push_back(id.get_int64());
    }
  }
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_RETURN_IF_ERROR(app::RequireWrite(scope.tx(), access, obligation, "a new obligation"));
    if (unit_ids) {
      for (Id unit : *unit_ids) {
        NQ_RETURN_IF_ERROR(access.Require(Action::kManage, unit, fmt::format("unit {}", unit)));
      }
    }
    NQ_TRY(auto created, app::CreateObligation(scope, obligation, unit_ids));
    json::object out = formats::ToJson(created.first).as_object();
    out["assignments"] = ListJson(created.second).at("items");
    return app::Reply{201, std::move(out)};
  });
}

HttpResponse GetObligation(const Call& call) {
  auto id = call.PathId("obligation");
  if (!id) return ErrorResponse(id.error());
  app::Access access = call.access();
  auto view = call.service().database().Read([&](storage::Transaction& tx) -> Result<json::object> {
    NQ_TRY(Obligation obligation, storage::Get<Obligation>(tx, *id));
    NQ_RETURN_IF_ERROR(app::RequireRead(tx, access, obligation, fmt::format("obligation {}", *id)));
    NQ_TRY(auto all, storage::List<Assignment>(tx, {storage::Eq("obligation_id", *id)}));
    NQ_TRY(auto assignments, app::VisibleRows(tx, access, std::move(all)));
    json::object out = formats::ToJson(obligation).as_object();
    out["assignments"] = ListJson(assignments).at("items");
    return out;
  });
  if (!view) return ErrorResponse(view.error());
  return JsonResponse(200, *view, view->at("version").as_int64());
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

HttpResponse CreateReport(const Call& call) {
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  Report report;
  auto reader = formats::ObjectReader::Of(*body);
  if (!reader) return ErrorResponse(reader.error());
  reader->Integer("unit_id", report.unit_id)
      .Period("period", report.period)
      .OptId("document_id", report.document_id);
  if (auto ok = reader->Finish(); !ok) return ErrorResponse(ok.error());
  if (const json::value* sections = reader->Member("sections")) {
    if (auto ok = formats::FromJson(*sections, report.sections); !ok)
      return ErrorResponse(ok.error());
  }
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_RETURN_IF_ERROR(app::RequireWrite(scope.tx(), access, report, "a new report"));
    NQ_TRY(Report created, app::CreateReport(scope, report));
    return app::Reply{201, formats::ToJson(created)};
  });
}

HttpResponse PatchReport(const Call& call) {
  auto id = call.PathId("report");
  if (!id) return ErrorResponse(id.error());
  auto version = call.RequiredIfMatch();
  if (!version) return ErrorResponse(version.error());
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  auto reader = formats::ObjectReader::Of(*body);
  if (!reader) return ErrorResponse(reader.error());
  const json::value* sections = reader->Member("sections");
  if (!sections) return ErrorResponse(FieldError("/sections", "field \"/sections\" is required"));
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_TRY(Report stored, storage::Get<Report>(scope.tx(), *id));
    NQ_RETURN_IF_ERROR(app::RequireWrite(scope.tx(), access, stored, fmt::format("report {}", *id)));
    ReportSections merged = stored.sections;
    NQ_RETURN_IF_ERROR(formats::FromJson(*sections, merged, true));
    NQ_TRY(Report updated, app::UpdateReportSections(scope, *id, *version, merged));
    return app::Reply{200, formats::ToJson(updated)};
  });
}

HttpResponse TransitionReport(const Call& call) {
  auto id = call.PathId("report");
  if (!id) return ErrorResponse(id.error());
  auto version = call.IfMatch();
  if (!version) return ErrorResponse(version.error());
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  auto reader = formats::ObjectReader::Of(*body);
  if (!reader) return ErrorResponse(reader.error());
  ReportAction action = ReportAction::kSubmit;
  std::string comment;
  reader->Enum("action", action, ParseReportAction)
      .Text("comment", comment, formats::Need::kOptional, 20'000);
  if (auto ok = reader->Finish(); !ok) return ErrorResponse(ok.error());
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_TRY(Report stored, storage::Get<Report>(scope.tx(), *id));
    Action needed = action == ReportAction::kSubmit ? Action::kEnter : Action::kReview;
    NQ_RETURN_IF_ERROR(access.Require(needed, stored.unit_id, fmt::format("report {}", *id)));
    NQ_TRY(Report report, app::TransitionReport(scope, *id, action, comment, *version));
    return app::Reply{200, formats::ToJson(report)};
  });
}

HttpResponse CreateRecommendation(const Call& call) {
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  Recommendation recommendation;
  if (auto ok = formats::FromJson(*body, recommendation); !ok) return ErrorResponse(ok.error());
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_RETURN_IF_ERROR(app::RequireWrite(scope.tx(), access, recommendation, "a new recommendation"));
    NQ_RETURN_IF_ERROR(app::RequireReferences(scope.tx(), access, recommendation));
    recommendation.created_at = scope.now();
    recommendation.status = RecommendationStatus::kOpen;
    NQ_TRY(Recommendation created, app::CreateEntity(scope, recommendation));
    return app::Reply{201, formats::ToJson(created)};
  });
}

HttpResponse AnswerOrClose(const Call& call, bool close) {
  auto id = call.PathId("recommendation");
  if (!id) return ErrorResponse(id.error());
  auto version = call.IfMatch();
  if (!version) return ErrorResponse(version.error());
  std::string answer;
  if (!close) {
    auto body = call.Body();
    if (!body) return ErrorResponse(body.error());
    auto reader = formats::ObjectReader::Of(*body);
    if (!reader) return ErrorResponse(reader.error());
    reader->Text("answer", answer, formats::Need::kRequired, 20'000);
    if (auto ok = reader->Finish(); !ok) return ErrorResponse(ok.error());
  }
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_TRY(Recommendation stored, storage::Get<Recommendation>(scope.tx(), *id));
    std::string what = fmt::format("recommendation {}", *id);
    NQ_RETURN_IF_ERROR(app::RequireRead(scope.tx(), access, stored, what));
    // Seen, so a missing role is a 403 even when the other end is out of sight.
    Action needed = close ? Action::kEnter : Action::kManage;
    if (!access.Can(needed, close ? stored.from_unit_id : stored.to_unit_id)) {
      return access.Denied(needed, what);
    }
    NQ_TRY(Recommendation r, close ? app::CloseRecommendation(scope, *id, *version)
                                   : app::AnswerRecommendation(scope, *id, answer, *version));
    return app::Reply{200, formats::ToJson(r)};
  });
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

HttpResponse CreateComment(const Call& call) {
  auto body = call.Body();
  if (!body) return ErrorResponse(body.error());
  Comment comment;
  if (auto ok = formats::FromJson(*body, comment); !ok) return ErrorResponse(ok.error());
  app::Access access = call.access();
  return Mutation(call, [&](app::WriteScope& scope) -> Result<app::Reply> {
    NQ_RETURN_IF_ERROR(app::RequireWrite(scope.tx(), access, comment,
                                    fmt::format("{} {}", comment.entity, comment.entity_id)));
    comment.author = scope.actor().name;
    comment.created_at = scope.now();
    NQ_TRY(Comment created, app::CreateEntity(scope, comment));
    return app::Reply{201, formats::ToJson(created)};
  });
}

HttpResponse ListAudit(const Call& call) {
  if (auto allowed = call.access().RequireGlobal(Action::kAdminister, "the audit"); !allowed) {
    return ErrorResponse(allowed.error());
  }
  storage::AuditFilter filter;
  filter.entity = call.QueryText("entity");
  filter.actor = call.QueryText("actor");
  auto entity_id = call.QueryId("entity_id");
  if (!entity_id) return ErrorResponse(entity_id.error());
  filter.entity_id = *entity_id;
  auto rows = call.service().database().Read(
      [&](storage::Transaction& tx) { return storage::ListAudit(tx, filter); });
  if (!rows) return ErrorResponse(rows.error());
  json::array items;
  for (const storage::AuditRecord& r : *rows) {
    auto parse = [](const std::string& text) -> json::value {
      if (text.empty()) return nullptr;
      boost::system::error_code ec;
      json::value v = json::parse(text, ec);
      return ec ? json::value(nullptr) : v;
    };
    items.push_back(json::object{{"id", r.id},
                                 {"at", r.at},
                                 {"actor", r.actor},
                                 {"address", r.address},
                                 {"action", r.action},
                                 {"entity", r.entity},
                                 {"entity_id", r.entity_id ? json::value(*r.entity_id) : nullptr},
                                 {"before", parse(r.before)},
                                 {"after", parse(r.after)},
                                 {"idempotency_key", r.idempotency_key}});
  }
  return JsonResponse(200, json::object{{"count", items.size()}, {"items", std::move(items)}});
}

}  // namespace

void AddWorkRoutes(Router& router, app::Service& service) {
  AddCrud<Obligation>(
      router, service, "/api/v1/obligations", "obligation",
      {{{"issuer_unit_id", "issuer_unit_id"}, {"document_id", "document_id"}}, false, true, false});
  router.Add("POST", "/api/v1/obligations",
             "Create an obligation and assign it to the applicable units",
             Bind(service, CreateObligation));
  router.Add("GET", "/api/v1/obligations/{id}/assignments", "An obligation with its assignments",
             Bind(service, GetObligation));
  AddCrud<Assignment>(
      router, service, "/api/v1/assignments", "assignment",
      {{{"obligation_id", "obligation_id"}, {"unit_id", "unit_id"}}, false, true, false});
  router.Add("GET", "/api/v1/reports", "List reports (unit_id, period, status, document_id)",
             Bind(service, ListReports));
  router.Add("GET", "/api/v1/reports/{id}", "Get one report", Bind(service, GetEntity<Report>));
  router.Add("POST", "/api/v1/reports", "Open a draft report for a unit and period",
             Bind(service, CreateReport));
  router.Add("PATCH", "/api/v1/reports/{id}", "Edit the narrative of a draft or returned report",
             Bind(service, PatchReport));
  router.Add("POST", "/api/v1/reports/{id}/transitions", "submit, accept, return or reopen",
             Bind(service, TransitionReport));
  AddCrud<Recommendation>(
      router, service, "/api/v1/recommendations", "recommendation",
      {{{"from_unit_id", "from_unit_id"}, {"to_unit_id", "to_unit_id"}, {"item_id", "item_id"}},
       false,
       false,
       false});
  router.Add("POST", "/api/v1/recommendations", "Raise a recommendation to a higher unit",
             Bind(service, CreateRecommendation));
  router.Add("POST", "/api/v1/recommendations/{id}/answer", "Answer a recommendation",
             Bind(service, [](const Call& call) { return AnswerOrClose(call, false); }));
  router.Add("POST", "/api/v1/recommendations/{id}/close", "Close an answered recommendation",
             Bind(service, [](const Call& call) { return AnswerOrClose(call, true); }));
  router.Add("GET", "/api/v1/comments", "Comments on an entity (entity, entity_id)",
             Bind(service, ListComments));
  router.Add("POST", "/api/v1/comments", "Comment on an item, report, recommendation…",
             Bind(service, CreateComment));
  router.Add("GET", "/api/v1/audit", "The audit trail (entity, entity_id, actor)",
             Bind(service, ListAudit));
}

}  // namespace nq::api
