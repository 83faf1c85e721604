#include "app/exchange/value_exchange.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <tuple>
#include <unordered_map>

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

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// What every record of an import is checked against, read once at its start in the import's
// transaction (one query a table, not one a value): indicators and units by code, and the
// accepted reports that lock values, by unit.
class ImportModel final {
 public:
  static Result<ImportModel> Load(storage::Transaction& tx) {
    ImportModel model;
    NQ_TRY(model.indicators_, storage::List<Indicator>(tx));
    NQ_TRY(model.units_, storage::List<Unit>(tx));
    NQ_TRY(model.reports_,
           storage::List<Report>(tx, {storage::Eq("status", std::string("accepted"))}));
    for (const Indicator& indicator : model.indicators_) {
      model.indicator_codes_.emplace(indicator.code, &indicator);
    }
    for (const Unit& unit : model.units_) model.unit_codes_.emplace(unit.code, &unit);
    for (const Report& report : model.reports_) model.locks_[report.unit_id].push_back(&report);
    return model;
  }

  const Indicator* FindIndicator(std::string_view code) const {
    return Find(indicator_codes_, code);
  }
  const Unit* FindUnit(std::string_view code) const { return Find(unit_codes_, code); }
  // The accepted report that locks `unit`'s values for `period`, if any.
  const Report* LockingReport(Id unit_id, const Period& period) const {
    auto found = locks_.find(unit_id);
    if (found == locks_.end()) return nullptr;
    for (const Report* report : found->second) {
      if (report->period.Contains(period)) return report;
    }
    return nullptr;
  }

 private:
  template <typename T>
  static const T* Find(const std::unordered_map<std::string_view, const T*>& map,
                       std::string_view code) {
    auto found = map.find(code);
    return found == map.end() ? nullptr : found->second;
  }

  std::vector<Indicator> indicators_;
  std::vector<Unit> units_;
  std::vector<Report> reports_;
  std::unordered_map<std::string_view, const Indicator*> indicator_codes_;
  std::unordered_map<std::string_view, const Unit*> unit_codes_;
  std::unordered_map<Id, std::vector<const Report*>> locks_;
};

// The key of a value: indicator, unit and period.
struct ValueKey {
  Id indicator_id;
  Id unit_id;
  Period period;
  bool operator==(const ValueKey&) const = default;
};
struct ValueKeyHash {
  size_t operator()(const ValueKey& key) const {
    uint64_t period = (static_cast<uint64_t>(key.period.type()) << 24) ^
                      (static_cast<uint64_t>(key.period.year()) << 8) ^
                      static_cast<uint64_t>(key.period.index());
    uint64_t h = static_cast<uint64_t>(key.indicator_id) * 0x9E3779B97F4A7C15ULL;
    h ^= static_cast<uint64_t>(key.unit_id) + 0x7F4A7C159E3779B9ULL + (h << 6) + (h >> 2);
    h ^= period * 0xC2B2AE3D27D4EB4FULL + (h << 6) + (h >> 2);
    return static_cast<size_t>(h);
  }
};

// Turns records into values ready to write, checking each against the model, the caller's
// write scope and the records before it; one error per bad record, naming its field.
class RecordChecker final {
 public:
  RecordChecker(const ImportModel& model, const RecordFormat& format, const Actor& actor,
                UnixMillis now, const std::function<Status(Id)>& authorize,
                std::vector<Error>& errors)
      : model_(model),
        format_(format),
        actor_(actor),
        now_(now),
        authorize_(authorize),
        errors_(errors) {}

  // The error code of the import: permission_denied over failed_precondition over
  // invalid_argument.
  ErrorCode code() const { return code_; }

