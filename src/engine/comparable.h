// Comparable series: a unit's figures period by period, where the periods before a merge also
// count the units merged whole into it, combined by the indicator's rules across units (sums add
// up, percentages are recomputed from their summed numerators and denominators, yes/no becomes a
// count). Built on the engine's public roll-ups, each taken on the tree as it stood then.
#pragma once

#include <optional>
#include <vector>

#include "engine/engine.h"

namespace nq::engine {

// Why a point has no value though its units reported; the application layer words it
// (app::ComparableNoteVi, ComparableNoteEn).
enum class ComparableNote {
  kNone,
  kDoesNotCombine,  // rebuilt from several units, but the indicator does not combine across units
};

struct ComparablePoint {
  domain::Period period = domain::Period::Year(2021);
  std::optional<double> value;  // absent when nobody reported, or the figures do not combine
  std::optional<double> numerator;
  std::optional<double> denominator;
  int units_reporting = 0;
  bool rebuilt = false;           // predecessors' figures are part of the value
  std::vector<Id> from_unit_ids;  // the units whose figures make the value, in id order
  ComparableNote note = ComparableNote::kNone;  // why a rebuilt value is absent
};

// The figures of `indicator` for `unit_id`, one point per period. With `comparable`, periods
// that started before a unit was merged whole into `unit_id` also count that unit (and, in
// turn, its own predecessors); without, each point is the unit's own roll-up. Each roll-up is
// taken as of the period's end, or the unit's last open day if it closed before.
// Errors: not_found for an unknown unit (from the engine); invalid_argument for a period finer
// than the indicator's.
Result<std::vector<ComparablePoint>> ComparableSeries(const Engine& engine,
                                                      const domain::Indicator& indicator,
                                                      Id unit_id,
                                                      const std::vector<domain::Period>& periods,
                                                      bool comparable);

}  // namespace nq::engine
