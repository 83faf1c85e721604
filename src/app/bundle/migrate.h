// Moving a whole installation from one store to another (SQLite → PostgreSQL): the bundle, then
// the accounts the bundle leaves out, then a verification by row counts and checksums.
#pragma once

#include <string>
#include <vector>

#include "app/bundle/bundle.h"
#include "app/service.h"

namespace nq::app {

// One table compared on both sides. A checksum is empty when the table has none of its own
// (lineage_units is covered by lineage's).
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

// Copies the rows of users, grants and api_tokens keeping their ids (sessions are not copied:
// everyone signs in again). Errors: failed_precondition when the target already has users.
Status CopyAccounts(storage::Database& source, storage::Database& target);

// Compares the two stores: row counts per table; checksums of each bundle section (re-exported
// from both with the same exported_at) and of the account tables' rows in id order.
Result<MigrationReport> VerifyMigration(storage::Database& source, storage::Database& target);

// Exports the bundle from `source`, imports it into `target` (which must be empty), copies the
// accounts, and verifies. `errors` lists rejected bundle records when the import fails.
Result<MigrationReport> MigrateStore(Service& source, Service& target,
                                     std::vector<BundleError>& errors);

}  // namespace nq::app
