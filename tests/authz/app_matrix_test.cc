// The authorization matrix (tests/authz/matrix.txt) one level down: the cells of every route
// bound below are checked by calling the application layer directly, with the principal of the
// cell's role and the arguments the route's handler would decode, and mapping the result to a
// status as the API does. A route's binding calls what its handler calls: one use case or read,
// which owns validation, authorization and, for a write, the transaction. A job is followed
// until it ends. The world is built over HTTP; no cell makes a request. A route whose handler
// calls no app function stays HTTP-only (authz_test.cc checks it): it is listed in kHttpOnly
// with the reason, and any other route without a binding fails.
#include <gtest/gtest.h>

#include <charconv>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include "api/call.h"
#include "app/auth.h"
#include "app/check.h"
#include "app/documents.h"
#include "app/duty_reach.h"
#include "app/entities.h"
#include "app/exchange/workbooks_access.h"
#include "app/inbox.h"
#include "app/jobs.h"
#include "app/reorg/reorg.h"
#include "app/reorg/reorg_views.h"
#include "app/reports/report_access.h"
#include "app/rollups.h"
#include "app/units.h"
#include "app/users.h"
#include "app/values.h"
#include "app/views.h"
#include "app/work.h"
#include "authz/matrix.h"
#include "authz/world.h"
#include "formats/codec.h"

namespace nq::testing::authz {
namespace {

using domain::Id;

// One cell's request, as the route's handler sees it once decoded.
struct Request {
  std::vector<std::string> path;  // "api", "v1", "items", "12"
  std::map<std::string, std::string> query;
  json::value body;  // null when the body is no JSON
  std::string text;  // the body as sent
  std::optional<int64_t> if_match;
  std::string session;  // the token of the cell's fresh session, if it has one

