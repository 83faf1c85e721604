// Routes for the live figures: indicator, obligation and target roll-ups and cascade coverage.
// Every figure comes with the rows behind it.
#include <charconv>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "api/app.h"
#include "api/crud.h"
#include "api/figures_json.h"
#include "api/structure_json.h"
#include "app/reorg/reorg_views.h"
#include "app/rollups.h"

namespace nq::api {
namespace {

using namespace nq::domain;

json::object CountsJson(const engine::CompletenessCounts& c) {
  return json::object{{"expected", c.expected}, {"done", c.done},       {"on_time", c.on_time},
                      {"late", c.late},         {"overdue", c.overdue}, {"pending", c.pending}};
}

json::object StateJson(const engine::AssignmentState& s) {
  return json::object{{"assignment_id", s.assignment_id},
                      {"unit_id", s.unit_id},
                      {"kind_id", s.kind_id},
                      {"done", s.done},
                      {"on_time", s.on_time},
                      {"overdue", s.overdue},
                      {"effective_due", s.effective_due.ToString()},
                      {"completed_on", s.completed_on ? json::value(s.completed_on->ToString())
                                                      : json::value(nullptr)}};
}

json::object IndicatorJson(const engine::IndicatorRollup& r) {
  json::array rows;
  for (const engine::ValueRow& row : r.rows) {
    rows.push_back(json::object{
        {"unit_id", row.unit_id}, {"period", row.period.ToString()}, {"value", row.number}});
  }
  return json::object{{"indicator_id", r.indicator_id},
                      {"unit_id", r.unit_id},
                      {"period", formats::PeriodJson(r.period)},
                      {"value", NumberJson(r.value)},
                      {"numerator", NumberJson(r.numerator)},
                      {"denominator", NumberJson(r.denominator)},
                      {"units_reporting", r.units_reporting},
                      {"units_in_subtree", r.units_in_subtree},
                      {"rows", std::move(rows)}};
}

// The query of an indicator roll-up: indicator_id, unit_id and period, all required, as of a
// date on which the caller may read the unit.
Result<app::IndicatorQuery> ReadIndicatorQuery(const Call& call) {
  app::IndicatorQuery query;
  NQ_TRY(query.indicator, call.RequiredQueryId("indicator_id"));
  NQ_TRY(query.unit, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(std::optional<Period> period, call.QueryPeriod("period"));
  if (!period) return FieldError("period", "query parameter \"period\" is required");
  query.period = *period;
  NQ_TRY(std::optional<Date> given, call.ExplicitAsOf());
  const Date as_of = app::FigureDate(call.service(), query.unit, query.period, given);
  NQ_TRY(query.as_of, app::ReadableAsOf(call.service(), call.principal(), query.unit, as_of));
  return query;
}

Result<HttpResponse> IndicatorRollup(const Call& call) {
  NQ_TRY(app::IndicatorQuery query, ReadIndicatorQuery(call));
  NQ_TRY(app::IndicatorFigures figures,
         app::RollupIndicatorAs(call.service(), call.principal(), query));
  json::object out = IndicatorJson(figures.total);
  json::array children;
  for (const engine::IndicatorRollup& part : figures.children) {
    json::object entry = IndicatorJson(part);
    entry.erase("rows");
    children.push_back(std::move(entry));
  }
  out["children"] = std::move(children);
  // comparable=true: the figure rebuilt onto the unit as it is today, from the units merged
  // whole into it (docs/structure-rule.md, rule 6).
  if (call.QueryText("comparable").value_or("") == "true") {
    app::SeriesQuery series{query.indicator, query.unit, true,
                            [&query](const Indicator&) -> Result<std::vector<Period>> {
                              return std::vector<Period>{query.period};
                            }};
    NQ_TRY(app::SeriesView view, app::SeriesAs(call.service(), call.principal(), series));
    const engine::ComparablePoint& point = view.points.front();
    json::array from;
    for (Id id : point.from_unit_ids) from.push_back(id);
    out["comparable"] = json::object{{"value", NumberJson(point.value)},
                                     {"numerator", NumberJson(point.numerator)},
                                     {"denominator", NumberJson(point.denominator)},
                                     {"units_reporting", point.units_reporting},
                                     {"rebuilt", point.rebuilt},
                                     {"from_unit_ids", std::move(from)}};
  }
  out["as_of"] = query.as_of.ToString();
  AddStructureAsOf(out, call.service().engine(), query.unit, query.period, query.as_of,
                   call.service().Today());
  return JsonResponse(200, out);
}

// Depth of a tree roll-up: how many levels below the unit; 1 unless asked, at most 10.
Result<int> QueryDepth(const Call& call) {
  constexpr int kMaxDepth = 10;
  const std::optional<std::string> text = call.QueryText("depth");
  if (!text) return 1;
  int depth = -1;
  const std::string& raw = *text;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), depth);
  if (ec != std::errc() || end != raw.data() + raw.size() || depth < 0 || depth > kMaxDepth) {
    return FieldError("depth",
                      "query parameter \"depth\" must be a whole number from 0 to {}, not \"{}\"",
                      kMaxDepth, raw);
  }
  return depth;
}

// Answers of the tree roll-up by their query, each kept with the engine version it was computed
// under: while no write has been published since, the same query gets the same bytes without
// being computed again. Access is checked on every request before the cache is looked at.
class TreeAnswers final {
 public:
  std::shared_ptr<const std::string> Find(const std::string& key, uint64_t version) {
    std::lock_guard lock(mutex_);
    auto it = answers_.find(key);
    if (it == answers_.end() || it->second.first != version) return nullptr;
    return it->second.second;
  }
  void Put(const std::string& key, uint64_t version, std::shared_ptr<const std::string> body) {
    std::lock_guard lock(mutex_);
    if (answers_.size() >= kCapacity) answers_.clear();
    answers_[key] = {version, std::move(body)};
  }

