#include "app/exchange/dhis2.h"

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>

#include "formats/json_reader.h"
#include "formats/json_schema.h"

namespace nq::app {
namespace {

using namespace nq::domain;

constexpr size_t kChunk = size_t{1} << 20;
constexpr std::string_view kDefaultComboUid = "HllvX50cXC0";  // DHIS2's "default" combination

bool IsDefaultCombo(const json::value& combo) {
  if (combo.is_null()) return true;
  if (!combo.is_string()) return false;
  std::string_view text = combo.get_string();
  return text.empty() || text == "default" || text == kDefaultComboUid;
}

// One dataValues entry into a record; false (with an error) when it cannot be mapped.
bool ReadEntry(const json::value& entry, const std::string& pointer, const json::object& top,
               ValueRecord& record, std::vector<Error>& errors) {
  auto fail = [&](std::string_view field, std::string message) {
    errors.push_back(Error{ErrorCode::kInvalidArgument, std::move(message),
                           field.empty() ? pointer : fmt::format("{}/{}", pointer, field)});
    return false;
  };
  if (!entry.is_object())
    return fail(
        "", fmt::format("a data value must be an object, got {}", formats::JsonTypeName(entry)));
  const json::object& object = entry.get_object();
  for (std::string_view combo : {"categoryOptionCombo", "attributeOptionCombo"}) {
    if (const json::value* found = object.if_contains(combo); found && !IsDefaultCombo(*found)) {
      return fail(combo, fmt::format("{} {} is not supported: nqtrack keeps only the default "
                                     "combination (\"default\" or \"{}\")",
                                     combo, json::serialize(*found), kDefaultComboUid));
    }
  }
  if (const json::value* deleted = object.if_contains("deleted");
      deleted && deleted->is_bool() && deleted->get_bool()) {
    return fail("deleted", "deleting values is not supported; values are corrected, not deleted");
  }
  auto text = [&](std::string_view field, std::string& out, bool required) {
    const json::value* found = object.if_contains(field);
    if (!found && (field == "period" || field == "orgUnit")) found = top.if_contains(field);
    if (!found || found->is_null()) {
      if (required) return fail(field, fmt::format("{} is required", field));
      return true;
    }
    if (!found->is_string()) {
      return fail(field,
                  fmt::format("{} must be a string, got {}", field, formats::JsonTypeName(*found)));
    }
    out = std::string(found->get_string());
    return true;
  };
  if (!text("dataElement", record.indicator_code, true) ||
      !text("orgUnit", record.unit_code, true) || !text("period", record.period, true) ||
      !text("comment", record.comment, false)) {
    return false;
  }
  const json::value* value = object.if_contains("value");
  if (!value || value->is_null()) return fail("value", "value is required");
  if (value->is_string()) {
    record.value = std::string(value->get_string());
  } else if (value->is_bool()) {
    record.value = value->get_bool() ? "true" : "false";
  } else if (value->is_number()) {
    record.value = json::serialize(*value);
    record.value_is_number = true;
  } else {
    return fail("value",
                fmt::format("value must be a string, got {}", formats::JsonTypeName(*value)));
  }
  record.pointer = pointer;
  return true;
}

// The top-level members that say how entries are identified: only CODE is exchanged.
Status CheckSchemes(const json::object& top) {
  for (std::string_view scheme : {"idScheme", "dataElementIdScheme", "orgUnitIdScheme"}) {
    const json::value* found = top.if_contains(scheme);
    if (found &&
        !(found->is_string() && (found->get_string() == "CODE" || found->get_string() == "code"))) {
      return FieldError(fmt::format("/{}", scheme),
                        "{} {} is not supported: nqtrack exchanges codes (CODE)", scheme,
                        json::serialize(*found));
    }
  }
  return Ok();
}

// A basic_parser handler that reads a dataValueSets document entry by entry: each entry of
// "dataValues" is built alone (a value_stack), turned into a record and dropped, so the whole
// document never sits in memory as JSON. Other top-level members are kept whole (they are
// small). An entry that takes its period or orgUnit from the top level, which may come after
// "dataValues", is read at the end.
class EntryReader final {
 public:
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);

