#include "api/job_routes.h"

#include "api/crud.h"
#include "api/problem.h"
#include "service/exports.h"

namespace nq::api {

RouteHandler WithJobs(service::Service& service, JobRegistryPtr jobs,
                      std::function<HttpResponse(const Call&, service::JobRegistry&)> handler) {
  return [&service, jobs = std::move(jobs), handler = std::move(handler)](
             const HttpRequest& request, const PathParams& params) {
    return handler(Call(request, params, service), *jobs);
  };
}

Result<std::shared_ptr<service::Job>> FindJob(const Call& call, service::JobRegistry& jobs) {
  NQ_TRY(Id id, call.PathId("job"));
  auto job = jobs.Find(id);
  if (!job || job->owner() != call.principal().login) {
    return MakeError(ErrorCode::kNotFound, "job {} not found", id);
  }
  return job;
}

HttpResponse JobStarted(const service::Job& job) {
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
  if (call.request().Header("content-type").find(service::kXlsxContentType) != std::string::npos) {
    return Ok();
  }
  return std::unexpected(Error{ErrorCode::kInvalidArgument,
                               fmt::format("send the file as {}", service::kXlsxContentType),
                               "Content-Type"});
}

json::array IssuesJson(const std::vector<service::ImportIssue>& issues) {
  json::array list;
  for (const service::ImportIssue& issue : issues) {
    list.push_back(json::object{{"sheet", issue.sheet},
                                {"row", issue.row},
                                {"column", issue.column},
                                {"detail", issue.Text()}});
  }
  return list;
}

HttpResponse IssuesProblem(const Error& error, const std::vector<service::ImportIssue>& issues) {
  if (issues.empty()) return ErrorResponse(error);
  json::object extra{{"errors", IssuesJson(issues)}, {"error_count", issues.size()}};
  return Problem(error, 0, &extra);
}

Result<service::ReportRequest> ReadReportRequest(const Call& call) {
  NQ_TRY(Id unit, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(auto period, call.QueryPeriod("period"));
  if (!period) return FieldError("period", "query parameter \"period\" is required");
  NQ_TRY(service::Language language, service::ParseLanguage(call.QueryText("lang").value_or("vi")));
  NQ_RETURN_IF_ERROR(call.access().Require(Action::kRead, unit, fmt::format("unit {}", unit)));
  return service::ReportRequest{unit, *period, language, std::nullopt};
}

Result<service::ExportRequest> ReadValuesRequest(const Call& call) {
  NQ_TRY(Id unit, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(auto from, call.QueryPeriod("from"));
  NQ_TRY(auto to, call.QueryPeriod("to"));
  if (!from) return FieldError("from", "query parameter \"from\" is required");
  if (!to) return FieldError("to", "query parameter \"to\" is required");
  NQ_RETURN_IF_ERROR(call.access().Require(Action::kRead, unit, fmt::format("unit {}", unit)));
  return service::ExportRequest{unit, *from, *to};
}

service::WorkControl JobControl(service::Job& job) {
  service::WorkControl control;
  control.cancelled = &job.cancel_flag();
  control.progress = [&job](std::string_view phase, size_t done, size_t total) {
    job.SetProgress(phase, done, total);
  };
  return control;
}

HttpResponse RunImport(const Call& call, service::JobRegistry& jobs, std::string kind,
                       ImportWork work) {
  if (call.QueryText("async").value_or("false") != "true") {
    json::object extra;
    return Mutation(
        call,
        [&](service::WriteScope& scope) -> Result<service::Reply> {
          std::vector<service::ImportIssue> issues;
          auto result = work(scope, issues, {});
          if (!result) {
            if (!issues.empty()) extra["errors"] = IssuesJson(issues);
            return std::unexpected(result.error());
          }
          return service::Reply{200, std::move(*result)};
        },
        &extra);
  }
  // The job runs without an idempotency key: a repeat starts another job.
  service::Actor actor = call.Actor();
  actor.idempotency_key.clear();
  service::Service& service = call.service();
  auto job = jobs.Start(std::move(kind), actor.name,
                        [&service, actor, work = std::move(work)](
                            service::Job& running, json::value& details) -> Result<json::value> {
                          const service::WorkControl control = JobControl(running);
                          std::vector<service::ImportIssue> issues;
                          json::value result;
                          auto reply = service.Mutate(
                              actor, "", [&](service::WriteScope& scope) -> Result<service::Reply> {
                                NQ_TRY(result, work(scope, issues, control));
                                return service::Reply{200, result};
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
