#include "formats/xlsx_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <pugixml.hpp>

#include "common/text.h"
#include "formats/zip_archive.h"

namespace nq::formats {
namespace {

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

// "E7" → (7, 5); (0, 0) when malformed.
std::pair<int, int> ParseReference(std::string_view reference) {
  int column = 0;
  size_t index = 0;
  while (index < reference.size() && reference[index] >= 'A' && reference[index] <= 'Z') {
    column = column * 26 + (reference[index] - 'A' + 1);
    if (column > 16384) return {0, 0};
    ++index;
  }
  int row = 0;
  auto [end, error] =
      std::from_chars(reference.data() + index, reference.data() + reference.size(), row);
  if (error != std::errc() || end != reference.data() + reference.size() || column == 0 || row < 1)
    return {0, 0};
  return {row, column};
}

// The text of <t> elements under `node`, skipping phonetic runs.
std::string AllText(pugi::xml_node node) {
  std::string text;
  for (pugi::xml_node child : node.children()) {
    if (std::string_view(child.name()) == "t")
      text += child.text().get();
    else if (std::string_view(child.name()) == "r")
      text += child.child("t").text().get();
  }
  return text;
}

class Reader final {
 public:
  Reader(std::vector<ImportIssue>& issues, const XlsxLimits& limits)
      : issues_(issues), limits_(limits) {}

  Result<XlsxSheetData> Read(std::string_view bytes, std::string_view sheet_name, bool or_first) {
    auto entries = ReadZip(bytes);
    if (!entries) {
      Fail(
          entries.error().code == ErrorCode::kTooLarge
              ? fmt::format("tệp giải nén quá lớn, có thể là bom zip ({})", entries.error().message)
              : "tệp không phải là tệp Excel (.xlsx) hợp lệ");
      return std::unexpected(entries.error());
    }
    entries_ = std::move(*entries);
    pugi::xml_document workbook, relationships;
    NQ_RETURN_IF_ERROR(Parse("xl/workbook.xml", workbook));
    NQ_RETURN_IF_ERROR(Parse("xl/_rels/workbook.xml.rels", relationships));
    NQ_TRY(auto located, LocateSheet(workbook, relationships, sheet_name, or_first));
    XlsxSheetData sheet;
    sheet.name = located.first;
    NQ_RETURN_IF_ERROR(SharedStrings());
    pugi::xml_document document;
    NQ_RETURN_IF_ERROR(Parse(located.second, document));
    NQ_RETURN_IF_ERROR(ReadCells(document, sheet));
    return sheet;
  }

 private:
  std::unexpected<Error> Fail(std::string message, ErrorCode code = ErrorCode::kInvalidArgument) {
    issues_.push_back({"", 0, "", message});
    return std::unexpected(Error{code, std::move(message), {}});
  }

  // The workbook is refused as a whole at the first limit it passes: the issue names the
  // limit, and reading stops there.
  std::unexpected<Error> TooLarge(std::string message) {
    return Fail(fmt::format("sổ tính quá lớn để nhận: {}", message), ErrorCode::kTooLarge);
  }

  // Counts one more cell of `bytes` text (a shared string at each reference) against the
  // limits; false once past one, with the error kept in `exceeded_`.
  bool Spend(size_t bytes, int row) {
    ++cells_;
    text_bytes_ += bytes;
    if (cells_ > limits_.max_cells) {
      exceeded_ =
          TooLarge(fmt::format("trang tính có hơn {} ô (giới hạn max_cells)", limits_.max_cells))
              .error();
    } else if (row > limits_.max_rows) {
      exceeded_ = TooLarge(fmt::format("ô ở dòng {}, quá giới hạn {} dòng (max_rows)", row,
                                       limits_.max_rows))
                      .error();
    } else if (bytes > limits_.max_cell_bytes) {
      exceeded_ = TooLarge(fmt::format("một ô chứa {} byte văn bản, quá giới hạn {} byte một ô "
                                       "(max_cell_bytes)",
                                       bytes, limits_.max_cell_bytes))
                      .error();
    } else if (text_bytes_ > limits_.max_text_bytes) {
      exceeded_ = TooLarge(fmt::format("văn bản các ô mở ra quá {} byte (max_text_bytes; mỗi lần "
                                       "một ô tham chiếu chuỗi dùng chung đều được tính)",
                                       limits_.max_text_bytes))
                      .error();
    }
    return !exceeded_;
  }

