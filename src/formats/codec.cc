#include "formats/codec.h"

#include <boost/json.hpp>
#include <type_traits>

#include "domain/registry.h"
#include "formats/json_schema.h"

namespace nq::formats {
namespace {

using namespace nq::domain;

json::value OptDate(const std::optional<Date>& date) {
  return date ? json::value(date->ToString()) : json::value(nullptr);
}

Status ReadEvidence(const json::value& in, Evidence& out, std::string pointer) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in, pointer));
  r.Text("document_number", out.document_number, Need::kOptional, 200)
      .OptDate("document_date", out.document_date)
      .Text("note", out.note, Need::kOptional);
  if (const json::value* attendance = r.Member("attendance")) {
    if (!attendance->is_array()) {
      r.Fail("attendance", fmt::format("field \"{}\" must be an array, got {}",
                                       r.PointerTo("attendance"), JsonTypeName(*attendance)));
      return r.Finish();
    }
    out.attendance.clear();
    size_t index = 0;
    for (const json::value& entry : attendance->get_array()) {
      NQ_TRY(ObjectReader e,
             ObjectReader::Of(entry, fmt::format("{}/attendance/{}", pointer, index++)));
      Attendance a;
      e.Text("group", a.group, Need::kRequired, 200).Integer("count", a.count);
      if (a.count < 0)
        e.Fail("count", fmt::format("field \"{}\" must not be negative", e.PointerTo("count")));
      NQ_RETURN_IF_ERROR(e.Finish());
      out.attendance.push_back(std::move(a));
    }
  }
  if (const json::value* files = r.Member("files")) {
    if (!files->is_array()) {
      r.Fail("files",
             fmt::format("field \"{}\" must be an array of strings", r.PointerTo("files")));
      return r.Finish();
    }
    out.files.clear();
    for (const json::value& file : files->get_array()) {
      if (!file.is_string()) {
        r.Fail("files",
               fmt::format("field \"{}\" must be an array of strings", r.PointerTo("files")));
        return r.Finish();
      }
      out.files.emplace_back(file.get_string());
    }
  }
  return r.Finish();
}

// ---- One member's JSON, by the member's type.

json::value JsonOf(const std::string& text) { return json::value(text); }
json::value JsonOf(int64_t number) { return json::value(number); }
json::value JsonOf(int number) { return json::value(number); }
json::value JsonOf(bool flag) { return json::value(flag); }
json::value JsonOf(double number) { return json::value(number); }
json::value JsonOf(std::string_view text) { return json::value(text); }
json::value JsonOf(const Date& date) { return json::value(date.ToString()); }
json::value JsonOf(const Period& period) { return json::value(period.ToString()); }
json::value JsonOf(const std::vector<Id>& ids) { return json::array(ids.begin(), ids.end()); }
json::value JsonOf(const Evidence& evidence) { return ToJson(evidence); }
template <typename E>
requires std::is_enum_v<E> json::value JsonOf(E value) {
  return json::value(EnumNames<E>::Name(value));
}
template <typename T>
json::value JsonOf(const std::optional<T>& value) {
  return value ? JsonOf(*value) : json::value(nullptr);
}

// The API form adds the derived members and labels periods; the stored form is what the store
// holds, and nothing more.
enum class Form { kApi, kStored };

template <typename T>
void AppendMembers(const T& row, json::object& out, Form form);

template <typename P>
json::value PartJson(const P& part, Form form) {
  json::object out;
  AppendMembers(part, out, form);
  return out;
}
template <typename P>
json::value PartJson(const std::optional<P>& part, Form form) {
  return part ? PartJson(*part, form) : json::value(nullptr);
}

template <typename T>
void AppendMembers(const T& row, json::object& out, Form form) {
  ForEachField<T>([&](const auto& entry) {
    using Entry = std::decay_t<decltype(entry)>;
    if constexpr (kIsColumn<Entry>) {
      const auto& member = row.*entry.member;
      if constexpr (std::is_same_v<std::decay_t<decltype(member)>, Period>) {
        if (entry.options.labelled && form == Form::kApi) {
          out[entry.json_key()] = PeriodJson(member);
          return;
        }
      }
      out[entry.json_key()] = JsonOf(member);
    } else if constexpr (kIsEmbedded<Entry>) {
      const auto& part = row.*entry.member;
      if constexpr (!IsOptional<std::decay_t<decltype(part)>>::value) {
        if (entry.json_key.empty()) return AppendMembers(part, out, form);  // flattened
      }
      out[entry.json_key] = PartJson(part, form);
    } else if (form == Form::kApi) {
      out[entry.name] = JsonOf(entry.compute(row));
    }
  });
}

