#include "app/access.h"

#include <algorithm>

#include "engine/structure.h"

namespace nq::app {

using domain::Action;

bool Access::Covers(const domain::Grant& grant, domain::Id unit_id) const {
  if (grant.unit_id == unit_id) return true;
  if (!grant.subtree) return false;
  if (engine_.InSubtree(unit_id, grant.unit_id, as_of_)) return true;
  // A unit closed by then (dissolved, merged) belongs where it stood on its last day, so the
  // grants over its old superiors still reach its history. An open unit is never reached
  // through where it stood before a move.
  const Date last_day = engine_.structure()->LastOpenOnOrBefore(unit_id, as_of_);
  return last_day != as_of_ && engine_.InSubtree(unit_id, grant.unit_id, last_day);
}

bool Access::Can(Action action, domain::Id unit_id) const {
  for (const domain::Grant& grant : principal_.grants) {
    if (domain::RoleAllows(grant.role, action) && Covers(grant, unit_id)) return true;
  }
  return false;
}

std::vector<domain::Grant> Access::GrantsOver(domain::Id unit_id) const {
  std::vector<domain::Grant> over;
  for (const domain::Grant& grant : principal_.grants) {
    if (Covers(grant, unit_id)) over.push_back(grant);
  }
  return over;
}

bool Access::ReadsIssuedBy(domain::Id issuer_unit_id) const {
  if (Can(Action::kRead, issuer_unit_id)) return true;
  for (const domain::Grant& grant : principal_.grants) {
    if (domain::RoleAllows(grant.role, Action::kRead) &&
        engine_.InSubtree(grant.unit_id, issuer_unit_id, as_of_)) {
      return true;
    }
  }
  return false;
}

// The engine makes a root of every unit without an open parent, and gives a closed unit no
// parent at all; only a unit that is open and has no parent in the store is a root of the tree.
bool Access::IsOpenRoot(domain::Id unit_id) const {
  const std::vector<domain::Id>& roots = principal_.root_units;
  if (std::find(roots.begin(), roots.end(), unit_id) == roots.end()) return false;
  auto path = engine_.Path(unit_id, as_of_);
  return path && path->size() == 1;
}

std::vector<domain::Id> Access::Subtree(domain::Id unit_id) const {
  std::vector<domain::Id> out{unit_id};
  for (size_t next = 0; next < out.size(); ++next) {
    for (domain::Id child :
         engine_.Children(out[next], as_of_).value_or(std::vector<domain::Id>{})) {
      out.push_back(child);
    }
  }
  return out;
}

std::vector<domain::Id> Access::UnitsWhere(Action action) const {
  std::vector<domain::Id> out;
  for (const domain::Grant& grant : principal_.grants) {
    if (!domain::RoleAllows(grant.role, action)) continue;
    if (grant.subtree) {
      std::vector<domain::Id> below = Subtree(grant.unit_id);
      out.insert(out.end(), below.begin(), below.end());
    } else {
      out.push_back(grant.unit_id);
    }
  }
  std::ranges::sort(out);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool Access::CanGlobally(Action action) const {
  for (const domain::Grant& grant : principal_.grants) {
    if (!domain::RoleAllows(grant.role, action) || !grant.subtree) continue;
    if (IsOpenRoot(grant.unit_id)) return true;
  }
  return false;
}

std::unexpected<Error> Access::Hidden(std::string_view what) const {
  // Only a signed-in principal is one request's own; the anonymous one may be shared.
  if (principal_.user_id != 0) {
    principal_.hidden_denial = fmt::format("{} is out of sight of {}", what, principal_.login);
  }
  return MakeError(ErrorCode::kNotFound, "{} not found", what);
}

std::unexpected<Error> Access::Denied(Action action, std::string_view what) const {
  return MakeError(ErrorCode::kPermissionDenied, "{} may not {} {}: no role of theirs allows it",
                   principal_.login, domain::ActionName(action), what);
}

Status Access::Require(Action action, domain::Id unit_id, std::string_view what) const {
  if (Can(action, unit_id)) return Ok();
  if (!Can(Action::kRead, unit_id)) return Hidden(what);
  return Denied(action, what);
}

Status Access::RequireGlobal(Action action, std::string_view what) const {
  if (CanGlobally(action)) return Ok();
  return MakeError(ErrorCode::kPermissionDenied,
                   "{} may not {} {}: it needs that role over the whole tree", principal_.login,
                   domain::ActionName(action), what);
}

}  // namespace nq::app
