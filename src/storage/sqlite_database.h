// SqliteDatabase: the embedded store. One file, WAL, synchronous=FULL, foreign keys on,
// one serialised writer connection and a pool of reader connections. A full disk answers
// storage_full (507); an I/O error unavailable (503); after a failed sync every write is refused
// (unavailable) until the store is opened again, reads go on (docs/reliability.md).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.h"

struct sqlite3;

namespace nq::storage {

class SqliteConnection;

class SqliteDatabase final : public Database {
 public:
  // Opens (creating if needed) the database file at `path` and applies pending migrations in
  // one transaction. Fails with unavailable when the file cannot be opened, failed_precondition
  // when it was written by a newer nqtrack (schema version above ours).
  static Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path);
  ~SqliteDatabase() override;

  std::string_view dialect() const override { return "sqlite"; }
  Status WriteTx(const std::function<Status(Transaction&)>& fn) override;
  Status ReadTx(const std::function<Status(Transaction&)>& fn) override;

  const std::string& path() const { return path_; }

 private:
  explicit SqliteDatabase(std::string path);
  Result<std::unique_ptr<SqliteConnection>> Connect(bool writer) const;
  Status RefuseAfterSyncFailure() const;
  std::unique_ptr<SqliteConnection> TakeReader();
  void ReturnReader(std::unique_ptr<SqliteConnection> connection);

  std::string path_;
  std::mutex write_mutex_;
  std::unique_ptr<SqliteConnection> writer_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<SqliteConnection>> readers_;
};

}  // namespace nq::storage
