// A PostgreSQL cluster of a test's own (initdb, pg_ctl), for tests that stop the database at
// once or give it a disk of its own, without touching the server other tests share. Owned by
// the postgres user when the test runs as root.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace nq::testing {

class PgCluster final {
 public:
  // The folder of the newest PostgreSQL server binaries (env PG_BIN, else
  // /usr/lib/postgresql/*/bin), or "" when there are none.
  static std::string Bin();

  // Makes the cluster in `dir`/data, starts it on a free loopback port and creates the
  // database `database`, unless it is empty (ok() says whether all of that worked). The server
  // runs with `environment` added to its own ("NAME=value …", e.g. an LD_PRELOAD).
  PgCluster(std::string bin, const std::filesystem::path& dir,
            const std::string& database = "nq_crash", std::string environment = "");
  ~PgCluster();  // stops it at once and removes `dir`
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  bool ok() const { return ok_; }
  // The URI of database `database` (the one made at the start by default).
  std::string uri(const std::string& database = "") const;

  bool Start();
  // The database stops at once, as on a power cut: no checkpoint, recovery from its log at the
  // next start.
  void StopImmediately();
  // Runs `sql` as the superuser in database `database`; true when it succeeded.
  bool Sql(const std::string& sql, const std::string& database = "postgres") const;
  // Gives `path` to the user the server runs as (a tablespace's folder must be its own).
  void GiveToServer(const std::filesystem::path& path) const;

 private:
  std::string bin_;
  std::filesystem::path dir_;
  std::string database_;
  std::string as_owner_;
  std::string environment_;
  uint16_t port_ = 0;
  bool ok_ = false;
};

// Runs a shell command; its exit status.
int RunShell(const std::string& command);

}  // namespace nq::testing
