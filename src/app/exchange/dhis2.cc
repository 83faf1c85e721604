#include "app/exchange/dhis2.h"

#include <boost/json.hpp>

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

Result<std::vector<ValueRecord>> ReadDocument(const json::value& document,
                                              std::vector<Error>& errors) {
  if (!document.is_object()) {
    return FieldError("", "a dataValueSets document must be an object, got {}",
                      formats::JsonTypeName(document));
  }
  const json::object& top = document.get_object();
  for (std::string_view scheme : {"idScheme", "dataElementIdScheme", "orgUnitIdScheme"}) {
    const json::value* found = top.if_contains(scheme);
    if (found &&
        !(found->is_string() && (found->get_string() == "CODE" || found->get_string() == "code"))) {
      return FieldError(fmt::format("/{}", scheme),
                        "{} {} is not supported: nqtrack exchanges codes (CODE)", scheme,
                        json::serialize(*found));
    }
  }
  const json::value* values = top.if_contains("dataValues");
  if (!values || !values->is_array()) {
    return FieldError("/dataValues", "\"dataValues\" must be an array of data values");
  }
  std::vector<ValueRecord> records;
  records.reserve(values->get_array().size());
  size_t index = 0;
  for (const json::value& entry : values->get_array()) {
    ValueRecord record;
    if (ReadEntry(entry, fmt::format("/dataValues/{}", index), top, record, errors)) {
      records.push_back(std::move(record));
    }
    ++index;
  }
  return records;
}

// Feeds a stream_parser chunk by chunk; `next` fills a buffer and returns its size (0 at end).
template <typename Next>
Result<std::vector<ValueRecord>> Parse(Next next, std::vector<Error>& errors) {
  json::monotonic_resource memory;
  json::stream_parser parser(&memory);
  std::string buffer(kChunk, '\0');
  size_t offset = 0;
  for (size_t size = next(buffer); size > 0; size = next(buffer)) {
    boost::system::error_code ec;
    size_t used = parser.write(buffer.data(), size, ec);
    if (ec) {
      return FieldError("", "invalid JSON near byte {}: {}", offset + used, ec.message());
    }
    offset += size;
  }
  boost::system::error_code ec;
  parser.finish(ec);
  if (ec) return FieldError("", "invalid JSON at the end ({} bytes): {}", offset, ec.message());
  json::value document = parser.release();
  return ReadDocument(document, errors);
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

Result<std::vector<ValueRecord>> ParseDataValueSets(std::string_view text,
                                                    std::vector<Error>& errors) {
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