  std::optional<Value> Check(const ValueRecord& record, size_t index) {
    auto fail = [&](std::string_view field, std::string message,
                    ErrorCode code = ErrorCode::kInvalidArgument) {
      if (code == ErrorCode::kPermissionDenied ||
          (code == ErrorCode::kFailedPrecondition && code_ == ErrorCode::kInvalidArgument)) {
        code_ = code;
      }
      errors_.push_back(
          Error{code, std::move(message), fmt::format("{}/{}", record.pointer, field)});
      return std::optional<Value>();
    };
    const Indicator* indicator = model_.FindIndicator(record.indicator_code);
    if (!indicator) {
      return fail(format_.indicator,
                  fmt::format("indicator code \"{}\" is unknown", record.indicator_code));
    }
    if (indicator->computed()) {
      return fail(format_.indicator,
                  fmt::format("indicator \"{}\" is computed from others and takes no values",
                              indicator->code));
    }
    const Unit* unit = model_.FindUnit(record.unit_code);
    if (!unit)
      return fail(format_.unit, fmt::format("unit code \"{}\" is unknown", record.unit_code));
    if (Status allowed = Authorize(unit->id); !allowed) {
      return fail(format_.unit, allowed.error().message, allowed.error().code);
    }
    auto period = ParsePeriod(record.period);
    if (!period) return fail(format_.period, period.error().message);
    if (!format_.terms && period->type() == PeriodType::kTerm) {
      return fail(format_.period,
                  fmt::format("period \"{}\" is a term, which DHIS2 has no period type for",
                              record.period));
    }
    if (period->type() != indicator->period_type) {
      return fail(
          format_.period,
          fmt::format("period \"{}\" does not fit indicator \"{}\", reported by {}", record.period,
                      indicator->code, PeriodTypeName(indicator->period_type)));
    }
    const Validity& open = unit->validity;
    if (open.valid_from > period->end() || (open.valid_to && *open.valid_to < period->start())) {
      return fail(format_.period, fmt::format("unit \"{}\" is not open in period \"{}\"",
                                              unit->code, record.period));
    }
    Value value;
    value.indicator_id = indicator->id;
    value.unit_id = unit->id;
    value.period = *period;
    if (auto typed = Typed(*indicator, record, value); !typed) {
      return fail(format_.value, typed.error().message);
    }
    if (const Report* lock = model_.LockingReport(unit->id, *period)) {
      return fail(format_.period,
                  fmt::format("values of unit \"{}\" for {} are locked: report {} was accepted; "
                              "reopen it first",
                              unit->code, lock->period.ToString(), lock->id),
                  ErrorCode::kFailedPrecondition);
    }
    auto [first, inserted] = seen_.emplace(ValueKey{indicator->id, unit->id, *period}, index);
    if (!inserted) {
      return fail(format_.period, fmt::format("indicator \"{}\", unit \"{}\", period \"{}\" is "
                                              "already given at {}",
                                              indicator->code, unit->code, record.period,
                                              pointers_(first->second)));
    }
    value.comment = record.comment;
    value.entered_by = actor_.name;
    value.entered_at = now_;
    return value;
  }

  void Reserve(size_t records) { seen_.reserve(records); }

  // The pointer of record `index`, for the duplicate error.
  std::function<std::string(size_t)> pointers_;

 private:
  Status Authorize(Id unit_id) {
    if (!authorize_) return Ok();
    auto found = allowed_.find(unit_id);
    if (found == allowed_.end()) found = allowed_.emplace(unit_id, authorize_(unit_id)).first;
    return found->second;
  }

  Result<Period> ParsePeriod(const std::string& text) {
    auto found = periods_.find(text);
    if (found == periods_.end()) found = periods_.emplace(text, Period::Parse(text)).first;
    return found->second;
  }

  // Sets the number or text of `value` from the record: DHIS2 sends every value as a string.
  static Status Typed(const Indicator& indicator, const ValueRecord& record, Value& value) {
    const std::string_view text = Trimmed(record.value);
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
        if (indicator.value_type == ValueType::kPercent && (number < 0 || number > 100)) {
          return MakeError(ErrorCode::kInvalidArgument,
                           "value {} is not a percentage 0–100, as indicator \"{}\" needs",
                           record.value, indicator.code);
        }
        value.number = number;
        return Ok();
      }
      case ValueType::kYesNo:
        if (text == "1" || EqualsIgnoringCase(text, "true")) {
          value.number = 1;
          return Ok();
        }
        if (text == "0" || EqualsIgnoringCase(text, "false")) {
          value.number = 0;
          return Ok();
        }
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
        value.text = record.value;
        return Ok();
    }
    return MakeError(ErrorCode::kInternal, "unknown value type");
  }

  const ImportModel& model_;
  const RecordFormat& format_;
  const Actor& actor_;
  UnixMillis now_;
  const std::function<Status(Id)>& authorize_;
  std::vector<Error>& errors_;
  ErrorCode code_ = ErrorCode::kInvalidArgument;
  std::unordered_map<Id, Status> allowed_;
  std::unordered_map<std::string, Result<Period>> periods_;
  std::unordered_map<ValueKey, size_t, ValueKeyHash> seen_;
};

