// Throwaway PostgreSQL databases for tests: each test gets its own fresh database on the server
// named by NQ_TEST_PG (set by scripts/with-postgres.sh), dropped when the test ends.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "common/result.h"

namespace nq::storage {

class ScratchPostgres final {
 public:
  // The server URI from NQ_TEST_PG ("postgresql://user@host:port"), or nullopt when unset.
  static std::optional<std::string> ServerUri();
  // Creates an empty database "nq_<random>" on the server; unavailable when it cannot.
  static Result<std::unique_ptr<ScratchPostgres>> Create();
  // Drops the database, closing whatever connections are still open to it.
  ~ScratchPostgres();
  ScratchPostgres(const ScratchPostgres&) = delete;
  ScratchPostgres& operator=(const ScratchPostgres&) = delete;

  // "postgresql://user@host:port/nq_…": what PostgresDatabase::Open and --db take.
  const std::string& uri() const { return uri_; }
  const std::string& name() const { return name_; }

 private:
  ScratchPostgres(std::string server, std::string name);
  std::string server_;
  std::string name_;
  std::string uri_;
};

}  // namespace nq::storage
