// DHIS2 dataValueSets JSON in and out. dataElement = indicator code, orgUnit = unit code (id
// scheme CODE), period = our period code, which is DHIS2's for years, halves ("2021S1"),
// quarters and months; terms ("2020T5") have no DHIS2 form. Only the default category option
// combination exists in nqtrack. The mapping is documented in docs/dhis2.md.
#pragma once

#include <boost/json/object.hpp>
#include <istream>
#include <string>
#include <vector>

#include "app/exchange/value_exchange.h"

namespace nq::app {

// Reads a dataValueSets document, fed to boost::json::stream_parser in chunks. Malformed JSON
// or a document without a "dataValues" array fails with invalid_argument. Records that cannot
// be mapped (wrong JSON types, missing fields, a category or attribute option combination
// other than the default, an id scheme other than CODE) add one error each to `errors`,
// pointer "/dataValues/12/categoryOptionCombo", and are left out of the result. The text (a
// request body) is held to the memory budget of formats::ParseJsonBody first.
// `hasher`, when given, is fed every byte read (the file hash an import records).
Result<std::vector<ValueRecord>> ParseDataValueSets(std::istream& in, std::vector<Error>& errors,
                                                    FileHasher* hasher = nullptr);
Result<std::vector<ValueRecord>> ParseDataValueSets(std::string_view text,
                                                    std::vector<Error>& errors);

// Parses and writes a dataValueSets document in `scope`: all or nothing (see ApplyRecords).
// `errors` may already hold the parse errors (any error fails the import); it ends with every
// bad record. Returns the number of values written.
Result<size_t> ImportDataValueSets(WriteScope& scope, const std::vector<ValueRecord>& records,
                                   std::vector<Error>& errors,
                                   const std::function<Status(domain::Id)>& authorize = nullptr,
                                   const ImportControl& control = {});

struct DataValueSetsExport {
  std::string json;
  size_t values = 0;
  size_t skipped_terms = 0;  // values of term periods, which DHIS2 cannot hold
};
// The current values of the subtree of `request.unit_id` within [from, to] as a dataValueSets
// document. A term as `from` or `to` fails with invalid_argument.
// Progress and cancellation as CollectValues.
// The JSON Schema of such a document: as written ("DataValueSets"), or as read
// ("DataValueSetsInput": values as text, numbers or true/false; period and orgUnit may sit at the
// top).
boost::json::object DataValueSetsSchema(bool input);

Result<DataValueSetsExport> WriteDataValueSets(Service& service, const ExportRequest& request,
                                               const WorkControl& control = {});

}  // namespace nq::app
