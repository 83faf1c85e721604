// Online backup and restore of the embedded store, while `nqtrack serve` runs.
#pragma once

#include <string>

#include "common/result.h"

namespace nq::storage {

// Copies the SQLite store at `path` into the new file `out`, consistent at one instant: the copy
// is read in one read transaction, so it holds every transaction committed before it began and
// none of those after, never half of one; writers carry on meanwhile (WAL). The copy is written
// beside `out`, synced, checked with VerifySqliteFile and only then renamed into place.
// not_found when there is no store at `path`; already_exists when `out` exists.
Status BackupSqlite(const std::string& path, const std::string& out);

// SQLite's integrity and foreign-key checks over the file at `path`; failed_precondition naming
// the first problem found.
Status VerifySqliteFile(const std::string& path);

// Puts the backup `from` in place as the store `path`, verified first and renamed into place
// whole. `path` must not exist (move the old store away, with the server stopped):
// already_exists otherwise.
Status RestoreSqlite(const std::string& from, const std::string& path);

}  // namespace nq::storage
