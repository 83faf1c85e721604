// Units and obligations' evidence in from Excel, over the demo: templates filled as an office
// fills them go in and come out the same; every kind of bad cell is refused with its sheet, row
// and column and changes nothing; evidence respects who may enter for which unit.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "app/exchange/evidence_import.h"
#include "app/exchange/units_import.h"
#include "demo/demo_fixture.h"
#include "formats/xlsx_test_support.h"

namespace nq::app {
namespace {

using namespace nq::domain;
using formats::testing::BadFile;
using formats::testing::EditPart;
using formats::testing::ExpectEachRefused;
using formats::testing::Num;
using formats::testing::PutRow;
using formats::testing::Str;
using formats::testing::TextRow;
using formats::testing::Workbook;

constexpr const char* kFirstSheet = "xl/worksheets/sheet1.xml";

int64_t Rows(storage::Database& database, std::string_view table) {
  auto rows = database.Read([&](storage::Transaction& tx) -> Result<int64_t> {
    NQ_TRY(auto result, tx.Query(fmt::format("SELECT COUNT(*) FROM {}", table)));
    return result.front().Int(0);
  });
  EXPECT_TRUE(rows) << rows.error().message;
  return rows.value_or(-1);
}

// ---- Units

class UnitsImportTest : public SharedDemoTest<UnitsImportTest> {
 protected:
  static Result<std::vector<Unit>> Import(std::string_view bytes,
                                          std::vector<formats::ImportIssue>& issues) {
    auto sheet = ReadUnitsXlsx(bytes, issues);
    if (!sheet) return std::unexpected(sheet.error());
    std::vector<Unit> created;
    auto reply =
        service_->Mutate(Actor{"test", "", ""}, "", [&](WriteScope& scope) -> Result<Reply> {
          NQ_TRY(created, ImportUnits(scope, *sheet, issues));
          return Reply{};
        });
    if (!reply) return std::unexpected(reply.error());
    return created;
  }

