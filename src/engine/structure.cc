#include "engine/structure.h"

#include <algorithm>
#include <tuple>

#include "engine/engine.h"

namespace nq::engine {

Structure::Structure(const std::vector<domain::Unit>& units, std::vector<domain::Lineage> lineages)
    : lineages_(std::move(lineages)) {
  for (const domain::Unit& unit : units) validity_.emplace(unit.id, unit.validity);
  std::sort(lineages_.begin(), lineages_.end(), [](const auto& a, const auto& b) {
    return std::tie(a.date, a.id) < std::tie(b.date, b.id);
  });
  for (size_t index = 0; index < lineages_.size(); ++index) {
    std::vector<Id> named = lineages_[index].source_unit_ids;
    named.insert(named.end(), lineages_[index].target_unit_ids.begin(),
                 lineages_[index].target_unit_ids.end());
    std::sort(named.begin(), named.end());
    named.erase(std::unique(named.begin(), named.end()), named.end());
    for (Id unit_id : named) events_of_[unit_id].push_back(index);
  }
}

const domain::Validity* Structure::ValidityOf(Id unit_id) const {
  auto it = validity_.find(unit_id);
  return it == validity_.end() ? nullptr : &it->second;
}

Date Structure::LastOpenOnOrBefore(Id unit_id, Date as_of) const {
  const domain::Validity* validity = ValidityOf(unit_id);
  if (validity == nullptr || !validity->valid_to || as_of <= *validity->valid_to) return as_of;
  if (*validity->valid_to < validity->valid_from) return as_of;
  return *validity->valid_to;
}

std::vector<const domain::Lineage*> Structure::EventsOf(Id unit_id) const {
  std::vector<const domain::Lineage*> out;
  auto it = events_of_.find(unit_id);
  if (it == events_of_.end()) return out;
  for (size_t index : it->second) out.push_back(&lineages_[index]);
  return out;
}

std::vector<Predecessor> Structure::WholePredecessors(Id unit_id) const {
  std::vector<Predecessor> out;
  for (const domain::Lineage* event : EventsOf(unit_id)) {
    if (event->kind != domain::LineageKind::kMerge) continue;
    if (event->target_unit_ids.size() != 1 || event->target_unit_ids.front() != unit_id) continue;
    for (Id source : event->source_unit_ids) {
      if (source != unit_id) out.push_back({source, event->date});
    }
  }
  return out;
}

std::vector<const domain::Lineage*> Structure::ChangesWithin(
    const domain::Period& period, const std::vector<Id>& unit_ids) const {
  std::vector<const domain::Lineage*> out;
  for (const domain::Lineage& event : lineages_) {
    if (event.date <= period.start() || event.date > period.end()) continue;
    if (event.kind == domain::LineageKind::kRename) continue;  // names do not change figures
    auto named = [&](Id id) {
      return std::find(unit_ids.begin(), unit_ids.end(), id) != unit_ids.end();
    };
    bool relevant =
        unit_ids.empty() ||
        std::any_of(event.source_unit_ids.begin(), event.source_unit_ids.end(), named) ||
        std::any_of(event.target_unit_ids.begin(), event.target_unit_ids.end(), named);
    if (relevant) out.push_back(&event);
  }
  return out;
}

namespace {

// The events after `from` up to `to` (from < date <= to) that change the tree and touched
// `unit_id`'s subtree as it stood on `as_of` or on the eve of the event.
std::vector<const domain::Lineage*> TouchingBetween(const Engine& engine,
                                                    const Structure& structure, Id unit_id,
                                                    Date from, Date to, Date as_of) {
  std::vector<const domain::Lineage*> out;
  for (const domain::Lineage& event : structure.lineages()) {
    if (event.date <= from || event.date > to) continue;
    if (event.kind == domain::LineageKind::kRename) continue;  // names do not change figures
    auto touched = [&](Id id) {
      return engine.InSubtree(id, unit_id, as_of) ||
             engine.InSubtree(id, unit_id, event.date.AddDays(-1));
    };
    bool relevant = false;
    for (const auto* ids : {&event.source_unit_ids, &event.target_unit_ids}) {
      for (Id id : *ids) relevant = relevant || touched(id);
    }
    if (relevant) out.push_back(&event);
  }
  return out;
}

}  // namespace

std::vector<const domain::Lineage*> ChangesTouching(const Engine& engine,
                                                    const Structure& structure, Id unit_id,
                                                    const domain::Period& period, Date as_of) {
  return TouchingBetween(engine, structure, unit_id, period.start(), period.end(), as_of);
}

Date DefaultStructureDate(const Structure& structure, Id unit_id,
                          const std::optional<domain::Period>& period, Date today) {
  Date day = period && period->end() < today ? period->end() : today;
  // A unit opened after that day had no place in its tree: today's tree holds it.
  const domain::Validity* validity = structure.ValidityOf(unit_id);
  if (validity != nullptr && validity->valid_from > day) day = today;
  return structure.LastOpenOnOrBefore(unit_id, day);
}

namespace {

std::vector<Date> DatesOf(const std::vector<const domain::Lineage*>& events) {
  std::vector<Date> dates;
  for (const domain::Lineage* event : events) {
    if (std::find(dates.begin(), dates.end(), event->date) == dates.end()) {
      dates.push_back(event->date);
    }
  }
  return dates;
}

}  // namespace

StructureNote NoteFor(const Engine& engine, const Structure& structure, Id unit_id,
                      const domain::Period& period, Date as_of, std::optional<Date> today) {
  StructureNote note;
  note.period = period;
  note.as_of = as_of;
  note.changes = ChangesTouching(engine, structure, unit_id, period, as_of);
  note.dates = DatesOf(note.changes);
  if (today && as_of < *today) {
    // The events after the structure's day, up to today, that touched the unit's subtree then.
    note.later_changes = TouchingBetween(engine, structure, unit_id, as_of, *today, as_of);
    note.later_dates = DatesOf(note.later_changes);
  }
  return note;
}

}  // namespace nq::engine
