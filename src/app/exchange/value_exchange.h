// Values exchanged as files (DHIS2 dataValueSets, CSV): the records as read, the one path that
// resolves their codes and writes them through PutValues, and the rows of an export.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "app/use_cases.h"
#include "common/work_control.h"

namespace nq::app {

// One value as a file gives it: codes and text, and where it sits in the file for errors.
struct ValueRecord {
  std::string indicator_code;
  std::string unit_code;
  std::string period;
  std::string value;
  bool value_is_number = false;  // a JSON number rather than a string
  std::string comment;
  std::string pointer;  // "/dataValues/12" or "/rows/13"
};

// How a format names its fields in error pointers, and whether it has a form for terms.
struct RecordFormat {
  std::string_view indicator = "indicator_code";
  std::string_view unit = "unit_code";
  std::string_view period = "period";
  std::string_view value = "value";
  bool terms = true;              // false for DHIS2, which has no multi-year period
  std::string_view name = "csv";  // as the import's batch and audit record name it
};
inline constexpr RecordFormat kCsvFormat{};
inline constexpr RecordFormat kDhis2Format{"dataElement", "orgUnit", "period",
                                           "value",       false,     "dhis2"};

// Progress and cancellation of a long import. `cancelled` is read between batches;
// `progress(done, total)` is called after each batch written. Both may be empty. `file_hash`
// (FileHash) is recorded with the import.
struct ImportControl {
  std::function<void(size_t done, size_t total)> progress;
  const std::atomic<bool>* cancelled = nullptr;
  size_t batch_size = 50000;
  std::string file_hash;
};

// Checks every record against the indicators, units and accepted reports read once in
// `scope` (indicator and unit codes known, the indicator not computed, the period's type the
// indicator's, the unit open in the period, the value of the indicator's type, the period not
// locked by an accepted report, each key once) and against `authorize` (asked once per unit),
// then writes them all as one batch with storage::StartValueBulk, in chunks of
// `control.batch_size`. All or nothing: on any bad record nothing is written and the import
// fails with invalid_argument (permission_denied or failed_precondition when a record was
// refused for those), `errors` holding one error per bad record, its field a pointer such as
// "/dataValues/12/value"; the caller's transaction must be rolled back on any failure
// (Service::Mutate does). A set cancellation flag fails with aborted. Audited as one record
// (action "import", entity "value_batch", its id the batch id that every written version
// carries: storage::BatchValues lists them). Returns the number of values written.
Result<size_t> ApplyRecords(WriteScope& scope, const std::vector<ValueRecord>& records,
                            const RecordFormat& format, std::vector<Error>& errors,
                            const std::function<Status(domain::Id unit_id)>& authorize = nullptr,
                            const ImportControl& control = {});

// The hash an import records of its file: "blake2b-256:" and 64 hex digits.
std::string FileHash(std::string_view bytes);
// The same, fed in pieces.
class FileHasher final {
 public:
  FileHasher();
  void Update(std::string_view bytes);
  std::string Final();

 private:
  alignas(64) unsigned char state_[384];
};

// The current values of a unit's subtree for the periods lying within [from, to], by
// indicator, unit and period code. Errors: not_found for an unknown unit, invalid_argument
// when `to` ends before `from` starts.
struct ExportRequest {
  domain::Id unit_id = 0;
  domain::Period from = domain::Period::Year(2021);
  domain::Period to = domain::Period::Year(2021);
};
// Reports progress ("values", per thousand values read) to `control` and fails with aborted
// when it is cancelled.
Result<std::vector<ValueRecord>> CollectValues(Service& service, const ExportRequest& request,
                                               const WorkControl& control = {});

// The error list of a failed import as JSON: [{"pointer", "detail"}], at most `limit`.
json::array ErrorsJson(const std::vector<Error>& errors, size_t limit = 1000);

}  // namespace nq::app
