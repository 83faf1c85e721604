#include "app/service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "app/engine_loader.h"
#include "engine/structure.h"
#include "metrics/nqtrack.h"

namespace nq::app {
namespace {

// Counts one write transaction of the service: the store's time, its attempts (the store runs
// the function again after a serialization failure or deadlock) and how it ended.
class WriteCount final {
 public:
  void Attempt() { ++attempts_; }
  void End(metrics::Counter& outcome) {
    metrics::AppMetrics& counts = metrics::App();
    counts.store_write_seconds.Observe(std::chrono::steady_clock::now() - started_);
    outcome.Add();
    if (attempts_ > 1) {
      counts.store_write_retries.Add(static_cast<uint64_t>(attempts_ - 1));
      counts.store_write_conflicts.Add();
    }
  }

 private:
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  int attempts_ = 0;
};

// An id member of a JSON record, when it holds one.
std::optional<int64_t> IdMember(const json::value& record, std::string_view key) {
  if (!record.is_object()) return std::nullopt;
  const json::value* member = record.as_object().if_contains(key);
  if (member && member->is_int64()) return member->as_int64();
  if (member && member->is_uint64()) return static_cast<int64_t>(member->as_uint64());
  return std::nullopt;
}

// Whether an audit row records a sign-in, a sign-out or what a sign-in does by itself.
bool AboutSigningIn(std::string_view action) {
  return action == "login" || action == "login_failed" || action == "logout" || action == "rehash";
}

// The unit a row administering user `user_id` concerns: the unit of the user's first role (the
// one given with the user, by its manager), so that manager reads it; none without a role.
Result<std::optional<int64_t>> UserUnit(storage::Transaction& tx, int64_t user_id) {
  NQ_TRY(auto grants, storage::List<domain::Grant>(tx, {storage::Eq("user_id", user_id)}));
  if (grants.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(std::ranges::min(grants, {}, &domain::Grant::id).unit_id);
}

// The unit an audit row concerns: the unit itself; else the unit its record names after (or
// before) the change — its unit, its issuer, the unit it came from — or the issuer of the
// document it belongs to (for a link, the document of its lower item); else, for the
// administration of a user or their API tokens (not their signing in), the unit of the user's
// first role; else none.
Result<std::optional<int64_t>> AuditUnit(storage::Transaction& tx, std::string_view action,
                                         std::string_view entity, std::optional<int64_t> entity_id,
                                         const json::value& before, const json::value& after) {
  if (entity == "unit") return entity_id;
  for (const json::value* record : {&after, &before}) {
    for (std::string_view key : {"unit_id", "issuer_unit_id", "from_unit_id"}) {
      if (auto id = IdMember(*record, key)) return id;
    }
  }
  for (const json::value* record : {&after, &before}) {
    std::optional<int64_t> document_id =
        entity == "document" ? entity_id : IdMember(*record, "document_id");
    // A link: the document of its lower item, whose issuer made it.
    if (std::optional<int64_t> item_id = IdMember(*record, "from_item_id");
        !document_id && item_id) {
      auto item = storage::Get<domain::Item>(tx, *item_id);
      if (item) document_id = item->document_id;
      if (!item && item.error().code != ErrorCode::kNotFound) return std::unexpected(item.error());
    }
    if (!document_id) continue;
    auto document = storage::Get<domain::Document>(tx, *document_id);
    if (document) return std::optional<int64_t>(document->issuer_unit_id);
    if (document.error().code != ErrorCode::kNotFound) return std::unexpected(document.error());
  }
  if (AboutSigningIn(action)) return std::optional<int64_t>();
  std::optional<int64_t> user_id = entity == "user" ? entity_id : std::nullopt;
  if (entity == "api_token") user_id = IdMember(after, "user_id");
  if (user_id) return UserUnit(tx, *user_id);
  return std::optional<int64_t>();
}

// A write changing more rows than this logs one bulk entry instead: readers reload in full.
constexpr size_t kMostListedChanges = 10'000;
// Change log entries applied as deltas after a write in doubt, past which the engine reloads.
constexpr int64_t kMostInDoubtChanges = 10'000;

std::string_view ChangeKindOf(std::string_view action) {
  if (action == "create") return storage::kChangeInsert;
  if (action == "delete") return storage::kChangeDelete;
  return storage::kChangeUpdate;
}

// What the change log gets for a committed scope: its rows, or one entry standing for them all.
std::vector<storage::Change> LoggedChanges(std::vector<storage::Change> changes, bool unlisted,
                                           bool structural) {
  if (structural) return {{"structure", 0, std::string(storage::kChangeReload)}};
  if (unlisted) return {{"value", 0, std::string(storage::kChangeBulk)}};
  return changes;
}

// Whether an audited row goes to the change log too. Values are logged by ChangedValue, with
// their kind; sign-ins, failed sign-ins and password rehashes change nothing another process
// holds (a new session is read from the store when first used).
bool Logged(std::string_view action, std::string_view entity) {
  return entity != "value" && action != "login" && action != "login_failed" && action != "rehash" &&
         action != "denied";
}

// Entities a principal is made of (app/auth.h): users (their grants and tokens are audited
// under "user" too), tokens and sessions.
bool AboutPrincipals(std::string_view entity) {
  return entity == "user" || entity == "api_token" || entity == "session" || entity == "grant";
}

bool Touches(const storage::LoggedChange& entry, std::string_view entity) {
  return entry.change.entity == entity;
}

}  // namespace

void WriteScope::ChangedValue(const domain::Value& value) {
  values_.push_back(value);
  Changed("value", value.id, value.version == 1 ? storage::kChangeInsert : storage::kChangeUpdate);
}

void WriteScope::ChangedAssignment(const domain::Assignment& assignment) {
  assignments_.push_back(assignment);
  Changed("assignment", assignment.id, storage::kChangeUpdate);
}

void WriteScope::Changed(std::string_view entity, int64_t id, std::string_view kind) {
  if (kind == storage::kChangeBulk || kind == storage::kChangeReload ||
      changes_.size() >= kMostListedChanges) {
    unlisted_ = true;
    changes_.clear();
    return;
  }
  if (!unlisted_) changes_.push_back({std::string(entity), id, std::string(kind)});
}

Status WriteScope::Audit(std::string_view action, std::string_view entity,
                         std::optional<int64_t> entity_id, const json::value& before,
                         const json::value& after) {
  storage::AuditRecord record;
  record.at = now_;
  record.actor = actor_.name;
  record.address = actor_.address;
  record.action = std::string(action);
  record.entity = std::string(entity);
  record.entity_id = entity_id;
  record.before = before.is_null() ? "" : json::serialize(before);
  record.after = after.is_null() ? "" : json::serialize(after);
  record.idempotency_key = actor_.idempotency_key;
  NQ_TRY(record.unit_id, AuditUnit(tx_, action, entity, entity_id, before, after));
  if (Logged(action, entity)) Changed(entity, entity_id.value_or(0), ChangeKindOf(action));
  return storage::AppendAudit(tx_, record);
}

Result<Reply> Service::Mutate(const Actor& actor, std::string_view fingerprint,
                              const std::function<Result<Reply>(WriteScope&)>& fn) {
  std::lock_guard lock(write_mutex_);
  // An earlier write failed where it may yet have been committed: what it kept comes into the
  // engine before this write (and before a retry of it answers its stored reply).
  if (own_write_in_doubt_) {
    auto caught = CatchUpLocked(kMostInDoubtChanges, /*own_too=*/true);
    if (caught && !caught->reload_because.empty() && ReloadLocked()) own_write_in_doubt_ = false;
  }
  UnixMillis now = clock_.Now();
  std::optional<WriteScope> committed;
  metrics::AppMetrics& counts = metrics::App();
  WriteCount count;
  int64_t last_seq = 0;  // of this write's change log entries
  size_t logged = 0;
  auto reply = database_.Write([&](storage::Transaction& tx) -> Result<Reply> {
    count.Attempt();
    if (!actor.idempotency_key.empty()) {
      NQ_TRY(auto stored, storage::FindIdempotent(tx, actor.idempotency_key));
      if (stored) {
        if (stored->fingerprint != fingerprint) {
          return MakeError(ErrorCode::kAlreadyExists,
                           "idempotency key \"{}\" was already used for a different request",
                           actor.idempotency_key);
        }
        boost::system::error_code ec;
        json::value body = json::parse(stored->body, ec);
        return Reply{stored->status, ec ? json::value(nullptr) : std::move(body), true};
      }
    }
    WriteScope scope(tx, actor, now);
    NQ_TRY(Reply result, fn(scope));
    if (!actor.idempotency_key.empty()) {
      NQ_RETURN_IF_ERROR(storage::SaveIdempotent(
          tx, actor.idempotency_key,
          {std::string(fingerprint), result.status, json::serialize(result.body)}, now));
    }
    // Last: the change log's counter is held from here to the commit.
    auto changes = LoggedChanges(std::move(scope.changes_), scope.unlisted_, scope.structural_);
    NQ_TRY(last_seq, storage::AppendChanges(tx, database_.origin(), changes, now));
    logged = changes.size();
    committed.emplace(std::move(scope));
    return result;
  });
  count.End(!reply            ? counts.store_writes_rolled_back
            : reply->replayed ? counts.store_writes_replayed
                              : counts.store_writes_committed);
  if (!reply) {
    // A store failure at the commit (a connection lost during it) leaves the write in doubt: it
    // may be in the store and its change log, which this process's engine has not taken in.
    if (reply.error().code == ErrorCode::kUnavailable) own_write_in_doubt_ = true;
    return reply;
  }
  if (reply->replayed || !committed) return reply;
  generation_.fetch_add(1, std::memory_order_acq_rel);
  // The commit is durable; bring the engine up to date before anyone sees the reply.
  if (committed->structural_) {
    // The write is kept whatever happens now: a reload that fails (a read error) is tried
    // again, and if it still fails the answer says the write was kept.
    Status reloaded = ReloadLocked();
    for (int attempt = 1; !reloaded && attempt < 3; ++attempt) reloaded = ReloadLocked();
    if (!reloaded) {
      return MakeError(ErrorCode::kUnavailable,
                       "the write was kept, but the figures could not be reloaded ({}); restart "
                       "the server",
                       reloaded.error().message);
    }
  } else {
    std::vector<engine::ValueUpdate> updates;
    updates.reserve(committed->values_.size());
    for (const domain::Value& value : committed->values_) {
      updates.push_back({value.indicator_id, value.unit_id, value.period, value.number});
    }
    engine_.PutValues(updates);
    engine_.PutAssignments(committed->assignments_);
    counts.EnginePublished();
    // Right after what the engine had: the feed need not come back for these entries.
    if (logged > 0 && applied_seq_.load() == last_seq - static_cast<int64_t>(logged)) {
      applied_seq_.store(last_seq, std::memory_order_release);
    }
  }
  return reply;
}

Result<Reply> Service::DryRun(const Actor& actor,
                              const std::function<Result<Reply>(WriteScope&)>& fn) {
  std::lock_guard lock(write_mutex_);
  UnixMillis now = clock_.Now();
  std::optional<Reply> reply;
  WriteCount count;
  auto done = database_.Write([&](storage::Transaction& tx) -> Status {
    count.Attempt();
    WriteScope scope(tx, actor, now);
    NQ_TRY(Reply result, fn(scope));
    reply = std::move(result);
    // Failing the transaction is how it is rolled back; the reply is kept aside.
    return MakeError(ErrorCode::kAborted, "dry run: rolled back");
  });
  count.End(metrics::App().store_writes_rolled_back);
  if (reply) return std::move(*reply);
  if (!done) return std::unexpected(done.error());
  return MakeError(ErrorCode::kInternal, "dry run gave no reply");
}

Status Service::RecordDenied(const Actor& actor, std::string_view what, std::string_view reason) {
  std::lock_guard lock(write_mutex_);
  UnixMillis now = clock_.Now();
  WriteCount count;
  Status done = database_.Write([&](storage::Transaction& tx) -> Status {
    count.Attempt();
    WriteScope scope(tx, actor, now);
    return scope.Audit("denied", what, std::nullopt, nullptr, json::object{{"reason", reason}});
  });
  count.End(done ? metrics::App().store_writes_committed : metrics::App().store_writes_rolled_back);
  return done;
}

Result<Reply> MutateAs(Service& service, const Principal& principal, const Actor& actor,
                       std::string_view fingerprint, const WriteAs& write) {
  if (actor.idempotency_key.size() > 200) {
    return std::unexpected(Error{ErrorCode::kInvalidArgument,
                                 "header Idempotency-Key is longer than 200 bytes",
                                 "Idempotency-Key"});
  }
  Access access(principal, service.engine(), service.Today());
  return service.Mutate(actor, fingerprint,
                        [&](WriteScope& scope) { return write(scope, access); });
}

Status Service::ReloadEngine() { return ReloadLocked(); }

Status Service::ReloadLocked() {
  const auto started = std::chrono::steady_clock::now();
  int64_t seq = 0;
  NQ_TRY(std::unique_ptr<engine::Engine> loaded, LoadEngine(database_, {}, &seq));
  SwapIn(std::move(loaded), seq, started);
  return Ok();
}

void Service::SwapIn(std::unique_ptr<engine::Engine> loaded, int64_t seq,
                     std::chrono::steady_clock::time_point started) {
  generation_.fetch_add(1, std::memory_order_acq_rel);
  engine_.Reset(std::move(loaded));
  applied_seq_.store(seq, std::memory_order_release);
  metrics::AppMetrics& counts = metrics::App();
  counts.engine_reloads.Add();
  counts.engine_reload_seconds.Observe(std::chrono::steady_clock::now() - started);
  counts.EnginePublished();
}

Result<Service::CatchUpResult> Service::CatchUp(int64_t limit, bool own_too) {
  std::lock_guard lock(write_mutex_);
  return CatchUpLocked(limit, own_too);
}

Result<Service::CatchUpResult> Service::CatchUpLocked(int64_t limit, bool own_too) {
  CatchUpResult result;
  const int64_t from = applied_seq_.load(std::memory_order_acquire);
  result.applied = from;
  std::vector<engine::ValueUpdate> values;
  std::vector<domain::Assignment> assignments;
  bool principals = false;
  const std::string_view origin = database_.origin();
  // After a write in doubt this process's entries are applied too: its own may be among them.
  own_too = own_too || own_write_in_doubt_;
  NQ_RETURN_IF_ERROR(database_.Read([&](storage::Transaction& tx) -> Status {
    NQ_TRY(int64_t head, storage::ChangeHead(tx));
    if (head <= from) return Ok();
    NQ_TRY(auto entries, storage::ChangesAfter(tx, from, limit + 1));
    result.entries = entries.size();
    if (static_cast<int64_t>(entries.size()) > limit) {
      result.reload_because = fmt::format("more than {} changes to apply", limit);
      return Ok();
    }
    std::vector<domain::Id> value_ids;
    std::vector<domain::Id> assignment_ids;
    int64_t reached = from;
    for (const storage::LoggedChange& entry : entries) {
      if (entry.seq != reached + 1) break;  // a hole: pruned past us
      const storage::Change& change = entry.change;
      // This process's own writes were applied (or reloaded for) when they were made.
      const bool applied = !own_too && !origin.empty() && entry.origin == origin;
      if (!applied) {
        if (change.kind == storage::kChangeBulk || change.kind == storage::kChangeReload) {
          result.reload_because =
              fmt::format("change {} is a {} of {}", entry.seq, change.kind, change.entity);
          break;
        }
        if (Touches(entry, "assignment") && change.kind == storage::kChangeDelete) {
          result.reload_because = fmt::format("change {} deletes an assignment", entry.seq);
          break;
        }
        if (Touches(entry, "value")) {
          value_ids.push_back(change.id);
        } else if (Touches(entry, "assignment")) {
          assignment_ids.push_back(change.id);
        } else if (AboutPrincipals(change.entity)) {
          principals = true;
        }
      }
      reached = entry.seq;
    }
    if (result.reload_because.empty() && reached < head) {
      result.reload_because =
          fmt::format("the change log has no entry {} (pruned); its head is {}", reached + 1, head);
    }
    std::ranges::sort(value_ids);
    value_ids.erase(std::ranges::unique(value_ids).begin(), value_ids.end());
    NQ_TRY(auto numbers, storage::CurrentNumbersOfVersions(tx, value_ids));
    for (const storage::KeyedNumber& number : numbers) {
      values.push_back({number.indicator_id, number.unit_id, number.period, number.number});
    }
    std::ranges::sort(assignment_ids);
    assignment_ids.erase(std::ranges::unique(assignment_ids).begin(), assignment_ids.end());
    for (domain::Id id : assignment_ids) {
      auto assignment = storage::Get<domain::Assignment>(tx, id);
      if (!assignment) return std::unexpected(assignment.error());
      assignments.push_back(std::move(*assignment));
    }
    result.applied = reached;
    return Ok();
  }));
  result.values = values.size();
  result.assignments = assignments.size();
  if (!values.empty() || !assignments.empty()) {
    engine_.PutValues(values);
    engine_.PutAssignments(assignments);
    metrics::App().EnginePublished();
  }
  if (principals) generation_.fetch_add(1, std::memory_order_acq_rel);
  applied_seq_.store(result.applied, std::memory_order_release);
  if (result.reload_because.empty()) own_write_in_doubt_ = false;  // up to the log's head
  return result;
}

Result<int64_t> Service::ReloadOffPath() {
  constexpr int kAttempts = 3;
  constexpr int64_t kReplayLimit = 200'000;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const auto started = std::chrono::steady_clock::now();
    int64_t seq = 0;
    // Loaded while this process goes on writing to (and reading from) the current engine.
    NQ_TRY(std::unique_ptr<engine::Engine> loaded, LoadEngine(database_, {}, &seq));
    std::lock_guard lock(write_mutex_);
    SwapIn(std::move(loaded), seq, started);
    // This process's writes since the load went to the old engine: replay them too.
    NQ_TRY(CatchUpResult replayed, CatchUpLocked(kReplayLimit, true));
    if (replayed.reload_because.empty()) return replayed.applied;
  }
  // Structural changes keep coming while we load: load once more holding up the writes.
  std::lock_guard lock(write_mutex_);
  NQ_RETURN_IF_ERROR(ReloadLocked());
  NQ_TRY(CatchUpResult replayed, CatchUpLocked(kReplayLimit, true));
  return replayed.applied;
}

}  // namespace nq::app
