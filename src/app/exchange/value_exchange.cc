#include "app/exchange/value_exchange.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "storage/store.h"

namespace nq::app {
namespace {

using namespace nq::domain;

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

// Turns records into ValueInputs, caching code look-ups; one error per bad record.
class Resolver final {
 public:
  Resolver(storage::Transaction& tx, const RecordFormat& format, std::vector<Error>& errors)
      : tx_(tx), format_(format), errors_(errors) {}

  Result<std::optional<ValueInput>> Resolve(const ValueRecord& record) {
    auto fail = [&](std::string_view field, std::string message) {
      errors_.push_back(Error{ErrorCode::kInvalidArgument, std::move(message),
                              fmt::format("{}/{}", record.pointer, field)});
      return std::optional<ValueInput>();
    };
    NQ_TRY(const Indicator* indicator, FindIndicator(record.indicator_code));
    if (!indicator) {
      return fail(format_.indicator,
                  fmt::format("indicator code \"{}\" is unknown", record.indicator_code));
    }
    NQ_TRY(const Unit* unit, FindUnit(record.unit_code));
    if (!unit)
      return fail(format_.unit, fmt::format("unit code \"{}\" is unknown", record.unit_code));
    auto period = Period::Parse(record.period);
    if (!period) return fail(format_.period, period.error().message);
    if (!format_.terms && period->type() == PeriodType::kTerm) {
      return fail(format_.period,
                  fmt::format("period \"{}\" is a term, which DHIS2 has no period type for",
                              record.period));
    }
    ValueInput input;
    input.indicator_id = indicator->id;
    input.unit_id = unit->id;
    input.period = *period;
    input.comment = record.comment;
    auto value = Typed(*indicator, record);
    if (!value) return fail(format_.value, value.error().message);
    input.value = std::move(*value);
    auto key = std::make_tuple(indicator->id, unit->id, record.period);
    auto [first, inserted] = seen_.emplace(key, record.pointer);
    if (!inserted) {
      return fail(format_.period,
                  fmt::format("indicator \"{}\", unit \"{}\", period \"{}\" is "
                              "already given at {}",
                              indicator->code, unit->code, record.period, first->second));
    }
    return std::optional<ValueInput>(std::move(input));
  }

 private:
  Result<const Indicator*> FindIndicator(const std::string& code) {
    auto found = indicators_.find(code);
    if (found == indicators_.end()) {
      auto loaded = storage::GetByCode<Indicator>(tx_, code);
      if (!loaded && loaded.error().code != ErrorCode::kNotFound)
        return std::unexpected(loaded.error());
      found = indicators_.emplace(code, loaded ? std::optional(*loaded) : std::nullopt).first;
    }
    return found->second ? &*found->second : nullptr;
  }
  Result<const Unit*> FindUnit(const std::string& code) {
    auto found = units_.find(code);
    if (found == units_.end()) {
      auto loaded = storage::GetByCode<Unit>(tx_, code);
      if (!loaded && loaded.error().code != ErrorCode::kNotFound)
        return std::unexpected(loaded.error());
      found = units_.emplace(code, loaded ? std::optional(*loaded) : std::nullopt).first;
    }
    return found->second ? &*found->second : nullptr;
  }

  // The value as PutValues takes it: DHIS2 sends every value as a string.
  static Result<json::value> Typed(const Indicator& indicator, const ValueRecord& record) {
    const std::string text = Trimmed(record.value);
    switch (indicator.value_type) {
      case ValueType::kNumber:
      case ValueType::kPercent: {
        double number = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
            !std::isfinite(number)) {
          return MakeError(ErrorCode::kInvalidArgument,
                           "value \"{}\" is not a number, as indicator \"{}\" needs", record.value,
                           indicator.code);
        }
        return json::value(number);
      }
      case ValueType::kYesNo:
        if (text == "1" || EqualsIgnoringCase(text, "true")) return json::value(true);
        if (text == "0" || EqualsIgnoringCase(text, "false")) return json::value(false);
        return MakeError(
            ErrorCode::kInvalidArgument,
            "value \"{}\" is not true, false, 1 or 0, as yes/no indicator \"{}\" needs",
            record.value, indicator.code);
      case ValueType::kText:
        if (record.value_is_number) {
          return MakeError(ErrorCode::kInvalidArgument,
                           "value {} is a number; text indicator \"{}\" needs a string",
                           record.value, indicator.code);
        }
        return json::value(record.value);
    }
    return MakeError(ErrorCode::kInternal, "unknown value type");
  }

