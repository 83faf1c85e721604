#include "storage/tables.h"

#include <boost/json.hpp>

namespace nq::storage {
namespace {

using namespace nq::domain;

SqlValue DateValue(const Date& date) { return date.ToString(); }
SqlValue OptDate(const std::optional<Date>& date) {
  if (!date) return Null();
  return date->ToString();
}
SqlValue OptId(const std::optional<Id>& id) { return Opt(id); }
SqlValue Text(std::string_view text) { return std::string(text); }

// Values read back from our own tables; a parse failure means the file was corrupted.
template <typename T>
Result<T> Stored(Result<T> parsed, std::string_view table) {
  if (!parsed) {
    return MakeError(ErrorCode::kInternal, "corrupt row in {}: {}", table, parsed.error().message);
  }
  return parsed;
}

Result<Date> ReadDate(const Row& row, size_t column, std::string_view table) {
  return Stored(Date::Parse(row.Text(column)), table);
}

Result<std::optional<Date>> ReadOptDate(const Row& row, size_t column, std::string_view table) {
  if (row.IsNull(column)) return std::optional<Date>();
  NQ_TRY(Date date, ReadDate(row, column, table));
  return std::optional<Date>(date);
}

Result<Period> ReadPeriod(const Row& row, size_t column, std::string_view table) {
  return Stored(Period::Parse(row.Text(column)), table);
}

Result<Validity> ReadValidity(const Row& row, size_t column, std::string_view table) {
  Validity validity;
  NQ_TRY(validity.valid_from, ReadDate(row, column, table));
  NQ_TRY(validity.valid_to, ReadOptDate(row, column + 1, table));
  return validity;
}

std::string JoinIds(const std::vector<Id>& ids) {
  std::string out;
  for (Id id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

std::vector<Id> SplitIds(const std::string& text) {
  std::vector<Id> ids;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    ids.push_back(std::strtoll(text.substr(start, comma - start).c_str(), nullptr, 10));
    start = comma + 1;
  }
  return ids;
}

}  // namespace

std::string EvidenceToJson(const Evidence& evidence) {
  boost::json::object out;
  out["document_number"] = evidence.document_number;
  out["document_date"] = evidence.document_date
                             ? boost::json::value(evidence.document_date->ToString())
                             : boost::json::value(nullptr);
  boost::json::array attendance;
  for (const Attendance& a : evidence.attendance) {
    attendance.push_back(boost::json::object{{"group", a.group}, {"count", a.count}});
  }
  out["attendance"] = std::move(attendance);
  boost::json::array files;
  for (const std::string& f : evidence.files) files.push_back(boost::json::string(f));
  out["files"] = std::move(files);
  out["note"] = evidence.note;
  return boost::json::serialize(out);
}

Result<Evidence> EvidenceFromJson(std::string_view json) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json, ec);
  if (ec || !value.is_object()) {
    return MakeError(ErrorCode::kInternal, "corrupt evidence in assignments: {}", json);
  }
  const auto& object = value.as_object();
  Evidence evidence;
  auto text = [&](std::string_view key) -> std::string {
    const auto* v = object.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  evidence.document_number = text("document_number");
  evidence.note = text("note");
  if (std::string date = text("document_date"); !date.empty()) {
    NQ_TRY(evidence.document_date, Stored(Date::Parse(date), "assignments"));
  }
  if (const auto* a = object.if_contains("attendance"); a && a->is_array()) {
    for (const auto& entry : a->as_array()) {
      if (!entry.is_object()) continue;
      const auto* group = entry.as_object().if_contains("group");
      const auto* count = entry.as_object().if_contains("count");
      evidence.attendance.push_back(
          {group && group->is_string() ? std::string(group->as_string()) : "",
           count && count->is_int64() ? count->as_int64() : 0});
    }
  }
  if (const auto* f = object.if_contains("files"); f && f->is_array()) {
    for (const auto& entry : f->as_array()) {
      if (entry.is_string()) evidence.files.emplace_back(entry.as_string());
    }
  }
  return evidence;
}

// ---- UnitKind
SqlParams Table<UnitKind>::ToParams(const UnitKind& r) {
  return {r.code, r.name, r.name_en, int64_t{r.level}};
}
Result<UnitKind> Table<UnitKind>::FromRow(const Row& row) {
  return UnitKind{row.Int(0), row.Text(1), row.Text(2), row.Text(3), static_cast<int>(row.Int(4))};
}

// ---- Unit
SqlParams Table<Unit>::ToParams(const Unit& r) {
  return {r.code,
          r.name,
          r.short_name,
          r.kind_id,
          DateValue(r.validity.valid_from),
          OptDate(r.validity.valid_to),
          r.version};
}
Result<Unit> Table<Unit>::FromRow(const Row& row) {
  Unit unit{row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4), {}, row.Int(7)};
  NQ_TRY(unit.validity, ReadValidity(row, 5, kTable));
  return unit;
}

