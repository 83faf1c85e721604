// Checks across the decoded records of a bundle: unique ids and keys, references within the
// bundle, one current version per value, and the order self-referring rows are written in.
// Private to the bundle import (bundle_decode.cc).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "app/bundle/bundle_decode.h"

namespace nq::app::bundle_internal {

using domain::Id;

// "/units/3/kind_id": field `field` of record `index` of the array `table`.
std::string RecordPointer(std::string_view table, size_t index, std::string_view field = "");

// The first problem of each bad record. Later problems of a record already rejected are
// dropped: one error per record, so that one bad field does not drown the others.
class Rejections final {
 public:
  // `message` names the field by its full pointer.
  void Reject(std::string_view table, size_t index, std::string pointer, std::string message);
  // A decoder's error, whose field and message name pointers relative to the record.
  void Reject(std::string_view table, size_t index, const Error& error);
  bool Has(std::string_view table, size_t index) const {
    return rejected_.contains({table, index});
  }
  size_t count() const { return rejected_.size(); }
  // The errors of the first kMaxBundleErrors bad records, in the order found.
  std::vector<BundleError> TakeErrors() { return std::move(errors_); }

 private:
  std::set<std::pair<std::string_view, size_t>> rejected_;
  std::vector<BundleError> errors_;
};

// The decoded records of one array of the bundle.
template <typename T>
struct Records {
  std::string_view table;   // "units"
  std::string_view entity;  // "unit", for messages
  std::vector<T> rows;
  std::vector<size_t> positions;  // where each row is in the bundle's array
  // Every readable id, rejected records included, so that the records referring to a record
  // with some other fault are not rejected as well.
  std::unordered_set<Id> ids;
};

struct AllRecords {
  Records<domain::UnitKind> unit_kinds;
  Records<domain::Unit> units;
  Records<domain::UnitVersion> unit_versions;
  Records<domain::Lineage> lineage;
  Records<domain::Term> terms;
  Records<domain::Field> fields;
  Records<domain::Person> people;
  Records<domain::Indicator> indicators;
  Records<domain::Document> documents;
  Records<domain::Item> items;
  Records<domain::Link> links;
  Records<storage::ValueVersion> values;
  Records<domain::Obligation> obligations;
  Records<domain::Assignment> assignments;
  Records<domain::Report> reports;
  Records<domain::Recommendation> recommendations;
  Records<domain::Responsibility> responsibilities;
  Records<domain::Comment> comments;
  Records<domain::Declaration> declarations;
  Records<domain::Regime> regimes;
  Records<domain::Extension> extensions;
};

// Runs every check, rejecting the records at fault, then orders indicators and items so that
// each comes after those it refers to. `values_complete` is false when some value record could
// not be decoded: that record may be a current version, so none missing is reported then.
void CheckAcrossRecords(AllRecords& records, bool values_complete, Rejections& rejections);

}  // namespace nq::app::bundle_internal
