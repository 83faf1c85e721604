// Reorganisation of the unit tree: rename, move, merge, split, close and open, each effective
// from a date and recorded as lineage, applied as one batch, all or nothing. History is kept:
// closed units keep their values, assignments and reports; rows dated after the change are
// carried to a successor; duties a dissolved unit could no longer meet become not applicable;
// targets measured over a closed unit are re-based onto its successors as derived items.
#pragma once

#include <boost/json/array.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/service.h"

namespace nq::app {

enum class ReorgKind { kRename, kMove, kMerge, kSplit, kClose, kOpen };
std::string_view ReorgKindName(ReorgKind kind);

// A unit an operation creates. Units are named by id or by code; a unit created by an earlier
// operation of the batch is named by its code.
struct NewUnit {
  std::string code;
  std::string name;
  std::string short_name;
  std::string kind;    // unit kind, by id or code
  std::string parent;  // empty: the parent of the (first) source; "-" for a root
};

// One unit an operation leads into: an existing one (`existing`) or a new one.
struct UnitTarget {
  std::string existing;
  std::optional<NewUnit> create;
};

struct ReorgOperation {
  ReorgKind kind = ReorgKind::kRename;
  Date date;                       // the first day of the new state
  std::vector<std::string> units;  // the unit (rename, move, split, close) or the sources (merge)
  std::string name;                // rename
  std::string short_name;          // rename; empty: unchanged
  std::string parent;              // move: the new parent
  std::vector<UnitTarget> into;    // merge: one; split: several; close: successors (existing)
  std::optional<NewUnit> open;     // open
  // split, close with several successors: the one that takes the values, reports and duties
  // dated after the change. A merge carries to its target; a sole successor is the default.
  std::string carry_to;
  // split: which successor takes each subordinate still open (child → successor).
  std::vector<std::pair<std::string, std::string>> children;
  std::string note;
};

// One thing a batch changed, for people: "Đảng bộ xã Lũng Cao: đóng từ 01/07/2025".
struct ReorgChange {
  size_t operation = 0;  // index in the batch
  std::string action;    // "create_unit", "close_unit", "set_parent", "rename", "carry_value",
                         // "carry_report", "not_applicable", "carry_assignment", "derive_target"
  std::string entity;    // "unit", "unit_version", "value", "report", "assignment", "item"
  domain::Id entity_id = 0;
  std::string text_vi;
  std::string text_en;
};

struct ReorgResult {
  std::vector<domain::Lineage> lineages;  // one per operation, in order
  std::vector<ReorgChange> changes;
};

// Asked once per unit an operation touches (sources, targets, parents old and new); may refuse.
using ReorgAuthorize = std::function<Status(domain::Id unit_id, std::string_view what)>;
// True when the unit is in the caller's sight. A unit named by the batch that is not is refused
// exactly like one that does not exist, before anything about it (its dates, its parent) is
// said.
using ReorgSees = std::function<bool(domain::Id unit_id)>;

// Applies the operations in order inside `scope`. Any error — an unknown unit, a date before a
// unit opened or not after its last change, a cycle, a merge into a unit's own descendant, a
// split or close that would leave values or reports after the date with nobody to carry them,
// subordinates left without a superior — fails the whole batch (invalid_argument or
// failed_precondition with the field as a JSON pointer: "/operations/2/into"); the caller's
// transaction then changes nothing. `authorize` and `sees` may be null (system use).
Result<ReorgResult> ApplyReorganisation(WriteScope& scope,
                                        const std::vector<ReorgOperation>& operations,
                                        const ReorgAuthorize& authorize,
                                        const ReorgSees& sees = {});

// Decodes a batch: {"operations": [{"op": "merge", "date": "2025-07-01", …}, …]} (see
// docs/decisions/0006-reorganisation.md). invalid_argument names the field by JSON pointer.
Result<std::vector<ReorgOperation>> DecodeReorganisation(const json::value& body);
// The JSON Schema of such a batch ("Reorganisation"), with "dry_run".
json::object ReorganisationSchema();

// The reply of a batch: the lineage events and the changes, for the API and the CLI.
json::object ReorgResultJson(const ReorgResult& result, bool dry_run);
json::object ReorgResultSchema();  // its JSON Schema ("ReorgResult")

}  // namespace nq::app
