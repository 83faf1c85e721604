// Structure: each unit's open span and the reorganisation events (lineage), kept beside the
// engine's model. Answers what the model does not: where a closed unit's last day was, which
// units were merged whole into a successor, and which events fall inside a period.
#pragma once

#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/period.h"
#include "domain/unit.h"

namespace nq::engine {

using domain::Id;

// A unit merged whole into another on `date`: its figures before that date are part of the
// successor's comparable series.
struct Predecessor {
  Id unit_id = 0;
  Date date;
};

class Structure final {
 public:
  Structure() = default;
  Structure(const std::vector<domain::Unit>& units, std::vector<domain::Lineage> lineages);

  // The unit's open span; nullptr for an unknown unit.
  const domain::Validity* ValidityOf(Id unit_id) const;
  // `as_of`, or the unit's last open day when it closed before `as_of`. An unknown unit, or one
  // not opened yet, answers `as_of`.
  Date LastOpenOnOrBefore(Id unit_id, Date as_of) const;

  // Every event, by date then id.
  const std::vector<domain::Lineage>& lineages() const { return lineages_; }
  // The events naming the unit on either side, by date then id.
  std::vector<const domain::Lineage*> EventsOf(Id unit_id) const;
  // Units merged whole into `unit_id` (the sources of a merge whose only target it is), by date.
  std::vector<Predecessor> WholePredecessors(Id unit_id) const;
  // The events that change the tree strictly inside `period` (start < date <= end) and name one
  // of `unit_ids`; every such event when `unit_ids` is empty.
  std::vector<const domain::Lineage*> ChangesWithin(const domain::Period& period,
                                                    const std::vector<Id>& unit_ids) const;

 private:
  std::unordered_map<Id, domain::Validity> validity_;
  std::vector<domain::Lineage> lineages_;
  std::unordered_map<Id, std::vector<size_t>> events_of_;  // unit id → indexes into lineages_
};

class Engine;

// The rule for the structure a figure uses (docs/structure-rule.md): the day whose tree a figure
// of `unit_id` over `period` is computed in when the caller names none. A period wholly in the
// past uses its last day; a period still running (or no period) uses `today`, and so does a
// unit opened after the period; a unit closed by that day uses its last open day.
Date DefaultStructureDate(const Structure& structure, Id unit_id,
                          const std::optional<domain::Period>& period, Date today);

// The events inside `period` (as ChangesWithin) that touched `unit_id`'s subtree as it stood on
// `as_of` or on the eve of the event: what a figure over that period should say it spans.
std::vector<const domain::Lineage*> ChangesTouching(const Engine& engine,
                                                    const Structure& structure, Id unit_id,
                                                    const domain::Period& period, Date as_of);

// What a figure over `period` says about the structure it used, as facts: the changes it spans
// (as ChangesTouching), their dates, and the date of the tree its figures use; and the changes
// after that date up to `today` that touched the unit's subtree (the tree has changed since).
// The application layer words them (app::StructureNoteVi, StructureNoteEn).
struct StructureNote {
  domain::Period period = domain::Period::Year(2021);
  Date as_of;
  std::vector<const domain::Lineage*> changes;
  std::vector<Date> dates;  // the changes' dates, each once, in order
  std::vector<const domain::Lineage*> later_changes;
  std::vector<Date> later_dates;  // the later changes' dates, each once, in order
};
// `today` defaults to `as_of` (no later changes).
StructureNote NoteFor(const Engine& engine, const Structure& structure, Id unit_id,
                      const domain::Period& period, Date as_of,
                      std::optional<Date> today = std::nullopt);

}  // namespace nq::engine
