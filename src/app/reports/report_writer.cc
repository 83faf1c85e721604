#include "app/reports/report_writer.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "app/deadlines.h"
#include "app/figures_text.h"
#include "app/reports/report_facts.h"
#include "engine/structure.h"

namespace nq::app {
namespace {

using namespace nq::domain;

// Text in the report's language; data (titles, names) stays as entered.
struct Words {
  Language language;
  const char* operator()(const char* vi, const char* en) const {
    return language == Language::kVietnamese ? vi : en;
  }
};

std::string LowerFirstWord(std::string_view text) {
  size_t space = text.find(' ');
  if (space == std::string_view::npos) return LowerVi(text);
  return LowerVi(text.substr(0, space)) + std::string(text.substr(space));
}

std::string JoinVi(const std::vector<std::string>& parts, std::string_view last_joiner) {
  std::string out;
  for (size_t index = 0; index < parts.size(); ++index) {
    if (index > 0) out += index + 1 == parts.size() ? std::string(last_joiner) : ", ";
    out += parts[index];
  }
  return out;
}

formats::ReportCell Text(std::string text) { return formats::ReportCell{std::move(text), 0}; }
formats::ReportCell Number(const std::optional<double>& value, int decimals) {
  if (!value) return Text("–");
  return formats::ReportCell{*value, decimals};
}

ReportBlock Heading(int level, std::string number, std::string text) {
  return ReportBlock{ReportBlock::Kind::kHeading, level, std::move(number), std::move(text), {}};
}
ReportBlock Paragraph(std::string text) {
  return ReportBlock{ReportBlock::Kind::kParagraph, 0, "", std::move(text), {}};
}
ReportBlock Table(formats::ReportTable table) {
  return ReportBlock{ReportBlock::Kind::kTable, 0, "", "", std::move(table)};
}

enum class Verdict { kNoData, kNotAchieved, kAchieved, kExceeded, kNotApplicable };

// The engine's judgement in the report's words: a target with nothing to achieve is not
// applicable and counts nowhere; once its deadline is over, a target is judged on the deadline
// period's value (none yet: no data), before it on the latest value.
Verdict Judge(const engine::TargetProgress& progress) {
  if (!engine::CountsForAchievement(progress.status)) return Verdict::kNotApplicable;
  const std::optional<double> value =
      progress.judged_at_deadline ? progress.deadline_value : progress.current;
  if (!value) return Verdict::kNoData;
  const double current = *value;
  const double goal = progress.goal;
  constexpr double kEpsilon = 1e-9;
  switch (progress.direction) {
    case Direction::kRaise:
      if (current > goal + kEpsilon) return Verdict::kExceeded;
      return current >= goal - kEpsilon ? Verdict::kAchieved : Verdict::kNotAchieved;
    case Direction::kLower:
      if (current < goal - kEpsilon) return Verdict::kExceeded;
      return current <= goal + kEpsilon ? Verdict::kAchieved : Verdict::kNotAchieved;
    case Direction::kReach:
      return current >= goal - kEpsilon ? Verdict::kAchieved : Verdict::kNotAchieved;
  }
  return Verdict::kNoData;
}

std::string VerdictLabel(Verdict verdict, const Words& w) {
  switch (verdict) {
    case Verdict::kNoData:
      return w("Chưa có số liệu", "No data");
    case Verdict::kNotAchieved:
      return w("Chưa đạt", "Not achieved");
    case Verdict::kAchieved:
      return w("Đạt", "Achieved");
    case Verdict::kExceeded:
      return w("Vượt", "Exceeded");
    case Verdict::kNotApplicable:
      return w("Không áp dụng", "Not applicable");
  }
  return "";
}

std::string PeriodLabel(const std::optional<Period>& period, const Words& w) {
  if (!period) return "";
  return w.language == Language::kVietnamese ? period->LabelVi() : period->LabelEn();
}

class Builder final {
 public:
  Builder(Service& service, const ReportRequest& request, ReportFacts facts, Date as_of,
          const WorkControl& control)
      : service_(service),
        request_(request),
        facts_(std::move(facts)),
        as_of_(as_of),
        w_{request.language},
        control_(control) {}

