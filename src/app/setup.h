// First-run set-up and demo users: the root of the tree, the first administrator, and one demo
// user per role and level.
#pragma once

#include <string>

#include "app/auth.h"
#include "app/service.h"

namespace nq::app {

// Ensures a root unit exists (creating kind "quoc-gia" and unit "viet-nam", "Việt Nam", when the
// store has no unit) and creates administrator `login` over every root. Fails with
// already_exists when a user with that login exists.
Status CreateFirstAdministrator(Service& service, Authenticator& auth, const std::string& login,
                                const std::string& password);

// The password every demo user has. Demo only.
inline constexpr std::string_view kDemoPassword = "nqtrack-demo-2021";

// Adds the demo users (after LoadDemo): an administrator over the country, a viewer over Thanh
// Hóa, a manager, reviewer, editor and viewer over Bá Thước, an editor and a viewer over the
// commune of Lũng Cao, managers over Thanh Sơn and Bình Đại, a viewer over Bến Tre.
Status LoadDemoUsers(Service& service, Authenticator& auth);

}  // namespace nq::app
