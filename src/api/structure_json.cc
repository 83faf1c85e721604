#include "api/structure_json.h"

#include <boost/json.hpp>

#include "api/figures_json.h"
#include "engine/structure.h"
#include "service/codec.h"

namespace nq::api {

namespace json = boost::json;
using domain::Id;
using domain::Lineage;

void AddStructureAsOf(json::object& out, const engine::Engine& engine, Id unit_id,
                      const std::optional<domain::Period>& period, Date as_of) {
  out["structure_as_of"] = as_of.ToString();
  if (!period) return;
  auto structure = engine.structure();
  json::array changes;
  std::string dates;
  for (const Lineage* event : structure->ChangesWithin(*period, {})) {
    // A change counts when it touched the subtree, as it stood on the figure's date or the
    // day before the change.
    auto touched = [&](Id id) {
      return engine.InSubtree(id, unit_id, as_of) ||
             engine.InSubtree(id, unit_id, event->date.AddDays(-1));
    };
    bool relevant = false;
    for (const auto* ids : {&event->source_unit_ids, &event->target_unit_ids}) {
      for (Id id : *ids) relevant = relevant || touched(id);
    }
    if (!relevant) continue;
    changes.push_back(json::object{{"lineage_id", event->id},
                                   {"kind", domain::LineageKindName(event->kind)},
                                   {"date", event->date.ToString()}});
    const std::string iso = event->date.ToString();
    const std::string date =
        fmt::format("{}/{}/{}", iso.substr(8, 2), iso.substr(5, 2), iso.substr(0, 4));
    if (dates.find(date) == std::string::npos) dates += (dates.empty() ? "" : ", ") + date;
  }
  if (changes.empty()) return;
  out["structure_changes"] = std::move(changes);
  out["structure_note"] =
      fmt::format("Kỳ {} có sắp xếp tổ chức (ngày {}); số liệu tính theo cơ cấu ngày {}",
                  period->ToString(), dates, as_of.ToString());
  out["structure_note_en"] =
      fmt::format("period {} spans a reorganisation ({}); the figure uses the structure as of {}",
                  period->ToString(), dates, as_of.ToString());
}

void AddTargetLineage(json::object& out, const engine::Engine& engine, Id item_id, Date as_of) {
  out["derived_from"] = nullptr;
  json::array rebased;
  for (const Lineage& event : engine.structure()->lineages()) {
    json::object details = service::LineageDetailsJson(event);
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
