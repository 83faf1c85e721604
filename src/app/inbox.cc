#include "app/inbox.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "app/deadlines.h"
#include "app/use_cases.h"
#include "storage/store.h"

namespace nq::app {
namespace {

using namespace nq::domain;

std::string DateVi(Date date) {
  return fmt::format("{:02}/{:02}/{}", date.day(), date.month(), date.year());
}

// The duties of `unit` not done whose obligation it is expected to meet today: not marked not
// applicable, and the unit not closed before the due date.
Status AddDuties(storage::Transaction& tx, const Unit& unit, Date today, Inbox& inbox) {
  NQ_TRY(auto assignments, storage::List<Assignment>(tx, {storage::Eq("unit_id", unit.id)}));
  for (Assignment& assignment : assignments) {
    if (assignment.complete() || assignment.status == AssignmentStatus::kNotApplicable) continue;
    NQ_TRY(Obligation obligation, storage::Get<Obligation>(tx, assignment.obligation_id));
    if (unit.validity.valid_to && *unit.validity.valid_to < obligation.due_on) continue;
    InboxDuty due{std::move(assignment), obligation, unit, Timeliness::kOpen, false};
    due.timeliness = JudgeTimeliness(obligation.due_on, std::nullopt, today);
    due.due_soon = due.timeliness == Timeliness::kOpen &&
                   obligation.due_on.days() - today.days() <= kDueSoonDays;
    inbox.duties.push_back(std::move(due));
  }
  return Ok();
}

// The report `unit` owes under each regime of its superior that covers its kind: the one of the
// last period ended by today, when it has not been submitted.
Status AddReports(storage::Transaction& tx, const engine::Engine& engine, const Unit& unit,
                  Date today, Inbox& inbox) {
  auto parent = engine.Parent(unit.id, today);
  if (!parent || !*parent) return Ok();
  NQ_TRY(auto regimes, storage::List<Regime>(tx, {storage::Eq("issuer_unit_id", **parent)}));
  for (const Regime& regime : regimes) {
    if (!regime.Covers(unit.kind_id)) continue;
    const Period period = Period::Containing(regime.period_type, today).Previous();
    if (period.start() < unit.validity.valid_from) continue;
    NQ_TRY(auto extensions, ExtensionsFor(tx, regime, period));
    NQ_TRY(auto stored, storage::List<Report>(tx, {storage::Eq("unit_id", unit.id),
                                                   storage::Eq("period", period.ToString())}));
    std::map<Id, Report> reports;
    for (Report& report : stored) {
      const bool ours = report.regime_id ? *report.regime_id == regime.id : !report.document_id;
      if (ours) reports.insert_or_assign(unit.id, std::move(report));
    }
    ReportDeadlines judged = JudgeReports(regime, period, {unit.id}, reports, extensions, today);
    const app::ReportDue& due = judged.units.at(0);
    if (due.timeliness != Timeliness::kOpen && due.timeliness != Timeliness::kOverdue) continue;
    std::optional<Id> report_id;
    if (auto found = reports.find(unit.id); found != reports.end()) report_id = found->second.id;
    inbox.reports.push_back(
        {regime, unit, period, due.due_on, due.extended, due.timeliness, report_id});
  }
  return Ok();
}

// The units of `obligation` to remind: those listed (each holding an assignment of it), or
// every unit expected and not done today.
Result<std::vector<Id>> Recipients(storage::Transaction& tx, const engine::Engine& engine,
                                   const Obligation& obligation,
                                   const std::optional<std::vector<Id>>& unit_ids, Date today) {
  if (!unit_ids) {
    NQ_TRY(auto rollup, engine.RollupObligation(obligation.id, obligation.issuer_unit_id, today));
    std::vector<Id> units;
    for (const engine::AssignmentState& state : rollup.not_done) {
      if (std::find(units.begin(), units.end(), state.unit_id) == units.end()) {
        units.push_back(state.unit_id);
      }
    }
    return units;
  }
  NQ_TRY(auto assignments,
         storage::List<Assignment>(tx, {storage::Eq("obligation_id", obligation.id)}));
  std::vector<Id> units;
  for (size_t index = 0; index < unit_ids->size(); ++index) {
    const Id unit = (*unit_ids)[index];
    const bool assigned = std::any_of(assignments.begin(), assignments.end(),
                                      [&](const Assignment& a) { return a.unit_id == unit; });
    if (!assigned) {
      return FieldError(fmt::format("/unit_ids/{}", index),
                        "field \"/unit_ids/{}\": unit {} holds no assignment of obligation {}",
                        index, unit, obligation.id);
    }
    if (std::find(units.begin(), units.end(), unit) == units.end()) units.push_back(unit);
  }
  return units;
}

}  // namespace

NoticeKind DutyNoticeKind(const Obligation& obligation, Date today) {
  if (obligation.due_on < today) return NoticeKind::kOverdue;
  if (obligation.due_on.days() - today.days() <= kDueSoonDays) return NoticeKind::kDueSoon;
  return NoticeKind::kReminder;
}

std::string DutyNoticeMessage(const Obligation& obligation, NoticeKind kind) {
  if (kind == NoticeKind::kOverdue) {
    return fmt::format(
        "Nhiệm vụ \"{}\" đã quá hạn ngày {}: đề nghị khẩn trương hoàn thành và báo "
        "cáo kết quả",
        obligation.title, DateVi(obligation.due_on));
  }
  return fmt::format("Đề nghị hoàn thành nhiệm vụ \"{}\" trước ngày {}", obligation.title,
                     DateVi(obligation.due_on));
}

Result<Inbox> InboxOf(Service& service, const Principal& principal) {
  const Date today = service.Today();
  const engine::Engine& engine = service.engine();
  return service.database().Read([&](storage::Transaction& tx) -> Result<Inbox> {
    Inbox inbox;
    std::set<Id> seen;
    for (const Grant& grant : principal.grants) {
      if (!seen.insert(grant.unit_id).second) continue;
      auto unit = storage::Get<Unit>(tx, grant.unit_id);
      if (!unit) {
        if (unit.error().code == ErrorCode::kNotFound) continue;
        return std::unexpected(unit.error());
      }
      if (!unit->validity.Covers(today)) continue;
      inbox.unit_ids.push_back(unit->id);
      NQ_RETURN_IF_ERROR(AddDuties(tx, *unit, today, inbox));
      NQ_RETURN_IF_ERROR(AddReports(tx, engine, *unit, today, inbox));
      NQ_TRY(auto notices, storage::List<Notice>(tx, {storage::Eq("unit_id", unit->id)}));
      for (Notice& notice : notices) {
        if (!notice.read_at) ++inbox.unread;
        inbox.notices.push_back(std::move(notice));
      }
    }
    auto by_due = [](Timeliness timeliness, Date due_on) {
      return std::make_tuple(timeliness != Timeliness::kOverdue, due_on);
    };
    std::stable_sort(inbox.duties.begin(), inbox.duties.end(), [&](const auto& a, const auto& b) {
      return by_due(a.timeliness, a.obligation.due_on) < by_due(b.timeliness, b.obligation.due_on);
    });
    std::stable_sort(inbox.reports.begin(), inbox.reports.end(), [&](const auto& a, const auto& b) {
      return by_due(a.timeliness, a.due_on) < by_due(b.timeliness, b.due_on);
    });
    std::sort(inbox.notices.begin(), inbox.notices.end(), [](const Notice& a, const Notice& b) {
      return std::tie(a.created_at, a.id) > std::tie(b.created_at, b.id);
    });
    if (inbox.notices.size() > 200) inbox.notices.resize(200);
    return inbox;
  });
}

Result<Reply> SendRemindersAs(Service& service, const Principal& principal, const Actor& actor,
                              std::string_view fingerprint, Id obligation_id,
                              const std::optional<std::vector<Id>>& unit_ids,
                              const std::function<void(const Notice&)>& sent) {
  std::vector<Notice> made;
  auto reply = MutateAs(
      service, principal, actor, fingerprint,
      [&](WriteScope& scope, const Access& access) -> Result<Reply> {
        made.clear();
        const std::string what = fmt::format("obligation {}", obligation_id);
        NQ_TRY(Obligation obligation, storage::Get<Obligation>(scope.tx(), obligation_id));
        NQ_RETURN_IF_ERROR(RequireRead(scope.tx(), access, obligation, what));
        // Seen (by its issuer's units or the units it is assigned to) but not managed: 403,
        // even when the issuer itself is out of sight.
        if (!access.Can(Action::kManage, obligation.issuer_unit_id)) {
          return access.Denied(Action::kManage, what);
        }
        const Date today = service.Today();
        NQ_TRY(auto units, Recipients(scope.tx(), service.engine(), obligation, unit_ids, today));
        json::array notices;
        for (Id unit : units) {
          Notice notice;
          notice.unit_id = unit;
          notice.obligation_id = obligation.id;
          notice.kind = DutyNoticeKind(obligation, today);
          notice.message = DutyNoticeMessage(obligation, notice.kind);
          notice.sender = access.principal().login;
          notice.created_at = scope.now();
          NQ_TRY(Notice stored, CreateEntity(scope, std::move(notice)));
          notices.push_back(formats::ToJson(stored));
          made.push_back(std::move(stored));
        }
        return Reply{201, json::object{{"sent", made.size()}, {"notices", std::move(notices)}}};
      });
  if (reply && !reply->replayed && sent) {
    for (const Notice& notice : made) sent(notice);
  }
  return reply;
}

Result<Reply> ReadNoticeAs(Service& service, const Principal& principal, const Actor& actor,
                           std::string_view fingerprint, Id id) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    NQ_TRY(Notice notice, storage::Get<Notice>(scope.tx(), id));
                    NQ_RETURN_IF_ERROR(access.Require(Action::kRead, notice.unit_id,
                                                      fmt::format("notice {}", id)));
                    if (notice.read_at) return Reply{200, formats::ToJson(notice)};
                    notice.read_at = scope.now();
                    NQ_TRY(Notice updated, UpdateEntity(scope, std::move(notice)));
                    return Reply{200, formats::ToJson(updated)};
                  });
}

}  // namespace nq::app
