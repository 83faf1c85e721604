// Which structure a figure used: the tree as of a date, and the reorganisations a period spans;
// and, for a target, the targets derived from it for successors (or the one it was derived from).
#pragma once

#include <boost/json/object.hpp>
#include <optional>

#include "domain/period.h"
#include "engine/engine.h"
#include "formats/json_schema.h"

namespace nq::api {

// Adds "structure_as_of" (the date of the tree the figure used) with "structure_label" and
// "structure_label_en" to show beside the figure ("theo địa giới hành chính ngày 31/12/2024")
// and, when `period` spans a reorganisation of the unit's subtree or one touched it after
// `as_of` up to `today`, "structure_note" (Vietnamese) and "structure_note_en" naming the
// changes, with "structure_changes" and "later_changes" (the events' ids and dates).
void AddStructureAsOf(boost::json::object& out, const engine::Engine& engine, domain::Id unit_id,
                      const std::optional<domain::Period>& period, domain::Date as_of,
                      std::optional<domain::Date> today = std::nullopt);

// Adds "derived_from" (the item and event a derived target came from, or null) and "rebased"
// (the targets derived from this one for successors, each with its progress judged on `as_of`).
void AddTargetLineage(boost::json::object& out, const engine::Engine& engine, domain::Id item_id,
                      domain::Date as_of);

// The members these add, as JSON Schema: AddStructureAsOf's, and AddTargetLineage's with each
// rebased entry as `rebased` describes it (by default a "DerivedTarget" with its progress).
std::vector<formats::schema::Member> StructureMembers();
formats::schema::Schema DerivedTargetSchema();
std::vector<formats::schema::Member> TargetLineageMembers(formats::schema::Schema rebased);

}  // namespace nq::api
