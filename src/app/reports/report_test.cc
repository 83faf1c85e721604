// Reports out (.docx, .xlsx, JSON) and values in (.xlsx) over the demo: the Bá Thước report
// holds the 43/43 sentence, the files parse back, and bad uploads change nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <set>

#include "app/exchange/xlsx_import.h"
#include "app/reports/report_json.h"
#include "app/reports/report_writer.h"
#include "demo/demo.h"
#include "demo/demo_fixture.h"
#include "formats/docx_writer.h"
#include "formats/xlsx_test_support.h"
#include "formats/xlsx_writer.h"
#include "formats/zip_archive.h"
#include "storage/sqlite_database.h"
#include "storage/store.h"

namespace nq::app {
namespace {

using namespace nq::domain;

constexpr std::string_view kSentence =
    "43/43 đảng bộ, chi bộ trực thuộc (21 đảng bộ xã, thị trấn và 22 đảng bộ, chi bộ cơ quan, "
    "doanh nghiệp) đã tổ chức hội nghị";

class ReportTest : public SharedDemoTest<ReportTest> {
 protected:
  static ReportDocument Build(std::string_view unit, std::string_view period,
                              Language language = Language::kVietnamese) {
    auto parsed = Period::Parse(period);
    EXPECT_TRUE(parsed);
    ReportRequest request{UnitIdOf(unit), *parsed, language, Date::Parse("2021-04-05").value()};
    auto report = BuildReport(*service_, request);
    EXPECT_TRUE(report) << report.error().message;
    return report.value_or(ReportDocument{});
  }

  static std::string AllText(const ReportDocument& report) {
    return json::serialize(ReportJson(report));
  }

  static int64_t ValueRows() {
    auto rows = database_->Read([](storage::Transaction& tx) -> Result<int64_t> {
      NQ_TRY(auto result, tx.Query("SELECT COUNT(*) FROM data_values"));
      return result.front().Int(0);
    });
    EXPECT_TRUE(rows);
    return rows.value_or(-1);
  }

  static Result<std::vector<Value>> Import(std::string_view bytes,
                                           std::vector<formats::ImportIssue>& issues) {
    std::optional<std::vector<Value>> written;
    auto reply =
        service_->Mutate(Actor{"test", "", ""}, "", [&](WriteScope& scope) -> Result<Reply> {
          NQ_TRY(auto values, ImportValuesXlsx(scope, bytes, issues));
          written = values;
          return Reply{200, json::object{}, false};
        });
    if (!reply) return std::unexpected(reply.error());
    return *written;
  }

