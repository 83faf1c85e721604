// Excel in: the values template of a unit and period, and the importer of a filled template.
// Layout of sheet "Số liệu": A1 title; B2 the unit's code; B3 the period's code; row 5 the
// header (Mã chỉ số, Tên chỉ số, Đơn vị tính, Kỳ, Giá trị, Ghi chú); one value per row from 6.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/use_cases.h"
#include "formats/xlsx_reader.h"

namespace nq::app {

inline constexpr std::string_view kValuesSheet = "Số liệu";

// The indicators a unit reports: those measured by the targets of documents issued by the unit
// or an ancestor, or with a value already stored for the unit; not computed; with a reporting
// period no coarser than `period`. One row per indicator and sub-period, current values filled.
Result<std::string> WriteValuesTemplate(Service& service, domain::Id unit_id,
                                        const domain::Period& period);

// Reads a filled template (libzip + pugixml) and writes its values with PutValues in `scope`:
// all or nothing. On any problem fails with invalid_argument (too_large for a
// workbook that expands too far) and lists every problem in `issues`: unknown codes, periods
// that do not fit the indicator or the template's period, values of the wrong type, formulas,
// merged cells, DOCTYPE/entity declarations, text that is not UTF-8. `authorize` is asked for the
// template's unit.
Result<std::vector<domain::Value>> ImportValuesXlsx(
    WriteScope& scope, std::string_view bytes, std::vector<formats::ImportIssue>& issues,
    const std::function<Status(domain::Id unit_id)>& authorize = nullptr);

}  // namespace nq::app
