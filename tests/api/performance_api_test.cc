// How the units did, and the leader's dashboard, over real HTTP on the demo (SQLite, and
// PostgreSQL with NQ_API_STORE=postgres), the clock at 27/11/2026. The expectations are counted
// by hand from the story the demo tells of Bình Đại in 2021 (src/demo/demo_binh_dai.cc):
//  - the dissemination duty: all 24 organisations did it, Thừa Đức and the police after the
//    deadline;
//  - the half-year review under the district's regime, for its 20 communes and the town: most
//    on time, three late (Phú Vang, Thới Lai, Vang Quới Tây), Thừa Đức on time within its
//    extension, Lộc Thuận nothing and Thạnh Phước a draft; nobody sent the second half-year;
//  - the new-rural standard, a target of the district entered by each of its 19 communes (not
//    the town) and expected of every unit at the bottom of the district.
#include <gtest/gtest.h>

#include <map>

#include "api/server_fixture.h"
#include "formats/xlsx_reader.h"
#include "storage/auth_store.h"
#include "storage/store.h"

namespace nq::testing {
namespace {

using json::array;
using json::object;

class PerformanceApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    load_demo_ = true;
    ServerFixture::SetUp();
  }

  // The figures of each row by unit code, and the totals under "".
  static std::map<std::string, json::object> FiguresByUnit(const json::value& view) {
    std::map<std::string, json::object> out;
    for (const json::value& row : view.at("rows").as_array()) {
      out[std::string(row.at("unit").at("code").as_string())] = row.at("figures").as_object();
    }
    out[""] = view.at("totals").as_object();
    return out;
  }

  static int64_t Figure(const json::object& figures, std::string_view name) {
    return figures.at(name).as_int64();
  }

  // The timeliness of each row of `rows` of the unit `code`, keyed by `key` (a member, or the
  // period's code).
  static std::map<std::string, std::string> Timeliness(const json::value& view,
                                                       std::string_view code,
                                                       std::string_view rows) {
    std::map<std::string, std::string> out;
    for (const json::value& row : view.at("rows").as_array()) {
      if (row.at("unit").at("code").as_string() != code) continue;
      for (const json::value& entry : row.at(rows).as_array()) {
        const std::string key = entry.as_object().contains("period")
                                    ? std::string(entry.at("period").at("code").as_string())
                                    : std::string(entry.at("code").as_string());
        out[key] = std::string(entry.at("timeliness").as_string());
      }
    }
    return out;
  }

  // The id of the unit `code`.
  int64_t UnitId(const std::string& code) {
    auto unit = database_->Read(
        [&](storage::Transaction& tx) { return storage::GetByCode<domain::Unit>(tx, code); });
    EXPECT_TRUE(unit) << code;
    return unit ? unit->id : 0;
  }

  // The id of the item `code` of document `document_code`.
  int64_t ItemId(const std::string& document_code, const std::string& code) {
    auto items =
        database_->Read([&](storage::Transaction& tx) -> Result<std::vector<domain::Item>> {
          NQ_TRY(domain::Document document,
                 storage::GetByCode<domain::Document>(tx, document_code));
          return storage::List<domain::Item>(
              tx, {storage::Eq("document_id", document.id), storage::Eq("code", code)});
        });
    EXPECT_TRUE(items && items->size() == 1) << document_code << "/" << code;
    return items && !items->empty() ? items->front().id : 0;
  }

  // A user `login` holding `role` over unit `unit_code`, who is the committee member `person`.
  Headers Leader(const std::string& login, const std::string& unit_code,
                 const std::string& person) {
    auto person_id = database_->Read([&](storage::Transaction& tx) -> Result<int64_t> {
      NQ_TRY(auto people, storage::List<domain::Person>(tx, {storage::Eq("name", person)}));
      if (people.empty()) return MakeError(ErrorCode::kNotFound, "no person {}", person);
      return people.front().id;
    });
    EXPECT_TRUE(person_id) << person_id.error().message;
    Headers who = UserWith(login, "viewer", UnitId(unit_code));
    // Which person a user is has no route yet: the set-up links them in the store.
    auto linked = database_->Write([&](storage::Transaction& tx) -> Status {
      NQ_TRY(auto user, storage::FindUserByLogin(tx, login));
      user->person_id = *person_id;
      NQ_RETURN_IF_ERROR(storage::Update(tx, *user));
      return Ok();
    });
    EXPECT_TRUE(linked) << linked.error().message;
    return who;
  }
};