  // The id after the collection ("12" of /api/v1/items/12); 0 when there is none.
  Id id() const { return path.size() > 3 ? ToId(path[3]).value_or(0) : 0; }
  std::optional<Id> QueryId(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::nullopt : ToId(it->second);
  }
  static std::optional<Id> ToId(std::string_view text) {
    Id id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return id;
  }
};

// "/api/v1/units?parent_id=3" → path and query; `body` parsed when given.
Request Decode(const std::string& target, const std::string& body) {
  Request request;
  size_t question = target.find('?');
  std::stringstream path(target.substr(0, question));
  for (std::string segment; std::getline(path, segment, '/');) {
    if (!segment.empty()) request.path.push_back(segment);
  }
  if (question != std::string::npos) {
    std::stringstream query(target.substr(question + 1));
    for (std::string pair; std::getline(query, pair, '&');) {
      size_t equals = pair.find('=');
      request.query[pair.substr(0, equals)] =
          equals == std::string::npos ? "" : pair.substr(equals + 1);
    }
  }
  request.text = body;
  boost::system::error_code ec;
  if (!body.empty()) request.body = json::parse(body, ec);
  return request;
}

// What the application answered: the status the API would send and, for a list, its rows; for a
// job started (202), the status its end would have (200 when it is done).
struct Answer {
  Answer(int code, std::optional<int64_t> listed = std::nullopt) : status(code), rows(listed) {}
  // An error answered as the API answers it (so NQ_TRY works in a binding).
  Answer(const std::unexpected<Error>& error) : status(api::ErrorResponse(error).status) {}
  int status;
  std::optional<int64_t> rows;
  int job_status = 0;
};

struct Context {
  app::Service& service;
  app::Authenticator& auth;
  app::JobRegistry& jobs;
  const app::Principal& principal;
  app::Actor actor;  // as the API records the principal, without an idempotency key
};

using Binding = std::function<Answer(Context&, const Request&)>;
using Bindings = std::map<std::string, Binding, std::less<>>;

Answer Refused(const Error& error) { return std::unexpected(error); }

template <typename T>
Answer Read(const Result<T>& result) {
  return result ? Answer{200} : Refused(result.error());
}

template <typename T>
Answer Listed(const Result<std::vector<T>>& result) {
  if (!result) return Refused(result.error());
  return {200, static_cast<int64_t>(result->size())};
}

// What a use case that writes answered.
Answer Replied(const Result<app::Reply>& reply) {
  return reply ? Answer{reply->status} : Refused(reply.error());
}

// A job started (202), followed until it ends, or the refusal to start it.
Answer Started(const Result<std::shared_ptr<app::Job>>& job) {
  if (!job) return Refused(job.error());
  (*job)->Wait();
  Answer answer{202};
  if ((*job)->state() == app::JobState::kDone) {
    answer.job_status = 200;
  } else if (auto error = (*job)->error()) {
    answer.job_status = Refused(*error).status;
  }
  return answer;
}

bool Async(const Request& request) {
  auto async = request.query.find("async");
  return async != request.query.end() && async->second == "true";
}

// The list filters of the query: a number compares an id column, anything else a text column.
std::vector<app::FieldFilter> FiltersOf(const Request& request) {
  std::vector<app::FieldFilter> filters;
  for (const auto& [name, value] : request.query) {
    if (auto id = Request::ToId(value)) {
      filters.push_back({name, *id});
    } else {
      filters.push_back({name, value});
    }
  }
  return filters;
}

// ---- The generic entity routes (api/crud.h)

template <typename T>
Answer ListRows(Context& context, const Request& request) {
  return Listed(app::ListVisible<T>(context.service, context.principal, FiltersOf(request)));
}

template <typename T>
Answer GetRow(Context& context, const Request& request) {
  return Read(app::FindVisible<T>(context.service, context.principal, request.id()));
}

template <typename T>
Answer CreateRow(Context& context, const Request& request) {
  T row{};
  if (Status decoded = formats::FromJson(request.body, row); !decoded) {
    return Refused(decoded.error());
  }
  return Replied(app::CreateAs(context.service, context.principal, context.actor, "", row));
}

template <typename T>
Answer PatchRow(Context& context, const Request& request) {
  if (app::kVersioned<T> && !request.if_match) return {428};
  return Replied(app::PatchAs<T>(context.service, context.principal, context.actor, "",
                                 request.id(), request.body, request.if_match));
}

template <typename T>
Answer DeleteRow(Context& context, const Request& request) {
  return Replied(app::DeleteAs<T>(context.service, context.principal, context.actor, "",
                                  request.id(), request.if_match));
}

struct Crud {
  bool create = true;
  bool patch = true;
  bool remove = false;
};

// The list and get-one routes under `base`.
template <typename T>
void AddReads(Bindings& bindings, const std::string& base) {
  bindings["GET " + base] = ListRows<T>;
  bindings["GET " + base + "/{id}"] = GetRow<T>;
}

// The bindings of the routes api::AddCrud<T> registers under `base`.
template <typename T>
void AddCrud(Bindings& bindings, const std::string& base, Crud crud = {}) {
  AddReads<T>(bindings, base);
  if (crud.create) bindings["POST " + base] = CreateRow<T>;
  if (crud.patch) bindings["PATCH " + base + "/{id}"] = PatchRow<T>;
  if (crud.remove) bindings["DELETE " + base + "/{id}"] = DeleteRow<T>;
}

// ---- Routes with their own handlers

Answer ListUnits(Context& context, const Request& request) {
  app::UnitSearch search;
  search.parent_id = request.QueryId("parent_id");
  search.as_of = context.service.Today();  // every unit of the world is open
  auto list = app::SearchUnits(context.service, context.principal, search);
  if (!list) return Refused(list.error());
  return {200, static_cast<int64_t>(list->count)};
}

Answer GetUnit(Context& context, const Request& request) {
  return Read(app::ViewUnit(context.service, context.principal, request.path.at(3), std::nullopt));
}

Answer CreateUnit(Context& context, const Request& request) {
  domain::Unit unit;
  if (Status decoded = formats::FromJson(request.body, unit); !decoded) {
    return Refused(decoded.error());
  }
  std::optional<Id> parent_id = request.body.at("parent_id").as_int64();
  return Replied(
      app::CreateUnitAs(context.service, context.principal, context.actor, "", unit, parent_id));
}

Answer Concretize(Context& context, const Request& request) {
  domain::Item item;
  domain::Link link;
  if (Status decoded = formats::FromJson(request.body.at("item"), item); !decoded) {
    return Refused(decoded.error());
  }
  if (Status decoded = formats::FromJson(request.body.at("link"), link, true); !decoded) {
    return Refused(decoded.error());
  }
  return Replied(
      app::ConcretizeAs(context.service, context.principal, context.actor, "", item, link));
}

Answer ListValues(Context& context, const Request& request) {
  return Listed(app::ListValues(context.service, context.principal, FiltersOf(request)));
}

Answer ValueHistory(Context& context, const Request& request) {
  auto period = domain::Period::Parse(request.query.at("period"));
  if (!period) return Refused(period.error());
  return Listed(app::ValueHistory(context.service, context.principal,
                                  request.QueryId("indicator_id").value_or(0),
                                  request.QueryId("unit_id").value_or(0), *period));
}

// The values of the body; the matrix sends well-formed ones only.
std::vector<app::ValueInput> ValueInputs(const json::value& body) {
  std::vector<app::ValueInput> inputs;
  for (const json::value& entry : body.at("values").as_array()) {
    app::ValueInput input;
    input.indicator_id = entry.at("indicator_id").as_int64();
    input.unit_id = entry.at("unit_id").as_int64();
    input.period = *domain::Period::Parse(entry.at("period").as_string());
    input.value = entry.at("value");
    inputs.push_back(std::move(input));
  }
  return inputs;
}

Answer PutValues(Context& context, const Request& request) {
  std::vector<app::ValueInput> inputs = ValueInputs(request.body);
  json::object details;
  return Replied(
      app::PutValuesAs(context.service, context.principal, context.actor, "", inputs, details));
}

Answer GetDocumentTree(Context& context, const Request& request) {
  return Read(app::ViewDocument(context.service, context.principal, request.id()));
}

Answer GetInbox(Context& context, const Request&) {
  return Read(app::InboxOf(context.service, context.principal));
}

// The ids of the body's list `member`, when it has one.
std::optional<std::vector<Id>> IdsOf(const json::value& body, std::string_view member) {
  const json::value* units = body.as_object().if_contains(member);
  if (!units) return std::nullopt;
  std::vector<Id> ids;
  for (const json::value& id : units->as_array()) ids.push_back(id.as_int64());
  return ids;
}

Answer SendReminders(Context& context, const Request& request) {
  const std::optional<std::vector<Id>> unit_ids = IdsOf(request.body, "unit_ids");
  return Replied(app::SendRemindersAs(context.service, context.principal, context.actor, "",
                                      request.id(), unit_ids));
}

Answer ReadNotice(Context& context, const Request& request) {
  return Replied(
      app::ReadNoticeAs(context.service, context.principal, context.actor, "", request.id()));
}

Answer CreateObligation(Context& context, const Request& request) {
  domain::Obligation obligation;
  if (Status decoded = formats::FromJson(request.body, obligation); !decoded) {
    return Refused(decoded.error());
  }
  return Replied(app::CreateObligationAs(
      context.service, context.principal, context.actor, "", obligation,
      IdsOf(request.body, "unit_ids"),
      IdsOf(request.body, "coordinating_unit_ids").value_or(std::vector<Id>{})));
}

Answer GetObligation(Context& context, const Request& request) {
  return Read(app::FindObligation(context.service, context.principal, request.id()));
}

Answer CreateReport(Context& context, const Request& request) {
  domain::Report report;
  report.unit_id = request.body.at("unit_id").as_int64();
  auto period = domain::Period::Parse(request.body.at("period").as_string());
  if (!period) return Refused(period.error());
  report.period = *period;
  return Replied(
      app::CreateReportAs(context.service, context.principal, context.actor, "", report));
}

Answer PatchReport(Context& context, const Request& request) {
  if (!request.if_match) return {428};
  return Replied(app::PatchReportSectionsAs(context.service, context.principal, context.actor, "",
                                            request.id(), *request.if_match,
                                            request.body.at("sections")));
}

Answer TransitionReport(Context& context, const Request& request) {
  auto action = domain::ParseReportAction(request.body.at("action").as_string());
  if (!action) return Refused(action.error());
  const json::value* comment = request.body.as_object().if_contains("comment");
  std::string text = comment ? std::string(comment->as_string()) : "";
  return Replied(app::TransitionReportAs(context.service, context.principal, context.actor, "",
                                         request.id(), *action, text, request.if_match));
}

Answer CreateRecommendation(Context& context, const Request& request) {
  domain::Recommendation recommendation;
  if (Status decoded = formats::FromJson(request.body, recommendation); !decoded) {
    return Refused(decoded.error());
  }
  return Replied(app::CreateRecommendationAs(context.service, context.principal, context.actor, "",
                                             recommendation));
}

Answer AnswerRecommendation(Context& context, const Request& request) {
  std::string answer(request.body.at("answer").as_string());
  return Replied(app::AnswerRecommendationAs(context.service, context.principal, context.actor, "",
                                             request.id(), answer, request.if_match));
}

Answer CloseRecommendation(Context& context, const Request& request) {
  return Replied(app::CloseRecommendationAs(context.service, context.principal, context.actor, "",
                                            request.id(), request.if_match));
}

Answer CreateComment(Context& context, const Request& request) {
  domain::Comment comment;
  if (Status decoded = formats::FromJson(request.body, comment); !decoded) {
    return Refused(decoded.error());
  }
  return Replied(
      app::CreateCommentAs(context.service, context.principal, context.actor, "", comment));
}

// ---- Roll-ups, views and lineage: reads by query parameters

// The unit of query parameter `name` (an id or a code), as Call::RequiredQueryUnit resolves it.
Result<Id> QueryUnit(Context& context, const Request& request, const std::string& name) {
  return app::ResolveUnitId(context.service, request.query.at(name));
}

// As Call::AsOfFor without an `as_of` parameter: today, or the last open day of a closed unit.
Date AsOfFor(Context& context, Id unit) {
  return context.service.engine().structure()->LastOpenOnOrBefore(unit, context.service.Today());
}

Result<domain::Period> QueryPeriod(const Request& request, const std::string& name) {
  return domain::Period::Parse(request.query.at(name));
}

int QueryDepth(const Request& request) {
  auto depth = request.query.contains("depth") ? request.QueryId("depth") : 1;
  return static_cast<int>(depth.value_or(1));
}

Result<app::IndicatorQuery> IndicatorQueryOf(Context& context, const Request& request) {
  app::IndicatorQuery query;
  query.indicator = request.QueryId("indicator_id").value_or(0);
  NQ_TRY(query.unit, QueryUnit(context, request, "unit_id"));
  NQ_TRY(query.period, QueryPeriod(request, "period"));
  NQ_TRY(query.as_of, app::ReadableAsOf(context.service, context.principal, query.unit,
                                        AsOfFor(context, query.unit)));
  return query;
}

Answer IndicatorRollup(Context& context, const Request& request) {
  NQ_TRY(app::IndicatorQuery query, IndicatorQueryOf(context, request));
  return Read(app::RollupIndicatorAs(context.service, context.principal, query));
}

Answer TreeRollup(Context& context, const Request& request) {
  NQ_TRY(app::IndicatorQuery query, IndicatorQueryOf(context, request));
  return Read(app::RollupTree(context.service, query, QueryDepth(request)));
}

Answer CompletenessRollup(Context& context, const Request& request) {
  NQ_TRY(Id unit, QueryUnit(context, request, "unit_id"));
  NQ_TRY(Date as_of,
         app::ReadableAsOf(context.service, context.principal, unit, AsOfFor(context, unit)));
  return Read(app::CompletenessTree(context.service, request.QueryId("obligation_id").value_or(0),
                                    unit, as_of, QueryDepth(request)));
}

Answer ObligationRollup(Context& context, const Request& request) {
  NQ_TRY(Id unit, QueryUnit(context, request, "unit_id"));
  return Read(app::RollupObligationAs(context.service, context.principal,
                                      request.QueryId("obligation_id").value_or(0), unit,
                                      AsOfFor(context, unit)));
}

Answer TargetRollup(Context& context, const Request& request) {
  return Read(app::TargetProgressAs(context.service, context.principal,
                                    request.QueryId("item_id").value_or(0), context.service.Today(),
                                    /*as_of_given=*/false));
}

Answer CoverageRollup(Context& context, const Request& request) {
  return Read(app::CoverageAs(context.service, context.principal,
                              request.QueryId("upper_document_id").value_or(0),
                              request.QueryId("lower_document_id").value_or(0)));
}

Answer ObligationReach(Context& context, const Request& request) {
  NQ_TRY(Id unit, QueryUnit(context, request, "issuer_unit_id"));
  app::ReachQuery query;
  query.issuer_unit_id = unit;
  query.depth = 0;
  return Read(app::ObligationReach(context.service, context.principal, query));
}

Answer CascadeRollup(Context& context, const Request& request) {
  return Read(app::CascadeAs(context.service, context.principal,
                             request.QueryId("document_id").value_or(0), std::nullopt));
}

// The periods of query parameters `from` to `to`, as the series route decodes them.
Result<std::vector<domain::Period>> PeriodsOf(const Request& request) {
  NQ_TRY(domain::Period from, QueryPeriod(request, "from"));
  NQ_TRY(domain::Period to, QueryPeriod(request, "to"));
  std::vector<domain::Period> periods;
  for (domain::Period period = from; period <= to; period = period.Next()) {
    periods.push_back(period);
  }
  return periods;
}

Answer SeriesRollup(Context& context, const Request& request) {
  app::SeriesQuery query;
  query.indicator = request.QueryId("indicator_id").value_or(0);
  NQ_TRY(query.unit, QueryUnit(context, request, "unit_id"));
  query.comparable =
      request.query.contains("comparable") && request.query.at("comparable") == "true";
  query.periods = [&request](const domain::Indicator&) { return PeriodsOf(request); };
  return Read(app::SeriesAs(context.service, context.principal, query));
}

Answer OverviewView(Context& context, const Request& request) {
  NQ_TRY(Id unit, QueryUnit(context, request, "unit_id"));
  return Read(app::ViewOverview(context.service, context.principal, unit, AsOfFor(context, unit)));
}

Answer TargetView(Context& context, const Request& request) {
  return Read(app::ViewTarget(context.service, context.principal,
                              request.QueryId("item_id").value_or(0), std::nullopt));
}

Answer ObligationView(Context& context, const Request& request) {
  NQ_TRY(Id unit, QueryUnit(context, request, "unit_id"));
  return Read(app::ViewObligation(context.service, context.principal,
                                  request.QueryId("obligation_id").value_or(0), unit,
                                  AsOfFor(context, unit)));
}

Answer ReportFormView(Context& context, const Request& request) {
  NQ_TRY(domain::Period period, QueryPeriod(request, "period"));
  NQ_TRY(Id unit, QueryUnit(context, request, "unit_id"));
  return Read(app::ViewReportForm(context.service, context.principal, unit, period));
}

Answer SubordinateReportsView(Context& context, const Request& request) {
  NQ_TRY(domain::Period period, QueryPeriod(request, "period"));
  NQ_TRY(Id unit, QueryUnit(context, request, "unit_id"));
  return Read(app::ViewSubordinateReports(context.service, context.principal, unit, period));
}

Answer UnitsPerformanceView(Context& context, const Request& request) {
  NQ_TRY(domain::Period period, QueryPeriod(request, "period"));
  NQ_TRY(Id unit, QueryUnit(context, request, "unit_id"));
  return Read(app::ViewUnitsPerformance(context.service, context.principal, unit, period));
}

Answer LeaderView(Context& context, const Request&) {
  return Read(app::ViewLeaderDashboard(context.service, context.principal));
}

Answer UnitLineage(Context& context, const Request& request) {
  return Read(app::ViewLineage(context.service, context.principal, request.path.at(3)));
}

// ---- Users, their grants and tokens, and the audit

std::string Text(const json::value& body, std::string_view name) {
  return std::string(body.at(name).as_string());
}

Answer ListUsers(Context& context, const Request& request) {
  app::UserQuery query;
  query.unit_id = request.QueryId("unit_id");
  return Listed(app::ListUsers(context.service, context.principal, query));
}

Answer GetUser(Context& context, const Request& request) {
  return Read(app::GetUser(context.service, context.principal, request.id()));
}

Answer UpdateUser(Context& context, const Request& request) {
  app::UserChange change;
  const json::object& body = request.body.as_object();
  if (body.contains("name")) change.name = Text(request.body, "name");
  if (const json::value* person = body.if_contains("person_id")) {
    change.person_id = person->is_null() ? std::nullopt : std::optional<Id>(person->as_int64());
  }
  return Replied(app::UpdateUserAs(context.service, context.principal, context.actor, "",
                                   context.auth, request.id(), request.if_match.value_or(0),
                                   change));
}

Answer AddUser(Context& context, const Request& request) {
  const json::value& body = request.body;
  app::NewUser user{Text(body, "login"), Text(body, "name"), Text(body, "password"), "", {}};
  if (const json::value* first = body.as_object().if_contains("grant")) {
    domain::Grant grant;
    NQ_TRY(grant.role, domain::ParseRole(Text(*first, "role")));
    grant.unit_id = first->at("unit_id").as_int64();
    user.grant = grant;
  }
  return Replied(
      app::AddUserAs(context.service, context.principal, context.actor, "", context.auth, user));
}

Answer SetPassword(Context& context, const Request& request) {
  const json::value* current = request.body.as_object().if_contains("current_password");
  return Replied(app::SetPasswordAs(context.service, context.principal, context.actor, "",
                                    context.auth, request.id(), Text(request.body, "password"),
                                    current ? std::string(current->as_string()) : ""));
}

// The grant of POST (in the body) or DELETE (in the query) …/users/{id}/grants.
Result<domain::Grant> GrantOf(const Request& request) {
  domain::Grant grant;
  grant.user_id = request.id();
  bool add = request.body.is_object();
  std::string role = add ? Text(request.body, "role") : request.query.at("role");
  NQ_TRY(grant.role, domain::ParseRole(role));
  grant.unit_id =
      add ? request.body.at("unit_id").as_int64() : request.QueryId("unit_id").value_or(0);
  return grant;
}

Answer AddGrant(Context& context, const Request& request) {
  NQ_TRY(domain::Grant grant, GrantOf(request));
  return Replied(
      app::AddGrantAs(context.service, context.principal, context.actor, "", context.auth, grant));
}

Answer RemoveGrant(Context& context, const Request& request) {
  NQ_TRY(domain::Grant grant, GrantOf(request));
  return Replied(app::RemoveGrantAs(context.service, context.principal, context.actor, "",
                                    context.auth, grant));
}

Answer CreateToken(Context& context, const Request& request) {
  return Replied(app::CreateApiTokenAs(context.service, context.principal, context.actor, "",
                                       context.auth, request.id(), Text(request.body, "name")));
}

Answer ListTokens(Context& context, const Request& request) {
  return Listed(app::ListApiTokens(context.service, context.principal, request.id()));
}

Answer RevokeToken(Context& context, const Request& request) {
  return Replied(app::RevokeApiTokenAs(context.service, context.principal, context.actor, "",
                                       request.id(), 1));
}

Answer UnlockSignIn(Context& context, const Request& request) {
  return Replied(app::UnlockSignInAs(context.service, context.principal, context.actor, "",
                                     context.auth, request.id()));
}

Answer ListAudit(Context& context, const Request& request) {
  app::AuditQuery query;
  query.unit_id = request.QueryId("unit_id");
  return Listed(app::ListAudit(context.service, context.principal, query));
}

// ---- Exports at once (the report and values of a unit)

Result<app::ReportRequest> ReportRequestOf(Context& context, const Request& request) {
  app::ReportRequest report;
  NQ_TRY(report.unit_id, QueryUnit(context, request, "unit_id"));
  NQ_TRY(report.period, QueryPeriod(request, "period"));
  return report;
}

Result<app::ExportRequest> ValuesRequestOf(Context& context, const Request& request) {
  app::ExportRequest values;
  NQ_TRY(values.unit_id, QueryUnit(context, request, "unit_id"));
  NQ_TRY(values.from, QueryPeriod(request, "from"));
  NQ_TRY(values.to, QueryPeriod(request, "to"));
  return values;
}

// report.docx, report.xlsx and report.json: the report, written in one format or another.
Answer ExportReport(Context& context, const Request& request) {
  NQ_TRY(app::ReportRequest report, ReportRequestOf(context, request));
  return Read(app::BuildReportAs(context.service, context.principal, report));
}

Answer ExportTemplate(Context& context, const Request& request) {
  NQ_TRY(app::ReportRequest report, ReportRequestOf(context, request));
  return Read(app::WriteValuesTemplateAs(context.service, context.principal, report));
}

Answer ExportValuesCsv(Context& context, const Request& request) {
  NQ_TRY(app::ExportRequest values, ValuesRequestOf(context, request));
  return Read(app::CollectValuesAs(context.service, context.principal, values));
}

Answer ExportDataValueSets(Context& context, const Request& request) {
  NQ_TRY(app::ExportRequest values, ValuesRequestOf(context, request));
  return Read(app::WriteDataValueSetsAs(context.service, context.principal, values));
}

// ---- Values files, at once or as a job, and reorganisations

// A values file of `format`: its units checked before anything runs, then written in one
// transaction at once or, with ?async=true, by a job.
Binding ImportValuesFile(app::ValuesFileFormat format) {
  return [format](Context& context, const Request& request) -> Answer {
    if (Async(request)) {
      return Started(app::StartValuesFileImport(context.service, context.jobs, context.principal,
                                                context.actor, format, request.text));
    }
    json::object details;
    return Replied(app::ImportValuesFileAs(context.service, context.principal, context.actor, "",
                                           format, request.text, details));
  };
}

// A reorganisation tried (dry_run, as every cell of the matrix asks) or applied.
Answer Reorganise(Context& context, const Request& request) {
  NQ_TRY(auto operations, app::DecodeReorganisation(request.body));
  const json::value* dry_run = request.body.as_object().if_contains("dry_run");
  return Replied(app::ApplyReorganisationAs(context.service, context.principal, context.actor, "",
                                            operations, dry_run && dry_run->as_bool()));
}

// ---- Workbooks: the templates, and the values, units and evidence workbooks filled in

Answer ImportValuesXlsx(Context& context, const Request& request) {
  json::object details;
  return Replied(app::ImportValuesXlsxAs(context.service, context.principal, context.actor, "",
                                         request.text, details));
}

Answer UnitsTemplate(Context& context, const Request&) {
  return Read(app::WriteUnitsTemplateAs(context.service, context.principal));
}

Answer EvidenceTemplate(Context& context, const Request& request) {
  NQ_TRY(Id unit, QueryUnit(context, request, "unit_id"));
  return Read(app::WriteEvidenceTemplateAs(context.service, context.principal,
                                           request.QueryId("obligation_id").value_or(0), unit));
}

// A units or evidence workbook, checked before anything runs, then written at once or, with
// ?async=true, by a job.
Binding ImportWorkbook(app::Workbook workbook) {
  return [workbook](Context& context, const Request& request) -> Answer {
    json::object details;
    if (Async(request)) {
      return Started(app::StartWorkbookImport(context.service, context.jobs, context.principal,
                                              context.actor, workbook, request.text, details));
    }
    return Replied(app::ImportWorkbookAs(context.service, context.principal, context.actor, "",
                                         workbook, request.text, details));
  };
}

// ---- Export jobs, and the jobs of their owners

// The export the query of POST /exports/{name} asks for.
Result<app::ExportSpec> ExportSpecOf(Context& context, const Request& request) {
  static const std::map<std::string, app::ExportKind, std::less<>> kKinds = {
      {"report.docx", app::ExportKind::kReportDocx},
      {"report.xlsx", app::ExportKind::kReportXlsx},
      {"values.csv", app::ExportKind::kValuesCsv},
      {"datavaluesets", app::ExportKind::kDataValueSets},
      {"bundle", app::ExportKind::kBundle}};
  app::ExportSpec spec;
  spec.kind = kKinds.at(request.path.at(3));
  if (spec.kind == app::ExportKind::kReportDocx || spec.kind == app::ExportKind::kReportXlsx) {
    NQ_TRY(spec.report, ReportRequestOf(context, request));
  } else if (spec.kind != app::ExportKind::kBundle) {
    NQ_TRY(spec.values, ValuesRequestOf(context, request));
  }
  return spec;
}

Answer StartExport(Context& context, const Request& request) {
  NQ_TRY(app::ExportSpec spec, ExportSpecOf(context, request));
  return Started(app::StartExport(context.service, context.jobs, context.principal, spec));
}

Answer JobStatus(Context& context, const Request& request) {
  return Read(app::FindJobAs(context.jobs, context.principal, request.id()));
}

Answer CancelJob(Context& context, const Request& request) {
  auto job = app::CancelJobAs(context.jobs, context.principal, request.id());
  return job ? Answer{202} : Refused(job.error());
}

Answer JobFile(Context& context, const Request& request) {
  return Read(app::JobFileAs(context.jobs, context.principal, request.id()));
}

// ---- The public routes and the session

Answer Health(Context& context, const Request&) {
  return Read(app::CheckStoreHealth(context.service));
}

Answer SignIn(Context& context, const Request& request) {
  return Read(context.auth.Login(Text(request.body, "login"), Text(request.body, "password"),
                                 context.actor.address));
}

Answer SignOut(Context& context, const Request& request) {
  return Read(context.auth.Logout(request.session, context.actor));
}

// Route name (as the matrix names it) → what its handler calls in the application layer.
Bindings MakeBindings() {
  using namespace domain;
  Bindings bindings;
  AddCrud<UnitKind>(bindings, "/api/v1/unit-kinds");
  AddCrud<Term>(bindings, "/api/v1/terms");
  AddCrud<Field>(bindings, "/api/v1/fields");
  AddCrud<Indicator>(bindings, "/api/v1/indicators");
  AddCrud<Person>(bindings, "/api/v1/people");
  AddCrud<Responsibility>(bindings, "/api/v1/responsibilities", {.remove = true});
  AddCrud<Document>(bindings, "/api/v1/documents");
  AddCrud<Item>(bindings, "/api/v1/items", {.remove = true});
  AddCrud<Link>(bindings, "/api/v1/links", {.patch = false, .remove = true});
  AddCrud<domain::Declaration>(bindings, "/api/v1/declarations", {.remove = true});
  bindings["POST /api/v1/concretizations"] = Concretize;
  AddCrud<domain::Regime>(bindings, "/api/v1/regimes", {.remove = true});
  AddCrud<domain::Extension>(bindings, "/api/v1/extensions", {.remove = true});
  AddCrud<Obligation>(bindings, "/api/v1/obligations", {.create = false});
  AddCrud<Assignment>(bindings, "/api/v1/assignments", {.create = false});
  AddReads<Report>(bindings, "/api/v1/reports");
  AddReads<Recommendation>(bindings, "/api/v1/recommendations");
  bindings["GET /api/v1/users"] = ListUsers;
  bindings["POST /api/v1/users"] = AddUser;
  bindings["POST /api/v1/users/{id}/password"] = SetPassword;
  bindings["POST /api/v1/users/{id}/grants"] = AddGrant;
  bindings["DELETE /api/v1/users/{id}/grants"] = RemoveGrant;
  bindings["POST /api/v1/users/{id}/tokens"] = CreateToken;
  bindings["POST /api/v1/users/{id}/unlock"] = UnlockSignIn;
  bindings["GET /api/v1/users/{id}/tokens"] = ListTokens;
  bindings["DELETE /api/v1/users/{id}/tokens/{token}"] = RevokeToken;
  bindings["GET /api/v1/audit"] = ListAudit;
  bindings["GET /api/v1/audit#unit"] = ListAudit;
  bindings["GET /api/v1/audit.csv"] = ListAudit;
  bindings["GET /api/v1/users#unit"] = ListUsers;
  bindings["GET /api/v1/users/{id}"] = GetUser;
  bindings["PATCH /api/v1/users/{id}"] = UpdateUser;
  bindings["GET /api/v1/units"] = ListUnits;
  bindings["GET /api/v1/units/{id}"] = GetUnit;
  bindings["POST /api/v1/units"] = CreateUnit;
  bindings["PATCH /api/v1/units/{id}"] = PatchRow<Unit>;
  bindings["GET /api/v1/values"] = ListValues;
  bindings["GET /api/v1/values/history"] = ValueHistory;
  bindings["POST /api/v1/values"] = PutValues;
  bindings["GET /api/v1/documents/{id}/tree"] = GetDocumentTree;
  bindings["POST /api/v1/obligations"] = CreateObligation;
  bindings["POST /api/v1/obligations#task"] = CreateObligation;
  bindings["POST /api/v1/users#grant"] = AddUser;
  bindings["POST /api/v1/users#above"] = AddUser;
  bindings["POST /api/v1/users/{id}/grants#above"] = AddGrant;
  bindings["PATCH /api/v1/users/{id}#person"] = UpdateUser;
  bindings["GET /api/v1/inbox"] = GetInbox;
  bindings["POST /api/v1/obligations/{id}/reminders"] = SendReminders;
  bindings["POST /api/v1/notices/{id}/read"] = ReadNotice;
  bindings["GET /api/v1/obligations/{id}/assignments"] = GetObligation;
  bindings["POST /api/v1/reports"] = CreateReport;
  bindings["PATCH /api/v1/reports/{id}"] = PatchReport;
  for (const char* action : {"submit", "accept", "return", "reopen"}) {
    bindings[std::string("POST /api/v1/reports/{id}/transitions#") + action] = TransitionReport;
  }
  bindings["POST /api/v1/recommendations"] = CreateRecommendation;
  bindings["POST /api/v1/recommendations/{id}/answer"] = AnswerRecommendation;
  bindings["POST /api/v1/recommendations/{id}/close"] = CloseRecommendation;
  bindings["GET /api/v1/comments"] = ListRows<Comment>;
  bindings["POST /api/v1/comments"] = CreateComment;
  bindings["GET /api/v1/rollups/indicator"] = IndicatorRollup;
  bindings["GET /api/v1/rollups/tree"] = TreeRollup;
  bindings["GET /api/v1/rollups/completeness"] = CompletenessRollup;
  bindings["GET /api/v1/rollups/obligation"] = ObligationRollup;
  bindings["GET /api/v1/rollups/target"] = TargetRollup;
  bindings["GET /api/v1/rollups/coverage"] = CoverageRollup;
  bindings["GET /api/v1/rollups/cascade"] = CascadeRollup;
  bindings["GET /api/v1/obligations/reach"] = ObligationReach;
  bindings["GET /api/v1/rollups/series"] = SeriesRollup;
  bindings["GET /api/v1/views/overview"] = OverviewView;
  bindings["GET /api/v1/views/target"] = TargetView;
  bindings["GET /api/v1/views/obligation"] = ObligationView;
  bindings["GET /api/v1/views/obligation#from-own-unit"] = ObligationView;
  bindings["GET /api/v1/views/report-form"] = ReportFormView;
  bindings["GET /api/v1/views/reports"] = SubordinateReportsView;
  bindings["GET /api/v1/views/units-performance"] = UnitsPerformanceView;
  bindings["GET /api/v1/views/units-performance.xlsx"] = UnitsPerformanceView;
  bindings["GET /api/v1/views/leader"] = LeaderView;
  bindings["GET /api/v1/units/{id}/lineage"] = UnitLineage;
  for (const char* format : {"docx", "xlsx", "json"}) {
    bindings[std::string("GET /api/v1/exports/report.") + format] = ExportReport;
  }
  bindings["GET /api/v1/exports/template.xlsx"] = ExportTemplate;
  bindings["GET /api/v1/exports/values.csv"] = ExportValuesCsv;
  bindings["GET /api/v1/exports/datavaluesets"] = ExportDataValueSets;
  for (const char* async : {"", "#async"}) {
    bindings[std::string("POST /api/v1/imports/values.csv") + async] =
        ImportValuesFile(app::ValuesFileFormat::kCsv);
    bindings[std::string("POST /api/v1/imports/datavaluesets") + async] =
        ImportValuesFile(app::ValuesFileFormat::kDhis2);
    bindings[std::string("POST /api/v1/imports/units.xlsx") + async] =
        ImportWorkbook(app::Workbook::kUnits);
    bindings[std::string("POST /api/v1/imports/evidence.xlsx") + async] =
        ImportWorkbook(app::Workbook::kEvidence);
  }
  bindings["POST /api/v1/reorganisations"] = Reorganise;
  bindings["POST /api/v1/imports/values.xlsx"] = ImportValuesXlsx;
  bindings["GET /api/v1/exports/units-template.xlsx"] = UnitsTemplate;
  bindings["GET /api/v1/exports/evidence-template.xlsx"] = EvidenceTemplate;
  for (const char* name : {"report.docx", "report.xlsx", "values.csv", "datavaluesets", "bundle"}) {
    bindings[std::string("POST /api/v1/exports/") + name] = StartExport;
  }
  for (const char* others : {"", "#others"}) {
    bindings[std::string("GET /api/v1/jobs/{id}") + others] = JobStatus;
    bindings[std::string("DELETE /api/v1/jobs/{id}") + others] = CancelJob;
    bindings[std::string("GET /api/v1/jobs/{id}/file") + others] = JobFile;
  }
  bindings["GET /api/v1/health"] = Health;
  bindings["POST /api/v1/session"] = SignIn;
  bindings["DELETE /api/v1/session"] = SignOut;
  return bindings;
}

// The routes left to the HTTP test, and why: their handlers call no app function.
const std::map<std::string, std::string_view, std::less<>> kHttpOnly = {
    {"GET /api/v1/openapi.json", "the router's description of its own routes"},
    {"GET /api/v1/session", "the principal that App::Authenticate resolved, encoded as it is"}};

// ---- Running the cells

std::string MatrixPath() {
  if (const char* source = std::getenv("NQ_SOURCE_DIR")) {
    return std::string(source) + "/tests/authz/matrix.txt";
  }
  return NQ_AUTHZ_MATRIX;
}

// "\"3\"" → 3.
std::optional<int64_t> VersionOf(const std::string& etag) {
  std::string digits;
  for (char c : etag) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return Request::ToId(digits);
}

// The answer in the matrix's notation, as far as `expected` asks.
std::string Got(const Answer& answer, const Expected& expected) {
  std::string got = std::to_string(answer.status);
  if (expected.job_status) got += ">" + std::to_string(answer.job_status);
  if (expected.rows == Expected::Rows::kAny) return got;
  if (!answer.rows) return got + " (not a list)";
  return got + (*answer.rows > 0 ? "+" : "-");
}

struct Outcome {
  int blocks = 0;
  int cells = 0;
  int app_calls = 0;  // cells but anonymous ones off the public routes, which never reach it
  int refused_writes = 0;
  std::vector<std::string> http_only;   // routes without a binding
  std::vector<std::string> mismatches;  // cells answering otherwise than the matrix says
  std::vector<std::string> changes;     // refused writes that changed a table
};

class AppMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::ifstream file(MatrixPath());
    std::stringstream text;
    text << file.rdbuf();
    auto blocks = ParseMatrix(text.str());
    if (blocks) blocks_ = std::move(*blocks);
    world_ = std::make_unique<World>();
    world_->Build();
    for (Role role : kRoles) {
      if (role != Role::kAnonymous) principals_[static_cast<size_t>(role)] = PrincipalOf(role);
    }
  }

