#include "app/values.h"

namespace nq::app {

using domain::Action;
using domain::Value;

Result<std::vector<Value>> ListValues(Service& service, const Principal& principal,
                                      const std::vector<FieldFilter>& filters) {
  Access access(principal, service.engine(), service.Today());
  const storage::Filters where = StoreFilters(filters);
  return service.database().Read([&](storage::Transaction& tx) -> Result<std::vector<Value>> {
    NQ_TRY(auto all, storage::CurrentValues(tx, where));
    std::vector<Value> visible;
    for (Value& value : all) {
      if (access.Can(Action::kRead, value.unit_id)) visible.push_back(std::move(value));
    }
    return visible;
  });
}

Result<std::vector<Value>> ValueHistory(Service& service, const Principal& principal,
                                        domain::Id indicator_id, domain::Id unit_id,
                                        const domain::Period& period) {
  Access access(principal, service.engine(), service.Today());
  NQ_RETURN_IF_ERROR(access.Require(Action::kRead, unit_id, fmt::format("unit {}", unit_id)));
  return service.database().Read([&](storage::Transaction& tx) {
    return storage::ValueHistory(tx, indicator_id, unit_id, period);
  });
}

Result<std::vector<Value>> PutValuesAs(WriteScope& scope, const Access& access,
                                       const std::vector<ValueInput>& inputs,
                                       std::vector<RecordError>& errors) {
  return PutValues(scope, inputs, errors, [&](domain::Id unit) {
    return access.Require(Action::kEnter, unit, fmt::format("unit {}", unit));
  });
}

}  // namespace nq::app