TEST_F(PerformanceApiTest, BinhDaiIn2021CountsDutiesReportsAndValuesAsTheDemoTellsThem) {
  ClientResponse answer = Get("/api/v1/views/units-performance?unit_id=binh-dai&period=2021");
  ASSERT_EQ(answer.status, 200) << answer.body;
  const json::value view = Json(answer);
  EXPECT_EQ(view.at("tree_on"), "2021-12-31");
  EXPECT_EQ(view.at("judged_on"), "2026-11-27");
  ASSERT_EQ(view.at("rows").as_array().size(), 24u);
  auto figures = FiguresByUnit(view);

  // Totals: 24 duties, 2 late; 20 × 2 half-year reports, 18 sent, 3 of them late; 24 values
  // expected, 19 entered.
  const json::object& totals = figures.at("");
  EXPECT_EQ(Figure(totals, "duties"), 24);
  EXPECT_EQ(Figure(totals, "duties_done"), 24);
  EXPECT_EQ(Figure(totals, "duties_on_time"), 22);
  EXPECT_EQ(Figure(totals, "reports"), 40);
  EXPECT_EQ(Figure(totals, "reports_submitted"), 18);
  EXPECT_EQ(Figure(totals, "reports_on_time"), 15);
  EXPECT_EQ(Figure(totals, "values_expected"), 24);
  EXPECT_EQ(Figure(totals, "values_entered"), 19);

  // Thừa Đức: its duty late, its report on time within the extension.
  EXPECT_EQ(Figure(figures.at("binh-dai-thua-duc"), "duties_on_time"), 0);
  EXPECT_EQ(Figure(figures.at("binh-dai-thua-duc"), "reports_on_time"), 1);
  EXPECT_EQ(Timeliness(view, "binh-dai-thua-duc", "duties"),
            (std::map<std::string, std::string>{{"binh-dai-quan-triet-nq-2021", "late"}}));
  EXPECT_EQ(Timeliness(view, "binh-dai-thua-duc", "reports"),
            (std::map<std::string, std::string>{{"2021S1", "on_time"}, {"2021S2", "overdue"}}));
  // Thạnh Phước's draft and Lộc Thuận's nothing are both overdue; Phú Vang was late.
  EXPECT_EQ(Timeliness(view, "binh-dai-thanh-phuoc", "reports").at("2021S1"), "overdue");
  EXPECT_EQ(Timeliness(view, "binh-dai-loc-thuan", "reports").at("2021S1"), "overdue");
  EXPECT_EQ(Timeliness(view, "binh-dai-phu-vang", "reports").at("2021S1"), "late");
  EXPECT_EQ(Figure(figures.at("binh-dai-phu-vang"), "reports_submitted"), 1);
  // An agency reports under no regime of the district, and enters nothing it is asked for.
  EXPECT_EQ(Figure(figures.at("binh-dai-cong-an"), "reports"), 0);
  EXPECT_EQ(Figure(figures.at("binh-dai-cong-an"), "values_entered"), 0);
  EXPECT_EQ(Figure(figures.at("binh-dai-cong-an"), "values_expected"), 1);
  // The town does not enter the new-rural standard, a commune does.
  EXPECT_EQ(Figure(figures.at("binh-dai-thi-tran-binh-dai"), "values_entered"), 0);
  EXPECT_EQ(Figure(figures.at("binh-dai-tam-hiep"), "values_entered"), 1);

  // The first half-year alone: the same duties (due in March), one report each.
  const json::value half =
      Json(Get("/api/v1/views/units-performance?unit_id=binh-dai&period=2021S1"));
  const json::object& half_totals = half.at("totals").as_object();
  EXPECT_EQ(Figure(half_totals, "duties"), 24);
  EXPECT_EQ(Figure(half_totals, "reports"), 20);
  EXPECT_EQ(Figure(half_totals, "reports_submitted"), 18);
  EXPECT_EQ(Figure(half_totals, "values_expected"), 0);  // the values are yearly
}

