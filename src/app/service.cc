#include "app/service.h"

#include <boost/json.hpp>

#include "app/engine_loader.h"
#include "engine/structure.h"

namespace nq::app {

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
  return storage::AppendAudit(tx_, record);
}

Result<Reply> Service::Mutate(const Actor& actor, std::string_view fingerprint,
                              const std::function<Result<Reply>(WriteScope&)>& fn) {
  std::lock_guard lock(write_mutex_);
  UnixMillis now = clock_.Now();
  std::optional<WriteScope> committed;
  auto reply = database_.Write([&](storage::Transaction& tx) -> Result<Reply> {
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
  if (!reply) return reply;
  if (reply->replayed || !committed) return reply;
  // The commit is durable; bring the engine up to date before anyone sees the reply.
  if (committed->structural_) {
    NQ_RETURN_IF_ERROR(ReloadEngine());
  } else {
    std::vector<engine::ValueUpdate> updates;
    updates.reserve(committed->values_.size());
    for (const domain::Value& value : committed->values_) {
      updates.push_back({value.indicator_id, value.unit_id, value.period, value.number});
    }
    engine_.PutValues(updates);
    engine_.PutAssignments(committed->assignments_);
  }
  return reply;
}

Result<Reply> Service::DryRun(const Actor& actor,
                              const std::function<Result<Reply>(WriteScope&)>& fn) {
  std::lock_guard lock(write_mutex_);
  UnixMillis now = clock_.Now();
  std::optional<Reply> reply;
  auto done = database_.Write([&](storage::Transaction& tx) -> Status {
    WriteScope scope(tx, actor, now);
    NQ_TRY(Reply result, fn(scope));
    reply = std::move(result);
    // Failing the transaction is how it is rolled back; the reply is kept aside.
    return MakeError(ErrorCode::kAborted, "dry run: rolled back");
  });
  if (reply) return std::move(*reply);
  if (!done) return std::unexpected(done.error());
  return MakeError(ErrorCode::kInternal, "dry run gave no reply");
}

Status Service::RecordDenied(const Actor& actor, std::string_view what, std::string_view reason) {
  std::lock_guard lock(write_mutex_);
  UnixMillis now = clock_.Now();
  return database_.Write([&](storage::Transaction& tx) -> Status {
    WriteScope scope(tx, actor, now);
    return scope.Audit("denied", what, std::nullopt, nullptr, json::object{{"reason", reason}});
  });
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
  NQ_TRY(std::unique_ptr<engine::Engine> loaded, LoadEngine(database_));
  engine_.Reset(std::move(loaded));
  return Ok();
}

}  // namespace nq::app
