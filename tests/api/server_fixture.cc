#include "api/server_fixture.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <mutex>

#include "app/check.h"
#include "app/engine_loader.h"
#include "app/setup.h"
#include "demo/demo.h"
#include "storage/postgres_database.h"

namespace nq::testing {

namespace {

// With NQ_API_RECORD=<folder>, every answer of a route is appended to <folder>/<pid>.jsonl as
// {"method", "pattern", "status", "type", "body"} (body parsed when it is JSON), for the contract
// test (web/scripts/api-contract.mjs) that checks each against the OpenAPI document.
void Record(const api::Router& router, const http::HttpRequest& request,
            const http::HttpResponse& response) {
  static const char* folder = std::getenv("NQ_API_RECORD");
  if (!folder || !*folder) return;
  const api::Router::Match match = router.Find(request.method, request.path);
  if (!match.route) return;
  json::object line{{"method", match.route->method},
                    {"pattern", match.route->pattern},
                    {"status", response.status},
                    {"type", response.content_type}};
  if (response.content_type.find("json") != std::string::npos) {
    boost::system::error_code ec;
    json::value body = json::parse(response.Body(), ec);
    line["body"] = ec ? json::value(response.Body()) : std::move(body);
    if (ec) line["unparsed"] = true;
  }
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::filesystem::create_directories(folder);
  std::ofstream out(std::filesystem::path(folder) / fmt::format("{}.jsonl", ::getpid()),
                    std::ios::app);
  out << json::serialize(line) << "\n";
}

}  // namespace

void ServerFixture::SetUp() {
  // Outside a test (a suite-wide fixture set up in SetUpTestSuite) there is no test name.
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  dir_ = std::filesystem::temp_directory_path() /
         fmt::format("nq-api-{}-{}", ::getpid(), test ? test->name() : "suite");
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  // NQ_API_STORE=postgres runs the same suite on a fresh PostgreSQL database (NQ_TEST_PG).
  const char* store = std::getenv("NQ_API_STORE");
  if (store && std::string_view(store) == "postgres") {
    ASSERT_TRUE(storage::ScratchPostgres::ServerUri()) << "NQ_API_STORE=postgres needs NQ_TEST_PG";
    auto scratch = storage::ScratchPostgres::Create();
    ASSERT_TRUE(scratch) << scratch.error().message;
    scratch_ = std::move(*scratch);
    auto database = storage::PostgresDatabase::Open(scratch_->uri());
    ASSERT_TRUE(database) << database.error().message;
    database_ = std::move(*database);
  } else {
    auto database = storage::SqliteDatabase::Open((dir_ / "nq.db").string());
    ASSERT_TRUE(database) << database.error().message;
    database_ = std::move(*database);
  }
  auto data = app::ReadEngineData(*database_);
  ASSERT_TRUE(data) << data.error().message;
  engine_ = std::make_unique<engine::Engine>(std::move(*data));
  clock_ = std::make_unique<FakeClock>(1'795'737'600'000);  // 2026-11-27
  service_ = std::make_unique<app::Service>(*database_, *engine_, *clock_);
  auth_ = std::make_unique<app::Authenticator>(*service_);
  if (load_demo_) {
    auto demo = app::LoadDemo(*service_);
    ASSERT_TRUE(demo) << demo.error().message;
  }
  auto admin = app::CreateFirstAdministrator(*service_, *auth_, "admin", kAdminPassword);
  ASSERT_TRUE(admin) << admin.error().message;
  app_ = std::make_unique<api::App>(*service_, *auth_, app_options_);
  http::HttpServer::Options options;
  options.max_body_bytes = 1 << 20;
  options.threads = 2;
  // As `nqtrack serve` does: kept answers are given at once from the connection's thread.
  options.at_once = [this](const http::HttpRequest& request) {
    std::optional<http::HttpResponse> response = app_->HandleAtOnce(request);
    if (response) {
      ++answered_at_once_;
      Record(app_->router(), request, *response);
    }
    return response;
  };
  auto server = http::HttpServer::Start(options, [this](const http::HttpRequest& request) {
    http::HttpResponse response = app_->Handle(request);
    Record(app_->router(), request, response);
    return response;
  });
  ASSERT_TRUE(server) << server.error().message;
  server_ = std::move(*server);
  port_ = server_->port();
  std::tie(cookie_, csrf_) = SignIn("admin", kAdminPassword);
}

Headers ServerFixture::UserWith(const std::string& login, const std::string& role, int64_t unit) {
  const std::string password = "user-password-2021";
  int64_t id = Create("/api/v1/users",
                      json::object{{"login", login}, {"name", login}, {"password", password}});
  Create(fmt::format("/api/v1/users/{}/grants", id),
         json::object{{"role", role}, {"unit_id", unit}});
  auto [cookie, csrf] = SignIn(login, password);
  return Headers{{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
}

std::pair<std::string, std::string> ServerFixture::SignIn(const std::string& login,
                                                          const std::string& password) {
  ClientResponse response =
      Request(port_, "POST", "/api/v1/session",
              json::serialize(json::object{{"login", login}, {"password", password}}));
  EXPECT_EQ(response.status, 200) << response.body;
  std::string cookie = response.Header("set-cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  boost::system::error_code ec;
  json::value body = json::parse(response.body, ec);
  if (ec || !body.is_object()) return {cookie, ""};
  return {cookie, std::string(body.at("csrf_token").as_string())};
}

Headers ServerFixture::SignedIn(Headers headers) const {
  headers.emplace_back("Cookie", cookie_);
  headers.emplace_back("X-CSRF-Token", csrf_);
  return headers;
}

void ServerFixture::TearDown() {
  if (server_) server_->Stop();
  // The store each test leaves passes the integrity check: the engine's figures equal a plain
  // recomputation from the stored rows (what `nqtrack check` runs), on SQLite and PostgreSQL.
  if (service_ && check_store_on_teardown_) {
    auto report = app::CheckConsistency(*service_);
    EXPECT_TRUE(report) << report.error().message;
    if (report) {
      for (const std::string& problem : report->problems) ADD_FAILURE() << "check: " << problem;
    }
  }
  server_.reset();
  app_.reset();
  auth_.reset();
  service_.reset();
  engine_.reset();
  database_.reset();
  scratch_.reset();
  std::filesystem::remove_all(dir_);
}

json::value ServerFixture::Json(const ClientResponse& response) {
  boost::system::error_code ec;
  json::value value = json::parse(response.body, ec);
  EXPECT_FALSE(ec) << "not JSON: " << response.body.substr(0, 300);
  return value;
}

int64_t ServerFixture::Create(const std::string& target, const json::value& body) {
  ClientResponse response = Post(target, body);
  EXPECT_EQ(response.status, 201) << target << " " << response.body;
  json::value value = Json(response);
  if (!value.is_object() || !value.as_object().contains("id")) return 0;
  return value.at("id").as_int64();
}

std::map<std::string, int64_t> ServerFixture::RowCounts() {
  std::map<std::string, int64_t> counts;
  auto done = database_->Read([&](storage::Transaction& tx) -> Status {
    std::string_view list =
        database_->dialect() == "sqlite"
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
              "ORDER BY name"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = "
              "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";
    NQ_TRY(auto tables, tx.Query(list));
    for (const auto& row : tables) {
      NQ_TRY(auto count, tx.Query(fmt::format("SELECT COUNT(*) FROM \"{}\"", row.Text(0))));
      counts[row.Text(0)] = count.at(0).Int(0);
    }
    return Ok();
  });
  EXPECT_TRUE(done) << done.error().message;
  return counts;
}

int64_t ServerFixture::AddUnit(const std::string& code, const std::string& name, int64_t kind_id,
                               int64_t parent) {
  json::object body{
      {"code", code}, {"name", name}, {"kind_id", kind_id}, {"valid_from", "2015-01-01"}};
  if (parent) body["parent_id"] = parent;
  return Create("/api/v1/units", body);
}

void ServerFixture::BuildTree() {
  auto kind = [&](const char* code, const char* name, int level) {
    return Create("/api/v1/unit-kinds",
                  json::object{{"code", code}, {"name", name}, {"level", level}});
  };
  kind_nation_ = 1;  // made with the first administrator, as is the root "viet-nam"
  kind_province_ = kind("tinh", "Đảng bộ tỉnh", 1);
  kind_district_ = kind("huyen", "Đảng bộ huyện", 2);
  kind_commune_ = kind("xa", "Đảng bộ xã, thị trấn", 3);
  kind_agency_ = kind("cq", "Cơ quan, doanh nghiệp", 3);
  auto unit = [&](const char* code, const char* name, int64_t kind_id, int64_t parent) {
    return AddUnit(code, name, kind_id, parent);
  };
  nation_ = 1;
  province_ = unit("thanh-hoa", "Thanh Hóa", kind_province_, nation_);
  other_province_ = unit("phu-tho", "Phú Thọ", kind_province_, nation_);
  district_ = unit("ba-thuoc", "Bá Thước", kind_district_, province_);
  commune_a_ = unit("lung-cao", "Lũng Cao", kind_commune_, district_);
  commune_b_ = unit("co-lung", "Cổ Lũng", kind_commune_, district_);
  agency_c_ = unit("cong-an", "Công an huyện", kind_agency_, district_);
  population_ = Create("/api/v1/indicators", json::object{{"code", "dan-so"},
                                                          {"name", "Dân số"},
                                                          {"value_type", "number"},
                                                          {"unit_aggregation", "sum"},
                                                          {"time_aggregation", "last"},
                                                          {"period_type", "year"}});
}

}  // namespace nq::testing
