// JSON forms of the domain entities, shared by the HTTP API, the bundle export/import and the
// audit's before/after images. Decoders validate and name the offending field.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "domain/entities.h"
#include "formats/json_reader.h"

namespace nq::formats {

json::value ToJson(const domain::UnitKind& kind);
json::value ToJson(const domain::Unit& unit);
json::value ToJson(const domain::UnitVersion& version);
json::value ToJson(const domain::Lineage& lineage);
// The lineage's details as an object; an empty one when they are not a JSON object.
json::object LineageDetailsJson(const domain::Lineage& lineage);
json::value ToJson(const domain::Term& term);
json::value ToJson(const domain::Field& field);
json::value ToJson(const domain::Person& person);
json::value ToJson(const domain::Indicator& indicator);
json::value ToJson(const domain::Value& value);
json::value ToJson(const domain::Document& document);
json::value ToJson(const domain::Item& item);
json::value ToJson(const domain::Link& link);
json::value ToJson(const domain::Obligation& obligation);
json::value ToJson(const domain::Evidence& evidence);
json::value ToJson(const domain::Assignment& assignment);
json::value ToJson(const domain::Report& report);
json::value ToJson(const domain::Recommendation& recommendation);
json::value ToJson(const domain::Responsibility& responsibility);
json::value ToJson(const domain::Comment& comment);
json::value ToJson(const domain::Declaration& declaration);
json::value ToJson(const domain::Regime& regime);
json::value ToJson(const domain::Extension& extension);
json::value ToJson(const domain::Notice& notice);
json::value PeriodJson(const domain::Period& period);  // {"code","label","label_en"}

// The JSON Schemas (2020-12) of these forms, derived from the same registry entries as the
// codec, each Named for the API's description (formats/json_schema.h): AnswerSchema<Unit> is
// "Unit", what ToJson writes; CreateSchema "UnitCreate" and PatchSchema "UnitPatch", what
// FromJson reads.
template <typename T>
json::object AnswerSchema();
template <typename T>
json::object CreateSchema();
template <typename T>
json::object PatchSchema();
json::object PeriodJsonSchema();  // "PeriodLabel"
json::object EvidenceSchema();
json::object LineageSchema();
json::object ReportSectionsSchema();  // a report's narrative, as answered

// The stored form of a record, as a bundle holds it: every stored member, the server's too,
// periods as codes, no derived labels or flags.
template <typename T>
json::value ToStoredJson(const T& row);
// Reads a stored record: every member as it was stored, required as the store requires it
// (`version` 1 or more); nothing is filled in. The entity's own rules still apply.
template <typename T>
Status FromStoredJson(const json::value& in, T& out);

// Decoders fill `out` from a JSON object. Fields absent from the object keep the values `out`
// already holds when `partial` is true (PATCH-like updates); otherwise required fields must be
// present. Errors: invalid_argument naming the field. References are checked by the service.
Status FromJson(const json::value& in, domain::UnitKind& out, bool partial = false);
Status FromJson(const json::value& in, domain::Unit& out, bool partial = false);
Status FromJson(const json::value& in, domain::Term& out, bool partial = false);
Status FromJson(const json::value& in, domain::Field& out, bool partial = false);
Status FromJson(const json::value& in, domain::Person& out, bool partial = false);
Status FromJson(const json::value& in, domain::Indicator& out, bool partial = false);
Status FromJson(const json::value& in, domain::Document& out, bool partial = false);
Status FromJson(const json::value& in, domain::Item& out, bool partial = false);
Status FromJson(const json::value& in, domain::Link& out, bool partial = false);
Status FromJson(const json::value& in, domain::Obligation& out, bool partial = false);
Status FromJson(const json::value& in, domain::Evidence& out, bool partial = false);
Status FromJson(const json::value& in, domain::Assignment& out, bool partial = false);
Status FromJson(const json::value& in, domain::ReportSections& out, bool partial = false);
Status FromJson(const json::value& in, domain::Recommendation& out, bool partial = false);
Status FromJson(const json::value& in, domain::Responsibility& out, bool partial = false);
Status FromJson(const json::value& in, domain::Comment& out, bool partial = false);
Status FromJson(const json::value& in, domain::Declaration& out, bool partial = false);
Status FromJson(const json::value& in, domain::Regime& out, bool partial = false);
Status FromJson(const json::value& in, domain::Extension& out, bool partial = false);
Status FromJson(const json::value& in, domain::Notice& out, bool partial = false);

}  // namespace nq::formats
