#include "storage/change_log.h"

namespace nq::storage {
namespace {

constexpr int64_t kPruneEvery = 1024;

}  // namespace

Result<int64_t> AppendChanges(Transaction& tx, std::string_view origin,
                              std::span<const Change> changes, UnixMillis now,
                              const ChangeRetention& retention) {
  if (changes.empty()) return int64_t{0};
  const auto count = static_cast<int64_t>(changes.size());
  // The counter row is held from here to the commit: numbers follow the commit order.
  NQ_RETURN_IF_ERROR(tx.Exec("UPDATE change_head SET seq = seq + ? WHERE id = 1", {count}));
  NQ_TRY(int64_t head, ChangeHead(tx));
  std::vector<SqlParams> rows;
  rows.reserve(changes.size());
  int64_t seq = head - count;
  for (const Change& change : changes) {
    rows.push_back({++seq, std::string(origin), change.entity, change.id, change.kind, now});
  }
  NQ_RETURN_IF_ERROR(tx.CopyRows("change_log", "seq, origin, entity, entity_id, kind, at", rows));
  if ((head - count) / kPruneEvery != head / kPruneEvery) {
    NQ_RETURN_IF_ERROR(tx.Exec("DELETE FROM change_log WHERE seq <= ? AND at < ?",
                               {head - retention.keep_entries, now - retention.keep_for}));
  }
  return head;
}

Status AppendChange(Transaction& tx, std::string_view entity, int64_t id, std::string_view kind,
                    std::string_view origin, UnixMillis now) {
  const Change change{std::string(entity), id, std::string(kind)};
  NQ_RETURN_IF_ERROR(AppendChanges(tx, origin, std::span<const Change>(&change, 1), now));
  return Ok();
}

Result<int64_t> ChangeHead(Transaction& tx) {
  NQ_TRY(auto rows, tx.Query("SELECT seq FROM change_head WHERE id = 1"));
  if (rows.empty()) return MakeError(ErrorCode::kInternal, "the change log has no head row");
  return rows.front().Int(0);
}

Result<std::vector<LoggedChange>> ChangesAfter(Transaction& tx, int64_t after, int64_t limit) {
  NQ_TRY(auto rows, tx.Query("SELECT seq, origin, entity, entity_id, kind, at FROM change_log "
                             "WHERE seq > ? ORDER BY seq LIMIT ?",
                             {after, limit}));
  std::vector<LoggedChange> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    out.push_back({row.Int(0), row.Text(1), {row.Text(2), row.Int(3), row.Text(4)}, row.Int(5)});
  }
  return out;
}

Result<int64_t> DeleteChangesThrough(Transaction& tx, int64_t through) {
  return tx.Exec("DELETE FROM change_log WHERE seq <= ?", {through});
}

}  // namespace nq::storage
