// Reorganisations as a principal: a batch applied with the principal's rights, a unit's lineage
// and a comparable series, both restricted to what the principal may read.
#pragma once

#include <functional>
#include <map>
#include <string_view>
#include <vector>

#include "app/access.h"
#include "app/reorg/reorg.h"
#include "engine/comparable.h"
#include "engine/structure.h"

namespace nq::app {

// Applies `operations` as ApplyReorganisation does, in their own transaction (MutateAs), each
// unit touched checked against the principal's grants: managers act over the units of their
// subtree, a new root needs an administrator over the whole tree (not_found or
// permission_denied otherwise). Reply 201: ReorgResultJson. With `dry_run` the transaction is
// rolled back (Service::DryRun: no idempotency record) and the reply is 200.
Result<Reply> ApplyReorganisationAs(Service& service, const Principal& principal,
                                    const Actor& actor, std::string_view fingerprint,
                                    const std::vector<ReorgOperation>& operations, bool dry_run);

// A unit that came before or after another through a merge, split or the like.
struct LineageNeighbour {
  domain::Id unit_id = 0;
  Date date;
  domain::LineageKind kind = domain::LineageKind::kRename;
};

struct LineageView {
  domain::Unit unit;
  bool open = false;                           // today
  std::vector<domain::Lineage> events;         // the unit's, oldest first
  std::map<domain::Id, domain::Unit> units;    // every unit the events name
  std::vector<LineageNeighbour> predecessors;  // readable ones only
  std::vector<LineageNeighbour> successors;    // readable ones only
};

// The lineage of the unit with id or code `key`; not_found when it is missing or out of sight.
Result<LineageView> ViewLineage(Service& service, const Principal& principal, std::string_view key);

struct SeriesQuery {
  domain::Id indicator = 0;
  domain::Id unit = 0;
  bool comparable = false;
  // The periods asked for, given the indicator (decoded from the request once it is known).
  std::function<Result<std::vector<domain::Period>>(const domain::Indicator&)> periods;
};

struct SeriesView {
  std::vector<engine::ComparablePoint> points;
  std::vector<engine::Predecessor> predecessors;  // units merged whole into the unit
};

// The indicator for the unit period by period; not_found or permission_denied when the
// principal may not read the unit, not_found for an unknown indicator, the errors of `periods`
// and of engine::ComparableSeries.
Result<SeriesView> SeriesAs(Service& service, const Principal& principal, const SeriesQuery& query);

}  // namespace nq::app