  static void TearDownTestSuite() {
    if (world_) world_->Destroy();
    world_.reset();
  }

  void SetUp() override {
    ASSERT_FALSE(blocks_.empty()) << "no routes read from " << MatrixPath();
    ASSERT_TRUE(world_ && world_->ok()) << "the world of the matrix could not be built";
  }

  // The token of a session, from its cookie.
  static std::string TokenOf(const Headers& session) {
    std::string cookie;
    for (const auto& [name, value] : session) {
      if (name == "Cookie") cookie = value;
    }
    std::string token = cookie.substr(cookie.find('=') + 1);
    return token.substr(0, token.find(';'));
  }

  // The principal of the session, as the server resolves it for each request.
  static app::Principal PrincipalOf(Role role, const std::string& token) {
    auto principal = world_->authenticator().ResolveSession(token);
    EXPECT_TRUE(principal) << RoleName(role) << ": " << principal.error().message;
    return principal ? *principal : app::Principal{};
  }
  static app::Principal PrincipalOf(Role role) {
    return PrincipalOf(role, TokenOf(world_->SessionOf(role)));
  }

  // Whether the block's route needs no sign-in (health, the API description, signing in).
  static bool IsPublic(const Block& block) {
    for (const api::Route& route : world_->router().routes()) {
      if (route.method == block.method && route.pattern == block.pattern) {
        return !route.requires_login;
      }
    }
    return false;
  }

