#include "service/access.h"

namespace nq::service {

using domain::Action;

bool Access::Covers(const domain::Grant& grant, domain::Id unit_id) const {
  if (grant.unit_id == unit_id) return true;
  return grant.subtree && engine_.InSubtree(unit_id, grant.unit_id, as_of_);
}

bool Access::Can(Action action, domain::Id unit_id) const {
  for (const domain::Grant& grant : principal_.grants) {
    if (domain::RoleAllows(grant.role, action) && Covers(grant, unit_id)) return true;
  }
  return false;
}

bool Access::CanGlobally(Action action) const {
  for (const domain::Grant& grant : principal_.grants) {
    if (!domain::RoleAllows(grant.role, action) || !grant.subtree) continue;
    auto parent = engine_.Parent(grant.unit_id, as_of_);
    if (parent && !parent->has_value()) return true;
  }
  return false;
}

Status Access::Require(Action action, domain::Id unit_id, std::string_view what) const {
  if (Can(action, unit_id)) return Ok();
  if (!Can(Action::kRead, unit_id)) {
    return MakeError(ErrorCode::kNotFound, "{} not found", what);
  }
  return MakeError(ErrorCode::kPermissionDenied, "{} may not {} {}: no role of theirs allows it",
                   principal_.login, domain::ActionName(action), what);
}

Status Access::RequireGlobal(Action action, std::string_view what) const {
  if (CanGlobally(action)) return Ok();
  return MakeError(ErrorCode::kPermissionDenied,
                   "{} may not {} {}: it needs that role over the whole tree", principal_.login,
                   domain::ActionName(action), what);
}

}  // namespace nq::service