// ---- UnitVersion
SqlParams Table<UnitVersion>::ToParams(const UnitVersion& r) {
  return {r.unit_id, OptId(r.parent_id), DateValue(r.validity.valid_from),
          OptDate(r.validity.valid_to)};
}
Result<UnitVersion> Table<UnitVersion>::FromRow(const Row& row) {
  UnitVersion version{row.Int(0), row.Int(1), row.OptInt(2), {}};
  NQ_TRY(version.validity, ReadValidity(row, 3, kTable));
  return version;
}

// ---- Term
SqlParams Table<Term>::ToParams(const Term& r) { return {r.code, r.name, r.period.ToString()}; }
Result<Term> Table<Term>::FromRow(const Row& row) {
  NQ_TRY(Period period, ReadPeriod(row, 3, kTable));
  return Term{row.Int(0), row.Text(1), row.Text(2), period};
}

// ---- Field
SqlParams Table<Field>::ToParams(const Field& r) { return {r.code, r.name}; }
Result<Field> Table<Field>::FromRow(const Row& row) {
  return Field{row.Int(0), row.Text(1), row.Text(2)};
}

// ---- Person
SqlParams Table<Person>::ToParams(const Person& r) {
  return {r.name, r.position, OptId(r.unit_id), r.version};
}
Result<Person> Table<Person>::FromRow(const Row& row) {
  return Person{row.Int(0), row.Text(1), row.Text(2), row.OptInt(3), row.Int(4)};
}

// ---- Indicator
SqlParams Table<Indicator>::ToParams(const Indicator& r) {
  return {r.code,
          r.name,
          Text(ValueTypeName(r.value_type)),
          Text(UnitAggregationName(r.unit_aggregation)),
          Text(TimeAggregationName(r.time_aggregation)),
          Text(PeriodTypeName(r.period_type)),
          r.measure_unit,
          int64_t{r.decimals},
          OptId(r.numerator_id),
          OptId(r.denominator_id),
          r.factor,
          r.version};
}
Result<Indicator> Table<Indicator>::FromRow(const Row& row) {
  Indicator r;
  r.id = row.Int(0);
  r.code = row.Text(1);
  r.name = row.Text(2);
  NQ_TRY(r.value_type, Stored(ParseValueType(row.Text(3)), kTable));
  NQ_TRY(r.unit_aggregation, Stored(ParseUnitAggregation(row.Text(4)), kTable));
  NQ_TRY(r.time_aggregation, Stored(ParseTimeAggregation(row.Text(5)), kTable));
  NQ_TRY(r.period_type, Stored(ParsePeriodType(row.Text(6)), kTable));
  r.measure_unit = row.Text(7);
  r.decimals = static_cast<int>(row.Int(8));
  r.numerator_id = row.OptInt(9);
  r.denominator_id = row.OptInt(10);
  r.factor = row.Real(11);
  r.version = row.Int(12);
  return r;
}

// ---- Document
SqlParams Table<Document>::ToParams(const Document& r) {
  return {r.code,
          Text(DocumentKindName(r.kind)),
          r.number,
          r.title,
          r.issuer_unit_id,
          OptDate(r.issued_on),
          r.period_from.ToString(),
          r.period_to.ToString(),
          r.theme,
          r.version};
}
Result<Document> Table<Document>::FromRow(const Row& row) {
  Document r;
  r.id = row.Int(0);
  r.code = row.Text(1);
  NQ_TRY(r.kind, Stored(ParseDocumentKind(row.Text(2)), kTable));
  r.number = row.Text(3);
  r.title = row.Text(4);
  r.issuer_unit_id = row.Int(5);
  NQ_TRY(r.issued_on, ReadOptDate(row, 6, kTable));
  NQ_TRY(r.period_from, ReadPeriod(row, 7, kTable));
  NQ_TRY(r.period_to, ReadPeriod(row, 8, kTable));
  r.theme = row.Text(9);
  r.version = row.Int(10);
  return r;
}

