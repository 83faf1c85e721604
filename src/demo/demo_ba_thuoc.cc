// Bá Thước (Thanh Hóa), Congress XXIII: the resolution with its targets, 2 key programs and
// 3 breakthroughs; the action program and whole-term work program; the dissemination
// conferences held by 43/43 subordinate organisations (21 communes/town + 22 agencies); 100% of
// them issuing action programs; the standing committee and who is in charge of what.
#include "demo/demo_internal.h"
#include "storage/store.h"

namespace nq::app::demo {
namespace {

using namespace nq::domain;

constexpr std::string_view kResolution = "nq-dh23-ba-thuoc";
constexpr std::string_view kActionProgram = "ctrhd-dh23-ba-thuoc";
constexpr std::string_view kWorkProgram = "ctrlv-toan-khoa-ba-thuoc";
constexpr std::string_view kProject = "da-ocop-ba-thuoc";

Status AddDocuments(Demo& demo) {
  const DocumentSpec documents[] = {
      {.code = kResolution,
       .kind = DocumentKind::kResolution,
       .number = "01-NQ/ĐH",
       .title = "Nghị quyết Đại hội Đảng bộ huyện Bá Thước lần thứ XXIII, nhiệm kỳ 2020–2025",
       .issuer = "ba-thuoc",
       .issued_on = "2020-07-17"},
      {.code = kActionProgram,
       .kind = DocumentKind::kActionProgram,
       .number = "01-CTr/HU",
       .title = "Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ huyện Bá Thước lần "
                "thứ XXIII, nhiệm kỳ 2020–2025",
       .issuer = "ba-thuoc",
       .issued_on = "2020-09-25"},
      {.code = kWorkProgram,
       .kind = DocumentKind::kWorkProgram,
       .number = "02-CTr/HU",
       .title = "Chương trình làm việc toàn khóa của Ban Chấp hành Đảng bộ huyện Bá Thước khóa "
                "XXIII, nhiệm kỳ 2020–2025",
       .issuer = "ba-thuoc",
       .issued_on = "2020-09-25"},
      {.code = kProject,
       .kind = DocumentKind::kProject,
       .number = "1250/ĐA-UBND",
       .title = "Đề án phát triển sản phẩm OCOP huyện Bá Thước giai đoạn 2021–2025",
       .issuer = "ba-thuoc",
       .issued_on = "2021-03-12",
       .period_from = "2021",
       .period_to = "2025"},
  };
  for (const DocumentSpec& spec : documents) NQ_RETURN_IF_ERROR(AddDocument(demo, spec));
  return Ok();
}

Status AddResolutionItems(Demo& demo) {
  using enum ItemKind;
  const std::vector<ItemSpec> items = {
      {.kind = kGoal,
       .code = "MT",
       .title = "Xây dựng Đảng bộ và hệ thống chính trị trong sạch, vững mạnh; phát huy sức mạnh "
                "đại đoàn kết các dân tộc; khai thác hiệu quả tiềm năng, lợi thế, đưa Bá Thước "
                "phát triển nhanh, bền vững",
       .field = "xay-dung-dang"},
      {.kind = kTarget,
       .code = "CT1",
       .title = "Thu nhập bình quân đầu người đến năm 2025 đạt 50 triệu đồng",
       .field = "kinh-te",
       .parent = "MT",
       .measure = MeasureSpec{"thu-nhap-binh-quan", 29.0, "2020", 50, "2025", Direction::kRaise}},
      {.kind = kTarget,
       .code = "CT2",
       .title = "Đến năm 2025 có ít nhất 15 sản phẩm đạt chuẩn OCOP từ 3 sao trở lên",
       .field = "kinh-te",
       .parent = "MT",
       .measure = MeasureSpec{"san-pham-ocop", 3, "2020", 15, "2025", Direction::kRaise}},
      {.kind = kTarget,
       .code = "CT3",
       .title = "Có thêm 7 xã đạt chuẩn nông thôn mới, nâng tổng số lên 10 xã",
       .field = "kinh-te",
       .parent = "MT",
       .measure = MeasureSpec{"xa-dat-chuan-ntm", 3, "2020", 10, "2025", Direction::kRaise}},
      {.kind = kTarget,
       .code = "CT4",
       .title = "Tỷ lệ che phủ rừng duy trì ổn định trên 82%",
       .field = "moi-truong",
       .parent = "MT",
       .measure = MeasureSpec{"ty-le-che-phu-rung", 80.2, "2020", 82, "2025", Direction::kReach}},
      {.kind = kTarget,
       .code = "CT5",
       .title = "Tỷ lệ hộ nghèo giảm bình quân 3%/năm, đến năm 2025 còn dưới 8%",
       .field = "van-hoa-xa-hoi",
       .parent = "MT",
       .measure = MeasureSpec{"ty-le-ho-ngheo", 22.8, "2020", 8, "2025", Direction::kLower}},
      {.kind = kTarget,
       .code = "CT6",
       .title = "Hằng năm có trên 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
       .field = "xay-dung-dang",
       .parent = "MT"},
      {.kind = kKeyProgram,
       .code = "CTTT1",
       .title = "Chương trình chuyển dịch cơ cấu cây trồng, vật nuôi, hình thành sản phẩm hàng "
                "hóa chủ lực có lợi thế, xây dựng thương hiệu và chỉ dẫn địa lý, gắn với Chương "
                "trình mỗi xã một sản phẩm (OCOP)",
       .field = "kinh-te"},
      {.kind = kSolution,
       .code = "GP1.1",
       .title = "Quy hoạch vùng sản xuất hàng hóa tập trung; hỗ trợ hợp tác xã, tổ hợp tác xây "
                "dựng, đăng ký nhãn hiệu sản phẩm",
       .field = "kinh-te",
       .parent = "CTTT1"},
      {.kind = kKeyProgram,
       .code = "CTTT2",
       .title = "Chương trình phát triển nông nghiệp hữu cơ, nông nghiệp sạch, ứng dụng công nghệ "
                "cao, trọng tâm là cây ăn quả, rau quả sạch và một số loại cây nguyên liệu",
       .field = "kinh-te"},
      {.kind = kSolution,
       .code = "GP2.1",
       .title = "Thu hút doanh nghiệp đầu tư liên kết sản xuất, bao tiêu sản phẩm nông nghiệp sạch",
       .field = "kinh-te",
       .parent = "CTTT2"},
      {.kind = kBreakthrough,
       .code = "DP1",
       .title = "Xây dựng đội ngũ cán bộ, nhất là người đứng đầu, đáp ứng yêu cầu nhiệm vụ trong "
                "giai đoạn mới",
       .field = "xay-dung-dang"},
      {.kind = kBreakthrough,
       .code = "DP2",
       .title = "Huy động nguồn lực đầu tư kết cấu hạ tầng, trọng tâm là giao thông và hạ tầng du "
                "lịch Pù Luông",
       .field = "kinh-te"},
      {.kind = kBreakthrough,
       .code = "DP3",
       .title = "Nâng cao vai trò lãnh đạo, chỉ đạo của cấp ủy, hiệu lực, hiệu quả quản lý nhà "
                "nước; đẩy mạnh cải cách hành chính",
       .field = "xay-dung-dang"},
      {.kind = kKeyTask,
       .code = "NV1",
       .title = "Lãnh đạo tổ chức thành công cuộc bầu cử đại biểu Quốc hội khóa XV và đại biểu "
                "Hội đồng nhân dân các cấp nhiệm kỳ 2021–2026",
       .field = "xay-dung-dang"},
      {.kind = kKeyTask,
       .code = "NV2",
       .title = "Giữ vững quốc phòng, an ninh, trật tự an toàn xã hội; xây dựng khu vực phòng thủ "
                "huyện vững chắc",
       .field = "quoc-phong-an-ninh"},
  };
  NQ_RETURN_IF_ERROR(AddItems(demo, kResolution, items));

  const std::vector<ItemSpec> action_items = {
      {.kind = kTask,
       .code = "1",
       .title = "Tổ chức nghiên cứu, học tập, quán triệt Nghị quyết đến cán bộ, đảng viên và nhân "
                "dân; 100% tổ chức cơ sở đảng xây dựng chương trình hành động",
       .field = "xay-dung-dang"},
      {.kind = kTask,
       .code = "2",
       .title = "Xây dựng và triển khai Đề án phát triển sản phẩm OCOP giai đoạn 2021–2025",
       .field = "kinh-te"},
      {.kind = kTask,
       .code = "3",
       .title = "Ban hành kế hoạch phát triển nông nghiệp hữu cơ, ứng dụng công nghệ cao gắn với "
                "vùng cây ăn quả và rau quả sạch",
       .field = "kinh-te"},
      {.kind = kTask,
       .code = "4",
       .title = "Rà soát, quy hoạch, đào tạo, luân chuyển cán bộ; đánh giá cán bộ theo kết quả "
                "thực hiện nhiệm vụ",
       .field = "xay-dung-dang"},
  };
  NQ_RETURN_IF_ERROR(AddItems(demo, kActionProgram, action_items));
  const std::vector<ItemSpec> project_items = {
      {.kind = kTarget,
       .code = "1",
       .title = "Mỗi năm có thêm ít nhất 2 sản phẩm đạt chuẩn OCOP từ 3 sao trở lên",
       .field = "kinh-te"},
  };
  NQ_RETURN_IF_ERROR(AddItems(demo, kProject, project_items));
  const std::string program = std::string(kActionProgram);
  const std::string resolution = std::string(kResolution);
  return AddLinks(
      demo,
      {
          {program + "/2", resolution + "/CTTT1", LinkKind::kSupports, std::nullopt},
          {program + "/3", resolution + "/CTTT2", LinkKind::kSupports, std::nullopt},
          {program + "/4", resolution + "/DP1", LinkKind::kSupports, std::nullopt},
          {std::string(kProject) + "/1", resolution + "/CT2", LinkKind::kContributes, std::nullopt},
      });
}

// Facts for the targets' progress: district-level rates and the communes' new-rural status
// and OCOP products.
Status AddValues(Demo& demo) {
  NQ_RETURN_IF_ERROR(PutDemoValues(demo, "thu-nhap-binh-quan",
                                   {{"ba-thuoc", "2020", 29.0}, {"ba-thuoc", "2021", 33.0}}));
  NQ_RETURN_IF_ERROR(PutDemoValues(demo, "ty-le-che-phu-rung",
                                   {{"ba-thuoc", "2020", 80.2}, {"ba-thuoc", "2021", 80.9}}));
  NQ_RETURN_IF_ERROR(PutDemoValues(demo, "ty-le-ho-ngheo",
                                   {{"ba-thuoc", "2020", 22.8}, {"ba-thuoc", "2021", 19.5}}));
  NQ_RETURN_IF_ERROR(PutDemoValues(demo, "san-pham-ocop",
                                   {{"ba-thuoc-lung-cao", "2020", 1},
                                    {"ba-thuoc-thanh-son", "2020", 1},
                                    {"ba-thuoc-ai-thuong", "2020", 1},
                                    {"ba-thuoc-lung-cao", "2021", 2},
                                    {"ba-thuoc-thanh-son", "2021", 2},
                                    {"ba-thuoc-ai-thuong", "2021", 1},
                                    {"ba-thuoc-dien-trung", "2021", 1}}));
  constexpr std::string_view kNewRural2020[] = {"ba-thuoc-ai-thuong", "ba-thuoc-dien-trung",
                                                "ba-thuoc-luong-ngoai"};
  constexpr std::string_view kNewRural2021 = "ba-thuoc-lung-niem";
  NQ_TRY(Id commune_kind, KindId(demo, "xa-thi-tran"));
  std::vector<ValueSpec> new_rural;
  for (const auto& [code, id] : demo.units) {
    if (!code.starts_with("ba-thuoc-") || code == "ba-thuoc-canh-nang") continue;
    NQ_TRY(Unit unit, storage::Get<Unit>(demo.scope.tx(), id));
    if (unit.kind_id != commune_kind) continue;
    const bool in_2020 = std::find(std::begin(kNewRural2020), std::end(kNewRural2020), code) !=
                         std::end(kNewRural2020);
    new_rural.push_back({code, "2020", in_2020});
    new_rural.push_back({code, "2021", in_2020 || code == kNewRural2021});
  }
  return PutDemoValues(demo, "xa-dat-chuan-ntm", new_rural);
}

// The issuing body's abbreviation in a unit's document numbers: ĐU for a party committee
// (đảng ủy), CB for a party cell (chi bộ).
std::string_view IssuerSuffix(const Unit& unit) {
  return unit.name.starts_with("Chi bộ") ? "CB" : "ĐU";
}

Assignment Done(Assignment assignment, Date completed_on, Evidence evidence) {
  assignment.status = AssignmentStatus::kDone;
  assignment.completed_on = completed_on;
  assignment.evidence = std::move(evidence);
  return assignment;
}

// Obligation 1: every one of the 43 held its conference between 5/1 and 30/3/2021.
Status AddDissemination(Demo& demo) {
  Obligation obligation;
  obligation.code = "ba-thuoc-quan-triet-dh23";
  obligation.title =
      "Tổ chức hội nghị nghiên cứu, học tập, quán triệt, triển khai Nghị quyết "
      "Đại hội XXIII đến cán bộ, đảng viên và nhân dân";
  obligation.issued_on = Day("2020-10-01");
  obligation.due_on = Day("2021-03-31");
  const Date first = Day("2021-01-05");
  NQ_TRY(Id commune_kind, KindId(demo, "xa-thi-tran"));
  auto plan = [&](int index, const Unit& unit, Assignment assignment) {
    const Date held = first.AddDays(index * 2);  // the last of 43 on 30/3
    Evidence evidence;
    evidence.document_number = fmt::format("{}-KH/{}", Spread(index, 1, 8, 45), IssuerSuffix(unit));
    evidence.document_date = held.AddDays(-Spread(index, 2, 7, 14));
    const bool commune = unit.kind_id == commune_kind;
    evidence.attendance = {
        {"cán bộ, đảng viên", commune ? Spread(index, 3, 120, 380) : Spread(index, 3, 12, 95)},
        {"nhân dân", commune ? Spread(index, 4, 250, 900) : Spread(index, 4, 10, 60)}};
    evidence.note = fmt::format("Hội nghị quán triệt tổ chức ngày {}", held.ToVietnamese());
    return std::optional<Assignment>(Done(std::move(assignment), held, std::move(evidence)));
  };
  NQ_RETURN_IF_ERROR(AddObligation(demo, std::move(obligation), "ba-thuoc", kResolution, plan));
  return Ok();
}

// Obligation 2: 100% of the grassroots organisations issued their action programs by 30/6.
Status AddActionPrograms(Demo& demo) {
  Obligation obligation;
  obligation.code = "ba-thuoc-ctr-hanh-dong-dh23";
  obligation.title = "Xây dựng chương trình hành động thực hiện Nghị quyết Đại hội XXIII";
  obligation.issued_on = Day("2020-10-01");
  obligation.due_on = Day("2021-06-30");
  const Date first = Day("2021-02-01");
  auto plan = [&](int index, const Unit& unit, Assignment assignment) {
    const Date issued = first.AddDays(index * 3 + Spread(index, 5, 0, 2));  // by 2021-06-10
    Evidence evidence;
    evidence.document_number =
        fmt::format("{}-CTr/{}", Spread(index, 6, 2, 20), IssuerSuffix(unit));
    evidence.document_date = issued;
    return std::optional<Assignment>(Done(std::move(assignment), issued, std::move(evidence)));
  };
  NQ_RETURN_IF_ERROR(AddObligation(demo, std::move(obligation), "ba-thuoc", kActionProgram, plan));
  return Ok();
}

// Obligation 3: the half-year review, the one the office still has to chase. 35 done (4 of
// them late), 8 not done: 4 started, 4 not.
Status AddHalfYearReview(Demo& demo) {
  static constexpr std::string_view kLate[] = {"ba-thuoc-dien-ha", "ba-thuoc-ky-tan",
                                               "ba-thuoc-kiem-lam", "ba-thuoc-trung-tam-van-hoa"};
  static constexpr std::string_view kStarted[] = {"ba-thuoc-thiet-ke", "ba-thuoc-van-nho",
                                                  "ba-thuoc-buu-dien", "ba-thuoc-thi-hanh-an"};
  static constexpr std::string_view kNotStarted[] = {
      "ba-thuoc-thanh-lam", "ba-thuoc-ban-qlda", "ba-thuoc-thpt-ba-thuoc-3", "ba-thuoc-agribank"};
  auto listed = [](const auto& codes, const std::string& code) {
    return std::find(std::begin(codes), std::end(codes), code) != std::end(codes);
  };
  Obligation obligation;
  obligation.code = "ba-thuoc-so-ket-6-thang-2021";
  obligation.title = "Báo cáo sơ kết 6 tháng đầu năm 2021 thực hiện Nghị quyết Đại hội XXIII";
  obligation.issued_on = Day("2021-06-10");
  obligation.due_on = Day("2021-07-15");
  auto plan = [&](int index, const Unit& unit, Assignment assignment) -> std::optional<Assignment> {
    if (listed(kNotStarted, unit.code)) return std::nullopt;
    if (listed(kStarted, unit.code)) {
      assignment.status = AssignmentStatus::kInProgress;
      assignment.evidence.note = "Đang tổng hợp số liệu";
      return assignment;
    }
    const Date sent = listed(kLate, unit.code) ? Day("2021-07-16").AddDays(Spread(index, 7, 0, 6))
                                               : Day("2021-07-01").AddDays(Spread(index, 7, 0, 14));
    Evidence evidence;
    evidence.document_number =
        fmt::format("{}-BC/{}", Spread(index, 8, 15, 60), IssuerSuffix(unit));
    evidence.document_date = sent;
    return Done(std::move(assignment), sent, std::move(evidence));
  };
  NQ_RETURN_IF_ERROR(AddObligation(demo, std::move(obligation), "ba-thuoc", kResolution, plan));
  return Ok();
}

struct PersonRow {
  std::string_view key, name, position;
  std::vector<std::string_view> fields;
};

// The standing committee; each member is also in charge of a share of the 43 organisations.
Status AddStandingCommittee(Demo& demo) {
  const std::vector<PersonRow> people = {
      {"bi-thu", "Lê Văn Hùng", "Bí thư Huyện ủy", {"xay-dung-dang"}},
      {"pbt-tt", "Phạm Thị Thu Hà", "Phó Bí thư Thường trực Huyện ủy", {"xay-dung-dang"}},
      {"pbt-ct",
       "Hà Văn Thắng",
       "Phó Bí thư Huyện ủy, Chủ tịch Ủy ban nhân dân huyện",
       {"kinh-te"}},
      {"to-chuc",
       "Lương Văn Minh",
       "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Huyện ủy",
       {"xay-dung-dang"}},
      {"tuyen-giao",
       "Trương Thị Lan",
       "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Huyện ủy",
       {"van-hoa-xa-hoi"}},
      {"kiem-tra",
       "Hà Văn Toàn",
       "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Huyện ủy",
       {"xay-dung-dang"}},
      {"pct",
       "Nguyễn Văn Sơn",
       "Ủy viên Ban Thường vụ, Phó Chủ tịch Ủy ban nhân dân huyện",
       {"kinh-te", "moi-truong"}},
      {"quan-su",
       "Bùi Văn Dũng",
       "Ủy viên Ban Thường vụ, Chỉ huy trưởng Ban Chỉ huy Quân sự huyện",
       {"quoc-phong-an-ninh"}},
      {"cong-an",
       "Lò Văn Tuấn",
       "Ủy viên Ban Thường vụ, Trưởng Công an huyện",
       {"quoc-phong-an-ninh"}},
  };
  NQ_TRY(Id district, UnitId(demo, "ba-thuoc"));
  std::vector<Id> person_ids;
  for (const PersonRow& row : people) {
    Person person{0, std::string(row.name), std::string(row.position), district, 1};
    NQ_TRY(Person created, CreateEntity(demo.scope, std::move(person)));
    demo.people.emplace(fmt::format("ba-thuoc/{}", row.key), created.id);
    person_ids.push_back(created.id);
    for (std::string_view field : row.fields) {
      Responsibility responsibility{
          0, created.id, "2020T5", std::string(field), std::nullopt, "Phụ trách lĩnh vực"};
      NQ_RETURN_IF_ERROR(CreateEntity(demo.scope, std::move(responsibility)));
    }
  }
  // The subordinate organisations in turn, round the committee (phân công phụ trách địa bàn).
  NQ_TRY(auto versions,
         storage::List<UnitVersion>(demo.scope.tx(), {storage::Eq("parent_id", district)}));
  for (size_t index = 0; index < versions.size(); ++index) {
    NQ_TRY(Unit unit, storage::Get<Unit>(demo.scope.tx(), versions[index].unit_id));
    Responsibility responsibility{0,       person_ids[index % person_ids.size()], "2020T5", "",
                                  unit.id, fmt::format("Phụ trách {}", unit.name)};
    NQ_RETURN_IF_ERROR(CreateEntity(demo.scope, std::move(responsibility)));
  }
  return Ok();
}

}  // namespace

Status LoadBaThuoc(Demo& demo) {
  NQ_RETURN_IF_ERROR(AddDocuments(demo));
  NQ_RETURN_IF_ERROR(AddResolutionItems(demo));
  NQ_RETURN_IF_ERROR(AddValues(demo));
  NQ_RETURN_IF_ERROR(AddDissemination(demo));
  NQ_RETURN_IF_ERROR(AddActionPrograms(demo));
  NQ_RETURN_IF_ERROR(AddHalfYearReview(demo));
  return AddStandingCommittee(demo);
}

}  // namespace nq::app::demo
