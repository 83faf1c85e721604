// The JSON form of a reorganisation batch, shared by the API and the command line. Units are
// named by code (a string) or id (a number); a new unit is an object.
#include <boost/json.hpp>

#include "app/reorg/reorg.h"
#include "formats/json_reader.h"
#include "formats/json_schema.h"

namespace nq::app {

std::string_view ReorgKindName(ReorgKind kind) {
  switch (kind) {
    case ReorgKind::kRename:
      return "rename";
    case ReorgKind::kMove:
      return "move";
    case ReorgKind::kMerge:
      return "merge";
    case ReorgKind::kSplit:
      return "split";
    case ReorgKind::kClose:
      return "close";
    case ReorgKind::kOpen:
      return "open";
  }
  return "?";
}

namespace {

Result<ReorgKind> ParseReorgKind(std::string_view name) {
  for (ReorgKind kind : {ReorgKind::kRename, ReorgKind::kMove, ReorgKind::kMerge, ReorgKind::kSplit,
                         ReorgKind::kClose, ReorgKind::kOpen}) {
    if (ReorgKindName(kind) == name) return kind;
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   "operation \"{}\" is not one of: rename, move, merge, split, close, open", name);
}

// A unit named by code or id; empty and an error recorded on `r` otherwise.
std::string UnitKey(formats::ObjectReader& r, std::string_view key, const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_int64() && value.get_int64() > 0) return std::to_string(value.get_int64());
  r.Fail(key, fmt::format("field \"{}\" must name a unit by code or id, got {}", r.PointerTo(key),
                          formats::JsonTypeName(value)));
  return "";
}

Result<NewUnit> DecodeNewUnit(const json::value& value, const std::string& pointer) {
  NQ_TRY(formats::ObjectReader r, formats::ObjectReader::Of(value, pointer));
  NewUnit unit;
  r.Code("code", unit.code)
      .Text("name", unit.name)
      .Text("short_name", unit.short_name, formats::Need::kOptional, 400);
  if (const json::value* kind = r.Member("kind")) unit.kind = UnitKey(r, "kind", *kind);
  if (unit.kind.empty())
    r.Fail("kind", fmt::format("field \"{}\" is required", r.PointerTo("kind")));
  if (const json::value* parent = r.Member("parent")) {
    unit.parent = UnitKey(r, "parent", *parent);
  } else if (value.as_object().contains("parent")) {
    unit.parent = "-";  // explicit null: a root
  }
  NQ_RETURN_IF_ERROR(r.Finish());
  return unit;
}

Result<UnitTarget> DecodeTarget(formats::ObjectReader& r, std::string_view key,
                                const json::value& value, const std::string& pointer) {
  if (value.is_object()) {
    NQ_TRY(NewUnit unit, DecodeNewUnit(value, pointer));
    return UnitTarget{"", std::move(unit)};
  }
  return UnitTarget{UnitKey(r, key, value), std::nullopt};
}

Status DecodeTargets(formats::ObjectReader& r, std::string_view key, ReorgOperation& op) {
  const json::value* into = r.Member(key);
  if (!into) return Ok();
  const std::string pointer = r.PointerTo(key);
  if (!into->is_array()) {
    NQ_TRY(UnitTarget target, DecodeTarget(r, key, *into, pointer));
    op.into.push_back(std::move(target));
    return Ok();
  }
  for (size_t index = 0; index < into->as_array().size(); ++index) {
    NQ_TRY(UnitTarget target,
           DecodeTarget(r, key, into->as_array()[index], fmt::format("{}/{}", pointer, index)));
    op.into.push_back(std::move(target));
  }
  return Ok();
}

Result<ReorgOperation> DecodeOperation(const json::value& value, const std::string& pointer) {
  NQ_TRY(formats::ObjectReader r, formats::ObjectReader::Of(value, pointer));
  ReorgOperation op;
  r.Enum("op", op.kind, ParseReorgKind).Date("date", op.date);
  r.Text("note", op.note, formats::Need::kOptional, 4000);
  NQ_RETURN_IF_ERROR(r.Finish());
  if (const json::value* unit = r.Member("unit")) {
    if (op.kind == ReorgKind::kOpen) {
      NQ_TRY(op.open, DecodeNewUnit(*unit, r.PointerTo("unit")));
    } else {
      op.units.push_back(UnitKey(r, "unit", *unit));
    }
  }
  if (const json::value* units = r.Member("units")) {
    if (!units->is_array()) {
      r.Fail("units", fmt::format("field \"{}\" must be an array", r.PointerTo("units")));
    } else {
      for (const json::value& unit : units->as_array())
        op.units.push_back(UnitKey(r, "units", unit));
    }
  }
  switch (op.kind) {
    case ReorgKind::kRename:
      r.Text("name", op.name).Text("short_name", op.short_name, formats::Need::kOptional, 400);
      break;
    case ReorgKind::kMove:
      if (const json::value* parent = r.Member("parent")) {
        op.parent = UnitKey(r, "parent", *parent);
      } else if (value.as_object().contains("parent")) {
        op.parent = "-";
      } else {
        r.Fail("parent", fmt::format("field \"{}\" is required", r.PointerTo("parent")));
      }
      break;
    case ReorgKind::kMerge:
    case ReorgKind::kSplit:
      NQ_RETURN_IF_ERROR(DecodeTargets(r, "into", op));
      break;
    case ReorgKind::kClose:
      NQ_RETURN_IF_ERROR(DecodeTargets(r, "successors", op));
      break;
    case ReorgKind::kOpen:
      break;
  }
  if (const json::value* carry = r.Member("carry_to")) op.carry_to = UnitKey(r, "carry_to", *carry);
  if (const json::value* children = r.Member("children")) {
    if (!children->is_object()) {
      r.Fail("children", fmt::format("field \"{}\" must be an object (subordinate → successor)",
                                     r.PointerTo("children")));
    } else {
      for (const auto& member : children->as_object()) {
        op.children.emplace_back(std::string(member.key()), UnitKey(r, "children", member.value()));
      }
    }
  }
  NQ_RETURN_IF_ERROR(r.Finish());
  return op;
}

}  // namespace

