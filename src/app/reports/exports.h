// Large exports as files, with progress and cancellation: the report of a unit for a period
// (.docx, .xlsx), the values of a subtree (CSV, DHIS2 dataValueSets) and the whole store as a
// bundle. The API runs them as jobs; the command line shows their progress as a bar.
#pragma once

#include <string>

#include "app/exchange/value_exchange.h"
#include "app/reports/report_writer.h"
#include "common/work_control.h"

namespace nq::app {

enum class ExportKind { kReportDocx, kReportXlsx, kValuesCsv, kDataValueSets, kBundle };
// "report.docx", "report.xlsx", "values.csv", "datavaluesets", "bundle".
std::string_view ExportKindName(ExportKind kind);

struct ExportSpec {
  ExportKind kind = ExportKind::kReportDocx;
  ReportRequest report;  // the report kinds
  ExportRequest values;  // the values kinds
};

struct ExportFile {
  std::string name;  // "bao-cao-ba-thuoc-2021Q1.docx"
  std::string content_type;
  std::string bytes;
  size_t records = 0;        // values written (values kinds)
  size_t skipped_terms = 0;  // values of term periods left out of a dataValueSets file
};

inline constexpr std::string_view kXlsxContentType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
inline constexpr std::string_view kDocxContentType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
inline constexpr std::string_view kCsvContentType = "text/csv; charset=utf-8";

// Makes the file of `spec`. Progress goes to `control` phase by phase (the report's steps, the
// values read, the bundle's tables), ending with ("writing", 1, 1) once the bytes are made.
// Errors: those of the export (not_found for an unknown unit, invalid_argument for periods
// that do not fit); aborted when `control` is cancelled, and then nothing is returned.
Result<ExportFile> MakeExport(Service& service, const ExportSpec& spec,
                              const WorkControl& control = {});

}  // namespace nq::app
