#include "api/structure_json.h"

#include <boost/json.hpp>

#include "api/figures_json.h"
#include "app/derived_items.h"
#include "app/figures_text.h"
#include "domain/registry.h"
#include "engine/structure.h"
#include "formats/codec.h"

namespace nq::api {

namespace json = boost::json;
using domain::Id;
using domain::Lineage;

namespace {

json::array ChangesJson(const std::vector<const Lineage*>& events) {
  json::array changes;
  for (const Lineage* event : events) {
    changes.push_back(json::object{{"lineage_id", event->id},
                                   {"kind", domain::LineageKindName(event->kind)},
                                   {"date", event->date.ToString()}});
  }
  return changes;
}

}  // namespace

void AddStructureAsOf(json::object& out, const engine::Engine& engine, Id unit_id,
                      const std::optional<domain::Period>& period, Date as_of,
                      std::optional<Date> today) {
  out["structure_as_of"] = as_of.ToString();
  out["structure_label"] = app::StructureLabelVi(as_of);
  out["structure_label_en"] = app::StructureLabelEn(as_of);
  if (!period) return;
  const engine::StructureNote note =
      engine::NoteFor(engine, *engine.structure(), unit_id, *period, as_of, today);
  if (note.changes.empty() && note.later_changes.empty()) return;
  if (!note.changes.empty()) out["structure_changes"] = ChangesJson(note.changes);
  if (!note.later_changes.empty()) out["later_changes"] = ChangesJson(note.later_changes);
  out["structure_note"] = app::StructureNoteVi(note);
  out["structure_note_en"] = app::StructureNoteEn(note);
}

void AddTargetLineage(json::object& out, const engine::Engine& engine, Id item_id, Date as_of) {
  out["derived_from"] = nullptr;
  json::array rebased;
  for (app::DerivedItem& derived : app::DerivedItems(*engine.structure())) {
    const bool origin = derived.item_id == item_id;
    const bool successor = derived.from_item_id == item_id;
    derived.entry["lineage_id"] = derived.lineage_id;
    derived.entry["date"] = derived.date.ToString();
    if (origin) out["derived_from"] = derived.entry;
    if (!successor) continue;
    if (auto progress = engine.Progress(derived.item_id, as_of)) {
      derived.entry["progress"] = ProgressJson(*progress);
    }
    rebased.push_back(std::move(derived.entry));
  }
  out["rebased"] = std::move(rebased);
}

namespace sc = formats::schema;

std::vector<sc::Member> StructureMembers() {
  const sc::Schema changes =
      sc::ArrayOf(sc::Object({{"lineage_id", sc::PositiveId()},
                              {"kind", sc::OneOf(domain::EnumNameList<domain::LineageKind>())},
                              {"date", sc::DateText()}}));
  return {{"structure_as_of", sc::DateText("Ngày của địa giới hành chính mà số liệu dùng")},
          {"structure_label", sc::Example(sc::Text(), "theo địa giới hành chính ngày 31/12/2024")},
          {"structure_label_en", sc::Text()},
          sc::Optional("structure_changes", changes),
          sc::Optional("later_changes", changes),
          sc::Optional("structure_note", sc::Text("Các lần sắp xếp trong kỳ")),
          sc::Optional("structure_note_en", sc::Text())};
}

sc::Schema DerivedTargetSchema() {
  return sc::Object({{"lineage_id", sc::PositiveId()},
                     {"date", sc::DateText()},
                     {"item_id", sc::PositiveId()},
                     {"from_item_id", sc::PositiveId()},
                     sc::Optional("unit_id", sc::PositiveId()),
                     sc::Optional("share", sc::Number()),
                     sc::Optional("rule", sc::OneOf({"shared", "kept"})),
                     sc::Optional("baseline", NumberSchema()),
                     sc::Optional("goal", sc::Number())},
                    "Chỉ tiêu tính lại cho đơn vị kế thừa khi sắp xếp tổ chức");
}

std::vector<sc::Member> TargetLineageMembers(sc::Schema rebased) {
  return {{"derived_from", sc::Nullable(sc::Named("DerivedTarget", DerivedTargetSchema()))},
          {"rebased", sc::ArrayOf(std::move(rebased))}};
}

}  // namespace nq::api
