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
  // The issuing unit's path from the root today, the issuer last (only the issuer when it is
  // closed today). Names a reader may see: the units above the reader's own are on the reader's
  // own path, and a reader reads a document of a unit above theirs (docs/decisions/0011).
  std::vector<domain::Unit> issuer_path;
  std::vector<ItemNode> roots;  // the items without a parent in the document
  size_t item_count = 0;
};

// Document `id` with its item tree; not_found when it is missing or out of the principal's sight.
Result<DocumentTree> ViewDocument(Service& service, const Principal& principal, domain::Id id);

// A subordinate concretizes a superior's target with a new item of its own document: `item` is
// created and linked up by `link` (its `from_item_id` is the new item's) in one transaction,
// both or neither, each checked as its own create would be (docs/decisions/0011): the item's
// document the principal's to write, the link's upper end an item of a unit above. An error
// about a field names it under "/item" or "/link". Reply 201: {"item": …, "link": …}.
Result<Reply> ConcretizeAs(Service& service, const Principal& principal, const Actor& actor,
                           std::string_view fingerprint, const domain::Item& item,
                           const domain::Link& link);

// `error` with the field it names under `prefix` ("/title" of the item: "/item/title"), in its
// message too.
Error Under(std::string_view prefix, Error error);

}  // namespace nq::app
