// Decoding and checking the records of a bundle before anything is written. Private to
// bundle.cc; the format is described in docs/bundle.md.
#pragma once

#include <array>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string_view>
#include <vector>

#include "app/bundle/bundle.h"
#include "domain/document.h"
#include "domain/indicator.h"
#include "domain/obligation.h"
#include "domain/people.h"
#include "domain/report.h"
#include "domain/unit.h"
#include "storage/restore.h"

namespace nq::app {

inline constexpr std::string_view kBundleFormat = "nqtrack-bundle";
// Version 2 holds declarations, regimes and extensions; a version 1 bundle is read as the store's
// migration to schema 4 reads its rows (UpgradeBundle).
inline constexpr int64_t kBundleVersion = 2;
// The reason of a declaration made from the old flag on a superior's target.
inline constexpr std::string_view kDeclaredBeforeDeclarations =
    "Đánh dấu không áp dụng trước khi có khai báo riêng của từng đơn vị";
// At most this many bad records are listed; the count in the error covers them all.
inline constexpr size_t kMaxBundleErrors = 100;

// The record arrays of a bundle, in the order they are written and imported.
inline constexpr std::array<std::string_view, 21> kBundleTables = {"unit_kinds",
                                                                   "units",
                                                                   "unit_versions",
                                                                   "lineage",
                                                                   "terms",
                                                                   "fields",
                                                                   "people",
                                                                   "indicators",
                                                                   "documents",
                                                                   "items",
                                                                   "links",
                                                                   "values",
                                                                   "obligations",
                                                                   "assignments",
                                                                   "reports",
                                                                   "recommendations",
                                                                   "responsibilities",
                                                                   "comments",
                                                                   "declarations",
                                                                   "regimes",
                                                                   "extensions"};

// Every record of a bundle, decoded and checked. Indicators and items are ordered so that each
// comes after the ones it refers to (numerator, denominator, parent); the rest keep bundle order.
struct BundleRecords {
  std::vector<domain::UnitKind> unit_kinds;
  std::vector<domain::Unit> units;
  std::vector<domain::UnitVersion> unit_versions;
  std::vector<domain::Lineage> lineage;
  std::vector<domain::Term> terms;
  std::vector<domain::Field> fields;
  std::vector<domain::Person> people;
  std::vector<domain::Indicator> indicators;
  std::vector<domain::Document> documents;
  std::vector<domain::Item> items;
  std::vector<domain::Link> links;
  std::vector<storage::ValueVersion> values;
  std::vector<domain::Obligation> obligations;
  std::vector<domain::Assignment> assignments;
  std::vector<domain::Report> reports;
  std::vector<domain::Recommendation> recommendations;
  std::vector<domain::Responsibility> responsibilities;
  std::vector<domain::Comment> comments;
  std::vector<domain::Declaration> declarations;
  std::vector<domain::Regime> regimes;
  std::vector<domain::Extension> extensions;
};

struct DecodedBundle {
  BundleRecords records;            // complete only when `rejected` is 0
  size_t rejected = 0;              // bad records in all
  std::vector<BundleError> errors;  // the first problem of each, up to kMaxBundleErrors
};

// Checks the envelope: a JSON object with "format" "nqtrack-bundle", "version" 1 or 2, every record
// array an array and no unknown member. invalid_argument naming the member otherwise.
Status CheckBundleEnvelope(const boost::json::value& bundle);

// Decodes every record of a bundle whose envelope is good, with the codec's decoders, and checks
// within the bundle: ids present and unique per array, codes unique, references to records of
// the bundle, one current version per value. Looks at every record, so that all bad ones are
// reported at once; one error per bad record, pointing at the offending field.
DecodedBundle DecodeBundle(const boost::json::value& bundle);
// A bundle of an older version as this version writes it; the bundle itself when it is current.
// Version 1 marked a superior's target not applicable on the item: that becomes a declaration
// by each unit whose document links into the item's document.
boost::json::value UpgradeBundle(const boost::json::value& bundle);

}  // namespace nq::app