template <typename T>
json::value EntityJson(const T& row, Form form) {
  json::object out;
  out["id"] = row.id;
  AppendMembers(row, out, form);
  return out;
}

// ---- Reading one member, by the member's type.

// How a decoder reads: a client's create or patch, or a record as the store held it (a bundle).
struct Reading {
  bool partial = false;  // a patch: absent members keep their values
  bool stored = false;   // every member, the server's too; nothing filled in
};

// Errors of nested objects name their own pointer; the first one wins after the reader's.
struct Decoder {
  ObjectReader& r;
  Reading reading;
  Status nested = Ok();
  void Nested(Status status) {
    if (nested && !status) nested = std::move(status);
  }
  Status Finish() const {
    NQ_RETURN_IF_ERROR(r.Finish());
    return nested;
  }
};

void ReadMember(Decoder& d, std::string_view key, std::string& out, Need need,
                const FieldOptions& o) {
  if (o.code) {
    d.r.Code(key, out, need);
  } else {
    d.r.Text(key, out, need, o.max_length);
  }
}
void ReadMember(Decoder& d, std::string_view key, int64_t& out, Need need, const FieldOptions& o) {
  d.r.Integer(key, out, need);
  if (o.id && d.r.Has(key) && out <= 0) {
    d.r.Fail(key, fmt::format("field \"{}\" must be a positive id", d.r.PointerTo(key)));
  }
}
void ReadMember(Decoder& d, std::string_view key, int& out, Need need, const FieldOptions&) {
  d.r.Integer(key, out, need);
}
// No entity of the API has a flag today; a registry entry of type bool reads with this.
[[maybe_unused]] void ReadMember(Decoder& d, std::string_view key, bool& out, Need need,
                                 const FieldOptions&) {
  d.r.Bool(key, out, need);
}
void ReadMember(Decoder& d, std::string_view key, double& out, Need need, const FieldOptions&) {
  d.r.Number(key, out, need);
}
void ReadMember(Decoder& d, std::string_view key, Date& out, Need need, const FieldOptions&) {
  d.r.Date(key, out, need);
}
void ReadMember(Decoder& d, std::string_view key, Period& out, Need need, const FieldOptions&) {
  d.r.Period(key, out, need);
}
void ReadMember(Decoder& d, std::string_view key, std::optional<int64_t>& out, Need,
                const FieldOptions& o) {
  if (o.id) {
    d.r.OptId(key, out);
    return;
  }
  if (!d.r.Has(key)) {  // a time the server sets: absent and null both mean none
    out.reset();
    return;
  }
  int64_t number = 0;
  d.r.Integer(key, number);
  out = number;
}
void ReadMember(Decoder& d, std::string_view key, std::optional<double>& out, Need,
                const FieldOptions&) {
  d.r.OptNumber(key, out);
}
void ReadMember(Decoder& d, std::string_view key, std::optional<Date>& out, Need,
                const FieldOptions&) {
  d.r.OptDate(key, out);
}
void ReadMember(Decoder& d, std::string_view key, std::optional<Period>& out, Need,
                const FieldOptions&) {
  d.r.OptPeriod(key, out);
}
void ReadMember(Decoder& d, std::string_view key, std::vector<Id>& out, Need, const FieldOptions&) {
  d.r.IdList(key, out);
}
void ReadMember(Decoder& d, std::string_view key, Evidence& out, Need, const FieldOptions&) {
  if (const json::value* evidence = d.r.Member(key)) {
    d.Nested(ReadEvidence(*evidence, out, d.r.PointerTo(key)));
  }
}
template <typename E>
requires std::is_enum_v<E>
void ReadMember(Decoder& d, std::string_view key, E& out, Need need, const FieldOptions&) {
  d.r.Enum(key, out, &EnumNames<E>::Parse, need);
}

