// JSON forms shared by the screen views (routes_views.cc) and the performance and leader views
// (routes_performance.cc): units as the screens name them, targets, recommendations, counts,
// and the JSON Schemas of those forms, described once beside each other.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <vector>

#include "api/call.h"
#include "app/views.h"
#include "formats/json_schema.h"

namespace nq::api {

// A date as text, or null.
json::value OptDate(const std::optional<domain::Date>& date);
// expected, done, on_time, late, overdue, pending.
json::object CountsJson(const engine::CompletenessCounts& c);
// {id, code, name, short_name, kind_id, kind_name, kind_name_en}
json::object BriefJson(const app::UnitBrief& brief);
// The brief with the unit's path from the root and its children count.
json::object HeaderJson(const app::UnitHeader& header);
// Each target's progress with the structure it was judged on, its document and indicator.
json::array TargetsJson(const std::vector<app::TargetSummary>& targets, domain::Date as_of);
// Open recommendations with their units' names and timeliness.
json::array RecommendationsJson(const std::vector<app::OpenRecommendation>& recommendations);

// The period named by the query parameter "period", which is required.
Result<domain::Period> RequiredPeriod(const Call& call);

// The schemas of the forms above.
formats::schema::Schema UnitBriefSchema();
formats::schema::Schema UnitHeaderSchema();
formats::schema::Schema TimelinessSchema();
formats::schema::Schema TargetSummarySchema();
formats::schema::Schema OpenRecommendationSchema();

}  // namespace nq::api
