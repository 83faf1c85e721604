#include "api/job_routes.h"

#include "api/crud.h"
#include "api/problem.h"
#include "app/reports/exports.h"

namespace nq::api {

RouteHandler WithJobs(app::Service& service, JobRegistryPtr jobs,
                      std::function<HttpResponse(const Call&, app::JobRegistry&)> handler) {
  return [&service, jobs = std::move(jobs), handler = std::move(handler)](
             const HttpRequest& request, const PathParams& params) {
    return handler(Call(request, params, service), *jobs);
  };
}

Result<std::shared_ptr<app::Job>> FindJob(const Call& call, app::JobRegistry& jobs) {
  NQ_TRY(Id id, call.PathId("job"));
  auto job = jobs.Find(id);
  if (!job || job->owner() != call.principal().login) {
    return MakeError(ErrorCode::kNotFound, "job {} not found", id);
  }
  return job;
}

HttpResponse JobStarted(const app::Job& job) {
  HttpResponse response = JsonResponse(202, job.ToJson());
  response.headers.emplace_back("Location", fmt::format("/api/v1/jobs/{}", job.id()));
  return response;
}

HttpResponse FileResponse(std::string bytes, std::string_view type, std::string_view name) {
  HttpResponse response;
  response.content_type = std::string(type);
  response.headers.emplace_back("Content-Disposition",
                                fmt::format("attachment; filename=\"{}\"", name));
  response.body = std::move(bytes);
  return response;
}

Status RequireXlsxBody(const Call& call) {
  if (call.request().Header("content-type").find(app::kXlsxContentType) != std::string::npos) {
    return Ok();
  }
  return std::unexpected(Error{ErrorCode::kInvalidArgument,
                               fmt::format("send the file as {}", app::kXlsxContentType),
                               "Content-Type"});
}

json::array IssuesJson(const std::vector<formats::ImportIssue>& issues) {
  json::array list;
  for (const formats::ImportIssue& issue : issues) {
    list.push_back(json::object{{"sheet", issue.sheet},
                                {"row", issue.row},
                                {"column", issue.column},
                                {"detail", issue.Text()}});
  }
  return list;
}

HttpResponse IssuesProblem(const Error& error, const std::vector<formats::ImportIssue>& issues) {
  if (issues.empty()) return ErrorResponse(error);
  json::object extra{{"errors", IssuesJson(issues)}, {"error_count", issues.size()}};
  return Problem(error, 0, &extra);
}

Result<app::ReportRequest> ReadReportRequest(const Call& call) {
  NQ_TRY(Id unit, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(auto period, call.QueryPeriod("period"));
  if (!period) return FieldError("period", "query parameter \"period\" is required");
  NQ_TRY(app::Language language, app::ParseLanguage(call.QueryText("lang").value_or("vi")));
  return app::ReportRequest{unit, *period, language, std::nullopt};
}

Result<app::ExportRequest> ReadValuesRequest(const Call& call) {
  NQ_TRY(Id unit, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(auto from, call.QueryPeriod("from"));
  NQ_TRY(auto to, call.QueryPeriod("to"));
  if (!from) return FieldError("from", "query parameter \"from\" is required");
  if (!to) return FieldError("to", "query parameter \"to\" is required");
  return app::ExportRequest{unit, *from, *to};
}

WorkControl JobControl(app::Job& job) {
  WorkControl control;
  control.cancelled = &job.cancel_flag();
  control.progress = [&job](std::string_view phase, size_t done, size_t total) {
    job.SetProgress(phase, done, total);
  };
  return control;
}

HttpResponse RunImport(const Call& call, app::JobRegistry& jobs, std::string kind,
                       ImportWork work) {
  if (call.QueryText("async").value_or("false") != "true") {
    json::object extra;
    return Mutation(
        call,
        [&](app::WriteScope& scope) -> Result<app::Reply> {
          std::vector<formats::ImportIssue> issues;
          auto result = work(scope, issues, {});
          if (!result) {
            if (!issues.empty()) extra["errors"] = IssuesJson(issues);
            return std::unexpected(result.error());
          }
          return app::Reply{200, std::move(*result)};
        },
        &extra);
  }
  // The job runs without an idempotency key: a repeat starts another job.
  app::Actor actor = call.Actor();
  actor.idempotency_key.clear();
  app::Service& service = call.service();
  auto job = jobs.Start(std::move(kind), actor.name,
                        [&service, actor, work = std::move(work)](
                            app::Job& running, json::value& details) -> Result<json::value> {
                          const WorkControl control = JobControl(running);
                          std::vector<formats::ImportIssue> issues;
                          json::value result;
                          auto reply = service.Mutate(
                              actor, "", [&](app::WriteScope& scope) -> Result<app::Reply> {
                                NQ_TRY(result, work(scope, issues, control));
                                return app::Reply{200, result};
                              });
                          if (!reply) {
                            if (!issues.empty()) details = IssuesJson(issues);
                            return std::unexpected(reply.error());
                          }
                          return result;
                        });
  return JobStarted(*job);
}

}  // namespace nq::api