  Result<ReportDocument> Build() {
    std::set<Id> indicators;
    for (const Item& item : facts_.targets) indicators.insert(item.measure->indicator_id);
    total_steps_ = facts_.targets.size() + facts_.obligations.size() + indicators.size() + 3;
    NQ_RETURN_IF_ERROR(Step("facts"));
    Header();
    NQ_RETURN_IF_ERROR(Results());
    Shortcomings();
    NQ_RETURN_IF_ERROR(Step("narratives"));
    Tasks();
    Recommendations();
    NQ_RETURN_IF_ERROR(Step("recommendations"));
    NQ_RETURN_IF_ERROR(ValuesSheet());
    return std::move(out_);
  }

 private:
  // One step of the report done: progress, and the cancellation flag read.
  Status Step(std::string_view phase) {
    control_.Report(phase, ++steps_done_, total_steps_);
    return control_.CheckCancelled("report");
  }

  std::string UnitName(Id id) const {
    auto found = facts_.units.find(id);
    return found == facts_.units.end() ? fmt::format("#{}", id) : found->second.name;
  }

  void Header() {
    out_.language = request_.language;
    out_.unit_code = facts_.unit.code;
    out_.period_code = request_.period.ToString();
    if (facts_.superior) out_.superior_name = UpperVi(facts_.superior->name);
    out_.issuer_name = UpperVi(facts_.unit.name);
    out_.national = w_("ĐẢNG CỘNG SẢN VIỆT NAM", "COMMUNIST PARTY OF VIETNAM");
    out_.number = w_("Số      -BC/ĐU", "No.      -BC");
    const Date issued = request_.issued_on.value_or(service_.Today());
    out_.place_and_date = w_.language == Language::kVietnamese
                              ? fmt::format("{}, ngày {} tháng {} năm {}", facts_.unit.short_name,
                                            issued.day(), issued.month(), issued.year())
                              : fmt::format("{}, {}", facts_.unit.short_name, issued.ToString());
    out_.title = w_("BÁO CÁO", "REPORT");
    out_.subtitle = fmt::format(
        "{} {}", w_("Kết quả thực hiện nghị quyết, nhiệm vụ", "Progress on resolutions and tasks,"),
        PeriodLabel(request_.period, w_));
  }

  Status Results() {
    out_.blocks.push_back(Heading(1, "I.", w_("KẾT QUẢ ĐẠT ĐƯỢC", "RESULTS")));
    out_.blocks.push_back(Heading(2, "1.", w_("Thực hiện các chỉ tiêu", "Targets")));
    NQ_RETURN_IF_ERROR(Targets());
    out_.blocks.push_back(
        Heading(2, "2.", w_("Thực hiện các nhiệm vụ được giao", "Assigned obligations")));
    NQ_RETURN_IF_ERROR(Obligations());
    if (!facts_.regimes.empty()) {
      out_.blocks.push_back(Heading(2, "3.", w_("Chấp hành chế độ báo cáo", "Periodic reports")));
      formats::ReportTable sheet{
          {w_("Chế độ báo cáo", "Regime"), w_("Kỳ", "Period"), w_("Mã đơn vị", "Unit code"),
           w_("Đơn vị", "Unit"), w_("Hạn", "Due"), w_("Gia hạn", "Extended"),
           w_("Ngày gửi", "Sent on"), w_("Đánh giá", "Timeliness")},
          {}};
      for (const Regime& regime : facts_.regimes) PeriodicReports(regime, sheet);
      out_.sheets.push_back({w_("Báo cáo định kỳ", "Periodic reports"), std::move(sheet)});
    }
    return Ok();
  }

