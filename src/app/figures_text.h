// The words of the figures: status labels and the sentence that says why a target has its
// status, in Vietnamese and English, from the codes the engine returns.
#pragma once

#include <string>
#include <string_view>

#include "engine/engine.h"

namespace nq::app {

// "Đã đạt", "Đúng tiến độ", "Có nguy cơ chậm", "Chậm tiến độ", "Chưa có số liệu".
std::string_view TargetStatusLabelVi(engine::TargetStatus status);

// One sentence: why `progress` has its status ("Dự báo đạt 8,2/9 vào cuối năm 2025").
std::string TargetReasonVi(const engine::TargetProgress& progress);
std::string TargetReasonEn(const engine::TargetProgress& progress);

// "1.234,5" (Vietnamese) or "1,234.5" (English): at least one decimal when needed, trailing
// zeros dropped.
std::string FormatFigure(double value, int decimals, bool vietnamese);

}  // namespace nq::app