  static std::string Header() {
    return TextRow(1, {"DANH SÁCH ĐƠN VỊ NHẬP MỚI"}) +
           TextRow(4, {kUnitsHeader[0], kUnitsHeader[1], kUnitsHeader[2], kUnitsHeader[3],
                       kUnitsHeader[4], kUnitsHeader[5], kUnitsHeader[6]});
  }
  static std::string Units(const std::string& rows, const std::string& extra = "",
                           const std::string& prolog = "") {
    return Workbook(kUnitsSheet, Header() + rows, extra, prolog);
  }
  // The cells of a unit's row in the reference sheet of a fresh template, or empty.
  static std::vector<std::string> Listed(std::string_view code) {
    auto bytes = WriteUnitsTemplate(*service_, nullptr, true);
    EXPECT_TRUE(bytes);
    std::vector<formats::ImportIssue> issues;
    auto sheet =
        formats::ReadFilledSheet(*bytes, "Đơn vị hiện có", kUnitsHeaderRow, kUnitsHeader, issues);
    EXPECT_TRUE(sheet) << (issues.empty() ? "" : issues.front().Text());
    if (!sheet) return {};
    for (int row : sheet->rows) {
      if (sheet->data.Text(row, 1) != code) continue;
      std::vector<std::string> cells;
      for (int column = 1; column <= 7; ++column) cells.push_back(sheet->data.Text(row, column));
      return cells;
    }
    return {};
  }
};

TEST_F(UnitsImportTest, TemplateHasTheEmptyFormAndTheExistingUnitsAndKinds) {
  auto bytes = WriteUnitsTemplate(*service_, nullptr, true);
  ASSERT_TRUE(bytes) << bytes.error().message;
  std::vector<formats::ImportIssue> issues;
  auto form = ReadUnitsXlsx(*bytes, issues);
  ASSERT_TRUE(form) << form.error().message;
  EXPECT_TRUE(form->rows.empty());
  const std::vector<std::string> listed = Listed("ba-thuoc-lung-cao");
  ASSERT_EQ(listed.size(), 7u);
  EXPECT_EQ(listed[2], "Lũng Cao");
  EXPECT_FALSE(listed[3].empty());  // the kind's code
  EXPECT_EQ(listed[4], "ba-thuoc");
  EXPECT_EQ(listed[5].size(), 10u);  // dd/mm/yyyy
  auto kinds = formats::ReadXlsxSheet(*bytes, "Loại đơn vị", false, issues);
  ASSERT_TRUE(kinds);
  EXPECT_EQ(kinds->Text(3, 1), "Mã loại đơn vị");  // title, blank, header
  EXPECT_FALSE(kinds->Text(4, 1).empty());
}

// The template filled as an office fills it: a new district under Thanh Hóa and a commune under
// it, the commune's row first; one founding date typed as text, one as an Excel date.
TEST_F(UnitsImportTest, FilledTemplateCreatesTheUnitsAndTheyComeBackTheSame) {
  const std::vector<std::string> district = {Listed("ba-thuoc")[3], "Huyện ủy Mường Lát Mới"};
  auto bytes = WriteUnitsTemplate(*service_, nullptr, true);
  ASSERT_TRUE(bytes);
  const std::string commune_kind = Listed("ba-thuoc-lung-cao")[3];
  const std::string filled = EditPart(*bytes, kFirstSheet, [&](std::string xml) {
    xml = PutRow(std::move(xml), 5,
                 TextRow(5, {"muong-lat-moi-xa-a", "Đảng bộ xã A", "Xã A", commune_kind,
                             "muong-lat-moi", "02/01/2026", ""}));
    return PutRow(std::move(xml), 6,
                  "<row r=\"6\">" + Str("A6", "muong-lat-moi") + Str("B6", district[1]) +
                      Str("C6", "Mường Lát Mới") + Str("D6", district[0]) + Str("E6", "thanh-hoa") +
                      Num("F6", "46023") + "</row>");  // 46023: 01/01/2026
  });
  const int64_t units_before = Rows(*database_, "units");
  std::vector<formats::ImportIssue> issues;
  auto created = Import(filled, issues);
  ASSERT_TRUE(created) << created.error().message;
  ASSERT_EQ(created->size(), 2u);
  EXPECT_EQ(created->front().code, "muong-lat-moi");  // parents first
  EXPECT_EQ(Rows(*database_, "units"), units_before + 2);
  EXPECT_EQ(Listed("muong-lat-moi"),
            (std::vector<std::string>{"muong-lat-moi", district[1], "Mường Lát Mới", district[0],
                                      "thanh-hoa", "01/01/2026", ""}));
  EXPECT_EQ(Listed("muong-lat-moi-xa-a"),
            (std::vector<std::string>{"muong-lat-moi-xa-a", "Đảng bộ xã A", "Xã A", commune_kind,
                                      "muong-lat-moi", "02/01/2026", ""}));
  auto parent = engine_->Parent(created->back().id, *Date::Parse("2026-06-01"));
  ASSERT_TRUE(parent && *parent);
  EXPECT_EQ(**parent, created->front().id);
}

TEST_F(UnitsImportTest, BadCellsAreRefusedPreciselyAndChangeNothing) {
  const std::string kind = Listed("ba-thuoc-lung-cao")[3];
  auto row = [&](int r, std::string_view code, std::string_view kind_code, std::string_view parent,
                 std::string_view from) {
    return TextRow(r, {code, "Đơn vị mới", "", kind_code, parent, from, ""});
  };
  const std::string good = row(5, "don-vi-moi", kind, "ba-thuoc", "01/01/2020");
  std::string bomb(80u << 20, ' ');
  const std::vector<BadFile> cases = {
      {"unknown kind", Units(good + row(6, "don-vi-moi-2", "khong-co", "ba-thuoc", "01/01/2020")),
       "Trang tính 'Đơn vị', dòng 6, cột D: mã loại đơn vị \"khong-co\" không tồn tại"},
      {"unknown parent", Units(good + row(6, "don-vi-moi-2", kind, "khong-co", "01/01/2020")),
       "Trang tính 'Đơn vị', dòng 6, cột E: mã đơn vị cấp trên \"khong-co\" không tồn tại"},
      {"existing code", Units(good + row(6, "ba-thuoc-lung-cao", kind, "ba-thuoc", "01/01/2020")),
       "Trang tính 'Đơn vị', dòng 6, cột A: mã đơn vị \"ba-thuoc-lung-cao\" đã tồn tại"},
      {"code twice", Units(good + row(6, "don-vi-moi", kind, "ba-thuoc", "01/01/2020")),
       "Trang tính 'Đơn vị', dòng 6, cột A: mã đơn vị \"don-vi-moi\" trùng với dòng 5"},
      {"bad code", Units(good + row(6, "Đơn Vị", kind, "ba-thuoc", "01/01/2020")),
       "Trang tính 'Đơn vị', dòng 6, cột A: mã đơn vị \"Đơn Vị\" không hợp lệ"},
      {"bad date", Units(good + row(6, "don-vi-moi-2", kind, "ba-thuoc", "31/02/2020")),
       "Trang tính 'Đơn vị', dòng 6, cột F: ngày thành lập: \"31/02/2020\" không phải là ngày"},
      {"parent closed", Units(good + row(6, "don-vi-moi-2", kind, "ba-thuoc", "01/01/1900")),
       "Trang tính 'Đơn vị', dòng 6, cột E: đơn vị cấp trên \"ba-thuoc\" không hoạt động"},
      {"cycle",
       Units(good + row(6, "vong-a", kind, "vong-b", "01/01/2020") +
             row(7, "vong-b", kind, "vong-a", "01/01/2020")),
       "Trang tính 'Đơn vị', dòng 6, cột E: đơn vị cấp trên \"vong-b\" tạo thành vòng lặp"},
      {"invalid utf-8",
       Units(good + row(6, "don-vi-moi-2", kind, "ba-thuoc", "01/01/2020") + "<row r=\"7\">" +
             Str("B7", "T\xC3\x28n") + "</row>"),
       "Trang tính 'Đơn vị', dòng 7, cột B: ô chứa văn bản không phải UTF-8 hợp lệ"},
      {"formula", Units(good + "<row r=\"6\"><c r=\"B6\"><f>A5&amp;\"x\"</f><v>x</v></c></row>"),
       "Trang tính 'Đơn vị', dòng 6, cột B: ô chứa công thức"},
      {"merged", Units(good, R"(<mergeCells count="1"><mergeCell ref="A5:B5"/></mergeCells>)"),
       "Trang tính 'Đơn vị', dòng 5, cột A: các ô A5:B5 bị gộp"},
      {"external entity",
       Units(good, "", R"(<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>)"),
       "khai báo DOCTYPE/ENTITY"},
      {"zip bomb", Units(good + "<row r=\"9\">" + Str("A9", bomb) + "</row>"), "bom zip"},
      {"wrong header", Workbook(kUnitsSheet, TextRow(4, {"Mã", "Tên"}) + good),
       "Trang tính 'Đơn vị', dòng 4, cột A: tiêu đề cột phải là \"Mã đơn vị\""},
      {"no such sheet", Workbook("Số liệu", Header() + good),
       "sổ tính không có trang tính \"Đơn vị\""},
  };
  const int64_t units = Rows(*database_, "units");
  const int64_t versions = Rows(*database_, "unit_versions");
  ExpectEachRefused(cases, Import, [&](const char* name) {
    EXPECT_EQ(Rows(*database_, "units"), units) << name;
    EXPECT_EQ(Rows(*database_, "unit_versions"), versions) << name;
  });
}

TEST_F(UnitsImportTest, ARefusedParentStopsEverything) {
  const std::string file =
      Units(TextRow(5, {"don-vi-tu-choi", "Đơn vị", "", Listed("ba-thuoc-lung-cao")[3], "ba-thuoc",
                        "01/01/2020"}));
  std::vector<formats::ImportIssue> issues;
  auto sheet = ReadUnitsXlsx(file, issues);
  ASSERT_TRUE(sheet);
  const int64_t units = Rows(*database_, "units");
  auto reply = service_->Mutate(Actor{"test", "", ""}, "", [&](WriteScope& scope) -> Result<Reply> {
    NQ_RETURN_IF_ERROR(ImportUnits(scope, *sheet, issues, [](std::optional<Id>) -> Status {
      return MakeError(ErrorCode::kPermissionDenied, "not yours");
    }));
    return Reply{};
  });
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Rows(*database_, "units"), units);
}

// ---- Evidence

constexpr std::string_view kReview = "ba-thuoc-so-ket-6-thang-2021";

class EvidenceImportTest : public SharedDemoTest<EvidenceImportTest> {
 protected:
  static Id ObligationId(std::string_view code) {
    auto obligation = database_->Read(
        [&](storage::Transaction& tx) { return storage::GetByCode<Obligation>(tx, code); });
    EXPECT_TRUE(obligation);
    return obligation ? obligation->id : 0;
  }
  static std::string Template(std::string_view unit = "ba-thuoc") {
    auto bytes = WriteEvidenceTemplate(*service_, ObligationId(kReview), UnitIdOf(unit), nullptr);
    EXPECT_TRUE(bytes) << bytes.error().message;
    return bytes.value_or("");
  }
  static formats::FilledSheet Read(std::string_view bytes) {
    std::vector<formats::ImportIssue> issues;
    auto sheet = ReadEvidenceXlsx(bytes, issues);
    EXPECT_TRUE(sheet) << (issues.empty() ? "" : issues.front().Text());
    return sheet.value_or(formats::FilledSheet{});
  }
  // The row of `unit` in a template, or 0.
  static int RowOf(const formats::FilledSheet& sheet, std::string_view unit) {
    for (int row : sheet.rows) {
      if (sheet.data.Text(row, 1) == unit) return row;
    }
    return 0;
  }
  static std::vector<std::string> Cells(const formats::FilledSheet& sheet, int row) {
    std::vector<std::string> cells;
    for (int column = 1; column <= 8; ++column) cells.push_back(sheet.data.Text(row, column));
    return cells;
  }
  // The template with the rows of `units` replaced by `cells` (columns A to H).
  static std::string Filled(const std::vector<std::vector<std::string>>& rows) {
    const formats::FilledSheet sheet = Read(Template());
    return EditPart(Template(), kFirstSheet, [&](std::string xml) {
      for (const auto& cells : rows) {
        const int row = RowOf(sheet, cells[0]);
        EXPECT_GT(row, 0) << cells[0];
        xml = PutRow(std::move(xml), row,
                     TextRow(row, {cells[0], cells[1], cells[2], cells[3], cells[4], cells[5],
                                   cells[6], cells[7]}));
      }
      return xml;
    });
  }
  static Result<std::vector<Assignment>> Import(
      std::string_view bytes, std::vector<formats::ImportIssue>& issues,
      const std::function<Status(const Assignment&)>& authorize = nullptr) {
    auto sheet = ReadEvidenceXlsx(bytes, issues);
    if (!sheet) return std::unexpected(sheet.error());
    std::vector<Assignment> written;
    auto reply =
        service_->Mutate(Actor{"test", "", ""}, "", [&](WriteScope& scope) -> Result<Reply> {
          NQ_TRY(written,
                 ImportEvidence(scope, *engine_, service_->Today(), *sheet, issues, authorize));
          return Reply{};
        });
    if (!reply) return std::unexpected(reply.error());
    return written;
  }
  static Assignment Stored(std::string_view unit) {
    auto rows = database_->Read([&](storage::Transaction& tx) {
      return storage::List<Assignment>(tx, {storage::Eq("obligation_id", ObligationId(kReview)),
                                            storage::Eq("unit_id", UnitIdOf(unit))});
    });
    EXPECT_TRUE(rows && rows->size() == 1u) << unit;
    return rows && !rows->empty() ? rows->front() : Assignment{};
  }
  static std::string AuditRows() { return std::to_string(Rows(*database_, "audit")); }
};

TEST_F(EvidenceImportTest, TemplateListsEveryAssignmentOfTheScope) {
  const formats::FilledSheet sheet = Read(Template());
  EXPECT_EQ(sheet.data.Text(2, 2), kReview);
  EXPECT_EQ(sheet.data.Text(3, 2), "ba-thuoc");
  EXPECT_EQ(sheet.rows.size(), 43u);
  const int row = RowOf(sheet, "ba-thuoc-thanh-lam");
  ASSERT_GT(row, 0);
  EXPECT_EQ(sheet.data.Text(row, 3), "15/07/2021");
  EXPECT_EQ(sheet.data.Text(row, 4), "Chưa thực hiện");
  EXPECT_EQ(Read(Template("ba-thuoc-lung-cao")).rows.size(), 1u);
}

TEST_F(EvidenceImportTest, AnUnchangedTemplateWritesNothing) {
  const std::string audit = AuditRows();
  std::vector<formats::ImportIssue> issues;
  auto written = Import(Template(), issues);
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_TRUE(written->empty());
  EXPECT_EQ(AuditRows(), audit);
}

TEST_F(EvidenceImportTest, FilledRowsAreStoredAndComeBackTheSame) {
  const std::vector<std::vector<std::string>> rows = {
      {"ba-thuoc-thanh-lam", "", "", "Hoàn thành", "20/07/2021", "15-BC/ĐU", "19/07/2021",
       "Gửi bản giấy ngày 20/7"},
      {"ba-thuoc-thiet-ke", "", "", "", "", "", "", "Đã thu 3/5 biểu mẫu"}};
  const int64_t versions_before = Stored("ba-thuoc-dien-ha").version;
  std::vector<formats::ImportIssue> issues;
  auto written = Import(Filled(rows), issues);
  ASSERT_TRUE(written) << written.error().message << " " << issues.size();
  EXPECT_EQ(written->size(), 2u);
  const Assignment done = Stored("ba-thuoc-thanh-lam");
  EXPECT_EQ(done.status, AssignmentStatus::kDone);
  EXPECT_EQ(done.completed_on, Date::Parse("2021-07-20").value());
  EXPECT_EQ(done.evidence.document_number, "15-BC/ĐU");
  EXPECT_EQ(done.evidence.document_date, Date::Parse("2021-07-19").value());
  EXPECT_EQ(Stored("ba-thuoc-thiet-ke").status, AssignmentStatus::kInProgress);
  EXPECT_EQ(Stored("ba-thuoc-dien-ha").version, versions_before);
  // The template now shows what was filled.
  const formats::FilledSheet again = Read(Template());
  EXPECT_EQ(Cells(again, RowOf(again, "ba-thuoc-thanh-lam")),
            (std::vector<std::string>{
                "ba-thuoc-thanh-lam",
                Read(Template()).data.Text(RowOf(again, "ba-thuoc-thanh-lam"), 2), "15/07/2021",
                "Hoàn thành", "20/07/2021", "15-BC/ĐU", "19/07/2021", "Gửi bản giấy ngày 20/7"}));
  EXPECT_EQ(Cells(again, RowOf(again, "ba-thuoc-thiet-ke"))[3], "Đang thực hiện");
  EXPECT_EQ(Cells(again, RowOf(again, "ba-thuoc-thiet-ke"))[7], "Đã thu 3/5 biểu mẫu");
  // The roll-up counts it at once: 35 done in the demo, 36 now.
  EXPECT_EQ(engine_
                ->RollupObligation(ObligationId(kReview), UnitIdOf("ba-thuoc"),
                                   *Date::Parse("2021-12-31"))
                ->total.done,
            36);
}

TEST_F(EvidenceImportTest, ARowTheUserMayNotEnterStopsEverything) {
  const std::string file = Filled({{"ba-thuoc-van-nho", "", "", "", "", "", "", "Ghi chú mới"},
                                   {"ba-thuoc-buu-dien", "", "", "", "", "", "", "Ghi chú mới"}});
  const Id allowed = UnitIdOf("ba-thuoc-van-nho");
  const std::string audit = AuditRows();
  std::vector<formats::ImportIssue> issues;
  auto written = Import(file, issues, [&](const Assignment& assignment) -> Status {
    if (assignment.unit_id == allowed) return Ok();
    return MakeError(ErrorCode::kPermissionDenied, "unit {} is not yours", assignment.unit_id);
  });
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(Stored("ba-thuoc-van-nho").evidence.note, "Ghi chú mới");
  EXPECT_EQ(AuditRows(), audit);
}

TEST_F(EvidenceImportTest, BadCellsAreRefusedPreciselyAndChangeNothing) {
  const formats::FilledSheet sheet = Read(Template());
  const int row = RowOf(sheet, "ba-thuoc-ban-qlda");
  const std::string at = fmt::format("Trang tính 'Minh chứng', dòng {}, ", row);
  auto with = [&](std::vector<std::string> cells) { return Filled({std::move(cells)}); };
  auto raw = [&](const std::string& row_xml, const std::string& extra = "") {
    return EditPart(Template(), kFirstSheet, [&](std::string xml) {
      xml = PutRow(std::move(xml), row, row_xml);
      if (!extra.empty()) xml.insert(xml.find("</sheetData>") + 12, extra);
      return xml;
    });
  };
  const std::string unit = "ba-thuoc-ban-qlda";
  std::string bomb(80u << 20, ' ');
  const std::vector<BadFile> cases = {
      {"done without evidence", with({unit, "", "", "Hoàn thành", "20/07/2021", "", "", ""}),
       at + "cột F: đơn vị đã hoàn thành cần có minh chứng"},
      {"done without date", with({unit, "", "", "Hoàn thành", "", "12-BC", "", ""}),
       at + "cột E: đơn vị đã hoàn thành cần có ngày hoàn thành"},
      {"bad status", with({unit, "", "", "Xong rồi", "", "", "", ""}),
       at + "cột D: tình trạng \"Xong rồi\" không hợp lệ"},
      {"bad date", with({unit, "", "", "Hoàn thành", "32/07/2021", "12-BC", "", ""}),
       at + "cột E: ngày hoàn thành: \"32/07/2021\" không phải là ngày hợp lệ"},
      {"future date", with({unit, "", "", "Hoàn thành", "01/01/2027", "12-BC", "", ""}),
       at + "cột E: ngày hoàn thành 01/01/2027 là ngày trong tương lai"},
      {"date without done", with({unit, "", "", "Đang thực hiện", "20/07/2021", "12-BC", "", ""}),
       at + "cột D: có ngày hoàn thành nhưng tình trạng là \"Đang thực hiện\""},
      {"unit out of scope",  // a unit of the tree the obligation is not assigned to here
       EditPart(Template(), kFirstSheet,
                [&](std::string xml) {
                  return PutRow(std::move(xml), row,
                                TextRow(row, {"thanh-son", "", "", "", "", "", "", "x"}));
                }),
       at + "cột A: đơn vị \"thanh-son\" không có nhiệm vụ"},
      {"formula",
       raw(fmt::format("<row r=\"{0}\">{1}<c r=\"H{0}\"><f>1+1</f><v>2</v></c></row>", row,
                       Str(fmt::format("A{}", row), unit))),
       at + "cột H: ô chứa công thức \"=1+1\""},
      {"invalid utf-8",
       raw(fmt::format("<row r=\"{0}\">{1}{2}</row>", row, Str(fmt::format("A{}", row), unit),
                       Str(fmt::format("H{}", row), "Ghi ch\xFA"))),
       at + "cột H: ô chứa văn bản không phải UTF-8 hợp lệ"},
      {"merged",
       raw(TextRow(row, {unit}),
           fmt::format(R"(<mergeCells count="1"><mergeCell ref="F{0}:H{0}"/></mergeCells>)", row)),
       at + "cột F: các ô"},
      {"zip bomb",
       raw(fmt::format("<row r=\"{0}\">{1}</row>", row, Str(fmt::format("H{}", row), bomb))),
       "bom zip"},
      {"external entity",
       EditPart(Template(), kFirstSheet,
                [](std::string xml) {
                  return xml.insert(xml.find("?>") + 2,
                                    R"(<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>)");
                }),
       "khai báo DOCTYPE/ENTITY"},
      {"unknown obligation",
       EditPart(Template(), kFirstSheet,
                [](std::string xml) {
                  return PutRow(std::move(xml), 2, TextRow(2, {"Mã nhiệm vụ", "khong-co"}));
                }),
       "Trang tính 'Minh chứng', dòng 2, cột B: mã nhiệm vụ \"khong-co\" không tồn tại"},
  };
  const std::string audit = AuditRows();
  const Assignment before = Stored(unit);
  ExpectEachRefused(
      cases,
      [](std::string_view bytes, std::vector<formats::ImportIssue>& issues) {
        return Import(bytes, issues);
      },
      [&](const char* name) {
        EXPECT_EQ(AuditRows(), audit) << name;
        EXPECT_EQ(Stored(unit).version, before.version) << name;
      });
}

}  // namespace
}  // namespace nq::app
