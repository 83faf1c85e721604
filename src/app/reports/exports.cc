#include "app/reports/exports.h"

#include <boost/json.hpp>

#include "app/bundle/bundle.h"
#include "app/exchange/dhis2.h"
#include "app/exchange/values_csv.h"
#include "formats/docx_writer.h"
#include "formats/xlsx_writer.h"

namespace nq::app {
namespace {

using namespace nq::domain;

Result<std::string> UnitCode(Service& service, Id unit_id) {
  return service.database().Read([&](storage::Transaction& tx) -> Result<std::string> {
    NQ_TRY(Unit unit, storage::Get<Unit>(tx, unit_id));
    return unit.code;
  });
}

Result<ExportFile> Report(Service& service, const ExportSpec& spec, const WorkControl& control) {
  NQ_TRY(std::string code, UnitCode(service, spec.report.unit_id));
  NQ_TRY(ReportDocument report, BuildReport(service, spec.report, control));
  control.Report("writing", 0, 1);
  ExportFile file;
  const bool docx = spec.kind == ExportKind::kReportDocx;
  NQ_TRY(file.bytes, docx ? formats::WriteDocx(report) : formats::WriteReportXlsx(report));
  file.content_type = docx ? kDocxContentType : kXlsxContentType;
  file.name =
      fmt::format("bao-cao-{}-{}.{}", code, spec.report.period.ToString(), docx ? "docx" : "xlsx");
  return file;
}

Result<ExportFile> Values(Service& service, const ExportSpec& spec, const WorkControl& control) {
  NQ_TRY(std::string code, UnitCode(service, spec.values.unit_id));
  const std::string span =
      fmt::format("{}-{}-{}", code, spec.values.from.ToString(), spec.values.to.ToString());
  ExportFile file;
  if (spec.kind == ExportKind::kDataValueSets) {
    NQ_TRY(DataValueSetsExport exported, WriteDataValueSets(service, spec.values, control));
    control.Report("writing", 0, 1);
    file.bytes = std::move(exported.json);
    file.records = exported.values;
    file.skipped_terms = exported.skipped_terms;
    file.content_type = "application/json";
    file.name = fmt::format("datavaluesets-{}.json", span);
    return file;
  }
  NQ_TRY(auto records, CollectValues(service, spec.values, control));
  control.Report("writing", 0, 1);
  file.bytes = WriteValuesCsv(records);
  file.records = records.size();
  file.content_type = kCsvContentType;
  file.name = fmt::format("values-{}.csv", span);
  return file;
}

Result<ExportFile> Bundle(Service& service, const WorkControl& control) {
  const UnixMillis now = service.clock().Now();
  NQ_TRY(json::value bundle, ExportBundle(service.database(), now, control));
  control.Report("writing", 0, 1);
  ExportFile file;
  file.bytes = json::serialize(bundle) + "\n";
  file.content_type = "application/json";
  file.name = fmt::format("nqtrack-{}.json", Date::FromUnixMillis(now).ToString());
  return file;
}

}  // namespace

std::string_view ExportKindName(ExportKind kind) {
  switch (kind) {
    case ExportKind::kReportDocx:
      return "report.docx";
    case ExportKind::kReportXlsx:
      return "report.xlsx";
    case ExportKind::kValuesCsv:
      return "values.csv";
    case ExportKind::kDataValueSets:
      return "datavaluesets";
    case ExportKind::kBundle:
      return "bundle";
  }
  return "unknown";
}

Result<ExportFile> MakeExport(Service& service, const ExportSpec& spec,
                              const WorkControl& control) {
  Result<ExportFile> file = [&]() -> Result<ExportFile> {
    switch (spec.kind) {
      case ExportKind::kReportDocx:
      case ExportKind::kReportXlsx:
        return Report(service, spec, control);
      case ExportKind::kValuesCsv:
      case ExportKind::kDataValueSets:
        return Values(service, spec, control);
      case ExportKind::kBundle:
        return Bundle(service, control);
    }
    return MakeError(ErrorCode::kInternal, "unknown export kind");
  }();
  if (!file) return file;
  // A cancel that came while the bytes were made still wins: nothing is handed out.
  NQ_RETURN_IF_ERROR(control.CheckCancelled("export"));
  control.Report("writing", 1, 1);
  return file;
}

}  // namespace nq::app
