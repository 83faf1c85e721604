// The items a reorganisation derived for successor units, read once from the lineage details.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <vector>

#include "engine/structure.h"

namespace nq::app {

struct DerivedItem {
  domain::Id lineage_id = 0;
  Date date;
  boost::json::object entry;  // as recorded: from_item_id, item_id, unit_id…
  domain::Id from_item_id = 0;
  domain::Id item_id = 0;
};

// Every derived item of every lineage event, in event order; entries without integer
// from_item_id and item_id are left out.
std::vector<DerivedItem> DerivedItems(const engine::Structure& structure);

// The items a reorganisation derived, each with the day it exists from (the event's date): an
// item derived on 1 July 2025 is not part of any figure, view, report or export of a period
// that ended before (docs/structure-rule.md).
class ItemDates final {
 public:
  explicit ItemDates(const engine::Structure& structure);
  // Whether item `item_id` exists on `day`: every item not derived by a reorganisation does.
  bool ExistsOn(domain::Id item_id, Date day) const;

 private:
  std::map<domain::Id, Date> derived_on_;
};

}  // namespace nq::app
