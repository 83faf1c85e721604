// ServerFixture: a real nqtrack server on a loopback port over a real SQLite file (or a fresh
// PostgreSQL database when NQ_API_STORE=postgres), with a settable clock, and helpers to speak
// JSON to it.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <memory>

#include "api/app.h"
#include "app/auth.h"
#include "http/http_server.h"
#include "storage/sqlite_database.h"
#include "storage/testing/pg_scratch.h"
#include "support/http_client.h"

namespace nq::testing {

namespace json = boost::json;

class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Requests as the signed-in administrator (session cookie and CSRF token attached).
  ClientResponse Get(const std::string& target) {
    return Request(port_, "GET", target, "", SignedIn({}));
  }
  ClientResponse Send(const std::string& method, const std::string& target, const std::string& body,
                      const Headers& headers = {}) {
    return Request(port_, method, target, body, SignedIn(headers));
  }
  // The headers of a session: cookie and CSRF token, plus `headers`.
  Headers SignedIn(Headers headers) const;
  // Signs in over HTTP; returns {cookie, csrf} or fails the test.
  std::pair<std::string, std::string> SignIn(const std::string& login, const std::string& password);
  ClientResponse Post(const std::string& target, const json::value& body,
                      const Headers& headers = {}) {
    return Send("POST", target, json::serialize(body), headers);
  }
  // A new user `login` holding `role` over `unit` (and its subtree), signed in: the headers of
  // their session.
  Headers UserWith(const std::string& login, const std::string& role, int64_t unit);
  // A request as the session `who` (from UserWith).
  ClientResponse As(const Headers& who, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    return Request(port_, method, target, body, who);
  }
  // Parses a response body; fails the test when it is not JSON.
  static json::value Json(const ClientResponse& response);
  // POSTs and returns the new entity's id, failing the test unless the answer is 201.
  int64_t Create(const std::string& target, const json::value& body);

  // Rows in every table, to prove a refused request changed nothing.
  std::map<std::string, int64_t> RowCounts();
  // A unit open since 2015 under `parent` (none when 0), through the API; its id.
  int64_t AddUnit(const std::string& code, const std::string& name, int64_t kind_id,
                  int64_t parent);

  static constexpr const char* kAdminPassword = "admin-password-123";

  // A small tree: nation → province → district → commune A, commune B (kind "xa") and agency C
  // (kind "cq"); an indicator "dan-so" (sum, yearly). Ids in the members below.
  void BuildTree();

  // Whether SetUp loads the demo (src/demo) before the administrator is made: set it before.
  bool load_demo_ = false;
  // Whether TearDown runs the integrity check on the store the test leaves (app::CheckConsistency).
  bool check_store_on_teardown_ = true;

  std::filesystem::path dir_;
  std::unique_ptr<storage::ScratchPostgres> scratch_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<FakeClock> clock_;
  std::unique_ptr<app::Service> service_;
  std::unique_ptr<app::Authenticator> auth_;
  std::string cookie_;  // "nq_session=…" of the administrator
  std::string csrf_;
  api::AppOptions app_options_;  // set before SetUp to serve with other options
  std::unique_ptr<api::App> app_;
  std::unique_ptr<http::HttpServer> server_;
  uint16_t port_ = 0;
  std::atomic<int> answered_at_once_ = 0;  // by App::HandleAtOnce, without the handlers' pool

  int64_t kind_nation_ = 0, kind_province_ = 0, kind_district_ = 0, kind_commune_ = 0,
          kind_agency_ = 0;
  int64_t nation_ = 0, province_ = 0, district_ = 0, commune_a_ = 0, commune_b_ = 0, agency_c_ = 0;
  int64_t other_province_ = 0;
  int64_t population_ = 0;
};

}  // namespace nq::testing
