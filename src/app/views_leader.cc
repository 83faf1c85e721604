// The leader's dashboard: a committee member's fields and units (their responsibilities), and in
// them the targets at risk, the duties not finished, the overdue ones and the recommendations
// waiting for an answer.
#include <algorithm>
#include <map>
#include <set>

#include "app/deadlines.h"
#include "app/derived_items.h"
#include "app/views.h"
#include "app/views_common.h"

namespace nq::app {
namespace {

using namespace nq::domain;
using views::Names;

bool AtRisk(engine::TargetStatus status) {
  return status == engine::TargetStatus::kAtRisk || status == engine::TargetStatus::kOffTrack ||
         status == engine::TargetStatus::kNotReached;
}

// What the leader is in charge of: fields by code, units by id.
struct Charge {
  std::set<std::string> fields;
  std::vector<Id> units;

  bool InField(const std::string& code) const { return !code.empty() && fields.contains(code); }
};

// The field of each item, read once.
class ItemFields final {
 public:
  explicit ItemFields(storage::Transaction& tx) : tx_(tx) {}
  Result<std::string> Of(std::optional<Id> item_id) {
    if (!item_id) return std::string();
    auto found = fields_.find(*item_id);
    if (found != fields_.end()) return found->second;
    NQ_TRY(Item item, storage::Get<Item>(tx_, *item_id));
    return fields_.emplace(*item_id, item.field_code).first->second;
  }

