// World: the server and the data every cell of the authorization matrix runs against, built once
// per test binary — a unit tree with a unit at each position around the district D, one of every
// entity a route can target for each of those units, a user per role and their sessions.
#pragma once

#include <array>
#include <map>
#include <string>

#include "api/server_fixture.h"
#include "authz/matrix.h"

namespace nq::testing::authz {

// Row counts of every table but the audit, and where the audit ended.
struct Snapshot {
  std::map<std::string, int64_t> rows;
  int64_t last_audit_id = 0;
};

// A ServerFixture used outside a single test: SetUpTestSuite builds it, TearDownTestSuite ends it.
class World final : public ServerFixture {
 public:
  static constexpr int64_t kMissingId = 999999;
  static constexpr const char* kPassword = "authz-password-2021";

  void TestBody() override {}

  // Starts the server and builds everything as the administrator over the root. Failures are
  // reported through GoogleTest; ok() tells whether the world is usable.
  void Build();
  void Destroy() { TearDown(); }
  bool ok() const { return ok_; }

  // The placeholder values of a position ("unit" → "12", …); every id is kMissingId for none.
  const std::map<std::string, std::string>& Placeholders(Position position) const {
    return places_[static_cast<size_t>(position)];
  }
  // The headers of the role's session (cookie and CSRF token); none for anonymous.
  Headers SessionOf(Role role) const { return sessions_[static_cast<size_t>(role)]; }
  // Signs the role in again and returns the headers of that new session.
  Headers NewSession(Role role);
  std::string LoginOf(Role role) const;

  // Makes a new `kind` (see "fresh" in matrix.txt) for `position` as the set-up administrator
  // (a "job" as `role` itself); returns its id, or kMissingId for the position none. Fails the
  // test when it cannot.
  int64_t MakeFresh(const std::string& kind, Position position, Role role);
  // Waits for the job at `location` (as `session` sees it) to end; its last state, or null.
  json::value WaitForJob(const std::string& location, const Headers& session);
  // The ETag of `target` as the set-up administrator reads it, or "\"1\"" when there is none.
  std::string ETagOf(const std::string& target);
  // The values workbook of the position's unit for 2021 as the set-up administrator downloads
  // it; for none, bytes that are no workbook.
  std::string TemplateOf(Position position);
  // The units workbook as the set-up administrator downloads it, filled with one new unit
  // "xlsx-{uniq}" under the position's unit; for none, bytes that are no workbook.
  std::string UnitsFileOf(Position position, const std::string& uniq);
  // The evidence workbook of the position's {obligation} over its unit as the set-up
  // administrator downloads it, with the note of the unit's row set to "Ghi chú {uniq}"; for
  // none, bytes that are no workbook.
  std::string EvidenceFileOf(Position position, const std::string& uniq);

  Snapshot TakeSnapshot();
  // The actions of the audit rows after `last_audit_id`, in order.
  std::vector<std::string> AuditActionsAfter(int64_t last_audit_id);

  // A month code never handed out before ("205001", "205002", …).
  std::string NextMonth();

  uint16_t port() const { return port_; }
  // The application layer the server runs on, for tests that call it directly.
  app::Service& service() { return *service_; }
  app::Authenticator& authenticator() { return *auth_; }
  // The jobs the server's routes started.
  app::JobRegistry& jobs() { return app_->jobs(); }
  const api::Router& router() const { return app_->router(); }

 private:
  struct Unit {
    Position position;
    std::string code;
    int64_t id = 0;
    int64_t parent = 0;
    int64_t kind = 0;
  };
  void BuildUnits();
  void BuildPlace(const Unit& unit);
  void BuildUsers();
  // The extension of every position (BuildPlace made the regimes first).
  void BuildDeadlines();
  // A new target of the nation's resolution; a new half-year regime of `issuer`; an extension
  // of `unit`'s due date for `period` under `regime`. Their ids.
  int64_t NewNationTarget();
  int64_t NewRegime(int64_t issuer);
  int64_t NewExtension(int64_t regime, int64_t unit, const std::string& period);
  int64_t CreateUser(const std::string& login);
  int64_t StartJob(const Headers& session);
  // A finished export job of `session`'s user: the values of D for 2021 as CSV.
  int64_t StartExportJob(const Headers& session);
  int64_t Place(Position position, const std::string& name) const;

  bool ok_ = false;
  std::array<Unit, kPositionCount> units_{};
  std::array<std::map<std::string, std::string>, kPositionCount> places_;
  std::array<Headers, kRoleCount> sessions_;
  int64_t term_ = 0, field_ = 0;
  int month_counter_ = 0;
  int64_t nation_resolution_ = 0;
  std::map<int64_t, int64_t> regime_of_;  // unit → its regime
  int targets_made_ = 0, regimes_made_ = 0, extensions_made_ = 0;
};

}  // namespace nq::testing::authz