std::string NumberText(double number) { return fmt::format("{}", number); }

}  // namespace

Result<size_t> ApplyRecords(WriteScope& scope, const std::vector<ValueRecord>& records,
                            const RecordFormat& format, std::vector<Error>& errors,
                            const std::function<Status(Id)>& authorize,
                            const ImportControl& control) {
  // 1. Check every record against the model read once; nothing is written while any is bad.
  NQ_TRY(const ImportModel model, ImportModel::Load(scope.tx()));
  RecordChecker checker(model, format, scope.actor(), scope.now(), authorize, errors);
  checker.pointers_ = [&](size_t index) { return records[index].pointer; };
  checker.Reserve(records.size());
  std::vector<Value> values;
  values.reserve(records.size());
  for (size_t index = 0; index < records.size(); ++index) {
    if (auto value = checker.Check(records[index], index)) values.push_back(std::move(*value));
  }
  if (!errors.empty()) {
    // In file order: by the entry or row ("/dataValues/12"), its number compared as a number.
    auto record = [](const Error& e) {
      std::string_view field = e.field;
      const size_t end = field.find('/', field.find('/', 1) + 1);
      return field.substr(0, end);
    };
    std::ranges::stable_sort(errors, [&](const Error& a, const Error& b) {
      return std::tuple(record(a).size(), record(a)) < std::tuple(record(b).size(), record(b));
    });
    ErrorCode code = checker.code();
    for (const Error& e : errors) {
      if (e.code == ErrorCode::kPermissionDenied) code = e.code;
    }
    return std::unexpected(
        Error{code,
              fmt::format("{} of {} values rejected, nothing written; first: {}: {}", errors.size(),
                          records.size(), errors.front().field, errors.front().message),
              errors.front().field});
  }
  // 2. Write them as one batch, in chunks, so progress shows and a cancel is seen between
  //    chunks; the caller's transaction makes it all or nothing.
  NQ_TRY(storage::ValueBatch batch,
         storage::InsertValueBatch(scope.tx(), {0, scope.now(), scope.actor().name,
                                                std::string(format.name), control.file_hash}));
  NQ_TRY(auto writer, storage::StartValueBulk(scope.tx(), batch.id));
  const size_t chunk = std::max<size_t>(control.batch_size, 1);
  std::span<const Value> all(values);
  for (size_t start = 0; start < all.size(); start += chunk) {
    if (control.cancelled && control.cancelled->load()) {
      return MakeError(ErrorCode::kAborted,
                       "import cancelled after {} of {} values; nothing written", start,
                       all.size());
    }
    const size_t end = std::min(all.size(), start + chunk);
    NQ_RETURN_IF_ERROR(writer->Add(all.subspan(start, end - start)));
    if (control.progress) control.progress(end, all.size());
  }
  NQ_TRY(storage::BulkCounts counts, writer->Finish());
  if (control.cancelled && control.cancelled->load()) {
    return MakeError(ErrorCode::kAborted, "import cancelled before commit; nothing written");
  }
  // 3. One audit record names the import; its batch id names every version it wrote.
  NQ_RETURN_IF_ERROR(scope.Audit("import", "value_batch", batch.id, nullptr,
                                 json::object{{"batch_id", batch.id},
                                              {"format", format.name},
                                              {"file_hash", control.file_hash},
                                              {"records", records.size()},
                                              {"written", counts.written},
                                              {"corrected", counts.superseded}}));
  for (const Value& value : values) scope.ChangedValue(value);
  return static_cast<size_t>(counts.written);
}

std::string FileHash(std::string_view bytes) {
  FileHasher hasher;
  hasher.Update(bytes);
  return hasher.Final();
}

FileHasher::FileHasher() {
  static_assert(sizeof(state_) >= sizeof(crypto_generichash_state));
  crypto_generichash_init(reinterpret_cast<crypto_generichash_state*>(state_), nullptr, 0, 32);
}

void FileHasher::Update(std::string_view bytes) {
  crypto_generichash_update(reinterpret_cast<crypto_generichash_state*>(state_),
                            reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string FileHasher::Final() {
  unsigned char digest[32];
  crypto_generichash_final(reinterpret_cast<crypto_generichash_state*>(state_), digest,
                           sizeof(digest));
  char hex[sizeof(digest) * 2 + 1];
  sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
  return fmt::format("blake2b-256:{}", hex);
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