  explicit EntryReader(std::vector<Error>& errors) : errors_(errors) {}

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code&) {
    if (depth_ == 0) {
      object_ = true;
    } else if (!building_) {
      Start();
    }
    ++depth_;
    return true;
  }
  bool on_object_end(std::size_t n, boost::system::error_code&) {
    --depth_;
    if (depth_ == 0 && object_) return true;
    stack_.push_object(n);
    if (depth_ == base_) Finish();
    return true;
  }
  bool on_array_begin(boost::system::error_code&) {
    if (depth_ == 1 && !building_ && key_ == "dataValues") {
      in_values_ = true;
      has_values_ = true;
      top_.erase("dataValues");
    } else if (!building_) {
      Start();
    }
    ++depth_;
    return true;
  }
  bool on_array_end(std::size_t n, boost::system::error_code&) {
    --depth_;
    if (in_values_ && depth_ == 1) {
      in_values_ = false;
      key_.clear();
      return true;
    }
    stack_.push_array(n);
    if (depth_ == base_) Finish();
    return true;
  }
  bool on_key_part(std::string_view part, std::size_t, boost::system::error_code&) {
    if (building_) {
      stack_.push_chars(part);
    } else {
      key_ += part;
    }
    return true;
  }
  bool on_key(std::string_view part, std::size_t, boost::system::error_code&) {
    if (building_) {
      stack_.push_key(part);
    } else {
      key_ += part;
    }
    return true;
  }
  bool on_string_part(std::string_view part, std::size_t, boost::system::error_code&) {
    if (!building_) Start();
    stack_.push_chars(part);
    return true;
  }
  bool on_string(std::string_view part, std::size_t, boost::system::error_code&) {
    return Scalar([&] { stack_.push_string(part); });
  }
  bool on_number_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_int64(int64_t number, std::string_view, boost::system::error_code&) {
    return Scalar([&] { stack_.push_int64(number); });
  }
  bool on_uint64(uint64_t number, std::string_view, boost::system::error_code&) {
    return Scalar([&] { stack_.push_uint64(number); });
  }
  bool on_double(double number, std::string_view, boost::system::error_code&) {
    return Scalar([&] { stack_.push_double(number); });
  }
  bool on_bool(bool flag, boost::system::error_code&) {
    return Scalar([&] { stack_.push_bool(flag); });
  }
  bool on_null(boost::system::error_code&) {
    return Scalar([&] { stack_.push_null(); });
  }
  bool on_comment_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_comment(std::string_view, boost::system::error_code&) { return true; }

  // The records once the document has ended. Fails for a document that is not an object, an id
  // scheme other than CODE or a missing "dataValues" array.
  Result<std::vector<ValueRecord>> Records() {
    if (!object_) {
      return FieldError("", "a dataValueSets document must be an object, got {}",
                        formats::JsonTypeName(document_));
    }
    NQ_RETURN_IF_ERROR(CheckSchemes(top_));
    if (!has_values_) {
      return FieldError("/dataValues", "\"dataValues\" must be an array of data values");
    }
    if (!later_.empty()) {
      std::vector<bool> dropped(records_.size(), false);
      for (auto& [slot, entry] : later_) {
        dropped[slot] = !ReadEntry(entry, Pointer(indices_[slot]), top_, records_[slot], errors_);
      }
      size_t kept = 0;
      for (size_t slot = 0; slot < records_.size(); ++slot) {
        if (dropped[slot]) continue;
        if (kept != slot) records_[kept] = std::move(records_[slot]);
        ++kept;
      }
      records_.resize(kept);
    }
    return std::move(records_);
  }

 private:
  static std::string Pointer(size_t index) { return fmt::format("/dataValues/{}", index); }

  void Start() {
    building_ = true;
    base_ = depth_;
    stack_.reset();
  }
  template <typename Push>
  bool Scalar(Push push) {
    if (!building_) Start();
    push();
    if (depth_ == base_) Finish();
    return true;
  }
  void Finish() {
    building_ = false;
    json::value value = stack_.release();
    if (base_ == 0) {
      document_ = std::move(value);
    } else if (in_values_ && base_ == 2) {
      Entry(std::move(value));
    } else if (base_ == 1) {
      top_[key_] = std::move(value);
      key_.clear();
    }
  }
  void Entry(json::value entry) {
    const size_t index = next_index_++;
    const json::object* object = entry.if_object();
    if (object && (!object->contains("period") || !object->contains("orgUnit"))) {
      later_.emplace_back(records_.size(), std::move(entry));
      records_.emplace_back();
      indices_.push_back(index);
      return;
    }
    ValueRecord record;
    if (ReadEntry(entry, Pointer(index), top_, record, errors_)) {
      records_.push_back(std::move(record));
      indices_.push_back(index);
    }
  }

  std::vector<Error>& errors_;
  json::value_stack stack_;
  size_t depth_ = 0;
  size_t base_ = 0;
  bool building_ = false;
  bool object_ = false;
  bool in_values_ = false;
  bool has_values_ = false;
  std::string key_;
  json::object top_;
  json::value document_;
  size_t next_index_ = 0;
  std::vector<ValueRecord> records_;
  // Entries read at the end (their slot in records_, the entry); the entry index of each slot.
  std::vector<std::pair<size_t, json::value>> later_;
  std::vector<size_t> indices_;
};

// Feeds the parser chunk by chunk; `next` fills a buffer and returns its size (0 at end).
template <typename Next>
Result<std::vector<ValueRecord>> Parse(Next next, std::vector<Error>& errors) {
  json::basic_parser<EntryReader> parser(json::parse_options{}, errors);
  std::string buffer(kChunk, '\0');
  size_t offset = 0;
  for (size_t size = next(buffer); size > 0; size = next(buffer)) {
    boost::system::error_code ec;
    size_t used = parser.write_some(true, buffer.data(), size, ec);
    if (ec) {
      return FieldError("", "invalid JSON near byte {}: {}", offset + used, ec.message());
    }
    offset += size;
  }
  boost::system::error_code ec;
  parser.write_some(false, nullptr, 0, ec);
  if (ec) return FieldError("", "invalid JSON at the end ({} bytes): {}", offset, ec.message());
  return parser.handler().Records();
}

}  // namespace