  storage::Transaction& tx_;
  const RecordFormat& format_;
  std::vector<Error>& errors_;
  std::map<std::string, std::optional<Indicator>, std::less<>> indicators_;
  std::map<std::string, std::optional<Unit>, std::less<>> units_;
  std::map<std::tuple<Id, Id, std::string>, std::string> seen_;
};

// Rewrites PutValues' pointer "/values/3/unit_id" (batch index) to the record's own field.
Error Repointed(Error error, const ValueRecord& record, size_t batch_index,
                const RecordFormat& format) {
  const std::string prefix = fmt::format("/values/{}", batch_index);
  std::string field = record.pointer;
  if (error.field.starts_with(prefix)) {
    std::string_view rest = std::string_view(error.field).substr(prefix.size());
    if (rest == "/indicator_id") field += fmt::format("/{}", format.indicator);
    if (rest == "/unit_id") field += fmt::format("/{}", format.unit);
    if (rest == "/period") field += fmt::format("/{}", format.period);
    if (rest == "/value") field += fmt::format("/{}", format.value);
  }
  if (!error.field.empty()) {
    const std::string quoted = fmt::format("\"{}\"", error.field);
    for (size_t at = error.message.find(quoted); at != std::string::npos;
         at = error.message.find(quoted, at)) {
      error.message.replace(at, quoted.size(), fmt::format("\"{}\"", field));
      at += field.size() + 2;
    }
  }
  error.field = std::move(field);
  return error;
}

std::string NumberText(double number) { return fmt::format("{}", number); }

}  // namespace

Result<size_t> ApplyRecords(WriteScope& scope, const std::vector<ValueRecord>& records,
                            const RecordFormat& format, std::vector<Error>& errors,
                            const std::function<Status(Id)>& authorize,
                            const ImportControl& control) {
  // 1. Resolve codes, periods and types; keep the record of each input for its pointer.
  Resolver resolver(scope.tx(), format, errors);
  std::vector<ValueInput> inputs;
  std::vector<size_t> origin;
  inputs.reserve(records.size());
  origin.reserve(records.size());
  for (size_t index = 0; index < records.size(); ++index) {
    NQ_TRY(auto input, resolver.Resolve(records[index]));
    if (input) {
      inputs.push_back(std::move(*input));
      origin.push_back(index);
    }
  }
  // 2. Check and write in batches, so progress shows and a cancel is seen between batches.
  //    A bad batch does not stop the others being checked: every bad record is reported.
  const size_t batch_size = std::max<size_t>(control.batch_size, 1);
  size_t written = 0;
  ErrorCode code = ErrorCode::kInvalidArgument;
  for (size_t start = 0; start < inputs.size(); start += batch_size) {
    if (control.cancelled && control.cancelled->load()) {
      return MakeError(ErrorCode::kAborted,
                       "import cancelled after {} of {} values; nothing written", start,
                       inputs.size());
    }
    const size_t end = std::min(inputs.size(), start + batch_size);
    std::vector<ValueInput> batch(
        std::make_move_iterator(inputs.begin() + static_cast<ptrdiff_t>(start)),
        std::make_move_iterator(inputs.begin() + static_cast<ptrdiff_t>(end)));
    std::vector<RecordError> batch_errors;
    auto stored = PutValues(scope, batch, batch_errors, authorize);
    if (stored) {
      written += stored->size();
    } else if (batch_errors.empty()) {
      return std::unexpected(stored.error());
    }
    for (const RecordError& e : batch_errors) {
      if (e.error.code == ErrorCode::kPermissionDenied) code = e.error.code;
      if (e.error.code == ErrorCode::kFailedPrecondition && code == ErrorCode::kInvalidArgument) {
        code = e.error.code;
      }
      errors.push_back(Repointed(e.error, records[origin[start + e.index]], e.index, format));
    }
    if (control.progress) control.progress(end, inputs.size());
  }
  if (!errors.empty()) {
    std::ranges::stable_sort(errors, [](const Error& a, const Error& b) {
      return std::tuple(a.field.size(), a.field) < std::tuple(b.field.size(), b.field);
    });
    return std::unexpected(
        Error{code,
              fmt::format("{} of {} values rejected, nothing written; first: {}: {}", errors.size(),
                          records.size(), errors.front().field, errors.front().message),
              errors.front().field});
  }
  if (control.cancelled && control.cancelled->load()) {
    return MakeError(ErrorCode::kAborted, "import cancelled before commit; nothing written");
  }
  return written;
}

