#include "app/documents.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace nq::app {
namespace {

using namespace nq::domain;

// The item at the other end of `link`, when the principal may read it.
Result<std::optional<LinkedItem>> LinkedIfReadable(storage::Transaction& tx, const Access& access,
                                                   const Link& link, Id other_id) {
  NQ_TRY(Item other, storage::Get<Item>(tx, other_id));
  NQ_TRY(bool readable, Readable(tx, access, other));
  if (!readable) return std::nullopt;
  NQ_TRY(Document owner, storage::Get<Document>(tx, other.document_id));
  return LinkedItem{link, std::move(other), std::move(owner)};
}

// The links up and down from `items`, each added to the node of its item when the other end is
// readable.
Status AttachLinks(storage::Transaction& tx, const Access& access, const std::vector<Item>& items,
                   std::map<Id, ItemNode>& nodes) {
  storage::SqlParams item_ids;
  for (const Item& item : items) item_ids.push_back(item.id);
  NQ_TRY(auto up, storage::List<Link>(tx, {storage::In("from_item_id", item_ids)}));
  NQ_TRY(auto down, storage::List<Link>(tx, {storage::In("to_item_id", item_ids)}));
  for (const Link& link : up) {
    NQ_TRY(auto other, LinkedIfReadable(tx, access, link, link.to_item_id));
    if (other) nodes.at(link.from_item_id).links_up.push_back(std::move(*other));
  }
  for (const Link& link : down) {
    NQ_TRY(auto other, LinkedIfReadable(tx, access, link, link.from_item_id));
    if (other) nodes.at(link.to_item_id).links_down.push_back(std::move(*other));
  }
  return Ok();
}

// How many parents lie above `item` (at most 64), counting one outside the document.
int Depth(const std::vector<Item>& items, const Item& item) {
  int depth = 0;
  for (auto parent = item.parent_id; parent && depth < 64; ++depth) {
    auto it = std::find_if(items.begin(), items.end(),
                           [&](const Item& candidate) { return candidate.id == *parent; });
    parent = it == items.end() ? std::nullopt : it->parent_id;
  }
  return depth;
}

// The roots of the tree of `items` (sorted by ordinal), each holding its descendants. Children
// are attached deepest first so each node is complete when it moves into its parent.
std::vector<ItemNode> BuildTree(const std::vector<Item>& items, std::map<Id, ItemNode>& nodes) {
  std::vector<const Item*> order;
  for (const Item& item : items) order.push_back(&item);
  std::stable_sort(order.begin(), order.end(), [&](const Item* a, const Item* b) {
    return Depth(items, *a) > Depth(items, *b);
  });
  for (const Item* item : order) {
    if (!item->parent_id || !nodes.count(*item->parent_id)) continue;
    auto& children = nodes.at(*item->parent_id).children;
    children.insert(children.begin(), std::move(nodes.at(item->id)));
    nodes.erase(item->id);
  }
  std::vector<ItemNode> roots;
  for (const Item& item : items) {
    if (nodes.count(item.id)) roots.push_back(std::move(nodes.at(item.id)));
  }
  return roots;
}

}  // namespace

Result<DocumentTree> ViewDocument(Service& service, const Principal& principal, Id id) {
  Access access(principal, service.engine(), service.Today());
  return service.database().Read([&](storage::Transaction& tx) -> Result<DocumentTree> {
    NQ_TRY(Document document, storage::Get<Document>(tx, id));
    NQ_RETURN_IF_ERROR(RequireRead(tx, access, document, fmt::format("document {}", id)));
    NQ_TRY(auto items, storage::List<Item>(tx, {storage::Eq("document_id", id)}));
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
      return std::tie(a.ordinal, a.id) < std::tie(b.ordinal, b.id);
    });
    std::map<Id, ItemNode> nodes;
    for (const Item& item : items) nodes.emplace(item.id, ItemNode{item, {}, {}, {}});
    NQ_RETURN_IF_ERROR(AttachLinks(tx, access, items, nodes));
    std::vector<Unit> issuer_path;
    const auto path = service.engine().Path(document.issuer_unit_id, service.Today());
    for (Id step : path ? *path : std::vector<Id>{document.issuer_unit_id}) {
      NQ_TRY(Unit unit, storage::Get<Unit>(tx, step));
      issuer_path.push_back(std::move(unit));
    }
    DocumentTree tree{std::move(document), std::move(issuer_path), BuildTree(items, nodes),
                      items.size()};
    return tree;
  });
}

Error Under(std::string_view prefix, Error error) {
  if (error.field.empty()) return error;
  const std::string field =
      fmt::format("{}{}{}", prefix, error.field.starts_with('/') ? "" : "/", error.field);
  const std::string quoted = fmt::format("\"{}\"", error.field);
  if (size_t at = error.message.find(quoted); at != std::string::npos) {
    error.message.replace(at, quoted.size(), fmt::format("\"{}\"", field));
  }
  error.field = field;
  return error;
}

namespace {

// `row` created as CreateAs (app/entities.h) would, inside the caller's transaction; an error about
// a field names it under `part`.
template <typename T>
Result<T> CreatePart(WriteScope& scope, const Access& access, const T& row, std::string_view part) {
  Result<T> created = [&]() -> Result<T> {
    NQ_RETURN_IF_ERROR(
        RequireWrite(scope.tx(), access, row, fmt::format("a new {}", EntityName<T>())));
    NQ_RETURN_IF_ERROR(RequireReferences(scope.tx(), access, row));
    return CreateEntity(scope, row);
  }();
  if (!created) return std::unexpected(Under(part, std::move(created.error())));
  return created;
}

}  // namespace

Result<Reply> ConcretizeAs(Service& service, const Principal& principal, const Actor& actor,
                           std::string_view fingerprint, const domain::Item& item,
                           const domain::Link& link) {
  return MutateAs(service, principal, actor, fingerprint,
                  [&](WriteScope& scope, const Access& access) -> Result<Reply> {
                    NQ_TRY(domain::Item created, CreatePart(scope, access, item, "/item"));
                    domain::Link up = link;
                    up.from_item_id = created.id;
                    NQ_TRY(domain::Link linked, CreatePart(scope, access, up, "/link"));
                    return Reply{201, json::object{{"item", formats::ToJson(created)},
                                                   {"link", formats::ToJson(linked)}}};
                  });
}

}  // namespace nq::app