  // Each period of the regime within the report's period that has ended: the subordinates of its
  // kinds open at the period's end, judged against their due dates, with those not on time named.
  // Judged on the day the report is written.
  void PeriodicReports(const Regime& regime, formats::ReportTable& sheet) {
    const Date today = service_.Today();
    for (const Period& period : request_.period.Split(regime.period_type)) {
      if (period.end() > today) continue;
      auto children = service_.engine().Children(facts_.unit.id, period.end());
      if (!children) continue;
      std::vector<Id> expected;
      for (Id child : *children) {
        auto unit = facts_.units.find(child);
        if (unit != facts_.units.end() && regime.Covers(unit->second.kind_id)) {
          expected.push_back(child);
        }
      }
      std::map<Id, Report> reports;
      for (const Report& report : facts_.reports) {
        if (report.period == period && !report.document_id) reports.emplace(report.unit_id, report);
      }
      std::map<Id, Extension> extensions;
      for (const Extension& e : facts_.extensions[regime.id]) {
        if (e.period == period) extensions.emplace(e.unit_id, e);
      }
      const ReportDeadlines judged =
          JudgeReports(regime, period, expected, reports, extensions, today);
      std::vector<std::string> late, overdue;
      for (const ReportDue& due : judged.units) {
        if (due.timeliness == Timeliness::kLate) late.push_back(UnitName(due.unit_id));
        if (due.timeliness == Timeliness::kOverdue) overdue.push_back(UnitName(due.unit_id));
        auto report = reports.find(due.unit_id);
        const bool sent =
            report != reports.end() && report->second.submitted_at &&
            (due.timeliness == Timeliness::kOnTime || due.timeliness == Timeliness::kLate);
        const Unit& unit = facts_.units.at(due.unit_id);
        sheet.rows.push_back(
            {Text(regime.name),
             Text(w_.language == Language::kVietnamese ? period.LabelVi() : period.LabelEn()),
             Text(unit.code), Text(unit.name), Text(due.due_on.ToVietnamese()),
             Text(due.extended ? w_("Có", "Yes") : ""),
             Text(sent ? Date::InVietnam(*report->second.submitted_at).ToVietnamese() : ""),
             Text(TimelinessText(due.timeliness))});
      }
      const TimelinessCounts& c = judged.counts;
      std::string text =
          w_.language == Language::kVietnamese
              ? fmt::format(
                    "- {}, {} (hạn {}): {} đơn vị phải báo cáo; {} đúng hạn, {} trễ hạn, "
                    "{} quá hạn chưa báo cáo",
                    regime.name, period.LabelVi(), regime.DueOn(period).ToVietnamese(),
                    expected.size(), c.on_time, c.late, c.overdue)
              : fmt::format(
                    "- {}, {} (due {}): {} units to report; {} on time, {} late, {} "
                    "overdue",
                    regime.name, period.LabelEn(), regime.DueOn(period).ToString(), expected.size(),
                    c.on_time, c.late, c.overdue);
      if (!late.empty()) text += fmt::format("; {}: {}", w_("trễ hạn", "late"), JoinVi(late, ", "));
      if (!overdue.empty()) {
        text += fmt::format("; {}: {}", w_("chưa báo cáo", "not reported"), JoinVi(overdue, ", "));
      }
      out_.blocks.push_back(Paragraph(text + "."));
    }
  }