Result<std::vector<ReorgOperation>> DecodeReorganisation(const json::value& body) {
  NQ_TRY(formats::ObjectReader r, formats::ObjectReader::Of(body));
  const json::value* list = r.Member("operations");
  if (!list || !list->is_array() || list->as_array().empty()) {
    return FieldError("/operations", "field \"/operations\" must be a non-empty array");
  }
  if (list->as_array().size() > 5000) {
    return FieldError("/operations", "field \"/operations\" holds {} operations; at most 5000",
                      list->as_array().size());
  }
  std::vector<ReorgOperation> operations;
  for (size_t index = 0; index < list->as_array().size(); ++index) {
    NQ_TRY(ReorgOperation op,
           DecodeOperation(list->as_array()[index], fmt::format("/operations/{}", index)));
    operations.push_back(std::move(op));
  }
  return operations;
}

json::object ReorganisationSchema() {
  namespace sc = formats::schema;
  const sc::Schema key = sc::UnitKey();
  const sc::Schema new_unit =
      sc::Named("NewUnit", sc::Object({{"code", sc::Example(sc::Text(), "xa-dien-lu")},
                                       {"name", sc::Example(sc::Text(), "Đảng bộ xã Điền Lư")},
                                       sc::Optional("short_name", sc::Text()),
                                       {"kind", key},
                                       sc::Optional("parent", sc::Nullable(key))}));
  const sc::Schema target = sc::Schema{{"anyOf", json::array{key, new_unit}}};
  const sc::Schema targets = sc::Schema{{"anyOf", json::array{target, sc::ArrayOf(target)}}};
  std::vector<std::string_view> kinds;
  for (ReorgKind kind : {ReorgKind::kRename, ReorgKind::kMove, ReorgKind::kMerge, ReorgKind::kSplit,
                         ReorgKind::kClose, ReorgKind::kOpen}) {
    kinds.push_back(ReorgKindName(kind));
  }
  sc::Schema children = sc::Object({}, "Đơn vị trực thuộc (mã) → đơn vị kế thừa");
  children["additionalProperties"] = key;
  sc::Schema operation = sc::Object(
      {{"op", sc::OneOf(kinds, "Đổi tên, chuyển, sáp nhập, chia tách, giải thể, thành lập")},
       {"date", sc::DateText("Ngày có hiệu lực")},
       sc::Optional("note", sc::Example(sc::Text(), "Theo Nghị quyết 1686/NQ-UBTVQH15")),
       sc::Optional("unit", sc::Schema{{"anyOf", json::array{key, new_unit}}}),
       sc::Optional("units", sc::ArrayOf(key)),
       sc::Optional("name", sc::Text()),
       sc::Optional("short_name", sc::Text()),
       sc::Optional("parent", sc::Nullable(key)),
       sc::Optional("into", targets),
       sc::Optional("successors", targets),
       sc::Optional("carry_to", key),
       sc::Optional("children", std::move(children))});
  sc::Schema operations = sc::ArrayOf(std::move(operation));
  operations["minItems"] = 1;
  operations["maxItems"] = 5000;
  return sc::Named("Reorganisation",
                   sc::Object({{"operations", std::move(operations)},
                               sc::Optional("dry_run", sc::Boolean("true: chỉ thử"))}));
}

}  // namespace nq::app
