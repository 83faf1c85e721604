// Service: runs every mutation as one transaction that also writes its audit rows and its
// idempotency record, then brings the engine up to date. Use cases build on WriteScope.
#pragma once

#include <atomic>
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/access.h"
#include "common/clock.h"
#include "engine/engine.h"
#include "storage/change_log.h"
#include "storage/database.h"
#include "storage/store.h"

namespace nq::app {

namespace json = boost::json;

// Who is acting and from where; the idempotency key of the request, if any.
struct Actor {
  std::string name = "system";
  std::string address;
  std::string idempotency_key;
};

// What a mutation answers: an HTTP-like status and a JSON body. `replayed` when it came from
// the idempotency record of an earlier identical request. A use case that writes answers one.
struct Reply {
  int status = 200;
  json::value body;
  bool replayed = false;
};

// The transaction of one mutation, with its audit trail and the engine updates it implies.
class WriteScope final {
 public:
  WriteScope(storage::Transaction& tx, const Actor& actor, UnixMillis now)
      : tx_(tx), actor_(actor), now_(now) {}

  storage::Transaction& tx() { return tx_; }
  const Actor& actor() const { return actor_; }
  UnixMillis now() const { return now_; }

  // Appends an audit row in this transaction. `before`/`after` are null for create/delete.
  Status Audit(std::string_view action, std::string_view entity, std::optional<int64_t> entity_id,
               const json::value& before, const json::value& after);

  void ChangedValue(const domain::Value& value);
  void ChangedAssignment(const domain::Assignment& assignment);
  // Units, kinds, indicators, documents, items, links or obligations changed.
  void ChangedStructure() { structural_ = true; }
  // A change for the change log (storage/change_log.h) that no Audit or Changed* call names:
  // e.g. Changed("value", 0, storage::kChangeBulk) for a batch too large to list row by row.
  // Every audited row is logged already.
  void Changed(std::string_view entity, int64_t id, std::string_view kind);

 private:
  friend class Service;
  storage::Transaction& tx_;
  const Actor& actor_;
  UnixMillis now_;
  std::vector<domain::Value> values_;
  std::vector<domain::Assignment> assignments_;
  std::vector<storage::Change> changes_;  // up to a limit, then `unlisted_`
  bool unlisted_ = false;
  bool structural_ = false;
};

class Service final {
 public:
  // `database`, `engine` and `clock` must outlive the service.
  Service(storage::Database& database, engine::Engine& engine, const Clock& clock)
      : database_(database), engine_(engine), clock_(clock) {}

  // Runs `fn` in one write transaction. With an idempotency key: a key seen before with the
  // same `fingerprint` replays the stored reply without running `fn`; with another fingerprint
  // it fails with already_exists. The reply is stored with the key in the same transaction.
  // After the commit, the engine is updated. Mutations are serialised.
  Result<Reply> Mutate(const Actor& actor, std::string_view fingerprint,
                       const std::function<Result<Reply>(WriteScope&)>& fn);

  // Runs `fn` like Mutate, in one write transaction serialised with the mutations, and then rolls
  // the transaction back: what a change would do, without doing it. No idempotency record, no
  // audit, no engine update.
  Result<Reply> DryRun(const Actor& actor, const std::function<Result<Reply>(WriteScope&)>& fn);

  // Appends an audit row for a refused request (action "denied"), in its own transaction.
  Status RecordDenied(const Actor& actor, std::string_view what, std::string_view reason);

  // Rebuilds the engine from the store, in place (readers wait for nothing; the caller holds
  // up the write path for the load): what a structural mutation does.
  Status ReloadEngine();

  // ---- Following the change log (app/change_feed.h)
  // Every change log entry at or below this sequence number is in the engine. Set by the
  // loader (LoadedAt), advanced by this process's own writes when they follow on directly, and
  // by CatchUp and ReloadOffPath.
  int64_t applied_seq() const { return applied_seq_.load(std::memory_order_acquire); }
  // The change log position of the store the engine was loaded from (before serving).
  void LoadedAt(int64_t seq) { applied_seq_.store(seq, std::memory_order_release); }

  struct CatchUpResult {
    int64_t applied = 0;     // applied_seq() afterwards
    size_t entries = 0;      // log entries read
    size_t values = 0;       // value deltas applied
    size_t assignments = 0;  // assignment deltas applied
    // Set when what follows cannot be applied as deltas: a hole in the log (pruned past
    // applied_seq()), a bulk or reload entry, a deleted assignment, or more than `limit` entries.
    // applied_seq() then stays before that point; ReloadOffPath brings the engine past it.
    std::string reload_because;
  };
  // Applies the change log's entries after applied_seq() to the engine, serialised with Mutate:
  // values and assignments as deltas (the key's current figure is read from the store, so the
  // order in which processes' writes are applied does not matter), and any change of grants,
  // users, sessions or tokens grows generation() (the principal cache forgets). Entries written
  // by this process (Database::origin()) were applied when they were made and are skipped,
  // unless `own_too`.
  Result<CatchUpResult> CatchUp(int64_t limit, bool own_too = false);
  // Loads a new engine from the store without holding up writes or readers (they keep the
  // current engine), then, serialised with Mutate, swaps it in and applies the entries committed
  // while it loaded (this process's own too). The engine is never behind a write this process
  // acknowledged. The applied sequence number afterwards.
  Result<int64_t> ReloadOffPath();

  storage::Database& database() { return database_; }
  engine::Engine& engine() { return engine_; }
  const Clock& clock() const { return clock_; }
  Date Today() const { return Date::InVietnam(clock_.Now()); }
  // Grows after every committed mutation, every engine reload and every change by another
  // process to users, grants, tokens or sessions (CatchUp): a principal read from the store
  // before it last grew may be stale. Read it before reading what is to be kept.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 private:
  storage::Database& database_;
  engine::Engine& engine_;
  const Clock& clock_;
  // Under write_mutex_: reloads in place and sets applied_seq_ to the loaded position.
  Status ReloadLocked();
  // Under write_mutex_: makes `loaded` (the store as of change `seq`) the engine.
  void SwapIn(std::unique_ptr<engine::Engine> loaded, int64_t seq,
              std::chrono::steady_clock::time_point started);
  Result<CatchUpResult> CatchUpLocked(int64_t limit, bool own_too);

  std::mutex write_mutex_;
  // Under write_mutex_: a write of this process failed in a way that may have committed it (a
  // store failure at the commit); until a catch-up reaches the change log's head, catch-ups
  // apply this process's entries too.
  bool own_write_in_doubt_ = false;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int64_t> applied_seq_{0};
};

// The write of a use case, given the transaction and the principal's access over today's tree.
using WriteAs = std::function<Result<Reply>(WriteScope&, const Access&)>;

// Runs `write` for `principal` in one Service::Mutate, recorded as `actor`: how every use case
// that writes opens its transaction. An idempotency key longer than 200 bytes is refused first
// (invalid_argument naming Idempotency-Key); the replay of a stored reply is Mutate's.
Result<Reply> MutateAs(Service& service, const Principal& principal, const Actor& actor,
                       std::string_view fingerprint, const WriteAs& write);

}  // namespace nq::app
