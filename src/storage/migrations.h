// Versioned schema migrations, applied at start inside one transaction.
#pragma once

#include "storage/database.h"

namespace nq::storage {

// The schema version this build writes.
int LatestSchemaVersion();

// Applies every migration above the database's recorded version, all in one write transaction.
// Fails with failed_precondition when the database's version is newer than LatestSchemaVersion().
Status ApplyMigrations(Database& database);

}  // namespace nq::storage
