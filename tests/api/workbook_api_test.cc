// Export jobs and the units and evidence workbooks over real HTTP: a job's progress reaches its
// total and its file parses back; a cancelled job leaves no file; templates filled and uploaded
// come back the same; bad cells are refused by sheet, row and column and change nothing; the
// evidence of a unit one may not enter for is refused.
#include <pugixml.hpp>

#include "api/server_fixture.h"
#include "app/exchange/evidence_import.h"
#include "app/exchange/units_import.h"
#include "app/exchange/values_csv.h"
#include "formats/xlsx_test_support.h"

namespace nq::testing {
namespace {

using formats::testing::EditPart;
using formats::testing::PutRow;
using formats::testing::TextRow;

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr const char* kFirstSheet = "xl/worksheets/sheet1.xml";

class WorkbookApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    BuildTree();
  }

  // Polls the job at `location` until it ends; its last state.
  json::value WaitForJob(const std::string& location, const Headers& who = {}) {
    json::value job;
    for (int attempt = 0; attempt < 10'000; ++attempt) {
      ClientResponse response =
          who.empty() ? Get(location) : Request(port_, "GET", location, "", who);
      EXPECT_EQ(response.status, 200) << response.body;
      job = Json(response);
      std::string_view state = job.at("state").as_string();
      if (state != "queued" && state != "running") break;
    }
    return job;
  }
  ClientResponse Upload(const std::string& target, const std::string& bytes,
                        const Headers& who = {}) {
    if (who.empty()) return Send("POST", target, bytes, {{"Content-Type", kXlsx}});
    Headers headers = who;
    headers.emplace_back("Content-Type", kXlsx);
    return Request(port_, "POST", target, bytes, headers);
  }
  // An obligation of the district assigned to communes A and B; its id.
  int64_t Obligation() {
    ClientResponse created = Post("/api/v1/obligations",
                                  json::object{{"code", "hop-quan-triet"},
                                               {"title", "Tổ chức hội nghị quán triệt"},
                                               {"issuer_unit_id", district_},
                                               {"issued_on", "2021-01-10"},
                                               {"due_on", "2021-03-31"},
                                               {"unit_ids", json::array{commune_a_, commune_b_}}});
    EXPECT_EQ(created.status, 201) << created.body;
    return Json(created).at("id").as_int64();
  }
  std::string EvidenceTemplate(int64_t obligation) {
    ClientResponse response = Get(fmt::format(
        "/api/v1/exports/evidence-template.xlsx?obligation_id={}&unit_id=ba-thuoc", obligation));
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_NE(response.Header("content-disposition").find("minh-chung-hop-quan-triet-ba-thuoc"),
              std::string::npos);
    return response.body;
  }
  // The evidence template with the row of `unit` (code) set to `cells`.
  std::string FillEvidence(const std::string& bytes, const std::vector<std::string>& cells) {
    std::vector<formats::ImportIssue> issues;
    auto sheet = app::ReadEvidenceXlsx(bytes, issues);
    EXPECT_TRUE(sheet);
    int row = 0;
    for (int r : sheet->rows) {
      if (sheet->data.Text(r, 1) == cells[0]) row = r;
    }
    EXPECT_GT(row, 0) << cells[0];
    return EditPart(bytes, kFirstSheet, [&](std::string xml) {
      return PutRow(std::move(xml), row,
                    TextRow(row, {cells[0], cells[1], cells[2], cells[3], cells[4], cells[5],
                                  cells[6], cells[7]}));
    });
  }
  json::value Assignment(int64_t obligation, int64_t unit) {
    json::value list =
        Json(Get(fmt::format("/api/v1/assignments?obligation_id={}&unit_id={}", obligation, unit)));
    EXPECT_EQ(list.at("items").as_array().size(), 1u);
    return list.at("items").at(0);
  }
  std::string UnitsFile(const std::string& row5) {
    ClientResponse response = Get("/api/v1/exports/units-template.xlsx");
    EXPECT_EQ(response.status, 200) << response.body;
    return EditPart(response.body, kFirstSheet,
                    [&](std::string xml) { return PutRow(std::move(xml), 5, row5); });
  }
};