template <typename T>
void ReadMembers(Decoder& d, T& out);

template <typename P>
Status ReadPartObject(const json::value& in, std::string pointer, P& out, Reading reading) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in, std::move(pointer)));
  Decoder d{r, reading};
  ReadMembers(d, out);
  return d.Finish();
}

// A part under its own key: read whole (its own required members apply, patch or not); an
// optional part is cleared by an explicit null, or by its absence on create.
template <typename P>
void ReadPart(Decoder& d, std::string_view key, P& out) {
  if (const json::value* part = d.r.Member(key)) {
    d.Nested(ReadPartObject(*part, d.r.PointerTo(key), out, {false, d.reading.stored}));
  }
}
template <typename P>
void ReadPart(Decoder& d, std::string_view key, std::optional<P>& out) {
  if (const json::value* part = d.r.Member(key)) {
    P value = out.value_or(P{});
    Status read = ReadPartObject(*part, d.r.PointerTo(key), value, {false, d.reading.stored});
    if (read) out = std::move(value);
    d.Nested(std::move(read));
  } else if (!d.reading.partial || d.r.Contains(key)) {
    out.reset();  // absent on create, or an explicit null
  }
}

template <typename T>
void ReadMembers(Decoder& d, T& out) {
  ForEachField<T>([&](const auto& entry) {
    using Entry = std::decay_t<decltype(entry)>;
    if constexpr (kIsColumn<Entry>) {
      const FieldOptions& o = entry.options;
      auto& member = out.*entry.member;
      if (!d.reading.stored) {
        if (o.in == In::kServer) return;
        Need need = o.in == In::kRequired && !d.reading.partial ? Need::kRequired : Need::kOptional;
        return ReadMember(d, entry.json_key(), member, need, o);
      }
      // A stored record has every member; the server's own are required unless they may be
      // empty (text) or absent (optional).
      bool required = o.in == In::kRequired;
      if constexpr (!IsOptional<std::decay_t<decltype(member)>>::value &&
                    !std::is_same_v<std::decay_t<decltype(member)>, std::string>) {
        required = required || o.in == In::kServer;
      }
      ReadMember(d, entry.json_key(), member, required ? Need::kRequired : Need::kOptional, o);
      if constexpr (std::is_same_v<std::decay_t<decltype(member)>, int64_t>) {
        if (entry.name == "version" && d.r.Has("version") && member < 1) {
          d.r.Fail("version", fmt::format("field \"{}\" must be 1 or more, got {}",
                                          d.r.PointerTo("version"), member));
        }
      }
    } else if constexpr (kIsEmbedded<Entry>) {
      auto& part = out.*entry.member;
      if constexpr (!IsOptional<std::decay_t<decltype(part)>>::value) {
        if (entry.json_key.empty()) return ReadMembers(d, part);  // flattened
      }
      ReadPart(d, entry.json_key, part);
    }
  });
}

// ---- Rules across members, and what a request leaves to the server to fill in.

template <typename T>
void CheckRecord(T&, ObjectReader&, Reading) {}

