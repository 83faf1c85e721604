#include "app/use_cases.h"

#include <boost/json.hpp>
#include <unordered_map>

#include "app/duty_reach.h"

namespace nq::app {
namespace {

using namespace nq::domain;
using storage::Transaction;

// The store failed (an I/O error, a full disk, a broken connection), not the input.
bool IsStoreFailure(ErrorCode code) {
  return code == ErrorCode::kUnavailable || code == ErrorCode::kStorageFull ||
         code == ErrorCode::kInternal;
}

// A failed lookup of a referenced row: its absence is the caller's mistake, named by field; any
// other failure (the store's) is passed on as it is, never blamed on the input.
std::unexpected<Error> LookupFailed(const Error& error, std::string_view field) {
  if (error.code != ErrorCode::kNotFound) return std::unexpected(error);
  return FieldError(std::string(field), "field \"{}\": {}", field, error.message);
}

// A referenced row must exist.
template <typename T>
Status Require(Transaction& tx, Id id, std::string_view field) {
  auto row = storage::Get<T>(tx, id);
  if (row) return Ok();
  return LookupFailed(row.error(), field);
}

template <typename T>
Status RequireOpt(Transaction& tx, const std::optional<Id>& id, std::string_view field) {
  if (!id) return Ok();
  return Require<T>(tx, *id, field);
}

Status CheckReferences(Transaction&, const UnitKind&) { return Ok(); }
Status CheckReferences(Transaction&, const Term&) { return Ok(); }
Status CheckReferences(Transaction&, const Field&) { return Ok(); }
Status CheckReferences(Transaction& tx, const Unit& r) {
  if (r.validity.valid_to && *r.validity.valid_to < r.validity.valid_from) {
    return FieldError("/valid_to", "field \"/valid_to\" ({}) is before \"/valid_from\" ({})",
                      r.validity.valid_to->ToString(), r.validity.valid_from.ToString());
  }
  return Require<UnitKind>(tx, r.kind_id, "/kind_id");
}
Status CheckReferences(Transaction& tx, const Person& r) {
  return RequireOpt<Unit>(tx, r.unit_id, "/unit_id");
}
Status CheckReferences(Transaction& tx, const Indicator& r) {
  NQ_RETURN_IF_ERROR(RequireOpt<Indicator>(tx, r.numerator_id, "/numerator_id"));
  return RequireOpt<Indicator>(tx, r.denominator_id, "/denominator_id");
}
Status CheckReferences(Transaction& tx, const Document& r) {
  return Require<Unit>(tx, r.issuer_unit_id, "/issuer_unit_id");
}
Status CheckReferences(Transaction& tx, const Item& r) {
  NQ_RETURN_IF_ERROR(Require<Document>(tx, r.document_id, "/document_id"));
  NQ_RETURN_IF_ERROR(RequireOpt<Unit>(tx, r.unit_id, "/unit_id"));
  if (r.parent_id) {
    NQ_RETURN_IF_ERROR(Require<Item>(tx, *r.parent_id, "/parent_id"));
    NQ_TRY(Item parent, storage::Get<Item>(tx, *r.parent_id));
    if (parent.document_id != r.document_id) {
      return FieldError("/parent_id", "field \"/parent_id\": item {} belongs to another document",
                        parent.id);
    }
    if (parent.id == r.id) return FieldError("/parent_id", "an item cannot be its own parent");
  }
  if (r.measure) {
    NQ_RETURN_IF_ERROR(Require<Indicator>(tx, r.measure->indicator_id, "/measure/indicator_id"));
  }
  return Ok();
}
Status CheckReferences(Transaction& tx, const Link& r) {
  NQ_RETURN_IF_ERROR(Require<Item>(tx, r.from_item_id, "/from_item_id"));
  NQ_RETURN_IF_ERROR(Require<Item>(tx, r.to_item_id, "/to_item_id"));
  if (r.from_item_id == r.to_item_id) {
    return FieldError("/to_item_id", "an item cannot concretize itself");
  }
  return Ok();
}
Status CheckReferences(Transaction& tx, const Obligation& r) {
  NQ_RETURN_IF_ERROR(Require<Unit>(tx, r.issuer_unit_id, "/issuer_unit_id"));
  NQ_RETURN_IF_ERROR(RequireOpt<Document>(tx, r.document_id, "/document_id"));
  NQ_RETURN_IF_ERROR(RequireOpt<Item>(tx, r.item_id, "/item_id"));
  for (Id kind : r.kind_ids) NQ_RETURN_IF_ERROR(Require<UnitKind>(tx, kind, "/kind_ids"));
  return Ok();
}
Status CheckReferences(Transaction& tx, const Assignment& r) {
  NQ_RETURN_IF_ERROR(Require<Obligation>(tx, r.obligation_id, "/obligation_id"));
  NQ_RETURN_IF_ERROR(Require<Unit>(tx, r.unit_id, "/unit_id"));
  return ValidateAssignment(r);
}
Status CheckReferences(Transaction& tx, const Report& r) {
  NQ_RETURN_IF_ERROR(Require<Unit>(tx, r.unit_id, "/unit_id"));
  NQ_RETURN_IF_ERROR(RequireOpt<Regime>(tx, r.regime_id, "/regime_id"));
  return RequireOpt<Document>(tx, r.document_id, "/document_id");
}
Status CheckReferences(Transaction& tx, const Declaration& r) {
  NQ_RETURN_IF_ERROR(Require<Item>(tx, r.item_id, "/item_id"));
  return Require<Unit>(tx, r.unit_id, "/unit_id");
}
Status CheckReferences(Transaction& tx, const Regime& r) {
  NQ_RETURN_IF_ERROR(Require<Unit>(tx, r.issuer_unit_id, "/issuer_unit_id"));
  for (Id kind : r.kind_ids) NQ_RETURN_IF_ERROR(Require<UnitKind>(tx, kind, "/kind_ids"));
  return Ok();
}
Status CheckReferences(Transaction& tx, const Extension& r) {
  NQ_RETURN_IF_ERROR(Require<Regime>(tx, r.regime_id, "/regime_id"));
  NQ_RETURN_IF_ERROR(Require<Unit>(tx, r.unit_id, "/unit_id"));
  NQ_TRY(Regime regime, storage::Get<Regime>(tx, r.regime_id));
  if (r.period.type() != regime.period_type) {
    return FieldError("/period", "field \"/period\": {} is not a {} period of regime \"{}\"",
                      r.period.ToString(), PeriodTypeName(regime.period_type), regime.code);
  }
  return Ok();
}
Status CheckReferences(Transaction& tx, const Notice& r) {
  NQ_RETURN_IF_ERROR(Require<Unit>(tx, r.unit_id, "/unit_id"));
  NQ_RETURN_IF_ERROR(RequireOpt<Obligation>(tx, r.obligation_id, "/obligation_id"));
  return RequireOpt<Regime>(tx, r.regime_id, "/regime_id");
}
Status CheckReferences(Transaction& tx, const Recommendation& r) {
  NQ_RETURN_IF_ERROR(Require<Unit>(tx, r.from_unit_id, "/from_unit_id"));
  NQ_RETURN_IF_ERROR(Require<Unit>(tx, r.to_unit_id, "/to_unit_id"));
  return RequireOpt<Item>(tx, r.item_id, "/item_id");
}
Status CheckReferences(Transaction& tx, const Responsibility& r) {
  NQ_RETURN_IF_ERROR(Require<Person>(tx, r.person_id, "/person_id"));
  NQ_RETURN_IF_ERROR(RequireOpt<Unit>(tx, r.unit_id, "/unit_id"));
  auto term = storage::GetByCode<Term>(tx, r.term_code);
  if (!term) return FieldError("/term_code", "field \"/term_code\": {}", term.error().message);
  if (!r.field_code.empty()) {
    auto field = storage::GetByCode<Field>(tx, r.field_code);
    if (!field)
      return FieldError("/field_code", "field \"/field_code\": {}", field.error().message);
  }
  return Ok();
}
Status CheckReferences(Transaction& tx, const Comment& r) {
  static constexpr std::string_view kEntities[] = {
      "item", "document", "report", "recommendation", "obligation", "assignment", "unit"};
  if (std::find(std::begin(kEntities), std::end(kEntities), r.entity) == std::end(kEntities)) {
    return FieldError("/entity", "field \"/entity\": \"{}\" cannot be commented on", r.entity);
  }
  auto found = [&]() -> Status {
    if (r.entity == "item") return Require<Item>(tx, r.entity_id, "/entity_id");
    if (r.entity == "document") return Require<Document>(tx, r.entity_id, "/entity_id");
    if (r.entity == "report") return Require<Report>(tx, r.entity_id, "/entity_id");
    if (r.entity == "recommendation") return Require<Recommendation>(tx, r.entity_id, "/entity_id");
    if (r.entity == "obligation") return Require<Obligation>(tx, r.entity_id, "/entity_id");
    if (r.entity == "assignment") return Require<Assignment>(tx, r.entity_id, "/entity_id");
    return Require<Unit>(tx, r.entity_id, "/entity_id");
  };
  return found();
}

// Entities whose change alters what the engine computes over.
template <typename T>
constexpr bool kStructural =
    std::is_same_v<T, UnitKind> || std::is_same_v<T, Unit> || std::is_same_v<T, UnitVersion> ||
    std::is_same_v<T, Indicator> || std::is_same_v<T, Document> || std::is_same_v<T, Item> ||
    std::is_same_v<T, Link> || std::is_same_v<T, Obligation> || std::is_same_v<T, Declaration>;

template <typename T>
void NoteChange(WriteScope& scope, const T& row) {
  if constexpr (kStructural<T>) scope.ChangedStructure();
  if constexpr (std::is_same_v<T, Assignment>) scope.ChangedAssignment(row);
  (void)row;
}

}  // namespace

template <typename T>
Result<T> CreateEntity(WriteScope& scope, T row) {
  NQ_RETURN_IF_ERROR(CheckReferences(scope.tx(), row));
  NQ_TRY(T created, storage::Insert(scope.tx(), std::move(row)));
  NQ_RETURN_IF_ERROR(scope.Audit("create", storage::EntityName<T>(), created.id, nullptr,
                                 formats::ToJson(created)));
  NoteChange(scope, created);
  return created;
}

template <typename T>
Result<T> UpdateEntity(WriteScope& scope, T row) {
  NQ_TRY(T before, storage::Get<T>(scope.tx(), row.id));
  NQ_RETURN_IF_ERROR(CheckReferences(scope.tx(), row));
  NQ_TRY(T after, storage::Update(scope.tx(), std::move(row)));
  NQ_RETURN_IF_ERROR(scope.Audit("update", storage::EntityName<T>(), after.id,
                                 formats::ToJson(before), formats::ToJson(after)));
  NoteChange(scope, after);
  return after;
}

template <typename T>
Status DeleteEntity(WriteScope& scope, Id id, std::optional<int64_t> expected_version) {
  NQ_TRY(T before, storage::Get<T>(scope.tx(), id));
  if constexpr (requires { before.version; }) {
    if (expected_version && *expected_version != before.version) {
      return MakeError(ErrorCode::kAborted,
                       "{} {} was changed by someone else (version {}, expected {})",
                       storage::EntityName<T>(), id, before.version, *expected_version);
    }
  }
  NQ_RETURN_IF_ERROR(storage::Delete<T>(scope.tx(), id));
  NQ_RETURN_IF_ERROR(
      scope.Audit("delete", storage::EntityName<T>(), id, formats::ToJson(before), nullptr));
  if constexpr (kStructural<T>) scope.ChangedStructure();
  return Ok();
}

#define NQ_INSTANTIATE(Type)                                   \
  template Result<Type> CreateEntity<Type>(WriteScope&, Type); \
  template Result<Type> UpdateEntity<Type>(WriteScope&, Type); \
  template Status DeleteEntity<Type>(WriteScope&, Id, std::optional<int64_t>);
NQ_EDITABLE_ENTITIES(NQ_INSTANTIATE)
#undef NQ_INSTANTIATE

Result<Unit> CreateUnit(WriteScope& scope, Unit unit, std::optional<Id> parent_id) {
  if (parent_id) {
    auto parent = storage::Get<Unit>(scope.tx(), *parent_id);
    if (!parent)
      return FieldError("/parent_id", "field \"/parent_id\": {}", parent.error().message);
    if (!parent->validity.Covers(unit.validity.valid_from)) {
      return FieldError("/parent_id", "parent unit \"{}\" is not open on {}", parent->code,
                        unit.validity.valid_from.ToString());
    }
  }
  NQ_TRY(Unit created, CreateEntity(scope, std::move(unit)));
  UnitVersion version{0, created.id, parent_id, created.validity};
  NQ_TRY(UnitVersion stored, storage::Insert(scope.tx(), version));
  NQ_RETURN_IF_ERROR(
      scope.Audit("create", "unit_version", stored.id, nullptr, formats::ToJson(stored)));
  return created;
}

namespace {

// What the checks of one batch of values look up, read once per id rather than once per value:
// a file of a million values names a few hundred indicators and units.
class ValueLookups final {
 public:
  explicit ValueLookups(Transaction& tx) : tx_(tx) {}

