#include "api/figures_json.h"

#include <boost/json.hpp>

#include "app/figures_text.h"
#include "domain/registry.h"
#include "formats/codec.h"
#include "formats/json_schema.h"

namespace nq::api {

namespace json = boost::json;

json::value NumberJson(const std::optional<double>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

json::object ProgressJson(const engine::TargetProgress& p) {
  auto period = [](const std::optional<domain::Period>& maybe) -> json::value {
    return maybe ? formats::PeriodJson(*maybe) : json::value(nullptr);
  };
  return json::object{{"item_id", p.item_id},
                      {"unit_id", p.unit_id},
                      {"indicator_id", p.indicator_id},
                      {"baseline", NumberJson(p.baseline)},
                      {"baseline_period", period(p.baseline_period)},
                      {"current", NumberJson(p.current)},
                      {"current_period", period(p.current_period)},
                      {"goal", p.goal},
                      {"deadline", formats::PeriodJson(p.deadline)},
                      {"direction", domain::DirectionName(p.direction)},
                      {"percent", NumberJson(p.percent)},
                      {"projected", NumberJson(p.projected)},
                      {"status", engine::TargetStatusName(p.status)},
                      {"judged_at_deadline", p.judged_at_deadline},
                      {"deadline_value", NumberJson(p.deadline_value)},
                      {"gap", NumberJson(p.gap)},
                      {"counts_for_achievement", engine::CountsForAchievement(p.status)},
                      {"status_label", app::TargetStatusLabelVi(p.status)},
                      {"reason", app::TargetReasonVi(p)},
                      {"reason_en", app::TargetReasonEn(p)}};
}

namespace sc = formats::schema;

json::object NumberSchema() { return sc::Nullable(sc::Number()); }

json::object ProgressSchema() {
  std::vector<std::string_view> statuses;
  for (engine::TargetStatus status :
       {engine::TargetStatus::kAchieved, engine::TargetStatus::kOnTrack,
        engine::TargetStatus::kAtRisk, engine::TargetStatus::kOffTrack,
        engine::TargetStatus::kNoData, engine::TargetStatus::kNotReached,
        engine::TargetStatus::kNotApplicable}) {
    statuses.push_back(engine::TargetStatusName(status));
  }
  const json::object period = formats::PeriodJsonSchema();
  return sc::Named(
      "TargetProgress",
      sc::Object(
          {{"item_id", sc::PositiveId()},
           {"unit_id", sc::PositiveId()},
           {"indicator_id", sc::PositiveId()},
           {"baseline", NumberSchema()},
           {"baseline_period", sc::Nullable(period)},
           {"current", NumberSchema()},
           {"current_period", sc::Nullable(period)},
           {"goal", sc::Number()},
           {"deadline", period},
           {"direction", sc::OneOf(domain::EnumNameList<domain::Direction>())},
           {"percent", sc::About(NumberSchema(), "Phần trăm hoàn thành")},
           {"projected", sc::About(NumberSchema(), "Dự báo đến hạn theo xu hướng")},
           {"status", sc::OneOf(statuses)},
           {"judged_at_deadline", sc::Boolean("Đã qua hạn: đánh giá theo giá trị của kỳ hạn")},
           {"deadline_value", NumberSchema()},
           {"gap", sc::About(NumberSchema(), "Còn thiếu so với mục tiêu khi đến hạn")},
           {"counts_for_achievement", sc::Boolean()},
           {"status_label", sc::Example(sc::Text(), "Đúng tiến độ")},
           {"reason", sc::Example(sc::Text("Lý do"), "Đạt 80% mục tiêu, đúng tiến độ")},
           {"reason_en", sc::Text()}},
          "Tiến độ của một chỉ tiêu: gốc, hiện tại, mục tiêu, dự báo và đánh giá"));
}

json::object SeriesPointSchema() {
  return sc::Named("SeriesPoint",
                   sc::Extend(formats::PeriodJsonSchema(), {{"value", NumberSchema()}}));
}

json::object ItemRefSchema() {
  return sc::Named("ItemRef", sc::Object({{"item_id", sc::PositiveId()},
                                          {"code", sc::Example(sc::Text(), "CT-05")},
                                          {"title", sc::Text()}}));
}

json::object CountsSchema() {
  return sc::Named("Counts", sc::Object({{"expected", sc::Integer("Số đơn vị phải thực hiện")},
                                         {"done", sc::Integer()},
                                         {"on_time", sc::Integer()},
                                         {"late", sc::Integer()},
                                         {"overdue", sc::Integer()},
                                         {"pending", sc::Integer()}}));
}

}  // namespace nq::api
