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
  bool terms = true;  // false for DHIS2, which has no multi-year period
};
inline constexpr RecordFormat kCsvFormat{};
inline constexpr RecordFormat kDhis2Format{"dataElement", "orgUnit", "period", "value", false};

// Progress and cancellation of a long import. `cancelled` is read between batches;
// `progress(done, total)` is called after each batch. Both may be empty.
struct ImportControl {
  std::function<void(size_t done, size_t total)> progress;
  const std::atomic<bool>* cancelled = nullptr;
  size_t batch_size = 5000;
};

// Resolves codes, periods and value types of `records` and writes them with PutValues inside
// `scope`, in batches. All or nothing: on any bad record fails with invalid_argument (or
// permission_denied / failed_precondition as PutValues does) and `errors` holds one error per
// bad record, its field a pointer such as "/dataValues/12/value"; the caller's transaction must
// then be rolled back (Service::Mutate does). A set cancellation flag fails with aborted.
// `authorize` is asked for each record's unit. Returns the number of values written.
Result<size_t> ApplyRecords(WriteScope& scope, const std::vector<ValueRecord>& records,
                            const RecordFormat& format, std::vector<Error>& errors,
                            const std::function<Status(domain::Id unit_id)>& authorize = nullptr,
                            const ImportControl& control = {});

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
