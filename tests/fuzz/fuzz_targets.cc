// The fuzz targets, one LLVMFuzzerTestOneInput each, chosen at compile time by NQ_FUZZ_TARGET:
// the JSON body parser, period codes, the zip reader, the xlsx reader (a sheet's XML and shared
// strings wrapped into a workbook, so the mutations reach the XML rather than break the zip)
// and the values CSV reader. Each also checks a property where there is one.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/exchange/values_csv.h"
#include "domain/period.h"
#include "formats/json_reader.h"
#include "formats/xlsx_reader.h"
#include "formats/zip_archive.h"

namespace nq::fuzz {

[[noreturn]] void Broken(const char* what) {
  std::fprintf(stderr, "fuzz property broken: %s\n", what);
  std::abort();
}

void JsonBody(std::string_view input) { (void)nq::formats::ParseJsonBody(input); }

// A period that parses writes back to the same code.
void PeriodCode(std::string_view input) {
  auto period = nq::domain::Period::Parse(input);
  if (!period) return;
  auto again = nq::domain::Period::Parse(period->ToString());
  if (!again || !(*again == *period)) Broken("Period::Parse(p.ToString()) != p");
}

void Zip(std::string_view input) { (void)nq::formats::ReadZip(input); }

// Input: the sheet's XML, then a NUL, then the shared strings' XML (optional).
void XlsxSheet(std::string_view input) {
  const size_t nul = input.find('\0');
  std::string sheet(input.substr(0, nul));
  std::vector<std::pair<std::string, std::string>> parts = {
      {"xl/workbook.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x" Target="worksheets/data.xml"/></Relationships>)"},
      {"xl/worksheets/data.xml", sheet}};
  if (nul != std::string_view::npos) {
    parts.emplace_back("xl/sharedStrings.xml", std::string(input.substr(nul + 1)));
  }
  auto zip = nq::formats::WriteZip(parts);
  if (!zip) return;
  std::vector<nq::formats::ImportIssue> issues;
  auto read = nq::formats::ReadXlsxSheet(*zip, "Số liệu", true, issues);
  if (!read && issues.empty()) Broken("a refused workbook without an issue");
}

void ValuesCsv(std::string_view input) {
  std::vector<nq::Error> errors;
  (void)nq::app::ParseValuesCsv(input, errors);
}

}  // namespace nq::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  nq::fuzz::NQ_FUZZ_TARGET(input);
  return 0;
}
