#include "api/structure_json.h"

#include <boost/json.hpp>

#include "api/figures_json.h"
#include "engine/structure.h"
#include "formats/codec.h"

namespace nq::api {

namespace json = boost::json;
using domain::Id;
using domain::Lineage;

void AddStructureAsOf(json::object& out, const engine::Engine& engine, Id unit_id,
                      const std::optional<domain::Period>& period, Date as_of) {
  out["structure_as_of"] = as_of.ToString();
  if (!period) return;
  const engine::StructureNote note =
      engine::NoteFor(engine, *engine.structure(), unit_id, *period, as_of);
  if (note.changes.empty()) return;
  json::array changes;
  for (const Lineage* event : note.changes) {
    changes.push_back(json::object{{"lineage_id", event->id},
                                   {"kind", domain::LineageKindName(event->kind)},
                                   {"date", event->date.ToString()}});
  }
  out["structure_changes"] = std::move(changes);
  out["structure_note"] = note.vi;
  out["structure_note_en"] = note.en;
}

void AddTargetLineage(json::object& out, const engine::Engine& engine, Id item_id, Date as_of) {
  out["derived_from"] = nullptr;
  json::array rebased;
  for (const Lineage& event : engine.structure()->lineages()) {
    json::object details = formats::LineageDetailsJson(event);
    const json::value* derived = details.if_contains("derived_items");
    if (derived == nullptr || !derived->is_array()) continue;
    for (const json::value& entry : derived->as_array()) {
      if (!entry.is_object()) continue;
      const json::object& item = entry.as_object();
      const json::value* from = item.if_contains("from_item_id");
      const json::value* id = item.if_contains("item_id");
      if (from == nullptr || id == nullptr || !from->is_int64() || !id->is_int64()) continue;
      if (id->as_int64() == item_id) {
        json::object origin = item;
        origin["lineage_id"] = event.id;
        origin["date"] = event.date.ToString();
        out["derived_from"] = std::move(origin);
      }
      if (from->as_int64() != item_id) continue;
      json::object successor = item;
      successor["lineage_id"] = event.id;
      successor["date"] = event.date.ToString();
      if (auto progress = engine.Progress(id->as_int64(), as_of)) {
        successor["progress"] = ProgressJson(*progress);
      }
      rebased.push_back(std::move(successor));
    }
  }
  out["rebased"] = std::move(rebased);
}

}  // namespace nq::api
