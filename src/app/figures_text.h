// The words of the figures: status labels, the sentence that says why a target has its status,
// the note on the structure a figure used and why a comparable figure is absent, in Vietnamese
// and English, from the codes and facts the engine returns.
#pragma once

#include <string>
#include <string_view>

#include "engine/comparable.h"
#include "engine/engine.h"
#include "engine/structure.h"

namespace nq::app {

// "Đã đạt", "Đúng tiến độ", "Có nguy cơ chậm", "Chậm tiến độ", "Chưa có số liệu".
std::string_view TargetStatusLabelVi(engine::TargetStatus status);

// One sentence: why `progress` has its status ("Dự báo đạt 8,2/9 vào cuối năm 2025").
std::string TargetReasonVi(const engine::TargetProgress& progress);
std::string TargetReasonEn(const engine::TargetProgress& progress);

// "1.234,5" (Vietnamese) or "1,234.5" (English): at least one decimal when needed, trailing
// zeros dropped.
std::string FormatFigure(double value, int decimals, bool vietnamese);

// "01/07/2025": how Vietnamese offices write a date.
std::string DateVi(Date date);

// Beside a figure: the structure it uses ("theo địa giới hành chính ngày 31/12/2024").
std::string StructureLabelVi(Date as_of);
std::string StructureLabelEn(Date as_of);

// One sentence: the reorganisations `note` spans and the structure its figures use ("Năm 2025
// có sắp xếp tổ chức (ngày 01/07/2025); số liệu tính theo cơ cấu đơn vị ngày 31/12/2025"), and
// the reorganisations since ("Số liệu năm 2024 tính theo cơ cấu đơn vị ngày 31/12/2024, trước
// sắp xếp tổ chức ngày 01/07/2025"). Empty when the note names no change.
std::string StructureNoteVi(const engine::StructureNote& note);
std::string StructureNoteEn(const engine::StructureNote& note);

// Why a point of a comparable series has no value ("Chỉ tiêu không cộng gộp được giữa các đơn
// vị: …"); empty for ComparableNote::kNone.
std::string_view ComparableNoteVi(engine::ComparableNote note);
std::string_view ComparableNoteEn(engine::ComparableNote note);

}  // namespace nq::app