Result<std::vector<ValueRecord>> CollectValues(Service& service, const ExportRequest& request,
                                               const WorkControl& control) {
  if (request.to.end() < request.from.start()) {
    return FieldError("to", "period \"{}\" ends before \"{}\" starts", request.to.ToString(),
                      request.from.ToString());
  }
  const Date first = request.from.start();
  const Date last = std::min(request.to.end(), std::max(first, service.Today()));
  return service.database().Read([&](storage::Transaction& tx) -> Result<std::vector<ValueRecord>> {
    NQ_TRY(Unit root, storage::Get<Unit>(tx, request.unit_id));
    NQ_TRY(auto units, storage::List<Unit>(tx));
    NQ_TRY(auto indicators, storage::List<Indicator>(tx));
    std::map<Id, const Unit*> in_tree;
    for (const Unit& unit : units) {
      if (service.engine().InSubtree(unit.id, root.id, first) ||
          service.engine().InSubtree(unit.id, root.id, last) || unit.id == root.id) {
        in_tree.emplace(unit.id, &unit);
      }
    }
    std::map<Id, const Indicator*> by_id;
    for (const Indicator& indicator : indicators) by_id.emplace(indicator.id, &indicator);
    NQ_TRY(auto values, storage::CurrentValues(tx));
    std::vector<ValueRecord> out;
    constexpr size_t kStep = 1000;
    for (size_t index = 0; index < values.size(); ++index) {
      if (index % kStep == 0) {
        control.Report("values", index, values.size());
        NQ_RETURN_IF_ERROR(control.CheckCancelled("export"));
      }
      const Value& value = values[index];
      auto unit = in_tree.find(value.unit_id);
      auto indicator = by_id.find(value.indicator_id);
      if (unit == in_tree.end() || indicator == by_id.end()) continue;
      if (value.period.start() < first || value.period.end() > request.to.end()) continue;
      ValueRecord record;
      record.indicator_code = indicator->second->code;
      record.unit_code = unit->second->code;
      record.period = value.period.ToString();
      record.comment = value.comment;
      switch (indicator->second->value_type) {
        case ValueType::kText:
          record.value = value.text;
          break;
        case ValueType::kYesNo:
          record.value = value.number.value_or(0) != 0 ? "true" : "false";
          break;
        default:
          record.value = value.number ? NumberText(*value.number) : "";
          break;
      }
      out.push_back(std::move(record));
    }
    control.Report("values", values.size(), values.size());
    std::ranges::sort(out, [](const ValueRecord& a, const ValueRecord& b) {
      return std::tie(a.unit_code, a.indicator_code, a.period) <
             std::tie(b.unit_code, b.indicator_code, b.period);
    });
    return out;
  });
}

json::array ErrorsJson(const std::vector<Error>& errors, size_t limit) {
  json::array list;
  for (size_t index = 0; index < errors.size() && index < limit; ++index) {
    list.push_back(
        json::object{{"pointer", errors[index].field}, {"detail", errors[index].message}});
  }
  return list;
}

}  // namespace nq::app
