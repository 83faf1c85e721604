#include "app/bundle/bundle.h"

#include <algorithm>
#include <boost/json.hpp>

#include "app/bundle/bundle_decode.h"
#include "formats/codec.h"
#include "storage/restore.h"

namespace nq::app {
namespace {

using namespace nq::domain;
using storage::Transaction;
using storage::ValueVersion;

// "2021-03-31T08:15:00Z"
std::string IsoTimestamp(UnixMillis millis) {
  constexpr int64_t kDay = 86'400'000;
  Date day = Date::FromUnixMillis(millis);
  int64_t of_day = millis - int64_t{day.days()} * kDay;
  return fmt::format("{}T{:02}:{:02}:{:02}Z", day.ToString(), of_day / 3'600'000,
                     of_day / 60'000 % 60, of_day / 1000 % 60);
}

// The bundle form of a record is its stored form: what the store holds, without the API's
// labels and flags (import would ignore them anyway).
template <typename T>
json::value Record(const T& row) {
  return formats::ToStoredJson(row);
}
json::value Record(const Lineage& lineage) { return formats::ToJson(lineage); }
json::value Record(const ValueVersion& version) {
  json::value record = formats::ToStoredJson(version.value);
  record.as_object()["current"] = version.current;
  return record;
}

template <typename T>
json::array Records(const std::vector<T>& rows) {
  json::array out;
  out.reserve(rows.size());
  for (const T& row : rows) out.push_back(Record(row));
  return out;
}

// Reports one more table read and reads the cancellation flag.
class TableSteps final {
 public:
  static constexpr size_t kTables = kBundleTables.size();
  explicit TableSteps(const WorkControl& control) : control_(control) {}
  Status Done(std::string_view key) {
    control_.Report(key, ++done_, kTables);
    return control_.CheckCancelled("export");
  }

 private:
  const WorkControl& control_;
  size_t done_ = 0;
};

template <typename T>
Status ExportTable(Transaction& tx, json::object& bundle, std::string_view key, TableSteps& steps) {
  NQ_TRY(auto rows, storage::List<T>(tx));
  bundle[key] = Records(rows);
  return steps.Done(key);
}

Result<json::value> ExportFrom(Transaction& tx, UnixMillis exported_at,
                               const WorkControl& control) {
  TableSteps steps(control);
  json::object bundle;
  bundle["format"] = kBundleFormat;
  bundle["version"] = kBundleVersion;
  bundle["exported_at"] = IsoTimestamp(exported_at);
  NQ_RETURN_IF_ERROR(ExportTable<UnitKind>(tx, bundle, "unit_kinds", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Unit>(tx, bundle, "units", steps));
  NQ_RETURN_IF_ERROR(ExportTable<UnitVersion>(tx, bundle, "unit_versions", steps));
  NQ_TRY(auto lineage, storage::ListLineage(tx));
  std::sort(lineage.begin(), lineage.end(),
            [](const Lineage& a, const Lineage& b) { return a.id < b.id; });
  bundle["lineage"] = Records(lineage);
  NQ_RETURN_IF_ERROR(steps.Done("lineage"));
  NQ_RETURN_IF_ERROR(ExportTable<Term>(tx, bundle, "terms", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Field>(tx, bundle, "fields", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Person>(tx, bundle, "people", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Indicator>(tx, bundle, "indicators", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Document>(tx, bundle, "documents", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Item>(tx, bundle, "items", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Link>(tx, bundle, "links", steps));
  NQ_TRY(auto values, storage::ListValueVersions(tx));
  bundle["values"] = Records(values);
  NQ_RETURN_IF_ERROR(steps.Done("values"));
  NQ_RETURN_IF_ERROR(ExportTable<Obligation>(tx, bundle, "obligations", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Assignment>(tx, bundle, "assignments", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Report>(tx, bundle, "reports", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Recommendation>(tx, bundle, "recommendations", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Responsibility>(tx, bundle, "responsibilities", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Comment>(tx, bundle, "comments", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Declaration>(tx, bundle, "declarations", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Regime>(tx, bundle, "regimes", steps));
  NQ_RETURN_IF_ERROR(ExportTable<Extension>(tx, bundle, "extensions", steps));
  return json::value(std::move(bundle));
}

// failed_precondition naming a table that holds rows.
Status RequireEmpty(Transaction& tx) {
  NQ_TRY(auto table, storage::FirstTableWithRows(tx));
  if (!table) return Ok();
  return MakeError(ErrorCode::kFailedPrecondition,
                   "the store already holds data (table {}); a bundle is imported only into an "
                   "empty store",
                   *table);
}

// Inserts the rows of one table keeping their ids, each with its audit row.
template <typename T>
Status RestoreTable(WriteScope& scope, const std::vector<T>& rows, json::object& counts,
                    std::string_view key) {
  for (const T& row : rows) {
    NQ_RETURN_IF_ERROR(storage::InsertKeepingId(scope.tx(), row));
    NQ_RETURN_IF_ERROR(
        scope.Audit("import", storage::EntityName<T>(), row.id, nullptr, Record(row)));
  }
  counts[key] = rows.size();
  return Ok();
}

// Writes every record, parents before children, so that each reference finds its row.
Result<json::object> Restore(WriteScope& scope, const BundleRecords& r) {
  Transaction& tx = scope.tx();
  json::object counts;
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.unit_kinds, counts, "unit_kinds"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.units, counts, "units"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.unit_versions, counts, "unit_versions"));
  for (const Lineage& lineage : r.lineage) {
    NQ_RETURN_IF_ERROR(storage::RestoreLineage(tx, lineage));
    NQ_RETURN_IF_ERROR(scope.Audit("import", "lineage", lineage.id, nullptr, Record(lineage)));
  }
  counts["lineage"] = r.lineage.size();
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.terms, counts, "terms"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.fields, counts, "fields"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.people, counts, "people"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.indicators, counts, "indicators"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.documents, counts, "documents"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.items, counts, "items"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.links, counts, "links"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.declarations, counts, "declarations"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.regimes, counts, "regimes"));  // reports refer to them
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.extensions, counts, "extensions"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.reports, counts, "reports"));  // values refer to them
  NQ_RETURN_IF_ERROR(storage::RestoreValues(tx, r.values));               // COPY on PostgreSQL
  for (const ValueVersion& version : r.values) {
    NQ_RETURN_IF_ERROR(scope.Audit("import", "value", version.value.id, nullptr, Record(version)));
  }
  counts["values"] = r.values.size();
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.obligations, counts, "obligations"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.assignments, counts, "assignments"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.recommendations, counts, "recommendations"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.responsibilities, counts, "responsibilities"));
  NQ_RETURN_IF_ERROR(RestoreTable(scope, r.comments, counts, "comments"));
  NQ_RETURN_IF_ERROR(tx.AfterInsertsKeepingIds());  // new rows must not reuse imported ids
  return counts;
}

}  // namespace

Result<json::value> ExportBundle(storage::Database& database) {
  return ExportBundle(database, SystemClock().Now());
}

Result<json::value> ExportBundle(storage::Database& database, UnixMillis exported_at) {
  return ExportBundle(database, exported_at, {});
}

Result<json::value> ExportBundle(storage::Database& database, UnixMillis exported_at,
                                 const WorkControl& control) {
  return database.Read([&](Transaction& tx) { return ExportFrom(tx, exported_at, control); });
}

Status ImportBundle(Service& service, const json::value& bundle, std::vector<BundleError>& errors) {
  errors.clear();
  // A quick look first, so that a bundle meant for another store is not decoded for nothing;
  // the check is repeated in the writing transaction.
  NQ_RETURN_IF_ERROR(service.database().Read([](Transaction& tx) { return RequireEmpty(tx); }));
  if (auto envelope = CheckBundleEnvelope(bundle); !envelope) {
    errors.push_back({envelope.error().field, envelope.error().message});
    return envelope;
  }
  DecodedBundle decoded = DecodeBundle(UpgradeBundle(bundle));
  if (decoded.rejected > 0) {
    errors = std::move(decoded.errors);
    return std::unexpected(Error{ErrorCode::kInvalidArgument,
                                 fmt::format("{} record{} rejected, nothing imported",
                                             decoded.rejected, decoded.rejected == 1 ? "" : "s"),
                                 errors.front().pointer});
  }
  const json::object& envelope = bundle.get_object();
  const json::value* exported_at = envelope.if_contains("exported_at");
  Actor actor;
  actor.name = "import";
  auto imported = service.Mutate(actor, "", [&](WriteScope& scope) -> Result<Reply> {
    NQ_RETURN_IF_ERROR(RequireEmpty(scope.tx()));
    NQ_TRY(json::object counts, Restore(scope, decoded.records));
    json::object summary{{"exported_at", exported_at ? *exported_at : json::value(nullptr)},
                         {"counts", counts}};
    NQ_RETURN_IF_ERROR(scope.Audit("import", "bundle", std::nullopt, nullptr, summary));
    scope.ChangedStructure();
    return Reply{200, std::move(summary), false};
  });
  if (!imported) return std::unexpected(std::move(imported).error());
  return Ok();
}

}  // namespace nq::app
