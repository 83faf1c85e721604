#include "app/figures_text.h"

#include <algorithm>
#include <cmath>

namespace nq::app {
namespace {

using engine::TargetProgress;
using engine::TargetReason;

// "Năm 2025" → "năm 2025", to sit inside a sentence.
std::string Inline(std::string label) {
  if (!label.empty() && label[0] >= 'A' && label[0] <= 'Z') {
    label[0] = static_cast<char>(label[0] - 'A' + 'a');
  }
  return label;
}

// The numbers and the deadline of a sentence, in one language.
struct Words {
  Words(const TargetProgress& progress, bool vietnamese) : p(progress), vi(vietnamese) {}
  std::string Number(double value) const { return FormatFigure(value, p.decimals, vi); }
  std::string Goal() const { return Number(p.goal); }
  std::string Current() const { return p.current ? Number(*p.current) : ""; }
  std::string Deadline() const { return vi ? Inline(p.deadline.LabelVi()) : p.deadline.LabelEn(); }
  std::string CurrentPeriod() const {
    if (!p.current_period) return "";
    return vi ? Inline(p.current_period->LabelVi()) : p.current_period->LabelEn();
  }
  const TargetProgress& p;
  bool vi;
};

// Why a point of a comparable series has no value, in both languages.
struct NoteWords {
  std::string_view vi;
  std::string_view en;
};

NoteWords ComparableNoteWords(engine::ComparableNote note) {
  switch (note) {
    case engine::ComparableNote::kNone:
      return {};
    case engine::ComparableNote::kDoesNotCombine:
      return {
          "Chỉ tiêu không cộng gộp được giữa các đơn vị: không dựng lại được số liệu so sánh "
          "từ các đơn vị tiền thân",
          "the indicator does not combine across units: no comparable figure can be rebuilt "
          "from the predecessors"};
  }
  return {};
}

}  // namespace

std::string FormatFigure(double value, int decimals, bool vietnamese) {
  const std::string digits = fmt::format("{:.{}f}", std::abs(value), std::clamp(decimals, 1, 6));
  const size_t dot = digits.find('.');
  const std::string integer = digits.substr(0, dot);
  std::string fraction = digits.substr(dot + 1);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  std::string text;
  if (value < 0 && (integer != "0" || !fraction.empty())) text += '-';
  for (size_t index = 0; index < integer.size(); ++index) {
    if (index > 0 && (integer.size() - index) % 3 == 0) text += vietnamese ? '.' : ',';
    text += integer[index];
  }
  if (!fraction.empty()) text += (vietnamese ? ',' : '.') + fraction;
  return text;
}

std::string_view TargetStatusLabelVi(engine::TargetStatus status) {
  switch (status) {
    case engine::TargetStatus::kAchieved:
      return "Đã đạt";
    case engine::TargetStatus::kOnTrack:
      return "Đúng tiến độ";
    case engine::TargetStatus::kAtRisk:
      return "Có nguy cơ chậm";
    case engine::TargetStatus::kOffTrack:
      return "Chậm tiến độ";
    case engine::TargetStatus::kNoData:
      return "Chưa có số liệu";
    case engine::TargetStatus::kNotReached:
      return "Chưa đạt";
    case engine::TargetStatus::kNotApplicable:
      return "Không áp dụng";
  }
  return "?";
}

namespace {

// Why a target has its status, in one language: each sentence in Vietnamese and English, with
// the same arguments.
std::string TargetReason(const TargetProgress& progress, bool vietnamese) {
  const Words w(progress, vietnamese);
  auto say = [&](std::string_view vi, std::string_view en, auto&&... args) {
    return fmt::format(fmt::runtime(vietnamese ? vi : en), args...);
  };
  const std::string deadline_value = w.Number(progress.deadline_value.value_or(0));
  switch (progress.reason) {
    case TargetReason::kReached: {
      std::string text = say("Đã đạt {}/{}", "Reached {} of {}", w.Current(), w.Goal());
      if (progress.current_period) {
        text += say(" theo số liệu {}", " as of {}", w.CurrentPeriod());
      }
      return text;
    }
    case TargetReason::kNoDataAfterBaseline:
      return say("Chưa có số liệu sau kỳ gốc để dự báo",
                 "No data after the baseline to project from");
    case TargetReason::kProjected:
      return say("Dự báo đạt {}/{} vào cuối {}", "Projected {} of {} by the end of {}",
                 w.Number(progress.projected.value_or(0)), w.Goal(), w.Deadline());
    case TargetReason::kReachedAtDeadline:
      return say("Hết hạn ({}): đạt {}/{}, đã đạt mục tiêu",
                 "Deadline ({}) over: {} of {}, reached", w.Deadline(), deadline_value, w.Goal());
    case TargetReason::kShortAtDeadline:
      return say("Hết hạn ({}): đạt {}/{}, chưa đạt, thiếu {}",
                 "Deadline ({}) over: {} of {}, not reached, {} short", w.Deadline(),
                 deadline_value, w.Goal(), w.Number(progress.gap.value_or(0)));
    case TargetReason::kNoDeadlineValue:
      if (!progress.current) {
        return say("Đã hết hạn, chưa có số liệu {}; mục tiêu {}",
                   "Deadline over, no value for {} yet; goal {}", w.Deadline(), w.Goal());
      }
      return say("Đã hết hạn, chưa có số liệu {}; số liệu gần nhất {}/{} ({})",
                 "Deadline over, no value for {} yet; last known {} of {} ({})", w.Deadline(),
                 w.Current(), w.Goal(), w.CurrentPeriod());
    case TargetReason::kNoShare:
      return say(
          "Không được giao phần chỉ tiêu (mục tiêu 0): không áp dụng, không tính vào kết quả",
          "No share of the goal was given (goal 0): not applicable, left out of the counts");
  }
  return "";
}

}  // namespace

std::string TargetReasonVi(const TargetProgress& progress) { return TargetReason(progress, true); }

std::string TargetReasonEn(const TargetProgress& progress) { return TargetReason(progress, false); }

std::string DateVi(Date date) {
  const std::string iso = date.ToString();  // 2025-07-01
  return fmt::format("{}/{}/{}", iso.substr(8, 2), iso.substr(5, 2), iso.substr(0, 4));
}

std::string StructureLabelVi(Date as_of) {
  return "theo địa giới hành chính ngày " + DateVi(as_of);
}

std::string StructureLabelEn(Date as_of) {
  return "by the administrative structure of " + as_of.ToString();
}

std::string StructureNoteVi(const engine::StructureNote& note) {
  std::string text;
  if (!note.changes.empty()) {
    std::string dates;
    for (Date date : note.dates) dates += (dates.empty() ? "" : ", ") + DateVi(date);
    text = fmt::format("{} có sắp xếp tổ chức (ngày {}); số liệu tính theo cơ cấu đơn vị ngày {}",
                       note.period.LabelVi(), dates, DateVi(note.as_of));
  } else if (!note.later_dates.empty()) {
    text = fmt::format("Số liệu {} tính theo cơ cấu đơn vị ngày {}", Inline(note.period.LabelVi()),
                       DateVi(note.as_of));
  }
  if (!note.later_dates.empty()) {
    std::string dates;
    for (Date date : note.later_dates) dates += (dates.empty() ? "" : ", ") + DateVi(date);
    text += fmt::format(", trước sắp xếp tổ chức ngày {}", dates);
  }
  return text;
}

std::string StructureNoteEn(const engine::StructureNote& note) {
  std::string text;
  if (!note.changes.empty()) {
    std::string dates;
    for (Date date : note.dates) dates += (dates.empty() ? "" : ", ") + date.ToString();
    text = fmt::format("{} spans a reorganisation ({}); figures use the structure as of {}",
                       note.period.LabelEn(), dates, note.as_of.ToString());
  } else if (!note.later_dates.empty()) {
    text = fmt::format("Figures for {} use the structure as of {}", note.period.LabelEn(),
                       note.as_of.ToString());
  }
  if (!note.later_dates.empty()) {
    std::string dates;
    for (Date date : note.later_dates) dates += (dates.empty() ? "" : ", ") + date.ToString();
    text += fmt::format(", before the reorganisation of {}", dates);
  }
  return text;
}

std::string_view ComparableNoteVi(engine::ComparableNote note) {
  return ComparableNoteWords(note).vi;
}

std::string_view ComparableNoteEn(engine::ComparableNote note) {
  return ComparableNoteWords(note).en;
}

}  // namespace nq::app