  Status Targets() {
    formats::ReportTable sheet{
        {w_("Văn bản", "Document"), w_("Mã", "Code"), w_("Chỉ tiêu", "Target"),
         w_("Đơn vị tính", "Unit"), w_("Cơ sở", "Baseline"), w_("Kỳ cơ sở", "Baseline period"),
         w_("Hiện tại", "Current"), w_("Kỳ hiện tại", "Current period"), w_("Mục tiêu", "Goal"),
         w_("Hạn", "Deadline"), w_("Đánh giá", "Assessment"), w_("Xu hướng", "Trend")},
        {}};
    char letter = 'a';
    std::map<Verdict, int> verdicts;
    for (const Document& document : facts_.documents) {
      formats::ReportTable table{
          {w_("STT", "No."), w_("Chỉ tiêu", "Target"), w_("Cơ sở", "Baseline"),
           w_("Hiện tại", "Current"), w_("Mục tiêu", "Goal"), w_("Đánh giá", "Assessment")},
          {}};
      int ordinal = 0;
      for (const Item& item : facts_.targets) {
        if (item.document_id != document.id) continue;
        NQ_RETURN_IF_ERROR(Step("targets"));
        NQ_TRY(engine::TargetProgress progress, service_.engine().Progress(item.id, judged_on_));
        const Indicator& indicator = facts_.indicators.at(item.measure->indicator_id);
        const Verdict verdict = Judge(progress);
        ++verdicts[verdict];
        const int decimals = indicator.decimals;
        table.rows.push_back({Number(++ordinal, 0), Text(item.title),
                              Number(progress.baseline, decimals),
                              Number(progress.current, decimals), Number(progress.goal, decimals),
                              Text(VerdictLabel(verdict, w_))});
        sheet.rows.push_back(
            {Text(document.number), Text(item.code), Text(item.title), Text(indicator.measure_unit),
             Number(progress.baseline, decimals), Text(PeriodLabel(progress.baseline_period, w_)),
             Number(progress.current, decimals), Text(PeriodLabel(progress.current_period, w_)),
             Number(progress.goal, decimals), Text(PeriodLabel(progress.deadline, w_)),
             Text(VerdictLabel(verdict, w_)),
             Text(w_.language == Language::kVietnamese ? TargetReasonVi(progress)
                                                       : TargetReasonEn(progress))});
        if (verdict == Verdict::kNotAchieved &&
            (progress.status == engine::TargetStatus::kAtRisk ||
             progress.status == engine::TargetStatus::kOffTrack ||
             progress.status == engine::TargetStatus::kNotReached)) {
          lagging_.push_back(fmt::format("{} ({})", item.title,
                                         w_.language == Language::kVietnamese
                                             ? TargetReasonVi(progress)
                                             : TargetReasonEn(progress)));
        }
      }
      if (table.rows.empty()) continue;
      out_.blocks.push_back(Heading(3, fmt::format("{})", letter++),
                                    fmt::format("{} {}", document.number, document.title)));
      out_.blocks.push_back(Table(std::move(table)));
    }
    const int measured = verdicts[Verdict::kAchieved] + verdicts[Verdict::kExceeded] +
                         verdicts[Verdict::kNotAchieved];
    out_.blocks.push_back(Paragraph(
        w_.language == Language::kVietnamese
            ? fmt::format("Trong {} chỉ tiêu có số liệu đến ngày {}: {} chỉ tiêu vượt, {} chỉ tiêu "
                          "đạt, {} chỉ tiêu chưa đạt; {} chỉ tiêu chưa có số liệu.",
                          measured, as_of_.ToVietnamese(), verdicts[Verdict::kExceeded],
                          verdicts[Verdict::kAchieved], verdicts[Verdict::kNotAchieved],
                          verdicts[Verdict::kNoData]) +
                  (verdicts[Verdict::kNotApplicable] > 0
                       ? fmt::format(" {} chỉ tiêu không được giao phần, không tính.",
                                     verdicts[Verdict::kNotApplicable])
                       : "")
            : fmt::format("Of {} targets with data as of {}: {} exceeded, {} achieved, {} not "
                          "achieved; {} without data.",
                          measured, as_of_.ToString(), verdicts[Verdict::kExceeded],
                          verdicts[Verdict::kAchieved], verdicts[Verdict::kNotAchieved],
                          verdicts[Verdict::kNoData]) +
                  (verdicts[Verdict::kNotApplicable] > 0
                       ? fmt::format(" {} targets given no share are left out.",
                                     verdicts[Verdict::kNotApplicable])
                       : "")));
    out_.sheets.push_back({w_("Chỉ tiêu", "Targets"), std::move(sheet)});
    return Ok();
  }

