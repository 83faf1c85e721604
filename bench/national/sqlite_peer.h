// The SQLite peer: the data set in a WAL database of its own (plain sqlite3 API), a closure
// table beside the parent ids, and the SQL of bench/national/queries.h run on it.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bench/national/dataset.h"

namespace nq::bench {

// Seconds spent in each step of a peer's load, in order.
using LoadPhases = std::vector<std::pair<std::string, double>>;

// Runs `sql` on `peer` and records the time it took as the load phase `name`.
template <typename Peer>
Status TimedExec(Peer& peer, LoadPhases& phases, std::string name, const std::string& sql) {
  const auto start = std::chrono::steady_clock::now();
  NQ_RETURN_IF_ERROR(peer.Exec(sql));
  phases.emplace_back(
      std::move(name),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return Ok();
}

class SqlitePeer final {
 public:
  // Creates a fresh database at `path` (an existing file is replaced).
  static Result<std::unique_ptr<SqlitePeer>> Create(const std::string& path);
  ~SqlitePeer();
  SqlitePeer(const SqlitePeer&) = delete;
  SqlitePeer& operator=(const SqlitePeer&) = delete;

  // Loads every table with prepared inserts in one transaction, then indexes, the closure
  // table and ANALYZE.
  Result<LoadPhases> Load(const Dataset& data);
  // Runs a query of QuerySql; its one row as a checksum.
  Result<std::string> Checksum(const std::string& sql);
  Status Exec(const std::string& sql);
  // Every later query is interrupted after `seconds` (error "timeout after N s").
  void SetTimeout(double seconds) { timeout_seconds_ = seconds; }

 private:
  explicit SqlitePeer(sqlite3* db) : db_(db) {}
  Error LastError(std::string_view what) const;
  sqlite3* db_;
  double timeout_seconds_ = 0;
};

// The closure table from the parent ids, filled and indexed the same way in SQLite and
// PostgreSQL: (ancestor, unit, depths), every unit its own ancestor.
inline constexpr std::string_view kClosureBuild =
    "INSERT INTO closure (ancestor_id, unit_id, ancestor_depth, unit_depth) "
    "WITH RECURSIVE c(ancestor_id, unit_id, ancestor_depth, unit_depth) AS ("
    "SELECT id, id, depth, depth FROM units UNION ALL "
    "SELECT c.ancestor_id, u.id, c.ancestor_depth, u.depth FROM c JOIN units u ON u.parent_id = "
    "c.unit_id) SELECT ancestor_id, unit_id, ancestor_depth, unit_depth FROM c; "
    "CREATE INDEX closure_ancestor ON closure(ancestor_id, unit_id); "
    "CREATE INDEX closure_unit ON closure(unit_id);";

}  // namespace nq::bench
