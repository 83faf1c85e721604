#include "app/exchange/units_import.h"

#include <algorithm>
#include <map>

#include "app/duty_reach.h"
#include "app/use_cases.h"
#include "formats/xlsx_writer.h"

namespace nq::app {
namespace {

using namespace nq::domain;

// Columns of the "Đơn vị" sheet, from 1.
enum Column { kCode = 1, kName, kShortName, kKind, kParent, kFrom, kTo };

std::vector<std::string> UnitRow(const Unit& unit, const std::map<Id, const UnitKind*>& kinds,
                                 const std::string& parent_code) {
  auto kind = kinds.find(unit.kind_id);
  return {unit.code,
          unit.name,
          unit.short_name,
          kind == kinds.end() ? "" : kind->second->code,
          parent_code,
          formats::CellDate(unit.validity.valid_from),
          unit.validity.valid_to ? formats::CellDate(*unit.validity.valid_to) : ""};
}

formats::ReportTable TextTable(std::vector<std::string> header,
                               std::vector<std::vector<std::string>> rows) {
  formats::ReportTable table;
  table.header = std::move(header);
  for (auto& row : rows) {
    std::vector<formats::ReportCell> cells;
    for (std::string& text : row) cells.push_back({std::move(text), 0});
    table.rows.push_back(std::move(cells));
  }
  return table;
}

// Checks the rows of the sheet one by one, then orders them parents first.
class Planner final {
 public:
  Planner(storage::Transaction& tx, const formats::FilledSheet& sheet,
          std::vector<formats::ImportIssue>& issues)
      : tx_(tx), sheet_(sheet), issues_(issues) {}

  Result<std::vector<PlannedUnit>> Plan() {
    NQ_TRY(auto kinds, storage::List<UnitKind>(tx_));
    for (const UnitKind& kind : kinds) kinds_.emplace(kind.code, kind.id);
    const size_t before = issues_.size();
    for (int row : sheet_.rows) CheckRow(row);
    if (issues_.size() == before) ResolveParents();
    if (issues_.size() > before) return Fail(before);
    return Ordered(before);
  }

 private:
  std::string Text(int row, Column column) const { return sheet_.data.Text(row, column); }
  void Issue(int row, Column column, std::string message) {
    issues_.push_back({sheet_.data.name, row, formats::ColumnName(column), std::move(message)});
  }
  std::unexpected<Error> Fail(size_t first) const {
    return std::unexpected(Error{ErrorCode::kInvalidArgument, issues_[first].Text(), {}});
  }

  std::optional<Date> DateAt(int row, Column column, std::string_view what, bool required) {
    const formats::XlsxCell* cell = sheet_.data.At(row, column);
    if (!cell || Text(row, column).empty()) {
      if (required) Issue(row, column, fmt::format("{} không được để trống", what));
      return std::nullopt;
    }
    auto date = formats::ParseCellDate(*cell);
    if (!date) {
      Issue(row, column, fmt::format("{}: {}", what, date.error().message));
      return std::nullopt;
    }
    return *date;
  }

  void CheckCode(int row, const std::string& code) {
    if (!formats::IsValidCode(code)) {
      Issue(row, kCode,
            code.empty() ? std::string("mã đơn vị không được để trống")
                         : fmt::format("mã đơn vị \"{}\" không hợp lệ: chỉ gồm a-z, 0-9, dấu chấm, "
                                       "gạch dưới, gạch ngang, tối đa 64 ký tự",
                                       code));
      return;
    }
    if (auto first = rows_by_code_.find(code); first != rows_by_code_.end()) {
      Issue(row, kCode, fmt::format("mã đơn vị \"{}\" trùng với dòng {}", code, first->second));
      return;
    }
    rows_by_code_.emplace(code, row);
    if (storage::GetByCode<Unit>(tx_, code)) {
      Issue(row, kCode, fmt::format("mã đơn vị \"{}\" đã tồn tại", code));
    }
  }

