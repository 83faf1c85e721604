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
  }
  return "?";
}

std::string TargetReasonVi(const TargetProgress& progress) {
  const Words w(progress, true);
  switch (progress.reason) {
    case TargetReason::kReached: {
      std::string text = fmt::format("Đã đạt {}/{}", w.Current(), w.Goal());
      if (progress.current_period) {
        text += " theo số liệu " + Inline(progress.current_period->LabelVi());
      }
      return text;
    }
    case TargetReason::kDeadlinePassedNoData:
      return fmt::format("Đã hết hạn ({}), chưa có số liệu; mục tiêu {}", w.Deadline(), w.Goal());
    case TargetReason::kDeadlinePassedShort:
      return fmt::format("Đã hết hạn ({}) nhưng chưa đạt: {}/{}", w.Deadline(), w.Current(),
                         w.Goal());
    case TargetReason::kNoDataAfterBaseline:
      return "Chưa có số liệu sau kỳ gốc để dự báo";
    case TargetReason::kProjected:
      return fmt::format("Dự báo đạt {}/{} vào cuối {}", w.Number(progress.projected.value_or(0)),
                         w.Goal(), w.Deadline());
  }
  return "";
}

std::string TargetReasonEn(const TargetProgress& progress) {
  const Words w(progress, false);
  switch (progress.reason) {
    case TargetReason::kReached: {
      std::string text = fmt::format("Reached {} of {}", w.Current(), w.Goal());
      if (progress.current_period) text += " as of " + progress.current_period->LabelEn();
      return text;
    }
    case TargetReason::kDeadlinePassedNoData:
      return fmt::format("Deadline ({}) passed with no data; goal {}", w.Deadline(), w.Goal());
    case TargetReason::kDeadlinePassedShort:
      return fmt::format("Deadline ({}) passed without reaching the goal: {} of {}", w.Deadline(),
                         w.Current(), w.Goal());
    case TargetReason::kNoDataAfterBaseline:
      return "No data after the baseline to project from";
    case TargetReason::kProjected:
      return fmt::format("Projected {} of {} by the end of {}",
                         w.Number(progress.projected.value_or(0)), w.Goal(), w.Deadline());
  }
  return "";
}

std::string DateVi(Date date) {
  const std::string iso = date.ToString();  // 2025-07-01
  return fmt::format("{}/{}/{}", iso.substr(8, 2), iso.substr(5, 2), iso.substr(0, 4));
}

std::string StructureNoteVi(const engine::StructureNote& note) {
  if (note.changes.empty()) return "";
  std::string dates;
  for (Date date : note.dates) dates += (dates.empty() ? "" : ", ") + DateVi(date);
  return fmt::format("{} có sắp xếp tổ chức (ngày {}); số liệu tính theo cơ cấu đơn vị ngày {}",
                     note.period.LabelVi(), dates, DateVi(note.as_of));
}

std::string StructureNoteEn(const engine::StructureNote& note) {
  if (note.changes.empty()) return "";
  std::string dates;
  for (Date date : note.dates) dates += (dates.empty() ? "" : ", ") + date.ToString();
  return fmt::format("{} spans a reorganisation ({}); figures use the structure as of {}",
                     note.period.LabelEn(), dates, note.as_of.ToString());
}

std::string_view ComparableNoteVi(engine::ComparableNote note) {
  return ComparableNoteWords(note).vi;
}

std::string_view ComparableNoteEn(engine::ComparableNote note) {
  return ComparableNoteWords(note).en;
}

}  // namespace nq::app
