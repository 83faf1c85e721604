// Reading values as a principal: the current ones of the units they may read, and the history
// of one value.
#pragma once

#include <vector>

#include "app/entities.h"

namespace nq::app {

// The current values matching every filter, of the units the principal may read.
Result<std::vector<domain::Value>> ListValues(Service& service, const Principal& principal,
                                              const std::vector<FieldFilter>& filters);

// Every version of one value, oldest first; not_found when the unit is out of sight,
// permission_denied when the principal may not read it.
Result<std::vector<domain::Value>> ValueHistory(Service& service, const Principal& principal,
                                                domain::Id indicator_id, domain::Id unit_id,
                                                const domain::Period& period);

}  // namespace nq::app