  void CheckRow(int row) {
    PlannedUnit planned;
    planned.row = row;
    Unit& unit = planned.unit;
    unit.code = Text(row, kCode);
    CheckCode(row, unit.code);
    unit.name = Text(row, kName);
    if (unit.name.empty()) Issue(row, kName, "tên đơn vị không được để trống");
    if (unit.name.size() > 300) Issue(row, kName, "tên đơn vị dài quá 300 byte");
    unit.short_name = Text(row, kShortName);
    if (unit.short_name.size() > 200) Issue(row, kShortName, "tên ngắn dài quá 200 byte");
    if (unit.short_name.empty()) unit.short_name = unit.name;
    const std::string kind = Text(row, kKind);
    if (auto found = kinds_.find(kind); found != kinds_.end()) {
      unit.kind_id = found->second;
    } else {
      Issue(row, kKind,
            kind.empty() ? std::string("mã loại đơn vị không được để trống")
                         : fmt::format("mã loại đơn vị \"{}\" không tồn tại", kind));
    }
    auto from = DateAt(row, kFrom, "ngày thành lập", true);
    auto to = DateAt(row, kTo, "ngày giải thể", false);
    if (from) unit.validity.valid_from = *from;
    unit.validity.valid_to = to;
    if (from && to && *to < *from) {
      Issue(row, kTo,
            fmt::format("ngày giải thể {} trước ngày thành lập {}", formats::CellDate(*to),
                        formats::CellDate(*from)));
    }
    planned_.push_back(std::move(planned));
  }

  // Each parent: a unit of the store open on the founding date, or a row of the file.
  void ResolveParents() {
    std::map<std::string, size_t, std::less<>> index;
    for (size_t i = 0; i < planned_.size(); ++i) index.emplace(planned_[i].unit.code, i);
    for (PlannedUnit& planned : planned_) {
      const std::string code = Text(planned.row, kParent);
      if (code.empty()) continue;
      const Date from = planned.unit.validity.valid_from;
      Validity validity;
      if (auto row = index.find(code); row != index.end()) {
        if (row->second == static_cast<size_t>(&planned - planned_.data())) {
          Issue(planned.row, kParent,
                fmt::format("đơn vị \"{}\" không thể là cấp trên của chính nó", code));
          continue;
        }
        planned.parent_index = row->second;
        validity = planned_[row->second].unit.validity;
      } else if (auto unit = storage::GetByCode<Unit>(tx_, code)) {
        planned.parent_id = unit->id;
        validity = unit->validity;
      } else {
        Issue(planned.row, kParent, fmt::format("mã đơn vị cấp trên \"{}\" không tồn tại", code));
        continue;
      }
      if (!validity.Covers(from)) {
        Issue(planned.row, kParent,
              fmt::format("đơn vị cấp trên \"{}\" không hoạt động vào ngày thành lập {}", code,
                          formats::CellDate(from)));
      }
    }
  }

  // Parents before children; a cycle among the rows is an issue on each of its rows.
  Result<std::vector<PlannedUnit>> Ordered(size_t before) {
    std::vector<PlannedUnit> out;
    std::vector<size_t> position(planned_.size(), SIZE_MAX);
    for (bool progressed = true; progressed && out.size() < planned_.size();) {
      progressed = false;
      for (size_t i = 0; i < planned_.size(); ++i) {
        if (position[i] != SIZE_MAX) continue;
        const auto parent = planned_[i].parent_index;
        if (parent && position[*parent] == SIZE_MAX) continue;
        position[i] = out.size();
        out.push_back(planned_[i]);
        if (parent) out.back().parent_index = position[*parent];
        progressed = true;
      }
    }
    for (size_t i = 0; i < planned_.size(); ++i) {
      if (position[i] == SIZE_MAX) {
        Issue(planned_[i].row, kParent,
              fmt::format("đơn vị cấp trên \"{}\" tạo thành vòng lặp giữa các dòng",
                          Text(planned_[i].row, kParent)));
      }
    }
    if (issues_.size() > before) return Fail(before);
    return out;
  }