TEST_F(WorkbookApiTest, AnExportJobReachesItsTotalAndItsFileParsesBack) {
  ClientResponse started =
      Send("POST", "/api/v1/exports/report.docx?unit_id=ba-thuoc&period=2021", "");
  ASSERT_EQ(started.status, 202) << started.body;
  json::value job = WaitForJob(started.Header("location"));
  ASSERT_EQ(job.at("state"), "done") << json::serialize(job);
  EXPECT_EQ(job.at("progress").at("done"), job.at("progress").at("total"));
  EXPECT_EQ(job.at("progress").at("phase"), "writing");
  std::string href(job.at("file").at("href").as_string());
  ClientResponse file = Get(href);
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_NE(file.Header("content-type").find("wordprocessingml"), std::string::npos);
  EXPECT_NE(file.Header("content-disposition").find("bao-cao-ba-thuoc-2021.docx"),
            std::string::npos);
  auto parts = formats::ReadZip(file.body);
  ASSERT_TRUE(parts);
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(parts->at("word/document.xml").c_str()));
  std::string text;
  for (pugi::xpath_node t : document.select_nodes("//w:t")) text += t.node().text().get();
  EXPECT_NE(text.find("BÁ THƯỚC"), std::string::npos) << text.substr(0, 300);
  EXPECT_NE(text.find("I. KẾT QUẢ ĐẠT ĐƯỢC"), std::string::npos);

  started = Send("POST", "/api/v1/exports/report.xlsx?unit_id=ba-thuoc&period=2021", "");
  ASSERT_EQ(started.status, 202) << started.body;
  job = WaitForJob(started.Header("location"));
  ASSERT_EQ(job.at("state"), "done") << json::serialize(job);
  file = Get(std::string(job.at("file").at("href").as_string()));
  std::vector<formats::ImportIssue> issues;
  auto sheet = formats::ReadXlsxSheet(file.body, "Chỉ tiêu", false, issues);
  ASSERT_TRUE(sheet) << file.body.substr(0, 200);
  EXPECT_EQ(sheet->Text(5, 1), "Văn bản");
}

TEST_F(WorkbookApiTest, ValuesAndBundleExportJobsGiveTheirFiles) {
  ASSERT_EQ(Post("/api/v1/values",
                 json::object{{"values", json::array{json::object{{"indicator_id", population_},
                                                                  {"unit_id", commune_a_},
                                                                  {"period", "2021"},
                                                                  {"value", 1200}}}}})
                .status,
            200);
  ClientResponse started =
      Send("POST", "/api/v1/exports/values.csv?unit_id=ba-thuoc&from=2021&to=2021", "");
  ASSERT_EQ(started.status, 202) << started.body;
  json::value job = WaitForJob(started.Header("location"));
  ASSERT_EQ(job.at("state"), "done") << json::serialize(job);
  EXPECT_EQ(job.at("result").at("values"), 1);
  ClientResponse file = Get(std::string(job.at("file").at("href").as_string()));
  std::vector<Error> errors;
  auto records = app::ParseValuesCsv(file.body, errors);
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ(records->front().unit_code, "lung-cao");
  EXPECT_EQ(records->front().value, "1200");

  started = Send("POST", "/api/v1/exports/bundle", "");
  ASSERT_EQ(started.status, 202) << started.body;
  job = WaitForJob(started.Header("location"));
  ASSERT_EQ(job.at("state"), "done") << json::serialize(job);
  EXPECT_EQ(job.at("progress").at("phase"), "writing");
  file = Get(std::string(job.at("file").at("href").as_string()));
  EXPECT_EQ(Json(file).at("units").as_array().size(), 7u);
}

TEST_F(WorkbookApiTest, ACancelledExportLeavesNoFile) {
  ClientResponse started =
      Send("POST", "/api/v1/exports/report.xlsx?unit_id=ba-thuoc&period=2021", "");
  ASSERT_EQ(started.status, 202) << started.body;
  const std::string location = started.Header("location");
  ClientResponse cancelled = Send("DELETE", location, "");
  EXPECT_EQ(cancelled.status, 202) << cancelled.body;
  json::value job = WaitForJob(location);
  // Cancelled while running, or done first and its file discarded: either way, nothing left.
  EXPECT_TRUE(job.at("state") == "cancelled" || job.at("state") == "done") << json::serialize(job);
  EXPECT_FALSE(job.as_object().contains("file")) << json::serialize(job);
  EXPECT_EQ(Get(location + "/file").status, 404);
  // Someone else's job, and its file, are not found.
  Headers viewer = UserWith("viewer", "viewer", district_);
  started = Send("POST", "/api/v1/exports/report.docx?unit_id=ba-thuoc&period=2021", "");
  job = WaitForJob(started.Header("location"));
  EXPECT_EQ(Request(port_, "GET", started.Header("location") + "/file", "", viewer).status, 404);
  EXPECT_EQ(Get(started.Header("location") + "/file").status, 200);
}

