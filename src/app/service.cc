#include "app/service.h"

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

// The unit an audit row concerns: the unit itself; else the unit its record names after (or
// before) the change — its unit, its issuer, the unit it came from — or the issuer of the
// document it belongs to; else none.
Result<std::optional<int64_t>> AuditUnit(storage::Transaction& tx, std::string_view entity,
                                         std::optional<int64_t> entity_id,
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
    if (!document_id) continue;
    auto document = storage::Get<domain::Document>(tx, *document_id);
    if (document) return std::optional<int64_t>(document->issuer_unit_id);
    if (document.error().code != ErrorCode::kNotFound) return std::unexpected(document.error());
  }
  return std::optional<int64_t>();
}

}  // namespace

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
  NQ_TRY(record.unit_id, AuditUnit(tx_, entity, entity_id, before, after));
  return storage::AppendAudit(tx_, record);
}

Result<Reply> Service::Mutate(const Actor& actor, std::string_view fingerprint,
                              const std::function<Result<Reply>(WriteScope&)>& fn) {
  std::lock_guard lock(write_mutex_);
  UnixMillis now = clock_.Now();
  std::optional<WriteScope> committed;
  metrics::AppMetrics& counts = metrics::App();
  WriteCount count;
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
    committed.emplace(std::move(scope));
    return result;
  });
  count.End(!reply            ? counts.store_writes_rolled_back
            : reply->replayed ? counts.store_writes_replayed
                              : counts.store_writes_committed);
  if (!reply) return reply;
  if (reply->replayed || !committed) return reply;
  generation_.fetch_add(1, std::memory_order_acq_rel);
  // The commit is durable; bring the engine up to date before anyone sees the reply.
  if (committed->structural_) {
    // The write is kept whatever happens now: a reload that fails (a read error) is tried
    // again, and if it still fails the answer says the write was kept.
    Status reloaded = ReloadEngine();
    for (int attempt = 1; !reloaded && attempt < 3; ++attempt) reloaded = ReloadEngine();
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

Status Service::Refresh() {
  std::lock_guard lock(write_mutex_);
  return ReloadEngine();
}

Status Service::ReloadEngine() {
  generation_.fetch_add(1, std::memory_order_acq_rel);
  const auto started = std::chrono::steady_clock::now();
  NQ_TRY(std::unique_ptr<engine::Engine> loaded, LoadEngine(database_));
  engine_.Reset(std::move(loaded));
  metrics::AppMetrics& counts = metrics::App();
  counts.engine_reloads.Add();
  counts.engine_reload_seconds.Observe(std::chrono::steady_clock::now() - started);
  counts.EnginePublished();
  return Ok();
}

}  // namespace nq::app