void CheckValidity(const Validity& validity, ObjectReader& r) {
  if (validity.valid_to && *validity.valid_to < validity.valid_from) {
    r.Fail("valid_to", fmt::format("field \"{}\" ({}) is before \"{}\" ({})",
                                   r.PointerTo("valid_to"), validity.valid_to->ToString(),
                                   r.PointerTo("valid_from"), validity.valid_from.ToString()));
  }
}
void CheckRecord(Unit& unit, ObjectReader& r, Reading reading) {
  if (reading.stored) return CheckValidity(unit.validity, r);
  if (unit.short_name.empty()) unit.short_name = unit.name;
}
void CheckRecord(UnitVersion& version, ObjectReader& r, Reading) {
  CheckValidity(version.validity, r);
}
void CheckRecord(Term& term, ObjectReader& r, Reading reading) {
  if (!reading.stored) {
    if (term.code.empty()) term.code = term.period.ToString();
  } else if (term.code.empty()) {
    r.Fail("code", fmt::format("field \"{}\" is required", r.PointerTo("code")));
  }
}
void CheckRecord(Indicator& i, ObjectReader& r, Reading) {
  if (i.decimals < 0 || i.decimals > 6) r.Fail("decimals", "field \"/decimals\" must be 0–6");
  if (i.numerator_id.has_value() != i.denominator_id.has_value()) {
    r.Fail("denominator_id",
           "a computed indicator needs both \"/numerator_id\" and \"/denominator_id\"");
  }
}
void CheckRecord(Document& d, ObjectReader& r, Reading) {
  if (d.period_to < d.period_from) {
    r.Fail("period_to", fmt::format("field \"/period_to\" ({}) is before \"/period_from\" ({})",
                                    d.period_to.ToString(), d.period_from.ToString()));
  }
}
void CheckRecord(Obligation& o, ObjectReader& r, Reading) {
  if (o.due_on < o.issued_on) {
    r.Fail("due_on", fmt::format("field \"/due_on\" ({}) is before \"/issued_on\" ({})",
                                 o.due_on.ToString(), o.issued_on.ToString()));
  }
}
void CheckRecord(Regime& regime, ObjectReader& r, Reading) {
  if (regime.period_type == PeriodType::kTerm) {
    r.Fail("period_type",
           "field \"/period_type\": a regime reports by month, quarter, half or year");
  }
  if (regime.due_days < 0 || regime.due_days > 366) {
    r.Fail("due_days", "field \"/due_days\" must be 0–366 days after the period's last day");
  }
  if (regime.cutoff_days < 0 || regime.cutoff_days > 90) {
    r.Fail("cutoff_days", "field \"/cutoff_days\" must be 0–90 days before the period's last day");
  }
}
void CheckRecord(Responsibility& responsibility, ObjectReader& r, Reading) {
  if (responsibility.field_code.empty() && !responsibility.unit_id) {
    r.Fail("field_code", "a responsibility needs a \"/field_code\" or a \"/unit_id\"");
  }
}

template <typename T>
Status Decode(const json::value& in, T& out, Reading reading) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  Decoder d{r, reading};
  ReadMembers(d, out);
  NQ_RETURN_IF_ERROR(d.Finish());
  CheckRecord(out, r, reading);
  NQ_RETURN_IF_ERROR(r.Finish());
  if constexpr (std::is_same_v<T, Assignment>) return domain::ValidateAssignment(out);
  return Ok();
}

// ---- The JSON Schema of each member, by the member's type, beside the code that writes and
// reads it: what the API answers, and what a create or a patch may send.

namespace sc = schema;

enum class Use { kAnswer, kCreate, kPatch };

