// The mutations of the spine, each run inside a WriteScope (one transaction with its audit).
// Every function validates its input and references first and changes nothing on error.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/service.h"
#include "formats/codec.h"

namespace nq::app {

// Generic create/update/delete with audit, for the entities with a table. References are
// checked (invalid_argument naming the field), codes are unique (already_exists), updates
// check `row.version` against the stored one (aborted on mismatch).
template <typename T>
Result<T> CreateEntity(WriteScope& scope, T row);
template <typename T>
Result<T> UpdateEntity(WriteScope& scope, T row);
template <typename T>
Status DeleteEntity(WriteScope& scope, domain::Id id, std::optional<int64_t> expected_version);

// A unit with its parent from `valid_from` on (none: a root).
Result<domain::Unit> CreateUnit(WriteScope& scope, domain::Unit unit,
                                std::optional<domain::Id> parent_id);

// One value of a batch as sent.
struct ValueInput {
  domain::Id indicator_id = 0;
  domain::Id unit_id = 0;
  domain::Period period = domain::Period::Year(2021);
  json::value value;  // number, boolean (yes/no) or string (text)
  std::string comment;
  std::optional<domain::Id> report_id;
};

// One rejected record of a batch.
struct RecordError {
  size_t index = 0;
  Error error;
};

// Writes every value or none. On any bad record fails with invalid_argument (or
// failed_precondition for a locked period) and fills `errors` with one entry per bad record.
// `authorize`, when given, is asked for each record's unit and may refuse it.
Result<std::vector<domain::Value>> PutValues(
    WriteScope& scope, const std::vector<ValueInput>& inputs, std::vector<RecordError>& errors,
    const std::function<Status(domain::Id unit_id)>& authorize = nullptr);

// Creates an obligation and its assignments: for `unit_ids` when given (the obligation then
// says its units were listed), otherwise for every unit it reaches (UnitsInReach in
// app/duty_reach.h: by default the issuer's direct subordinates open on the issue or the due
// date whose kind is in `kind_ids`, all kinds when empty). invalid_argument naming "/depth" for
// a depth out of range. A task: `unit_ids` lead (chủ trì, every assignment of an obligation
// without coordinating units), `coordinating_unit_ids` coordinate (phối hợp); these need at
// least one lead unit ("/unit_ids") and a unit may be named once in the two lists together
// (invalid_argument naming the later entry, "/coordinating_unit_ids/2").
Result<std::pair<domain::Obligation, std::vector<domain::Assignment>>> CreateObligation(
    WriteScope& scope, domain::Obligation obligation,
    const std::optional<std::vector<domain::Id>>& unit_ids,
    const std::vector<domain::Id>& coordinating_unit_ids = {});

// Updates status, date and evidence of an assignment (done needs evidence).
Result<domain::Assignment> UpdateAssignment(WriteScope& scope, domain::Assignment assignment);

Result<domain::Report> CreateReport(WriteScope& scope, domain::Report report);
// Edits the narrative of a draft or returned report (failed_precondition when locked).
Result<domain::Report> UpdateReportSections(WriteScope& scope, domain::Id report_id,
                                            int64_t expected_version,
                                            const domain::ReportSections& sections);
// submit / accept / return / reopen, by the workflow rules.
Result<domain::Report> TransitionReport(WriteScope& scope, domain::Id report_id,
                                        domain::ReportAction action, const std::string& comment,
                                        std::optional<int64_t> expected_version);

Result<domain::Recommendation> AnswerRecommendation(WriteScope& scope, domain::Id id,
                                                    const std::string& answer,
                                                    std::optional<int64_t> expected_version);
Result<domain::Recommendation> CloseRecommendation(WriteScope& scope, domain::Id id,
                                                   std::optional<int64_t> expected_version);

}  // namespace nq::app