// ---- Item (the measure is flattened into nullable columns)
SqlParams Table<Item>::ToParams(const Item& r) {
  const std::optional<Measure>& m = r.measure;
  return {r.document_id,
          OptId(r.parent_id),
          Text(ItemKindName(r.kind)),
          int64_t{r.ordinal},
          r.code,
          r.title,
          r.field_code,
          m ? SqlValue(m->indicator_id) : Null(),
          m ? Opt(m->baseline) : Null(),
          m && m->baseline_period ? SqlValue(m->baseline_period->ToString()) : Null(),
          m ? SqlValue(m->goal) : Null(),
          m ? SqlValue(m->deadline.ToString()) : Null(),
          m ? SqlValue(std::string(DirectionName(m->direction))) : Null(),
          OptId(r.unit_id),
          int64_t{r.not_applicable ? 1 : 0},
          r.version};
}
Result<Item> Table<Item>::FromRow(const Row& row) {
  Item r;
  r.id = row.Int(0);
  r.document_id = row.Int(1);
  r.parent_id = row.OptInt(2);
  NQ_TRY(r.kind, Stored(ParseItemKind(row.Text(3)), kTable));
  r.ordinal = static_cast<int>(row.Int(4));
  r.code = row.Text(5);
  r.title = row.Text(6);
  r.field_code = row.Text(7);
  if (!row.IsNull(8)) {
    Measure m;
    m.indicator_id = row.Int(8);
    m.baseline = row.OptReal(9);
    if (!row.IsNull(10)) {
      NQ_TRY(m.baseline_period, ReadPeriod(row, 10, kTable));
    }
    m.goal = row.Real(11);
    NQ_TRY(m.deadline, ReadPeriod(row, 12, kTable));
    NQ_TRY(m.direction, Stored(ParseDirection(row.Text(13)), kTable));
    r.measure = m;
  }
  r.unit_id = row.OptInt(14);
  r.not_applicable = row.Int(15) != 0;
  r.version = row.Int(16);
  return r;
}

// ---- Link
SqlParams Table<Link>::ToParams(const Link& r) {
  return {r.from_item_id, r.to_item_id, Text(LinkKindName(r.kind)), Opt(r.share)};
}
Result<Link> Table<Link>::FromRow(const Row& row) {
  Link r{row.Int(0), row.Int(1), row.Int(2), LinkKind::kContributes, row.OptReal(4)};
  NQ_TRY(r.kind, Stored(ParseLinkKind(row.Text(3)), kTable));
  return r;
}

// ---- Obligation
SqlParams Table<Obligation>::ToParams(const Obligation& r) {
  return {r.code,
          r.title,
          r.issuer_unit_id,
          OptId(r.document_id),
          OptId(r.item_id),
          DateValue(r.issued_on),
          DateValue(r.due_on),
          JoinIds(r.kind_ids),
          r.version};
}
Result<Obligation> Table<Obligation>::FromRow(const Row& row) {
  Obligation r;
  r.id = row.Int(0);
  r.code = row.Text(1);
  r.title = row.Text(2);
  r.issuer_unit_id = row.Int(3);
  r.document_id = row.OptInt(4);
  r.item_id = row.OptInt(5);
  NQ_TRY(r.issued_on, ReadDate(row, 6, kTable));
  NQ_TRY(r.due_on, ReadDate(row, 7, kTable));
  r.kind_ids = SplitIds(row.Text(8));
  r.version = row.Int(9);
  return r;
}

// ---- Assignment
SqlParams Table<Assignment>::ToParams(const Assignment& r) {
  return {r.obligation_id,
          r.unit_id,
          Text(AssignmentRoleName(r.role)),
          Text(AssignmentStatusName(r.status)),
          OptDate(r.completed_on),
          EvidenceToJson(r.evidence),
          r.version};
}
Result<Assignment> Table<Assignment>::FromRow(const Row& row) {
  Assignment r;
  r.id = row.Int(0);
  r.obligation_id = row.Int(1);
  r.unit_id = row.Int(2);
  NQ_TRY(r.role, Stored(ParseAssignmentRole(row.Text(3)), kTable));
  NQ_TRY(r.status, Stored(ParseAssignmentStatus(row.Text(4)), kTable));
  NQ_TRY(r.completed_on, ReadOptDate(row, 5, kTable));
  NQ_TRY(r.evidence, EvidenceFromJson(row.Text(6)));
  r.version = row.Int(7);
  return r;
}

