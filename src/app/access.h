// Who is asking (a Principal) and what the unit tree lets them do: every grant is a role over a
// unit and, when it says so, the unit's subtree as of the day in question. Default deny.
#pragma once

#include <string>
#include <vector>

#include "domain/access.h"
#include "engine/engine.h"

namespace nq::app {

struct Principal {
  domain::Id user_id = 0;
  std::string login;
  std::string name;
  std::vector<domain::Grant> grants;
  // The units with no parent in the store today: the roots of the tree. A grant is global only
  // over one of these (a closed unit, or one whose parent closed, has no parent in the engine's
  // tree but is not a root). Empty: nothing is global.
  std::vector<domain::Id> root_units;
  std::string csrf_token;  // of the session; empty for API tokens
  bool via_token = false;
  // Set by Access when it answers not_found for something out of the principal's sight, so the
  // request is audited as denied like a 403. One request's principal; never shared.
  mutable std::string hidden_denial;
};

class Access final {
 public:
  Access(const Principal& principal, const engine::Engine& engine, Date as_of)
      : principal_(principal), engine_(engine), as_of_(as_of) {}

  // True when some grant covers `unit_id` and its role allows `action`.
  bool Can(domain::Action action, domain::Id unit_id) const;
  // True when the principal reads what `issuer_unit_id` issues (documents, their items and the
  // links between them): the issuer is in sight, or it stands above a unit the principal reads,
  // in today's tree — a unit reads what its superiors issued to it, never what a sibling did.
  bool ReadsIssuedBy(domain::Id issuer_unit_id) const;
  // True when the principal holds `action` with the subtree over an open root of the tree
  // (reference data, users, the audit).
  bool CanGlobally(domain::Action action) const;
  // The principal's grants that cover `unit_id` (the unit itself, or below a subtree grant).
  std::vector<domain::Grant> GrantsOver(domain::Id unit_id) const;
  // The units where the principal may `action` today: each grant's unit, with the open units
  // below it when the grant has the subtree; sorted, each once.
  std::vector<domain::Id> UnitsWhere(domain::Action action) const;
  // `unit_id` and every open unit below it today, the unit first (only the unit when it is not
  // open).
  std::vector<domain::Id> Subtree(domain::Id unit_id) const;
  // True when the principal holds any grant at all.
  bool HasScope() const { return !principal_.grants.empty(); }

  // Success when allowed. Otherwise not_found when the unit is outside what the principal may
  // see (so existence does not leak), permission_denied naming the role when it is visible.
  Status Require(domain::Action action, domain::Id unit_id, std::string_view what) const;
  Status RequireGlobal(domain::Action action, std::string_view what) const;

  // The not_found answer for `what`, which exists but is out of sight; notes it on the principal
  // so the request is audited as denied.
  std::unexpected<Error> Hidden(std::string_view what) const;
  // The permission_denied answer for `what`, which the principal sees but may not `action`.
  std::unexpected<Error> Denied(domain::Action action, std::string_view what) const;

  const Principal& principal() const { return principal_; }
  const engine::Engine& engine() const { return engine_; }
  Date as_of() const { return as_of_; }
  // The same principal's access over the tree as it stood on `date`.
  Access At(Date date) const { return Access(principal_, engine_, date); }

 private:
  bool Covers(const domain::Grant& grant, domain::Id unit_id) const;
  bool IsOpenRoot(domain::Id unit_id) const;
  const Principal& principal_;
  const engine::Engine& engine_;
  Date as_of_;
};

}  // namespace nq::app
