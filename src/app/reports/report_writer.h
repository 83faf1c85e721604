// The narrative report of a unit for a period, drafted from the engine's figures and the
// store: I. results, II. shortcomings and causes, III. tasks ahead, IV. recommendations. The
// same structure feeds the .docx, the .xlsx and the JSON export.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/service.h"
#include "common/work_control.h"
#include "formats/report_document.h"

namespace nq::app {

using formats::Language;
using formats::ReportBlock;
using formats::ReportCell;
using formats::ReportDocument;
using formats::ReportSheet;
using formats::ReportTable;

Result<Language> ParseLanguage(std::string_view code);  // "vi" or "en"

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

}  // namespace nq::app
