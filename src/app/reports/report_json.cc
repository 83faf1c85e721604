#include "app/reports/report_json.h"

#include "formats/json_schema.h"

namespace json = boost::json;

namespace nq::app {
namespace {

using formats::Language;
using formats::ReportBlock;
using formats::ReportDocument;
using formats::ReportSheet;

json::value CellJson(const formats::ReportCell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell.content)) return json::value(*text);
  return json::value(std::get<double>(cell.content));
}

json::object TableJson(const formats::ReportTable& table) {
  json::array header(table.header.begin(), table.header.end());
  json::array rows;
  for (const auto& row : table.rows) {
    json::array cells;
    for (const formats::ReportCell& cell : row) cells.push_back(CellJson(cell));
    rows.push_back(std::move(cells));
  }
  return json::object{{"header", std::move(header)}, {"rows", std::move(rows)}};
}

}  // namespace

json::value ReportJson(const ReportDocument& report) {
  json::array blocks;
  for (const ReportBlock& block : report.blocks) {
    switch (block.kind) {
      case ReportBlock::Kind::kHeading:
        blocks.push_back(json::object{{"type", "heading"},
                                      {"level", block.level},
                                      {"number", block.number},
                                      {"text", block.text}});
        break;
      case ReportBlock::Kind::kParagraph:
        blocks.push_back(json::object{{"type", "paragraph"}, {"text", block.text}});
        break;
      case ReportBlock::Kind::kTable: {
        json::object table = TableJson(block.table);
        table["type"] = "table";
        blocks.push_back(std::move(table));
        break;
      }
    }
  }
  json::array sheets;
  for (const ReportSheet& sheet : report.sheets) {
    json::object entry = TableJson(sheet.table);
    entry["name"] = sheet.name;
    sheets.push_back(std::move(entry));
  }
  return json::object{{"language", report.language == Language::kVietnamese ? "vi" : "en"},
                      {"unit_code", report.unit_code},
                      {"period", report.period_code},
                      {"superior", report.superior_name},
                      {"issuer", report.issuer_name},
                      {"number", report.number},
                      {"place_and_date", report.place_and_date},
                      {"title", report.title},
                      {"subtitle", report.subtitle},
                      {"blocks", std::move(blocks)},
                      {"sheets", std::move(sheets)}};
}

json::object ReportJsonSchema() {
  namespace sc = formats::schema;
  const sc::Schema cell = sc::Schema{{"type", json::array{"string", "number"}}};
  const sc::Schema table =
      sc::Object({{"header", sc::ArrayOf(sc::Text())}, {"rows", sc::ArrayOf(sc::ArrayOf(cell))}});
  const sc::Schema block = sc::Schema{
      {"oneOf", json::array{sc::Object({{"type", sc::OneOf({"heading"})},
                                        {"level", sc::Integer()},
                                        {"number", sc::Example(sc::Text(), "I")},
                                        {"text", sc::Example(sc::Text(), "KẾT QUẢ THỰC HIỆN")}}),
                            sc::Object({{"type", sc::OneOf({"paragraph"})}, {"text", sc::Text()}}),
                            sc::Extend(table, {{"type", sc::OneOf({"table"})}})}}};
  return sc::Named("ReportDocument",
                   sc::Object({{"language", sc::OneOf({"vi", "en"})},
                               {"unit_code", sc::Text()},
                               {"period", sc::PeriodCode()},
                               {"superior", sc::Example(sc::Text(), "TỈNH ỦY THANH HÓA")},
                               {"issuer", sc::Example(sc::Text(), "HUYỆN ỦY BÁ THƯỚC")},
                               {"number", sc::Example(sc::Text(), "Số: …-BC/HU")},
                               {"place_and_date",
                                sc::Example(sc::Text(), "Bá Thước, ngày 31 tháng 12 năm 2025")},
                               {"title", sc::Example(sc::Text(), "BÁO CÁO")},
                               {"subtitle", sc::Text()},
                               {"blocks", sc::ArrayOf(block)},
                               {"sheets", sc::ArrayOf(sc::Extend(table, {{"name", sc::Text()}}))}},
                              "Báo cáo của một đơn vị cho một kỳ"));
}

}  // namespace nq::app
