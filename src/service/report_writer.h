// The narrative report of a unit for a period, drafted from the engine's figures and the
// store: I. results, II. shortcomings and causes, III. tasks ahead, IV. recommendations. The
// same structure feeds the .docx, the .xlsx and the JSON export.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "service/service.h"
#include "service/work_control.h"

namespace nq::service {

enum class Language { kVietnamese, kEnglish };
Result<Language> ParseLanguage(std::string_view code);  // "vi" or "en"

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

struct ReportRequest {
  domain::Id unit_id = 0;
  domain::Period period = domain::Period::Year(2021);
  Language language = Language::kVietnamese;
  std::optional<Date> issued_on;  // default: today
};

// Builds the report from one read transaction and the engine, as of the period's last day
// (or today when earlier). not_found for an unknown unit. Reports a step per target, per
// obligation, per narrative section and per indicator of the values sheet to `control`, and
// fails with aborted when it is cancelled.
Result<ReportDocument> BuildReport(Service& service, const ReportRequest& request,
                                   const WorkControl& control = {});

// The report as JSON: header fields, blocks and sheets.
json::value ReportJson(const ReportDocument& report);

// The sentence about an obligation's completeness, e.g. "43/43 đảng bộ, chi bộ trực thuộc
// (21 đảng bộ xã, thị trấn và 22 đảng bộ, chi bộ cơ quan, doanh nghiệp) đã tổ chức …".
// `kind_names` pairs each kind's done count with its (lower-cased) name, in kind order.
std::string ObligationSentenceVi(int done, int expected,
                                 const std::vector<std::pair<int, std::string>>& kind_names,
                                 std::string_view action,
                                 const std::vector<std::string>& not_done_names);

// Unicode case mapping for Vietnamese text.
std::string LowerVi(std::string_view text);
std::string UpperVi(std::string_view text);

}  // namespace nq::service
