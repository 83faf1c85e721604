#include "app/bundle/bundle_decode.h"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>
#include <unordered_map>

#include "app/bundle/bundle_check.h"
#include "formats/codec.h"

namespace nq::app {
namespace {

using namespace nq::domain;
using bundle_internal::AllRecords;
using bundle_internal::CheckAcrossRecords;
using bundle_internal::RecordPointer;
using bundle_internal::Records;
using bundle_internal::Rejections;
using storage::ValueVersion;

constexpr size_t kLongText = 100'000;

void SetId(ValueVersion& version, Id id) { version.value.id = id; }
template <typename T>
void SetId(T& row, Id id) {
  row.id = id;
}

// ---- Decoders of one record. Errors name fields relative to the record.

Status ReadId(const json::value& in, Id& id) {
  NQ_TRY(formats::ObjectReader r, formats::ObjectReader::Of(in));
  r.Id("id", id);
  return r.Finish();
}

Result<LineageKind> ParseLineageKind(std::string_view name) {
  static constexpr std::array kKinds = {LineageKind::kMerge,  LineageKind::kSplit,
                                        LineageKind::kRename, LineageKind::kMove,
                                        LineageKind::kCreate, LineageKind::kClose};
  for (LineageKind kind : kKinds) {
    if (LineageKindName(kind) == name) return kind;
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   "lineage kind \"{}\" is not one of: merge, split, rename, move, create, close",
                   name);
}

template <typename T>
Status Decode(const json::value& in, T& out) {
  return formats::FromStoredJson(in, out);
}

Status Decode(const json::value& in, Lineage& out) {
  NQ_TRY(formats::ObjectReader r, formats::ObjectReader::Of(in));
  r.Enum("kind", out.kind, ParseLineageKind)
      .Date("date", out.date)
      .Text("note", out.note, formats::Need::kOptional, kLongText);
  r.IdList("source_unit_ids", out.source_unit_ids).IdList("target_unit_ids", out.target_unit_ids);
  if (const json::value* details = r.Member("details")) {
    if (!details->is_object()) {
      r.Fail("details", fmt::format("field \"{}\" must be an object, got {}",
                                    r.PointerTo("details"), formats::JsonTypeName(*details)));
    } else {
      out.details = json::serialize(*details);
    }
  }
  return r.Finish();
}

Status Decode(const json::value& in, ValueVersion& out) {
  NQ_RETURN_IF_ERROR(formats::FromStoredJson(in, out.value));
  NQ_TRY(formats::ObjectReader r, formats::ObjectReader::Of(in));
  r.Bool("current", out.current);
  return r.Finish();
}

template <typename T>
Records<T> DecodeArray(const json::object& bundle, std::string_view table, std::string_view entity,
                       Rejections& rejections) {
  Records<T> out{table, entity, {}, {}, {}};
  const json::value* array = bundle.if_contains(table);
  if (!array || !array->is_array()) return out;
  std::unordered_map<Id, size_t> first_seen;
  const json::array& records = array->get_array();
  for (size_t index = 0; index < records.size(); ++index) {
    const json::value& record = records[index];
    Id id = 0;
    if (auto read = ReadId(record, id); !read) {
      rejections.Reject(table, index, read.error());
      continue;
    }
    out.ids.insert(id);
    if (auto [seen, inserted] = first_seen.emplace(id, index); !inserted) {
      std::string pointer = RecordPointer(table, index, "/id");
      rejections.Reject(table, index, pointer,
                        fmt::format("field \"{}\": {} id {} also appears at \"{}\"", pointer,
                                    entity, id, RecordPointer(table, seen->second)));
      continue;
    }
    T row;
    if (auto decoded = Decode(record, row); !decoded) {
      rejections.Reject(table, index, decoded.error());
      continue;
    }
    SetId(row, id);
    out.rows.push_back(std::move(row));
    out.positions.push_back(index);
  }
  return out;
}

std::string Describe(const json::value& value) {
  if (!value.is_string()) return std::string(formats::JsonTypeName(value));
  return fmt::format("\"{}\"", std::string_view(value.get_string()).substr(0, 80));
}

}  // namespace

Status CheckBundleEnvelope(const json::value& bundle) {
  if (!bundle.is_object()) {
    return FieldError("/", "a bundle must be a JSON object, got {}", formats::JsonTypeName(bundle));
  }
  const json::object& object = bundle.get_object();
  const json::value* format = object.if_contains("format");
  if (!format) return FieldError("/format", "field \"/format\" is required in a bundle");
  if (!format->is_string() || format->get_string() != kBundleFormat) {
    return FieldError("/format", "field \"/format\" must be \"{}\", got {}", kBundleFormat,
                      Describe(*format));
  }
  const json::value* version = object.if_contains("version");
  if (!version) return FieldError("/version", "field \"/version\" is required in a bundle");
  if (!version->is_int64()) {
    return FieldError("/version", "field \"/version\" must be an integer, got {}",
                      Describe(*version));
  }
  if (version->get_int64() != kBundleVersion && version->get_int64() != 1) {
    return FieldError("/version",
                      "bundle version {} is not supported; this nqtrack reads version {}",
                      version->get_int64(), kBundleVersion);
  }
  for (const auto& member : object) {
    std::string_view key = member.key();
    if (key == "format" || key == "version") continue;
    std::string pointer = fmt::format("/{}", key);
    if (key == "exported_at") {
      if (!member.value().is_string()) {
        return FieldError(pointer, "field \"{}\" must be a string, got {}", pointer,
                          formats::JsonTypeName(member.value()));
      }
      continue;
    }
    if (std::find(kBundleTables.begin(), kBundleTables.end(), key) == kBundleTables.end()) {
      return FieldError(pointer, "unknown field \"{}\" in a bundle", pointer);
    }
    if (!member.value().is_array()) {
      return FieldError(pointer, "field \"{}\" must be an array, got {}", pointer,
                        formats::JsonTypeName(member.value()));
    }
  }
  return Ok();
}

json::value UpgradeBundle(const json::value& bundle) {
  const json::object& in = bundle.get_object();
  const json::value* version = in.if_contains("version");
  if (!version || !version->is_int64() || version->get_int64() != 1) return bundle;
  json::object out = in;
  out["version"] = kBundleVersion;
  json::value* items = out.if_contains("items");
  if (!items || !items->is_array()) return out;
  auto id_of = [](const json::value& record, std::string_view key) -> std::optional<Id> {
    const json::object* object = record.if_object();
    const json::value* value = object ? object->if_contains(key) : nullptr;
    if (!value || !value->is_int64()) return std::nullopt;
    return value->get_int64();
  };
  std::map<Id, Id> issuer_of;  // document → issuer
  if (const json::value* documents = in.if_contains("documents");
      documents && documents->is_array()) {
    for (const json::value& document : documents->get_array()) {
      auto id = id_of(document, "id");
      auto issuer = id_of(document, "issuer_unit_id");
      if (id && issuer) issuer_of[*id] = *issuer;
    }
  }
  std::map<Id, Id> document_of;            // item → document
  std::vector<std::pair<Id, Id>> flagged;  // (item, document)
  for (json::value& item : items->get_array()) {
    json::object* object = item.if_object();
    if (!object) continue;
    auto id = id_of(item, "id");
    auto document = id_of(item, "document_id");
    if (id && document) document_of[*id] = *document;
    const json::value* flag = object->if_contains("not_applicable");
    if (flag && flag->is_bool() && flag->get_bool() && id && document) {
      flagged.emplace_back(*id, *document);
    }
    object->erase("not_applicable");
  }
  // The units whose documents link into each document: they had concretized it.
  std::map<Id, std::set<Id>> concretizers;  // upper document → lower issuers
  if (const json::value* links = in.if_contains("links"); links && links->is_array()) {
    for (const json::value& link : links->get_array()) {
      auto from = id_of(link, "from_item_id");
      auto to = id_of(link, "to_item_id");
      if (!from || !to || !document_of.count(*from) || !document_of.count(*to)) continue;
      const Id lower_document = document_of[*from], upper_document = document_of[*to];
      if (!issuer_of.count(lower_document) || !issuer_of.count(upper_document)) continue;
      if (issuer_of[lower_document] == issuer_of[upper_document]) continue;
      concretizers[upper_document].insert(issuer_of[lower_document]);
    }
  }
  json::array declarations;
  for (const auto& [item, document] : flagged) {
    for (Id unit : concretizers[document]) {
      declarations.push_back(json::object{{"id", static_cast<Id>(declarations.size()) + 1},
                                          {"item_id", item},
                                          {"unit_id", unit},
                                          {"reason", kDeclaredBeforeDeclarations},
                                          {"version", 1}});
    }
  }
  out["declarations"] = std::move(declarations);
  return out;
}

namespace {

// `{array: rows}` of the bundle's array `array`, each record without `member` given `value`: what
// a bundle written before that member existed meant by leaving it out.
json::object WithDefault(const json::object& bundle, std::string_view array,
                         std::string_view member, json::value value) {
  json::object out;
  if (const json::value* rows = bundle.if_contains(array); rows && rows->is_array()) {
    json::array copy = rows->get_array();
    for (json::value& row : copy) {
      if (row.is_object() && !row.as_object().contains(member)) row.as_object()[member] = value;
    }
    out[array] = std::move(copy);
  }
  return out;
}

}  // namespace

DecodedBundle DecodeBundle(const json::value& bundle) {
  const json::object& object = bundle.get_object();
  Rejections rejections;
  AllRecords a;
  a.unit_kinds = DecodeArray<UnitKind>(object, "unit_kinds", "unit kind", rejections);
  a.units = DecodeArray<Unit>(object, "units", "unit", rejections);
  a.unit_versions = DecodeArray<UnitVersion>(object, "unit_versions", "unit version", rejections);
  a.lineage = DecodeArray<Lineage>(object, "lineage", "lineage event", rejections);
  a.terms = DecodeArray<Term>(object, "terms", "term", rejections);
  a.fields = DecodeArray<Field>(object, "fields", "field", rejections);
  a.people = DecodeArray<Person>(object, "people", "person", rejections);
  a.indicators = DecodeArray<Indicator>(object, "indicators", "indicator", rejections);
  a.documents = DecodeArray<Document>(object, "documents", "document", rejections);
  a.items = DecodeArray<Item>(object, "items", "item", rejections);
  a.links = DecodeArray<Link>(object, "links", "link", rejections);
  size_t rejected_before_values = rejections.count();
  a.values = DecodeArray<ValueVersion>(object, "values", "value", rejections);
  bool values_complete = rejections.count() == rejected_before_values;
  // An obligation exported before its reach (schema version 5) has neither `depth` nor
  // `units_listed`: it reached the direct subordinates, and its units count as not listed.
  a.obligations = DecodeArray<Obligation>(WithDefault(object, "obligations", "units_listed", false),
                                          "obligations", "obligation", rejections);
  a.assignments = DecodeArray<Assignment>(object, "assignments", "assignment", rejections);
  a.reports = DecodeArray<Report>(object, "reports", "report", rejections);
  a.recommendations =
      DecodeArray<Recommendation>(object, "recommendations", "recommendation", rejections);
  // A responsibility exported before it had a version (schema version 10) is at its first.
  a.responsibilities =
      DecodeArray<Responsibility>(WithDefault(object, "responsibilities", "version", 1),
                                  "responsibilities", "responsibility", rejections);
  a.comments = DecodeArray<Comment>(object, "comments", "comment", rejections);
  a.declarations = DecodeArray<Declaration>(object, "declarations", "declaration", rejections);
  a.regimes = DecodeArray<Regime>(object, "regimes", "regime", rejections);
  a.extensions = DecodeArray<Extension>(object, "extensions", "extension", rejections);

  CheckAcrossRecords(a, values_complete, rejections);

  DecodedBundle out;
  out.rejected = rejections.count();
  out.errors = rejections.TakeErrors();
  BundleRecords& r = out.records;
  r.unit_kinds = std::move(a.unit_kinds.rows);
  r.units = std::move(a.units.rows);
  r.unit_versions = std::move(a.unit_versions.rows);
  r.lineage = std::move(a.lineage.rows);
  r.terms = std::move(a.terms.rows);
  r.fields = std::move(a.fields.rows);
  r.people = std::move(a.people.rows);
  r.indicators = std::move(a.indicators.rows);
  r.documents = std::move(a.documents.rows);
  r.items = std::move(a.items.rows);
  r.links = std::move(a.links.rows);
  r.values = std::move(a.values.rows);
  r.obligations = std::move(a.obligations.rows);
  r.assignments = std::move(a.assignments.rows);
  r.reports = std::move(a.reports.rows);
  r.recommendations = std::move(a.recommendations.rows);
  r.responsibilities = std::move(a.responsibilities.rows);
  r.comments = std::move(a.comments.rows);
  r.declarations = std::move(a.declarations.rows);
  r.regimes = std::move(a.regimes.rows);
  r.extensions = std::move(a.extensions.rows);
  return out;
}

}  // namespace nq::app
