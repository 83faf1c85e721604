// The fuzz targets of the formats and common layers, one LLVMFuzzerTestOneInput each, chosen at
// compile time by NQ_FUZZ_TARGET: the JSON body parser, the entities' JSON decoders, period codes,
// Vietnamese search folding and collation, the zip reader, the xlsx reader (a sheet's XML and
// shared strings wrapped into a workbook, so the mutations reach the XML rather than break the
// zip), and the Word and Excel writers given any text. Each also checks a property where there
// is one. The application's decoders (the values CSV among them) are in fuzz_app.cc, the HTTP
// transport's in fuzz_http.cc.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/text.h"
#include "domain/document.h"
#include "domain/indicator.h"
#include "domain/notice.h"
#include "domain/obligation.h"
#include "domain/people.h"
#include "domain/period.h"
#include "domain/report.h"
#include "domain/unit.h"
#include "formats/codec.h"
#include "formats/docx_writer.h"
#include "formats/json_reader.h"
#include "formats/xlsx_reader.h"
#include "formats/xlsx_writer.h"
#include "formats/zip_archive.h"

namespace nq::fuzz {

[[noreturn]] void Broken(const char* what) {
  std::fprintf(stderr, "fuzz property broken: %s\n", what);
  std::abort();
}

void JsonBody(std::string_view input) { (void)nq::formats::ParseJsonBody(input); }

template <typename T>
void DecodeAs(const nq::formats::json::value& body, bool partial) {
  T row{};
  (void)nq::formats::FromJson(body, row, partial);
  T stored{};
  (void)nq::formats::FromStoredJson(body, stored);
}

// The first byte picks an entity and whether the body is a PATCH; the rest is the body. What
// decodes is encoded again, and the encoding decodes (the API answers what it was given).
void EntityJson(std::string_view input) {
  if (input.empty()) return;
  const auto choice = static_cast<unsigned char>(input[0]);
  auto body = nq::formats::ParseJsonBody(input.substr(1));
  if (!body) return;
  const bool partial = (choice & 0x80) != 0;
  switch (choice % 12) {
    case 0:
      return DecodeAs<nq::domain::Unit>(*body, partial);
    case 1:
      return DecodeAs<nq::domain::Person>(*body, partial);
    case 2:
      return DecodeAs<nq::domain::Indicator>(*body, partial);
    case 3:
      return DecodeAs<nq::domain::Document>(*body, partial);
    case 4:
      return DecodeAs<nq::domain::Item>(*body, partial);
    case 5:
      return DecodeAs<nq::domain::Obligation>(*body, partial);
    case 6:
      return DecodeAs<nq::domain::Recommendation>(*body, partial);
    case 7:
      return DecodeAs<nq::domain::Responsibility>(*body, partial);
    case 8:
      return DecodeAs<nq::domain::Comment>(*body, partial);
    case 9:
      return DecodeAs<nq::domain::Declaration>(*body, partial);
    case 10:
      return DecodeAs<nq::domain::Term>(*body, partial);
    default: {
      nq::domain::Notice notice{};
      (void)nq::formats::FromJson(*body, notice, partial);
      nq::domain::Evidence evidence{};
      (void)nq::formats::FromJson(*body, evidence, partial);
      nq::domain::Link link{};
      (void)nq::formats::FromJson(*body, link, partial);
    }
  }
}

// Search folding is idempotent and a folded text contains its own words; collation is
// antisymmetric and agrees with the sort keys. Input: two texts split at the first NUL.
void TextSearch(std::string_view input) {
  const size_t nul = input.find('\0');
  const std::string_view a = input.substr(0, nul);
  const std::string_view b =
      nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);
  const std::string folded = nq::FoldForSearch(a);
  if (nq::FoldForSearch(folded) != folded) Broken("FoldForSearch is not idempotent");
  if (!nq::MatchesSearch(folded, folded)) Broken("a folded text does not match itself");
  (void)nq::MatchesSearch(folded, nq::FoldForSearch(b));
  (void)nq::ToNfc(a);
  (void)nq::WithoutForbiddenChars(nq::IsValidUtf8(a) ? a : std::string_view());
  if (!nq::IsValidUtf8(a) || !nq::IsValidUtf8(b)) return;
  const int ab = nq::CompareVietnamese(a, b);
  const int ba = nq::CompareVietnamese(b, a);
  if ((ab < 0) != (ba > 0) || (ab == 0) != (ba == 0))
    Broken("CompareVietnamese is not antisymmetric");
  const int keys = nq::VietnameseSortKey(a).compare(nq::VietnameseSortKey(b));
  if ((keys < 0) != (ab < 0) || (keys > 0) != (ab > 0))
    Broken("sort keys disagree with CompareVietnamese");
}

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

// Any text that may be stored (valid UTF-8; the decoders refuse control characters and
// noncharacters, but older stores may hold them) exports to a .docx whose every XML part is
// well-formed, and to an .xlsx that is written.
void DocumentText(std::string_view input) {
  if (!nq::IsValidUtf8(input)) return;
  const std::string text(input);
  nq::formats::ReportDocument report;
  report.title = text;
  report.issuer_name = text;
  nq::formats::ReportBlock paragraph;
  paragraph.text = text;
  report.blocks.push_back(paragraph);
  nq::formats::ReportBlock table;
  table.kind = nq::formats::ReportBlock::Kind::kTable;
  table.table.header = {text};
  table.table.rows = {{nq::formats::ReportCell{text, 0}}};
  report.blocks.push_back(table);
  report.sheets.push_back({"Số liệu", table.table});
  auto docx = nq::formats::WriteDocx(report);
  if (!docx) Broken("WriteDocx failed on valid UTF-8 text");
  auto xlsx = nq::formats::WriteReportXlsx(report);
  if (!xlsx) Broken("WriteReportXlsx failed on valid UTF-8 text");
  for (const std::string* file : {&*docx, &*xlsx}) {
    auto parts = nq::formats::ReadZip(*file);
    if (!parts) Broken("an export is not a readable zip");
    for (const auto& [name, bytes] : *parts) {
      if (!name.ends_with(".xml") && !name.ends_with(".rels")) continue;
      // pugixml does not check characters: XML 1.0 refuses C0 controls and U+FFFE/U+FFFF.
      if (!nq::IsValidUtf8(bytes) || nq::FindForbiddenChar(bytes)) {
        Broken("a part of an export holds a character XML refuses");
      }
      pugi::xml_document document;
      if (!document.load_buffer(bytes.data(), bytes.size())) {
        Broken("a part of an export is not well-formed XML");
      }
    }
  }
}

}  // namespace nq::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  nq::fuzz::NQ_FUZZ_TARGET(input);
  return 0;
}
