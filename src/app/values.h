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
// as PutValues does, and `details` holds the problem's "errors": one entry per bad record
// (index, field, code, detail). Reply 200: {"written", "values"}.
Result<Reply> PutValuesAs(Service& service, const Principal& principal, const Actor& actor,
                          std::string_view fingerprint, const std::vector<ValueInput>& inputs,
                          json::object& details);

// The problem's "errors" of a refused batch: [{"index", "field", "code", "detail"}].
json::array RecordErrorsJson(const std::vector<RecordError>& errors);

}  // namespace nq::app