// ---- Report
SqlParams Table<Report>::ToParams(const Report& r) {
  return {r.unit_id,
          r.period.ToString(),
          OptId(r.document_id),
          Text(ReportStatusName(r.status)),
          r.sections.results,
          r.sections.shortcomings,
          r.sections.causes,
          r.sections.next_tasks,
          r.sections.recommendations,
          Opt(r.submitted_at),
          Opt(r.reviewed_at),
          r.reviewed_by,
          r.review_comment,
          r.version};
}
Result<Report> Table<Report>::FromRow(const Row& row) {
  Report r;
  r.id = row.Int(0);
  r.unit_id = row.Int(1);
  NQ_TRY(r.period, ReadPeriod(row, 2, kTable));
  r.document_id = row.OptInt(3);
  NQ_TRY(r.status, Stored(ParseReportStatus(row.Text(4)), kTable));
  r.sections = {row.Text(5), row.Text(6), row.Text(7), row.Text(8), row.Text(9)};
  r.submitted_at = row.OptInt(10);
  r.reviewed_at = row.OptInt(11);
  r.reviewed_by = row.Text(12);
  r.review_comment = row.Text(13);
  r.version = row.Int(14);
  return r;
}

// ---- Recommendation
SqlParams Table<Recommendation>::ToParams(const Recommendation& r) {
  return {r.from_unit_id,
          r.to_unit_id,
          OptId(r.item_id),
          r.title,
          r.body,
          OptDate(r.due_on),
          Text(RecommendationStatusName(r.status)),
          r.answer,
          Opt(r.answered_at),
          Opt(r.closed_at),
          r.created_at,
          r.version};
}
Result<Recommendation> Table<Recommendation>::FromRow(const Row& row) {
  Recommendation r;
  r.id = row.Int(0);
  r.from_unit_id = row.Int(1);
  r.to_unit_id = row.Int(2);
  r.item_id = row.OptInt(3);
  r.title = row.Text(4);
  r.body = row.Text(5);
  NQ_TRY(r.due_on, ReadOptDate(row, 6, kTable));
  NQ_TRY(r.status, Stored(ParseRecommendationStatus(row.Text(7)), kTable));
  r.answer = row.Text(8);
  r.answered_at = row.OptInt(9);
  r.closed_at = row.OptInt(10);
  r.created_at = row.Int(11);
  r.version = row.Int(12);
  return r;
}

// ---- Responsibility
SqlParams Table<Responsibility>::ToParams(const Responsibility& r) {
  return {r.person_id, r.term_code, r.field_code, OptId(r.unit_id), r.note};
}
Result<Responsibility> Table<Responsibility>::FromRow(const Row& row) {
  return Responsibility{row.Int(0),  row.Int(1),    row.Text(2),
                        row.Text(3), row.OptInt(4), row.Text(5)};
}

// ---- Comment
SqlParams Table<Comment>::ToParams(const Comment& r) {
  return {r.entity, r.entity_id, r.author, r.body, r.created_at};
}
Result<Comment> Table<Comment>::FromRow(const Row& row) {
  return Comment{row.Int(0), row.Text(1), row.Int(2), row.Text(3), row.Text(4), row.Int(5)};
}

// ---- User
SqlParams Table<User>::ToParams(const User& r) {
  return {r.login,      r.name,   OptId(r.person_id), r.password_hash, int64_t{r.disabled ? 1 : 0},
          r.created_at, r.version};
}
Result<User> Table<User>::FromRow(const Row& row) {
  return User{row.Int(0),  row.Text(1),     row.Text(2), row.OptInt(3),
              row.Text(4), row.Int(5) != 0, row.Int(6),  row.Int(7)};
}

// ---- Grant
SqlParams Table<Grant>::ToParams(const Grant& r) {
  return {r.user_id, Text(RoleName(r.role)), r.unit_id, int64_t{r.subtree ? 1 : 0}};
}
Result<Grant> Table<Grant>::FromRow(const Row& row) {
  Grant r{row.Int(0), row.Int(1), Role::kViewer, row.Int(3), row.Int(4) != 0};
  NQ_TRY(r.role, Stored(ParseRole(row.Text(2)), kTable));
  return r;
}

std::string Placeholders(std::string_view columns) {
  std::string out = "?";
  for (char c : columns) {
    if (c == ',') out += ", ?";
  }
  return out;
}

Result<domain::Value> ValueFromRow(const Row& row) {
  domain::Value v;
  v.id = row.Int(0);
  v.indicator_id = row.Int(1);
  v.unit_id = row.Int(2);
  auto period = domain::Period::Parse(row.Text(3));
  if (!period) {
    return MakeError(ErrorCode::kInternal, "corrupt row in data_values: period \"{}\"",
                     row.Text(3));
  }
  v.period = *period;
  v.number = row.OptReal(4);
  v.text = row.Text(5);
  v.comment = row.Text(6);
  v.report_id = row.OptInt(7);
  v.version = row.Int(8);
  v.entered_by = row.Text(9);
  v.entered_at = row.Int(10);
  return v;
}

}  // namespace nq::storage