  static std::optional<double> Current(std::string_view indicator, std::string_view unit,
                                       std::string_view period) {
    auto values = database_->Read([&](storage::Transaction& tx) -> Result<std::vector<Value>> {
      NQ_TRY(Indicator ind, storage::GetByCode<Indicator>(tx, indicator));
      NQ_TRY(Unit u, storage::GetByCode<Unit>(tx, unit));
      return storage::CurrentValues(
          tx, {storage::Eq("indicator_id", ind.id), storage::Eq("unit_id", u.id),
               storage::Eq("period", std::string(period))});
    });
    if (!values || values->empty()) return std::nullopt;
    return values->front().number;
  }
};

using formats::testing::Num;
using formats::testing::Str;

// A minimal workbook around `sheet_data` (the <sheetData> rows of "Số liệu"), with `extra` after
// it.
std::string Workbook(const std::string& sheet_data, const std::string& extra = "",
                     const std::string& prolog = "") {
  return formats::testing::Workbook(kValuesSheet, sheet_data, extra, prolog);
}

std::string Preamble(std::string_view unit, std::string_view period) {
  std::string rows = "<row r=\"1\">" + Str("A1", "BIỂU MẪU") + "</row>";
  rows += "<row r=\"2\">" + Str("A2", "Mã đơn vị") + Str("B2", unit) + "</row>";
  rows += "<row r=\"3\">" + Str("A3", "Kỳ báo cáo") + Str("B3", period) + "</row>";
  rows += "<row r=\"5\">" + Str("A5", "Mã chỉ số") + Str("B5", "Tên chỉ số") +
          Str("C5", "Đơn vị tính") + Str("D5", "Kỳ") + Str("E5", "Giá trị") + Str("F5", "Ghi chú") +
          "</row>";
  return rows;
}
std::string DataRow(int row, std::string_view code, std::string_view period,
                    std::string value_cell) {
  return fmt::format("<row r=\"{0}\">{1}{2}{3}</row>", row, Str(fmt::format("A{}", row), code),
                     Str(fmt::format("D{}", row), period), value_cell);
}

TEST_F(ReportTest, BaThuocQuarterReportSaysFortyThreeOfFortyThree) {
  ReportDocument report = Build("ba-thuoc", "2021Q1");
  EXPECT_NE(AllText(report).find(kSentence), std::string::npos) << AllText(report);
  EXPECT_EQ(report.issuer_name, "ĐẢNG BỘ HUYỆN BÁ THƯỚC");
  EXPECT_EQ(report.superior_name, "ĐẢNG BỘ TỈNH THANH HÓA");
  EXPECT_EQ(report.place_and_date, "Bá Thước, ngày 5 tháng 4 năm 2021");
  EXPECT_NE(report.subtitle.find("Quý I/2021"), std::string::npos);
}

TEST_F(ReportTest, SentenceNamesTheUnitsThatHaveNot) {
  std::string sentence = ObligationSentenceVi(
      41, 43, {{20, "đảng bộ xã, thị trấn"}, {21, "đảng bộ, chi bộ cơ quan, doanh nghiệp"}},
      "tổ chức hội nghị", {"Lũng Cao", "Điền Lư"});
  EXPECT_EQ(sentence,
            "41/43 đảng bộ, chi bộ trực thuộc (20 đảng bộ xã, thị trấn và 21 đảng bộ, chi bộ cơ "
            "quan, doanh nghiệp) đã tổ chức hội nghị; còn 2 đơn vị chưa thực hiện: Lũng Cao và "
            "Điền Lư.");
}

TEST_F(ReportTest, HalfYearReportConsolidatesShortcomingsWithTheirOrigin) {
  ReportDocument report = Build("ba-thuoc", "2021S1");
  const std::string text = AllText(report);
  EXPECT_NE(text.find("Du lịch cộng đồng tại bản Son"), std::string::npos);
  EXPECT_NE(text.find("Đảng bộ xã Lũng Cao"), std::string::npos) << text.substr(0, 3000);
  // The draft (Điền Hạ) and returned (Điền Lư) reports are not consolidated.
  EXPECT_EQ(text.find("Chưa có số liệu đánh giá kết quả chuyển dịch"), std::string::npos);
  // Targets: income 33 of 50 is not achieved; forest cover and poverty are judged too.
  EXPECT_NE(text.find("Thu nhập bình quân đầu người"), std::string::npos);
  EXPECT_NE(text.find("ĐỀ XUẤT, KIẾN NGHỊ"), std::string::npos);
}

// Bình Đại's half-year review under its regime, in the words of the views: 15 on time (Thừa
// Đức within its extension), 3 late and 2 not reported, each named.
TEST_F(ReportTest, BinhDaiReportSaysWhoReportedLateUnderItsRegime) {
  ReportDocument report = Build("binh-dai", "2021");
  const std::string text = AllText(report);
  EXPECT_NE(text.find("Chấp hành chế độ báo cáo"), std::string::npos) << text.substr(0, 3000);
  EXPECT_NE(text.find("Báo cáo sơ kết 6 tháng (Hướng dẫn 05-HD/HU), 6 tháng đầu năm 2021 (hạn "
                      "15/07/2021): 20 đơn vị phải báo cáo; 15 đúng hạn, 3 trễ hạn, 2 quá hạn "
                      "chưa báo cáo"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Đảng bộ xã Thới Lai"), std::string::npos);
  EXPECT_NE(text.find("Đảng bộ xã Lộc Thuận"), std::string::npos);
  // The Excel workbook's sheet: one row per commune with its due date and the same word.
  auto sheet = std::find_if(report.sheets.begin(), report.sheets.end(),
                            [](const auto& s) { return s.name == "Báo cáo định kỳ"; });
  ASSERT_NE(sheet, report.sheets.end());
  std::map<std::string, int> words;
  for (const auto& row : sheet->table.rows) {
    if (std::get<std::string>(row[1].content) != "6 tháng đầu năm 2021") continue;
    words[std::get<std::string>(row.back().content)]++;
  }
  EXPECT_EQ(words["Đúng hạn"], 15);
  EXPECT_EQ(words["Trễ hạn"], 3);
  EXPECT_EQ(words["Quá hạn"], 2);
}

TEST_F(ReportTest, EnglishFrameKeepsTheData) {
  ReportDocument report = Build("ba-thuoc", "2021Q1", Language::kEnglish);
  EXPECT_EQ(report.title, "REPORT");
  EXPECT_NE(AllText(report).find("43/43 subordinate organisations"), std::string::npos);
}

TEST_F(ReportTest, DocxParsesBackWithTimesNewRomanHeadersAndText) {
  auto started = std::chrono::steady_clock::now();
  auto docx = formats::WriteDocx(Build("ba-thuoc", "2021Q1"));
  ASSERT_TRUE(docx) << docx.error().message;
  auto elapsed = std::chrono::steady_clock::now() - started;
  std::cout << "docx bytes " << docx->size() << " in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms\n";
  std::ofstream(*dir_ / "report.docx", std::ios::binary) << *docx;
  auto parts = formats::ReadZip(*docx);
  ASSERT_TRUE(parts) << parts.error().message;
  for (const char* name :
       {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"}) {
    EXPECT_TRUE(parts->contains(name)) << name;
  }
  pugi::xml_document styles;
  ASSERT_TRUE(styles.load_string(parts->at("word/styles.xml").c_str()));
  pugi::xml_node defaults =
      styles.child("w:styles").child("w:docDefaults").child("w:rPrDefault").child("w:rPr");
  EXPECT_STREQ(defaults.child("w:rFonts").attribute("w:ascii").value(), "Times New Roman");
  EXPECT_STREQ(defaults.child("w:sz").attribute("w:val").value(), "28");
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(parts->at("word/document.xml").c_str()));
  std::string text;
  for (pugi::xpath_node t : document.select_nodes("//w:t")) text += t.node().text().get();
  EXPECT_NE(text.find("ĐẢNG BỘ HUYỆN BÁ THƯỚC"), std::string::npos);
  EXPECT_NE(text.find("Bá Thước, ngày 5 tháng 4 năm 2021"), std::string::npos);
  EXPECT_NE(text.find(std::string(kSentence)), std::string::npos);
  EXPECT_NE(text.find("I. KẾT QUẢ ĐẠT ĐƯỢC"), std::string::npos);
  EXPECT_NE(text.find("IV. ĐỀ XUẤT, KIẾN NGHỊ"), std::string::npos);
  EXPECT_NE(text.find("80,2"), std::string::npos);  // the forest-cover baseline, Vietnamese format
  EXPECT_FALSE(document.select_nodes("//w:tblHeader").empty());
  EXPECT_FALSE(document.select_nodes("//w:pStyle[@w:val='Heading1']").empty());
}

TEST_F(ReportTest, XlsxParsesBackWithSheetsAndNumbers) {
  auto xlsx = formats::WriteReportXlsx(Build("ba-thuoc", "2021Q1"));
  ASSERT_TRUE(xlsx) << xlsx.error().message;
  std::cout << "xlsx bytes " << xlsx->size() << "\n";
  auto parts = formats::ReadZip(*xlsx);
  ASSERT_TRUE(parts) << parts.error().message;
  pugi::xml_document workbook;
  ASSERT_TRUE(workbook.load_string(parts->at("xl/workbook.xml").c_str()));
  std::vector<std::string> names;
  for (pugi::xml_node sheet : workbook.child("workbook").child("sheets").children("sheet")) {
    names.push_back(sheet.attribute("name").value());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Chỉ tiêu", "Nhiệm vụ", "Số liệu"}));
  const std::string& strings = parts->at("xl/sharedStrings.xml");
  EXPECT_NE(strings.find("Thu nhập bình quân đầu người đến năm 2025 đạt 50 triệu đồng"),
            std::string::npos);
  EXPECT_NE(strings.find("Hoàn thành đúng hạn"), std::string::npos);
  // The targets sheet holds the income baseline 29 and the goal 50 as numbers.
  pugi::xml_document targets;
  ASSERT_TRUE(targets.load_string(parts->at("xl/worksheets/sheet1.xml").c_str()));
  std::set<std::string> numbers;
  for (pugi::xpath_node v : targets.select_nodes("//c[not(@t)]/v"))
    numbers.insert(v.node().text().get());
  EXPECT_TRUE(numbers.contains("29"));
  EXPECT_TRUE(numbers.contains("50"));
  // The obligations sheet lists each of the 43 organisations for the dissemination.
  pugi::xml_document obligations;
  ASSERT_TRUE(obligations.load_string(parts->at("xl/worksheets/sheet2.xml").c_str()));
  EXPECT_GE(obligations.select_nodes("//row").size(), 43u + 4u);
}

TEST_F(ReportTest, TemplateRoundTripWritesTheSameValues) {
  auto bytes =
      WriteValuesTemplate(*service_, UnitIdOf("ba-thuoc-lung-cao"), *Period::Parse("2021"));
  ASSERT_TRUE(bytes) << bytes.error().message;
  const int64_t before = ValueRows();
  std::vector<formats::ImportIssue> issues;
  auto written = Import(*bytes, issues);
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_TRUE(issues.empty());
  EXPECT_GE(written->size(), 2u);  // OCOP products and new-rural status for 2021 at least
  EXPECT_EQ(Current("san-pham-ocop", "ba-thuoc-lung-cao", "2021"), 2);
  EXPECT_EQ(ValueRows(), before + static_cast<int64_t>(written->size()));
}

TEST_F(ReportTest, FilledTemplateWritesNewValues) {
  std::string rows =
      Preamble("ba-thuoc-lung-cao", "2021") + DataRow(6, "san-pham-ocop", "2021", Num("E6", "3"));
  std::vector<formats::ImportIssue> issues;
  auto written = Import(Workbook(rows), issues);
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_EQ(written->size(), 1u);
  EXPECT_EQ(Current("san-pham-ocop", "ba-thuoc-lung-cao", "2021"), 3);
}

TEST_F(ReportTest, BadTemplatesAreRejectedPreciselyAndChangeNothing) {
  const std::string head = Preamble("ba-thuoc-lung-cao", "2021");
  const std::string good = DataRow(6, "san-pham-ocop", "2021", Num("E6", "9"));
  std::string bomb_sheet(80u << 20, ' ');
  const std::vector<formats::testing::BadFile> cases = {
      {"wrong type",
       Workbook(head + good + DataRow(7, "thu-nhap-binh-quan", "2021", Str("E7", "nhiều"))),
       "Trang tính 'Số liệu', dòng 7, cột E: giá trị \"nhiều\" không phải là số"},
      {"unknown code", Workbook(head + good + DataRow(7, "khong-co", "2021", Num("E7", "1"))),
       "Trang tính 'Số liệu', dòng 7, cột A: mã chỉ số \"khong-co\" không tồn tại"},
      {"period outside",
       Workbook(head + good + DataRow(7, "san-pham-ocop", "2022", Num("E7", "1"))),
       "Trang tính 'Số liệu', dòng 7, cột D: kỳ \"2022\" nằm ngoài kỳ báo cáo 2021"},
      {"period type", Workbook(head + good + DataRow(7, "san-pham-ocop", "2021Q1", Num("E7", "1"))),
       "Trang tính 'Số liệu', dòng 7, cột D: chỉ số \"san-pham-ocop\" báo cáo theo kỳ year"},
      {"formula",
       Workbook(head + good +
                DataRow(7, "xa-dat-chuan-ntm", "2021", R"(<c r="E7"><f>1+1</f><v>2</v></c>)")),
       "Trang tính 'Số liệu', dòng 7, cột E: ô chứa công thức \"=1+1\""},
      {"merged",
       Workbook(head + good, R"(<mergeCells count="1"><mergeCell ref="B6:C6"/></mergeCells>)"),
       "Trang tính 'Số liệu', dòng 6, cột B: các ô B6:C6 bị gộp"},
      {"external entity",
       Workbook(head + good, "", R"(<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>)"),
       "khai báo DOCTYPE/ENTITY"},
      {"zip bomb", Workbook(head + good + "<row r=\"9\">" + Str("A9", bomb_sheet) + "</row>"),
       "bom zip"},
      {"not a zip", "PK\x03\x04 this is not an archive", "không phải là tệp Excel"},
  };
  const int64_t before = ValueRows();
  formats::testing::ExpectEachRefused(
      cases, Import, [&](const char* name) { EXPECT_EQ(ValueRows(), before) << name; });
  EXPECT_NE(Current("san-pham-ocop", "ba-thuoc-lung-cao", "2021"), 9);
}

TEST_F(ReportTest, DocxRendersToPdfWithLibreOffice) {
  if (std::system("command -v soffice >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "soffice is not installed";
  auto docx = formats::WriteDocx(Build("ba-thuoc", "2021Q1"));
  ASSERT_TRUE(docx);
  const auto folder = *dir_ / "pdf";
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "report.docx", std::ios::binary) << *docx;
  const std::string command = fmt::format(
      "cd '{0}' && HOME='{0}' soffice --headless --norestore -env:UserInstallation=file://{0}/lo "
      "--convert-to pdf report.docx >/dev/null 2>&1",
      folder.string());
  ASSERT_EQ(std::system(command.c_str()), 0);
  ASSERT_TRUE(std::filesystem::exists(folder / "report.pdf"));
  if (std::system("command -v pdftotext >/dev/null 2>&1") != 0) GTEST_SKIP() << "no pdftotext";
  ASSERT_EQ(std::system(
                fmt::format("pdftotext -layout '{0}/report.pdf' '{0}/report.txt'", folder.string())
                    .c_str()),
            0);
  std::ifstream in(folder / "report.txt");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("ĐẢNG BỘ HUYỆN BÁ THƯỚC"), std::string::npos);
  EXPECT_NE(text.find("đảng bộ xã, thị trấn"), std::string::npos);
  if (const char* shots = std::getenv("NQ_SCREENSHOT_DIR")) {
    (void)std::system(
        fmt::format("pdftoppm -png -r 80 -f 1 -l 1 -singlefile '{}/report.pdf' '{}/report-page'",
                    folder.string(), shots)
            .c_str());
  }
}

}  // namespace
}  // namespace nq::app
