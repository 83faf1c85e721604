// Hand-made workbooks for the tests of Excel uploads: a minimal .xlsx around one sheet's rows,
// with a help sheet before it, so each test can put exactly the cells (formulas, merged cells,
// bad bytes, entity declarations) it wants to see refused.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "formats/docx_writer.h"
#include "formats/xlsx_reader.h"
#include "formats/zip_archive.h"

namespace nq::formats::testing {

// A workbook whose sheet `sheet_name` holds `sheet_data` (the <sheetData> rows), with `extra`
// after the sheet data and `prolog` before the root element.
inline std::string Workbook(std::string_view sheet_name, const std::string& sheet_data,
                            const std::string& extra = "", const std::string& prolog = "") {
  const std::string sheet =
      R"(<?xml version="1.0" encoding="UTF-8"?>)" + prolog +
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
      sheet_data + "</sheetData>" + extra + "</worksheet>";
  auto zip = WriteZip(
      {{"[Content_Types].xml",
        R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>)"},
       {"xl/workbook.xml",
        fmt::format(
            R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Hướng dẫn" sheetId="1" r:id="rId2"/><sheet name="{}" sheetId="2" r:id="rId1"/></sheets></workbook>)",
            XmlEscape(sheet_name))},
       {"xl/_rels/workbook.xml.rels",
        R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x" Target="worksheets/data.xml"/><Relationship Id="rId2" Type="x" Target="worksheets/help.xml"/></Relationships>)"},
       {"xl/worksheets/help.xml",
        R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>)"},
       {"xl/worksheets/data.xml", sheet}});
  EXPECT_TRUE(zip);
  return zip.value_or("");
}

// An inline string cell; `text` is written as given (escaped for XML, not checked for UTF-8).
inline std::string Str(std::string_view ref, std::string_view text) {
  return fmt::format(R"(<c r="{}" t="inlineStr"><is><t>{}</t></is></c>)", ref, XmlEscape(text));
}
inline std::string Num(std::string_view ref, std::string_view number) {
  return fmt::format(R"(<c r="{}"><v>{}</v></c>)", ref, number);
}

// A row of inline strings from column A on; empty texts leave their cell out.
inline std::string TextRow(int row, std::initializer_list<std::string_view> texts) {
  std::string cells;
  int column = 0;
  for (std::string_view text : texts) {
    ++column;
    if (text.empty()) continue;
    cells += Str(fmt::format("{}{}", static_cast<char>('A' + column - 1), row), text);
  }
  return fmt::format("<row r=\"{}\">{}</row>", row, cells);
}

// `bytes` (a workbook, such as a downloaded template) with its part `part` rewritten by `edit`:
// how a test fills in a template as an office would.
inline std::string EditPart(std::string_view bytes, const std::string& part,
                            const std::function<std::string(std::string)>& edit) {
  auto entries = ReadZip(bytes);
  EXPECT_TRUE(entries);
  if (!entries) return "";
  EXPECT_TRUE(entries->contains(part)) << part;
  std::vector<std::pair<std::string, std::string>> parts;
  for (auto& [name, content] : *entries) {
    parts.emplace_back(name, name == part ? edit(std::move(content)) : std::move(content));
  }
  auto zip = WriteZip(parts);
  EXPECT_TRUE(zip);
  return zip.value_or("");
}

// `sheet_xml` with row `row` replaced by `row_xml`, or `row_xml` added when there is no such row
// (rows must then be added in increasing order).
inline std::string PutRow(std::string sheet_xml, int row, const std::string& row_xml) {
  const std::string open = fmt::format("<row r=\"{}\"", row);
  if (size_t start = sheet_xml.find(open); start != std::string::npos) {
    size_t end = sheet_xml.find("</row>", start);
    return sheet_xml.replace(start, end + 6 - start, row_xml);
  }
  size_t end = sheet_xml.find("</sheetData>");
  if (end == std::string::npos) {  // an empty <sheetData/>
    size_t empty = sheet_xml.find("<sheetData/>");
    return sheet_xml.replace(empty, 12, "<sheetData>" + row_xml + "</sheetData>");
  }
  return sheet_xml.insert(end, row_xml);
}

// A file an upload must refuse, and a part of the first issue's text it must give.
struct BadFile {
  const char* name;
  std::string file;
  std::string expected;
};

// Uploads each bad file with `import(bytes, issues)`: it must fail with invalid_argument (or
// too_large for a zip bomb) and name the place as expected; then `unchanged(name)` checks
// that nothing was written.
template <typename Import>
void ExpectEachRefused(const std::vector<BadFile>& cases, Import import,
                       const std::function<void(const char* name)>& unchanged) {
  for (const BadFile& bad : cases) {
    std::vector<ImportIssue> issues;
    auto result = import(bad.file, issues);
    ASSERT_FALSE(result) << bad.name;
    EXPECT_TRUE(result.error().code == ErrorCode::kInvalidArgument ||
                result.error().code == ErrorCode::kTooLarge)
        << bad.name;
    ASSERT_FALSE(issues.empty()) << bad.name;
    EXPECT_NE(issues.front().Text().find(bad.expected), std::string::npos)
        << bad.name << ": " << issues.front().Text();
    unchanged(bad.name);
  }
}

}  // namespace nq::formats::testing
