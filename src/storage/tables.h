// Table<T>: how each entity maps to its table's columns. Private to storage/.
#pragma once

#include <string_view>

#include "domain/access.h"
#include "storage/store.h"

namespace nq::storage {

// Each specialization provides:
//   kTable, kEntity     table and entity names
//   kColumns            the columns after `id`, comma-separated, in ToParams order
//   kVersioned          whether the last column is `version` and updates check it
//   kHasCode            whether a unique `code` column exists
//   ToParams(row)       values for kColumns
//   FromRow(row)        the entity from `id, kColumns…`
template <typename T>
struct Table;

#define NQ_DECLARE_TABLE(Type, table, entity, columns, versioned, has_code) \
  template <>                                                               \
  struct Table<Type> {                                                      \
    static constexpr std::string_view kTable = table;                       \
    static constexpr std::string_view kEntity = entity;                     \
    static constexpr std::string_view kColumns = columns;                   \
    static constexpr bool kVersioned = versioned;                           \
    static constexpr bool kHasCode = has_code;                              \
    static SqlParams ToParams(const Type& row);                             \
    static Result<Type> FromRow(const Row& row);                            \
  }

NQ_DECLARE_TABLE(domain::UnitKind, "unit_kinds", "unit_kind", "code, name, name_en, level", false,
                 true);
NQ_DECLARE_TABLE(domain::Unit, "units", "unit",
                 "code, name, short_name, kind_id, valid_from, valid_to, version", true, true);
NQ_DECLARE_TABLE(domain::UnitVersion, "unit_versions", "unit_version",
                 "unit_id, parent_id, valid_from, valid_to", false, false);
NQ_DECLARE_TABLE(domain::Term, "terms", "term", "code, name, period", false, true);
NQ_DECLARE_TABLE(domain::Field, "fields", "field", "code, name", false, true);
NQ_DECLARE_TABLE(domain::Person, "people", "person", "name, position, unit_id, version", true,
                 false);
NQ_DECLARE_TABLE(domain::Indicator, "indicators", "indicator",
                 "code, name, value_type, unit_aggregation, time_aggregation, period_type, "
                 "measure_unit, decimals, numerator_id, denominator_id, factor, version",
                 true, true);
NQ_DECLARE_TABLE(domain::Document, "documents", "document",
                 "code, kind, number, title, issuer_unit_id, issued_on, period_from, period_to, "
                 "theme, version",
                 true, true);
NQ_DECLARE_TABLE(domain::Item, "items", "item",
                 "document_id, parent_id, kind, ordinal, code, title, field_code, indicator_id, "
                 "baseline, baseline_period, goal, deadline, direction, unit_id, not_applicable, "
                 "version",
                 true, false);
NQ_DECLARE_TABLE(domain::Link, "links", "link", "from_item_id, to_item_id, kind, share", false,
                 false);
NQ_DECLARE_TABLE(domain::Obligation, "obligations", "obligation",
                 "code, title, issuer_unit_id, document_id, item_id, issued_on, due_on, kind_ids, "
                 "version",
                 true, true);
NQ_DECLARE_TABLE(domain::Assignment, "assignments", "assignment",
                 "obligation_id, unit_id, role, status, completed_on, evidence, version", true,
                 false);
NQ_DECLARE_TABLE(domain::Report, "reports", "report",
                 "unit_id, period, document_id, status, results, shortcomings, causes, "
                 "next_tasks, recommendations, submitted_at, reviewed_at, reviewed_by, "
                 "review_comment, version",
                 true, false);
NQ_DECLARE_TABLE(domain::Recommendation, "recommendations", "recommendation",
                 "from_unit_id, to_unit_id, item_id, title, body, due_on, status, answer, "
                 "answered_at, closed_at, created_at, version",
                 true, false);
NQ_DECLARE_TABLE(domain::Responsibility, "responsibilities", "responsibility",
                 "person_id, term_code, field_code, unit_id, note", false, false);
NQ_DECLARE_TABLE(domain::Comment, "comments", "comment",
                 "entity, entity_id, author, body, created_at", false, false);

NQ_DECLARE_TABLE(domain::User, "users", "user",
                 "login, name, person_id, password_hash, disabled, created_at, version", true,
                 false);
NQ_DECLARE_TABLE(domain::Grant, "grants", "grant", "user_id, role, unit_id, subtree", false, false);

#undef NQ_DECLARE_TABLE

// "a, b, c" → "?, ?, ?": the placeholders of an INSERT of `columns`.
std::string Placeholders(std::string_view columns);

// The columns of data_values that make a Value, in ValueFromRow's order.
inline constexpr std::string_view kValueColumns =
    "id, indicator_id, unit_id, period, number, text, comment, report_id, version, entered_by, "
    "entered_at";
// The Value of a row that starts with kValueColumns; internal for a corrupt period.
Result<domain::Value> ValueFromRow(const Row& row);

// Evidence travels as a JSON object in one column.
std::string EvidenceToJson(const domain::Evidence& evidence);
Result<domain::Evidence> EvidenceFromJson(std::string_view json);

}  // namespace nq::storage