  std::string StateLabel(const engine::AssignmentState& state) const {
    if (state.done) {
      return state.on_time ? w_("Hoàn thành đúng hạn", "Done on time")
                           : w_("Hoàn thành muộn", "Done late");
    }
    return state.overdue ? w_("Quá hạn", "Overdue") : w_("Chưa đến hạn", "Not yet due");
  }

  std::string Sentence(const Obligation& obligation, const engine::ObligationRollup& rollup) const {
    std::vector<std::string> not_done;
    for (const engine::AssignmentState& state : rollup.not_done) {
      not_done.push_back(facts_.units.count(state.unit_id)
                             ? facts_.units.at(state.unit_id).short_name
                             : UnitName(state.unit_id));
    }
    if (w_.language == Language::kEnglish) {
      std::string text = fmt::format("{}/{} subordinate organisations have done: {}",
                                     rollup.total.done, rollup.total.expected, obligation.title);
      if (!not_done.empty()) text += fmt::format("; not yet: {}", JoinVi(not_done, " and "));
      return text + ".";
    }
    std::vector<std::pair<int, std::string>> kinds;
    for (const engine::KindCounts& kind : rollup.by_kind) {
      auto found = facts_.kinds.find(kind.kind_id);
      kinds.emplace_back(kind.counts.done,
                         found == facts_.kinds.end() ? "" : LowerVi(found->second.name));
    }
    std::string sentence = ObligationSentenceVi(rollup.total.done, rollup.total.expected, kinds,
                                                LowerFirstWord(obligation.title), not_done);
    if (rollup.total.late > 0) {
      sentence.pop_back();
      sentence += fmt::format("; {} đơn vị hoàn thành sau thời hạn.", rollup.total.late);
    }
    return sentence;
  }

  Status Obligations() {
    formats::ReportTable sheet{
        {w_("Nhiệm vụ", "Obligation"), w_("Mã đơn vị", "Unit code"), w_("Đơn vị", "Unit"),
         w_("Loại đơn vị", "Unit kind"), w_("Tình trạng", "Status"), w_("Hạn", "Due"),
         w_("Ngày hoàn thành", "Completed on")},
        {}};
    int shown = 0;
    for (const Obligation& obligation : facts_.obligations) {
      NQ_RETURN_IF_ERROR(Step("obligations"));
      if (obligation.issued_on > as_of_) continue;
      auto rollup = service_.engine().RollupObligation(obligation.id, facts_.unit.id, as_of_);
      if (!rollup) return std::unexpected(rollup.error());
      if (rollup->total.expected == 0) continue;
      const bool finished = rollup->total.done == rollup->total.expected;
      if (obligation.due_on < request_.period.start() && finished) continue;
      ++shown;
      out_.blocks.push_back(Paragraph(Sentence(obligation, *rollup)));
      if (!finished) {
        unfinished_.push_back(fmt::format("{} ({} {})", obligation.title,
                                          rollup->total.expected - rollup->total.done,
                                          w_("đơn vị chưa hoàn thành", "units not done")));
      }
      for (const engine::AssignmentState& state : rollup->assignments) {
        const Unit& unit = facts_.units.at(state.unit_id);
        auto kind = facts_.kinds.find(unit.kind_id);
        sheet.rows.push_back({Text(obligation.title), Text(unit.code), Text(unit.name),
                              Text(kind == facts_.kinds.end() ? "" : kind->second.name),
                              Text(StateLabel(state)), Text(state.effective_due.ToVietnamese()),
                              Text(state.completed_on ? state.completed_on->ToVietnamese() : "")});
      }
    }
    if (shown == 0) {
      out_.blocks.push_back(Paragraph(w_("Trong kỳ không có nhiệm vụ được giao cho các đơn vị.",
                                         "No obligations fell in this period.")));
    }
    out_.sheets.push_back({w_("Nhiệm vụ", "Obligations"), std::move(sheet)});
    return Ok();
  }

