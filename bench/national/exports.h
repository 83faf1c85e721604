// Files the other systems of the benchmark read: CSV for DuckDB, the product's own SQLite store
// for `nqtrack serve`, and a DHIS2 dataValueSets file for the import measure (I1).
#pragma once

#include <string>

#include "bench/national/dataset.h"
#include "bench/national/queries.h"

namespace nq::bench {

// units.csv, indicators.csv, datavalue.csv, goals.csv, obligations.csv, assignments.csv with
// a header line each, in `dir`.
Status WriteCsv(const Dataset& data, const std::string& dir);

// The data set in the product's schema (src/storage/migrations.cc), written with bulk
// prepared inserts. `structure_copy`, when not empty, receives a copy of the store taken
// before values and assignments were added (the store I1 imports into).
Status WriteProductStore(const Dataset& data, const std::string& path,
                         const std::string& structure_copy);

// `count` current values of the data set (from the first) as a DHIS2 dataValueSets document.
Status WriteDataValueSets(const Dataset& data, size_t count, const std::string& path);

// The period code the product and DHIS2 use: "2028Q2", "202804", "2028S1", "2028".
std::string PeriodCode(const TermPeriod& period);

}  // namespace nq::bench
