// Data follows lineage: what a closing unit holds for after its last day goes to the successor
// that carries it, and duties it can no longer meet become not applicable instead of failing.
// Everything dated before the change stays the unit's own.
#include <map>

#include "app/reorg/reorg_internal.h"
#include "domain/report.h"
#include "formats/codec.h"

namespace nq::app::reorg {
namespace {

using namespace nq::domain;

// The rows of the unit dated on or after `date`.
struct Later {
  std::vector<Value> values;
  std::vector<Report> reports;
};

Result<Later> RowsFrom(storage::Transaction& tx, Id unit_id, Date date) {
  Later later;
  NQ_TRY(auto values, storage::CurrentValues(tx, {storage::Eq("unit_id", unit_id)}));
  for (Value& value : values) {
    if (value.period.start() >= date) later.values.push_back(std::move(value));
  }
  NQ_TRY(auto reports, storage::List<Report>(tx, {storage::Eq("unit_id", unit_id)}));
  for (Report& report : reports) {
    if (report.period.start() >= date) later.reports.push_back(std::move(report));
  }
  return later;
}

Status CarryValues(Batch& batch, const Closing& closing, Id carrier,
                   const std::vector<Value>& values) {
  for (const Value& value : values) {
    NQ_TRY(auto taken,
           storage::CurrentValues(batch.tx(), {storage::Eq("unit_id", carrier),
                                               storage::Eq("indicator_id", value.indicator_id),
                                               storage::Eq("period", value.period.ToString())}));
    if (!taken.empty()) {
      return batch.Invalid("carry_to",
                           "cannot carry the value of {} for indicator {} and {} to unit {}: it "
                           "has its own",
                           Label(closing.unit), value.indicator_id, value.period.ToString(),
                           carrier);
    }
    NQ_RETURN_IF_ERROR(
        storage::MoveValue(batch.tx(), value.indicator_id, value.period, closing.unit.id, carrier));
    Value moved = value;
    moved.unit_id = carrier;
    NQ_RETURN_IF_ERROR(batch.scope().Audit("carry", "value", value.id, formats::ToJson(value),
                                           formats::ToJson(moved)));
    batch.Note("carry_value", "value", value.id,
               fmt::format("Số liệu kỳ {} của {} chuyển cho đơn vị kế thừa {}",
                           value.period.ToString(), Label(closing.unit), carrier),
               fmt::format("value for {} of {} carried to successor {}", value.period.ToString(),
                           Label(closing.unit), carrier));
  }
  return Ok();
}

Status CarryReports(Batch& batch, const Closing& closing, Id carrier,
                    const std::vector<Report>& reports) {
  for (const Report& report : reports) {
    Report moved = report;
    moved.unit_id = carrier;
    auto after = storage::Update(batch.tx(), moved);
    if (!after && after.error().code == ErrorCode::kAlreadyExists) {
      return batch.Invalid("carry_to",
                           "cannot carry report {} ({}) of {} to unit {}: it has its own for "
                           "that period",
                           report.id, report.period.ToString(), Label(closing.unit), carrier);
    }
    if (!after) return std::unexpected(after.error());
    NQ_RETURN_IF_ERROR(batch.scope().Audit("carry", "report", report.id, formats::ToJson(report),
                                           formats::ToJson(*after)));
    batch.Note("carry_report", "report", report.id,
               fmt::format("Báo cáo kỳ {} của {} chuyển cho đơn vị kế thừa {}",
                           report.period.ToString(), Label(closing.unit), carrier),
               fmt::format("report for {} of {} carried to successor {}", report.period.ToString(),
                           Label(closing.unit), carrier));
  }
  return Ok();
}

// Duties not done and due on or after `date`: not applicable for the closing unit, and owed by
// the carrier instead (unless it already has them).
Status FollowDuties(Batch& batch, const Closing& closing, Date date, json::array& closed,
                    json::array& passed) {
  NQ_TRY(auto assignments,
         storage::List<Assignment>(batch.tx(), {storage::Eq("unit_id", closing.unit.id)}));
  for (const Assignment& assignment : assignments) {
    if (assignment.status == AssignmentStatus::kDone ||
        assignment.status == AssignmentStatus::kNotApplicable) {
      continue;
    }
    NQ_TRY(Obligation obligation, storage::Get<Obligation>(batch.tx(), assignment.obligation_id));
    if (obligation.due_on < date) continue;  // due while it existed: its own, done or not
    Assignment updated = assignment;
    updated.status = AssignmentStatus::kNotApplicable;
    NQ_TRY(Assignment after, storage::Update(batch.tx(), updated));
    NQ_RETURN_IF_ERROR(batch.scope().Audit("update", "assignment", after.id,
                                           formats::ToJson(assignment), formats::ToJson(after)));
    batch.scope().ChangedAssignment(after);
    closed.push_back(after.id);
    batch.Note("not_applicable", "assignment", after.id,
               fmt::format("Nhiệm vụ \"{}\" của {}: không áp dụng (đơn vị kết thúc trước hạn {})",
                           obligation.title, Label(closing.unit), DateVi(obligation.due_on)),
               fmt::format("duty \"{}\" of {}: not applicable (closed before it fell due on {})",
                           obligation.code, Label(closing.unit), obligation.due_on.ToString()));
    if (!closing.carry_to) continue;
    NQ_TRY(auto owned,
           storage::List<Assignment>(batch.tx(), {storage::Eq("obligation_id", obligation.id),
                                                  storage::Eq("unit_id", *closing.carry_to)}));
    if (!owned.empty()) continue;
    Assignment inherited;
    inherited.obligation_id = obligation.id;
    inherited.unit_id = *closing.carry_to;
    inherited.role = assignment.role;
    NQ_TRY(Assignment created, storage::Insert(batch.tx(), inherited));
    NQ_RETURN_IF_ERROR(
        batch.scope().Audit("create", "assignment", created.id, nullptr, formats::ToJson(created)));
    batch.scope().ChangedAssignment(created);
    passed.push_back(created.id);
    batch.Note(
        "carry_assignment", "assignment", created.id,
        fmt::format("Nhiệm vụ \"{}\" chuyển cho đơn vị kế thừa {}", obligation.title,
                    *closing.carry_to),
        fmt::format("duty \"{}\" passed to successor {}", obligation.code, *closing.carry_to));
  }
  return Ok();
}

// The array at `key`, made empty when absent: one event may close several units.
json::array& ArrayAt(json::object& details, std::string_view key) {
  json::value& slot = details[key];
  if (!slot.is_array()) slot.emplace_array();
  return slot.as_array();
}

int64_t Count(const json::object& details, std::string_view key) {
  const json::value* value = details.if_contains(key);
  return value && value->is_int64() ? value->as_int64() : 0;
}

}  // namespace

Status Batch::FollowData(const Closing& closing, Date date, json::object& details) {
  NQ_TRY(Later later, RowsFrom(tx(), closing.unit.id, date));
  if ((!later.values.empty() || !later.reports.empty()) && !closing.carry_to) {
    const std::string first =
        later.values.empty() ? fmt::format("report for {}", later.reports.front().period.ToString())
                             : fmt::format("indicator {} for {}", later.values.front().indicator_id,
                                           later.values.front().period.ToString());
    return Invalid(closing.successors.empty() ? "unit" : "carry_to",
                   "closing {} on {} would lose {} value(s) and {} report(s) dated after it "
                   "(first: {}); name a successor to carry them",
                   Label(closing.unit), date.ToString(), later.values.size(), later.reports.size(),
                   first);
  }
  if (closing.carry_to) {
    NQ_RETURN_IF_ERROR(CarryValues(*this, closing, *closing.carry_to, later.values));
    NQ_RETURN_IF_ERROR(CarryReports(*this, closing, *closing.carry_to, later.reports));
  }
  json::array closed;
  json::array passed;
  NQ_RETURN_IF_ERROR(FollowDuties(*this, closing, date, closed, passed));
  details["values_carried"] = Count(details, "values_carried") + std::ssize(later.values);
  details["reports_carried"] = Count(details, "reports_carried") + std::ssize(later.reports);
  for (const json::value& id : closed) ArrayAt(details, "assignments_not_applicable").push_back(id);
  for (const json::value& id : passed) ArrayAt(details, "assignments_carried").push_back(id);
  return Ok();
}

}  // namespace nq::app::reorg
