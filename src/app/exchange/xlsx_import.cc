#include "app/exchange/xlsx_import.h"

#include <charconv>
#include <map>
#include <set>

#include "formats/xlsx_writer.h"

namespace nq::app {
namespace {

using namespace nq::domain;

constexpr int kHeaderRow = 5;
constexpr std::string_view kHeader[] = {"Mã chỉ số", "Tên chỉ số", "Đơn vị tính",
                                        "Kỳ",        "Giá trị",    "Ghi chú"};

// ---- The template

bool Fits(const Indicator& indicator, const Period& period) {
  return !indicator.computed() && indicator.period_type <= period.type();
}

Result<std::vector<Indicator>> TemplateIndicators(Service& service, storage::Transaction& tx,
                                                  Id unit_id, const Period& period) {
  NQ_TRY(std::vector<Id> path,
         service.engine().Path(unit_id, std::min(period.end(), service.Today())));
  if (path.empty()) path.push_back(unit_id);
  std::set<Id> ids;
  for (Id issuer : path) {
    NQ_TRY(auto documents, storage::List<Document>(tx, {storage::Eq("issuer_unit_id", issuer)}));
    for (const Document& document : documents) {
      NQ_TRY(auto items, storage::List<Item>(tx, {storage::Eq("document_id", document.id)}));
      for (const Item& item : items) {
        if (item.measure) ids.insert(item.measure->indicator_id);
      }
    }
  }
  NQ_TRY(auto values, storage::CurrentValues(tx, {storage::Eq("unit_id", unit_id)}));
  for (const Value& value : values) ids.insert(value.indicator_id);
  std::vector<Indicator> out;
  for (Id id : ids) {
    NQ_TRY(Indicator indicator, storage::Get<Indicator>(tx, id));
    if (Fits(indicator, period)) out.push_back(std::move(indicator));
  }
  return out;
}

formats::ReportCell ValueCell(const Indicator& indicator, const std::optional<Value>& value) {
  if (!value) return {std::string(), 0};
  if (indicator.value_type == ValueType::kText) return {value->text, 0};
  if (indicator.value_type == ValueType::kYesNo && value->number) {
    return {std::string(*value->number != 0 ? "có" : "không"), 0};
  }
  if (!value->number) return {std::string(), 0};
  return {*value->number, indicator.decimals};
}

// ---- Checking

class Checker final {
 public:
  Checker(storage::Transaction& tx, const formats::XlsxSheetData& sheet,
          std::vector<formats::ImportIssue>& issues)
      : tx_(tx), sheet_(sheet), issues_(issues) {}

  std::string Text(int row, int column) const { return sheet_.Text(row, column); }
  void Issue(int row, int column, std::string message) {
    issues_.push_back({sheet_.name, row, formats::ColumnName(column), std::move(message)});
  }

  // The template's unit and period, and its header row.
  Status Preamble(Id& unit_id, Period& period) {
    const size_t before = issues_.size();
    auto unit = storage::GetByCode<Unit>(tx_, Text(2, 2));
    if (!unit) Issue(2, 2, fmt::format("mã đơn vị \"{}\" không tồn tại", Text(2, 2)));
    auto parsed = Period::Parse(Text(3, 2));
    if (!parsed) Issue(3, 2, fmt::format("kỳ báo cáo \"{}\" không hợp lệ", Text(3, 2)));
    for (int column = 1; column <= 6; ++column) {
      if (Text(kHeaderRow, column) != kHeader[column - 1]) {
        Issue(kHeaderRow, column,
              fmt::format("tiêu đề cột phải là \"{}\", không phải \"{}\"", kHeader[column - 1],
                          Text(kHeaderRow, column)));
      }
    }
    if (issues_.size() > before)
      return std::unexpected(Error{ErrorCode::kInvalidArgument, issues_[before].Text(), {}});
    unit_id = unit->id;
    period = *parsed;
    return Ok();
  }

  Result<std::optional<json::value>> ValueOf(int row, const Indicator& indicator) {
    const formats::XlsxCell* cell = sheet_.At(row, 5);
    const std::string text = Text(row, 5);
    if (!cell || text.empty()) return std::optional<json::value>();
    auto bad = [&](std::string message) -> Result<std::optional<json::value>> {
      Issue(row, 5, std::move(message));
      return std::unexpected(Error{ErrorCode::kInvalidArgument, "", {}});
    };
    switch (indicator.value_type) {
      case ValueType::kNumber:
      case ValueType::kPercent: {
        if (cell->kind != formats::XlsxCell::Kind::kNumber) {
          return bad(fmt::format("giá trị \"{}\" không phải là số (chỉ số \"{}\" nhận số)", text,
                                 indicator.code));
        }
        double number = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (error != std::errc() || end != text.data() + text.size()) {
          return bad(fmt::format("giá trị \"{}\" không phải là số", text));
        }
        return std::optional<json::value>(number);
      }
      case ValueType::kYesNo: {
        if (cell->kind == formats::XlsxCell::Kind::kBool ||
            cell->kind == formats::XlsxCell::Kind::kNumber) {
          if (text == "1" || text == "0") return std::optional<json::value>(text == "1");
        }
        if (text == "có" || text == "Có" || text == "yes") return std::optional<json::value>(true);
        if (text == "không" || text == "Không" || text == "no")
          return std::optional<json::value>(false);
        return bad(fmt::format("giá trị \"{}\" phải là \"có\" hoặc \"không\"", text));
      }
      case ValueType::kText:
        if (cell->kind == formats::XlsxCell::Kind::kError)
          return bad(fmt::format("ô lỗi \"{}\"", text));
        return std::optional<json::value>(text);
    }
    return std::optional<json::value>();
  }

