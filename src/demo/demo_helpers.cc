// The helpers the demo's tables are written with; each goes through the ordinary use cases.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "common/text.h"
#include "demo/demo_internal.h"
#include "storage/store.h"

namespace nq::app::demo {
namespace {

using namespace nq::domain;

[[noreturn]] void BadLiteral(std::string_view what, std::string_view text, const Error& error) {
  fmt::print(stderr, "demo: bad {} literal \"{}\": {}\n", what, text, error.message);
  std::abort();
}

Result<Id> Find(const std::map<std::string, Id, std::less<>>& rows, std::string_view entity,
                std::string_view code) {
  auto it = rows.find(code);
  if (it == rows.end()) {
    return MakeError(ErrorCode::kNotFound, "demo: {} \"{}\" not found", entity, code);
  }
  return it->second;
}

Result<Measure> ToMeasure(const Demo& demo, const MeasureSpec& spec) {
  Measure measure;
  NQ_TRY(measure.indicator_id, Find(demo.indicators, "indicator", spec.indicator));
  measure.baseline = spec.baseline;
  if (!spec.baseline_period.empty()) measure.baseline_period = Per(spec.baseline_period);
  measure.goal = spec.goal;
  measure.deadline = Per(spec.deadline);
  measure.direction = spec.direction;
  return measure;
}

}  // namespace

Date Day(std::string_view text) {
  auto date = Date::Parse(text);
  if (!date) BadLiteral("date", text, date.error());
  return *date;
}

Period Per(std::string_view code) {
  auto period = Period::Parse(code);
  if (!period) BadLiteral("period", code, period.error());
  return *period;
}

UnixMillis NoonOf(std::string_view day) {
  constexpr UnixMillis kDay = 86'400'000;
  constexpr UnixMillis kHour = 3'600'000;
  return Day(day).days() * kDay + (12 - 7) * kHour;
}

int Spread(int index, int salt, int low, int high) {
  // A multiplicative hash of (index, salt): fixed, and far from monotone in the index.
  const uint32_t mixed = (static_cast<uint32_t>(index) + 1u) * 2654435761u ^
                         (static_cast<uint32_t>(salt) + 1u) * 40503u;
  const uint32_t range = static_cast<uint32_t>(high - low + 1);
  return low + static_cast<int>((mixed >> 7) % range);
}

std::string Slug(std::string_view text) {
  std::string slug;
  for (char c : FoldForSearch(text)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug += c;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

Result<Id> KindId(const Demo& demo, std::string_view code) {
  return Find(demo.kinds, "unit kind", code);
}

Result<Id> UnitId(const Demo& demo, std::string_view code) {
  return Find(demo.units, "unit", code);
}

Result<Id> ItemId(const Demo& demo, std::string_view document_code, std::string_view item_code) {
  return Find(demo.items, "item", fmt::format("{}/{}", document_code, item_code));
}

Status AddUnit(Demo& demo, std::string code, std::string name, std::string short_name,
               std::string_view kind_code, std::optional<std::string_view> parent_code) {
  Unit unit;
  unit.code = std::move(code);
  unit.name = std::move(name);
  unit.short_name = std::move(short_name);
  NQ_TRY(unit.kind_id, KindId(demo, kind_code));
  unit.validity.valid_from = Day("2010-01-01");
  std::optional<Id> parent;
  if (parent_code) {
    NQ_TRY(parent, UnitId(demo, *parent_code));
  }
  NQ_TRY(Unit created, CreateUnit(demo.scope, std::move(unit), parent));
  demo.units.emplace(created.code, created.id);
  ++demo.units_created;
  return Ok();
}

Status AddDocument(Demo& demo, const DocumentSpec& spec) {
  Document document;
  document.code = std::string(spec.code);
  document.kind = spec.kind;
  document.number = std::string(spec.number);
  document.title = std::string(spec.title);
  NQ_TRY(document.issuer_unit_id, UnitId(demo, spec.issuer));
  if (!spec.issued_on.empty()) document.issued_on = Day(spec.issued_on);
  document.period_from = Per(spec.period_from);
  document.period_to = Per(spec.period_to);
  document.theme = std::string(spec.theme);
  NQ_TRY(Document created, CreateEntity(demo.scope, std::move(document)));
  demo.documents.emplace(created.code, created.id);
  ++demo.documents_created;
  return Ok();
}

Status AddItems(Demo& demo, std::string_view document_code, const std::vector<ItemSpec>& items) {
  NQ_TRY(Id document_id, Find(demo.documents, "document", document_code));
  for (const ItemSpec& spec : items) {
    Item item;
    item.document_id = document_id;
    item.kind = spec.kind;
    item.code = std::string(spec.code);
    item.title = std::string(spec.title);
    item.field_code = std::string(spec.field);
    if (!spec.parent.empty()) {
      NQ_TRY(item.parent_id, ItemId(demo, document_code, spec.parent));
    }
    item.ordinal = ++demo.next_ordinal[fmt::format("{}/{}", document_code, spec.parent)];
    if (spec.measure) {
      NQ_TRY(item.measure, ToMeasure(demo, *spec.measure));
    }
    if (!spec.unit.empty()) {
      NQ_TRY(item.unit_id, UnitId(demo, spec.unit));
    }
    NQ_TRY(Item created, CreateEntity(demo.scope, std::move(item)));
    demo.items.emplace(fmt::format("{}/{}", document_code, created.code), created.id);
    ++demo.items_created;
  }
  return Ok();
}

Status AddDeclaration(Demo& demo, std::string_view unit_code, const std::string& target,
                      std::string_view reason) {
  Declaration declaration;
  NQ_TRY(declaration.item_id, Find(demo.items, "item", target));
  NQ_TRY(declaration.unit_id, UnitId(demo, unit_code));
  declaration.reason = std::string(reason);
  NQ_TRY(Declaration created, CreateEntity(demo.scope, std::move(declaration)));
  (void)created;
  return Ok();
}

Status AddLinks(Demo& demo, const std::vector<LinkSpec>& links) {
  for (const LinkSpec& spec : links) {
    Link link;
    NQ_TRY(link.from_item_id, Find(demo.items, "item", spec.from));
    NQ_TRY(link.to_item_id, Find(demo.items, "item", spec.to));
    link.kind = spec.kind;
    link.share = spec.share;
    NQ_RETURN_IF_ERROR(CreateEntity(demo.scope, std::move(link)));
  }
  return Ok();
}

Status PutDemoValues(Demo& demo, std::string_view indicator_code,
                     const std::vector<ValueSpec>& values) {
  NQ_TRY(Id indicator_id, Find(demo.indicators, "indicator", indicator_code));
  std::vector<ValueInput> inputs;
  for (const ValueSpec& spec : values) {
    ValueInput input;
    input.indicator_id = indicator_id;
    NQ_TRY(input.unit_id, UnitId(demo, spec.unit));
    input.period = Per(spec.period);
    input.value = spec.value;
    inputs.push_back(std::move(input));
  }
  std::vector<RecordError> errors;
  NQ_RETURN_IF_ERROR(PutValues(demo.scope, inputs, errors));
  return Ok();
}

Result<Id> AddObligation(Demo& demo, Obligation obligation, std::string_view issuer,
                         std::optional<std::string_view> document_code,
                         const AssignmentPlan& plan) {
  NQ_TRY(obligation.issuer_unit_id, UnitId(demo, issuer));
  if (document_code) {
    NQ_TRY(obligation.document_id, Find(demo.documents, "document", *document_code));
  }
  NQ_TRY(auto created, CreateObligation(demo.scope, std::move(obligation), std::nullopt));
  auto& [stored, assignments] = created;
  for (size_t index = 0; index < assignments.size(); ++index) {
    NQ_TRY(Unit unit, storage::Get<Unit>(demo.scope.tx(), assignments[index].unit_id));
    std::optional<Assignment> update = plan(static_cast<int>(index), unit, assignments[index]);
    if (update) NQ_RETURN_IF_ERROR(UpdateAssignment(demo.scope, std::move(*update)));
  }
  demo.assignments_created += static_cast<int>(assignments.size());
  return stored.id;
}

}  // namespace nq::app::demo
