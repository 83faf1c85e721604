// The change log: what every committed write changed, in commit order, so that other processes
// on the same store can bring their engines up to date by applying only what changed
// (docs/decisions/0018-change-feed.md).
//
// Sequence numbers come from one counter row (change_head) updated as the last statement of the
// writing transaction: a writer holds it until its commit, so numbers are handed out in commit
// order and without holes (a rolled-back transaction gives its numbers back). A reader that
// sees entry N therefore sees every entry before N; a hole in what it reads means the log was
// pruned past it (or tampered with), never a transaction still in flight.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "storage/database.h"

namespace nq::storage {

// The kinds of change. kBulk and kReload name changes too large (or too structural) to list:
// a reader rebuilds its whole engine from the store.
inline constexpr std::string_view kChangeInsert = "insert";
inline constexpr std::string_view kChangeUpdate = "update";
inline constexpr std::string_view kChangeDelete = "delete";
inline constexpr std::string_view kChangeBulk = "bulk";
inline constexpr std::string_view kChangeReload = "reload";

struct Change {
  std::string entity;  // "value", "assignment", "grant", "structure", …
  int64_t id = 0;      // the row's id; 0 for kBulk and kReload
  std::string kind;    // one of the kinds above
};

struct LoggedChange {
  int64_t seq = 0;
  std::string origin;  // Database::origin() of the writing process; "" when unknown
  Change change;
  UnixMillis at = 0;  // when it was written
};

// How much of the log is kept: entries are pruned only once they are both older than
// `keep_for` and more than `keep_entries` behind the head. A reader further behind than that
// finds a hole and reloads its engine in full.
struct ChangeRetention {
  UnixMillis keep_for = 10 * 60 * 1000;
  int64_t keep_entries = 100'000;
};

// Appends `changes` under consecutive sequence numbers, in the caller's write transaction, and
// every 1024 numbers prunes what `retention` allows. Call it last in the transaction: it holds
// the log's counter until the commit. The last number given; 0 (and nothing written) for an
// empty list.
Result<int64_t> AppendChanges(Transaction& tx, std::string_view origin,
                              std::span<const Change> changes, UnixMillis now,
                              const ChangeRetention& retention = {});
// One entry: for a write path outside Service::Mutate (a bulk import that cannot list its rows
// appends AppendChange(tx, "value", 0, kChangeBulk, database.origin(), now)).
Status AppendChange(Transaction& tx, std::string_view entity, int64_t id, std::string_view kind,
                    std::string_view origin, UnixMillis now);

// The last sequence number handed out (0 for a new store).
Result<int64_t> ChangeHead(Transaction& tx);
// At most `limit` entries with a sequence number above `after`, in order.
Result<std::vector<LoggedChange>> ChangesAfter(Transaction& tx, int64_t after, int64_t limit);
// Deletes entries at or below `through`; the number deleted (tests and maintenance).
Result<int64_t> DeleteChangesThrough(Transaction& tx, int64_t through);

}  // namespace nq::storage
