// The engine's live data laid out for scanning: the numbers of one indicator for one period as
// one column (parallel arrays sorted by unit index), and the assignments of one obligation as
// one compact array. Both are immutable once published; a write copies what it touches and
// publishes a new version, so readers holding the old one are never blocked nor disturbed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "domain/obligation.h"
#include "domain/period.h"

namespace nq::engine::internal {

using domain::Id;
using domain::Period;

// Unit indexes inside columns: positions in the engine's id-ordered unit table.
using UnitIndex32 = uint32_t;

// The current numbers of one indicator for one period, by unit index, ascending.
struct Column {
  std::vector<UnitIndex32> units;
  std::vector<double> numbers;

  size_t size() const { return units.size(); }
  // The number of `unit`, or nullptr when it has none.
  const double* Find(UnitIndex32 unit) const;
  size_t Bytes() const { return units.capacity() * sizeof(UnitIndex32) + numbers.capacity() * 8; }
};

using ColumnPtr = std::shared_ptr<const Column>;
using PeriodColumns = std::map<Period, ColumnPtr>;

// One change of a number: set when `number` is present, removed when absent.
struct NumberChange {
  size_t indicator = 0;  // dense indicator index
  UnitIndex32 unit = 0;
  Period period = Period::Year(2021);
  std::optional<double> number;
};

// Every column of every indicator (by dense indicator index). Copy-on-write: Apply returns a
// new index sharing every column it did not touch.
class ValueIndex final {
 public:
  explicit ValueIndex(size_t indicator_count) : by_indicator_(indicator_count) {}

  // The column of an indicator for a period; nullptr when it has no numbers.
  const Column* Find(size_t indicator, const Period& period) const;
  const PeriodColumns* Periods(size_t indicator) const;

  // A new index with the changes applied in order (a later change to the same cell wins).
  std::shared_ptr<const ValueIndex> Apply(std::span<const NumberChange> changes) const;

  size_t value_count() const { return value_count_; }
  size_t Bytes() const;

 private:
  std::vector<std::shared_ptr<const PeriodColumns>> by_indicator_;
  size_t value_count_ = 0;
};

// An assignment as the completeness figures need it.
struct CompactAssignment {
  Id id = 0;
  UnitIndex32 unit = 0;      // kNoUnit32 when the unit is unknown
  int32_t completed_on = 0;  // days; meaningful when `complete`
  bool complete = false;     // done with a date and evidence
  bool not_applicable = false;
};

inline constexpr UnitIndex32 kNoUnit32 = UINT32_MAX;

// The assignments of one obligation, by assignment id, ascending.
using AssignmentColumn = std::vector<CompactAssignment>;

// Every obligation's assignments (by obligation id). Copy-on-write like ValueIndex.
class AssignmentIndex final {
 public:
  const AssignmentColumn* Find(Id obligation_id) const;
  // A new index with the assignments put, each under its obligation id, replacing the same
  // assignment ids. An assignment that is new to its obligation is looked for under the others
  // (a move) by a scan, which is rare: assignments are created with their obligation.
  std::shared_ptr<const AssignmentIndex> Apply(
      std::span<const std::pair<Id, CompactAssignment>> by_obligation) const;
  size_t count() const { return count_; }

 private:
  std::map<Id, std::shared_ptr<const AssignmentColumn>> by_obligation_;
  size_t count_ = 0;
  Id max_id_ = 0;  // ids above it are under no obligation yet: no need to look for a move
};

}  // namespace nq::engine::internal
