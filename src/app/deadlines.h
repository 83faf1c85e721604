// Deadlines of periodic reports: the regime a unit's subordinates report a period under, each
// one's due date (the issuer's extension, else the regime's rule) and how their reports stand
// against it, in the one vocabulary of domain/timeliness.h.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "domain/people.h"
#include "domain/report.h"
#include "domain/timeliness.h"
#include "storage/store.h"

namespace nq::app {

// The regime `issuer`'s subordinates report periods of `type` under: the issuer's first regime
// of that type (by id); nullopt when it has none.
Result<std::optional<domain::Regime>> RegimeFor(storage::Transaction& tx, domain::Id issuer,
                                                domain::PeriodType type);

// The extensions of `regime` for `period`, by unit.
Result<std::map<domain::Id, domain::Extension>> ExtensionsFor(storage::Transaction& tx,
                                                              const domain::Regime& regime,
                                                              const domain::Period& period);

// A report's timeliness against `due_on`, judged on `today`: submitted (or accepted since) on or
// before the due date is on time, after it late; not submitted (none, a draft, or returned to
// the unit) is overdue once the due date has passed, open before.
domain::Timeliness ReportTimeliness(const std::optional<domain::Report>& report, Date due_on,
                                    Date today);

// A recommendation's answer against its answer-by date, judged on `today`: answered on time,
// answered late, overdue (no answer, the date past) or open (no answer yet, or no date).
domain::Timeliness RecommendationTimeliness(const domain::Recommendation& recommendation,
                                            Date today);

// How the reports of `units` for `period` stand under `regime` on `today`: one entry per unit
// with its due date and timeliness, and the counts.
struct ReportDue {
  domain::Id unit_id = 0;
  Date due_on;
  bool extended = false;
  domain::Timeliness timeliness = domain::Timeliness::kOpen;
};
struct ReportDeadlines {
  domain::Regime regime;
  std::vector<ReportDue> units;  // in the order given
  domain::TimelinessCounts counts;
};
ReportDeadlines JudgeReports(const domain::Regime& regime, const domain::Period& period,
                             const std::vector<domain::Id>& units,
                             const std::map<domain::Id, domain::Report>& reports,
                             const std::map<domain::Id, domain::Extension>& extensions, Date today);

}  // namespace nq::app
