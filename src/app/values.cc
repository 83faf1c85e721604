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

Result<Reply> PutValuesAs(Service& service, const Principal& principal, const Actor& actor,
                          std::string_view fingerprint, const std::vector<ValueInput>& inputs,
                          json::object& details) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    std::vector<RecordError> errors;
                    auto written = PutValues(scope, inputs, errors, [&](domain::Id unit) {
                      return access.Require(Action::kEnter, unit, fmt::format("unit {}", unit));
                    });
                    if (!written) {
                      details["errors"] = RecordErrorsJson(errors);
                      return std::unexpected(written.error());
                    }
                    return Reply{200, json::object{{"written", written->size()},
                                                   {"values", RowsJson(*written)}}};
                  });
}

json::array RecordErrorsJson(const std::vector<RecordError>& errors) {
  json::array list;
  for (const auto& e : errors) {
    list.push_back(json::object{{"index", e.index},
                                {"field", e.error.field},
                                {"code", ErrorCodeName(e.error.code)},
                                {"detail", e.error.message}});
  }
  return list;
}

}  // namespace nq::app
