#include "app/reports/report_access.h"

#include <boost/json.hpp>
#include <set>

#include "app/exchange/values_csv.h"
#include "app/exchange/workbooks_access.h"
#include "app/exchange/xlsx_import.h"

namespace nq::app {
namespace {

using namespace nq::domain;

Status RequireReadable(Service& service, const Principal& principal, Id unit) {
  Access access(principal, service.engine(), service.Today());
  return access.Require(Action::kRead, unit, fmt::format("unit {}", unit));
}

Result<std::vector<ValueRecord>> ParseValuesFile(ValuesFileFormat format, std::string_view body,
                                                 std::vector<Error>& errors) {
  if (format == ValuesFileFormat::kCsv) return ParseValuesCsv(body, errors);
  return ParseDataValueSets(body, errors);
}

// Writes `records` in one transaction, all or nothing; `authorize` may be empty when the
// caller's rights were checked already. Reply 200: {"written"}.
Result<Reply> WriteRecords(Service& service, const Actor& actor, std::string_view fingerprint,
                           const std::function<Status(Id)>& authorize, ValuesFileFormat format,
                           const std::vector<ValueRecord>& records, std::vector<Error>& errors,
                           const ImportControl& control) {
  return service.Mutate(actor, fingerprint, [&](WriteScope& scope) -> Result<Reply> {
    auto applied = format == ValuesFileFormat::kCsv
                       ? ImportValuesCsv(scope, records, errors, authorize, control)
                       : ImportDataValueSets(scope, records, errors, authorize, control);
    if (!applied) return std::unexpected(applied.error());
    return Reply{200, json::object{{"written", *applied}}};
  });
}

}  // namespace

Result<ReportDocument> BuildReportAs(Service& service, const Principal& principal,
                                     const ReportRequest& request) {
  NQ_RETURN_IF_ERROR(RequireReadable(service, principal, request.unit_id));
  return BuildReport(service, request);
}

Result<std::string> WriteValuesTemplateAs(Service& service, const Principal& principal,
                                          const ReportRequest& request) {
  NQ_RETURN_IF_ERROR(RequireReadable(service, principal, request.unit_id));
  return WriteValuesTemplate(service, request.unit_id, request.period);
}

Result<DataValueSetsExport> WriteDataValueSetsAs(Service& service, const Principal& principal,
                                                 const ExportRequest& request) {
  NQ_RETURN_IF_ERROR(RequireReadable(service, principal, request.unit_id));
  return WriteDataValueSets(service, request);
}

Result<std::vector<ValueRecord>> CollectValuesAs(Service& service, const Principal& principal,
                                                 const ExportRequest& request) {
  NQ_RETURN_IF_ERROR(RequireReadable(service, principal, request.unit_id));
  return CollectValues(service, request);
}

Status AuthorizeExport(Service& service, const Principal& principal, const ExportSpec& spec) {
  switch (spec.kind) {
    case ExportKind::kReportDocx:
    case ExportKind::kReportXlsx:
      return RequireReadable(service, principal, spec.report.unit_id);
    case ExportKind::kValuesCsv:
    case ExportKind::kDataValueSets:
      return RequireReadable(service, principal, spec.values.unit_id);
    case ExportKind::kBundle: {
      // The bundle holds every unit: it is for an administrator over the root.
      Access access(principal, service.engine(), service.Today());
      return access.RequireGlobal(Action::kAdminister, "the whole store");
    }
  }
  return MakeError(ErrorCode::kInternal, "unknown export kind");
}

Result<std::shared_ptr<Job>> StartExport(Service& service, JobRegistry& jobs,
                                         const Principal& principal, const ExportSpec& spec) {
  NQ_RETURN_IF_ERROR(AuthorizeExport(service, principal, spec));
  return jobs.Start(
      fmt::format("export-{}", ExportKindName(spec.kind)), principal.login,
      [&service, spec](Job& running, json::value&) -> Result<json::value> {
        NQ_TRY(ExportFile file, MakeExport(service, spec, running.Control()));
        json::object result{{"name", file.name}, {"size", file.bytes.size()}};
        if (spec.kind == ExportKind::kValuesCsv || spec.kind == ExportKind::kDataValueSets) {
          result["values"] = file.records;
          result["skipped_terms"] = file.skipped_terms;
        }
        running.SetFile(
            {std::move(file.name), std::move(file.content_type), std::move(file.bytes)});
        return json::value(std::move(result));
      });
}

std::function<Status(Id)> EntryCheck(const Access& access) {
  return [access](Id unit) {
    return access.Require(Action::kEnter, unit, fmt::format("unit {}", unit));
  };
}

Status AuthorizeValueImport(Service& service, const Principal& principal,
                            const std::vector<ValueRecord>& records) {
  Access access(principal, service.engine(), service.Today());
  std::set<std::string> codes;
  for (const ValueRecord& record : records) codes.insert(record.unit_code);
  return service.database().Read([&](storage::Transaction& tx) -> Status {
    for (const std::string& code : codes) {
      auto unit = storage::GetByCode<Unit>(tx, code);
      if (!unit) continue;  // reported as an unknown code by the import
      NQ_RETURN_IF_ERROR(
          access.Require(Action::kEnter, unit->id, fmt::format("unit \"{}\"", code)));
    }
    return Ok();
  });
}

Result<Reply> ImportValuesXlsxAs(Service& service, const Principal& principal, const Actor& actor,
                                 std::string_view fingerprint, std::string_view bytes,
                                 json::object& details) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    std::vector<formats::ImportIssue> issues;
                    auto written = ImportValuesXlsx(scope, bytes, issues, EntryCheck(access));
                    if (!written) {
                      details["errors"] = IssuesJson(issues);
                      return std::unexpected(written.error());
                    }
                    return Reply{200, json::object{{"written", written->size()}}};
                  });
}

