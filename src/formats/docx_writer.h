// The report as an editable Word document (.docx) in the format of a Party report: Times New
// Roman 14 pt, the issuing unit and date block at the top, numbered headings I./1./a), tables
// whose header row repeats on every page.
#pragma once

#include <string>

#include "common/result.h"
#include "formats/report_document.h"

namespace nq::formats {

// The .docx bytes (a zip of WordprocessingML parts).
Result<std::string> WriteDocx(const ReportDocument& report);

// A number as Vietnamese offices write it: "1.234,5".
std::string FormatNumberVi(double value, int decimals);

// `text` escaped for XML character data and attributes.
std::string XmlEscape(std::string_view text);

}  // namespace nq::formats