  Status Parse(const std::string& name, pugi::xml_document& document) {
    auto found = entries_.find(name);
    if (found == entries_.end()) return Fail(fmt::format("tệp thiếu phần \"{}\"", name));
    std::string& xml = found->second;
    // pugixml never fetches external entities, but a document that declares any is refused
    // outright: no legitimate spreadsheet has one.
    if (xml.find("<!DOCTYPE") != std::string::npos || xml.find("<!ENTITY") != std::string::npos) {
      return Fail(
          fmt::format("phần \"{}\" khai báo DOCTYPE/ENTITY (thực thể XML bên ngoài); "
                      "tệp bị từ chối",
                      name));
    }
    // The parsed tree costs some 100 bytes a node and is bounded by the part's tags, counted
    // before it is built; it is built in place, over the inflated part, without a copy.
    const size_t tags = static_cast<size_t>(std::count(xml.begin(), xml.end(), '<'));
    if (tags > limits_.max_markup) {
      return TooLarge(fmt::format("phần \"{}\" có {} thẻ XML, quá giới hạn {} (max_markup)", name,
                                  tags, limits_.max_markup));
    }
    pugi::xml_parse_result parsed =
        document.load_buffer_inplace(xml.data(), xml.size(), pugi::parse_default);
    if (!parsed) {
      return Fail(fmt::format("phần \"{}\" không phải XML hợp lệ: {}", name, parsed.description()));
    }
    return Ok();
  }

  // The sheet named `sheet_name` (or else the first), through the workbook's relationships.
  Result<std::pair<std::string, std::string>> LocateSheet(const pugi::xml_document& workbook,
                                                          const pugi::xml_document& relationships,
                                                          std::string_view sheet_name,
                                                          bool or_first) {
    pugi::xml_node sheets = workbook.child("workbook").child("sheets");
    pugi::xml_node chosen =
        sheets.find_child_by_attribute("sheet", "name", std::string(sheet_name).c_str());
    if (!chosen && or_first) chosen = sheets.child("sheet");
    if (!chosen && !sheets.child("sheet")) return Fail("sổ tính không có trang tính nào");
    if (!chosen) {
      return Fail(
          fmt::format("sổ tính không có trang tính \"{}\"; hãy dùng biểu mẫu tải về", sheet_name));
    }
    const std::string id = chosen.attribute("r:id").value();
    pugi::xml_node relationship = relationships.child("Relationships")
                                      .find_child_by_attribute("Relationship", "Id", id.c_str());
    if (!relationship)
      return Fail(
          fmt::format("không tìm thấy trang tính \"{}\"", chosen.attribute("name").value()));
    std::string target = relationship.attribute("Target").value();
    target = target.starts_with('/') ? target.substr(1) : "xl/" + target;
    return std::pair{std::string(chosen.attribute("name").value()), target};
  }

  Status SharedStrings() {
    if (!entries_.contains("xl/sharedStrings.xml")) return Ok();
    pugi::xml_document document;
    NQ_RETURN_IF_ERROR(Parse("xl/sharedStrings.xml", document));
    for (pugi::xml_node item : document.child("sst").children("si")) {
      shared_.push_back(AllText(item));
      if (shared_.back().size() > limits_.max_cell_bytes) {
        return TooLarge(
            fmt::format("chuỗi dùng chung thứ {} dài {} byte, quá giới hạn {} byte "
                        "một ô (max_cell_bytes)",
                        shared_.size() - 1, shared_.back().size(), limits_.max_cell_bytes));
      }
    }
    return Ok();
  }

  void Issue(const std::string& sheet, int row, int column, std::string message) {
    issues_.push_back({sheet, row, column > 0 ? ColumnName(column) : "", std::move(message)});
  }

