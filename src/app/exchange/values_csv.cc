#include "app/exchange/values_csv.h"

#include <array>
#include <optional>

namespace nq::app {
namespace {

bool Dangerous(char first) {
  return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
         first == '\r';
}

// Takes off the quote CsvCell put before a dangerous first character.
std::string Defused(std::string cell) {
  if (cell.size() >= 2 && cell[0] == '\'' && Dangerous(cell[1])) cell.erase(0, 1);
  return cell;
}

// Splits RFC 4180 text into rows of cells, each with the line it starts on.
class CsvReader final {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
  }

  // The next row; nullopt at the end. An unterminated quote fails.
  Result<std::optional<std::vector<std::string>>> Next(size_t& line) {
    if (at_ >= text_.size()) return std::optional<std::vector<std::string>>();
    line = line_;
    std::vector<std::string> cells(1);
    bool quoted = false;
    while (at_ < text_.size()) {
      char c = text_[at_++];
      if (quoted) {
        if (c == '"' && at_ < text_.size() && text_[at_] == '"') {
          cells.back() += '"';
          ++at_;
        } else if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') ++line_;
          cells.back() += c;
        }
        continue;
      }
      if (c == '"' && cells.back().empty()) {
        quoted = true;
      } else if (c == ',') {
        cells.emplace_back();
      } else if (c == '\r' && at_ < text_.size() && text_[at_] == '\n') {
        continue;
      } else if (c == '\n') {
        ++line_;
        return std::optional(std::move(cells));
      } else {
        cells.back() += c;
      }
    }
    if (quoted)
      return FieldError(fmt::format("/rows/{}", line),
                        "a quoted cell starting on line {} is never closed", line);
    ++line_;
    return std::optional(std::move(cells));
  }

 private:
  std::string_view text_;
  size_t at_ = 0;
  size_t line_ = 1;
};

}  // namespace

std::string CsvCell(std::string_view cell) {
  std::string text;
  if (!cell.empty() && Dangerous(cell.front())) text += '\'';
  text += cell;
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string WriteValuesCsv(const std::vector<ValueRecord>& records) {
  std::string out = "indicator_code,unit_code,period,value,comment\r\n";
  for (const ValueRecord& record : records) {
    out +=
        fmt::format("{},{},{},{},{}\r\n", CsvCell(record.indicator_code), CsvCell(record.unit_code),
                    CsvCell(record.period), CsvCell(record.value), CsvCell(record.comment));
  }
  return out;
}

// The rows a values file may hold, good or bad, as a sheet of a workbook may (XlsxLimits): each
// becomes a record or an error of some 200 bytes, so 8 MB of ",\n" would otherwise take 800 MB.
constexpr size_t kMaxCsvRows = 100000;

Result<std::vector<ValueRecord>> ParseValuesCsv(std::string_view text, std::vector<Error>& errors) {
  CsvReader reader(text);
  size_t line = 1;
  NQ_TRY(auto header, reader.Next(line));
  if (!header)
    return FieldError("/rows/1", "the file is empty; the first line must name the columns");
  std::array<std::optional<size_t>, 5> column;
  for (size_t index = 0; index < header->size(); ++index) {
    for (size_t name = 0; name < column.size(); ++name) {
      if ((*header)[index] == kCsvColumns[name]) column[name] = index;
    }
  }
  for (size_t name = 0; name + 1 < column.size(); ++name) {
    if (!column[name]) {
      return FieldError("/rows/1", "column \"{}\" is missing from the header", kCsvColumns[name]);
    }
  }
  std::vector<ValueRecord> records;
  size_t rows = 0;
  for (;;) {
    NQ_TRY(auto row, reader.Next(line));
    if (!row) break;
    if (row->size() == 1 && row->front().empty()) continue;  // blank line
    if (++rows > kMaxCsvRows) {
      return std::unexpected(
          Error{ErrorCode::kTooLarge,
                fmt::format("the file has more than {} rows; send it in parts", kMaxCsvRows),
                fmt::format("/rows/{}", line)});
    }
    if (row->size() != header->size()) {
      errors.push_back(Error{
          ErrorCode::kInvalidArgument,
          fmt::format("line {} has {} cells, the header {}", line, row->size(), header->size()),
          fmt::format("/rows/{}", line)});
      continue;
    }
    auto cell = [&](size_t name) {
      return column[name] ? Defused((*row)[*column[name]]) : std::string();
    };
    records.push_back(ValueRecord{cell(0), cell(1), cell(2), cell(3), false, cell(4),
                                  fmt::format("/rows/{}", line)});
  }
  return records;
}

Result<size_t> ImportValuesCsv(WriteScope& scope, const std::vector<ValueRecord>& records,
                               std::vector<Error>& errors,
                               const std::function<Status(domain::Id)>& authorize,
                               const ImportControl& control) {
  return ApplyRecords(scope, records, kCsvFormat, errors, authorize, control);
}

}  // namespace nq::app
