#include "formats/codec.h"

#include <boost/json.hpp>

namespace nq::formats {
namespace {

using namespace nq::domain;

json::value OptDate(const std::optional<Date>& date) {
  return date ? json::value(date->ToString()) : json::value(nullptr);
}
json::value OptId(const std::optional<Id>& id) {
  return id ? json::value(*id) : json::value(nullptr);
}
json::value OptNumber(const std::optional<double>& number) {
  return number ? json::value(*number) : json::value(nullptr);
}
json::value OptMillis(const std::optional<UnixMillis>& millis) {
  return millis ? json::value(*millis) : json::value(nullptr);
}
json::value ValidityJson(json::object& out, const Validity& validity) {
  out["valid_from"] = validity.valid_from.ToString();
  out["valid_to"] = OptDate(validity.valid_to);
  return nullptr;
}

Need NeedFor(bool partial) { return partial ? Need::kOptional : Need::kRequired; }

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

}  // namespace

json::value PeriodJson(const Period& period) {
  return json::object{
      {"code", period.ToString()}, {"label", period.LabelVi()}, {"label_en", period.LabelEn()}};
}

json::value ToJson(const UnitKind& k) {
  return json::object{
      {"id", k.id}, {"code", k.code}, {"name", k.name}, {"name_en", k.name_en}, {"level", k.level}};
}

json::value ToJson(const Unit& u) {
  json::object out{{"id", u.id},           {"code", u.code},
                   {"name", u.name},       {"short_name", u.short_name},
                   {"kind_id", u.kind_id}, {"version", u.version}};
  ValidityJson(out, u.validity);
  return out;
}

json::value ToJson(const UnitVersion& v) {
  json::object out{{"id", v.id}, {"unit_id", v.unit_id}, {"parent_id", OptId(v.parent_id)}};
  ValidityJson(out, v.validity);
  return out;
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

json::value ToJson(const Term& t) {
  return json::object{
      {"id", t.id}, {"code", t.code}, {"name", t.name}, {"period", PeriodJson(t.period)}};
}

json::value ToJson(const Field& f) {
  return json::object{{"id", f.id}, {"code", f.code}, {"name", f.name}};
}

json::value ToJson(const Person& p) {
  return json::object{{"id", p.id},
                      {"name", p.name},
                      {"position", p.position},
                      {"unit_id", OptId(p.unit_id)},
                      {"version", p.version}};
}

json::value ToJson(const Indicator& i) {
  return json::object{{"id", i.id},
                      {"code", i.code},
                      {"name", i.name},
                      {"value_type", ValueTypeName(i.value_type)},
                      {"unit_aggregation", UnitAggregationName(i.unit_aggregation)},
                      {"time_aggregation", TimeAggregationName(i.time_aggregation)},
                      {"period_type", PeriodTypeName(i.period_type)},
                      {"measure_unit", i.measure_unit},
                      {"decimals", i.decimals},
                      {"numerator_id", OptId(i.numerator_id)},
                      {"denominator_id", OptId(i.denominator_id)},
                      {"factor", i.factor},
                      {"version", i.version}};
}

json::value ToJson(const Value& v) {
  return json::object{{"id", v.id},
                      {"indicator_id", v.indicator_id},
                      {"unit_id", v.unit_id},
                      {"period", v.period.ToString()},
                      {"value", OptNumber(v.number)},
                      {"text", v.text},
                      {"comment", v.comment},
                      {"report_id", OptId(v.report_id)},
                      {"version", v.version},
                      {"entered_by", v.entered_by},
                      {"entered_at", v.entered_at}};
}

json::value ToJson(const Document& d) {
  return json::object{{"id", d.id},
                      {"code", d.code},
                      {"kind", DocumentKindName(d.kind)},
                      {"kind_label", DocumentKindLabelVi(d.kind)},
                      {"number", d.number},
                      {"title", d.title},
                      {"issuer_unit_id", d.issuer_unit_id},
                      {"issued_on", OptDate(d.issued_on)},
                      {"period_from", d.period_from.ToString()},
                      {"period_to", d.period_to.ToString()},
                      {"theme", d.theme},
                      {"version", d.version}};
}

json::value ToJson(const Item& i) {
  json::object out{{"id", i.id},
                   {"document_id", i.document_id},
                   {"parent_id", OptId(i.parent_id)},
                   {"kind", ItemKindName(i.kind)},
                   {"kind_label", ItemKindLabelVi(i.kind)},
                   {"ordinal", i.ordinal},
                   {"code", i.code},
                   {"title", i.title},
                   {"field_code", i.field_code},
                   {"unit_id", OptId(i.unit_id)},
                   {"not_applicable", i.not_applicable},
                   {"version", i.version}};
  if (i.measure) {
    const Measure& m = *i.measure;
    out["measure"] = json::object{
        {"indicator_id", m.indicator_id},
        {"baseline", OptNumber(m.baseline)},
        {"baseline_period",
         m.baseline_period ? json::value(m.baseline_period->ToString()) : json::value(nullptr)},
        {"goal", m.goal},
        {"deadline", m.deadline.ToString()},
        {"direction", DirectionName(m.direction)}};
  } else {
    out["measure"] = nullptr;
  }
  return out;
}

json::value ToJson(const Link& l) {
  return json::object{{"id", l.id},
                      {"from_item_id", l.from_item_id},
                      {"to_item_id", l.to_item_id},
                      {"kind", LinkKindName(l.kind)},
                      {"share", OptNumber(l.share)}};
}

json::value ToJson(const Obligation& o) {
  return json::object{{"id", o.id},
                      {"code", o.code},
                      {"title", o.title},
                      {"issuer_unit_id", o.issuer_unit_id},
                      {"document_id", OptId(o.document_id)},
                      {"item_id", OptId(o.item_id)},
                      {"issued_on", o.issued_on.ToString()},
                      {"due_on", o.due_on.ToString()},
                      {"kind_ids", json::array(o.kind_ids.begin(), o.kind_ids.end())},
                      {"version", o.version}};
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

json::value ToJson(const Assignment& a) {
  return json::object{{"id", a.id},
                      {"obligation_id", a.obligation_id},
                      {"unit_id", a.unit_id},
                      {"role", AssignmentRoleName(a.role)},
                      {"status", AssignmentStatusName(a.status)},
                      {"completed_on", OptDate(a.completed_on)},
                      {"evidence", ToJson(a.evidence)},
                      {"complete", a.complete()},
                      {"version", a.version}};
}

json::value ToJson(const Report& r) {
  return json::object{{"id", r.id},
                      {"unit_id", r.unit_id},
                      {"period", r.period.ToString()},
                      {"period_label", r.period.LabelVi()},
                      {"document_id", OptId(r.document_id)},
                      {"status", ReportStatusName(r.status)},
                      {"status_label", ReportStatusLabelVi(r.status)},
                      {"locked", r.locked()},
                      {"sections", json::object{{"results", r.sections.results},
                                                {"shortcomings", r.sections.shortcomings},
                                                {"causes", r.sections.causes},
                                                {"next_tasks", r.sections.next_tasks},
                                                {"recommendations", r.sections.recommendations}}},
                      {"submitted_at", OptMillis(r.submitted_at)},
                      {"reviewed_at", OptMillis(r.reviewed_at)},
                      {"reviewed_by", r.reviewed_by},
                      {"review_comment", r.review_comment},
                      {"version", r.version}};
}

json::value ToJson(const Recommendation& r) {
  return json::object{{"id", r.id},
                      {"from_unit_id", r.from_unit_id},
                      {"to_unit_id", r.to_unit_id},
                      {"item_id", OptId(r.item_id)},
                      {"title", r.title},
                      {"body", r.body},
                      {"due_on", OptDate(r.due_on)},
                      {"status", RecommendationStatusName(r.status)},
                      {"answer", r.answer},
                      {"answered_at", OptMillis(r.answered_at)},
                      {"closed_at", OptMillis(r.closed_at)},
                      {"created_at", r.created_at},
                      {"version", r.version}};
}

json::value ToJson(const Responsibility& r) {
  return json::object{{"id", r.id},
                      {"person_id", r.person_id},
                      {"term_code", r.term_code},
                      {"field_code", r.field_code},
                      {"unit_id", OptId(r.unit_id)},
                      {"note", r.note}};
}

json::value ToJson(const Comment& c) {
  return json::object{{"id", c.id},         {"entity", c.entity}, {"entity_id", c.entity_id},
                      {"author", c.author}, {"body", c.body},     {"created_at", c.created_at}};
}

// ---- Decoders

Status FromJson(const json::value& in, UnitKind& out, bool partial) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  Need need = NeedFor(partial);
  r.Code("code", out.code, need)
      .Text("name", out.name, need, 200)
      .Text("name_en", out.name_en, Need::kOptional, 200)
      .Integer("level", out.level, Need::kOptional);
  return r.Finish();
}

Status FromJson(const json::value& in, Unit& out, bool partial) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  Need need = NeedFor(partial);
  r.Code("code", out.code, need)
      .Text("name", out.name, need, 300)
      .Text("short_name", out.short_name, Need::kOptional, 200)
      .Integer("kind_id", out.kind_id, need)
      .Date("valid_from", out.validity.valid_from, need);
  r.OptDate("valid_to", out.validity.valid_to);
  if (out.short_name.empty()) out.short_name = out.name;
  return r.Finish();
}

Status FromJson(const json::value& in, Term& out, bool partial) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  Need need = NeedFor(partial);
  r.Text("name", out.name, need, 200).Period("period", out.period, need);
  if (out.code.empty()) out.code = out.period.ToString();
  return r.Finish();
}

