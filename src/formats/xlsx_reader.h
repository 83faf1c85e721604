// Excel in, safely: one sheet of an uploaded .xlsx read into its cells (libzip + pugixml), with
// everything a filled form never holds refused and named by sheet, row and column: zip bombs,
// DOCTYPE/entity declarations (XXE), formulas, merged cells, text that is not UTF-8, and a
// workbook that would expand past XlsxLimits (one shared string referenced by every cell).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/date.h"
#include "common/result.h"

namespace nq::formats {

// One problem found in an uploaded file; row 0 / empty column for the file as a whole.
struct ImportIssue {
  std::string sheet;
  int row = 0;
  std::string column;
  std::string message;  // Vietnamese
  // "Trang tính 'Số liệu', dòng 7, cột E: giá trị "abc" không phải là số".
  std::string Text() const;
};

struct XlsxCell {
  enum class Kind { kNumber, kString, kBool, kError };
  Kind kind = Kind::kString;
  std::string text;  // NFC; for numbers the stored digits ("45292", "3.5")
};

// The cells of one sheet, by (row, column), both from 1.
struct XlsxSheetData {
  std::string name;
  std::map<std::pair<int, int>, XlsxCell> cells;
  int last_row = 0;

  const XlsxCell* At(int row, int column) const;
  // The cell's text with surrounding blanks removed; "" for an empty cell.
  std::string Text(int row, int column) const;
  // True when no cell of the row between columns 1 and `last_column` holds text.
  bool RowEmpty(int row, int last_column) const;
};

// What one uploaded workbook may expand to in memory. A shared string is stored once but
// copied into every cell that references it, so a 17 KB file with one 1 MiB string and 3,000
// references would expand to 3 GB: the text is counted at every reference, and reading stops
// with too_large (413) at the first limit passed, naming it, before the memory is spent.
struct XlsxLimits {
  size_t max_cells = 100'000;             // cells of the sheet (the forms hold a few thousand)
  int max_rows = 100'000;                 // the row of any cell
  size_t max_cell_bytes = 128 << 10;      // one cell's text (Excel holds 32,767 characters)
  uint64_t max_text_bytes = 16ull << 20;  // all cells' text, shared strings at each reference
  size_t max_markup = 1'000'000;          // tags ('<') of one XML part: bounds its parsed tree
};

// Reads the sheet named `sheet_name` (when missing: the first sheet if `or_first`, else an
// issue). Fails with invalid_argument, or too_large for an archive that inflates too far or a
// workbook past `limits`, and appends every problem found to `issues`.
Result<XlsxSheetData> ReadXlsxSheet(std::string_view bytes, std::string_view sheet_name,
                                    bool or_first, std::vector<ImportIssue>& issues,
                                    const XlsxLimits& limits = {});

// A form's sheet as filled: its cells, and the rows after the header that hold anything.
struct FilledSheet {
  XlsxSheetData data;
  std::vector<int> rows;
};

// Reads the sheet `sheet_name` (which must exist), checks that row `header_row` holds `header`
// from column A on, and lists the rows below it with text in any of the header's columns.
// invalid_argument (too_large for an archive that inflates too far or a workbook past `limits`)
// with every problem in `issues`.
Result<FilledSheet> ReadFilledSheet(std::string_view bytes, std::string_view sheet_name,
                                    int header_row, std::span<const std::string_view> header,
                                    std::vector<ImportIssue>& issues,
                                    const XlsxLimits& limits = {});

// True when `code` is a code as the API takes it: 1–64 characters a-z 0-9 . _ -, starting
// with a letter or digit.
bool IsValidCode(std::string_view code);

// "A", "B", …, "Z", "AA"… for columns from 1.
std::string ColumnName(int column);

// A date as an office types it into a cell: an Excel date number (1900 system), "31/12/2021",
// "31-12-2021" or "2021-12-31". The Vietnamese reason when it is none of these.
Result<Date> ParseCellDate(const XlsxCell& cell);
// A date as the templates write it: "31/12/2021".
std::string CellDate(Date date);

// The error of a failed upload: "tệp có 3 lỗi, không ghi … nào; lỗi đầu tiên: …".
std::unexpected<Error> ImportFailed(const std::vector<ImportIssue>& issues, ErrorCode code,
                                    std::string_view nothing_written);

}  // namespace nq::formats
