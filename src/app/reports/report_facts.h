// What the narrative report reads from the store, in one read transaction.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "app/service.h"
#include "domain/document.h"
#include "domain/indicator.h"
#include "domain/obligation.h"
#include "domain/people.h"
#include "domain/report.h"
#include "domain/unit.h"

namespace nq::app {

struct ReportFacts {
  domain::Unit unit;
  std::optional<domain::Unit> superior;
  std::map<domain::Id, domain::Unit> units;
  std::map<domain::Id, domain::UnitKind> kinds;
  std::map<domain::Id, domain::Indicator> indicators;
  std::vector<domain::Document> documents;  // issued by the unit
  std::vector<domain::Item> targets;        // target items with a measure, of those documents
  std::vector<domain::Obligation> obligations;
  std::vector<domain::Report> reports;  // every report in the subtree
  std::vector<domain::Recommendation> recommendations;
  std::vector<domain::Regime> regimes;                              // issued by the unit
  std::map<domain::Id, std::vector<domain::Extension>> extensions;  // by regime
};

// The facts of the report of `unit_id` as of `as_of`: the items as they stood then.
Result<ReportFacts> LoadReportFacts(Service& service, domain::Id unit_id, Date as_of);

}  // namespace nq::app