Status FromJson(const json::value& in, Field& out, bool partial) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  Need need = NeedFor(partial);
  r.Code("code", out.code, need).Text("name", out.name, need, 200);
  return r.Finish();
}

Status FromJson(const json::value& in, Person& out, bool partial) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  r.Text("name", out.name, NeedFor(partial), 200)
      .Text("position", out.position, Need::kOptional, 300);
  r.OptId("unit_id", out.unit_id);
  return r.Finish();
}

Status FromJson(const json::value& in, Indicator& out, bool partial) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  Need need = NeedFor(partial);
  r.Code("code", out.code, need)
      .Text("name", out.name, need, 300)
      .Enum("value_type", out.value_type, ParseValueType, need)
      .Enum("unit_aggregation", out.unit_aggregation, ParseUnitAggregation, need)
      .Enum("time_aggregation", out.time_aggregation, ParseTimeAggregation, need)
      .Enum("period_type", out.period_type, ParsePeriodType, need)
      .Text("measure_unit", out.measure_unit, Need::kOptional, 50)
      .Integer("decimals", out.decimals, Need::kOptional)
      .OptId("numerator_id", out.numerator_id)
      .OptId("denominator_id", out.denominator_id);
  if (r.Has("factor")) r.Number("factor", out.factor);
  if (out.decimals < 0 || out.decimals > 6) r.Fail("decimals", "field \"/decimals\" must be 0–6");
  if (out.numerator_id.has_value() != out.denominator_id.has_value()) {
    r.Fail("denominator_id",
           "a computed indicator needs both \"/numerator_id\" and \"/denominator_id\"");
  }
  return r.Finish();
}