  static void RunBlock(const Block& block, const Binding& binding, int& uniq, Outcome& out);
  static void RunCell(const Block& block, const Binding& binding, Role role, Position position,
                      int uniq, Outcome& out);

  static inline std::unique_ptr<World> world_;
  static inline std::vector<Block> blocks_;
  static inline std::array<app::Principal, kRoleCount> principals_;
};

void AppMatrixTest::RunBlock(const Block& block, const Binding& binding, int& uniq, Outcome& out) {
  ++out.blocks;
  for (Role role : kRoles) {
    for (Position position : kPositions) RunCell(block, binding, role, position, ++uniq, out);
  }
}

void AppMatrixTest::RunCell(const Block& block, const Binding& binding, Role role,
                            Position position, int uniq, Outcome& out) {
  const Expected& expected = block.cell(role, position);
  std::string where =
      fmt::format("{}  {}  {}", block.Name(), RoleName(role), PositionName(position));
  ++out.cells;
  const bool anonymous = role == Role::kAnonymous;
  // No session, no principal: the server refuses before the application layer is reached, but
  // on the public routes.
  if (anonymous && !IsPublic(block)) {
    if (expected.ToString() != "401") {
      out.mismatches.push_back(where +
                               ": anonymous is refused with 401 before the application, "
                               "but the matrix expects " +
                               expected.ToString());
    }
    return;
  }
  std::map<std::string, std::string> values = world_->Placeholders(position);
  values["uniq"] = std::to_string(uniq);
  values["login"] = anonymous ? fmt::format("ghost-{}", uniq) : world_->LoginOf(role);
  values["password"] = anonymous ? "not-the-password" : World::kPassword;
  if (block.body.find("{month}") != std::string::npos) values["month"] = world_->NextMonth();
  app::Principal principal = anonymous ? app::Principal{} : principals_[static_cast<size_t>(role)];
  std::string session;
  if (block.fresh == "session") {
    session = TokenOf(world_->NewSession(role));
    principal = PrincipalOf(role, session);
  } else if (!block.fresh.empty()) {
    values["fresh"] = std::to_string(world_->MakeFresh(block.fresh, position, role));
  }
  std::string missing;
  std::string target = Substitute(block.call, values, missing);
  std::string body = Substitute(block.body, values, missing);
  std::string etag = Substitute(block.etag, values, missing);
  if (!missing.empty()) {
    out.mismatches.push_back(fmt::format("{}: unknown placeholder {}", where, missing));
    return;
  }
  if (block.file == "template") body = world_->TemplateOf(position);
  if (block.file == "units") body = world_->UnitsFileOf(position, values["uniq"]);
  if (block.file == "evidence") body = world_->EvidenceFileOf(position, values["uniq"]);
  Request request = Decode(target, body);
  request.session = session;
  if (!block.etag.empty()) request.if_match = VersionOf(world_->ETagOf(etag));
  std::optional<Snapshot> before;
  if (block.mutating()) before = world_->TakeSnapshot();
  ++out.app_calls;
  app::Actor actor;
  actor.name = anonymous ? "anonymous" : principal.login;
  Context context{world_->service(), world_->authenticator(), world_->jobs(), principal, actor};
  Answer answer = binding(context, request);
  std::string got = Got(answer, expected);
  if (got != expected.ToString()) {
    out.mismatches.push_back(
        fmt::format("{}: expected {}, got {} ({})", where, expected.ToString(), got, target));
  }
  // A job's writes have landed when it ends: a refusal is its end's.
  const int status = answer.job_status ? answer.job_status : answer.status;
  if (!before || (status != 403 && status != 404)) return;
  ++out.refused_writes;
  Snapshot after = world_->TakeSnapshot();
  if (after.rows != before->rows) out.changes.push_back(where + " changed the tables");
}

