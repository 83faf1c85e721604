// Internal to the reorganisation (reorg*.cc): the state of one batch being applied and the
// helpers its operations share. Not part of the service's API.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/figures_text.h"  // DateVi
#include "app/reorg/reorg.h"
#include "domain/document.h"
#include "storage/store.h"

namespace nq::app::reorg {

using domain::Id;
using domain::Unit;
using domain::UnitVersion;

// A unit that closes and the successors that take over from it.
struct Closing {
  Unit unit;
  std::vector<Id> successors;
  std::optional<Id> carry_to;  // who takes rows dated after the change
};

class Batch final {
 public:
  Batch(WriteScope& scope, const ReorgAuthorize& authorize, const ReorgSees& sees)
      : scope_(scope), authorize_(authorize), sees_(sees) {}

  storage::Transaction& tx() { return scope_.tx(); }
  WriteScope& scope() { return scope_; }
  ReorgResult& result() { return result_; }

  // The operation being applied and its JSON pointer ("/operations/2").
  void Begin(size_t index) { index_ = index; }
  std::string Pointer(std::string_view field = "") const;
  // invalid_argument about `field` of the current operation.
  template <typename... Args>
  std::unexpected<Error> Invalid(std::string_view field, fmt::format_string<Args...> format,
                                 Args&&... args) const {
    std::string pointer = Pointer(field);
    return std::unexpected(Error{ErrorCode::kInvalidArgument,
                                 fmt::format(format, std::forward<Args>(args)...), pointer});
  }

  // A unit by id or code; invalid_argument naming `field` when there is none.
  Result<Unit> Resolve(std::string_view key, std::string_view field);
  Result<domain::UnitKind> ResolveKind(std::string_view key, std::string_view field);
  Status Authorize(Id unit_id, std::string_view what);

  // The unit's versions (its parent over time), by start date.
  Result<std::vector<UnitVersion>> VersionsOf(Id unit_id);
  // The parent the unit has on `date`; nullopt for none (a root, or no version covers it).
  Result<std::optional<Id>> ParentAt(Id unit_id, Date date);
  // Units open on `date` whose parent on `date` is `unit_id`.
  Result<std::vector<Unit>> ChildrenAt(Id unit_id, Date date);
  // True when `unit_id` is `ancestor_id` or lies below it on `date`.
  Result<bool> IsWithin(Id unit_id, Id ancestor_id, Date date);

  // Checks that `unit` is open on `date`, opened before it, and has no change after it.
  Status RequireChangeable(const Unit& unit, Date date, std::string_view field);
  // Checks that `unit` is open on `date` (as a parent or a target).
  Status RequireOpen(const Unit& unit, Date date, std::string_view field);

  // Tree changes, each audited.
  Result<Unit> CreateUnit(const NewUnit& spec, Date date, std::optional<Id> default_parent,
                          std::string_view field);
  Status SetParentFrom(const Unit& unit, Date date, std::optional<Id> parent);
  Status CloseUnit(const Unit& unit, Date date);
  Result<domain::Lineage> Record(domain::LineageKind kind, Date date, std::vector<Id> sources,
                                 std::vector<Id> targets, const std::string& note,
                                 json::object details);
  // Rewrites the details of an event this batch recorded.
  Status UpdateDetails(const domain::Lineage& lineage, const json::object& details);

  // Data following lineage (reorg_carry.cc): rows of `closing.unit` dated on or after `date`
  // go to its carrier, or the batch fails when there is none; duties due from `date` on become
  // not applicable and pass to the carrier.
  Status FollowData(const Closing& closing, Date date, json::object& details);
  // Target items measured over the closing unit and still running are derived for each
  // successor (reorg_rebase.cc).
  Status Rebase(const Closing& closing, Date date, json::object& details);

  void Note(std::string action, std::string entity, Id entity_id, std::string text_vi,
            std::string text_en);

  // The units this batch opened or moved, with the day they entered their new place: they take
  // on the duties in reach there once the whole batch is applied (decision 0012).
  const std::vector<std::pair<Id, Date>>& entered() const { return entered_; }

 private:
  WriteScope& scope_;
  const ReorgAuthorize& authorize_;
  const ReorgSees& sees_;
  ReorgResult result_;
  size_t index_ = 0;
  std::vector<Id> created_;  // units this batch opened, authorised through their superior
  std::vector<std::pair<Id, Date>> entered_;
};

// The label of a unit in messages: "Đảng bộ xã Lũng Cao (ba-thuoc-lung-cao)".
std::string Label(const Unit& unit);

// The operations themselves (reorg_ops.cc).
Status ApplyRename(Batch& batch, const ReorgOperation& op);
Status ApplyMove(Batch& batch, const ReorgOperation& op);
Status ApplyMerge(Batch& batch, const ReorgOperation& op);
Status ApplySplit(Batch& batch, const ReorgOperation& op);
Status ApplyClose(Batch& batch, const ReorgOperation& op);
Status ApplyOpen(Batch& batch, const ReorgOperation& op);

}  // namespace nq::app::reorg