  storage::Transaction& tx_;
  const formats::FilledSheet& sheet_;
  std::vector<formats::ImportIssue>& issues_;
  std::map<std::string, Id, std::less<>> kinds_;
  std::map<std::string, int, std::less<>> rows_by_code_;
  std::vector<PlannedUnit> planned_;
};

}  // namespace

Result<std::string> WriteUnitsTemplate(Service& service, const std::function<bool(Id)>& visible,
                                       bool with_kinds) {
  const Date today = service.Today();
  return service.database().Read([&](storage::Transaction& tx) -> Result<std::string> {
    NQ_TRY(auto kinds, storage::List<UnitKind>(tx));
    NQ_TRY(auto units, storage::List<Unit>(tx));
    std::map<Id, const UnitKind*> kind_of;
    for (const UnitKind& kind : kinds) kind_of.emplace(kind.id, &kind);
    std::map<Id, const Unit*> unit_of;
    for (const Unit& unit : units) unit_of.emplace(unit.id, &unit);
    std::vector<std::vector<std::string>> existing;
    for (const Unit& unit : units) {
      if (visible && !visible(unit.id)) continue;
      // A closed unit is shown under the parent it had when it closed.
      const Date as_of = std::min(today, unit.validity.valid_to.value_or(today));
      auto parent = service.engine().Parent(unit.id, as_of);
      std::string parent_code;
      if (parent && *parent && unit_of.contains(**parent)) parent_code = unit_of.at(**parent)->code;
      existing.push_back(UnitRow(unit, kind_of, parent_code));
    }
    const std::vector<std::string> header(kUnitsHeader.begin(), kUnitsHeader.end());
    formats::XlsxSheet form;
    form.name = std::string(kUnitsSheet);
    form.title = "DANH SÁCH ĐƠN VỊ NHẬP MỚI";
    form.preamble = {{"Hướng dẫn",
                      "Mỗi dòng một đơn vị mới; ngày ghi theo dạng ngày/tháng/năm (31/12/2021). "
                      "Mã loại đơn vị và mã đơn vị cấp trên lấy từ các trang bên cạnh."}};
    form.table.header = header;
    form.column_widths = {22, 40, 24, 20, 22, 16, 16};
    formats::XlsxSheet reference = form;
    reference.name = "Đơn vị hiện có";
    reference.title = "CÁC ĐƠN VỊ HIỆN CÓ (để tham khảo, không nhập lại)";
    reference.preamble = {{"Ngày", formats::CellDate(today)}};
    reference.table = TextTable(header, std::move(existing));
    std::vector<std::vector<std::string>> kind_rows;
    if (with_kinds) {
      for (const UnitKind& kind : kinds) {
        kind_rows.push_back({kind.code, kind.name, std::to_string(kind.level)});
      }
    }
    formats::XlsxSheet kind_sheet;
    kind_sheet.name = "Loại đơn vị";
    kind_sheet.title = "CÁC LOẠI ĐƠN VỊ";
    kind_sheet.table =
        TextTable({"Mã loại đơn vị", "Tên loại đơn vị", "Cấp"}, std::move(kind_rows));
    kind_sheet.column_widths = {22, 48, 8};
    return formats::WriteXlsx({form, reference, kind_sheet});
  });
}

Result<formats::FilledSheet> ReadUnitsXlsx(std::string_view bytes,
                                           std::vector<formats::ImportIssue>& issues) {
  return formats::ReadFilledSheet(bytes, kUnitsSheet, kUnitsHeaderRow, kUnitsHeader, issues);
}

Result<std::vector<PlannedUnit>> PlanUnits(storage::Transaction& tx,
                                           const formats::FilledSheet& sheet,
                                           std::vector<formats::ImportIssue>& issues) {
  return Planner(tx, sheet, issues).Plan();
}

Result<std::vector<Unit>> ImportUnits(WriteScope& scope, const formats::FilledSheet& sheet,
                                      std::vector<formats::ImportIssue>& issues,
                                      const std::function<Status(std::optional<Id>)>& authorize,
                                      const WorkControl& control) {
  auto plan = PlanUnits(scope.tx(), sheet, issues);
  if (!plan) return formats::ImportFailed(issues, plan.error().code, "không tạo đơn vị nào");
  if (authorize) {
    for (const PlannedUnit& planned : *plan) {
      if (!planned.parent_index) NQ_RETURN_IF_ERROR(authorize(planned.parent_id));
    }
  }
  std::vector<Unit> created;
  created.reserve(plan->size());
  for (const PlannedUnit& planned : *plan) {
    NQ_RETURN_IF_ERROR(control.CheckCancelled("import"));
    std::optional<Id> parent = planned.parent_index
                                   ? std::optional<Id>(created[*planned.parent_index].id)
                                   : planned.parent_id;
    auto unit = CreateUnit(scope, planned.unit, parent);
    if (!unit) {
      issues.push_back({sheet.data.name, planned.row, "", unit.error().message});
      return formats::ImportFailed(issues, unit.error().code, "không tạo đơn vị nào");
    }
    created.push_back(std::move(*unit));
    control.Report("units", created.size(), plan->size());
  }
  // Units in the reach of an obligation not yet due take on its duty (decision 0012).
  for (const Unit& unit : created) {
    NQ_RETURN_IF_ERROR(AssignDutiesInReach(scope, unit.id, unit.validity.valid_from));
  }
  return created;
}

}  // namespace nq::app