 private:
  static constexpr size_t kCapacity = 256;
  std::mutex mutex_;
  std::unordered_map<std::string, std::pair<uint64_t, std::shared_ptr<const std::string>>> answers_;
};

TreeAnswers& Answers() {
  static TreeAnswers answers;
  return answers;
}

std::string TreeKey(const app::IndicatorQuery& query, int depth) {
  const auto& [indicator, unit, period, as_of] = query;
  return fmt::format("{}/{}/{}/{}/{}", indicator, unit, period.ToString(), depth, as_of.ToString());
}

HttpResponse KeptAnswer(std::shared_ptr<const std::string> body) {
  HttpResponse response;
  response.shared_body = std::move(body);
  return response;
}

// The tree roll-up's answer when it is kept for the engine's version and its query needs nothing
// from the store (the unit given by id): the same checks of the query and of access as
// TreeRollup, and any refusal left to it.
std::optional<HttpResponse> KeptTreeRollup(const Call& call) {
  if (auto unit = call.QueryId("unit_id"); !unit || !*unit) return std::nullopt;
  const uint64_t version = call.service().engine().Version();
  auto query = ReadIndicatorQuery(call);
  auto depth = QueryDepth(call);
  if (!query || !depth) return std::nullopt;
  auto kept = Answers().Find(TreeKey(*query, *depth), version);
  if (!kept) return std::nullopt;
  return KeptAnswer(std::move(kept));
}

// The figure of every unit from `unit_id` down `depth` levels, in one pass over the numbers:
// the national dashboard's table. Readable units only (grants cover whole subtrees, so all of
// them when the root is readable).
Result<HttpResponse> TreeRollup(const Call& call) {
  NQ_TRY(app::IndicatorQuery query, ReadIndicatorQuery(call));
  NQ_TRY(int depth, QueryDepth(call));
  const auto& [indicator, unit, period, as_of] = query;
  // The version is read before computing: an answer is never kept under a later version.
  const uint64_t version = call.service().engine().Version();
  const std::string key = TreeKey(query, depth);
  if (auto cached = Answers().Find(key, version)) return KeptAnswer(std::move(cached));
  NQ_TRY(auto tree, app::RollupTree(call.service(), query, depth));
  json::array units;
  units.reserve(tree.figures.size());
  for (size_t i = 0; i < tree.figures.size(); ++i) {
    const engine::UnitFigure& f = tree.figures[i];
    units.push_back(json::object{{"unit_id", f.unit_id},
                                 {"code", tree.labels[i].first},
                                 {"name", tree.labels[i].second},
                                 {"depth", f.depth},
                                 {"value", NumberJson(f.value)},
                                 {"numerator", NumberJson(f.numerator)},
                                 {"denominator", NumberJson(f.denominator)},
                                 {"units_reporting", f.units_reporting},
                                 {"units_in_subtree", f.units_in_subtree}});
  }
  HttpResponse response = JsonResponse(200, json::object{{"indicator_id", indicator},
                                                         {"unit_id", unit},
                                                         {"period", formats::PeriodJson(period)},
                                                         {"as_of", as_of.ToString()},
                                                         {"structure_as_of", as_of.ToString()},
                                                         {"depth", depth},
                                                         {"units", std::move(units)}});
  response.shared_body = std::make_shared<const std::string>(std::move(response.body));
  response.body.clear();
  Answers().Put(key, version, response.shared_body);
  return response;
}

// Completeness of an obligation for every unit from `unit_id` down `depth` levels.
Result<HttpResponse> CompletenessTree(const Call& call) {
  NQ_TRY(Id obligation, call.RequiredQueryId("obligation_id"));
  NQ_TRY(Id unit, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(int depth, QueryDepth(call));
  NQ_TRY(Date asked, call.AsOfFor(unit));
  NQ_TRY(Date as_of, app::ReadableAsOf(call.service(), call.principal(), unit, asked));
  NQ_TRY(auto tree, app::CompletenessTree(call.service(), obligation, unit, as_of, depth));
  json::array units;
  for (size_t i = 0; i < tree.figures.size(); ++i) {
    const engine::UnitCompleteness& f = tree.figures[i];
    json::object entry = CountsJson(f.counts);
    entry["unit_id"] = f.unit_id;
    entry["code"] = tree.labels[i].first;
    entry["name"] = tree.labels[i].second;
    entry["depth"] = f.depth;
    units.push_back(std::move(entry));
  }
  return JsonResponse(200, json::object{{"obligation_id", obligation},
                                        {"unit_id", unit},
                                        {"as_of", as_of.ToString()},
                                        {"depth", depth},
                                        {"units", std::move(units)}});
}

using NameMap = std::map<Id, std::pair<std::string, std::string>>;

const std::pair<std::string, std::string>& NameOf(const NameMap& names, Id id) {
  static const std::pair<std::string, std::string> kNone;
  auto it = names.find(id);
  return it == names.end() ? kNone : it->second;
}

Result<HttpResponse> ObligationRollup(const Call& call) {
  NQ_TRY(Id obligation, call.RequiredQueryId("obligation_id"));
  NQ_TRY(Id unit, call.RequiredQueryUnit("unit_id"));
  NQ_TRY(Date as_of, call.AsOfFor(unit));
  NQ_TRY(app::ObligationFigures figures,
         app::RollupObligationAs(call.service(), call.principal(), obligation, unit, as_of));
  const engine::ObligationRollup& rollup = figures.rollup;
  auto named = [&](json::object state) {
    Id id = state.at("unit_id").as_int64();
    state["unit_code"] = NameOf(figures.unit_names, id).first;
    state["unit_name"] = NameOf(figures.unit_names, id).second;
    return state;
  };
  json::array by_kind;
  std::string summary_parts;
  for (const engine::KindCounts& k : rollup.by_kind) {
    const auto& [kind_code, kind_name] = NameOf(figures.kind_names, k.kind_id);
    json::object entry = CountsJson(k.counts);
    entry["kind_id"] = k.kind_id;
    entry["kind_code"] = kind_code;
    entry["kind_name"] = kind_name;
    by_kind.push_back(std::move(entry));
    summary_parts +=
        fmt::format("{}{} {}", summary_parts.empty() ? "" : " + ", k.counts.done, kind_name);
  }
  json::array not_done;
  for (const auto& s : rollup.not_done) not_done.push_back(named(StateJson(s)));
  json::array assignments;
  for (const auto& s : rollup.assignments) assignments.push_back(named(StateJson(s)));
  json::array children;
  for (const app::ObligationFigures::Child& child : figures.children) {
    json::object entry = CountsJson(child.counts);
    entry["unit_id"] = child.unit_id;
    children.push_back(named(std::move(entry)));
  }
  const engine::CompletenessCounts& total = rollup.total;
  json::object out{
      {"obligation_id", rollup.obligation_id},
      {"unit_id", rollup.unit_id},
      {"as_of", rollup.as_of.ToString()},
      {"total", CountsJson(total)},
      {"summary", fmt::format("{}/{} ({})", total.done, total.expected, summary_parts)},
      {"by_kind", std::move(by_kind)},
      {"not_done", std::move(not_done)},
      {"children", std::move(children)},
      {"assignments", std::move(assignments)}};
  AddStructureAsOf(out, call.service().engine(), unit, std::nullopt, as_of);
  return JsonResponse(200, out);
}

Result<HttpResponse> TargetRollup(const Call& call) {
  NQ_TRY(Id item, call.RequiredQueryId("item_id"));
  NQ_TRY(std::optional<Date> given, call.ExplicitAsOf());
  NQ_TRY(Date as_of, call.AsOf());
  NQ_TRY(app::TargetFigures figures,
         app::TargetProgressAs(call.service(), call.principal(), item, as_of, given.has_value()));
  const engine::TargetProgress& p = figures.progress;
  json::array series;
  for (const engine::SeriesPoint& point : p.series) {
    json::object entry = formats::PeriodJson(point.period).as_object();
    entry["value"] = NumberJson(point.value);
    series.push_back(std::move(entry));
  }
  json::object out = ProgressJson(p);
  out["series"] = std::move(series);
  out["as_of"] = figures.as_of.ToString();
  AddStructureAsOf(out, call.service().engine(), p.unit_id, std::nullopt,
                   app::TargetStructureDate(p, figures.as_of));
  AddTargetLineage(out, call.service().engine(), item, figures.judged_on);
  return JsonResponse(200, out);
}

Result<HttpResponse> CoverageRollup(const Call& call) {
  NQ_TRY(Id upper, call.RequiredQueryId("upper_document_id"));
  NQ_TRY(Id lower, call.RequiredQueryId("lower_document_id"));
  NQ_TRY(app::CoverageFigures figures,
         app::CoverageAs(call.service(), call.principal(), upper, lower));
  const engine::Coverage& coverage = figures.coverage;
  auto describe = [&](Id id) {
    const auto& [code, title] = NameOf(figures.items, id);
    return json::object{{"item_id", id}, {"code", code}, {"title", title}};
  };
  json::array entries;
  for (const engine::CoverageEntry& e : coverage.entries) {
    json::object entry = describe(e.upper_item_id);
    entry["not_applicable"] = e.not_applicable;
    json::array lower_items;
    for (Id id : e.lower_item_ids) lower_items.push_back(describe(id));
    entry["covered"] = !e.lower_item_ids.empty();
    entry["lower_items"] = std::move(lower_items);
    entries.push_back(std::move(entry));
  }
  json::array uncovered;
  for (Id id : coverage.uncovered) uncovered.push_back(describe(id));
  json::object out{{"upper_document_id", coverage.upper_document_id},
                   {"lower_document_id", coverage.lower_document_id},
                   {"upper_targets", coverage.upper_targets},
                   {"covered", coverage.covered},
                   {"not_applicable", coverage.not_applicable},
                   {"entries", std::move(entries)},
                   {"uncovered", std::move(uncovered)}};
  return JsonResponse(200, out);
}

// The cascade matrix: a row per target of the document, a column per direct subordinate of its
// issuer the caller reads, each cell covered (with the subordinate's items), not applicable
// (with the declaration's reason) or missing; counts per target and per subordinate.
Result<HttpResponse> CascadeRollup(const Call& call) {
  NQ_TRY(Id document, call.RequiredQueryId("document_id"));
  NQ_TRY(std::optional<Date> as_of, call.ExplicitAsOf());
  NQ_TRY(app::CascadeFigures figures,
         app::CascadeAs(call.service(), call.principal(), document, as_of));
  const engine::CascadeMatrix& m = figures.matrix;
  auto counts = [](const engine::CoverCounts& c) {
    return json::object{
        {"covered", c.covered}, {"not_applicable", c.not_applicable}, {"missing", c.missing}};
  };
  auto item_json = [&](Id id) {
    const domain::Item& item = figures.items.at(id);
    return json::object{{"item_id", id}, {"code", item.code}, {"title", item.title}};
  };
  json::array units;
  for (size_t u = 0; u < m.units.size(); ++u) {
    const domain::Unit& unit = figures.units.at(m.units[u]);
    json::object entry = counts(m.by_unit[u]);
    entry["unit_id"] = unit.id;
    entry["code"] = unit.code;
    entry["short_name"] = unit.short_name;
    units.push_back(std::move(entry));
  }
  json::array targets;
  for (size_t t = 0; t < m.targets.size(); ++t) {
    json::object entry = item_json(m.targets[t]);
    entry["counts"] = counts(m.by_target[t]);
    json::array cells;
    for (size_t u = 0; u < m.units.size(); ++u) {
      const engine::CascadeCell& cell = m.at(t, u);
      json::object out{{"unit_id", m.units[u]}, {"cover", engine::CoverName(cell.cover)}};
      json::array lower;
      for (Id id : cell.lower_item_ids) lower.push_back(item_json(id));
      out["lower_items"] = std::move(lower);
      if (cell.declaration_id) {
        const domain::Declaration& d = figures.declarations.at(*cell.declaration_id);
        out["declaration"] = json::object{{"id", d.id}, {"reason", d.reason}};
      }
      cells.push_back(std::move(out));
    }
    entry["cells"] = std::move(cells);
    targets.push_back(std::move(entry));
  }
  json::object out{{"document_id", m.document_id},
                   {"issuer_unit_id", m.issuer_unit_id},
                   {"as_of", m.as_of.ToString()},
                   {"units", std::move(units)},
                   {"targets", std::move(targets)}};
  return JsonResponse(200, out);
}

// ---- The schemas of these answers, beside their encoders.

namespace sc = formats::schema;

// The query ReadIndicatorQuery reads.
Route& IndicatorQueryParameters(Route& route) {
  return route.Query("indicator_id", sc::PositiveId(), true)
      .Query("unit_id", sc::UnitKey(), true)
      .Query("period", sc::PeriodCode(), true)
      .Query("as_of", AsOfSchema());
}

sc::Schema IndicatorRollupSchema() {
  return sc::Named("IndicatorFigure",
                   sc::Object({{"indicator_id", sc::PositiveId()},
                               {"unit_id", sc::PositiveId()},
                               {"period", formats::PeriodJsonSchema()},
                               {"value", NumberSchema()},
                               {"numerator", NumberSchema()},
                               {"denominator", NumberSchema()},
                               {"units_reporting", sc::Integer("Số đơn vị đã báo cáo")},
                               {"units_in_subtree", sc::Integer()}}));
}

sc::Schema ComparableSchema() {
  return sc::Object({{"value", NumberSchema()},
                     {"numerator", NumberSchema()},
                     {"denominator", NumberSchema()},
                     {"units_reporting", sc::Integer()},
                     {"rebuilt", sc::Boolean("Dựng lại từ đơn vị tiền thân")},
                     {"from_unit_ids", sc::ArrayOf(sc::PositiveId())}});
}

sc::Schema IndicatorAnswerSchema() {
  sc::Schema row = sc::Object(
      {{"unit_id", sc::PositiveId()}, {"period", sc::PeriodCode()}, {"value", sc::Number()}});
  return sc::Named(
      "IndicatorRollup",
      sc::Extend(sc::Extend(IndicatorRollupSchema(),
                            {{"rows", sc::ArrayOf(std::move(row), "Các số liệu tạo nên con số")},
                             {"children", sc::ArrayOf(IndicatorRollupSchema())},
                             sc::Optional("comparable", ComparableSchema()),
                             {"as_of", sc::DateText()}}),
                 StructureMembers()));
}

sc::Schema NamedUnitMembers(sc::Schema base) {
  return sc::Extend(std::move(base), {{"unit_id", sc::PositiveId()},
                                      {"code", sc::Text()},
                                      {"name", sc::Text()},
                                      {"depth", sc::Integer("Số cấp dưới đơn vị gốc")}});
}

sc::Schema TreeRollupSchema() {
  sc::Schema unit = NamedUnitMembers(sc::Object({{"value", NumberSchema()},
                                                 {"numerator", NumberSchema()},
                                                 {"denominator", NumberSchema()},
                                                 {"units_reporting", sc::Integer()},
                                                 {"units_in_subtree", sc::Integer()}}));
  return sc::Named("TreeRollup", sc::Object({{"indicator_id", sc::PositiveId()},
                                             {"unit_id", sc::PositiveId()},
                                             {"period", formats::PeriodJsonSchema()},
                                             {"as_of", sc::DateText()},
                                             {"structure_as_of", sc::DateText()},
                                             {"depth", sc::Integer()},
                                             {"units", sc::ArrayOf(std::move(unit))}}));
}

sc::Schema CompletenessTreeSchema() {
  return sc::Named("CompletenessTree",
                   sc::Object({{"obligation_id", sc::PositiveId()},
                               {"unit_id", sc::PositiveId()},
                               {"as_of", sc::DateText()},
                               {"depth", sc::Integer()},
                               {"units", sc::ArrayOf(NamedUnitMembers(CountsSchema()))}}));
}

sc::Schema ObligationRollupSchema() {
  const std::vector<sc::Member> unit_name{{"unit_code", sc::Text()}, {"unit_name", sc::Text()}};
  sc::Schema state =
      sc::Extend(sc::Object({{"assignment_id", sc::PositiveId()},
                             {"unit_id", sc::PositiveId()},
                             {"kind_id", sc::PositiveId()},
                             {"done", sc::Boolean()},
                             {"on_time", sc::Boolean()},
                             {"overdue", sc::Boolean()},
                             {"effective_due", sc::DateText("Hạn, kể cả khi được gia hạn")},
                             {"completed_on", sc::Nullable(sc::DateText())}}),
                 unit_name);
  state = sc::Named("AssignmentState", std::move(state));
  sc::Schema out = sc::Object(
      {{"obligation_id", sc::PositiveId()},
       {"unit_id", sc::PositiveId()},
       {"as_of", sc::DateText()},
       {"total", CountsSchema()},
       {"summary", sc::Example(sc::Text(), "40/43 (30 Đảng bộ xã + 10 Chi bộ cơ quan)")},
       {"by_kind", sc::ArrayOf(sc::Extend(CountsSchema(), {{"kind_id", sc::PositiveId()},
                                                           {"kind_code", sc::Text()},
                                                           {"kind_name", sc::Text()}}))},
       {"not_done", sc::ArrayOf(state)},
       {"children", sc::ArrayOf(sc::Extend(
                        sc::Extend(CountsSchema(), {{"unit_id", sc::PositiveId()}}), unit_name))},
       {"assignments", sc::ArrayOf(state)}});
  return sc::Named("ObligationRollup", sc::Extend(std::move(out), StructureMembers()));
}

sc::Schema TargetRollupSchema() {
  sc::Schema rebased =
      sc::Named("RebasedTarget",
                sc::Extend(DerivedTargetSchema(), {sc::Optional("progress", ProgressSchema())}));
  sc::Schema out = sc::Extend(
      ProgressSchema(), {{"series", sc::ArrayOf(SeriesPointSchema())}, {"as_of", sc::DateText()}});
  out = sc::Extend(sc::Extend(std::move(out), StructureMembers()),
                   TargetLineageMembers(std::move(rebased)));
  return sc::Named("TargetRollup", std::move(out));
}

sc::Schema CoverageSchema() {
  sc::Schema entry = sc::Extend(ItemRefSchema(), {{"not_applicable", sc::Boolean()},
                                                  {"covered", sc::Boolean()},
                                                  {"lower_items", sc::ArrayOf(ItemRefSchema())}});
  return sc::Named(
      "Coverage",
      sc::Object({{"upper_document_id", sc::PositiveId()},
                  {"lower_document_id", sc::PositiveId()},
                  {"upper_targets", sc::Integer()},
                  {"covered", sc::Integer()},
                  {"not_applicable", sc::Integer()},
                  {"entries", sc::ArrayOf(sc::Named("CoverageEntry", std::move(entry)))},
                  {"uncovered", sc::ArrayOf(ItemRefSchema())}}));
}

sc::Schema CascadeSchema() {
  sc::Schema counts = sc::Named("CoverCounts", sc::Object({{"covered", sc::Integer()},
                                                           {"not_applicable", sc::Integer()},
                                                           {"missing", sc::Integer()}}));
  sc::Schema unit = sc::Extend(
      counts, {{"unit_id", sc::PositiveId()}, {"code", sc::Text()}, {"short_name", sc::Text()}});
  sc::Schema cell = sc::Named(
      "CascadeCell",
      sc::Object({{"unit_id", sc::PositiveId()},
                  {"cover", sc::OneOf({"covered", "not_applicable", "missing"})},
                  {"lower_items", sc::ArrayOf(ItemRefSchema(), "Các mục cấp dưới cụ thể hóa")},
                  sc::Optional("declaration",
                               sc::Object({{"id", sc::PositiveId()},
                                           {"reason", sc::Text("Lý do không áp dụng")}}))}));
  sc::Schema target =
      sc::Extend(ItemRefSchema(), {{"counts", counts}, {"cells", sc::ArrayOf(std::move(cell))}});
  return sc::Named("Cascade",
                   sc::Object({{"document_id", sc::PositiveId()},
                               {"issuer_unit_id", sc::PositiveId()},
                               {"as_of", sc::DateText()},
                               {"units", sc::ArrayOf(std::move(unit), "Đơn vị cấp dưới trực tiếp")},
                               {"targets", sc::ArrayOf(std::move(target))}}));
}

}  // namespace

void AddRollupRoutes(Router& router, app::Service& service) {
  const auto depth = sc::Schema{{"type", "integer"}, {"minimum", 0}, {"maximum", 10}};
  IndicatorQueryParameters(
      router.Add(
          "GET", "/api/v1/rollups/indicator",
          "An indicator rolled up over a unit's subtree for a period, with its children and rows; "
          "a past period in the tree of its last day unless as_of is given; comparable=true adds "
          "the figure rebuilt onto today's unit from its predecessors",
          Bind(service, IndicatorRollup)))
      .Query("comparable", sc::Boolean())
      .Answers(200, IndicatorAnswerSchema());
  IndicatorQueryParameters(
      router.Add("GET", "/api/v1/rollups/tree",
                 "An indicator rolled up for a unit and every unit down `depth` levels (default 1, "
                 "at most 10), depth first, in one pass",
                 Bind(service, TreeRollup)))
      .Kept([&service](const HttpRequest& request, const PathParams& params) {
        return KeptTreeRollup(Call(request, params, service));
      })
      .Query("depth", depth)
      .Answers(200, TreeRollupSchema());
  router
      .Add("GET", "/api/v1/rollups/completeness",
           "Completeness of an obligation for a unit and every unit down `depth` levels",
           Bind(service, CompletenessTree))
      .Query("obligation_id", sc::PositiveId(), true)
      .Query("unit_id", sc::UnitKey(), true)
      .Query("as_of", AsOfSchema())
      .Query("depth", depth)
      .Answers(200, CompletenessTreeSchema());
  router
      .Add("GET", "/api/v1/rollups/obligation",
           "Completeness of an obligation over a subtree, by unit kind, and who has not",
           Bind(service, ObligationRollup))
      .Query("obligation_id", sc::PositiveId(), true)
      .Query("unit_id", sc::UnitKey(), true)
      .Query("as_of", AsOfSchema())
      .Answers(200, ObligationRollupSchema());
  router
      .Add("GET", "/api/v1/rollups/target",
           "Progress of a target: baseline, current, goal, trend and status",
           Bind(service, TargetRollup))
      .Query("item_id", sc::PositiveId(), true)
      .Query("as_of", AsOfSchema())
      .Answers(200, TargetRollupSchema());
  router
      .Add("GET", "/api/v1/rollups/coverage", "Which upper targets a lower document covers",
           Bind(service, CoverageRollup))
      .Query("upper_document_id", sc::PositiveId(), true)
      .Query("lower_document_id", sc::PositiveId(), true)
      .Answers(200, CoverageSchema());
  router
      .Add("GET", "/api/v1/rollups/cascade",
           "The cascade of a document: for each target and each direct subordinate of its "
           "issuer, covered, declared not applicable or missing, with the counts",
           Bind(service, CascadeRollup))
      .Query("document_id", sc::PositiveId(), true)
      .Query("as_of", AsOfSchema())
      .Answers(200, CascadeSchema());
}

}  // namespace nq::api
