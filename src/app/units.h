// Units as a principal sees them: the search, one unit with its path, children and history,
// and a new unit under a parent.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/access.h"
#include "app/service.h"

namespace nq::app {

// A unit as lists show it, as of a date.
struct UnitSummary {
  domain::Unit unit;
  std::optional<domain::UnitKind> kind;
  std::optional<domain::Id> parent_id;
  bool open = false;
  std::optional<Date> closed_on;  // the first day it was no longer open, when before as_of
};

struct UnitSearch {
  std::optional<domain::Id> parent_id;  // its subordinates as of `as_of` only
  std::optional<domain::Id> kind_id;
  std::string query;  // ignores diacritics and case; finds closed units too
  bool include_closed = false;
  int64_t limit = 100;
  Date as_of;
};

struct UnitList {
  std::vector<UnitSummary> items;  // at most `limit`, best matches first
  size_t count = 0;                // every match
};

// The units the principal may read that match `search`. invalid_argument naming "q" when the
// query is not valid UTF-8. An unknown parent lists nothing, like one out of sight.
Result<UnitList> SearchUnits(Service& service, const Principal& principal,
                             const UnitSearch& search);

struct UnitView {
  UnitSummary summary;
  std::vector<domain::Unit> path;     // the readable units from the root down to it
  std::vector<UnitSummary> children;  // the readable ones
  std::vector<domain::UnitVersion> history;
  Date as_of;
};

// The unit with id or code `key`; not_found when missing or out of sight. Without `as_of`, a
// unit closed by today is shown as it stood on its last open day.
Result<UnitView> ViewUnit(Service& service, const Principal& principal, std::string_view key,
                          std::optional<Date> as_of);

// The id of the unit with id or code `key`; not_found naming it when there is none.
Result<domain::Id> ResolveUnitId(Service& service, std::string_view key);

// A unit under `parent_id` (administration over the parent needed). A new root is refused with
// permission_denied: it would lie outside every grant, so nobody could see it afterwards.
// Reply 201: the unit with its "parent_id".
Result<Reply> CreateUnitAs(Service& service, const Principal& principal, const Actor& actor,
                           std::string_view fingerprint, const domain::Unit& unit,
                           std::optional<domain::Id> parent_id);

}  // namespace nq::app