  // Subordinate reports of the period that have been submitted or accepted.
  std::vector<const Report*> SubordinateReports() const {
    std::vector<const Report*> reports;
    for (const Report& report : facts_.reports) {
      if (report.unit_id == facts_.unit.id || !request_.period.Contains(report.period)) continue;
      if (report.status != ReportStatus::kSubmitted && report.status != ReportStatus::kAccepted) {
        continue;
      }
      if (!service_.engine().InSubtree(report.unit_id, facts_.unit.id, as_of_)) continue;
      reports.push_back(&report);
    }
    return reports;
  }

  // Identical texts from several units become one paragraph naming them all.
  void Consolidate(const std::vector<const Report*>& reports,
                   std::string ReportSections::*section) {
    std::vector<std::pair<std::string, std::vector<std::string>>> groups;
    for (const Report* report : reports) {
      const std::string& text = report->sections.*section;
      if (text.empty()) continue;
      auto found = std::find_if(groups.begin(), groups.end(),
                                [&](const auto& group) { return group.first == text; });
      const std::string origin = UnitName(report->unit_id);
      if (found == groups.end()) {
        groups.push_back({text, {origin}});
      } else {
        found->second.push_back(origin);
      }
    }
    if (groups.empty()) {
      out_.blocks.push_back(
          Paragraph(w_("Chưa có báo cáo của đơn vị trực thuộc nêu nội dung này trong kỳ.",
                       "No subordinate report of the period raises this.")));
      return;
    }
    for (const auto& [text, origins] : groups) {
      out_.blocks.push_back(Paragraph(fmt::format("- {} ({})", text, JoinVi(origins, ", "))));
    }
  }

  void Shortcomings() {
    out_.blocks.push_back(Heading(1, "II.", w_("HẠN CHẾ, NGUYÊN NHÂN", "SHORTCOMINGS AND CAUSES")));
    const auto reports = SubordinateReports();
    out_.blocks.push_back(Heading(2, "1.", w_("Hạn chế", "Shortcomings")));
    Consolidate(reports, &ReportSections::shortcomings);
    out_.blocks.push_back(Heading(2, "2.", w_("Nguyên nhân", "Causes")));
    Consolidate(reports, &ReportSections::causes);
  }

  void Tasks() {
    out_.blocks.push_back(Heading(1, "III.", w_("NHIỆM VỤ THỜI GIAN TỚI", "TASKS AHEAD")));
    for (const std::string& item : unfinished_) {
      out_.blocks.push_back(Paragraph(fmt::format(
          "- {}: {}", w_("Đôn đốc hoàn thành nhiệm vụ", "Follow up the obligation"), item)));
    }
    for (const std::string& item : lagging_) {
      out_.blocks.push_back(Paragraph(fmt::format(
          "- {}: {}", w_("Tập trung chỉ đạo thực hiện chỉ tiêu", "Concentrate on the target"),
          item)));
    }
    const auto reports = SubordinateReports();
    Consolidate(reports, &ReportSections::next_tasks);
  }

  // "Đúng hạn", "Trễ hạn", "Quá hạn", "Chưa đến hạn" in the report's language.
  std::string TimelinessText(Timeliness timeliness) const {
    if (w_.language == Language::kVietnamese) return std::string(TimelinessLabelVi(timeliness));
    switch (timeliness) {
      case Timeliness::kOnTime:
        return "On time";
      case Timeliness::kLate:
        return "Late";
      case Timeliness::kOverdue:
        return "Overdue";
      case Timeliness::kOpen:
        return "Not yet due";
    }
    return "";
  }

  // "đúng hạn" … in the report's language, for a recommendation's answer.
  std::string TimelinessWord(Timeliness timeliness) const {
    switch (timeliness) {
      case Timeliness::kOnTime:
        return w_("trả lời đúng hạn", "answered on time");
      case Timeliness::kLate:
        return w_("trả lời trễ hạn", "answered late");
      case Timeliness::kOverdue:
        return w_("quá hạn trả lời", "overdue");
      case Timeliness::kOpen:
        return w_("chưa đến hạn trả lời", "not yet due");
    }
    return "";
  }

