// JSON forms of the engine's figures, shared by the roll-up routes and the screen views.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>

#include "engine/engine.h"

namespace nq::api {

// A number, or null when absent.
boost::json::value NumberJson(const std::optional<double>& value);

// Baseline, current, goal, deadline, direction, percent, projection, status with its Vietnamese
// label, and the reason in both languages. The series is left to the caller.
boost::json::object ProgressJson(const engine::TargetProgress& progress);

// The JSON Schemas of these: a nullable number, ProgressJson's object ("TargetProgress"), and the
// counts of an obligation's completeness ("Counts").
boost::json::object NumberSchema();
boost::json::object ProgressSchema();
boost::json::object CountsSchema();
// A period of a series with its value ("SeriesPoint"), and an item named by id, code and title
// ("ItemRef").
boost::json::object SeriesPointSchema();
boost::json::object ItemRefSchema();

}  // namespace nq::api
