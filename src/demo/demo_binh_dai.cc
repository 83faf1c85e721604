// Bình Đại (Bến Tre), the 2021 cascade: the province's resolution on 2021 with its 24 targets
// and theme "Đồng thuận – Sáng tạo", concretized into the district's 20 targets under the theme
// "Năng động, tạo đột phá trong xây dựng nông thôn mới". 22 provincial targets are carried down
// (some district targets carry two); export turnover and the urbanisation rate are the
// province's alone. Then the dissemination of both to every branch and locality.
#include "demo/demo_internal.h"
#include "storage/store.h"

namespace nq::app::demo {
namespace {

using namespace nq::domain;

constexpr std::string_view kProvince = "nq-tu-ben-tre-2021";
constexpr std::string_view kDistrict = "nq-hu-binh-dai-2021";

struct TargetRow {
  std::string_view code, field, title;
};

constexpr TargetRow kProvinceTargets[] = {
    {"CT01", "kinh-te", "Tốc độ tăng trưởng kinh tế (GRDP) đạt 6,5%"},
    {"CT02", "kinh-te", "GRDP bình quân đầu người đạt 58 triệu đồng"},
    {"CT03", "kinh-te", "Tổng vốn đầu tư phát triển toàn xã hội đạt 24.000 tỷ đồng"},
    {"CT04", "kinh-te", "Kim ngạch xuất khẩu đạt 1,3 tỷ USD"},
    {"CT05", "kinh-te", "Tổng thu ngân sách nhà nước trên địa bàn đạt 4.300 tỷ đồng"},
    {"CT06", "kinh-te",
     "Có thêm 10 xã đạt chuẩn nông thôn mới và 4 xã đạt chuẩn nông thôn mới nâng cao"},
    {"CT07", "kinh-te", "Giá trị sản xuất nông nghiệp, thủy sản tăng 2,5%"},
    {"CT08", "kinh-te", "Sản lượng thủy sản đạt 470.000 tấn"},
    {"CT09", "kinh-te", "Có thêm 20 sản phẩm đạt chuẩn OCOP từ 3 sao trở lên"},
    {"CT10", "kinh-te", "Thành lập mới 600 doanh nghiệp"},
    {"CT11", "kinh-te", "Tỷ lệ đô thị hóa đạt 24%"},
    {"CT12", "moi-truong", "Tỷ lệ hộ dân nông thôn sử dụng nước sạch đạt 70%"},
    {"CT13", "moi-truong", "Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý đạt 92%"},
    {"CT14", "moi-truong", "Trồng mới 500.000 cây xanh phân tán"},
    {"CT15", "van-hoa-xa-hoi", "Giảm tỷ lệ hộ nghèo từ 0,5% đến 1%"},
    {"CT16", "van-hoa-xa-hoi", "Tỷ lệ dân số tham gia bảo hiểm y tế đạt 91%"},
    {"CT17", "van-hoa-xa-hoi", "Đạt 9,2 bác sĩ và 26 giường bệnh trên 1 vạn dân"},
    {"CT18", "van-hoa-xa-hoi",
     "Giải quyết việc làm cho 20.000 lao động; tỷ lệ lao động qua đào tạo đạt 67%"},
    {"CT19", "van-hoa-xa-hoi", "Tỷ lệ trường đạt chuẩn quốc gia đạt 70%"},
    {"CT20", "van-hoa-xa-hoi", "Tỷ lệ hộ gia đình đạt chuẩn văn hóa đạt 92%"},
    {"CT21", "xay-dung-dang", "Kết nạp 1.700 đảng viên mới"},
    {"CT22", "xay-dung-dang", "Trên 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên"},
    {"CT23", "xay-dung-dang", "Trên 90% đảng viên hoàn thành tốt nhiệm vụ trở lên"},
    {"CT24", "quoc-phong-an-ninh", "Hoàn thành 100% chỉ tiêu tuyển chọn và gọi công dân nhập ngũ"},
};
// Province-level only: Bình Đại declares both not applicable to it. Thạnh Phú, the other
// district of the demo's Bến Tre, concretizes every other target but declares only CT04 and
// forgets CT11: the province's matrix shows it missing there.
constexpr std::string_view kNotApplicable[] = {"CT04", "CT11"};
constexpr std::string_view kNotApplicableReason =
    "Chỉ tiêu do cấp tỉnh thực hiện, huyện không có phần giao";
constexpr std::string_view kThanhPhu = "nq-hu-thanh-phu-2021";

constexpr TargetRow kDistrictTargets[] = {
    {"CT01", "kinh-te", "Giá trị sản xuất các ngành kinh tế tăng 7%"},
    {"CT02", "kinh-te", "Thu nhập bình quân đầu người đạt 62 triệu đồng"},
    {"CT03", "kinh-te", "Tổng vốn đầu tư toàn xã hội trên địa bàn đạt 3.200 tỷ đồng"},
    {"CT04", "kinh-te", "Thu ngân sách nhà nước trên địa bàn đạt 255 tỷ đồng"},
    {"CT05", "kinh-te",
     "Có thêm 2 xã đạt chuẩn nông thôn mới, nâng tổng số lên 8 xã; 1 xã đạt chuẩn nông thôn mới "
     "nâng cao"},
    {"CT06", "kinh-te",
     "Giá trị sản xuất nông nghiệp, thủy sản tăng 3%; sản lượng thủy sản đạt 150.000 tấn"},
    {"CT07", "kinh-te", "Có thêm 3 sản phẩm đạt chuẩn OCOP từ 3 sao trở lên"},
    {"CT08", "kinh-te", "Thành lập mới 45 doanh nghiệp"},
    {"CT09", "moi-truong", "Tỷ lệ hộ dân nông thôn sử dụng nước sạch đạt 68%"},
    {"CT10", "moi-truong",
     "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý đạt 90%; trồng mới 40.000 cây xanh "
     "phân tán"},
    {"CT11", "van-hoa-xa-hoi", "Giảm tỷ lệ hộ nghèo 0,8%"},
    {"CT12", "van-hoa-xa-hoi", "Tỷ lệ dân số tham gia bảo hiểm y tế đạt 90,5%"},
    {"CT13", "van-hoa-xa-hoi", "Đạt 7,5 bác sĩ và 22 giường bệnh trên 1 vạn dân"},
    {"CT14", "van-hoa-xa-hoi", "Giải quyết việc làm cho 1.700 lao động"},
    {"CT15", "van-hoa-xa-hoi", "Có thêm 3 trường đạt chuẩn quốc gia"},
    {"CT16", "van-hoa-xa-hoi", "Tỷ lệ hộ gia đình đạt chuẩn văn hóa đạt 93%"},
    {"CT17", "xay-dung-dang", "Kết nạp 140 đảng viên mới"},
    {"CT18", "xay-dung-dang", "Trên 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên"},
    {"CT19", "xay-dung-dang", "Trên 90% đảng viên hoàn thành tốt nhiệm vụ trở lên"},
    {"CT20", "quoc-phong-an-ninh", "Giao quân đạt 100% chỉ tiêu"},
};

// District target → provincial target it concretizes, how, and the district's quota.
struct CascadeRow {
  std::string_view district, province;
  LinkKind kind;
  std::optional<double> share;
};
constexpr CascadeRow kCascade[] = {
    {"CT01", "CT01", LinkKind::kLocalized, std::nullopt},
    {"CT02", "CT02", LinkKind::kLocalized, std::nullopt},
    {"CT03", "CT03", LinkKind::kAllocatedShare, 3200},
    {"CT04", "CT05", LinkKind::kAllocatedShare, 255},
    {"CT05", "CT06", LinkKind::kAllocatedShare, 2},
    {"CT06", "CT07", LinkKind::kContributes, std::nullopt},
    {"CT06", "CT08", LinkKind::kAllocatedShare, 150000},
    {"CT07", "CT09", LinkKind::kAllocatedShare, 3},
    {"CT08", "CT10", LinkKind::kAllocatedShare, 45},
    {"CT09", "CT12", LinkKind::kLocalized, std::nullopt},
    {"CT10", "CT13", LinkKind::kLocalized, std::nullopt},
    {"CT10", "CT14", LinkKind::kAllocatedShare, 40000},
    {"CT11", "CT15", LinkKind::kLocalized, std::nullopt},
    {"CT12", "CT16", LinkKind::kLocalized, std::nullopt},
    {"CT13", "CT17", LinkKind::kLocalized, std::nullopt},
    {"CT14", "CT18", LinkKind::kAllocatedShare, 1700},
    {"CT15", "CT19", LinkKind::kContributes, std::nullopt},
    {"CT16", "CT20", LinkKind::kLocalized, std::nullopt},
    {"CT17", "CT21", LinkKind::kAllocatedShare, 140},
    {"CT18", "CT22", LinkKind::kIdentical, std::nullopt},
    {"CT19", "CT23", LinkKind::kIdentical, std::nullopt},
    {"CT20", "CT24", LinkKind::kIdentical, std::nullopt},
};

bool Listed(std::string_view code) {
  return std::find(std::begin(kNotApplicable), std::end(kNotApplicable), code) !=
         std::end(kNotApplicable);
}

// Thạnh Phú, beside Bình Đại under the province: its own resolution carries each provincial
// target it has a part of as one of its own.
Status AddThanhPhu(Demo& demo) {
  NQ_RETURN_IF_ERROR(
      AddUnit(demo, "thanh-phu", "Đảng bộ huyện Thạnh Phú", "Thạnh Phú", "huyen", "ben-tre"));
  NQ_RETURN_IF_ERROR(
      AddDocument(demo, {.code = kThanhPhu,
                         .kind = DocumentKind::kResolution,
                         .number = "07-NQ/HU",
                         .title = "Nghị quyết Huyện ủy Thạnh Phú về nhiệm vụ năm 2021",
                         .issuer = "thanh-phu",
                         .issued_on = "2021-01-15",
                         .period_from = "2021",
                         .period_to = "2021"}));
  std::vector<ItemSpec> targets;
  std::vector<LinkSpec> links;
  for (const TargetRow& row : kProvinceTargets) {
    if (Listed(row.code)) continue;
    targets.push_back(
        {.kind = ItemKind::kTarget, .code = row.code, .title = row.title, .field = row.field});
    links.push_back({fmt::format("{}/{}", kThanhPhu, row.code),
                     fmt::format("{}/{}", kProvince, row.code), LinkKind::kLocalized});
  }
  NQ_RETURN_IF_ERROR(AddItems(demo, kThanhPhu, targets));
  NQ_RETURN_IF_ERROR(AddLinks(demo, links));
  return AddDeclaration(demo, "thanh-phu", fmt::format("{}/CT04", kProvince), kNotApplicableReason);
}

Status AddCascade(Demo& demo) {
  NQ_RETURN_IF_ERROR(
      AddDocument(demo, {.code = kProvince,
                         .kind = DocumentKind::kResolution,
                         .number = "10-NQ/TU",
                         .title = "Nghị quyết Tỉnh ủy Bến Tre về phương hướng, nhiệm vụ năm 2021",
                         .issuer = "ben-tre",
                         .issued_on = "2020-12-18",
                         .period_from = "2021",
                         .period_to = "2021",
                         .theme = "Đồng thuận – Sáng tạo"}));
  NQ_RETURN_IF_ERROR(AddDocument(
      demo, {.code = kDistrict,
             .kind = DocumentKind::kResolution,
             .number = "05-NQ/HU",
             .title = "Nghị quyết Huyện ủy Bình Đại về vận dụng, cụ thể hóa chỉ tiêu năm 2021",
             .issuer = "binh-dai",
             .issued_on = "2021-01-12",
             .period_from = "2021",
             .period_to = "2021",
             .theme = "Năng động, tạo đột phá trong xây dựng nông thôn mới"}));
  std::vector<ItemSpec> province;
  for (const TargetRow& row : kProvinceTargets) {
    province.push_back(
        {.kind = ItemKind::kTarget, .code = row.code, .title = row.title, .field = row.field});
  }
  NQ_RETURN_IF_ERROR(AddItems(demo, kProvince, province));
  std::vector<ItemSpec> district;
  for (const TargetRow& row : kDistrictTargets) {
    ItemSpec spec{
        .kind = ItemKind::kTarget, .code = row.code, .title = row.title, .field = row.field};
    if (row.code == "CT02") {
      spec.measure = MeasureSpec{"thu-nhap-binh-quan", 57.4, "2020", 62, "2021", Direction::kRaise};
    } else if (row.code == "CT05") {
      spec.measure = MeasureSpec{"xa-dat-chuan-ntm", 6, "2020", 8, "2021", Direction::kRaise};
    }
    district.push_back(spec);
  }
  NQ_RETURN_IF_ERROR(AddItems(demo, kDistrict, district));
  std::vector<LinkSpec> links;
  for (const CascadeRow& row : kCascade) {
    links.push_back({fmt::format("{}/{}", kDistrict, row.district),
                     fmt::format("{}/{}", kProvince, row.province), row.kind, row.share});
  }
  NQ_RETURN_IF_ERROR(AddLinks(demo, links));
  for (std::string_view code : kNotApplicable) {
    NQ_RETURN_IF_ERROR(AddDeclaration(demo, "binh-dai", fmt::format("{}/{}", kProvince, code),
                                      kNotApplicableReason));
  }
  return AddThanhPhu(demo);
}

// The communes that met the new-rural standard: 6 by 2020, 2 more in 2021 (the district's
// target for the year). Income per head for the district. Members admitted in 2021.
Status AddValues(Demo& demo) {
  constexpr std::string_view kBy2020[] = {"binh-dai-tam-hiep",  "binh-dai-long-hoa",
                                          "binh-dai-chau-hung", "binh-dai-dinh-trung",
                                          "binh-dai-phu-long",  "binh-dai-long-dinh"};
  constexpr std::string_view kIn2021[] = {"binh-dai-thanh-tri", "binh-dai-binh-thoi"};
  auto listed = [](const auto& codes, std::string_view code) {
    return std::find(std::begin(codes), std::end(codes), code) != std::end(codes);
  };
  NQ_TRY(Id commune_kind, KindId(demo, "xa-thi-tran"));
  std::vector<ValueSpec> new_rural;
  std::vector<ValueSpec> admitted;
  int index = 0;
  for (const auto& [code, id] : demo.units) {
    if (!code.starts_with("binh-dai-")) continue;
    NQ_TRY(Unit unit, storage::Get<Unit>(demo.scope.tx(), id));
    admitted.push_back({code, "2021", Spread(index++, 12, 2, 9)});
    if (unit.kind_id != commune_kind || code == "binh-dai-thi-tran-binh-dai") continue;
    const bool by_2020 = listed(kBy2020, code);
    new_rural.push_back({code, "2020", by_2020});
    new_rural.push_back({code, "2021", by_2020 || listed(kIn2021, code)});
  }
  NQ_RETURN_IF_ERROR(PutDemoValues(demo, "xa-dat-chuan-ntm", new_rural));
  NQ_RETURN_IF_ERROR(PutDemoValues(demo, "dang-vien-ket-nap", admitted));
  return PutDemoValues(demo, "thu-nhap-binh-quan",
                       {{"binh-dai", "2020", 57.4}, {"binh-dai", "2021", 60.8}});
}

// Both resolutions taken to cadres, members and people "from the first months of 2021": all
// 24 organisations, two of them after the deadline.
Status AddDissemination(Demo& demo) {
  Obligation obligation;
  obligation.code = "binh-dai-quan-triet-nq-2021";
  obligation.title =
      "Quán triệt, triển khai Nghị quyết Tỉnh ủy, Huyện ủy năm 2021 đến cán bộ, "
      "đảng viên, hội viên và quần chúng nhân dân; đề ra giải pháp cụ thể của "
      "từng ngành, từng địa phương";
  obligation.issued_on = Day("2021-01-12");
  obligation.due_on = Day("2021-03-15");
  auto plan = [&](int index, const Unit& unit, Assignment assignment) {
    const bool late = unit.code == "binh-dai-thua-duc" || unit.code == "binh-dai-cong-an";
    const Date held = late ? Day("2021-03-22") : Day("2021-01-20").AddDays(index * 2);
    assignment.status = AssignmentStatus::kDone;
    assignment.completed_on = held;
    assignment.evidence.document_number = fmt::format(
        "{}-KH/{}", Spread(index, 13, 3, 25), unit.name.starts_with("Chi bộ") ? "CB" : "ĐU");
    assignment.evidence.document_date = held.AddDays(-7);
    assignment.evidence.attendance = {{"cán bộ, đảng viên", Spread(index, 14, 30, 220)},
                                      {"hội viên, nhân dân", Spread(index, 15, 80, 600)}};
    return std::optional<Assignment>(std::move(assignment));
  };
  NQ_RETURN_IF_ERROR(AddObligation(demo, std::move(obligation), "binh-dai", kDistrict, plan));
  return Ok();
}

// The half-year review of 2021 under the district's regime: every commune and the town report
// 2021S1 by 15 July (data cut off on 14 June, Decree 09/2019/NĐ-CP). Most are on time; three
// are late; Thừa Đức's date was extended to 25 July for the Covid-19 distancing and it reported
// within it; Lộc Thuận sent nothing and Thạnh Phước left its report a draft.
Status AddHalfYearReview(Demo& demo) {
  Regime regime;
  regime.code = "binh-dai-so-ket-6-thang";
  regime.name = "Báo cáo sơ kết 6 tháng (Hướng dẫn 05-HD/HU)";
  NQ_TRY(regime.issuer_unit_id, UnitId(demo, "binh-dai"));
  regime.period_type = PeriodType::kHalf;
  regime.due_days = 15;
  regime.cutoff_days = 16;
  NQ_TRY(Id commune_kind, KindId(demo, "xa-thi-tran"));
  regime.kind_ids = {commune_kind};
  NQ_TRY(Regime created, CreateEntity(demo.scope, std::move(regime)));
  Extension extension;
  extension.regime_id = created.id;
  NQ_TRY(extension.unit_id, UnitId(demo, "binh-dai-thua-duc"));
  extension.period = Per("2021S1");
  extension.due_on = Day("2021-07-25");
  extension.reason = "Địa phương thực hiện giãn cách xã hội phòng, chống dịch Covid-19";
  NQ_TRY(Extension extended, CreateEntity(demo.scope, std::move(extension)));
  (void)extended;

  constexpr std::pair<std::string_view, std::string_view> kLate[] = {
      {"binh-dai-thoi-lai", "2021-07-19"},
      {"binh-dai-vang-quoi-tay", "2021-07-21"},
      {"binh-dai-phu-vang", "2021-07-26"},
      {"binh-dai-thua-duc", "2021-07-23"}};  // within its extension
  int index = 0;
  for (const auto& [code, id] : demo.units) {
    if (!code.starts_with("binh-dai-")) continue;
    NQ_TRY(Unit unit, storage::Get<Unit>(demo.scope.tx(), id));
    if (unit.kind_id != commune_kind || code == "binh-dai-loc-thuan") continue;
    Report report;
    report.unit_id = id;
    report.period = Per("2021S1");
    report.regime_id = created.id;
    report.sections.results = fmt::format(
        "{} hoàn thành các chỉ tiêu 6 tháng đầu năm 2021 theo Nghị quyết Đảng bộ huyện.",
        unit.short_name);
    NQ_TRY(Report opened, CreateReport(demo.scope, std::move(report)));
    if (code == "binh-dai-thanh-phuoc") continue;  // still a draft
    NQ_TRY(Report sent,
           TransitionReport(demo.scope, opened.id, ReportAction::kSubmit, "", opened.version));
    std::string_view day = "";
    for (const auto& [late, on] : kLate) {
      if (late == code) day = on;
    }
    const std::string on_time = Day("2021-07-05").AddDays(index++ % 10).ToString();
    sent.submitted_at = NoonOf(day.empty() ? std::string_view(on_time) : day);
    NQ_TRY(Report dated, UpdateEntity(demo.scope, std::move(sent)));
    (void)dated;
  }
  return Ok();
}

}  // namespace

Status LoadBinhDaiCascade(Demo& demo) {
  NQ_RETURN_IF_ERROR(AddCascade(demo));
  NQ_RETURN_IF_ERROR(AddValues(demo));
  NQ_RETURN_IF_ERROR(AddHalfYearReview(demo));
  return AddDissemination(demo);
}

}  // namespace nq::app::demo
