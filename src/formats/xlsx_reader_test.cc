// The budget of an uploaded workbook (XlsxLimits): each limit refuses with too_large, names
// itself, and stops reading there; a workbook within every limit reads as before.
#include "formats/xlsx_reader.h"

#include <gtest/gtest.h>

#include "formats/xlsx_test_support.h"

namespace nq::formats {
namespace {

using testing::Num;
using testing::Str;
using testing::Workbook;

// A workbook whose sheet "Số liệu" has `cells` cells in column A, each referencing shared string
// 0, which is `text`.
std::string SharedTextWorkbook(const std::string& text, int cells) {
  std::string rows;
  for (int row = 1; row <= cells; ++row) {
    rows += fmt::format(R"(<row r="{0}"><c r="A{0}" t="s"><v>0</v></c></row>)", row);
  }
  auto entries = ReadZip(Workbook("Số liệu", rows));
  EXPECT_TRUE(entries);
  std::vector<std::pair<std::string, std::string>> parts(entries->begin(), entries->end());
  parts.emplace_back(
      "xl/sharedStrings.xml",
      R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>)" +
          text + "</t></si></sst>");
  auto zip = WriteZip(parts);
  EXPECT_TRUE(zip);
  return zip.value_or("");
}

Result<XlsxSheetData> Read(const std::string& bytes, const XlsxLimits& limits,
                           std::vector<ImportIssue>& issues) {
  return ReadXlsxSheet(bytes, "Số liệu", false, issues, limits);
}

void ExpectTooLarge(const Result<XlsxSheetData>& result, const std::vector<ImportIssue>& issues,
                    std::string_view limit) {
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kTooLarge) << result.error().message;
  EXPECT_NE(result.error().message.find(limit), std::string::npos) << result.error().message;
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues.front().Text().find(limit), std::string::npos);
}

TEST(XlsxLimits, ASharedStringIsCountedAtEveryReference) {
  const std::string bytes = SharedTextWorkbook(std::string(1000, 'x'), 100);
  std::vector<ImportIssue> issues;
  auto read = Read(bytes, {.max_text_bytes = 50'000}, issues);
  ExpectTooLarge(read, issues, "max_text_bytes");
  issues.clear();
  auto fits = Read(bytes, {.max_text_bytes = 100'000}, issues);
  ASSERT_TRUE(fits) << fits.error().message;
  EXPECT_EQ(fits->cells.size(), 100u);
  EXPECT_EQ(fits->Text(100, 1), std::string(1000, 'x'));
}

TEST(XlsxLimits, OneCellsTextIsBounded) {
  const std::string bytes = SharedTextWorkbook(std::string(2000, 'x'), 1);
  std::vector<ImportIssue> issues;
  ExpectTooLarge(Read(bytes, {.max_cell_bytes = 1000}, issues), issues, "max_cell_bytes");
  issues.clear();
  const std::string inline_text =
      Workbook("Số liệu", "<row r=\"1\">" + Str("A1", std::string(2000, 'y')) + "</row>");
  ExpectTooLarge(Read(inline_text, {.max_cell_bytes = 1000}, issues), issues, "max_cell_bytes");
}

TEST(XlsxLimits, CellsRowsAndMarkupAreBounded) {
  std::string rows;
  for (int row = 1; row <= 50; ++row) {
    rows += fmt::format("<row r=\"{0}\">{1}{2}</row>", row, Num(fmt::format("A{}", row), "1"),
                        Num(fmt::format("B{}", row), "2"));
  }
  const std::string bytes = Workbook("Số liệu", rows);
  std::vector<ImportIssue> issues;
  ExpectTooLarge(Read(bytes, {.max_cells = 99}, issues), issues, "max_cells");
  issues.clear();
  ExpectTooLarge(Read(bytes, {.max_rows = 49}, issues), issues, "max_rows");
  issues.clear();
  ExpectTooLarge(Read(bytes, {.max_markup = 100}, issues), issues, "max_markup");
  issues.clear();
  auto fits = Read(bytes, {.max_cells = 100, .max_rows = 50}, issues);
  ASSERT_TRUE(fits) << fits.error().message;
  EXPECT_EQ(fits->cells.size(), 100u);
}

}  // namespace
}  // namespace nq::formats
