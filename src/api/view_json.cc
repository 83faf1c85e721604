#include "api/view_json.h"

#include "api/crud.h"
#include "api/figures_json.h"
#include "api/structure_json.h"
#include "app/figures_text.h"
#include "app/rollups.h"
#include "domain/registry.h"

namespace nq::api {

using namespace nq::domain;
namespace sc = formats::schema;

json::value OptDate(const std::optional<Date>& date) {
  return date ? json::value(date->ToString()) : json::value(nullptr);
}

json::object CountsJson(const engine::CompletenessCounts& c) {
  return json::object{{"expected", c.expected}, {"done", c.done},       {"on_time", c.on_time},
                      {"late", c.late},         {"overdue", c.overdue}, {"pending", c.pending}};
}

// {id, code, name, short_name, kind_id, kind_name, kind_name_en}
json::object BriefJson(const app::UnitBrief& brief) {
  return json::object{{"id", brief.unit.id},
                      {"code", brief.unit.code},
                      {"name", brief.unit.name},
                      {"short_name", brief.unit.short_name},
                      {"kind_id", brief.kind.id},
                      {"kind_name", brief.kind.name},
                      {"kind_name_en", brief.kind.name_en}};
}

// The brief with the unit's path from the root and its children count.
json::object HeaderJson(const app::UnitHeader& header) {
  json::object out = BriefJson(header.brief);
  json::array path;
  for (const Unit& step : header.path) {
    path.push_back(json::object{{"id", step.id}, {"code", step.code}, {"name", step.short_name}});
  }
  out["path"] = std::move(path);
  out["child_count"] = header.child_count;
  return out;
}

json::array TargetsJson(const std::vector<app::TargetSummary>& targets, Date as_of) {
  json::array out;
  for (const app::TargetSummary& target : targets) {
    json::object entry = ProgressJson(target.progress);
    const Date structure = app::TargetStructureDate(target.progress, as_of);
    entry["structure_as_of"] = structure.ToString();
    entry["structure_label"] = app::StructureLabelVi(structure);
    entry["structure_label_en"] = app::StructureLabelEn(structure);
    entry.erase("status_label");
    entry["code"] = target.item.code;
    entry["title"] = target.item.title;
    entry["document_id"] = target.document.id;
    entry["document_title"] = target.document.title;
    entry["indicator"] = formats::ToJson(target.indicator);
    out.push_back(std::move(entry));
  }
  return out;
}

json::array RecommendationsJson(const std::vector<app::OpenRecommendation>& recommendations) {
  json::array out;
  for (const app::OpenRecommendation& r : recommendations) {
    json::object entry = formats::ToJson(r.recommendation).as_object();
    entry["from_unit_name"] = r.from_unit_name;
    entry["to_unit_name"] = r.to_unit_name;
    entry["overdue"] = r.overdue;
    entry["timeliness"] = domain::TimelinessName(r.timeliness);
    entry["timeliness_label"] = domain::TimelinessLabelVi(r.timeliness);
    out.push_back(std::move(entry));
  }
  return out;
}

// The period named by the query parameter "period", which is required.
Result<Period> RequiredPeriod(const Call& call) {
  NQ_TRY(std::optional<Period> period, call.QueryPeriod("period"));
  if (!period) return FieldError("period", "query parameter \"period\" is required");
  return *period;
}

sc::Schema UnitBriefSchema() {
  return sc::Named("UnitBrief", sc::Object({{"id", sc::PositiveId()},
                                            {"code", sc::Example(sc::Text(), "ba-thuoc")},
                                            {"name", sc::Text()},
                                            {"short_name", sc::Example(sc::Text(), "Bá Thước")},
                                            {"kind_id", sc::PositiveId()},
                                            {"kind_name", sc::Example(sc::Text(), "Đảng bộ huyện")},
                                            {"kind_name_en", sc::Text()}}));
}

sc::Schema UnitHeaderSchema() {
  return sc::Named("UnitHeader",
                   sc::Extend(UnitBriefSchema(), {{"path", sc::ArrayOf(PathStepSchema())},
                                                  {"child_count", sc::Integer()}}));
}

sc::Schema TimelinessSchema() {
  return sc::OneOf({"on_time", "late", "overdue", "open"},
                   "Đúng hạn, trễ hạn, quá hạn, chưa đến hạn");
}

sc::Schema TargetSummarySchema() {
  return sc::Named(
      "TargetSummary",
      sc::Extend(sc::Extend(sc::Without(ProgressSchema(), {"status_label"}), StructureMembers()),
                 {{"code", sc::Text()},
                  {"title", sc::Text()},
                  {"document_id", sc::PositiveId()},
                  {"document_title", sc::Text()},
                  {"indicator", formats::AnswerSchema<Indicator>()}}));
}

sc::Schema OpenRecommendationSchema() {
  return sc::Named("OpenRecommendation", sc::Extend(formats::AnswerSchema<Recommendation>(),
                                                    {{"from_unit_name", sc::Text()},
                                                     {"to_unit_name", sc::Text()},
                                                     {"overdue", sc::Boolean()},
                                                     {"timeliness", TimelinessSchema()},
                                                     {"timeliness_label", sc::Text()}}));
}

}  // namespace nq::api
