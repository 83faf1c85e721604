// Bundles: everything in the store as one JSON document, for backup, transfer and seeding.
// The format is described in docs/bundle.md.
#pragma once

#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "service/service.h"

namespace nq::service {

// Every entity, units with their history, values with every version, in one read snapshot.
Result<boost::json::value> ExportBundle(storage::Database& database);

// One rejected record of an import: where it is in the bundle and what is wrong.
struct BundleError {
  std::string pointer;  // "/units/3/kind_id"
  std::string message;
};

// Imports a bundle into an empty store, all or nothing: on any bad record nothing is written
// and `errors` lists every bad record found (the returned error summarises them).
// Ids in the bundle are kept, so references inside it stay valid.
Status ImportBundle(Service& service, const boost::json::value& bundle,
                    std::vector<BundleError>& errors);

}  // namespace nq::service
