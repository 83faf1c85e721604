// Values as CSV (RFC 4180, UTF-8 with an optional BOM), columns indicator_code, unit_code,
// period, value, comment. Exported cells that a spreadsheet would run as a formula are
// defused with a leading single quote, which the importer takes off again.
#pragma once

#include <string>
#include <vector>

#include "app/exchange/value_exchange.h"

namespace nq::app {

inline constexpr std::string_view kCsvColumns[] = {"indicator_code", "unit_code", "period", "value",
                                                   "comment"};

// Reads a values CSV. The header names the columns (any order; comment may be missing).
// Fails with invalid_argument for a missing header column or a quote left open; a row with the
// wrong number of cells adds an error "/rows/7" (7 = its line) and is left out.
Result<std::vector<ValueRecord>> ParseValuesCsv(std::string_view text, std::vector<Error>& errors);

// Writes records as CSV with CRLF line ends, a header and no BOM.
std::string WriteValuesCsv(const std::vector<ValueRecord>& records);

// The cell as written: quoted when it holds a comma, quote or line break; prefixed with a
// single quote when it starts with = + - @, a tab or a carriage return (CSV injection).
std::string CsvCell(std::string_view cell);

// Parses and writes a values CSV in `scope`: all or nothing (see ApplyRecords).
Result<size_t> ImportValuesCsv(WriteScope& scope, const std::vector<ValueRecord>& records,
                               std::vector<Error>& errors,
                               const std::function<Status(domain::Id)>& authorize = nullptr,
                               const ImportControl& control = {});

}  // namespace nq::app
