#include "api/figures_json.h"

#include <boost/json.hpp>

#include "app/figures_text.h"
#include "formats/codec.h"

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

}  // namespace nq::api
