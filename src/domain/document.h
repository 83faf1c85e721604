// Guiding documents (resolutions, programs, plans) and the tree of items inside each.
#pragma once

#include <optional>
#include <string>

#include "domain/indicator.h"

namespace nq::domain {

enum class DocumentKind {
  kResolution,     // nghị quyết
  kActionProgram,  // chương trình hành động
  kPlan,           // kế hoạch
  kProject,        // đề án
  kDirective,      // chỉ thị
  kConclusion,     // kết luận
  kWorkProgram,    // chương trình làm việc
};

enum class ItemKind {
  kGoal,          // mục tiêu
  kTarget,        // chỉ tiêu
  kKeyProgram,    // chương trình trọng tâm
  kBreakthrough,  // khâu đột phá
  kKeyTask,       // nhiệm vụ trọng tâm
  kSolution,      // giải pháp
  kKeyWork,       // công trình trọng điểm
  kTask,          // nhiệm vụ
};

// A target goes up (raise), down (lower) or must reach a level and stay (reach).
enum class Direction { kRaise, kLower, kReach };

// How a lower item concretizes an upper one.
enum class LinkKind { kIdentical, kAllocatedShare, kContributes, kSupports, kLocalized };

std::string_view DocumentKindName(DocumentKind kind);
std::string_view DocumentKindLabelVi(DocumentKind kind);
std::string_view ItemKindName(ItemKind kind);
std::string_view ItemKindLabelVi(ItemKind kind);
std::string_view DirectionName(Direction direction);
std::string_view LinkKindName(LinkKind kind);
Result<DocumentKind> ParseDocumentKind(std::string_view name);
Result<ItemKind> ParseItemKind(std::string_view name);
Result<Direction> ParseDirection(std::string_view name);
Result<LinkKind> ParseLinkKind(std::string_view name);

struct Document {
  Id id = 0;
  std::string code;  // "nq-dh23-ba-thuoc"
  DocumentKind kind = DocumentKind::kResolution;
  std::string number;  // "01-NQ/HU"
  std::string title;
  Id issuer_unit_id = 0;
  std::optional<Date> issued_on;
  Period period_from = Period::Year(2020);  // the span it governs; a term is one period
  Period period_to = Period::Year(2025);
  std::string theme;  // chủ đề năm
  int64_t version = 1;
};

// The measure of a target item: where it starts, where it must get to and by when.
struct Measure {
  Id indicator_id = 0;
  std::optional<double> baseline;
  std::optional<Period> baseline_period;
  double goal = 0;
  Period deadline = Period::Year(2025);
  Direction direction = Direction::kRaise;
};

struct Item {
  Id id = 0;
  Id document_id = 0;
  std::optional<Id> parent_id;  // within the same document
  ItemKind kind = ItemKind::kTarget;
  int ordinal = 0;   // order among siblings
  std::string code;  // "CT1", "DP2"
  std::string title;
  std::string field_code;  // lĩnh vực: "kinh-te", "xay-dung-dang"…; may be empty
  std::optional<Measure> measure;
  std::optional<Id> unit_id;  // the unit the target is measured over; default: the issuer
  int64_t version = 1;
};

// Lower item `from_item_id` concretizes upper item `to_item_id`.
struct Link {
  Id id = 0;
  Id from_item_id = 0;
  Id to_item_id = 0;
  LinkKind kind = LinkKind::kContributes;
  std::optional<double> share;  // the allocated quota, for kAllocatedShare
};

// A subordinate unit's declaration that a superior's target does not apply to it, and why.
// Concretizing is the subordinate's act: its items link up to the superior's (Link), and a
// target it will not carry down it declares here. A declaration speaks for its own unit only:
// another unit's coverage of the same target never changes with it.
struct Declaration {
  Id id = 0;
  Id item_id = 0;  // the superior's target
  Id unit_id = 0;  // the declaring unit, below the target's issuer
  std::string reason;
  int64_t version = 1;
};

}  // namespace nq::domain
