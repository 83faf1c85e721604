#include "authz/world.h"

#include <chrono>
#include <thread>

#include "app/exchange/evidence_import.h"
#include "formats/xlsx_test_support.h"

namespace nq::testing::authz {
namespace {

using json::array;
using json::object;

size_t Index(Position position) { return static_cast<size_t>(position); }

}  // namespace

void World::Build() {
  SetUp();
  if (::testing::Test::HasFatalFailure() || !server_) return;
  BuildUnits();
  for (const Unit& unit : units_) {
    if (unit.position != Position::kNone) BuildPlace(unit);
  }
  std::map<std::string, std::string>& none = places_[Index(Position::kNone)];
  for (const auto& [name, value] : places_[Index(Position::kOwn)]) {
    none[name] = std::to_string(kMissingId);
  }
  for (Position position : kPositions) {
    int64_t own = position == Position::kNone ? kMissingId : district_;
    places_[Index(position)]["own_unit"] = std::to_string(own);
  }
  BuildDeadlines();
  BuildUsers();
  ok_ = !::testing::Test::HasFailure();
}

// The tree: Việt Nam → Thanh Hóa (P) → Bá Thước (D) → Lũng Cao (C) → chi bộ Bản Na (G), with
// Quan Hóa (S) next to D, and Phú Thọ (P2) → Thanh Sơn (D2) beside it all.
void World::BuildUnits() {
  auto kind = [&](const char* code, const char* name, int level) {
    return Create("/api/v1/unit-kinds", object{{"code", code}, {"name", name}, {"level", level}});
  };
  int64_t province = kind("tinh", "Đảng bộ tỉnh", 1);
  int64_t district = kind("huyen", "Đảng bộ huyện", 2);
  int64_t commune = kind("xa", "Đảng bộ xã", 3);
  int64_t grassroots = kind("chi-bo", "Chi bộ", 4);
  auto unit = [&](Position position, const char* code, const char* name, int64_t kind_id,
                  int64_t parent) {
    int64_t id = Create("/api/v1/units", object{{"code", code},
                                                {"name", name},
                                                {"kind_id", kind_id},
                                                {"valid_from", "2015-01-01"},
                                                {"parent_id", parent}});
    units_[Index(position)] = Unit{position, code, id, parent, kind_id};
    return id;
  };
  const int64_t nation = 1;  // made with the first administrator
  int64_t p = unit(Position::kParent, "thanh-hoa", "Tỉnh ủy Thanh Hóa", province, nation);
  int64_t p2 = Create("/api/v1/units", object{{"code", "phu-tho"},
                                              {"name", "Tỉnh ủy Phú Thọ"},
                                              {"kind_id", province},
                                              {"valid_from", "2015-01-01"},
                                              {"parent_id", nation}});
  int64_t d = unit(Position::kOwn, "ba-thuoc", "Huyện ủy Bá Thước", district, p);
  unit(Position::kSibling, "quan-hoa", "Huyện ủy Quan Hóa", district, p);
  unit(Position::kOther, "thanh-son", "Huyện ủy Thanh Sơn", district, p2);
  int64_t c = unit(Position::kChild, "lung-cao", "Đảng ủy xã Lũng Cao", commune, d);
  unit(Position::kGrandchild, "ban-na", "Chi bộ bản Na", grassroots, c);
  units_[Index(Position::kNone)] =
      Unit{Position::kNone, std::to_string(kMissingId), kMissingId, kMissingId, kMissingId};
  district_ = d;
  population_ = Create("/api/v1/indicators", object{{"code", "dan-so"},
                                                    {"name", "Dân số"},
                                                    {"value_type", "number"},
                                                    {"unit_aggregation", "sum"},
                                                    {"time_aggregation", "last"},
                                                    {"period_type", "year"}});
  term_ = Create("/api/v1/terms", object{{"name", "Nhiệm kỳ 2020–2025"}, {"period", "2020T5"}});
  // The nation's resolution, whose targets every unit below may declare not applicable to it,
  // and the regimes of the two units above positions without one of their own.
  nation_resolution_ = Create("/api/v1/documents", object{{"code", "nq-trung-uong"},
                                                          {"kind", "resolution"},
                                                          {"title", "Nghị quyết Trung ương"},
                                                          {"issuer_unit_id", nation},
                                                          {"period_from", "2020"},
                                                          {"period_to", "2025"}});
  regime_of_[nation] = NewRegime(nation);
  regime_of_[p2] = NewRegime(p2);
  field_ = Create("/api/v1/fields", object{{"code", "kinh-te"}, {"name", "Kinh tế"}});
}

// One of every entity a route can target, owned by `unit`.
void World::BuildPlace(const Unit& unit) {
  std::map<std::string, std::string>& place = places_[Index(unit.position)];
  auto set = [&](const char* name, int64_t id) { place[name] = std::to_string(id); };
  std::string code = std::to_string(unit.id);
  set("unit", unit.id);
  place["unit_code"] = unit.code;
  set("parent_unit", unit.parent);
  set("kind", unit.kind);
  set("term", term_);
  set("field", field_);
  set("indicator", population_);
  int64_t person =
      Create("/api/v1/people",
             object{{"name", "Cán bộ " + code}, {"position", "Bí thư"}, {"unit_id", unit.id}});
  set("person", person);
  set("responsibility",
      Create("/api/v1/responsibilities",
             object{{"person_id", person}, {"term_code", "2020T5"}, {"unit_id", unit.id}}));
  auto document = [&](const std::string& prefix, const char* kind) {
    return Create("/api/v1/documents", object{{"code", prefix + code},
                                              {"kind", kind},
                                              {"title", "Văn bản " + prefix + code},
                                              {"issuer_unit_id", unit.id},
                                              {"period_from", "2020"},
                                              {"period_to", "2025"}});
  };
  int64_t resolution = document("nq-", "resolution");
  int64_t item = Create("/api/v1/items", object{{"document_id", resolution},
                                                {"kind", "target"},
                                                {"code", "CT1"},
                                                {"title", "Dân số"},
                                                {"measure", object{{"indicator_id", population_},
                                                                   {"baseline", 100},
                                                                   {"baseline_period", "2020"},
                                                                   {"goal", 200},
                                                                   {"deadline", "2025"}}}});
  int64_t plan = document("kh-", "plan");
  int64_t task = Create("/api/v1/items",
                        object{{"document_id", plan}, {"kind", "task"}, {"title", "Triển khai"}});
  set("document", resolution);
  set("item", item);
  set("plan", plan);
  set("task", task);
  set("link",
      Create("/api/v1/links",
             object{{"from_item_id", task}, {"to_item_id", item}, {"kind", "contributes"}}));
  ClientResponse obligation = Post("/api/v1/obligations", object{{"code", "ob-" + code},
                                                                 {"title", "Quán triệt"},
                                                                 {"issuer_unit_id", unit.id},
                                                                 {"issued_on", "2021-01-10"},
                                                                 {"due_on", "2021-03-31"},
                                                                 {"unit_ids", array{unit.id}}});
  EXPECT_EQ(obligation.status, 201) << obligation.body;
  if (obligation.status == 201) {
    json::value created = Json(obligation);
    set("obligation", created.at("id").as_int64());
    set("assignment", created.at("assignments").at(0).at("id").as_int64());
    ClientResponse reminded =
        Post(fmt::format("/api/v1/obligations/{}/reminders", created.at("id").as_int64()),
             object{{"unit_ids", array{unit.id}}});
    EXPECT_EQ(reminded.status, 201) << reminded.body;
    if (reminded.status == 201) {
      set("notice", Json(reminded).at("notices").at(0).at("id").as_int64());
    }
  }
  int64_t report = Create("/api/v1/reports", object{{"unit_id", unit.id}, {"period", "2021"}});
  set("report", report);
  set("recommendation", Create("/api/v1/recommendations", object{{"from_unit_id", unit.id},
                                                                 {"to_unit_id", unit.parent},
                                                                 {"title", "Kiến nghị " + code}}));
  Create("/api/v1/comments",
         object{{"entity", "report"}, {"entity_id", report}, {"body", "Ý kiến " + code}});
  ClientResponse value =
      Post("/api/v1/values", object{{"values", array{object{{"indicator_id", population_},
                                                            {"unit_id", unit.id},
                                                            {"period", "2021"},
                                                            {"value", 1000}}}}});
  EXPECT_EQ(value.status, 200) << value.body;
  set("declaration", Create("/api/v1/declarations", object{{"item_id", NewNationTarget()},
                                                           {"unit_id", unit.id},
                                                           {"reason", "Không có trên địa bàn"}}));
  regime_of_[unit.id] = NewRegime(unit.id);
  set("regime", regime_of_[unit.id]);
  int64_t subject = CreateUser("subject." + code);
  set("subject", subject);
  Create(fmt::format("/api/v1/users/{}/grants", subject),
         object{{"role", "viewer"}, {"unit_id", unit.id}});
}

int64_t World::NewNationTarget() {
  return Create("/api/v1/items", object{{"document_id", nation_resolution_},
                                        {"kind", "target"},
                                        {"code", fmt::format("TU{}", ++targets_made_)},
                                        {"title", "Chỉ tiêu toàn quốc"}});
}

int64_t World::NewRegime(int64_t issuer) {
  return Create("/api/v1/regimes", object{{"code", fmt::format("bc-{}", ++regimes_made_)},
                                          {"name", "Báo cáo sơ kết 6 tháng"},
                                          {"issuer_unit_id", issuer},
                                          {"period_type", "half"},
                                          {"due_days", 15}});
}

int64_t World::NewExtension(int64_t regime, int64_t unit, const std::string& period) {
  return Create("/api/v1/extensions", object{{"regime_id", regime},
                                             {"unit_id", unit},
                                             {"period", period},
                                             {"due_on", "2021-08-15"},
                                             {"reason", "Thiên tai"}});
}

// The extension of each position's unit: under the regime of the unit above it, whose
// manager grants it.
void World::BuildDeadlines() {
  places_[Index(Position::kNone)]["extension"] = std::to_string(kMissingId);
  for (const Unit& unit : units_) {
    if (unit.position == Position::kNone) continue;
    places_[Index(unit.position)]["extension"] =
        std::to_string(NewExtension(regime_of_.at(unit.parent), unit.id, "2021S1"));
  }
}

int64_t World::CreateUser(const std::string& login) {
  return Create("/api/v1/users",
                object{{"login", login}, {"name", "Người dùng " + login}, {"password", kPassword}});
}

// A user per role, each but nobody granted over D and its subtree, each signed in once.
void World::BuildUsers() {
  for (Role role : kRoles) {
    if (role == Role::kAnonymous) continue;
    int64_t user = CreateUser(LoginOf(role));
    if (role != Role::kNobody) {
      Create(fmt::format("/api/v1/users/{}/grants", user),
             object{{"role", RoleName(role)}, {"unit_id", district_}, {"subtree", true}});
    }
    sessions_[static_cast<size_t>(role)] = NewSession(role);
  }
}

std::string World::LoginOf(Role role) const { return fmt::format("authz.{}", RoleName(role)); }

Headers World::NewSession(Role role) {
  if (role == Role::kAnonymous) return {};
  auto [cookie, csrf] = SignIn(LoginOf(role), kPassword);
  return Headers{{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
}

int64_t World::Place(Position position, const std::string& name) const {
  const auto& place = Placeholders(position);
  auto it = place.find(name);
  return it == place.end() ? kMissingId : std::stoll(it->second);
}

std::string World::NextMonth() {
  int index = month_counter_++;
  return fmt::format("{:04d}{:02d}", 2050 + index / 12, index % 12 + 1);
}

// A job of `session`'s user: an import of a values file with no rows, which ends at once.
int64_t World::StartJob(const Headers& session) {
  Headers headers = session;
  headers.emplace_back("Content-Type", "text/csv");
  ClientResponse response = Request(port_, "POST", "/api/v1/imports/values.csv?async=true",
                                    "indicator_code,unit_code,period,value,comment\n", headers);
  EXPECT_EQ(response.status, 202) << response.body;
  if (response.status != 202) return kMissingId;
  WaitForJob(response.Header("location"), session);
  return Json(response).at("id").as_int64();
}

int64_t World::StartExportJob(const Headers& session) {
  ClientResponse response =
      Request(port_, "POST",
              fmt::format("/api/v1/exports/values.csv?unit_id={}&from=2021&to=2021", district_), "",
              session);
  EXPECT_EQ(response.status, 202) << response.body;
  if (response.status != 202) return kMissingId;
  json::value job = WaitForJob(response.Header("location"), session);
  EXPECT_TRUE(job.is_object() && job.at("state") == "done") << json::serialize(job);
  return Json(response).at("id").as_int64();
}

json::value World::WaitForJob(const std::string& location, const Headers& session) {
  for (int poll = 0; poll < 4000; ++poll) {
    ClientResponse response = Request(port_, "GET", location, "", session);
    if (response.status != 200) return nullptr;
    json::value job = Json(response);
    std::string_view state = job.at("state").as_string();
    if (state != "queued" && state != "running") return job;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ADD_FAILURE() << "job " << location << " did not end";
  return nullptr;
}

int64_t World::MakeFresh(const std::string& kind, Position position, Role role) {
  if (position == Position::kNone) return kMissingId;
  if (kind == "job") {
    return StartJob(role == Role::kAnonymous ? SignedIn({}) : SessionOf(role));
  }
  if (kind == "job:admin") return StartJob(SignedIn({}));
  if (kind == "export") {
    const bool can_export = role != Role::kAnonymous && role != Role::kNobody;
    return StartExportJob(can_export ? SessionOf(role) : SignedIn({}));
  }
  if (kind == "export:admin") return StartExportJob(SignedIn({}));
  int64_t unit = Place(position, "unit");
  auto transition = [&](int64_t report, const char* action) {
    ClientResponse response = Post(fmt::format("/api/v1/reports/{}/transitions", report),
                                   object{{"action", action}, {"comment", "chuẩn bị"}});
    EXPECT_EQ(response.status, 200) << response.body;
  };
  if (kind == "item") {
    return Create(
        "/api/v1/items",
        object{{"document_id", Place(position, "plan")}, {"kind", "task"}, {"title", "Việc mới"}});
  }
  if (kind == "link") {
    return Create("/api/v1/links", object{{"from_item_id", MakeFresh("item", position, role)},
                                          {"to_item_id", Place(position, "item")},
                                          {"kind", "supports"}});
  }
  if (kind == "responsibility") {
    return Create("/api/v1/responsibilities", object{{"person_id", Place(position, "person")},
                                                     {"term_code", "2020T5"},
                                                     {"field_code", "kinh-te"},
                                                     {"unit_id", unit}});
  }
  if (kind.starts_with("report")) {
    int64_t report = Create("/api/v1/reports", object{{"unit_id", unit}, {"period", NextMonth()}});
    if (kind != "report") transition(report, "submit");
    if (kind == "report:accepted") transition(report, "accept");
    return report;
  }
  if (kind.starts_with("recommendation")) {
    int64_t recommendation =
        Create("/api/v1/recommendations", object{{"from_unit_id", unit},
                                                 {"to_unit_id", Place(position, "parent_unit")},
                                                 {"title", "Kiến nghị mới"}});
    if (kind == "recommendation:answered") {
      ClientResponse response =
          Post(fmt::format("/api/v1/recommendations/{}/answer", recommendation),
               object{{"answer", "Đã tiếp thu"}});
      EXPECT_EQ(response.status, 200) << response.body;
    }
    return recommendation;
  }
  if (kind == "declaration") {
    return Create("/api/v1/declarations", object{{"item_id", NewNationTarget()},
                                                 {"unit_id", unit},
                                                 {"reason", "Không có trên địa bàn"}});
  }
  if (kind == "regime") return NewRegime(unit);
  if (kind == "regime:parent") return NewRegime(Place(position, "parent_unit"));
  if (kind == "target") return NewNationTarget();
  if (kind == "extension") {
    int64_t parent = Place(position, "parent_unit");
    return NewExtension(regime_of_.at(parent), unit,
                        fmt::format("{}S1", 2030 + ++extensions_made_));
  }
  if (kind == "grant") {
    int64_t subject = Place(position, "subject");
    ClientResponse response = Post(fmt::format("/api/v1/users/{}/grants", subject),
                                   object{{"role", "viewer"}, {"unit_id", unit}});
    EXPECT_TRUE(response.status == 201 || response.status == 409) << response.body;
    return subject;
  }
  if (kind == "user") {
    static int users_made = 0;
    return Create("/api/v1/users", object{{"login", fmt::format("fresh-{}", ++users_made)},
                                          {"name", "Người dùng mới"},
                                          {"password", "a-long-password-fresh"}});
  }
  ADD_FAILURE() << "matrix: unknown fresh kind \"" << kind << "\"";
  return kMissingId;
}

std::string World::TemplateOf(Position position) {
  if (position == Position::kNone) return "these bytes are no workbook";
  ClientResponse response = Get(
      fmt::format("/api/v1/exports/template.xlsx?unit_id={}&period=2021", Place(position, "unit")));
  EXPECT_EQ(response.status, 200) << response.body.substr(0, 300);
  return response.body;
}

std::string World::UnitsFileOf(Position position, const std::string& uniq) {
  if (position == Position::kNone) return "these bytes are no workbook";
  json::value unit = Json(Get(fmt::format("/api/v1/units/{}", Place(position, "unit"))));
  ClientResponse form = Get("/api/v1/exports/units-template.xlsx");
  EXPECT_EQ(form.status, 200) << form.body.substr(0, 300);
  const std::string from(unit.at("valid_from").as_string());  // 2015-01-01: its founding day
  const std::string row = formats::testing::TextRow(
      5, {"xlsx-" + uniq, "Đơn vị " + uniq, "", std::string(unit.at("kind").at("code").as_string()),
          std::string(unit.at("code").as_string()),
          fmt::format("{}/{}/{}", from.substr(8, 2), from.substr(5, 2), from.substr(0, 4))});
  return formats::testing::EditPart(form.body, "xl/worksheets/sheet1.xml", [&](std::string xml) {
    return formats::testing::PutRow(std::move(xml), 5, row);
  });
}

std::string World::EvidenceFileOf(Position position, const std::string& uniq) {
  if (position == Position::kNone) return "these bytes are no workbook";
  ClientResponse form =
      Get(fmt::format("/api/v1/exports/evidence-template.xlsx?obligation_id={}&unit_id={}",
                      Place(position, "obligation"), Place(position, "unit")));
  EXPECT_EQ(form.status, 200) << form.body.substr(0, 300);
  std::vector<formats::ImportIssue> issues;
  auto sheet = app::ReadEvidenceXlsx(form.body, issues);
  EXPECT_TRUE(sheet);
  if (!sheet) return "";
  const std::string code = Placeholders(position).at("unit_code");
  for (int row : sheet->rows) {
    if (sheet->data.Text(row, 1) != code) continue;
    auto cell = [&](int column) { return sheet->data.Text(row, column); };
    const std::string filled = formats::testing::TextRow(
        row, {cell(1), cell(2), cell(3), cell(4), cell(5), cell(6), cell(7), "Ghi chú " + uniq});
    return formats::testing::EditPart(form.body, "xl/worksheets/sheet1.xml", [&](std::string xml) {
      return formats::testing::PutRow(std::move(xml), row, filled);
    });
  }
  ADD_FAILURE() << "no row for " << code << " in the evidence workbook";
  return "";
}

std::string World::ETagOf(const std::string& target) {
  ClientResponse response = Get(target);
  std::string etag = response.Header("etag");
  return response.status == 200 && !etag.empty() ? etag : "\"1\"";
}

Snapshot World::TakeSnapshot() {
  Snapshot snapshot;
  snapshot.rows = RowCounts();
  snapshot.rows.erase("audit");
  auto last = database_->Read([](storage::Transaction& tx) -> Result<int64_t> {
    NQ_TRY(auto rows, tx.Query("SELECT COALESCE(MAX(id), 0) FROM audit"));
    return rows.at(0).Int(0);
  });
  EXPECT_TRUE(last) << last.error().message;
  snapshot.last_audit_id = last ? *last : 0;
  return snapshot;
}

std::vector<std::string> World::AuditActionsAfter(int64_t last_audit_id) {
  auto actions = database_->Read([&](storage::Transaction& tx) -> Result<std::vector<std::string>> {
    NQ_TRY(auto rows,
           tx.Query("SELECT action FROM audit WHERE id > ? ORDER BY id", {last_audit_id}));
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(row.Text(0));
    return out;
  });
  EXPECT_TRUE(actions) << actions.error().message;
  return actions ? *actions : std::vector<std::string>{};
}

}  // namespace nq::testing::authz
