#include "app/deadlines.h"

namespace nq::app {

using namespace nq::domain;

Result<std::optional<Regime>> RegimeFor(storage::Transaction& tx, Id issuer, PeriodType type) {
  NQ_TRY(auto regimes, storage::List<Regime>(
                           tx, {storage::Eq("issuer_unit_id", issuer),
                                storage::Eq("period_type", std::string(PeriodTypeName(type)))}));
  if (regimes.empty()) return std::optional<Regime>();
  return std::optional<Regime>(std::move(regimes.front()));
}

Result<std::map<Id, Extension>> ExtensionsFor(storage::Transaction& tx, const Regime& regime,
                                              const Period& period) {
  NQ_TRY(auto rows, storage::List<Extension>(tx, {storage::Eq("regime_id", regime.id),
                                                  storage::Eq("period", period.ToString())}));
  std::map<Id, Extension> out;
  for (Extension& e : rows) out.emplace(e.unit_id, std::move(e));
  return out;
}

Timeliness ReportTimeliness(const std::optional<Report>& report, Date due_on, Date today) {
  std::optional<Date> sent;
  if (report && report->submitted_at &&
      (report->status == ReportStatus::kSubmitted || report->status == ReportStatus::kAccepted)) {
    sent = Date::InVietnam(*report->submitted_at);
  }
  return JudgeTimeliness(due_on, sent, today);
}

Timeliness RecommendationTimeliness(const Recommendation& recommendation, Date today) {
  std::optional<Date> answered;
  if (recommendation.answered_at) answered = Date::InVietnam(*recommendation.answered_at);
  return JudgeTimeliness(recommendation.due_on, answered, today);
}

ReportDeadlines JudgeReports(const Regime& regime, const Period& period,
                             const std::vector<Id>& units, const std::map<Id, Report>& reports,
                             const std::map<Id, Extension>& extensions, Date today) {
  ReportDeadlines out;
  out.regime = regime;
  for (Id unit : units) {
    ReportDue due;
    due.unit_id = unit;
    due.due_on = regime.DueOn(period);
    if (auto extension = extensions.find(unit); extension != extensions.end()) {
      due.due_on = extension->second.due_on;
      due.extended = true;
    }
    auto report = reports.find(unit);
    due.timeliness = ReportTimeliness(
        report == reports.end() ? std::nullopt : std::optional<Report>(report->second), due.due_on,
        today);
    out.counts.Add(due.timeliness);
    out.units.push_back(due);
  }
  return out;
}

}  // namespace nq::app