Status FromJson(const json::value& in, Document& out, bool partial) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  Need need = NeedFor(partial);
  r.Code("code", out.code, need)
      .Enum("kind", out.kind, ParseDocumentKind, need)
      .Text("number", out.number, Need::kOptional, 100)
      .Text("title", out.title, need, 1000)
      .Integer("issuer_unit_id", out.issuer_unit_id, need)
      .OptDate("issued_on", out.issued_on)
      .Period("period_from", out.period_from, need)
      .Period("period_to", out.period_to, need)
      .Text("theme", out.theme, Need::kOptional, 500);
  if (out.period_to < out.period_from) {
    r.Fail("period_to", fmt::format("field \"/period_to\" ({}) is before \"/period_from\" ({})",
                                    out.period_to.ToString(), out.period_from.ToString()));
  }
  return r.Finish();
}

Status FromJson(const json::value& in, Item& out, bool partial) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  Need need = NeedFor(partial);
  r.Integer("document_id", out.document_id, need)
      .OptId("parent_id", out.parent_id)
      .Enum("kind", out.kind, ParseItemKind, need)
      .Integer("ordinal", out.ordinal, Need::kOptional)
      .Text("code", out.code, Need::kOptional, 50)
      .Text("title", out.title, need, 2000)
      .Text("field_code", out.field_code, Need::kOptional, 64)
      .OptId("unit_id", out.unit_id)
      .Bool("not_applicable", out.not_applicable, Need::kOptional);
  if (const json::value* measure = r.Member("measure")) {
    auto m = ObjectReader::Of(*measure, "/measure");
    if (!m) return std::unexpected(m.error());
    Measure value = out.measure.value_or(Measure{});
    m->Integer("indicator_id", value.indicator_id)
        .OptNumber("baseline", value.baseline)
        .OptPeriod("baseline_period", value.baseline_period)
        .Number("goal", value.goal)
        .Period("deadline", value.deadline)
        .Enum("direction", value.direction, ParseDirection, Need::kOptional);
    NQ_RETURN_IF_ERROR(m->Finish());
    out.measure = value;
  } else if (!partial || in.as_object().contains("measure")) {
    out.measure.reset();  // absent on create, or an explicit null
  }
  return r.Finish();
}