  // The answers against their answer-by dates, in the one vocabulary of the views.
  std::string RecommendationSummary() const {
    TimelinessCounts counts;
    int dated = 0;
    for (const Recommendation& r : facts_.recommendations) {
      if (!r.due_on) continue;
      ++dated;
      counts.Add(RecommendationTimeliness(r, judged_on_));
    }
    if (dated == 0) return "";
    const std::string tally = fmt::format(
        "{} {}, {} {}, {} {}, {} {}", counts.on_time, TimelinessWord(Timeliness::kOnTime),
        counts.late, TimelinessWord(Timeliness::kLate), counts.overdue,
        TimelinessWord(Timeliness::kOverdue), counts.open, TimelinessWord(Timeliness::kOpen));
    return w_.language == Language::kVietnamese
               ? fmt::format("Trong {} đề xuất, kiến nghị có hạn trả lời: {}.", dated, tally)
               : fmt::format("Of {} recommendations with an answer-by date: {}.", dated, tally);
  }

  // " (hạn 30/06/2021, trả lời trễ hạn)" for a recommendation with an answer-by date.
  std::string DueNote(const Recommendation& r) const {
    if (!r.due_on) return "";
    return fmt::format(" ({} {}, {})", w_("hạn", "due"), r.due_on->ToVietnamese(),
                       TimelinessWord(RecommendationTimeliness(r, judged_on_)));
  }

  void Recommendations() {
    out_.blocks.push_back(Heading(1, "IV.", w_("ĐỀ XUẤT, KIẾN NGHỊ", "RECOMMENDATIONS")));
    if (std::string summary = RecommendationSummary(); !summary.empty()) {
      out_.blocks.push_back(Paragraph(summary));
    }
    out_.blocks.push_back(
        Heading(2, "1.", w_("Đề xuất, kiến nghị chưa được trả lời", "Open recommendations")));
    int open = 0;
    for (const Recommendation& r : facts_.recommendations) {
      if (r.status != RecommendationStatus::kOpen) continue;
      ++open;
      out_.blocks.push_back(
          Paragraph(fmt::format("- {}: {} ({} → {}){}", r.title, r.body, UnitName(r.from_unit_id),
                                UnitName(r.to_unit_id), DueNote(r))));
    }
    if (open == 0) out_.blocks.push_back(Paragraph(w_("Không có.", "None.")));
    out_.blocks.push_back(
        Heading(2, "2.", w_("Đề xuất, kiến nghị đã được trả lời", "Answered recommendations")));
    int answered = 0;
    for (const Recommendation& r : facts_.recommendations) {
      if (r.status == RecommendationStatus::kOpen) continue;
      ++answered;
      out_.blocks.push_back(Paragraph(fmt::format("- {} ({} → {}){}. {}: {}", r.title,
                                                  UnitName(r.from_unit_id), UnitName(r.to_unit_id),
                                                  DueNote(r), w_("Trả lời", "Answer"), r.answer)));
    }
    if (answered == 0) out_.blocks.push_back(Paragraph(w_("Không có.", "None.")));
  }

  // Values per unit: the unit and each child, for every indicator its targets measure.
  Status ValuesSheet() {
    formats::ReportTable sheet{
        {w_("Mã đơn vị", "Unit code"), w_("Đơn vị", "Unit"), w_("Mã chỉ số", "Indicator code"),
         w_("Chỉ số", "Indicator"), w_("Kỳ", "Period"), w_("Giá trị", "Value"),
         w_("Đơn vị tính", "Measure")},
        {}};
    std::set<Id> indicator_ids;
    for (const Item& item : facts_.targets) indicator_ids.insert(item.measure->indicator_id);
    NQ_TRY(std::vector<Id> children, service_.engine().Children(facts_.unit.id, as_of_));
    children.insert(children.begin(), facts_.unit.id);
    for (Id indicator_id : indicator_ids) {
      NQ_RETURN_IF_ERROR(Step("values"));
      const Indicator& indicator = facts_.indicators.at(indicator_id);
      const Period period = indicator.period_type <= request_.period.type()
                                ? request_.period
                                : Period::Containing(indicator.period_type, request_.period.end());
      for (Id unit_id : children) {
        auto rollup = service_.engine().RollupIndicator(indicator_id, unit_id, period, as_of_);
        if (!rollup || !rollup->value) continue;
        const Unit& unit = facts_.units.at(unit_id);
        sheet.rows.push_back({Text(unit.code), Text(unit.name), Text(indicator.code),
                              Text(indicator.name), Text(period.ToString()),
                              Number(rollup->value, indicator.decimals),
                              Text(indicator.measure_unit)});
      }
    }
    out_.sheets.push_back({w_("Số liệu", "Values"), std::move(sheet)});
    return Ok();
  }