TEST_F(WorkbookApiTest, UnitsFromAFilledTemplateAreCreatedAtOnceOrAsAJob) {
  ClientResponse created = Upload("/api/v1/imports/units.xlsx",
                                  UnitsFile(TextRow(5, {"dien-lu", "Đảng bộ xã Điền Lư", "Điền Lư",
                                                        "xa", "ba-thuoc", "01/01/2020", ""})));
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(Json(created).at("created"), 1);
  json::value unit = Json(Get("/api/v1/units/dien-lu"));
  EXPECT_EQ(unit.at("parent_id"), district_);
  EXPECT_EQ(unit.at("short_name"), "Điền Lư");

  ClientResponse started = Upload("/api/v1/imports/units.xlsx?async=true",
                                  UnitsFile(TextRow(5, {"dien-ha", "Đảng bộ xã Điền Hạ", "Điền Hạ",
                                                        "xa", "ba-thuoc", "01/01/2020", ""})));
  ASSERT_EQ(started.status, 202) << started.body;
  json::value job = WaitForJob(started.Header("location"));
  ASSERT_EQ(job.at("state"), "done") << json::serialize(job);
  EXPECT_EQ(job.at("result").at("created"), 1);
  EXPECT_EQ(job.at("progress").at("done"), 1);
  EXPECT_EQ(Get("/api/v1/units/dien-ha").status, 200);
  // The template lists them now.
  std::vector<formats::ImportIssue> issues;
  auto reference =
      formats::ReadFilledSheet(Get("/api/v1/exports/units-template.xlsx").body, "Đơn vị hiện có",
                               app::kUnitsHeaderRow, app::kUnitsHeader, issues);
  ASSERT_TRUE(reference);
  bool listed = false;
  for (int row : reference->rows) {
    if (reference->data.Text(row, 1) != "dien-ha") continue;
    listed = true;
    EXPECT_EQ(reference->data.Text(row, 5), "ba-thuoc");
    EXPECT_EQ(reference->data.Text(row, 6), "01/01/2020");
  }
  EXPECT_TRUE(listed);
}

TEST_F(WorkbookApiTest, BadUnitCellsAreNamedAndNothingChanges) {
  auto before = RowCounts();
  ClientResponse refused = Upload(
      "/api/v1/imports/units.xlsx?async=true",
      UnitsFile(TextRow(5, {"dien-lu", "Điền Lư", "", "khong-co", "ba-thuoc", "01/01/2020"})));
  ASSERT_EQ(refused.status, 400) << refused.body;
  json::value body = Json(refused);
  ASSERT_EQ(body.at("errors").as_array().size(), 1u) << refused.body;
  EXPECT_EQ(body.at("errors").at(0).at("sheet"), "Đơn vị");
  EXPECT_EQ(body.at("errors").at(0).at("row"), 5);
  EXPECT_EQ(body.at("errors").at(0).at("column"), "D");
  EXPECT_EQ(body.at("errors").at(0).at("detail"),
            "Trang tính 'Đơn vị', dòng 5, cột D: mã loại đơn vị \"khong-co\" không tồn tại");
  EXPECT_EQ(Upload("/api/v1/imports/units.xlsx", "no workbook").status, 400);
  EXPECT_EQ(Send("POST", "/api/v1/imports/units.xlsx", "{}", {{"Content-Type", "application/json"}})
                .status,
            400);
  EXPECT_EQ(RowCounts(), before);
  // Under a unit one does not administer: refused before anything runs.
  Headers manager = UserWith("manager", "manager", district_);
  ClientResponse denied = Upload(
      "/api/v1/imports/units.xlsx?async=true",
      UnitsFile(TextRow(5, {"dien-lu", "Điền Lư", "", "xa", "ba-thuoc", "01/01/2020"})), manager);
  EXPECT_EQ(denied.status, 403) << denied.body;
  before = RowCounts();
  before.erase("audit");
  auto after = RowCounts();
  after.erase("audit");
  EXPECT_EQ(after, before);
}

TEST_F(WorkbookApiTest, EvidenceFromAFilledTemplateIsStoredAndComesBack) {
  const int64_t obligation = Obligation();
  const std::string filled = FillEvidence(
      EvidenceTemplate(obligation), {"lung-cao", "Lũng Cao", "31/03/2021", "Hoàn thành",
                                     "25/03/2021", "05-BC/ĐU", "25/03/2021", "Có 120 người dự"});
  ClientResponse written = Upload("/api/v1/imports/evidence.xlsx?async=true", filled);
  ASSERT_EQ(written.status, 202) << written.body;
  json::value job = WaitForJob(written.Header("location"));
  ASSERT_EQ(job.at("state"), "done") << json::serialize(job);
  EXPECT_EQ(job.at("result").at("written"), 1);
  json::value assignment = Assignment(obligation, commune_a_);
  EXPECT_EQ(assignment.at("status"), "done");
  EXPECT_EQ(assignment.at("completed_on"), "2021-03-25");
  EXPECT_EQ(assignment.at("evidence").at("document_number"), "05-BC/ĐU");
  EXPECT_EQ(Assignment(obligation, commune_b_).at("status"), "not_started");
  // The same file again changes nothing.
  ClientResponse again = Upload("/api/v1/imports/evidence.xlsx", EvidenceTemplate(obligation));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Json(again).at("written"), 0);
  EXPECT_EQ(Json(Get(fmt::format("/api/v1/rollups/obligation?obligation_id={}&unit_id=ba-thuoc",
                                 obligation)))
                .at("total")
                .at("done"),
            1);
}