Result<std::vector<ValueRecord>> ParseDataValueSets(std::istream& in, std::vector<Error>& errors,
                                                    FileHasher* hasher) {
  return Parse(
      [&](std::string& buffer) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto size = static_cast<size_t>(in.gcount());
        if (hasher) hasher->Update(std::string_view(buffer.data(), size));
        return size;
      },
      errors);
}

// A document sent over HTTP is first held to the memory budget of every request body
// (formats::ParseJsonBody: 413 too_large past it), so that a body of millions of empty values
// cannot take the server's memory; then it is read entry by entry like a file.
Result<std::vector<ValueRecord>> ParseDataValueSets(std::string_view text,
                                                    std::vector<Error>& errors) {
  { NQ_TRY(json::value budgeted, formats::ParseJsonBody(text)); }
  size_t at = 0;
  return Parse(
      [&](std::string& buffer) {
        size_t size = std::min(buffer.size(), text.size() - at);
        std::copy_n(text.data() + at, size, buffer.data());
        at += size;
        return size;
      },
      errors);
}

Result<size_t> ImportDataValueSets(WriteScope& scope, const std::vector<ValueRecord>& records,
                                   std::vector<Error>& errors,
                                   const std::function<Status(Id)>& authorize,
                                   const ImportControl& control) {
  return ApplyRecords(scope, records, kDhis2Format, errors, authorize, control);
}

Result<DataValueSetsExport> WriteDataValueSets(Service& service, const ExportRequest& request,
                                               const WorkControl& control) {
  for (const Period& period : {request.from, request.to}) {
    if (period.type() == PeriodType::kTerm) {
      return FieldError(period == request.from ? "from" : "to",
                        "period \"{}\" is a term, which DHIS2 has no period type for; give years "
                        "instead ({} to {})",
                        period.ToString(), period.start().year(), period.end().year());
    }
  }
  NQ_TRY(auto records, CollectValues(service, request, control));
  DataValueSetsExport out;
  json::array values;
  values.reserve(records.size());
  for (ValueRecord& record : records) {
    if (auto period = Period::Parse(record.period); period && period->type() == PeriodType::kTerm) {
      ++out.skipped_terms;
      continue;
    }
    json::object entry{{"dataElement", record.indicator_code}, {"period", record.period},
                       {"orgUnit", record.unit_code},          {"categoryOptionCombo", "default"},
                       {"attributeOptionCombo", "default"},    {"value", record.value}};
    if (!record.comment.empty()) entry["comment"] = record.comment;
    values.push_back(std::move(entry));
  }
  out.values = values.size();
  out.json = json::serialize(json::object{{"dataElementIdScheme", "CODE"},
                                          {"orgUnitIdScheme", "CODE"},
                                          {"dataValues", std::move(values)}});
  out.json += "\n";
  return out;
}

json::object DataValueSetsSchema(bool input) {
  namespace sc = formats::schema;
  const sc::Schema code = sc::Schema{{"type", "string"}, {"enum", json::array{"CODE", "code"}}};
  const sc::Schema combo = sc::Example(sc::Text("Chỉ có tổ hợp mặc định"), "default");
  if (!input) {
    return sc::Named(
        "DataValueSets",
        sc::Object(
            {{"dataElementIdScheme", sc::OneOf({"CODE"})},
             {"orgUnitIdScheme", sc::OneOf({"CODE"})},
             {"dataValues", sc::ArrayOf(sc::Object(
                                {{"dataElement", sc::Example(sc::Text("Mã chỉ tiêu"), "ho-ngheo")},
                                 {"period", sc::PeriodCode()},
                                 {"orgUnit", sc::Example(sc::Text("Mã đơn vị"), "ba-thuoc")},
                                 {"categoryOptionCombo", combo},
                                 {"attributeOptionCombo", combo},
                                 {"value", sc::Example(sc::Text(), "12.5")},
                                 sc::Optional("comment", sc::Text())}))}},
            "Tài liệu dataValueSets của DHIS2 (mã theo CODE)"));
  }
  const sc::Schema value = sc::Schema{{"type", json::array{"string", "number", "boolean"}}};
  return sc::Named("DataValueSetsInput",
                   sc::Object({sc::Optional("idScheme", code),
                               sc::Optional("dataElementIdScheme", code),
                               sc::Optional("orgUnitIdScheme", code),
                               sc::Optional("period", sc::PeriodCode()),
                               sc::Optional("orgUnit", sc::Text()),
                               {"dataValues",
                                sc::ArrayOf(sc::Object({{"dataElement", sc::Text()},
                                                        sc::Optional("period", sc::PeriodCode()),
                                                        sc::Optional("orgUnit", sc::Text()),
                                                        sc::Optional("categoryOptionCombo", combo),
                                                        sc::Optional("attributeOptionCombo", combo),
                                                        {"value", value},
                                                        sc::Optional("comment", sc::Text())}))}}));
}

}  // namespace nq::app
