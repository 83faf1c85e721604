#include "app/derived_items.h"

#include "formats/codec.h"

namespace nq::app {

std::vector<DerivedItem> DerivedItems(const engine::Structure& structure) {
  std::vector<DerivedItem> out;
  for (const domain::Lineage& event : structure.lineages()) {
    boost::json::object details = formats::LineageDetailsJson(event);
    const boost::json::value* derived = details.if_contains("derived_items");
    if (derived == nullptr || !derived->is_array()) continue;
    for (const boost::json::value& entry : derived->as_array()) {
      const boost::json::object* item = entry.if_object();
      if (item == nullptr) continue;
      const boost::json::value* from = item->if_contains("from_item_id");
      const boost::json::value* id = item->if_contains("item_id");
      if (from == nullptr || id == nullptr || !from->is_int64() || !id->is_int64()) continue;
      out.push_back({event.id, event.date, *item, from->as_int64(), id->as_int64()});
    }
  }
  return out;
}

ItemDates::ItemDates(const engine::Structure& structure) {
  for (const DerivedItem& derived : DerivedItems(structure)) {
    derived_on_.emplace(derived.item_id, derived.date);
  }
}

bool ItemDates::ExistsOn(domain::Id item_id, Date day) const {
  auto found = derived_on_.find(item_id);
  return found == derived_on_.end() || found->second <= day;
}

}  // namespace nq::app