  // One data row into an input, or nullopt when it carries no value; issues for bad cells.
  std::optional<ValueInput> Row(int row, Id unit_id, const Period& template_period) {
    const std::string code = Text(row, 1);
    const std::string period_text = Text(row, 4);
    if (code.empty() && Text(row, 5).empty()) return std::nullopt;
    auto indicator = indicators_.find(code);
    if (indicator == indicators_.end()) {
      auto loaded = storage::GetByCode<Indicator>(tx_, code);
      if (!loaded) {
        Issue(row, 1, fmt::format("mã chỉ số \"{}\" không tồn tại", code));
        return std::nullopt;
      }
      indicator = indicators_.emplace(code, *loaded).first;
    }
    const Indicator& ind = indicator->second;
    bool ok = true;
    if (ind.computed()) {
      Issue(row, 1, fmt::format("chỉ số \"{}\" được tính tự động, không nhập trực tiếp", code));
      ok = false;
    }
    auto period = Period::Parse(period_text);
    if (!period) {
      Issue(row, 4, fmt::format("kỳ \"{}\" không hợp lệ", period_text));
      ok = false;
    } else if (period->type() != ind.period_type) {
      Issue(row, 4,
            fmt::format("chỉ số \"{}\" báo cáo theo kỳ {}, kỳ \"{}\" không phù hợp", code,
                        PeriodTypeName(ind.period_type), period_text));
      ok = false;
    } else if (!template_period.Contains(*period)) {
      Issue(row, 4,
            fmt::format("kỳ \"{}\" nằm ngoài kỳ báo cáo {} của biểu mẫu", period_text,
                        template_period.ToString()));
      ok = false;
    }
    auto value = ValueOf(row, ind);
    if (!value || !ok) return std::nullopt;
    if (!*value) return std::nullopt;
    if (!seen_.insert({ind.id, period->ToString()}).second) {
      Issue(row, 1, fmt::format("chỉ số \"{}\" kỳ {} xuất hiện hai lần", code, period_text));
      return std::nullopt;
    }
    ValueInput input;
    input.indicator_id = ind.id;
    input.unit_id = unit_id;
    input.period = *period;
    input.value = std::move(**value);
    input.comment = Text(row, 6);
    return input;
  }

 private:
  storage::Transaction& tx_;
  const formats::XlsxSheetData& sheet_;
  std::vector<formats::ImportIssue>& issues_;
  std::map<std::string, Indicator, std::less<>> indicators_;
  std::set<std::pair<Id, std::string>> seen_;
};

std::unexpected<Error> Summarise(const std::vector<formats::ImportIssue>& issues, ErrorCode code) {
  return formats::ImportFailed(issues, code, "không ghi số liệu nào");
}

}  // namespace

Result<std::string> WriteValuesTemplate(Service& service, Id unit_id, const Period& period) {
  return service.database().Read([&](storage::Transaction& tx) -> Result<std::string> {
    NQ_TRY(Unit unit, storage::Get<Unit>(tx, unit_id));
    NQ_TRY(auto indicators, TemplateIndicators(service, tx, unit_id, period));
    NQ_TRY(auto values, storage::CurrentValues(tx, {storage::Eq("unit_id", unit_id)}));
    formats::XlsxSheet sheet;
    sheet.name = std::string(kValuesSheet);
    sheet.title = fmt::format("BIỂU MẪU NHẬP SỐ LIỆU — {} — {}", unit.name, period.LabelVi());
    sheet.preamble = {{"Mã đơn vị", unit.code}, {"Kỳ báo cáo", period.ToString()}};
    sheet.table.header.assign(std::begin(kHeader), std::end(kHeader));
    sheet.column_widths = {24, 60, 14, 10, 16, 30};
    for (const Indicator& indicator : indicators) {
      for (const Period& part : period.Split(indicator.period_type)) {
        std::optional<Value> current;
        for (const Value& value : values) {
          if (value.indicator_id == indicator.id && value.period == part) current = value;
        }
        sheet.table.rows.push_back({{indicator.code, 0},
                                    {indicator.name, 0},
                                    {indicator.measure_unit, 0},
                                    {part.ToString(), 0},
                                    ValueCell(indicator, current),
                                    {current ? current->comment : std::string(), 0}});
      }
    }
    return formats::WriteXlsx({sheet});
  });
}

Result<std::vector<Value>> ImportValuesXlsx(WriteScope& scope, std::string_view bytes,
                                            std::vector<formats::ImportIssue>& issues,
                                            const std::function<Status(Id unit_id)>& authorize) {
  auto sheet = formats::ReadXlsxSheet(bytes, kValuesSheet, true, issues);
  if (!sheet) return Summarise(issues, sheet.error().code);
  Checker checker(scope.tx(), *sheet, issues);
  Id unit_id = 0;
  Period period = Period::Year(2021);
  if (!checker.Preamble(unit_id, period)) return Summarise(issues, ErrorCode::kInvalidArgument);
  if (authorize) NQ_RETURN_IF_ERROR(authorize(unit_id));
  std::vector<ValueInput> inputs;
  std::vector<int> rows;
  for (int row = kHeaderRow + 1; row <= sheet->last_row; ++row) {
    if (auto input = checker.Row(row, unit_id, period)) {
      inputs.push_back(std::move(*input));
      rows.push_back(row);
    }
  }
  if (!issues.empty()) return Summarise(issues, ErrorCode::kInvalidArgument);
  std::vector<RecordError> errors;
  auto written = PutValues(scope, inputs, errors);
  if (!written) {
    for (const RecordError& error : errors) {
      issues.push_back({sheet->name, rows[error.index], "E", error.error.message});
    }
    if (issues.empty()) issues.push_back({"", 0, "", written.error().message});
    return Summarise(issues, written.error().code);
  }
  return written;
}

}  // namespace nq::app