TEST_F(WorkbookApiTest, EvidenceIsOnlyForUnitsOneMayEnterFor) {
  const int64_t obligation = Obligation();
  Headers editor = UserWith("lung-cao.editor", "editor", commune_a_);
  Headers viewer = UserWith("ba-thuoc.viewer", "viewer", district_);
  const std::string district_template = EvidenceTemplate(obligation);
  const std::string other_row = FillEvidence(
      district_template, {"co-lung", "Cổ Lũng", "", "Đang thực hiện", "", "", "", "Bắt đầu"});
  auto before = RowCounts();
  before.erase("audit");
  // Cổ Lũng is out of the editor's sight; the viewer sees it but may not enter.
  EXPECT_EQ(Upload("/api/v1/imports/evidence.xlsx", other_row, editor).status, 404);
  EXPECT_EQ(Upload("/api/v1/imports/evidence.xlsx?async=true", other_row, viewer).status, 403);
  auto after = RowCounts();
  after.erase("audit");
  EXPECT_EQ(after, before);
  // The editor's own template lists only what they see, and their row goes in.
  const std::string own = Request(port_, "GET",
                                  fmt::format("/api/v1/exports/evidence-template.xlsx?"
                                              "obligation_id={}&unit_id=lung-cao",
                                              obligation),
                                  "", editor)
                              .body;
  std::vector<formats::ImportIssue> issues;
  auto seen = app::ReadEvidenceXlsx(own, issues);
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen->rows.size(), 1u);
  const std::string own_row =
      FillEvidence(own, {"lung-cao", "Lũng Cao", "", "Đang thực hiện", "", "", "", "Bắt đầu"});
  ClientResponse written = Upload("/api/v1/imports/evidence.xlsx", own_row, editor);
  ASSERT_EQ(written.status, 200) << written.body;
  EXPECT_EQ(Assignment(obligation, commune_a_).at("status"), "in_progress");
}

TEST_F(WorkbookApiTest, BadEvidenceCellsAreNamedAndNothingChanges) {
  const int64_t obligation = Obligation();
  auto before = RowCounts();
  ClientResponse refused =
      Upload("/api/v1/imports/evidence.xlsx",
             FillEvidence(EvidenceTemplate(obligation),
                          {"lung-cao", "", "", "Hoàn thành", "25/03/2021", "", "", ""}));
  ASSERT_EQ(refused.status, 400) << refused.body;
  json::value body = Json(refused);
  EXPECT_EQ(body.at("errors").at(0).at("column"), "F");
  EXPECT_NE(std::string(body.at("errors").at(0).at("detail").as_string())
                .find("Trang tính 'Minh chứng', dòng 7, cột F: đơn vị đã hoàn thành cần có minh "
                      "chứng"),
            std::string::npos)
      << refused.body;
  EXPECT_EQ(RowCounts(), before);
}

TEST_F(WorkbookApiTest, TheOpenApiDocumentDescribesJobsAndWorkbooks) {
  json::value paths = Json(Get("/api/v1/openapi.json")).at("paths");
  EXPECT_TRUE(
      paths.at("/exports/report.docx").at("post").at("responses").as_object().contains("202"));
  EXPECT_FALSE(paths.at("/exports/report.docx").at("post").as_object().contains("requestBody"));
  EXPECT_TRUE(paths.at("/imports/units.xlsx")
                  .at("post")
                  .at("requestBody")
                  .at("content")
                  .as_object()
                  .contains(kXlsx));
  EXPECT_TRUE(
      paths.at("/imports/evidence.xlsx").at("post").at("responses").as_object().contains("200"));
  const json::object& files =
      paths.at("/jobs/{id}/file").at("get").at("responses").at("200").at("content").as_object();
  EXPECT_TRUE(files.contains(kXlsx));
  EXPECT_TRUE(files.contains("text/csv"));
}

}  // namespace
}  // namespace nq::testing
