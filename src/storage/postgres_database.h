// PostgresDatabase: the server store over libpq. A bounded pool of connections; one serialised
// writer per process, SERIALIZABLE transactions retried on serialization failures so several
// nqtrack processes can write to one database; every committed write announces itself on
// kChangeChannel so the other processes can bring their engines up to date.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.h"

namespace nq::storage {

class PostgresConnection;

class PostgresDatabase final : public Database {
 public:
  // The LISTEN/NOTIFY channel; the payload is "<origin> <change id>".
  static constexpr std::string_view kChangeChannel = "nqtrack_changes";

  struct Options {
    int pool_size = 8;        // connections at most, writer included
    int write_attempts = 20;  // tries of one write on serialization failure or deadlock
  };

  // True for "postgresql://…" and "postgres://…" (what the command line accepts).
  static bool IsConnectionUri(std::string_view text);

  // Connects to `conninfo` (a libpq URI or key=value string) and applies pending migrations in
  // one transaction. Fails with unavailable when the server cannot be reached,
  // failed_precondition when the schema is newer than this build.
  static Result<std::unique_ptr<PostgresDatabase>> Open(const std::string& conninfo,
                                                        Options options);
  static Result<std::unique_ptr<PostgresDatabase>> Open(const std::string& conninfo) {
    return Open(conninfo, Options{});
  }
  ~PostgresDatabase() override;

  std::string_view dialect() const override { return "postgres"; }
  // SERIALIZABLE, serialised within the process by a mutex. On SQLSTATE 40001/40P01 the whole
  // `fn` runs again (up to write_attempts), so `fn` must not have effects outside `tx` that a
  // retry would repeat; after the last attempt fails with aborted. A failure at COMMIT on a
  // lost connection is unavailable (in doubt: the commit may have happened).
  Status WriteTx(const std::function<Status(Transaction&)>& fn) override;
  // READ ONLY, REPEATABLE READ: one snapshot for the whole `fn`. Thread-safe.
  Status ReadTx(const std::function<Status(Transaction&)>& fn) override;

  const std::string& conninfo() const { return conninfo_; }
  // A random token naming this process's writes in change notifications.
  std::string_view origin() const override { return origin_; }

  // Advances every identity sequence past the largest id in its table; needed after rows were
  // inserted with their own ids (restore, migrate-store). Runs inside the caller's transaction.
  static Status ResetSequences(Transaction& tx);

 private:
  PostgresDatabase(std::string conninfo, Options options);
  Result<std::unique_ptr<PostgresConnection>> Acquire();
  void Release(std::unique_ptr<PostgresConnection> connection);
  Status WriteOnce(PostgresConnection& connection, const std::function<Status(Transaction&)>& fn);

  std::string conninfo_;
  Options options_;
  std::string origin_;
  std::mutex write_mutex_;
  std::mutex pool_mutex_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_;
  int open_ = 0;  // connections handed out or idle
};

}  // namespace nq::storage
