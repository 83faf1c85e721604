// The narrative report as JSON (the export's `format=json` and the CLI's), and its JSON Schema.
#pragma once

#include <boost/json.hpp>

#include "formats/report_document.h"

namespace nq::app {

// The report as JSON: header fields, blocks and sheets.
boost::json::value ReportJson(const formats::ReportDocument& report);
// Its JSON Schema ("ReportDocument").
boost::json::object ReportJsonSchema();

}  // namespace nq::app
