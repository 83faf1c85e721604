// Values as a principal sees and writes them: the current ones of the units they may read, the
// history of one value, and a batch written to units they may enter data for.
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

// Writes every value of `inputs` or none, each to a unit the principal may enter data for. On a
// bad record (or a unit refused: not_found when out of sight, permission_denied otherwise) fails
// as PutValues does, with one entry per bad record in `errors`.
Result<std::vector<domain::Value>> PutValuesAs(WriteScope& scope, const Access& access,
                                               const std::vector<ValueInput>& inputs,
                                               std::vector<RecordError>& errors);

}  // namespace nq::app
