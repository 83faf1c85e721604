// Bình Đại (Bến Tre), Congress XII: the resolution's 6 key tasks and 3 breakthrough tasks, the
// 4 plans named in the article plus the plans on clean and strong party cells and on admitting
// members, the 10 key tasks of 2021, the 4 proposals raised to the province, and comments.
#include "demo/demo_internal.h"
#include "storage/store.h"

namespace nq::app::demo {
namespace {

using namespace nq::domain;

constexpr std::string_view kCongress = "nq-dh12-binh-dai";
constexpr std::string_view kWorkProgram2021 = "ctrlv-2021-binh-dai";

Status AddCongressResolution(Demo& demo) {
  NQ_RETURN_IF_ERROR(AddDocument(
      demo, {.code = kCongress,
             .kind = DocumentKind::kResolution,
             .number = "01-NQ/ĐH",
             .title = "Nghị quyết Đại hội XII Đảng bộ huyện Bình Đại, nhiệm kỳ 2020–2025",
             .issuer = "binh-dai",
             .issued_on = "2020-08-14"}));
  using enum ItemKind;
  return AddItems(
      demo, kCongress,
      {{.kind = kKeyTask,
        .code = "NV1",
        .title = "Phát triển kinh tế thủy sản theo hướng tăng năng suất, chất lượng, gắn với liên "
                 "kết tiêu thụ sản phẩm",
        .field = "kinh-te"},
       {.kind = kKeyTask,
        .code = "NV2",
        .title = "Phát triển công nghiệp chế biến và năng lượng tái tạo, trọng tâm là điện gió ven "
                 "biển",
        .field = "kinh-te"},
       {.kind = kKeyTask,
        .code = "NV3",
        .title = "Phát triển du lịch gắn với kinh tế biển, bảo tồn và phát huy giá trị di sản văn "
                 "hóa",
        .field = "van-hoa-xa-hoi"},
       {.kind = kKeyTask,
        .code = "NV4",
        .title = "Đẩy mạnh xây dựng nông thôn mới, đô thị văn minh",
        .field = "kinh-te"},
       {.kind = kKeyTask,
        .code = "NV5",
        .title = "Phát triển văn hóa, giáo dục, y tế; nâng cao đời sống vật chất, tinh thần của "
                 "nhân dân; giữ vững quốc phòng, an ninh",
        .field = "van-hoa-xa-hoi"},
       {.kind = kKeyTask,
        .code = "NV6",
        .title = "Xây dựng Đảng và hệ thống chính trị trong sạch, vững mạnh; phát huy vai trò nêu "
                 "gương của người đứng đầu",
        .field = "xay-dung-dang"},
       {.kind = kBreakthrough,
        .code = "DP1",
        .title = "Đầu tư kết cấu hạ tầng giao thông, hạ tầng kỹ thuật công nghiệp kết nối vùng "
                 "ven biển",
        .field = "kinh-te"},
       {.kind = kBreakthrough,
        .code = "DP2",
        .title = "Xây dựng đội ngũ cán bộ tâm huyết, chuyên nghiệp, phục vụ nhân dân và doanh "
                 "nghiệp",
        .field = "xay-dung-dang"},
       {.kind = kBreakthrough,
        .code = "DP3",
        .title = "Đẩy mạnh cải cách hành chính, chuyển đổi số, cải thiện môi trường đầu tư, kinh "
                 "doanh",
        .field = "xay-dung-dang"}});
}

struct PlanRow {
  std::string_view code, number, title, issued_on, task, field;
  std::vector<std::string_view> implements;  // items of the congress resolution
};

Status AddPlans(Demo& demo) {
  const std::vector<PlanRow> plans = {
      {"kh-thuy-san-binh-dai",
       "15-KH/HU",
       "Kế hoạch phát triển kinh tế thủy sản theo hướng tăng năng suất, chất lượng gắn với liên "
       "kết tiêu thụ sản phẩm",
       "2020-11-20",
       "Phát triển vùng nuôi tôm thâm canh, siêu thâm canh ứng dụng công nghệ cao",
       "kinh-te",
       {"NV1"}},
      {"kh-cong-nghiep-binh-dai",
       "16-KH/HU",
       "Kế hoạch tập trung xây dựng hạ tầng kỹ thuật công nghiệp, phát triển mạnh công nghiệp chế "
       "biến và năng lượng tái tạo giai đoạn 2020–2025",
       "2020-11-20",
       "Hoàn thành hạ tầng cụm công nghiệp; hỗ trợ các dự án điện gió ven biển",
       "kinh-te",
       {"NV2", "DP1"}},
      {"kh-du-lich-binh-dai",
       "17-KH/HU",
       "Kế hoạch phát triển du lịch gắn với phát triển kinh tế biển, bảo tồn và phát huy giá trị "
       "di sản văn hóa giai đoạn 2020–2025",
       "2020-12-01",
       "Hình thành tuyến du lịch biển, du lịch sinh thái gắn với di tích lịch sử",
       "van-hoa-xa-hoi",
       {"NV3"}},
      {"kh-can-bo-binh-dai",
       "18-KH/HU",
       "Kế hoạch xây dựng đội ngũ cán bộ tâm huyết, chuyên nghiệp phục vụ nhân dân và doanh "
       "nghiệp",
       "2020-12-01",
       "Đánh giá cán bộ theo sản phẩm cụ thể, gắn với mức độ hài lòng của người dân",
       "xay-dung-dang",
       {"DP2"}},
      {"kh-chi-bo-tsvm-binh-dai",
       "19-KH/HU",
       "Kế hoạch xây dựng chi bộ “trong sạch, vững mạnh toàn diện”",
       "2020-12-15",
       "Mỗi năm có trên 90% chi bộ đạt “trong sạch, vững mạnh”",
       "xay-dung-dang",
       {"NV6"}},
      {"kh-ket-nap-dang-vien-binh-dai",
       "20-KH/HU",
       "Kế hoạch kết nạp đảng viên giai đoạn 2020–2025",
       "2020-12-15",
       "Kết nạp bình quân mỗi năm 140 đảng viên trở lên; không còn ấp, khu phố chưa có đảng viên",
       "xay-dung-dang",
       {"NV6"}},
  };
  std::vector<LinkSpec> links;
  for (const PlanRow& row : plans) {
    NQ_RETURN_IF_ERROR(AddDocument(demo, {.code = row.code,
                                          .kind = DocumentKind::kPlan,
                                          .number = row.number,
                                          .title = row.title,
                                          .issuer = "binh-dai",
                                          .issued_on = row.issued_on}));
    NQ_RETURN_IF_ERROR(
        AddItems(demo, row.code,
                 {{.kind = ItemKind::kTask, .code = "1", .title = row.task, .field = row.field}}));
    for (std::string_view upper : row.implements) {
      links.push_back({fmt::format("{}/1", row.code), fmt::format("{}/{}", kCongress, upper),
                       LinkKind::kSupports, std::nullopt});
    }
  }
  return AddLinks(demo, links);
}

Status AddWorkProgram2021(Demo& demo) {
  NQ_RETURN_IF_ERROR(AddDocument(
      demo, {.code = kWorkProgram2021,
             .kind = DocumentKind::kWorkProgram,
             .number = "07-CTr/HU",
             .title = "Chương trình làm việc năm 2021 của Ban Thường vụ Huyện ủy Bình Đại",
             .issuer = "binh-dai",
             .issued_on = "2021-01-15",
             .period_from = "2021",
             .period_to = "2021",
             .theme = "Năng động, tạo đột phá trong xây dựng nông thôn mới"}));
  constexpr std::pair<std::string_view, std::string_view> kTasks[] = {
      {"xay-dung-dang",
       "Quán triệt, triển khai Nghị quyết Đại hội XIII của Đảng, Nghị quyết Đại hội Đảng bộ tỉnh "
       "lần thứ XI và Nghị quyết Đại hội Đảng bộ huyện lần thứ XII"},
      {"xay-dung-dang",
       "Lãnh đạo tổ chức thành công cuộc bầu cử đại biểu Quốc hội khóa XV và đại biểu Hội đồng "
       "nhân dân các cấp nhiệm kỳ 2021–2026"},
      {"kinh-te",
       "Tập trung xây dựng nông thôn mới theo chủ đề năm “Năng động, tạo đột phá trong xây dựng "
       "nông thôn mới”"},
      {"van-hoa-xa-hoi", "Phòng, chống dịch Covid-19; phục hồi sản xuất, kinh doanh"},
      {"moi-truong", "Chủ động ứng phó hạn mặn, bảo đảm nước sinh hoạt và nước cho sản xuất"},
      {"kinh-te", "Đẩy nhanh tiến độ các dự án điện gió ven biển và hạ tầng cụm công nghiệp"},
      {"kinh-te", "Phát triển vùng nuôi tôm công nghệ cao, liên kết tiêu thụ sản phẩm thủy sản"},
      {"xay-dung-dang",
       "Đẩy mạnh cải cách hành chính, nâng cao mức độ hài lòng của người dân, doanh nghiệp"},
      {"xay-dung-dang",
       "Củng cố, kiện toàn tổ chức bộ máy; xây dựng chi bộ trong sạch, vững mạnh toàn diện"},
      {"quoc-phong-an-ninh",
       "Giữ vững quốc phòng, an ninh; hoàn thành công tác tuyển chọn, gọi công dân nhập ngũ"},
  };
  std::vector<std::string> codes;
  for (size_t index = 0; index < std::size(kTasks); ++index) {
    codes.push_back(fmt::format("NV{:02}", index + 1));
  }
  std::vector<ItemSpec> items;
  for (size_t index = 0; index < std::size(kTasks); ++index) {
    items.push_back({.kind = ItemKind::kKeyTask,
                     .code = codes[index],
                     .title = kTasks[index].second,
                     .field = kTasks[index].first});
  }
  NQ_RETURN_IF_ERROR(AddItems(demo, kWorkProgram2021, items));
  const std::string program = std::string(kWorkProgram2021);
  const std::string congress = std::string(kCongress);
  return AddLinks(demo,
                  {
                      {program + "/NV03", congress + "/NV4", LinkKind::kSupports, std::nullopt},
                      {program + "/NV06", congress + "/DP1", LinkKind::kSupports, std::nullopt},
                      {program + "/NV07", congress + "/NV1", LinkKind::kSupports, std::nullopt},
                      {program + "/NV08", congress + "/DP3", LinkKind::kSupports, std::nullopt},
                  });
}

enum class Fate { kOpen, kAnswered, kClosed };

struct ProposalRow {
  std::string_view document, item, title, body, created, due;
  Fate fate;
  std::string_view answer;
};

// The 4 proposals raised to the province to remove obstacles.
Status AddProposals(Demo& demo) {
  const std::vector<ProposalRow> proposals = {
      {"nq-tu-ben-tre-2021", "CT07",
       "Hỗ trợ kinh phí đầu tư cống, đê bao ngăn mặn phục vụ sản xuất",
       "Hạn mặn ngày càng gay gắt, ảnh hưởng trực tiếp đến sản xuất nông nghiệp, thủy sản của "
       "các xã ven biển; đề nghị Tỉnh hỗ trợ kinh phí đầu tư hệ thống cống, đê bao ngăn mặn.",
       "2021-02-05", "2021-04-30", Fate::kAnswered,
       "Ủy ban nhân dân tỉnh đã bố trí vốn phòng, chống thiên tai năm 2021 cho các công trình "
       "ngăn mặn trên địa bàn huyện; giao Sở Nông nghiệp và Phát triển nông thôn hướng dẫn thực "
       "hiện."},
      {"nq-tu-ben-tre-2021", "CT03",
       "Sớm phê duyệt quy hoạch chi tiết cụm công nghiệp và hỗ trợ đầu tư hạ tầng kỹ thuật",
       "Để thu hút nhà đầu tư chế biến thủy sản và phục vụ các dự án năng lượng tái tạo, đề nghị "
       "Tỉnh sớm phê duyệt quy hoạch chi tiết và hỗ trợ vốn đầu tư hạ tầng cụm công nghiệp.",
       "2021-02-05", "2021-06-30", Fate::kOpen, ""},
      {"nq-tu-ben-tre-2021", "CT06",
       "Hướng dẫn bộ tiêu chí xã nông thôn mới nâng cao, kiểu mẫu giai đoạn 2021–2025",
       "Đề nghị Tỉnh sớm ban hành hướng dẫn bộ tiêu chí xã đạt chuẩn nông thôn mới nâng cao, "
       "nông thôn mới kiểu mẫu giai đoạn 2021–2025 để huyện triển khai.",
       "2021-02-05", "2021-03-31", Fate::kClosed,
       "Văn phòng Điều phối nông thôn mới tỉnh đã ban hành hướng dẫn tạm thời; sẽ cập nhật khi "
       "Trung ương ban hành bộ tiêu chí mới."},
      {"nq-dh12-binh-dai", "NV3", "Hỗ trợ đầu tư hạ tầng du lịch ven biển gắn với bảo tồn di tích",
       "Đề nghị Tỉnh đưa tuyến đường ven biển và hạ tầng khu di tích vào danh mục đầu tư công "
       "trung hạn 2021–2025 để phát triển du lịch gắn với kinh tế biển.",
       "2021-03-10", "2021-06-30", Fate::kOpen, ""},
  };
  NQ_TRY(Id from, UnitId(demo, "binh-dai"));
  NQ_TRY(Id to, UnitId(demo, "ben-tre"));
  for (const ProposalRow& row : proposals) {
    Recommendation recommendation;
    recommendation.from_unit_id = from;
    recommendation.to_unit_id = to;
    NQ_TRY(recommendation.item_id, ItemId(demo, row.document, row.item));
    recommendation.title = std::string(row.title);
    recommendation.body = std::string(row.body);
    recommendation.due_on = Day(row.due);
    recommendation.created_at = NoonOf(row.created);
    NQ_TRY(Recommendation created, CreateEntity(demo.scope, std::move(recommendation)));
    if (row.fate == Fate::kOpen) continue;
    NQ_TRY(Recommendation answered,
           AnswerRecommendation(demo.scope, created.id, std::string(row.answer), created.version));
    if (row.fate == Fate::kClosed) {
      NQ_RETURN_IF_ERROR(CloseRecommendation(demo.scope, answered.id, answered.version));
    }
  }
  return Ok();
}

Status AddPeopleAndComments(Demo& demo) {
  NQ_TRY(Id district, UnitId(demo, "binh-dai"));
  NQ_TRY(Person secretary,
         CreateEntity(demo.scope,
                      Person{0, "Nguyễn Thanh Phong", "Bí thư Huyện ủy Bình Đại", district, 1}));
  NQ_TRY(Person chair, CreateEntity(demo.scope, Person{0, "Huỳnh Thị Kim Loan",
                                                       "Phó Bí thư Huyện ủy, Chủ tịch Ủy ban "
                                                       "nhân dân huyện Bình Đại",
                                                       district, 1}));
  const Responsibility responsibilities[] = {
      {0, secretary.id, "2020T5", "xay-dung-dang", std::nullopt, "Phụ trách chung"},
      {0, chair.id, "2020T5", "kinh-te", std::nullopt, "Chỉ đạo xây dựng nông thôn mới"},
  };
  for (const Responsibility& responsibility : responsibilities) {
    NQ_RETURN_IF_ERROR(CreateEntity(demo.scope, responsibility));
  }
  struct CommentRow {
    std::string_view document, item, author, body, day;
  };
  const CommentRow comments[] = {
      {"nq-hu-binh-dai-2021", "CT05", "Văn phòng Huyện ủy Bình Đại",
       "Xã Thạnh Trị và xã Bình Thới đăng ký về đích nông thôn mới năm 2021; đề nghị các ngành "
       "ưu tiên nguồn lực hỗ trợ.",
       "2021-03-02"},
      {"nq-tu-ben-tre-2021", "CT04", "Văn phòng Tỉnh ủy Bến Tre",
       "Chỉ tiêu kim ngạch xuất khẩu do cấp tỉnh theo dõi, các huyện không cụ thể hóa.",
       "2021-01-05"},
  };
  for (const CommentRow& row : comments) {
    NQ_TRY(Id item, ItemId(demo, row.document, row.item));
    Comment comment{
        0, "item", item, std::string(row.author), std::string(row.body), NoonOf(row.day)};
    NQ_RETURN_IF_ERROR(CreateEntity(demo.scope, std::move(comment)));
  }
  return Ok();
}

}  // namespace

Status LoadBinhDaiPlans(Demo& demo) {
  NQ_RETURN_IF_ERROR(AddCongressResolution(demo));
  NQ_RETURN_IF_ERROR(AddPlans(demo));
  NQ_RETURN_IF_ERROR(AddWorkProgram2021(demo));
  NQ_RETURN_IF_ERROR(AddProposals(demo));
  return AddPeopleAndComments(demo);
}

}  // namespace nq::app::demo
