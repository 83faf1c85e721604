// A drafted report as the writers see it: a header, numbered headings, paragraphs and tables,
// and the sheets of its spreadsheet form. The .docx and .xlsx writers read it; the application
// layer builds it.
#pragma once

#include <string>
#include <variant>
#include <vector>

namespace nq::formats {

enum class Language { kVietnamese, kEnglish };

// A table cell: text, or a number shown with `decimals` places.
struct ReportCell {
  std::variant<std::string, double> content;
  int decimals = 0;
};

struct ReportTable {
  std::vector<std::string> header;
  std::vector<std::vector<ReportCell>> rows;
};

// One block of the body: a heading (level 1 "I.", 2 "1.", 3 "a)"), a paragraph or a table.
struct ReportBlock {
  enum class Kind { kHeading, kParagraph, kTable };
  Kind kind = Kind::kParagraph;
  int level = 0;       // headings only
  std::string number;  // "I.", "1.", "a)" for headings
  std::string text;
  ReportTable table;
};

// A named sheet of the spreadsheet export.
struct ReportSheet {
  std::string name;
  ReportTable table;
};

struct ReportDocument {
  Language language = Language::kVietnamese;
  std::string unit_code;
  std::string period_code;
  std::string superior_name;   // "ĐẢNG BỘ TỈNH THANH HÓA"
  std::string issuer_name;     // "ĐẢNG BỘ HUYỆN BÁ THƯỚC"
  std::string number;          // "Số    -BC/…"
  std::string national;        // "ĐẢNG CỘNG SẢN VIỆT NAM"
  std::string place_and_date;  // "Bá Thước, ngày 27 tháng 11 năm 2026"
  std::string title;           // "BÁO CÁO"
  std::string subtitle;        // "Kết quả thực hiện … Quý I/2021"
  std::vector<ReportBlock> blocks;
  std::vector<ReportSheet> sheets;  // targets, obligations by unit, values by unit
};

}  // namespace nq::formats