  Result<const Indicator*> FindIndicator(Id id) { return Find(indicators_, id); }
  Result<const Unit*> FindUnit(Id id) { return Find(units_, id); }

  // The accepted report that locks `unit`'s values for `period`, if any.
  Result<std::optional<Report>> LockingReport(Id unit_id, const Period& period) {
    auto it = accepted_.find(unit_id);
    if (it == accepted_.end()) {
      NQ_TRY(auto reports, storage::List<Report>(tx_, {storage::Eq("unit_id", unit_id),
                                                       storage::Eq("status", "accepted")}));
      it = accepted_.emplace(unit_id, std::move(reports)).first;
    }
    for (const Report& report : it->second) {
      if (report.period.Contains(period)) return std::optional<Report>(report);
    }
    return std::optional<Report>();
  }

 private:
  template <typename T>
  Result<const T*> Find(std::unordered_map<Id, Result<T>>& cache, Id id) {
    auto it = cache.find(id);
    if (it == cache.end()) it = cache.emplace(id, storage::Get<T>(tx_, id)).first;
    if (!it->second) return std::unexpected(it->second.error());
    return &*it->second;
  }

  Transaction& tx_;
  std::unordered_map<Id, Result<Indicator>> indicators_;
  std::unordered_map<Id, Result<Unit>> units_;
  std::unordered_map<Id, std::vector<Report>> accepted_;
};

Result<Value> CheckValue(Transaction& tx, ValueLookups& lookups, const ValueInput& in, size_t index,
                         const Actor& actor, UnixMillis now,
                         const std::function<Status(Id)>& authorize) {
  auto field = [&](std::string_view name) { return fmt::format("/values/{}/{}", index, name); };
  if (authorize) {
    if (auto allowed = authorize(in.unit_id); !allowed) {
      Error error = allowed.error();
      error.field = field("unit_id");
      return std::unexpected(error);
    }
  }
  auto indicator = lookups.FindIndicator(in.indicator_id);
  if (!indicator) return LookupFailed(indicator.error(), field("indicator_id"));
  if ((*indicator)->computed()) {
    return FieldError(field("indicator_id"),
                      "indicator \"{}\" is computed from others and takes no values",
                      (*indicator)->code);
  }
  auto unit = lookups.FindUnit(in.unit_id);
  if (!unit) return LookupFailed(unit.error(), field("unit_id"));
  if (in.period.type() != (*indicator)->period_type) {
    return FieldError(
        field("period"), "period \"{}\" does not fit indicator \"{}\", reported by {}",
        in.period.ToString(), (*indicator)->code, PeriodTypeName((*indicator)->period_type));
  }
  const Validity& open = (*unit)->validity;
  if (open.valid_from > in.period.end() || (open.valid_to && *open.valid_to < in.period.start())) {
    return FieldError(field("period"), "unit \"{}\" is not open in period \"{}\"", (*unit)->code,
                      in.period.ToString());
  }
  Value value;
  value.indicator_id = in.indicator_id;
  value.unit_id = in.unit_id;
  value.period = in.period;
  value.comment = in.comment;
  value.report_id = in.report_id;
  value.entered_by = actor.name;
  value.entered_at = now;
  const json::value& v = in.value;
  switch ((*indicator)->value_type) {
    case ValueType::kNumber:
    case ValueType::kPercent:
      if (!v.is_number()) {
        return FieldError(field("value"),
                          "field \"{}\" must be a number for indicator \"{}\", got {}",
                          field("value"), (*indicator)->code, formats::JsonTypeName(v));
      }
      value.number = v.to_number<double>();
      if ((*indicator)->value_type == ValueType::kPercent &&
          (*value.number < 0 || *value.number > 100)) {
        return FieldError(field("value"), "field \"{}\" must be a percentage 0–100, got {}",
                          field("value"), *value.number);
      }
      break;
    case ValueType::kYesNo:
      if (!v.is_bool()) {
        return FieldError(field("value"),
                          "field \"{}\" must be true or false for indicator \"{}\", got {}",
                          field("value"), (*indicator)->code, formats::JsonTypeName(v));
      }
      value.number = v.get_bool() ? 1 : 0;
      break;
    case ValueType::kText:
      if (!v.is_string()) {
        return FieldError(field("value"),
                          "field \"{}\" must be a string for indicator \"{}\", got {}",
                          field("value"), (*indicator)->code, formats::JsonTypeName(v));
      }
      value.text = std::string(v.get_string());
      break;
  }
  NQ_TRY(auto lock, lookups.LockingReport((*unit)->id, in.period));
  if (lock) {
    return std::unexpected(
        Error{ErrorCode::kFailedPrecondition,
              fmt::format("values of unit \"{}\" for {} are locked: report {} was "
                          "accepted; reopen it first",
                          (*unit)->code, lock->period.ToString(), lock->id),
              fmt::format("/values/{}", index)});
  }
  if (in.report_id) {
    auto report = storage::Get<Report>(tx, *in.report_id);
    if (!report || report->unit_id != in.unit_id) {
      return FieldError(field("report_id"),
                        "field \"{}\": report {} is not a report of unit \"{}\"",
                        field("report_id"), *in.report_id, (*unit)->code);
    }
  }
  return value;
}

}  // namespace

Result<std::vector<Value>> PutValues(WriteScope& scope, const std::vector<ValueInput>& inputs,
                                     std::vector<RecordError>& errors,
                                     const std::function<Status(Id)>& authorize) {
  std::vector<Value> checked;
  checked.reserve(inputs.size());
  ValueLookups lookups(scope.tx());
  for (size_t index = 0; index < inputs.size(); ++index) {
    auto value = CheckValue(scope.tx(), lookups, inputs[index], index, scope.actor(), scope.now(),
                            authorize);
    if (!value) {
      // A failure of the store is no record's fault: the whole batch stops with it.
      if (IsStoreFailure(value.error().code)) {
        errors.clear();
        return std::unexpected(value.error());
      }
      errors.push_back({index, value.error()});
    } else {
      checked.push_back(std::move(*value));
    }
  }
  if (!errors.empty()) {
    Error first = errors.front().error;
    for (const RecordError& e : errors) {
      if (e.error.code == ErrorCode::kPermissionDenied) first.code = e.error.code;
    }
    first.message = fmt::format("{} of {} values rejected, nothing written; first: {}",
                                errors.size(), inputs.size(), first.message);
    return std::unexpected(first);
  }
  std::vector<Value> written;
  for (Value& value : checked) {
    NQ_TRY(Value stored, storage::PutValue(scope.tx(), std::move(value)));
    NQ_RETURN_IF_ERROR(scope.Audit(stored.version == 1 ? "create" : "correct", "value", stored.id,
                                   nullptr, formats::ToJson(stored)));
    scope.ChangedValue(stored);
    written.push_back(std::move(stored));
  }
  return written;
}

namespace {

// The pointer of entry `index` of the list `member` ("/coordinating_unit_ids/2").
std::string EntryPointer(std::string_view member, size_t index) {
  return fmt::format("/{}/{}", member, index);
}

// A unit named twice, or as lead and coordinating both; a coordinating list without a lead.
Status CheckListedUnits(const std::optional<std::vector<Id>>& lead,
                        const std::vector<Id>& coordinating) {
  if (!lead || lead->empty()) {
    if (coordinating.empty()) return Ok();
    return FieldError("/unit_ids",
                      "field \"/unit_ids\": a task with coordinating units needs at least one "
                      "lead unit");
  }
  std::unordered_map<Id, std::string> seen;
  for (const auto& [member, list] :
       {std::pair{"unit_ids", &*lead}, std::pair{"coordinating_unit_ids", &coordinating}}) {
    for (size_t index = 0; index < list->size(); ++index) {
      const std::string pointer = EntryPointer(member, index);
      auto [at, fresh] = seen.emplace((*list)[index], pointer);
      if (fresh) continue;
      return FieldError(
          pointer,
          "field \"{}\": unit {} is already listed at \"{}\"; a unit leads or coordinates, once",
          pointer, (*list)[index], at->second);
    }
  }
  return Ok();
}

}  // namespace

Result<std::pair<Obligation, std::vector<Assignment>>> CreateObligation(
    WriteScope& scope, Obligation obligation, const std::optional<std::vector<Id>>& unit_ids,
    const std::vector<Id>& coordinating_unit_ids) {
  obligation.units_listed = unit_ids.has_value();
  if (obligation.depth < 0 || obligation.depth > kMaxObligationDepth) {
    return FieldError("/depth",
                      "field \"/depth\" must be 0 (every level) or a level from 1 to {}, not {}",
                      kMaxObligationDepth, obligation.depth);
  }
  NQ_RETURN_IF_ERROR(CheckListedUnits(unit_ids, coordinating_unit_ids));
  struct Target {
    Id unit_id;
    AssignmentRole role;
    std::string pointer;
  };
  std::vector<Target> targets;
  if (unit_ids) {
    for (size_t index = 0; index < unit_ids->size(); ++index) {
      targets.push_back(
          {(*unit_ids)[index], AssignmentRole::kLead, EntryPointer("unit_ids", index)});
    }
    for (size_t index = 0; index < coordinating_unit_ids.size(); ++index) {
      targets.push_back({coordinating_unit_ids[index], AssignmentRole::kCoordinate,
                         EntryPointer("coordinating_unit_ids", index)});
    }
  } else {
    NQ_TRY(auto reached, UnitsInReach(scope.tx(), obligation));
    for (const Unit& unit : reached) targets.push_back({unit.id, AssignmentRole::kLead, ""});
  }
  NQ_TRY(Obligation created, CreateEntity(scope, std::move(obligation)));
  std::vector<Assignment> assignments;
  for (const Target& target : targets) {
    auto unit = storage::Get<Unit>(scope.tx(), target.unit_id);
    if (!unit) {
      return FieldError(target.pointer, "field \"{}\": {}", target.pointer, unit.error().message);
    }
    Assignment assignment;
    assignment.obligation_id = created.id;
    assignment.unit_id = unit->id;
    assignment.role = target.role;
    NQ_TRY(Assignment stored, CreateEntity(scope, std::move(assignment)));
    assignments.push_back(std::move(stored));
  }
  return std::make_pair(std::move(created), std::move(assignments));
}

Result<Assignment> UpdateAssignment(WriteScope& scope, Assignment assignment) {
  return UpdateEntity(scope, std::move(assignment));
}

Result<Report> CreateReport(WriteScope& scope, Report report) {
  report.status = ReportStatus::kDraft;
  report.submitted_at.reset();
  report.reviewed_at.reset();
  report.reviewed_by.clear();
  report.review_comment.clear();
  auto created = CreateEntity(scope, std::move(report));
  if (!created && created.error().code == ErrorCode::kAlreadyExists) {
    created.error().message = "a report for this unit, period and document already exists";
  }
  return created;
}

namespace {

Status CheckVersion(std::string_view entity, Id id, int64_t stored,
                    std::optional<int64_t> expected) {
  if (!expected || *expected == stored) return Ok();
  return MakeError(ErrorCode::kAborted,
                   "{} {} was changed by someone else (version {}, expected {})", entity, id,
                   stored, *expected);
}

}  // namespace

Result<Report> UpdateReportSections(WriteScope& scope, Id report_id, int64_t expected_version,
                                    const ReportSections& sections) {
  NQ_TRY(Report report, storage::Get<Report>(scope.tx(), report_id));
  NQ_RETURN_IF_ERROR(CheckVersion("report", report_id, report.version, expected_version));
  if (!report.editable()) {
    return MakeError(ErrorCode::kFailedPrecondition, "report {} is {} and cannot be edited",
                     report_id, ReportStatusName(report.status));
  }
  report.sections = sections;
  return UpdateEntity(scope, std::move(report));
}

Result<Report> TransitionReport(WriteScope& scope, Id report_id, ReportAction action,
                                const std::string& comment,
                                std::optional<int64_t> expected_version) {
  NQ_TRY(Report report, storage::Get<Report>(scope.tx(), report_id));
  NQ_RETURN_IF_ERROR(CheckVersion("report", report_id, report.version, expected_version));
  NQ_TRY(ReportStatus next, NextReportStatus(report.status, action, comment));
  Report before = report;
  report.status = next;
  switch (action) {
    case ReportAction::kSubmit:
      report.submitted_at = scope.now();
      break;
    case ReportAction::kAccept:
    case ReportAction::kReturn:
    case ReportAction::kReopen:
      report.reviewed_at = scope.now();
      report.reviewed_by = scope.actor().name;
      report.review_comment = comment;
      break;
  }
  NQ_TRY(Report after, storage::Update(scope.tx(), std::move(report)));
  NQ_RETURN_IF_ERROR(scope.Audit(ReportActionName(action), "report", after.id,
                                 formats::ToJson(before), formats::ToJson(after)));
  return after;
}

Result<Recommendation> AnswerRecommendation(WriteScope& scope, Id id, const std::string& answer,
                                            std::optional<int64_t> expected_version) {
  NQ_TRY(Recommendation r, storage::Get<Recommendation>(scope.tx(), id));
  NQ_RETURN_IF_ERROR(CheckVersion("recommendation", id, r.version, expected_version));
  if (r.status == RecommendationStatus::kClosed) {
    return MakeError(ErrorCode::kFailedPrecondition, "recommendation {} is closed", id);
  }
  if (answer.empty()) return FieldError("/answer", "field \"/answer\" must not be empty");
  r.answer = answer;
  r.status = RecommendationStatus::kAnswered;
  r.answered_at = scope.now();
  return UpdateEntity(scope, std::move(r));
}

Result<Recommendation> CloseRecommendation(WriteScope& scope, Id id,
                                           std::optional<int64_t> expected_version) {
  NQ_TRY(Recommendation r, storage::Get<Recommendation>(scope.tx(), id));
  NQ_RETURN_IF_ERROR(CheckVersion("recommendation", id, r.version, expected_version));
  if (r.status != RecommendationStatus::kAnswered) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "recommendation {} must be answered before it is closed (it is {})", id,
                     RecommendationStatusName(r.status));
  }
  r.status = RecommendationStatus::kClosed;
  r.closed_at = scope.now();
  return UpdateEntity(scope, std::move(r));
}

}  // namespace nq::app
