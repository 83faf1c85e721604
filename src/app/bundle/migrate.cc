#include "app/bundle/migrate.h"

#include <boost/json.hpp>
#include <map>

#include "storage/change_log.h"
#include "storage/restore.h"

namespace nq::app {
namespace {

namespace json = boost::json;
using storage::SqlParams;
using storage::SqlValue;
using storage::Transaction;

// FNV-1a, 64 bits: stable across runs and machines, enough to tell two copies apart.
class Checksum {
 public:
  void Add(std::string_view bytes) {
    for (char c : bytes) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 0x100000001b3ULL;
    }
  }
  std::string Hex() const { return fmt::format("{:016x}", hash_); }

 private:
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

std::string RowsChecksum(const std::vector<SqlParams>& rows) {
  Checksum sum;
  for (const SqlParams& row : rows) {
    for (const SqlValue& value : row) {
      if (std::holds_alternative<std::monostate>(value)) {
        sum.Add("N");
      } else if (auto* i = std::get_if<int64_t>(&value)) {
        sum.Add(fmt::format("i{}", *i));
      } else if (auto* d = std::get_if<double>(&value)) {
        sum.Add(fmt::format("r{}", *d));
      } else {
        const std::string& text = std::get<std::string>(value);
        sum.Add(fmt::format("t{}:", text.size()));
        sum.Add(text);
      }
      sum.Add("\x1f");
    }
    sum.Add("\x1e");
  }
  return sum.Hex();
}

// Per bundle section: its checksum, keyed by the table that holds its rows.
std::map<std::string, std::string, std::less<>> SectionChecksums(const json::value& bundle) {
  std::map<std::string, std::string, std::less<>> out;
  for (const auto& [key, section] : bundle.as_object()) {
    if (!section.is_array()) continue;
    Checksum sum;
    sum.Add(json::serialize(section));
    out[key == "values" ? std::string("data_values") : std::string(key)] = sum.Hex();
  }
  return out;
}

struct Side {
  std::vector<storage::TableCount> counts;
  std::map<std::string, std::vector<SqlParams>, std::less<>> accounts;
};

Result<Side> ReadSide(storage::Database& database) {
  return database.Read([&](Transaction& tx) -> Result<Side> {
    Side side;
    NQ_TRY(side.counts, storage::CountRows(tx));
    for (std::string_view table : storage::AccountTables()) {
      NQ_TRY(side.accounts[std::string(table)], storage::ReadAccountRows(tx, table));
    }
    return side;
  });
}

}  // namespace

bool MigrationReport::ok() const {
  for (const MigrationCheck& check : checks) {
    if (!check.ok()) return false;
  }
  return !checks.empty();
}

Status CopyAccounts(storage::Database& source, storage::Database& target) {
  std::vector<std::vector<SqlParams>> rows;
  NQ_RETURN_IF_ERROR(source.Read([&](Transaction& tx) -> Status {
    for (std::string_view table : storage::AccountTables()) {
      NQ_TRY(auto read, storage::ReadAccountRows(tx, table));
      rows.push_back(std::move(read));
    }
    return Ok();
  }));
  return target.Write([&](Transaction& tx) -> Status {
    NQ_TRY(bool has_users, storage::HasUsers(tx));
    if (has_users) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the target store already has users; accounts are copied only into a "
                       "store without any");
    }
    for (size_t i = 0; i < storage::AccountTables().size(); ++i) {
      NQ_RETURN_IF_ERROR(storage::WriteAccountRows(tx, storage::AccountTables()[i], rows[i]));
    }
    // Rows written outside the change log's view: whoever follows the target reloads.
    NQ_RETURN_IF_ERROR(storage::AppendChange(tx, "accounts", 0, storage::kChangeReload,
                                             target.origin(), SystemClock().Now()));
    return tx.AfterInsertsKeepingIds();
  });
}

Result<MigrationReport> VerifyMigration(storage::Database& source, storage::Database& target) {
  constexpr UnixMillis kStamp = 0;  // the same exported_at on both sides
  NQ_TRY(json::value source_bundle, ExportBundle(source, kStamp));
  NQ_TRY(json::value target_bundle, ExportBundle(target, kStamp));
  NQ_TRY(Side from, ReadSide(source));
  NQ_TRY(Side to, ReadSide(target));
  auto source_sums = SectionChecksums(source_bundle);
  auto target_sums = SectionChecksums(target_bundle);
  MigrationReport report;
  for (size_t i = 0; i < from.counts.size(); ++i) {
    MigrationCheck check;
    check.table = std::string(from.counts[i].table);
    check.source_rows = from.counts[i].rows;
    for (const storage::TableCount& count : to.counts) {
      if (count.table == from.counts[i].table) check.target_rows = count.rows;
    }
    if (auto it = source_sums.find(check.table); it != source_sums.end())
      check.source_checksum = it->second;
    if (auto it = target_sums.find(check.table); it != target_sums.end())
      check.target_checksum = it->second;
    report.checks.push_back(std::move(check));
  }
  for (std::string_view table : storage::AccountTables()) {
    const auto& a = from.accounts[std::string(table)];
    const auto& b = to.accounts[std::string(table)];
    report.checks.push_back({std::string(table), static_cast<int64_t>(a.size()),
                             static_cast<int64_t>(b.size()), RowsChecksum(a), RowsChecksum(b)});
  }
  return report;
}

Result<MigrationReport> MigrateStore(Service& source, Service& target,
                                     std::vector<BundleError>& errors) {
  NQ_TRY(json::value bundle, ExportBundle(source.database()));
  NQ_RETURN_IF_ERROR(ImportBundle(target, bundle, errors));
  NQ_RETURN_IF_ERROR(CopyAccounts(source.database(), target.database()));
  return VerifyMigration(source.database(), target.database());
}

}  // namespace nq::app