// "unit_kind" → "UnitKind": the component name of an entity.
std::string CamelName(std::string_view entity) {
  std::string out;
  bool upper = true;
  for (char c : entity) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

sc::Schema Described(sc::Schema schema, const FieldOptions& o) {
  if (!o.about.empty()) schema["description"] = o.about;
  if (!o.example.empty()) schema["examples"] = json::array{o.example};
  return schema;
}

template <typename M>
sc::Schema MemberSchema(const FieldOptions& o, Use use) {
  const bool input = use != Use::kAnswer;
  if constexpr (IsOptional<M>::value) {
    return sc::Nullable(MemberSchema<typename M::value_type>(o, use));
  } else if constexpr (std::is_same_v<M, std::string> || std::is_same_v<M, std::string_view>) {
    sc::Schema text = sc::Text();
    if (input && o.code) {
      text["pattern"] = "^[a-z0-9][a-z0-9._-]{0,63}$";
    } else if (input) {
      text["maxLength"] = o.max_length;
    }
    return Described(std::move(text), o);
  } else if constexpr (std::is_same_v<M, int64_t> || std::is_same_v<M, int>) {
    if (o.id) return Described(sc::PositiveId(), o);
    return Described(o.moment ? sc::Millis() : sc::Integer(), o);
  } else if constexpr (std::is_same_v<M, bool>) {
    return Described(sc::Boolean(), o);
  } else if constexpr (std::is_same_v<M, double>) {
    return Described(sc::Number(), o);
  } else if constexpr (std::is_same_v<M, Date>) {
    return Described(sc::DateText(), o);
  } else if constexpr (std::is_same_v<M, Period>) {
    if (o.labelled && !input) return PeriodJsonSchema();
    return Described(sc::PeriodCode(), o);
  } else if constexpr (std::is_same_v<M, std::vector<Id>>) {
    return Described(sc::ArrayOf(sc::PositiveId()), o);
  } else if constexpr (std::is_same_v<M, Evidence>) {
    return input ? sc::AllOptional(EvidenceSchema()) : EvidenceSchema();
  } else {
    static_assert(std::is_enum_v<M>, "a member type without a JSON Schema");
    return Described(sc::OneOf(EnumNameList<M>()), o);
  }
}

template <typename T>
void AppendSchemaMembers(std::vector<sc::Member>& out, Use use);

// A part under its own key: its own required members apply to a request, patch or not.
template <typename P>
sc::Schema PartSchema(Use use) {
  std::vector<sc::Member> members;
  AppendSchemaMembers<PartType<P>>(members, use == Use::kPatch ? Use::kCreate : use);
  sc::Schema part = sc::Object(members);
  if constexpr (requires { domain::Schema<PartType<P>>::kPart; }) {
    if (use == Use::kAnswer) part = sc::Named(domain::Schema<PartType<P>>::kPart, std::move(part));
  }
  return IsOptional<P>::value ? sc::Nullable(std::move(part)) : part;
}

template <typename T>
void AppendSchemaMembers(std::vector<sc::Member>& out, Use use) {
  ForEachField<T>([&](const auto& entry) {
    using Entry = std::decay_t<decltype(entry)>;
    if constexpr (kIsColumn<Entry>) {
      using M = std::decay_t<decltype(std::declval<T>().*entry.member)>;
      const FieldOptions& o = entry.options;
      if (use != Use::kAnswer && o.in == In::kServer) return;
      const bool required = use == Use::kAnswer || (use == Use::kCreate && o.in == In::kRequired);
      out.emplace_back(entry.json_key(), MemberSchema<M>(o, use), required);
    } else if constexpr (kIsEmbedded<Entry>) {
      using P = std::decay_t<decltype(std::declval<T>().*entry.member)>;
      if constexpr (!IsOptional<P>::value) {
        if (entry.json_key.empty()) return AppendSchemaMembers<P>(out, use);  // flattened
      }
      out.emplace_back(entry.json_key, PartSchema<P>(use), use == Use::kAnswer);
    } else if (use == Use::kAnswer) {
      using R = std::decay_t<decltype(entry.compute(std::declval<const T&>()))>;
      out.emplace_back(entry.name, MemberSchema<R>({}, use), true);
    }
  });
}

template <typename T>
sc::Schema EntitySchema(Use use) {
  std::vector<sc::Member> members;
  if (use == Use::kAnswer) members.emplace_back("id", sc::PositiveId());
  AppendSchemaMembers<T>(members, use);
  const std::string name = CamelName(domain::Schema<T>::kEntity);
  switch (use) {
    case Use::kAnswer:
      return sc::Named(name, sc::Object(members));
    case Use::kCreate:
      return sc::Named(name + "Create", sc::Object(members));
    case Use::kPatch:
      return sc::Named(name + "Patch", sc::Object(members));
  }
  return {};
}

}  // namespace

json::value PeriodJson(const Period& period) {
  return json::object{
      {"code", period.ToString()}, {"label", period.LabelVi()}, {"label_en", period.LabelEn()}};
}

json::object PeriodJsonSchema() {
  return sc::Named("PeriodLabel",
                   sc::Object({{"code", sc::PeriodCode()},
                               {"label", sc::Example(sc::Text("Nhãn tiếng Việt"), "Quý III/2025")},
                               {"label_en", sc::Example(sc::Text("English label"), "Q3 2025")}},
                              "Một kỳ báo cáo: mã và nhãn"));
}

json::object LineageSchema() {
  return sc::Named(
      "Lineage", sc::Object({{"id", sc::PositiveId()},
                             {"kind", sc::OneOf(EnumNameList<LineageKind>())},
                             {"date", sc::DateText("Ngày đầu tiên của tổ chức mới")},
                             {"source_unit_ids", sc::ArrayOf(sc::PositiveId())},
                             {"target_unit_ids", sc::ArrayOf(sc::PositiveId())},
                             {"note", sc::Text()},
                             {"details", sc::Object({}, "Chi tiết của sự kiện (tên cũ, mã cũ…)")}},
                            "Một sự kiện sắp xếp tổ chức: sáp nhập, chia tách, đổi tên…"));
}

