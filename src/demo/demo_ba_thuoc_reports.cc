// Bá Thước's communes report on the first half of 2021: some accepted, some submitted, one still
// a draft, one returned for more figures. Most communes have not reported yet, and no commune
// has a 2021 year report, so the UI and the tests have something left to do.
#include "demo/demo_internal.h"

namespace nq::app::demo {
namespace {

using namespace nq::domain;

enum class Outcome { kDraft, kSubmitted, kAccepted, kReturned };

struct ReportRow {
  std::string_view commune;  // short name
  std::string_view code;
  Outcome outcome;
  int members;              // cán bộ, đảng viên at the dissemination conference
  double turnout;           // voter turnout at the 2021 elections, percent
  std::string_view result;  // what the commune did in its own words
  std::string_view shortcoming;
  std::string_view recommendation;
};

const std::vector<ReportRow>& Rows() {
  static const std::vector<ReportRow> rows = {
      {"Lũng Cao", "ba-thuoc-lung-cao", Outcome::kAccepted, 214, 99.6,
       "Chuyển đổi 35 ha đất trồng lúa kém hiệu quả sang trồng cây ăn quả có múi; sản phẩm "
       "gạo nếp Hạt cau Lũng Cao được công nhận OCOP 3 sao",
       "Du lịch cộng đồng tại bản Son, bản Bá chưa khai thác hết tiềm năng",
       "Đề nghị huyện hỗ trợ kinh phí xây dựng nhãn hiệu tập thể cho sản phẩm gạo nếp Hạt cau"},
      {"Cành Nàng", "ba-thuoc-canh-nang", Outcome::kAccepted, 356, 99.2,
       "Hoàn thành chỉnh trang đô thị khu phố 3; thu ngân sách trên địa bàn đạt 58% dự toán",
       "Việc xử lý rác thải sinh hoạt tại các khu phố còn bất cập",
       "Đề nghị huyện sớm phê duyệt quy hoạch chi tiết khu dân cư mới phía Nam thị trấn"},
      {"Ái Thượng", "ba-thuoc-ai-thuong", Outcome::kAccepted, 198, 99.8,
       "Duy trì 19/19 tiêu chí nông thôn mới; phát triển 12 ha rau an toàn theo chuỗi liên kết",
       "Một số tiêu chí nông thôn mới về thu nhập, hộ nghèo chưa bền vững",
       "Đề nghị huyện hỗ trợ xây dựng xã đạt chuẩn nông thôn mới nâng cao"},
      {"Lương Ngoại", "ba-thuoc-luong-ngoai", Outcome::kAccepted, 176, 99.5,
       "Trồng mới 42 ha rừng sản xuất; kết nạp 6 đảng viên mới",
       "Chất lượng sinh hoạt chi bộ ở một số thôn chưa cao",
       "Đề nghị hỗ trợ giống cây lâm nghiệp chất lượng cao"},
      {"Ban Công", "ba-thuoc-ban-cong", Outcome::kSubmitted, 187, 99.4,
       "Phát triển 20 ha cây ăn quả theo hướng hữu cơ; sửa chữa 3 km đường giao thông nông thôn",
       "Tỷ lệ hộ nghèo còn cao so với bình quân chung của huyện",
       "Đề nghị huyện ưu tiên vốn Chương trình 135 cho các thôn đặc biệt khó khăn"},
      {"Cổ Lũng", "ba-thuoc-co-lung", Outcome::kSubmitted, 232, 99.1,
       "Phối hợp với Khu bảo tồn Pù Luông phát triển 5 điểm du lịch cộng đồng",
       "Công tác quản lý, bảo vệ rừng còn để xảy ra vi phạm",
       "Đề nghị tăng cường lực lượng kiểm lâm địa bàn"},
      {"Điền Hạ", "ba-thuoc-dien-ha", Outcome::kDraft, 165, 99.0,
       "Hoàn thành bầu cử đại biểu Hội đồng nhân dân xã nhiệm kỳ 2021–2026", "", ""},
      {"Điền Lư", "ba-thuoc-dien-lu", Outcome::kReturned, 241, 99.3,
       "Triển khai mô hình trồng mía nguyên liệu thâm canh 15 ha",
       "Chưa có số liệu đánh giá kết quả chuyển dịch cơ cấu cây trồng",
       "Đề nghị huyện hỗ trợ làm đường nội đồng vùng mía nguyên liệu"},
  };
  return rows;
}

ReportSections SectionsOf(const ReportRow& row) {
  ReportSections sections;
  sections.results = fmt::format(
      "Đảng ủy tổ chức hội nghị quán triệt Nghị quyết Đại hội Đảng bộ huyện lần thứ XXIII đến "
      "{} cán bộ, đảng viên và ban hành chương trình hành động thực hiện Nghị quyết. Lãnh đạo tổ "
      "chức thành công cuộc bầu cử đại biểu Quốc hội khóa XV và đại biểu Hội đồng nhân dân các "
      "cấp nhiệm kỳ 2021–2026 trên địa bàn {}, tỷ lệ cử tri đi bầu đạt {:.1f}%. {}.",
      row.members, row.commune, row.turnout, row.result);
  if (row.outcome == Outcome::kDraft) return sections;
  sections.shortcomings = fmt::format(
      "{}. Việc chuyển dịch cơ cấu cây trồng, vật nuôi còn chậm; liên kết sản xuất, tiêu thụ "
      "sản phẩm chưa bền vững.",
      row.shortcoming);
  sections.causes =
      "Địa hình chia cắt, hạ tầng giao thông còn khó khăn; nguồn lực đầu tư hạn chế; sản xuất "
      "chịu ảnh hưởng của dịch Covid-19 và thời tiết bất thường.";
  sections.next_tasks =
      "Tập trung thực hiện Chương trình chuyển dịch cơ cấu cây trồng, vật nuôi gắn với Chương "
      "trình mỗi xã một sản phẩm (OCOP); phát triển nông nghiệp hữu cơ, rau quả sạch; củng cố, "
      "kiện toàn đội ngũ cán bộ cơ sở; giữ vững an ninh chính trị, trật tự an toàn xã hội.";
  sections.recommendations = fmt::format("{}.", row.recommendation);
  return sections;
}

Status AddReport(Demo& demo, const ReportRow& row) {
  Report report;
  NQ_TRY(report.unit_id, UnitId(demo, row.code));
  report.period = Per("2021S1");
  report.sections = SectionsOf(row);
  NQ_TRY(Report created, CreateReport(demo.scope, std::move(report)));
  if (row.outcome == Outcome::kDraft) return Ok();
  NQ_TRY(Report submitted,
         TransitionReport(demo.scope, created.id, ReportAction::kSubmit, "", created.version));
  switch (row.outcome) {
    case Outcome::kAccepted:
      NQ_RETURN_IF_ERROR(TransitionReport(demo.scope, submitted.id, ReportAction::kAccept,
                                          "Báo cáo đầy đủ, đúng thời hạn", submitted.version));
      return Ok();
    case Outcome::kReturned: {
      const std::string why =
          "Đề nghị bổ sung số liệu về diện tích chuyển đổi cây trồng và số đảng viên mới kết nạp "
          "trong 6 tháng đầu năm";
      NQ_RETURN_IF_ERROR(TransitionReport(demo.scope, submitted.id, ReportAction::kReturn, why,
                                          submitted.version));
      Comment comment{0,
                      "report",
                      submitted.id,
                      "Văn phòng Huyện ủy Bá Thước",
                      why + "; gửi lại trước ngày 30/7/2021.",
                      NoonOf("2021-07-20")};
      NQ_RETURN_IF_ERROR(CreateEntity(demo.scope, std::move(comment)));
      return Ok();
    }
    case Outcome::kDraft:
    case Outcome::kSubmitted:
      return Ok();
  }
  return Ok();
}

}  // namespace

Status LoadBaThuocReports(Demo& demo) {
  for (const ReportRow& row : Rows()) NQ_RETURN_IF_ERROR(AddReport(demo, row));
  return Ok();
}

}  // namespace nq::app::demo