 private:
  storage::Transaction& tx_;
  std::map<Id, std::string> fields_;
};

Status TargetsAtRisk(storage::Transaction& tx, const engine::Engine& engine, const Access& access,
                     const Charge& charge, Date today, LeaderDashboard& view) {
  if (charge.fields.empty()) return Ok();
  NQ_TRY(auto items, storage::List<Item>(tx, {storage::Eq("kind", "target")}));
  const ItemDates item_dates(*engine.structure());
  for (Item& item : items) {
    if (!item.measure || !charge.InField(item.field_code)) continue;
    if (!item_dates.ExistsOn(item.id, today)) continue;
    auto progress = engine.Progress(item.id, today);
    if (!progress || !AtRisk(progress->status)) continue;
    if (!access.Can(Action::kRead, progress->unit_id)) continue;
    NQ_TRY(Document document, storage::Get<Document>(tx, item.document_id));
    NQ_TRY(Indicator indicator, storage::Get<Indicator>(tx, item.measure->indicator_id));
    view.targets_at_risk.push_back(
        TargetSummary{*progress, std::move(item), std::move(document), std::move(indicator)});
  }
  return Ok();
}

// The obligations with work not finished in the leader's fields (over the issuer's subtree)
// or units (over each unit's subtree).
Status Duties(storage::Transaction& tx, Names& names, const engine::Engine& engine,
              const Access& access, const Charge& charge, Date today, LeaderDashboard& view) {
  NQ_TRY(auto obligations, storage::List<Obligation>(tx));
  std::sort(obligations.begin(), obligations.end(), [](const Obligation& a, const Obligation& b) {
    return std::tie(a.due_on, a.id) < std::tie(b.due_on, b.id);
  });
  ItemFields fields(tx);
  for (const Obligation& obligation : obligations) {
    NQ_TRY(std::string field, fields.Of(obligation.item_id));
    const bool in_field = charge.InField(field);
    if (!in_field && charge.units.empty()) continue;
    auto whole = engine.RollupObligation(obligation.id, obligation.issuer_unit_id, today);
    if (!whole) continue;
    LeaderDuty duty{obligation, "", field, whole->total, {}};
    for (const engine::AssignmentState& state : whole->not_done) {
      const bool in_unit = std::any_of(charge.units.begin(), charge.units.end(), [&](Id unit) {
        return engine.InSubtree(state.unit_id, unit, today);
      });
      if (!(in_field || in_unit) || !access.Can(Action::kRead, state.unit_id)) continue;
      NQ_TRY(UnitBrief unit, names.Brief(state.unit_id));
      duty.unfinished.push_back(PerformanceDuty{
          obligation, std::move(unit), state.assignment_id, state.effective_due, state.completed_on,
          state.overdue ? Timeliness::kOverdue : Timeliness::kOpen});
    }
    if (duty.unfinished.empty()) continue;
    NQ_TRY(const Unit* issuer, names.UnitById(obligation.issuer_unit_id));
    duty.issuer_name = issuer->short_name;
    for (const PerformanceDuty& row : duty.unfinished) {
      if (row.timeliness == Timeliness::kOverdue) view.overdue.push_back(row);
    }
    view.duties.push_back(std::move(duty));
  }
  std::stable_sort(
      view.overdue.begin(), view.overdue.end(),
      [](const PerformanceDuty& a, const PerformanceDuty& b) { return a.due_on < b.due_on; });
  return Ok();
}

// Open recommendations addressed to the leader's units or raised about a target of their fields.
Status Recommendations(storage::Transaction& tx, Names& names, const Access& access,
                       const Charge& charge, Date today, LeaderDashboard& view) {
  NQ_TRY(auto rows, storage::List<Recommendation>(tx));
  ItemFields fields(tx);
  for (Recommendation& r : rows) {
    if (r.status != RecommendationStatus::kOpen) continue;
    NQ_TRY(std::string field, fields.Of(r.item_id));
    const bool to_unit =
        std::find(charge.units.begin(), charge.units.end(), r.to_unit_id) != charge.units.end();
    if (!to_unit && !charge.InField(field)) continue;
    if (!access.Can(Action::kRead, r.from_unit_id) && !access.Can(Action::kRead, r.to_unit_id)) {
      continue;
    }
    NQ_TRY(const Unit* from, names.UnitById(r.from_unit_id));
    NQ_TRY(const Unit* to, names.UnitById(r.to_unit_id));
    const Timeliness timeliness = RecommendationTimeliness(r, today);
    view.recommendations.push_back(
        OpenRecommendation{std::move(r), from->short_name, to->short_name,
                           timeliness == Timeliness::kOverdue, timeliness});
  }
  return Ok();
}

}  // namespace

Result<LeaderDashboard> ViewLeaderDashboard(Service& service, const Principal& principal) {
  const engine::Engine& engine = service.engine();
  const Date today = service.Today();
  Access access(principal, engine, today);
  return service.database().Read([&](storage::Transaction& tx) -> Result<LeaderDashboard> {
    LeaderDashboard view;
    view.as_of = today;
    NQ_TRY(User user, storage::Get<User>(tx, principal.user_id));
    if (!user.person_id) return view;
    NQ_TRY(view.person, storage::Get<Person>(tx, *user.person_id));
    NQ_TRY(auto responsibilities,
           storage::List<Responsibility>(tx, {storage::Eq("person_id", *user.person_id)}));
    NQ_TRY(auto field_rows, storage::List<Field>(tx));
    std::map<std::string, std::string> field_names;
    for (const Field& field : field_rows) field_names.emplace(field.code, field.name);
    Names names(tx);
    Charge charge;
    for (Responsibility& r : responsibilities) {
      LeaderCharge entry{r, "", std::nullopt};
      if (!r.field_code.empty()) {
        charge.fields.insert(r.field_code);
        if (auto name = field_names.find(r.field_code); name != field_names.end()) {
          entry.field_name = name->second;
        }
      }
      if (r.unit_id && access.Can(Action::kRead, *r.unit_id)) {
        charge.units.push_back(*r.unit_id);
        NQ_TRY(entry.unit, names.Brief(*r.unit_id));
      }
      view.charges.push_back(std::move(entry));
    }
    NQ_RETURN_IF_ERROR(TargetsAtRisk(tx, engine, access, charge, today, view));
    NQ_RETURN_IF_ERROR(Duties(tx, names, engine, access, charge, today, view));
    NQ_RETURN_IF_ERROR(Recommendations(tx, names, access, charge, today, view));
    return view;
  });
}

}  // namespace nq::app
