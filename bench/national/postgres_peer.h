// The PostgreSQL peer: the data set COPYed into its own database on a server the benchmark
// started, with a closure table, an ltree path with GiST, and a DHIS2-style flattened
// analytics table whose build time stands for DHIS2's analytics run.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "bench/national/dataset.h"
#include "bench/national/sqlite_peer.h"

namespace nq::bench {

struct Footprint {
  int64_t bytes = 0;  // the value table with its indexes
  int64_t rows = 0;
};

class PostgresPeer final {
 public:
  // Creates (or recreates) database `database` on the server at `server_uri`
  // ("postgresql://user@host:port", no database name) and connects to it.
  static Result<std::unique_ptr<PostgresPeer>> Create(const std::string& server_uri,
                                                      const std::string& database);
  ~PostgresPeer();
  PostgresPeer(const PostgresPeer&) = delete;
  PostgresPeer& operator=(const PostgresPeer&) = delete;

  // COPY of every table, indexes, closure table, ltree paths with GiST, VACUUM ANALYZE.
  Result<LoadPhases> Load(const Dataset& data);
  // The flattened analytics table (uidlevel1..n, partitioned by year, one index per
  // dimension), built from the loaded tables; phases of the build.
  Result<LoadPhases> BuildFlattened(const Dataset& data);
  Result<std::string> Checksum(const std::string& sql);
  Result<Footprint> ValueFootprint();
  Result<std::string> Version();
  Status Exec(const std::string& sql);
  // Every later query is cancelled by the server after `seconds` (statement_timeout).
  Status SetTimeout(double seconds);

 private:
  explicit PostgresPeer(PGconn* connection) : connection_(connection) {}
  Status Copy(const std::string& table, const std::string& rows);
  PGconn* connection_;
};

}  // namespace nq::bench
