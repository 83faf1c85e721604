// The items a reorganisation derived for successor units, read once from the lineage details.
#pragma once

#include <boost/json/object.hpp>
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

}  // namespace nq::app
