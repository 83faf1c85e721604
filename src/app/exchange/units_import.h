// Units in from Excel: the template (sheet "Đơn vị" to fill, one new unit a row; the existing
// units and the unit kinds as reference sheets) and the import of a filled one, all or nothing,
// with every problem named by sheet, row and column in Vietnamese.
// Layout of sheet "Đơn vị": A1 title; row 2 a hint; row 4 the header (kUnitsHeader); one unit
// per row from 5. A parent is an existing unit or a unit of an earlier or later row.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/service.h"
#include "common/work_control.h"
#include "formats/xlsx_reader.h"

namespace nq::app {

inline constexpr std::string_view kUnitsSheet = "Đơn vị";
inline constexpr int kUnitsHeaderRow = 4;
inline constexpr std::array<std::string_view, 7> kUnitsHeader = {
    "Mã đơn vị",          "Tên đơn vị",     "Tên ngắn",     "Mã loại đơn vị",
    "Mã đơn vị cấp trên", "Ngày thành lập", "Ngày giải thể"};

// The template: the empty "Đơn vị" sheet, then "Đơn vị hiện có" (the existing units for which
// `visible` is true, in the same columns, parents as of today) and "Loại đơn vị" (every kind
// when `with_kinds`). unavailable when the workbook cannot be written.
Result<std::string> WriteUnitsTemplate(Service& service,
                                       const std::function<bool(domain::Id)>& visible,
                                       bool with_kinds);

// Reads the "Đơn vị" sheet and checks its header. invalid_argument (too_large for a
// workbook that expands too far) with every problem in `issues`.
Result<formats::FilledSheet> ReadUnitsXlsx(std::string_view bytes,
                                           std::vector<formats::ImportIssue>& issues);

// One unit to create, in an order where every parent comes first.
struct PlannedUnit {
  int row = 0;
  domain::Unit unit;                    // without id
  std::optional<domain::Id> parent_id;  // an existing parent
  std::optional<size_t> parent_index;   // or the PlannedUnit (index in the plan) above it
};

// Checks every cell against the store: codes well formed and new (not in the store, not twice in
// the file), names given, kinds known, parents known and open on the founding date, no cycle,
// dates real and in order. invalid_argument with every problem in `issues`.
Result<std::vector<PlannedUnit>> PlanUnits(storage::Transaction& tx,
                                           const formats::FilledSheet& sheet,
                                           std::vector<formats::ImportIssue>& issues);

// Plans the sheet in `scope` and creates every unit with its parent, all or nothing (the caller
// rolls back on error, as Service::Mutate does). `authorize` is asked, before anything is
// written, for the existing parent of each unit (nullopt: a new root); its error is returned
// as is. Progress "units" per unit created; aborted when cancelled. Returns the units created.
Result<std::vector<domain::Unit>> ImportUnits(
    WriteScope& scope, const formats::FilledSheet& sheet, std::vector<formats::ImportIssue>& issues,
    const std::function<Status(std::optional<domain::Id> parent_id)>& authorize = nullptr,
    const WorkControl& control = {});

}  // namespace nq::app
