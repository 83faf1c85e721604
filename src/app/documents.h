// Documents as a principal sees them: one document with its items as a tree and the links up
// and down from each item that lead to items in the principal's sight.
#pragma once

#include <vector>

#include "app/entities.h"

namespace nq::app {

// An item at the other end of a link, with the document it belongs to.
struct LinkedItem {
  domain::Link link;
  domain::Item item;
  domain::Document document;
};

// An item with its children and the readable items its links lead to.
struct ItemNode {
  domain::Item item;
  std::vector<ItemNode> children;
  std::vector<LinkedItem> links_up;    // from this item up to another
  std::vector<LinkedItem> links_down;  // from another item up to this one
};

struct DocumentTree {
  domain::Document document;
  std::vector<ItemNode> roots;  // the items without a parent in the document
  size_t item_count = 0;
};

// Document `id` with its item tree; not_found when it is missing or out of the principal's sight.
Result<DocumentTree> ViewDocument(Service& service, const Principal& principal, domain::Id id);

}  // namespace nq::app