  // The cell's content, or nullopt after an issue (or for a styled empty cell: kind kError
  // with no text is never produced).
  std::optional<XlsxCell> ReadCell(pugi::xml_node cell_node, const std::string& sheet, int row,
                                   int column) {
    if (cell_node.child("f")) {
      Issue(sheet, row, column,
            fmt::format("ô chứa công thức \"={}\"; chỉ nhận giá trị nhập trực tiếp",
                        cell_node.child("f").text().get()));
      return std::nullopt;
    }
    std::string_view type = cell_node.attribute("t").value();
    XlsxCell cell;
    if (type == "s") {
      size_t index = cell_node.child("v").text().as_uint(UINT32_MAX);
      if (index >= shared_.size()) {
        Issue(sheet, row, column, "ô tham chiếu chuỗi dùng chung không tồn tại");
        return std::nullopt;
      }
      if (!Spend(shared_[index].size(), row)) return std::nullopt;
      cell.text = shared_[index];
    } else if (type == "inlineStr") {
      cell.text = AllText(cell_node.child("is"));
    } else if (type == "str") {
      cell.text = cell_node.child("v").text().get();
    } else if (type == "b" || type == "e") {
      cell.kind = type == "b" ? XlsxCell::Kind::kBool : XlsxCell::Kind::kError;
      cell.text = cell_node.child("v").text().get();
    } else {
      if (!cell_node.child("v")) return std::nullopt;  // a styled empty cell
      cell.kind = XlsxCell::Kind::kNumber;
      cell.text = cell_node.child("v").text().get();
    }
    if (type != "s" && !Spend(cell.text.size(), row)) return std::nullopt;
    auto nfc = ToNfc(cell.text);
    if (!nfc) {
      Issue(sheet, row, column,
            IsValidUtf8(cell.text)
                ? "ô chứa ký tự điều khiển hoặc ký tự không dùng được trong văn bản"
                : "ô chứa văn bản không phải UTF-8 hợp lệ");
      return std::nullopt;
    }
    cell.text = std::move(*nfc);
    return cell;
  }

  Status ReadCells(const pugi::xml_document& document, XlsxSheetData& sheet) {
    pugi::xml_node root = document.child("worksheet");
    const size_t before = issues_.size();
    for (pugi::xml_node merge : root.child("mergeCells").children("mergeCell")) {
      const std::string range = merge.attribute("ref").value();
      auto [row, column] = ParseReference(range.substr(0, range.find(':')));
      Issue(sheet.name, row, column,
            fmt::format("các ô {} bị gộp; biểu mẫu không nhận ô gộp", range));
    }
    for (pugi::xml_node row_node : root.child("sheetData").children("row")) {
      for (pugi::xml_node cell_node : row_node.children("c")) {
        auto [row, column] = ParseReference(cell_node.attribute("r").value());
        if (row == 0) {
          Issue(sheet.name, row_node.attribute("r").as_int(), 0,
                fmt::format("tham chiếu ô \"{}\" không hợp lệ", cell_node.attribute("r").value()));
          continue;
        }
        auto cell = ReadCell(cell_node, sheet.name, row, column);
        if (exceeded_) return std::unexpected(*exceeded_);
        if (!cell) continue;
        sheet.cells[{row, column}] = std::move(*cell);
        sheet.last_row = std::max(sheet.last_row, row);
      }
    }
    if (issues_.size() > before) {
      return std::unexpected(Error{ErrorCode::kInvalidArgument, issues_[before].Text(), {}});
    }
    return Ok();
  }

  std::vector<ImportIssue>& issues_;
  const XlsxLimits& limits_;
  std::map<std::string, std::string> entries_;
  std::vector<std::string> shared_;
  size_t cells_ = 0;
  uint64_t text_bytes_ = 0;
  std::optional<Error> exceeded_;
};

// "31/12/2021", "31-12-2021" or "2021-12-31".
Result<Date> ParseDateText(std::string_view text) {
  if (text.size() == 10 && (text[2] == '/' || text[2] == '-') && text[5] == text[2]) {
    int day = 0, month = 0, year = 0;
    auto number = [](std::string_view part, int& out) {
      auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), out);
      return error == std::errc() && end == part.data() + part.size();
    };
    if (number(text.substr(0, 2), day) && number(text.substr(3, 2), month) &&
        number(text.substr(6, 4), year)) {
      return Date::FromYmd(year, month, day);
    }
  }
  return Date::Parse(text);
}

}  // namespace

