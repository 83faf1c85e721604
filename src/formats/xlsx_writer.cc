#include "formats/xlsx_writer.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/text.h"

namespace nq::formats {
namespace {

// The temporary file that libxlsxwriter writes, removed when done.
class TemporaryFile final {
 public:
  TemporaryFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "nq-xlsx-XXXXXX").string();
    int fd = ::mkstemp(pattern.data());
    if (fd >= 0) {
      ::close(fd);
      path_ = pattern;
    }
  }
  ~TemporaryFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string NumberFormat(int decimals) {
  if (decimals <= 0) return "#,##0";
  return "#,##0." + std::string(static_cast<size_t>(decimals), '0');
}

struct Formats {
  lxw_format* title;
  lxw_format* label;
  lxw_format* header;
  lxw_format* text;
  std::map<int, lxw_format*> numbers;
};

Formats MakeFormats(lxw_workbook* workbook) {
  Formats formats{};
  formats.title = workbook_add_format(workbook);
  format_set_bold(formats.title);
  format_set_font_size(formats.title, 14);
  formats.label = workbook_add_format(workbook);
  format_set_bold(formats.label);
  formats.header = workbook_add_format(workbook);
  format_set_bold(formats.header);
  format_set_text_wrap(formats.header);
  format_set_align(formats.header, LXW_ALIGN_CENTER);
  format_set_align(formats.header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_border(formats.header, LXW_BORDER_THIN);
  format_set_bg_color(formats.header, 0xE7E6E6);
  formats.text = workbook_add_format(workbook);
  format_set_border(formats.text, LXW_BORDER_THIN);
  format_set_text_wrap(formats.text);
  format_set_align(formats.text, LXW_ALIGN_VERTICAL_TOP);
  return formats;
}

lxw_format* NumberFormatOf(lxw_workbook* workbook, Formats& formats, int decimals) {
  auto found = formats.numbers.find(decimals);
  if (found != formats.numbers.end()) return found->second;
  lxw_format* format = workbook_add_format(workbook);
  format_set_border(format, LXW_BORDER_THIN);
  format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
  format_set_num_format(format, NumberFormat(decimals).c_str());
  formats.numbers.emplace(decimals, format);
  return format;
}

void WriteSheet(lxw_workbook* workbook, Formats& formats, const XlsxSheet& sheet) {
  lxw_worksheet* worksheet = workbook_add_worksheet(workbook, sheet.name.c_str());
  worksheet_write_string(worksheet, 0, 0, WithoutForbiddenChars(sheet.title).c_str(),
                         formats.title);
  lxw_row_t row = 1;
  for (const auto& [label, value] : sheet.preamble) {
    worksheet_write_string(worksheet, row, 0, WithoutForbiddenChars(label).c_str(), formats.label);
    worksheet_write_string(worksheet, row, 1, WithoutForbiddenChars(value).c_str(), nullptr);
    ++row;
  }
  ++row;  // a blank line before the table
  const lxw_row_t header_row = row;
  for (size_t column = 0; column < sheet.table.header.size(); ++column) {
    worksheet_write_string(worksheet, row, static_cast<lxw_col_t>(column),
                           WithoutForbiddenChars(sheet.table.header[column]).c_str(),
                           formats.header);
  }
  for (const auto& cells : sheet.table.rows) {
    ++row;
    for (size_t column = 0; column < cells.size(); ++column) {
      const ReportCell& cell = cells[column];
      const auto col = static_cast<lxw_col_t>(column);
      if (const auto* text = std::get_if<std::string>(&cell.content)) {
        if (!text->empty())
          worksheet_write_string(worksheet, row, col, WithoutForbiddenChars(*text).c_str(),
                                 formats.text);
        else
          worksheet_write_blank(worksheet, row, col, formats.text);
      } else {
        worksheet_write_number(worksheet, row, col, std::get<double>(cell.content),
                               NumberFormatOf(workbook, formats, cell.decimals));
      }
    }
  }
  for (size_t column = 0; column < sheet.table.header.size(); ++column) {
    const double width = column < sheet.column_widths.size() ? sheet.column_widths[column] : 16;
    worksheet_set_column(worksheet, static_cast<lxw_col_t>(column), static_cast<lxw_col_t>(column),
                         width, nullptr);
  }
  worksheet_freeze_panes(worksheet, header_row + 1, 0);
  worksheet_repeat_rows(worksheet, header_row, header_row);
}

}  // namespace

Result<std::string> WriteXlsx(const std::vector<XlsxSheet>& sheets) {
  TemporaryFile file;
  if (file.path().empty()) {
    return MakeError(ErrorCode::kUnavailable, "cannot create a temporary file for the xlsx");
  }
  lxw_workbook* workbook = workbook_new(file.path().c_str());
  if (!workbook) return MakeError(ErrorCode::kUnavailable, "cannot start the xlsx workbook");
  Formats formats = MakeFormats(workbook);
  for (const XlsxSheet& sheet : sheets) WriteSheet(workbook, formats, sheet);
  lxw_error error = workbook_close(workbook);
  if (error != LXW_NO_ERROR) {
    return MakeError(ErrorCode::kUnavailable, "cannot write the xlsx: {}", lxw_strerror(error));
  }
  std::ifstream in(file.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return MakeError(ErrorCode::kUnavailable, "cannot read back the xlsx");
  return bytes.str();
}

Result<std::string> WriteReportXlsx(const ReportDocument& report) {
  std::vector<XlsxSheet> sheets;
  for (const ReportSheet& sheet : report.sheets) {
    XlsxSheet out;
    out.name = sheet.name;
    out.title = fmt::format("{} — {}", report.issuer_name, report.subtitle);
    out.preamble = {
        {report.language == Language::kVietnamese ? "Mã đơn vị" : "Unit code", report.unit_code},
        {report.language == Language::kVietnamese ? "Kỳ báo cáo" : "Period", report.period_code}};
    out.table = sheet.table;
    out.column_widths.assign(sheet.table.header.size(), 16);
    for (size_t column = 0; column < sheet.table.header.size(); ++column) {
      for (const auto& row : sheet.table.rows) {
        if (column >= row.size()) continue;
        if (const auto* text = std::get_if<std::string>(&row[column].content)) {
          out.column_widths[column] =
              std::clamp(static_cast<double>(text->size()) * 0.8, out.column_widths[column], 60.0);
        }
      }
    }
    sheets.push_back(std::move(out));
  }
  return WriteXlsx(sheets);
}

}  // namespace nq::formats
