// Moving a whole installation from one store to another (SQLite → PostgreSQL, or back): every
// table copied as it is, a chunk of rows at a time, in one transaction on the target, then a
// verification by row counts and checksums computed as the rows stream by. Memory holds one
// chunk, whatever the size of the store (docs/decisions/0026-streamed-store-migration.md).
#pragma once

#include <string>
#include <vector>

#include "common/work_control.h"
#include "storage/database.h"

namespace nq::app {

// One table compared on both sides.
struct MigrationCheck {
  std::string table;
  int64_t source_rows = 0;
  int64_t target_rows = 0;
  std::string source_checksum;
  std::string target_checksum;
  bool ok() const { return source_rows == target_rows && source_checksum == target_checksum; }
};

struct MigrationReport {
  std::vector<MigrationCheck> checks;
  bool ok() const;
};

struct MigrateOptions {
  // Rows read, written and checked at a time: what memory holds of a table.
  size_t chunk_rows = 50'000;
  // Hears "copying <table>" and "checking <table>" with the rows done and the table's rows;
  // cancelling stops the migration between chunks, leaving the target as it was.
  WorkControl control;
};

// Compares the two stores table by table (storage::CopiedTables()): the row count, and a
// checksum of the rows in key order, every column normalised the same way on both stores,
// each store read in one snapshot a chunk at a time.
Result<MigrationReport> VerifyMigration(storage::Database& source, storage::Database& target,
                                        const MigrateOptions& options = {});

// Copies every table of `source` into `target` keeping ids, versions, every version of every
// value, users with their password hashes, grants, API tokens and the audit (sessions are not
// copied: everyone signs in again), then verifies as VerifyMigration does, all in one
// transaction on the target: on any error, a refused row or a difference found, nothing stays
// written. A difference is not an error: the report says FAILED for the table.
// Errors: failed_precondition when the target already holds rows (naming the table); the
// store's error naming the table for a row the target refuses; aborted when cancelled.
Result<MigrationReport> MigrateStore(storage::Database& source, storage::Database& target,
                                     const MigrateOptions& options = {});

}  // namespace nq::app