  Service& service_;
  const ReportRequest& request_;
  ReportFacts facts_;
  Date as_of_;
  // Targets are judged on the period's last day (or today, when earlier), even for a unit
  // closed before: their figures end with the unit, their deadlines do not.
  Date judged_on_ = std::min(request_.period.end(), service_.Today());
  Words w_;
  const WorkControl& control_;
  size_t steps_done_ = 0;
  size_t total_steps_ = 0;
  ReportDocument out_;
  std::vector<std::string> unfinished_;
  std::vector<std::string> lagging_;
};

std::string MapCase(std::string_view text, bool upper) {
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const icu::Locale vietnamese("vi");
  if (upper) {
    unicode.toUpper(vietnamese);
  } else {
    unicode.toLower(vietnamese);
  }
  std::string out;
  unicode.toUTF8String(out);
  return out;
}

}  // namespace

std::string LowerVi(std::string_view text) { return MapCase(text, false); }
std::string UpperVi(std::string_view text) { return MapCase(text, true); }

Result<Language> ParseLanguage(std::string_view code) {
  if (code.empty() || code == "vi") return Language::kVietnamese;
  if (code == "en") return Language::kEnglish;
  return FieldError("lang", "language \"{}\" is not supported; use vi or en", code);
}

std::string ObligationSentenceVi(int done, int expected,
                                 const std::vector<std::pair<int, std::string>>& kind_names,
                                 std::string_view action,
                                 const std::vector<std::string>& not_done_names) {
  std::vector<std::string> parts;
  for (const auto& [count, name] : kind_names) {
    if (count > 0) parts.push_back(fmt::format("{} {}", count, name));
  }
  std::string sentence = fmt::format("{}/{} đảng bộ, chi bộ trực thuộc", done, expected);
  if (!parts.empty()) sentence += fmt::format(" ({})", JoinVi(parts, " và "));
  sentence += fmt::format(" đã {}", action);
  if (!not_done_names.empty()) {
    sentence += fmt::format("; còn {} đơn vị chưa thực hiện: {}", not_done_names.size(),
                            JoinVi(not_done_names, " và "));
  }
  return sentence + ".";
}

Result<ReportDocument> BuildReport(Service& service, const ReportRequest& request,
                                   const WorkControl& control) {
  // A unit closed by then (dissolved, merged) reports as it stood on its last open day.
  const std::shared_ptr<const engine::Structure> structure = service.engine().structure();
  const Date as_of = structure->LastOpenOnOrBefore(request.unit_id,
                                                   std::min(request.period.end(), service.Today()));
  NQ_TRY(ReportFacts facts, LoadReportFacts(service, request.unit_id, as_of));
  NQ_TRY(ReportDocument report,
         Builder(service, request, std::move(facts), as_of, control).Build());
  // A period that spans a reorganisation says, first, which structure the figures use.
  const engine::StructureNote note =
      engine::NoteFor(service.engine(), *structure, request.unit_id, request.period, as_of);
  if (!note.changes.empty()) {
    ReportBlock block;
    block.text = request.language == Language::kEnglish ? "Note: " + StructureNoteEn(note) + "."
                                                        : "Ghi chú: " + StructureNoteVi(note) + ".";
    report.blocks.insert(report.blocks.begin(), std::move(block));
  }
  return report;
}

}  // namespace nq::app
