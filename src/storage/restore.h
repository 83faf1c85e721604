// Reading and writing rows exactly as they are, ids, versions and value history included: what
// the bundle export and import need beyond the ordinary store. Every function runs inside the
// caller's transaction; none commits.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "storage/store.h"

namespace nq::storage {

// One version of a value with whether it is the current one.
struct ValueVersion {
  domain::Value value;
  bool current = false;
};

// Every version of every value, ordered by id.
Result<std::vector<ValueVersion>> ListValueVersions(Transaction& tx);

// How many rows a data table holds.
struct TableCount {
  std::string_view table;  // "units"
  int64_t rows = 0;
};

// The row count of every data table (the audit and idempotency records are not data).
Result<std::vector<TableCount>> CountRows(Transaction& tx);
// The first data table holding a row, or nullopt when the store holds no data. Cheaper than
// CountRows: it stops at the first row.
Result<std::optional<std::string_view>> FirstTableWithRows(Transaction& tx);

// Inserts `row` with its own id, and its own version for versioned entities, for the entity
// types with a table (store.h). A duplicate id or unique key fails with already_exists, a
// reference to a missing row with failed_precondition; both name the entity and its id.
template <typename T>
Status InsertKeepingId(Transaction& tx, const T& row);

// Inserts one version of a value as it is: id, version, entered_by/at and whether it is the
// current version. The caller keeps one current version per (indicator, unit, period).
Status RestoreValue(Transaction& tx, const domain::Value& value, bool current);
// Inserts every value version keeping ids, in one bulk write (COPY on PostgreSQL).
Status RestoreValues(Transaction& tx, const std::vector<ValueVersion>& versions);

// Inserts a lineage event with its id and its source and target units.
Status RestoreLineage(Transaction& tx, const domain::Lineage& lineage);

}  // namespace nq::storage
