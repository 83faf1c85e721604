// Units (party organisations, communes, agencies) and how the tree changes over time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/date.h"

namespace nq::domain {

using Id = int64_t;
using nq::Date;

// A kind of unit is data, not an enum: "đảng bộ xã, thị trấn", "cơ quan, doanh nghiệp"…
struct UnitKind {
  Id id = 0;
  std::string code;  // "xa-thi-tran"
  std::string name;  // Vietnamese, NFC
  std::string name_en;
  int level = 0;  // 0 nation, 1 province, 2 district, 3 commune/agency, 4 grassroots
};

// The validity of a unit: open from `valid_from`, closed after `valid_to` (inclusive) if set.
struct Validity {
  Date valid_from;
  std::optional<Date> valid_to;
  bool Covers(Date date) const { return valid_from <= date && (!valid_to || date <= *valid_to); }
};

struct Unit {
  Id id = 0;
  std::string code;        // stable, URL-safe: "ba-thuoc"
  std::string name;        // "Huyện ủy Bá Thước"
  std::string short_name;  // "Bá Thước"
  Id kind_id = 0;
  Validity validity;
  int64_t version = 1;  // bumped on every update; the ETag
};

// The parent of a unit over an interval. A root has no parent.
struct UnitVersion {
  Id id = 0;
  Id unit_id = 0;
  std::optional<Id> parent_id;
  Validity validity;
};

enum class LineageKind { kMerge, kSplit, kRename, kMove, kCreate, kClose };
std::string_view LineageKindName(LineageKind kind);

// A reorganisation event: sources became targets on `date` (the first day of the new state).
// A rename or a move has the unit on both sides; a create has no source; a close lists the
// successors that take over the closed unit's duties, if any.
struct Lineage {
  Id id = 0;
  LineageKind kind = LineageKind::kMerge;
  Date date;
  std::vector<Id> source_unit_ids;
  std::vector<Id> target_unit_ids;
  std::string note;
  // JSON object: what the event changed — names before and after, parents, the rows carried to
  // a successor, the target items derived for successors. "{}" when there is nothing to say.
  std::string details = "{}";
};

}  // namespace nq::domain