TEST_F(PerformanceApiTest, TheTableExportsToAWorkbookWithTheSameFiguresAndBadInputIsNamed) {
  ClientResponse file = Get("/api/v1/views/units-performance.xlsx?unit_id=binh-dai&period=2021");
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_EQ(file.Header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(file.Header("content-disposition").find("ket-qua-don-vi-binh-dai-2021.xlsx"),
            std::string::npos);
  std::vector<formats::ImportIssue> issues;
  auto sheet = formats::ReadXlsxSheet(file.body, "Kết quả các đơn vị", false, issues);
  ASSERT_TRUE(sheet) << sheet.error().message;
  // The last row holds the totals: 24 duties, 24 done, 22 on time, 40 reports, 18, 15, 24, 19.
  const int last = sheet->last_row;
  EXPECT_EQ(sheet->Text(last, 1), "Tổng cộng");
  std::vector<std::string> totals;
  for (int column = 2; column <= 9; ++column) totals.push_back(sheet->Text(last, column));
  EXPECT_EQ(totals, (std::vector<std::string>{"24", "24", "22", "40", "18", "15", "24", "19"}));
  EXPECT_EQ(sheet->Text(last - 25, 1), "Đơn vị");  // the header, a row per unit, the totals

  ClientResponse no_period = Get("/api/v1/views/units-performance?unit_id=binh-dai");
  EXPECT_EQ(no_period.status, 400);
  EXPECT_NE(no_period.body.find("period"), std::string::npos);
  ClientResponse bad_period =
      Get("/api/v1/views/units-performance.xlsx?unit_id=binh-dai&period=2021Q5");
  EXPECT_EQ(bad_period.status, 400);
  EXPECT_NE(bad_period.body.find("2021Q5"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/views/units-performance?unit_id=999999&period=2021").status, 404);
}

TEST_F(PerformanceApiTest, ACommuneSeesNotItsDistrictsTable) {
  Headers thua_duc = UserWith("thua-duc.viewer", "viewer", UnitId("binh-dai-thua-duc"));
  EXPECT_EQ(
      As(thua_duc, "GET", "/api/v1/views/units-performance?unit_id=binh-dai&period=2021").status,
      404);
  EXPECT_EQ(As(thua_duc, "GET", "/api/v1/views/units-performance.xlsx?unit_id=binh-dai&period=2021")
                .status,
            404);
}

TEST_F(PerformanceApiTest, TheLeaderSeesTheDutiesOfTheirFieldAndWhatIsOverdue) {
  // Huỳnh Thị Kim Loan is in charge of the economy (kinh-te) in Bình Đại.
  Headers leader = Leader("binh-dai.leader", "binh-dai", "Huỳnh Thị Kim Loan");
  json::value view = Json(As(leader, "GET", "/api/v1/views/leader"));
  EXPECT_EQ(view.at("person").at("name"), "Huỳnh Thị Kim Loan");
  ASSERT_EQ(view.at("charges").as_array().size(), 1u);
  EXPECT_EQ(view.at("charges").at(0).at("field_code"), "kinh-te");
  EXPECT_EQ(view.at("charges").at(0).at("field_name"), "Kinh tế");
  for (const json::value& target : view.at("targets_at_risk").as_array()) {
    EXPECT_TRUE(target.at("status") == "at_risk" || target.at("status") == "off_track" ||
                target.at("status") == "not_reached")
        << json::serialize(target);
  }
  EXPECT_TRUE(view.at("duties").as_array().empty());  // every duty of 2021 was done

  // A duty for Bình Đại's units serving its economic target CT01, due on 1/12/2026.
  const int64_t item = ItemId("nq-hu-binh-dai-2021", "CT01");
  const int64_t district = UnitId("binh-dai");
  const int64_t obligation =
      Create("/api/v1/obligations", object{{"code", "binh-dai-grdp-2026"},
                                           {"title", "Rà soát các giải pháp tăng trưởng GRDP"},
                                           {"issuer_unit_id", district},
                                           {"item_id", item},
                                           {"issued_on", "2026-11-01"},
                                           {"due_on", "2026-12-01"}});
  view = Json(As(leader, "GET", "/api/v1/views/leader"));
  ASSERT_EQ(view.at("duties").as_array().size(), 1u);
  const json::value& duty = view.at("duties").at(0);
  EXPECT_EQ(duty.at("obligation_id"), obligation);
  EXPECT_EQ(duty.at("field_code"), "kinh-te");
  EXPECT_EQ(duty.at("unfinished").as_array().size(), 24u);  // the district's 24 organisations
  EXPECT_EQ(duty.at("unfinished").at(0).at("timeliness"), "open");
  EXPECT_TRUE(view.at("overdue").as_array().empty());

  // After the due date, every one of them is overdue.
  clock_->Set(int64_t{Date::Parse("2026-12-05")->days()} * 86'400'000);
  auto [cookie, csrf] = SignIn("binh-dai.leader", "user-password-2021");
  leader = Headers{{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  view = Json(As(leader, "GET", "/api/v1/views/leader"));
  EXPECT_EQ(view.at("overdue").as_array().size(), 24u);

  // A user who is no committee member has an empty dashboard.
  std::tie(cookie_, csrf_) = SignIn("admin", kAdminPassword);
  Headers plain = UserWith("binh-dai.plain", "viewer", district);
  view = Json(As(plain, "GET", "/api/v1/views/leader"));
  EXPECT_TRUE(view.at("person").is_null());
  EXPECT_TRUE(view.at("duties").as_array().empty());
}

}  // namespace
}  // namespace nq::testing