std::string ImportIssue::Text() const {
  if (sheet.empty()) return message;
  if (column.empty()) return fmt::format("Trang tính '{}', dòng {}: {}", sheet, row, message);
  return fmt::format("Trang tính '{}', dòng {}, cột {}: {}", sheet, row, column, message);
}

const XlsxCell* XlsxSheetData::At(int row, int column) const {
  auto found = cells.find({row, column});
  return found == cells.end() ? nullptr : &found->second;
}

std::string XlsxSheetData::Text(int row, int column) const {
  const XlsxCell* cell = At(row, column);
  return cell ? Trim(cell->text) : "";
}

bool XlsxSheetData::RowEmpty(int row, int last_column) const {
  for (int column = 1; column <= last_column; ++column) {
    if (!Text(row, column).empty()) return false;
  }
  return true;
}

Result<XlsxSheetData> ReadXlsxSheet(std::string_view bytes, std::string_view sheet_name,
                                    bool or_first, std::vector<ImportIssue>& issues,
                                    const XlsxLimits& limits) {
  return Reader(issues, limits).Read(bytes, sheet_name, or_first);
}

Result<FilledSheet> ReadFilledSheet(std::string_view bytes, std::string_view sheet_name,
                                    int header_row, std::span<const std::string_view> header,
                                    std::vector<ImportIssue>& issues, const XlsxLimits& limits) {
  NQ_TRY(XlsxSheetData data, ReadXlsxSheet(bytes, sheet_name, false, issues, limits));
  const size_t before = issues.size();
  for (size_t index = 0; index < header.size(); ++index) {
    const int column = static_cast<int>(index) + 1;
    if (data.Text(header_row, column) != header[index]) {
      issues.push_back({data.name, header_row, ColumnName(column),
                        fmt::format("tiêu đề cột phải là \"{}\", không phải \"{}\"", header[index],
                                    data.Text(header_row, column))});
    }
  }
  if (issues.size() > before) {
    return std::unexpected(Error{ErrorCode::kInvalidArgument, issues[before].Text(), {}});
  }
  FilledSheet sheet{std::move(data), {}};
  for (int row = header_row + 1; row <= sheet.data.last_row; ++row) {
    if (!sheet.data.RowEmpty(row, static_cast<int>(header.size()))) sheet.rows.push_back(row);
  }
  return sheet;
}

bool IsValidCode(std::string_view code) {
  bool ok = !code.empty() && code.size() <= 64;
  for (size_t i = 0; ok && i < code.size(); ++i) {
    const char c = code[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    ok = alnum || (i > 0 && (c == '-' || c == '_' || c == '.'));
  }
  return ok;
}

std::string ColumnName(int column) {
  std::string name;
  for (; column > 0; column = (column - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (column - 1) % 26));
  }
  return name;
}

Result<Date> ParseCellDate(const XlsxCell& cell) {
  const std::string text = Trim(cell.text);
  if (cell.kind == XlsxCell::Kind::kNumber) {
    double serial = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), serial);
    // Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was, so from
    // day 61 on, day 25569 is 1970-01-01. Days before March 1900 are not office dates.
    if (error == std::errc() && end == text.data() + text.size() && serial >= 61 &&
        serial < 2958466 && serial == std::floor(serial)) {
      return Date::FromDays(static_cast<int32_t>(serial) - 25569);
    }
    return MakeError(ErrorCode::kInvalidArgument, "\"{}\" không phải là ngày hợp lệ", text);
  }
  if (cell.kind == XlsxCell::Kind::kString) {
    if (auto date = ParseDateText(text)) return date;
  }
  return MakeError(
      ErrorCode::kInvalidArgument,
      "\"{}\" không phải là ngày hợp lệ (ghi theo dạng ngày/tháng/năm, ví dụ 31/12/2021)", text);
}

std::string CellDate(Date date) { return date.ToVietnamese(); }

std::unexpected<Error> ImportFailed(const std::vector<ImportIssue>& issues, ErrorCode code,
                                    std::string_view nothing_written) {
  return std::unexpected(Error{code,
                               fmt::format("tệp có {} lỗi, {}; lỗi đầu tiên: {}", issues.size(),
                                           nothing_written, issues.front().Text()),
                               {}});
}

}  // namespace nq::formats