Result<Reply> ImportValuesFileAs(Service& service, const Principal& principal, const Actor& actor,
                                 std::string_view fingerprint, ValuesFileFormat format,
                                 std::string_view body, json::object& details) {
  std::vector<Error> errors;
  NQ_TRY(auto records, ParseValuesFile(format, body, errors));
  // Every unit the file names is checked before anything runs: a unit out of sight is a 404 and
  // one seen but not the principal's to enter a 403, as for POST /values.
  NQ_RETURN_IF_ERROR(AuthorizeValueImport(service, principal, records));
  Access access(principal, service.engine(), service.Today());
  ImportControl control;
  control.file_hash = FileHash(body);
  auto reply = WriteRecords(service, actor, fingerprint, EntryCheck(access), format, records,
                            errors, control);
  if (!reply && !errors.empty()) {
    details["errors"] = ErrorsJson(errors);
    details["error_count"] = errors.size();
  }
  return reply;
}

Result<std::shared_ptr<Job>> StartValuesFileImport(Service& service, JobRegistry& jobs,
                                                   const Principal& principal, const Actor& actor,
                                                   ValuesFileFormat format, std::string_view body) {
  std::vector<Error> errors;
  NQ_TRY(auto records, ParseValuesFile(format, body, errors));
  NQ_RETURN_IF_ERROR(AuthorizeValueImport(service, principal, records));
  // The job owns the records; it runs without an idempotency key.
  Actor job_actor = actor;
  job_actor.idempotency_key.clear();
  return jobs.Start(
      format == ValuesFileFormat::kCsv ? "import-values-csv" : "import-datavaluesets",
      job_actor.name,
      [&service, job_actor, format, records = std::move(records), errors = std::move(errors),
       file_hash = FileHash(body)](Job& running,
                                   json::value& details) mutable -> Result<json::value> {
        ImportControl control;
        control.file_hash = file_hash;
        control.cancelled = &running.cancel_flag();
        control.progress = [&](size_t done, size_t total) { running.SetProgress(done, total); };
        running.SetProgress(0, records.size());
        auto reply =
            WriteRecords(service, job_actor, "", nullptr, format, records, errors, control);
        if (!reply) {
          if (!errors.empty()) details = ErrorsJson(errors);
          return std::unexpected(reply.error());
        }
        return std::move(reply->body);
      });
}

}  // namespace nq::app