json::object EvidenceSchema() {
  return sc::Named(
      "Evidence",
      sc::Object(
          {{"document_number", sc::Example(sc::Text("Số văn bản làm minh chứng"), "15-BC/ĐU")},
           {"document_date", sc::Nullable(sc::DateText())},
           {"attendance", sc::ArrayOf(sc::Object({{"group", sc::Example(sc::Text(), "Đảng viên")},
                                                  {"count", sc::Integer()}}))},
           {"files", sc::ArrayOf(sc::Text())},
           {"note", sc::Text()}},
          "Minh chứng thực hiện: văn bản, số người dự, tệp"));
}

json::object ReportSectionsSchema() { return PartSchema<ReportSections>(Use::kAnswer); }

template <typename T>
json::object AnswerSchema() {
  return EntitySchema<T>(Use::kAnswer);
}
template <typename T>
json::object CreateSchema() {
  return EntitySchema<T>(Use::kCreate);
}
template <typename T>
json::object PatchSchema() {
  return EntitySchema<T>(Use::kPatch);
}

json::value ToJson(const Lineage& l) {
  json::array sources(l.source_unit_ids.begin(), l.source_unit_ids.end());
  json::array targets(l.target_unit_ids.begin(), l.target_unit_ids.end());
  return json::object{{"id", l.id},
                      {"kind", LineageKindName(l.kind)},
                      {"date", l.date.ToString()},
                      {"source_unit_ids", std::move(sources)},
                      {"target_unit_ids", std::move(targets)},
                      {"note", l.note},
                      {"details", LineageDetailsJson(l)}};
}

json::object LineageDetailsJson(const Lineage& l) {
  boost::system::error_code ec;
  json::value details = json::parse(l.details, ec);
  if (ec || !details.is_object()) return json::object{};
  return std::move(details.as_object());
}

json::value ToJson(const Evidence& e) {
  json::array attendance;
  for (const Attendance& a : e.attendance) {
    attendance.push_back(json::object{{"group", a.group}, {"count", a.count}});
  }
  json::array files;
  for (const std::string& f : e.files) files.emplace_back(f);
  return json::object{{"document_number", e.document_number},
                      {"document_date", OptDate(e.document_date)},
                      {"attendance", std::move(attendance)},
                      {"files", std::move(files)},
                      {"note", e.note}};
}

Status FromJson(const json::value& in, Evidence& out, bool) { return ReadEvidence(in, out, ""); }

json::value ToJson(const UnitKind& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Unit& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const UnitVersion& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Term& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Field& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Person& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Indicator& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Value& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Document& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Item& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Link& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Obligation& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Assignment& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Report& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Recommendation& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Responsibility& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Declaration& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Regime& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Extension& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Notice& row) { return EntityJson(row, Form::kApi); }
json::value ToJson(const Comment& row) { return EntityJson(row, Form::kApi); }

Status FromJson(const json::value& in, UnitKind& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Unit& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Term& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Field& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Person& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Indicator& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Document& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Item& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Link& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Obligation& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Assignment& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Recommendation& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Responsibility& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Comment& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Declaration& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Regime& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Extension& out, bool partial) {
  return Decode(in, out, {partial, false});
}
Status FromJson(const json::value& in, Notice& out, bool partial) {
  return Decode(in, out, {partial, false});
}

Status FromJson(const json::value& in, ReportSections& out, bool) {
  return ReadPartObject(in, "/sections", out, {});
}

template <typename T>
json::value ToStoredJson(const T& row) {
  return EntityJson(row, Form::kStored);
}

template <typename T>
Status FromStoredJson(const json::value& in, T& out) {
  return Decode(in, out, {false, true});
}

#define NQ_INSTANTIATE(Type)                                              \
  template json::value ToStoredJson<Type>(const Type& row);               \
  template Status FromStoredJson<Type>(const json::value& in, Type& out); \
  template json::object AnswerSchema<Type>();                             \
  template json::object CreateSchema<Type>();                             \
  template json::object PatchSchema<Type>();
NQ_STORED_RECORDS(NQ_INSTANTIATE)
#undef NQ_INSTANTIATE

}  // namespace nq::formats
