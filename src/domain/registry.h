// The entity registry: every stored entity described once — its table, and for each field the
// column (which is also the JSON key), how the API takes it, and its limits. The store's columns
// and row codec, the JSON codec, the bundle's records and the filterable columns all derive
// from these entries; a field is added here, in its struct and in a migration, nowhere else.
// The order of the entries is the order of the API's JSON members.
#pragma once

#include "domain/access.h"
#include "domain/document.h"
#include "domain/indicator.h"
#include "domain/notice.h"
#include "domain/obligation.h"
#include "domain/people.h"
#include "domain/report.h"
#include "domain/schema.h"
#include "domain/unit.h"

namespace nq::domain {

NQ_ENUM_NAMES(ValueType, ValueTypeName, ParseValueType);
NQ_ENUM_NAMES(UnitAggregation, UnitAggregationName, ParseUnitAggregation);
NQ_ENUM_NAMES(TimeAggregation, TimeAggregationName, ParseTimeAggregation);
NQ_ENUM_NAMES(PeriodType, PeriodTypeName, ParsePeriodType);
NQ_ENUM_NAMES(DocumentKind, DocumentKindName, ParseDocumentKind);
NQ_ENUM_NAMES(ItemKind, ItemKindName, ParseItemKind);
NQ_ENUM_NAMES(Direction, DirectionName, ParseDirection);
NQ_ENUM_NAMES(LinkKind, LinkKindName, ParseLinkKind);
NQ_ENUM_NAMES(AssignmentRole, AssignmentRoleName, ParseAssignmentRole);
NQ_ENUM_NAMES(AssignmentStatus, AssignmentStatusName, ParseAssignmentStatus);
NQ_ENUM_NAMES(ReportStatus, ReportStatusName, ParseReportStatus);
NQ_ENUM_NAMES(RecommendationStatus, RecommendationStatusName, ParseRecommendationStatus);
NQ_ENUM_NAMES(Role, RoleName, ParseRole);
NQ_ENUM_NAMES(NoticeKind, NoticeKindName, ParseNoticeKind);
NQ_ENUM_LIST(LineageKind);
NQ_ENUM_LIST(ReportAction);

inline constexpr In kRequired = In::kRequired;
inline constexpr In kServer = In::kServer;
inline constexpr size_t kLongText = 100'000;

// ---- Parts stored in their owner's row

template <>
struct Schema<Validity> {
  static constexpr auto kFields =
      std::tuple{Column("valid_from", &Validity::valid_from, {.in = kRequired}),
                 Column("valid_to", &Validity::valid_to)};
};

template <>
struct Schema<Measure> {
  static constexpr std::string_view kPart = "Measure";  // its name in the API's description
  static constexpr auto kFields =
      std::tuple{Column("indicator_id", &Measure::indicator_id, {.in = kRequired, .id = true}),
                 Column("baseline", &Measure::baseline),
                 Column("baseline_period", &Measure::baseline_period),
                 Column("goal", &Measure::goal, {.in = kRequired}),
                 Column("deadline", &Measure::deadline, {.in = kRequired}),
                 Column("direction", &Measure::direction)};
};

template <>
struct Schema<ReportSections> {
  static constexpr std::string_view kPart = "ReportSections";
  static constexpr auto kFields = std::tuple{
      Column("results", &ReportSections::results,
             {.max_length = kLongText, .about = "Kết quả đạt được"}),
      Column("shortcomings", &ReportSections::shortcomings,
             {.max_length = kLongText, .about = "Hạn chế"}),
      Column("causes", &ReportSections::causes, {.max_length = kLongText, .about = "Nguyên nhân"}),
      Column("next_tasks", &ReportSections::next_tasks,
             {.max_length = kLongText, .about = "Nhiệm vụ thời gian tới"}),
      Column("recommendations", &ReportSections::recommendations,
             {.max_length = kLongText, .about = "Kiến nghị, đề xuất"})};
};

// ---- Entities

template <>
struct Schema<UnitKind> {
  static constexpr std::string_view kTable = "unit_kinds", kEntity = "unit_kind";
  static constexpr bool kVersioned = false, kHasCode = true;
  static constexpr auto kFields =
      std::tuple{Column("code", &UnitKind::code, {.in = kRequired, .code = true, .example = "xa"}),
                 Column("name", &UnitKind::name,
                        {.in = kRequired, .max_length = 200, .example = "Đảng bộ xã, thị trấn"}),
                 Column("name_en", &UnitKind::name_en, {.max_length = 200}),
                 Column("level", &UnitKind::level, {.about = "Cấp: 0 là trung ương"})};
};

template <>
struct Schema<Unit> {
  static constexpr std::string_view kTable = "units", kEntity = "unit";
  static constexpr bool kVersioned = true, kHasCode = true;
  static constexpr auto kFields = std::tuple{
      Column("code", &Unit::code, {.in = kRequired, .code = true, .example = "ba-thuoc"}),
      Column("name", &Unit::name,
             {.in = kRequired, .max_length = 300, .example = "Đảng bộ huyện Bá Thước"}),
      Column("short_name", &Unit::short_name, {.max_length = 200, .example = "Bá Thước"}),
      Column("kind_id", &Unit::kind_id, {.in = kRequired, .id = true}),
      Column("version", &Unit::version, {.in = kServer}),
      Embed("", &Unit::validity)};
};

template <>
struct Schema<UnitVersion> {
  static constexpr std::string_view kTable = "unit_versions", kEntity = "unit_version";
  static constexpr bool kVersioned = false, kHasCode = false;
  static constexpr auto kFields =
      std::tuple{Column("unit_id", &UnitVersion::unit_id, {.in = kRequired, .id = true}),
                 Column("parent_id", &UnitVersion::parent_id, {.id = true}),
                 Embed("", &UnitVersion::validity)};
};

template <>
struct Schema<Term> {
  static constexpr std::string_view kTable = "terms", kEntity = "term";
  static constexpr bool kVersioned = false, kHasCode = true;
  static constexpr auto kFields =
      std::tuple{Column("code", &Term::code, {.in = kServer, .max_length = 64}),
                 Column("name", &Term::name,
                        {.in = kRequired, .max_length = 200, .example = "Nhiệm kỳ 2020–2025"}),
                 Column("period", &Term::period, {.in = kRequired, .labelled = true})};
};

template <>
struct Schema<Field> {
  static constexpr std::string_view kTable = "fields", kEntity = "field";
  static constexpr bool kVersioned = false, kHasCode = true;
  static constexpr auto kFields = std::tuple{
      Column("code", &Field::code, {.in = kRequired, .code = true}),
      Column("name", &Field::name, {.in = kRequired, .max_length = 200, .example = "Kinh tế"})};
};

template <>
struct Schema<Person> {
  static constexpr std::string_view kTable = "people", kEntity = "person";
  static constexpr bool kVersioned = true, kHasCode = false;
  static constexpr auto kFields = std::tuple{
      Column("name", &Person::name,
             {.in = kRequired, .max_length = 200, .example = "Nguyễn Văn An"}),
      Column("position", &Person::position, {.max_length = 300, .example = "Bí thư Huyện ủy"}),
      Column("unit_id", &Person::unit_id, {.id = true}),
      Column("version", &Person::version, {.in = kServer})};
};

template <>
struct Schema<Indicator> {
  static constexpr std::string_view kTable = "indicators", kEntity = "indicator";
  static constexpr bool kVersioned = true, kHasCode = true;
  static constexpr auto kFields = std::tuple{
      Column("code", &Indicator::code, {.in = kRequired, .code = true}),
      Column("name", &Indicator::name,
             {.in = kRequired, .max_length = 300, .example = "Tỷ lệ hộ nghèo"}),
      Column("value_type", &Indicator::value_type, {.in = kRequired}),
      Column("unit_aggregation", &Indicator::unit_aggregation, {.in = kRequired}),
      Column("time_aggregation", &Indicator::time_aggregation, {.in = kRequired}),
      Column("period_type", &Indicator::period_type, {.in = kRequired}),
      Column("measure_unit", &Indicator::measure_unit, {.max_length = 50, .example = "%"}),
      Column("decimals", &Indicator::decimals),
      Column("numerator_id", &Indicator::numerator_id, {.id = true}),
      Column("denominator_id", &Indicator::denominator_id, {.id = true}),
      Column("factor", &Indicator::factor),
      Column("version", &Indicator::version, {.in = kServer})};
};

template <>
struct Schema<Document> {
  static constexpr std::string_view kTable = "documents", kEntity = "document";
  static constexpr bool kVersioned = true, kHasCode = true;
  static std::string_view KindLabel(const Document& d) { return DocumentKindLabelVi(d.kind); }
  static constexpr auto kFields =
      std::tuple{Column("code", &Document::code, {.in = kRequired, .code = true}),
                 Column("kind", &Document::kind, {.in = kRequired}),
                 Derive("kind_label", &KindLabel),
                 Column("number", &Document::number, {.max_length = 100, .example = "01-NQ/ĐH"}),
                 Column("title", &Document::title,
                        {.in = kRequired,
                         .max_length = 1000,
                         .example = "Nghị quyết Đại hội Đảng bộ huyện lần thứ XXII"}),
                 Column("issuer_unit_id", &Document::issuer_unit_id, {.in = kRequired, .id = true}),
                 Column("issued_on", &Document::issued_on),
                 Column("period_from", &Document::period_from, {.in = kRequired}),
                 Column("period_to", &Document::period_to, {.in = kRequired}),
                 Column("theme", &Document::theme, {.max_length = 500}),
                 Column("version", &Document::version, {.in = kServer})};
};

template <>
struct Schema<Item> {
  static constexpr std::string_view kTable = "items", kEntity = "item";
  static constexpr bool kVersioned = true, kHasCode = false;
  static std::string_view KindLabel(const Item& i) { return ItemKindLabelVi(i.kind); }
  static constexpr auto kFields =
      std::tuple{Column("document_id", &Item::document_id, {.in = kRequired, .id = true}),
                 Column("parent_id", &Item::parent_id, {.id = true}),
                 Column("kind", &Item::kind, {.in = kRequired}),
                 Derive("kind_label", &KindLabel),
                 Column("ordinal", &Item::ordinal),
                 Column("code", &Item::code, {.max_length = 50}),
                 Column("title", &Item::title,
                        {.in = kRequired, .max_length = 2000, .example = "Giảm tỷ lệ hộ nghèo"}),
                 Column("field_code", &Item::field_code, {.max_length = 64}),
                 Column("unit_id", &Item::unit_id, {.id = true}),
                 Column("version", &Item::version, {.in = kServer}),
                 Embed("measure", &Item::measure)};
};

template <>
struct Schema<Link> {
  static constexpr std::string_view kTable = "links", kEntity = "link";
  static constexpr bool kVersioned = false, kHasCode = false;
  static constexpr auto kFields =
      std::tuple{Column("from_item_id", &Link::from_item_id, {.in = kRequired, .id = true}),
                 Column("to_item_id", &Link::to_item_id, {.in = kRequired, .id = true}),
                 Column("kind", &Link::kind), Column("share", &Link::share)};
};

template <>
struct Schema<Declaration> {
  static constexpr std::string_view kTable = "declarations", kEntity = "declaration";
  static constexpr bool kVersioned = true, kHasCode = false;
  static constexpr auto kFields =
      std::tuple{Column("item_id", &Declaration::item_id, {.in = kRequired, .id = true}),
                 Column("unit_id", &Declaration::unit_id, {.in = kRequired, .id = true}),
                 Column("reason", &Declaration::reason, {.in = kRequired, .max_length = 2000}),
                 Column("version", &Declaration::version, {.in = kServer})};
};

template <>
struct Schema<Obligation> {
  static constexpr std::string_view kTable = "obligations", kEntity = "obligation";
  static constexpr bool kVersioned = true, kHasCode = true;
  static constexpr auto kFields = std::tuple{
      Column("code", &Obligation::code, {.in = kRequired, .code = true}),
      Column("title", &Obligation::title,
             {.in = kRequired,
              .max_length = 1000,
              .example = "Tổ chức học tập, quán triệt Nghị quyết"}),
      Column("issuer_unit_id", &Obligation::issuer_unit_id, {.in = kRequired, .id = true}),
      Column("document_id", &Obligation::document_id, {.id = true}),
      Column("item_id", &Obligation::item_id, {.id = true}),
      Column("issued_on", &Obligation::issued_on, {.in = kRequired}),
      Column("due_on", &Obligation::due_on, {.in = kRequired}),
      Column("kind_ids", &Obligation::kind_ids),
      Column("depth", &Obligation::depth,
             {.about = "Số cấp dưới đơn vị ban hành: 1 là đơn vị trực thuộc, 0 là mọi cấp"}),
      Column("units_listed", &Obligation::units_listed, {.in = kServer}),
      Column("version", &Obligation::version, {.in = kServer})};
};

template <>
struct Schema<Assignment> {
  static constexpr std::string_view kTable = "assignments", kEntity = "assignment";
  static constexpr bool kVersioned = true, kHasCode = false;
  static bool Complete(const Assignment& a) { return a.complete(); }
  static constexpr auto kFields =
      std::tuple{Column("obligation_id", &Assignment::obligation_id, {.in = kRequired, .id = true}),
                 Column("unit_id", &Assignment::unit_id, {.in = kRequired, .id = true}),
                 Column("role", &Assignment::role),
                 Column("status", &Assignment::status),
                 Column("completed_on", &Assignment::completed_on),
                 Column("evidence", &Assignment::evidence),
                 Derive("complete", &Complete),
                 Column("version", &Assignment::version, {.in = kServer})};
};

template <>
struct Schema<Regime> {
  static constexpr std::string_view kTable = "regimes", kEntity = "regime";
  static constexpr bool kVersioned = true, kHasCode = true;
  static constexpr auto kFields =
      std::tuple{Column("code", &Regime::code, {.in = kRequired, .code = true}),
                 Column("name", &Regime::name, {.in = kRequired, .max_length = 300}),
                 Column("issuer_unit_id", &Regime::issuer_unit_id, {.in = kRequired, .id = true}),
                 Column("period_type", &Regime::period_type, {.in = kRequired}),
                 Column("due_days", &Regime::due_days),
                 Column("cutoff_days", &Regime::cutoff_days),
                 Column("kind_ids", &Regime::kind_ids),
                 Column("version", &Regime::version, {.in = kServer})};
};

template <>
struct Schema<Extension> {
  static constexpr std::string_view kTable = "extensions", kEntity = "extension";
  static constexpr bool kVersioned = true, kHasCode = false;
  static constexpr auto kFields =
      std::tuple{Column("regime_id", &Extension::regime_id, {.in = kRequired, .id = true}),
                 Column("unit_id", &Extension::unit_id, {.in = kRequired, .id = true}),
                 Column("period", &Extension::period, {.in = kRequired}),
                 Column("due_on", &Extension::due_on, {.in = kRequired}),
                 Column("reason", &Extension::reason, {.in = kRequired, .max_length = 2000}),
                 Column("version", &Extension::version, {.in = kServer})};
};

template <>
struct Schema<Report> {
  static constexpr std::string_view kTable = "reports", kEntity = "report";
  static constexpr bool kVersioned = true, kHasCode = false;
  static std::string PeriodLabel(const Report& r) { return r.period.LabelVi(); }
  static std::string_view StatusLabel(const Report& r) { return ReportStatusLabelVi(r.status); }
  static bool Locked(const Report& r) { return r.locked(); }
  static constexpr auto kFields = std::tuple{
      Column("unit_id", &Report::unit_id, {.in = kRequired, .id = true}),
      Column("period", &Report::period, {.in = kRequired}),
      Derive("period_label", &PeriodLabel),
      Column("document_id", &Report::document_id, {.id = true}),
      Column("regime_id", &Report::regime_id, {.id = true}),
      Column("status", &Report::status, {.in = kServer}),
      Derive("status_label", &StatusLabel),
      Derive("locked", &Locked),
      Embed("sections", &Report::sections),
      Column("submitted_at", &Report::submitted_at, {.in = kServer, .moment = true}),
      Column("reviewed_at", &Report::reviewed_at, {.in = kServer, .moment = true}),
      Column("reviewed_by", &Report::reviewed_by, {.in = kServer, .max_length = 200}),
      Column("review_comment", &Report::review_comment, {.in = kServer, .max_length = kLongText}),
      Column("version", &Report::version, {.in = kServer})};
};

template <>
struct Schema<Recommendation> {
  static constexpr std::string_view kTable = "recommendations", kEntity = "recommendation";
  static constexpr bool kVersioned = true, kHasCode = false;
  static constexpr auto kFields = std::tuple{
      Column("from_unit_id", &Recommendation::from_unit_id, {.in = kRequired, .id = true}),
      Column("to_unit_id", &Recommendation::to_unit_id, {.in = kRequired, .id = true}),
      Column("item_id", &Recommendation::item_id, {.id = true}),
      Column("title", &Recommendation::title,
             {.in = kRequired, .max_length = 1000, .example = "Đề nghị hỗ trợ kinh phí làm đường"}),
      Column("body", &Recommendation::body, {.max_length = 20'000}),
      Column("due_on", &Recommendation::due_on),
      Column("status", &Recommendation::status, {.in = kServer}),
      Column("answer", &Recommendation::answer, {.in = kServer, .max_length = kLongText}),
      Column("answered_at", &Recommendation::answered_at, {.in = kServer, .moment = true}),
      Column("closed_at", &Recommendation::closed_at, {.in = kServer, .moment = true}),
      Column("created_at", &Recommendation::created_at, {.in = kServer, .moment = true}),
      Column("version", &Recommendation::version, {.in = kServer})};
};

template <>
struct Schema<Notice> {
  static constexpr std::string_view kTable = "notices", kEntity = "notice";
  static constexpr bool kVersioned = true, kHasCode = false;
  static constexpr auto kFields = std::tuple{
      Column("unit_id", &Notice::unit_id, {.in = kRequired, .id = true}),
      Column("obligation_id", &Notice::obligation_id, {.id = true}),
      Column("regime_id", &Notice::regime_id, {.id = true}),
      Column("kind", &Notice::kind),
      Column("message", &Notice::message,
             {.max_length = 2000, .example = "Đề nghị hoàn thành nhiệm vụ trước ngày 31/03/2027"}),
      Column("sender", &Notice::sender, {.in = kServer}),
      Column("created_at", &Notice::created_at, {.in = kServer, .moment = true}),
      Column("read_at", &Notice::read_at, {.in = kServer, .moment = true}),
      Column("version", &Notice::version, {.in = kServer})};
};

template <>
struct Schema<Responsibility> {
  static constexpr std::string_view kTable = "responsibilities", kEntity = "responsibility";
  static constexpr bool kVersioned = true, kHasCode = false;
  static constexpr auto kFields = std::tuple{
      Column("person_id", &Responsibility::person_id, {.in = kRequired, .id = true}),
      Column("term_code", &Responsibility::term_code, {.in = kRequired, .max_length = 20}),
      Column("field_code", &Responsibility::field_code, {.max_length = 64}),
      Column("unit_id", &Responsibility::unit_id, {.id = true}),
      Column("note", &Responsibility::note, {.max_length = 1000}),
      Column("version", &Responsibility::version, {.in = kServer})};
};

template <>
struct Schema<Comment> {
  static constexpr std::string_view kTable = "comments", kEntity = "comment";
  static constexpr bool kVersioned = false, kHasCode = false;
  static constexpr auto kFields = std::tuple{
      Column("entity", &Comment::entity, {.in = kRequired, .code = true}),
      Column("entity_id", &Comment::entity_id, {.in = kRequired, .id = true}),
      Column("author", &Comment::author, {.in = kServer, .max_length = 200}),
      Column("body", &Comment::body,
             {.in = kRequired, .max_length = 20'000, .example = "Đề nghị bổ sung số liệu quý III"}),
      Column("created_at", &Comment::created_at, {.in = kServer, .moment = true})};
};

// The current version of a value lives in data_values beside its history; the store's value
// functions (not the generic ones) write it.
template <>
struct Schema<Value> {
  static constexpr std::string_view kTable = "data_values", kEntity = "value";
  static constexpr bool kVersioned = true, kHasCode = false;
  static constexpr auto kFields =
      std::tuple{Column("indicator_id", &Value::indicator_id, {.in = kRequired, .id = true}),
                 Column("unit_id", &Value::unit_id, {.in = kRequired, .id = true}),
                 Column("period", &Value::period, {.in = kRequired}),
                 Column("number", &Value::number,
                        {.json = "value", .about = "Giá trị số; null khi chưa có hoặc là chữ"}),
                 Column("text", &Value::text, {.max_length = kLongText}),
                 Column("comment", &Value::comment, {.max_length = kLongText}),
                 Column("report_id", &Value::report_id, {.id = true}),
                 Column("version", &Value::version, {.in = kServer}),
                 Column("entered_by", &Value::entered_by, {.in = kServer, .max_length = 200}),
                 Column("entered_at", &Value::entered_at, {.in = kServer, .moment = true})};
};

// Accounts: stored, never encoded as JSON by the generic codec (the hash stays in the store).
template <>
struct Schema<User> {
  static constexpr std::string_view kTable = "users", kEntity = "user";
  static constexpr bool kVersioned = true, kHasCode = false;
  static constexpr auto kFields = std::tuple{Column("login", &User::login, {.in = kRequired}),
                                             Column("name", &User::name),
                                             Column("email", &User::email, {.max_length = 254}),
                                             Column("person_id", &User::person_id),
                                             Column("password_hash", &User::password_hash),
                                             Column("disabled", &User::disabled),
                                             Column("created_at", &User::created_at),
                                             Column("version", &User::version, {.in = kServer})};
};

template <>
struct Schema<Grant> {
  static constexpr std::string_view kTable = "grants", kEntity = "grant";
  static constexpr bool kVersioned = false, kHasCode = false;
  static constexpr auto kFields =
      std::tuple{Column("user_id", &Grant::user_id), Column("role", &Grant::role),
                 Column("unit_id", &Grant::unit_id), Column("subtree", &Grant::subtree)};
};

}  // namespace nq::domain
