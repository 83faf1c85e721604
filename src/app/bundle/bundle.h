// Bundles: everything in the store as one JSON document, for backup, transfer and seeding.
// The format is described in docs/bundle.md.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "app/service.h"
#include "common/work_control.h"

namespace nq::app {

// Every entity, units with their history, values with every version, in one read snapshot.
// Records are ordered by id. Errors are the store's (unavailable, internal).
Result<boost::json::value> ExportBundle(storage::Database& database);
// Same, stamped with `exported_at` instead of the system clock's time.
Result<boost::json::value> ExportBundle(storage::Database& database, UnixMillis exported_at);
// Same, reporting each table read to `control` (phase: the table's key) and failing with
// aborted when it is cancelled.
Result<boost::json::value> ExportBundle(storage::Database& database, UnixMillis exported_at,
                                        const WorkControl& control);

// One rejected record of an import: where it is in the bundle and what is wrong.
struct BundleError {
  std::string pointer;  // "/units/3/kind_id"
  std::string message;
};

// Imports a bundle into an empty store, all or nothing: on any bad record nothing is written
// and `errors` lists every bad record found (the returned error summarises them).
// Ids in the bundle are kept, so references inside it stay valid.
// Errors: failed_precondition when the store holds data; invalid_argument for a bad envelope
// (format, version, unknown member; one entry in `errors`) or bad records ("3 records rejected,
// nothing imported"; one entry per record, the first 100). Runs as one mutation by actor
// "import", with an audit row per record, and reloads the engine.
Status ImportBundle(Service& service, const boost::json::value& bundle,
                    std::vector<BundleError>& errors);

}  // namespace nq::app