TEST_F(AppMatrixTest, EveryBoundCellAnswersAsTheMatrixSaysInTheApplicationLayer) {
  const Bindings bindings = MakeBindings();
  Outcome outcome;
  int uniq = 1'000'000;  // apart from the HTTP test's numbers, should the worlds ever be shared
  for (const Block& block : blocks_) {
    auto binding = bindings.find(block.Name());
    if (binding == bindings.end()) {
      outcome.http_only.push_back(block.Name());
    } else {
      RunBlock(block, binding->second, uniq, outcome);
    }
  }
  std::string mismatches, changes, http_only;
  for (const std::string& mismatch : outcome.mismatches) mismatches += "\n  " + mismatch;
  for (const std::string& change : outcome.changes) changes += "\n  " + change;
  for (const std::string& route : outcome.http_only) {
    auto why = kHttpOnly.find(route);
    EXPECT_NE(why, kHttpOnly.end())
        << route << " has no binding: bind what its handler calls in the application layer";
    http_only += "\n  " + route + (why == kHttpOnly.end() ? "" : fmt::format(" ({})", why->second));
  }
  EXPECT_TRUE(outcome.mismatches.empty())
      << outcome.mismatches.size() << " of " << outcome.cells << " cells differ:" << mismatches;
  EXPECT_TRUE(outcome.changes.empty()) << outcome.changes.size() << " refused writes changed "
                                       << "something:" << changes;
  EXPECT_GT(outcome.blocks, 0);
  RecordProperty("app_blocks", outcome.blocks);
  RecordProperty("app_cells", outcome.cells);
  RecordProperty("app_calls", outcome.app_calls);
  RecordProperty("http_only_blocks", static_cast<int>(outcome.http_only.size()));
  std::cout << "[ app      ] " << outcome.blocks << " of " << blocks_.size() << " routes, "
            << outcome.cells << " cells (" << outcome.app_calls
            << " calling the application layer, the rest anonymous 401s), "
            << outcome.refused_writes << " refused writes unchanged; " << outcome.http_only.size()
            << " routes HTTP-only:" << http_only << "\n";
}

}  // namespace
}  // namespace nq::testing::authz
