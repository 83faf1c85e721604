// Spreadsheets out (libxlsxwriter): the report's tables one sheet each, with Vietnamese headers
// and number formats; and the values template a unit fills (its layout is in xlsx_import.h).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "formats/report_document.h"

namespace nq::formats {

// The report's sheets (targets, obligations by unit, values by unit) as .xlsx bytes.
Result<std::string> WriteReportXlsx(const ReportDocument& report);

// A sheet to write: a title above a header row, then rows. Cells that are numbers are written
// as numbers with `decimals` places.
struct XlsxSheet {
  std::string name;
  std::vector<std::pair<std::string, std::string>> preamble;  // label → value, rows 2…
  std::string title;
  ReportTable table;
  std::vector<double> column_widths;
};

// Writes `sheets` with libxlsxwriter (through a temporary file, since this version cannot
// write to memory). unavailable when the temporary file cannot be written.
Result<std::string> WriteXlsx(const std::vector<XlsxSheet>& sheets);

}  // namespace nq::formats
