// Typed access to the tables of the spine, written once in portable SQL over a Transaction.
// Every function runs inside the caller's transaction; none commits.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/access.h"
#include "domain/entities.h"
#include "storage/database.h"
#include "storage/filter.h"

namespace nq::storage {

using domain::Id;

// The store and the restore are instantiated for the entity lists of domain/entities.h; users
// and grants are the account tables; values, lineage, audit and idempotency have their own
// functions below.

// The entity's name as used in audit rows, URLs and errors: "unit", "obligation"…
template <typename T>
std::string_view EntityName();

// Rows matching every filter, ordered by id.
template <typename T>
Result<std::vector<T>> List(Transaction& tx, const Filters& filters = {});
// At most `limit` rows with ids above `after`, ordered by id: one page of a long read.
template <typename T>
Result<std::vector<T>> ListAfter(Transaction& tx, Id after, int64_t limit);
// Whether the entity's table holds any row; reads one row at most.
template <typename T>
Result<bool> HasRows(Transaction& tx);
// The row with `id`; not_found: `unit 12 not found`.
template <typename T>
Result<T> Get(Transaction& tx, Id id);
// The row whose unique code is `code` (entities with a code); not_found names the code.
template <typename T>
Result<T> GetByCode(Transaction& tx, std::string_view code);
// Inserts and returns the row with its new id (and version 1). A duplicate unique key fails with
// already_exists, a dangling reference with failed_precondition.
template <typename T>
Result<T> Insert(Transaction& tx, T row);
// Writes `row` over the stored one. For versioned entities the stored version must equal
// `row.version` (else aborted: `unit 12 was changed by someone else (version 3, expected 2)`);
// the returned row carries version + 1.
template <typename T>
Result<T> Update(Transaction& tx, T row);
// Deletes the row; not_found when absent, failed_precondition when still referenced.
template <typename T>
Status Delete(Transaction& tx, Id id);

// Values: a write adds a version and makes it current; history is kept.
Result<domain::Value> PutValue(Transaction& tx, domain::Value value);
// Current values matching every filter (over the columns of data_values).
Result<std::vector<domain::Value>> CurrentValues(Transaction& tx, const Filters& filters = {});
// The number of current values.
Result<int64_t> CountCurrentValues(Transaction& tx);
// A current value with a number, as the engine loads it.
struct CurrentNumber {
  Id id = 0;
  Id indicator_id = 0;
  Id unit_id = 0;
  domain::Period period = domain::Period::Year(2021);
  double number = 0;
};
// At most `limit` current values with a number and an id above `after`, ordered by id.
Result<std::vector<CurrentNumber>> CurrentNumbersAfter(Transaction& tx, Id after, int64_t limit);
// For each value version in `ids` (any version, superseded or not): its key and the number of
// the key's current version, nullopt when that has no number. Unknown ids are left out.
struct KeyedNumber {
  Id indicator_id = 0;
  Id unit_id = 0;
  domain::Period period = domain::Period::Year(2021);
  std::optional<double> number;
};
Result<std::vector<KeyedNumber>> CurrentNumbersOfVersions(Transaction& tx, std::span<const Id> ids);
// Every version of one value, oldest first.
Result<std::vector<domain::Value>> ValueHistory(Transaction& tx, Id indicator_id, Id unit_id,
                                                const domain::Period& period);

// ---- Values in bulk (an import of a file): one batch, many values, one transaction.

// The import that wrote a set of value versions; every version it wrote carries its id.
struct ValueBatch {
  Id id = 0;
  UnixMillis created_at = 0;
  std::string actor;
  std::string source;     // "dhis2", "csv"…
  std::string file_hash;  // of the file as received
};
// Inserts the batch and returns it with its new id.
Result<ValueBatch> InsertValueBatch(Transaction& tx, ValueBatch batch);
// The value versions written by batch `batch_id`, ordered by id.
Result<std::vector<domain::Value>> BatchValues(Transaction& tx, Id batch_id);

struct BulkCounts {
  int64_t written = 0;     // versions inserted
  int64_t superseded = 0;  // earlier current versions that stopped being current
};

// Writes values as PutValue does (each gets the next version of its indicator, unit and period
// and becomes current; the key's earlier current version stops being current), set-based and in
// large statements, every version carrying the batch id. Keys must be distinct within a batch.
// The `id` and `version` of the values given are not read. SQLite: multi-row prepared INSERTs
// after one set-based UPDATE per chunk that retires the earlier versions and returns their
// numbers; PostgreSQL: COPY into a temporary staging table, then one statement that retires and
// inserts. Runs in the caller's transaction: a failure leaves it to be rolled back.
class ValueBulkWriter {
 public:
  virtual ~ValueBulkWriter() = default;
  // Writes (SQLite) or stages (PostgreSQL) a chunk of values.
  virtual Status Add(std::span<const domain::Value> values) = 0;
  // Writes what is staged; the counts of every chunk added.
  virtual Result<BulkCounts> Finish() = 0;
};
Result<std::unique_ptr<ValueBulkWriter>> StartValueBulk(Transaction& tx, Id batch_id);

// Lineage events with their source and target units.
Result<domain::Lineage> InsertLineage(Transaction& tx, domain::Lineage lineage);
Result<std::vector<domain::Lineage>> ListLineage(Transaction& tx);
// The date of a lineage event of `unit_id` after `date`, if there is one.
Result<std::optional<std::string>> LineageDateAfter(Transaction& tx, Id unit_id, Date date);
// Replaces the details of lineage event `lineage_id`.
Status SetLineageDetails(Transaction& tx, Id lineage_id, std::string_view details);
// The source units of the merges into `unit_id` dated on or before `date`.
Result<std::vector<Id>> MergedInto(Transaction& tx, Id unit_id, Date date);
// Gives every version of one value (indicator, period) of `from_unit_id` to `to_unit_id`.
Status MoveValue(Transaction& tx, Id indicator_id, const domain::Period& period, Id from_unit_id,
                 Id to_unit_id);
// Succeeds when the store answers a trivial query.
Status Ping(Transaction& tx);

struct AuditRecord {
  Id id = 0;
  UnixMillis at = 0;
  std::string actor;
  std::string address;
  std::string action;  // "create", "update", "delete", "submit"…
  std::string entity;
  std::optional<Id> entity_id;
  std::string before;  // JSON or ""
  std::string after;   // JSON or ""
  std::string idempotency_key;
  // The unit the change concerns (docs/decisions/0016-people-and-the-audit.md); nullopt for what
  // concerns no unit (a user, reference data, a denied request).
  std::optional<Id> unit_id;
};

struct AuditFilter {
  std::optional<std::string> entity;
  std::optional<Id> entity_id;
  std::optional<std::string> actor;
  std::optional<UnixMillis> from;
  std::optional<UnixMillis> to;
  int64_t limit = 200;
  std::optional<std::string> action;
  // Only rows about one of these units (none when empty) when set.
  std::optional<std::vector<Id>> unit_ids;
  // Only rows older than this id: the next page, newest first.
  std::optional<Id> before_id;
};

Status AppendAudit(Transaction& tx, const AuditRecord& record);
Result<std::vector<AuditRecord>> ListAudit(Transaction& tx, const AuditFilter& filter);

// The stored outcome of a mutating request, replayed when its idempotency key comes again.
struct StoredResponse {
  std::string fingerprint;  // of the request that first used the key
  int status = 0;
  std::string body;
};
Result<std::optional<StoredResponse>> FindIdempotent(Transaction& tx, std::string_view key);
Status SaveIdempotent(Transaction& tx, std::string_view key, const StoredResponse& response,
                      UnixMillis at);

}  // namespace nq::storage
