// The commands that move values, units and evidence in and out: DHIS2 dataValueSets, CSV and
// the Excel workbooks.
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/app.h"
#include "app/bundle/bundle.h"
#include "app/change_feed.h"
#include "app/check.h"
#include "app/engine_loader.h"
#include "app/exchange/dhis2.h"
#include "app/exchange/evidence_import.h"
#include "app/exchange/units_import.h"
#include "app/exchange/values_csv.h"
#include "app/exchange/xlsx_import.h"
#include "app/reorg/reorg.h"
#include "app/reports/exports.h"
#include "app/reports/report_writer.h"
#include "app/setup.h"
#include "cli/commands.h"
#include "cli/stack.h"
#include "cli/units_command.h"
#include "demo/demo.h"
#include "engine/structure.h"
#include "formats/docx_writer.h"
#include "formats/json_reader.h"
#include "formats/xlsx_writer.h"
#include "http/http_server.h"
#include "storage/auth_store.h"
#include "storage/postgres_database.h"
#include "storage/restore.h"
#include "storage/sqlite_database.h"
#include "storage/store.h"

namespace nq::cli {
namespace {

std::string FormatOf(const Options& options) {
  if (!options.values_format.empty()) return options.values_format;
  std::string extension = std::filesystem::path(options.file).extension().string();
  if (extension == ".csv") return "csv";
  if (extension == ".xlsx") return "xlsx";
  return "dhis2";
}

}  // namespace

int ImportValues(const Options& options) {
  const std::string format = FormatOf(options);
  if (format != "dhis2" && format != "csv" && format != "xlsx") {
    return Fail(Error{ErrorCode::kInvalidArgument,
                      fmt::format("format \"{}\" is not one of dhis2, csv, xlsx", format),
                      {}});
  }
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  std::vector<Error> errors;
  std::vector<formats::ImportIssue> issues;
  std::vector<app::ValueRecord> records;
  app::FileHasher hasher;
  if (format == "dhis2") {
    std::ifstream in(options.file, std::ios::binary);
    if (!in)
      return Fail(Error{ErrorCode::kNotFound, fmt::format("cannot read \"{}\"", options.file), {}});
    auto parsed = app::ParseDataValueSets(in, errors, &hasher);
    if (!parsed) return Fail(parsed.error());
    records = std::move(*parsed);
  }
  auto bytes = format == "dhis2" ? Result<std::string>() : ReadWholeFile(options.file);
  if (!bytes) return Fail(bytes.error());
  if (format != "dhis2") hasher.Update(*bytes);
  if (format == "csv") {
    auto parsed = app::ParseValuesCsv(*bytes, errors);
    if (!parsed) return Fail(parsed.error());
    records = std::move(*parsed);
  }
  ProgressBar bar;
  app::ImportControl control;
  control.progress = [&](size_t done, size_t total) { bar.Update(done, total); };
  control.file_hash = hasher.Final();
  size_t written = 0;
  auto reply = (*stack)->service->Mutate(
      app::Actor{"cli", "", ""}, "", [&](app::WriteScope& scope) -> Result<app::Reply> {
        if (format == "xlsx") {
          NQ_TRY(auto values, app::ImportValuesXlsx(scope, *bytes, issues));
          written = values.size();
        } else if (format == "csv") {
          NQ_TRY(written, app::ImportValuesCsv(scope, records, errors, nullptr, control));
        } else {
          NQ_TRY(written, app::ImportDataValueSets(scope, records, errors, nullptr, control));
        }
        return app::Reply{200, boost::json::object{{"written", written}}};
      });
  if (!reply) {
    bar.Finish("import failed; nothing written");
    for (const Error& e : errors)
      fmt::print(stderr, "nqtrack: {}: {}: {}\n", options.file, e.field, e.message);
    for (const auto& issue : issues)
      fmt::print(stderr, "nqtrack: {}: {}\n", options.file, issue.Text());
    return Fail(reply.error());
  }
  bar.Finish(fmt::format("imported {} values from {}", written, options.file));
  return 0;
}

int ExportValues(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  auto unit = FindUnitId(*(*stack)->database, options.unit);
  if (!unit) return Fail(unit.error());
  auto from = domain::Period::Parse(options.from);
  if (!from) return Fail(from.error());
  auto to = domain::Period::Parse(options.to);
  if (!to) return Fail(to.error());
  const std::string format = options.values_format.empty() ? "dhis2" : options.values_format;
  if (format != "dhis2" && format != "csv") {
    return Fail(Error{ErrorCode::kInvalidArgument,
                      fmt::format("format \"{}\" is not one of dhis2, csv", format),
                      {}});
  }
  app::ExportSpec spec;
  spec.kind = format == "csv" ? app::ExportKind::kValuesCsv : app::ExportKind::kDataValueSets;
  spec.values = app::ExportRequest{*unit, *from, *to};
  return ExportWithProgress(*(*stack)->service, spec, options.file);
}

// ---- Units and obligations' evidence in from Excel

namespace {

int WriteTemplate(const Result<std::string>& bytes, const std::string& path) {
  if (!bytes) return Fail(bytes.error());
  if (auto written = WriteFileAtomically(path, *bytes); !written) return Fail(written.error());
  fmt::print(stderr, "nqtrack: wrote {} ({} bytes)\n", path, bytes->size());
  return 0;
}

// Reads a filled workbook with `read`, applies it with `apply` in one mutation under a progress
// bar, all or nothing; prints each problem by sheet, row and column.
template <typename Apply>
int ImportWorkbook(const Options& options,
                   Result<formats::FilledSheet> (*read)(std::string_view,
                                                        std::vector<formats::ImportIssue>&),
                   Apply apply) {
  auto bytes = ReadWholeFile(options.file);
  if (!bytes) return Fail(bytes.error());
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  std::vector<formats::ImportIssue> issues;
  auto print_issues = [&] {
    for (const formats::ImportIssue& issue : issues) {
      fmt::print(stderr, "nqtrack: {}: {}\n", options.file, issue.Text());
    }
  };
  auto sheet = read(*bytes, issues);
  if (!sheet) {
    print_issues();
    return Fail(sheet.error());
  }
  ProgressBar bar;
  std::string done;
  auto reply = [&] {
    ConsoleControl console(bar);
    return (*stack)->service->Mutate(
        app::Actor{"cli", "", ""}, "", [&](app::WriteScope& scope) -> Result<app::Reply> {
          NQ_TRY(done, apply(**stack, scope, *sheet, issues, console.control()));
          return app::Reply{};
        });
  }();
  if (!reply) {
    bar.Finish("import failed; nothing written");
    print_issues();
    return Fail(reply.error());
  }
  bar.Finish(done);
  return 0;
}

}  // namespace

int UnitsTemplate(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  return WriteTemplate(app::WriteUnitsTemplate(*(*stack)->service, nullptr, true), options.file);
}

int ImportUnits(const Options& options) {
  return ImportWorkbook(
      options, app::ReadUnitsXlsx,
      [&](Stack&, app::WriteScope& scope, const formats::FilledSheet& sheet,
          std::vector<formats::ImportIssue>& issues,
          const WorkControl& control) -> Result<std::string> {
        NQ_TRY(auto created, app::ImportUnits(scope, sheet, issues, nullptr, control));
        return fmt::format("created {} units from {}", created.size(), options.file);
      });
}

int EvidenceTemplate(const Options& options) {
  auto stack = OpenStack(options.db);
  if (!stack) return Fail(stack.error());
  auto unit = FindUnitId(*(*stack)->database, options.unit);
  if (!unit) return Fail(unit.error());
  auto obligation = (*stack)->database->Read([&](storage::Transaction& tx) {
    return storage::GetByCode<domain::Obligation>(tx, options.obligation);
  });
  if (!obligation) return Fail(obligation.error());
  return WriteTemplate(
      app::WriteEvidenceTemplate(*(*stack)->service, obligation->id, *unit, nullptr), options.file);
}

int ImportEvidence(const Options& options) {
  return ImportWorkbook(options, app::ReadEvidenceXlsx,
                        [&](Stack& stack, app::WriteScope& scope, const formats::FilledSheet& sheet,
                            std::vector<formats::ImportIssue>& issues,
                            const WorkControl& control) -> Result<std::string> {
                          NQ_TRY(auto written,
                                 app::ImportEvidence(scope, *stack.engine, stack.service->Today(),
                                                     sheet, issues, nullptr, control));
                          return fmt::format("wrote the evidence of {} assignments from {}",
                                             written.size(), options.file);
                        });
}

}  // namespace nq::cli
