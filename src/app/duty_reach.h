// Who an obligation reaches: the units of its kinds down to its depth below the issuer; the
// duties a unit takes on when it opens or moves into that reach; and how many units a planned
// obligation would reach (docs/decisions/0012-duties-over-the-subtree.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/access.h"
#include "app/service.h"

namespace nq::app {

// The units `obligation` reaches: under its issuer in the tree of its issue day or of its due
// day, 1 to `depth` levels down (any level for depth 0), of one of its kinds (any when empty).
// invalid_argument naming "/depth" for a depth out of 0…kMaxObligationDepth.
Result<std::vector<domain::Unit>> UnitsInReach(storage::Transaction& tx,
                                               const domain::Obligation& obligation);

// Gives unit `unit_id`, opened or moved under a new superior on `date`, an assignment of every
// obligation of its superiors on that day whose reach it now enters and that falls due on or
// after `date` (one listing its units by hand never grows); so do the units under it that day,
// when it moved with them. A duty a unit already has is kept as it
// is. Each assignment is audited and told to the engine. Returns the assignments made.
Result<std::vector<domain::Assignment>> AssignDutiesInReach(WriteScope& scope, domain::Id unit_id,
                                                            Date date);

struct ReachQuery {
  domain::Id issuer_unit_id = 0;
  std::vector<domain::Id> kind_ids;  // empty: every kind
  int64_t depth = 1;
  std::optional<Date> on;  // the tree of this day; today when absent
};

struct ReachByKind {
  domain::Id kind_id = 0;
  std::string code;
  std::string name;  // Vietnamese
  std::string name_en;
  int64_t count = 0;
};

struct Reach {
  domain::Id issuer_unit_id = 0;
  int64_t depth = 1;
  Date on;
  int64_t total = 0;
  std::vector<ReachByKind> by_kind;  // kinds in the order of their level, then code
};

// How many units an obligation of `query` would reach on `query.on`, by kind, counting only the
// units the principal reads. not_found when the issuer is missing or out of sight,
// invalid_argument naming "depth" or "kind_ids" for a bad depth or an unknown kind.
Result<Reach> ObligationReach(Service& service, const Principal& principal,
                              const ReachQuery& query);

}  // namespace nq::app