Status FromJson(const json::value& in, Link& out, bool partial) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  Need need = NeedFor(partial);
  r.Integer("from_item_id", out.from_item_id, need)
      .Integer("to_item_id", out.to_item_id, need)
      .Enum("kind", out.kind, ParseLinkKind, Need::kOptional)
      .OptNumber("share", out.share);
  return r.Finish();
}

Status FromJson(const json::value& in, Obligation& out, bool partial) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  Need need = NeedFor(partial);
  r.Code("code", out.code, need)
      .Text("title", out.title, need, 1000)
      .Integer("issuer_unit_id", out.issuer_unit_id, need)
      .OptId("document_id", out.document_id)
      .OptId("item_id", out.item_id)
      .Date("issued_on", out.issued_on, need)
      .Date("due_on", out.due_on, need);
  if (const json::value* kinds = r.Member("kind_ids")) {
    out.kind_ids.clear();
    if (!kinds->is_array()) {
      r.Fail("kind_ids", "field \"/kind_ids\" must be an array of unit kind ids");
    } else {
      for (const json::value& kind : kinds->get_array()) {
        if (!kind.is_int64() || kind.get_int64() <= 0) {
          r.Fail("kind_ids", "field \"/kind_ids\" must be an array of unit kind ids");
          break;
        }
        out.kind_ids.push_back(kind.get_int64());
      }
    }
  }
  if (out.due_on < out.issued_on) {
    r.Fail("due_on", fmt::format("field \"/due_on\" ({}) is before \"/issued_on\" ({})",
                                 out.due_on.ToString(), out.issued_on.ToString()));
  }
  return r.Finish();
}

Status FromJson(const json::value& in, Evidence& out, bool) { return ReadEvidence(in, out, ""); }

Status FromJson(const json::value& in, Assignment& out, bool partial) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  Need need = NeedFor(partial);
  r.Integer("obligation_id", out.obligation_id, need)
      .Integer("unit_id", out.unit_id, need)
      .Enum("role", out.role, ParseAssignmentRole, Need::kOptional)
      .Enum("status", out.status, ParseAssignmentStatus, Need::kOptional);
  r.OptDate("completed_on", out.completed_on);
  NQ_RETURN_IF_ERROR(r.Finish());
  if (const json::value* evidence = r.Member("evidence")) {
    NQ_RETURN_IF_ERROR(ReadEvidence(*evidence, out.evidence, "/evidence"));
  }
  return domain::ValidateAssignment(out);
}

Status FromJson(const json::value& in, ReportSections& out, bool) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in, "/sections"));
  constexpr size_t kLimit = 100'000;
  r.Text("results", out.results, Need::kOptional, kLimit)
      .Text("shortcomings", out.shortcomings, Need::kOptional, kLimit)
      .Text("causes", out.causes, Need::kOptional, kLimit)
      .Text("next_tasks", out.next_tasks, Need::kOptional, kLimit)
      .Text("recommendations", out.recommendations, Need::kOptional, kLimit);
  return r.Finish();
}

Status FromJson(const json::value& in, Recommendation& out, bool partial) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  Need need = NeedFor(partial);
  r.Integer("from_unit_id", out.from_unit_id, need)
      .Integer("to_unit_id", out.to_unit_id, need)
      .OptId("item_id", out.item_id)
      .Text("title", out.title, need, 1000)
      .Text("body", out.body, Need::kOptional, 20'000)
      .OptDate("due_on", out.due_on);
  return r.Finish();
}

Status FromJson(const json::value& in, Responsibility& out, bool partial) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  Need need = NeedFor(partial);
  r.Integer("person_id", out.person_id, need)
      .Text("term_code", out.term_code, need, 20)
      .Text("field_code", out.field_code, Need::kOptional, 64)
      .OptId("unit_id", out.unit_id)
      .Text("note", out.note, Need::kOptional, 1000);
  if (out.field_code.empty() && !out.unit_id) {
    r.Fail("field_code", "a responsibility needs a \"/field_code\" or a \"/unit_id\"");
  }
  return r.Finish();
}

Status FromJson(const json::value& in, Comment& out, bool partial) {
  NQ_TRY(ObjectReader r, ObjectReader::Of(in));
  Need need = NeedFor(partial);
  r.Code("entity", out.entity, need)
      .Integer("entity_id", out.entity_id, need)
      .Text("body", out.body, need, 20'000);
  return r.Finish();
}

}  // namespace nq::formats
