// The demo's foundation: unit kinds, the term, fields, indicators and the unit tree of the three
// districts from the article (Bá Thước, Thanh Sơn, Bình Đại) under their provinces.
#include "demo/demo_internal.h"

namespace nq::app::demo {
namespace {

using namespace nq::domain;

struct KindRow {
  std::string_view code, name, name_en;
  int level;
};
constexpr KindRow kKinds[] = {
    {"quoc-gia", "Cả nước", "Country", 0},
    {"tinh", "Đảng bộ tỉnh", "Provincial Party Committee", 1},
    {"huyen", "Đảng bộ huyện", "District Party Committee", 2},
    {"xa-thi-tran", "Đảng bộ xã, thị trấn", "Commune or town Party Committee", 3},
    {"co-quan-doanh-nghiep", "Đảng bộ, chi bộ cơ quan, doanh nghiệp",
     "Party organisation of an agency or enterprise", 3},
};

constexpr std::pair<std::string_view, std::string_view> kFields[] = {
    {"kinh-te", "Kinh tế"},
    {"van-hoa-xa-hoi", "Văn hóa – xã hội"},
    {"xay-dung-dang", "Xây dựng Đảng, hệ thống chính trị"},
    {"quoc-phong-an-ninh", "Quốc phòng – an ninh"},
    {"moi-truong", "Tài nguyên – môi trường"},
};

struct IndicatorRow {
  std::string_view code, name;
  ValueType type;
  UnitAggregation across_units;
  TimeAggregation over_time;
  std::string_view measure_unit;
  int decimals;
};
// Levels that only mean something for the unit itself (income, rates) do not add up across
// units: they are reported by the unit they describe (aggregation none).
constexpr IndicatorRow kIndicators[] = {
    {"thu-nhap-binh-quan", "Thu nhập bình quân đầu người", ValueType::kNumber,
     UnitAggregation::kNone, TimeAggregation::kLast, "triệu đồng/người/năm", 1},
    {"san-pham-ocop", "Số sản phẩm OCOP đạt từ 3 sao trở lên", ValueType::kNumber,
     UnitAggregation::kSum, TimeAggregation::kLast, "sản phẩm", 0},
    {"ty-le-che-phu-rung", "Tỷ lệ che phủ rừng", ValueType::kPercent, UnitAggregation::kNone,
     TimeAggregation::kLast, "%", 1},
    {"xa-dat-chuan-ntm", "Xã đạt chuẩn nông thôn mới", ValueType::kYesNo,
     UnitAggregation::kCountYes, TimeAggregation::kLast, "xã", 0},
    {"ty-le-ho-ngheo", "Tỷ lệ hộ nghèo", ValueType::kPercent, UnitAggregation::kNone,
     TimeAggregation::kLast, "%", 2},
    {"dang-vien-ket-nap", "Số đảng viên mới được kết nạp", ValueType::kNumber,
     UnitAggregation::kSum, TimeAggregation::kSum, "đảng viên", 0},
};

// Units below a district: the short name of each commune; the town first.
struct DistrictRow {
  std::string_view code, name, short_name, province;
  std::string_view town;  // short name of the district town (thị trấn)
  std::vector<std::string_view> communes;
};

const std::vector<DistrictRow>& Districts() {
  static const std::vector<DistrictRow> districts = {
      {"ba-thuoc",
       "Đảng bộ huyện Bá Thước",
       "Bá Thước",
       "thanh-hoa",
       "Cành Nàng",
       {"Ái Thượng",  "Ban Công",    "Cổ Lũng",     "Điền Hạ",   "Điền Lư",
        "Điền Quang", "Điền Thượng", "Điền Trung",  "Hạ Trung",  "Kỳ Tân",
        "Lũng Cao",   "Lũng Niêm",   "Lương Ngoại", "Lương Nội", "Lương Trung",
        "Thành Lâm",  "Thành Sơn",   "Thiết Kế",    "Thiết Ống", "Văn Nho"}},
      {"thanh-son",
       "Đảng bộ huyện Thanh Sơn",
       "Thanh Sơn",
       "phu-tho",
       "Thanh Sơn",
       {"Sơn Hùng", "Giáp Lai",  "Thạch Khoán", "Cự Thắng",  "Tất Thắng", "Văn Miếu",
        "Cự Đồng",  "Thắng Sơn", "Hương Cần",   "Khả Cửu",   "Đông Cửu",  "Tân Lập",
        "Yên Lãng", "Yên Lương", "Thượng Cửu",  "Lương Nha", "Yên Sơn",   "Tinh Nhuệ",
        "Địch Quả", "Võ Miếu",   "Thục Luyện",  "Tân Minh"}},
      {"binh-dai",
       "Đảng bộ huyện Bình Đại",
       "Bình Đại",
       "ben-tre",
       "Bình Đại",
       {"Bình Thắng", "Bình Thới", "Châu Hưng", "Đại Hòa Lộc", "Định Trung", "Lộc Thuận",
        "Long Định", "Long Hòa", "Phú Long", "Phú Thuận", "Phú Vang", "Tam Hiệp", "Thạnh Phước",
        "Thạnh Trị", "Thới Lai", "Thới Thuận", "Thừa Đức", "Vang Quới Đông", "Vang Quới Tây"}},
  };
  return districts;
}

// Agencies and enterprises under a district: code suffix, name, short name.
struct AgencyRow {
  std::string_view suffix, name, short_name;
};

// The 22 agency and enterprise party organisations of Bá Thước (43 = 21 + 22 in the article).
const std::vector<AgencyRow>& BaThuocAgencies() {
  static const std::vector<AgencyRow> agencies = {
      {"co-quan-ubnd", "Đảng bộ Cơ quan Ủy ban nhân dân huyện", "Cơ quan UBND huyện"},
      {"dang-doan-the", "Chi bộ Cơ quan Đảng – Đoàn thể huyện", "Cơ quan Đảng – Đoàn thể"},
      {"quan-su", "Đảng bộ Quân sự huyện", "Quân sự huyện"},
      {"cong-an", "Đảng bộ Công an huyện", "Công an huyện"},
      {"trung-tam-y-te", "Chi bộ Trung tâm Y tế huyện", "Trung tâm Y tế"},
      {"thpt-ba-thuoc", "Chi bộ Trường THPT Bá Thước", "THPT Bá Thước"},
      {"thpt-ha-van-mao", "Chi bộ Trường THPT Hà Văn Mao", "THPT Hà Văn Mao"},
      {"thpt-ba-thuoc-3", "Chi bộ Trường THPT Bá Thước 3", "THPT Bá Thước 3"},
      {"gdnn-gdtx", "Chi bộ Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên huyện",
       "Trung tâm GDNN – GDTX"},
      {"ngan-hang-csxh", "Chi bộ Phòng Giao dịch Ngân hàng Chính sách xã hội huyện",
       "Ngân hàng Chính sách xã hội"},
      {"agribank", "Chi bộ Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh Bá Thước",
       "Agribank Bá Thước"},
      {"vien-kiem-sat", "Chi bộ Viện Kiểm sát nhân dân huyện", "Viện Kiểm sát nhân dân"},
      {"toa-an", "Chi bộ Tòa án nhân dân huyện", "Tòa án nhân dân"},
      {"thi-hanh-an", "Chi bộ Chi cục Thi hành án dân sự huyện", "Chi cục Thi hành án dân sự"},
      {"chi-cuc-thue", "Chi bộ Chi cục Thuế huyện", "Chi cục Thuế"},
      {"kho-bac", "Chi bộ Kho bạc Nhà nước Bá Thước", "Kho bạc Nhà nước"},
      {"dien-luc", "Chi bộ Điện lực Bá Thước", "Điện lực Bá Thước"},
      {"kiem-lam", "Chi bộ Hạt Kiểm lâm Bá Thước", "Hạt Kiểm lâm"},
      {"pu-luong", "Chi bộ Ban Quản lý Khu bảo tồn thiên nhiên Pù Luông", "Khu bảo tồn Pù Luông"},
      {"buu-dien", "Chi bộ Bưu điện huyện Bá Thước", "Bưu điện huyện"},
      {"trung-tam-van-hoa", "Chi bộ Trung tâm Văn hóa, Thông tin và Thể thao huyện",
       "Trung tâm Văn hóa – Thể thao"},
      {"ban-qlda", "Chi bộ Ban Quản lý dự án đầu tư xây dựng huyện", "Ban Quản lý dự án"},
  };
  return agencies;
}

// A few agencies each for the other two districts.
const std::vector<AgencyRow>& CommonAgencies() {
  static const std::vector<AgencyRow> agencies = {
      {"co-quan-ubnd", "Đảng bộ Cơ quan Ủy ban nhân dân huyện", "Cơ quan UBND huyện"},
      {"quan-su", "Đảng bộ Quân sự huyện", "Quân sự huyện"},
      {"cong-an", "Đảng bộ Công an huyện", "Công an huyện"},
      {"trung-tam-y-te", "Chi bộ Trung tâm Y tế huyện", "Trung tâm Y tế"},
  };
  return agencies;
}

Status AddKindsTermsFields(Demo& demo) {
  for (const KindRow& row : kKinds) {
    UnitKind kind{0, std::string(row.code), std::string(row.name), std::string(row.name_en),
                  row.level};
    NQ_TRY(UnitKind created, CreateEntity(demo.scope, std::move(kind)));
    demo.kinds.emplace(created.code, created.id);
  }
  NQ_RETURN_IF_ERROR(
      CreateEntity(demo.scope, Term{0, "2020T5", "Nhiệm kỳ 2020–2025", Period::Term(2020, 5)}));
  for (const auto& [code, name] : kFields) {
    NQ_RETURN_IF_ERROR(CreateEntity(demo.scope, Field{0, std::string(code), std::string(name)}));
  }
  return Ok();
}

Status AddIndicators(Demo& demo) {
  for (const IndicatorRow& row : kIndicators) {
    Indicator indicator;
    indicator.code = std::string(row.code);
    indicator.name = std::string(row.name);
    indicator.value_type = row.type;
    indicator.unit_aggregation = row.across_units;
    indicator.time_aggregation = row.over_time;
    indicator.period_type = PeriodType::kYear;
    indicator.measure_unit = std::string(row.measure_unit);
    indicator.decimals = row.decimals;
    NQ_TRY(Indicator created, CreateEntity(demo.scope, std::move(indicator)));
    demo.indicators.emplace(created.code, created.id);
  }
  return Ok();
}

Status AddDistrict(Demo& demo, const DistrictRow& district,
                   const std::vector<AgencyRow>& agencies) {
  const std::string prefix(district.code);
  NQ_RETURN_IF_ERROR(AddUnit(demo, prefix, std::string(district.name),
                             std::string(district.short_name), "huyen", district.province));
  // Short names are unique within the district; the town is named as such where it shares the
  // district's name.
  std::string town_short = district.town == district.short_name
                               ? fmt::format("Thị trấn {}", district.town)
                               : std::string(district.town);
  NQ_RETURN_IF_ERROR(AddUnit(demo, prefix + "-" + Slug(town_short),
                             fmt::format("Đảng bộ thị trấn {}", district.town), town_short,
                             "xa-thi-tran", district.code));
  for (std::string_view commune : district.communes) {
    NQ_RETURN_IF_ERROR(AddUnit(demo, prefix + "-" + Slug(commune),
                               fmt::format("Đảng bộ xã {}", commune), std::string(commune),
                               "xa-thi-tran", district.code));
  }
  for (const AgencyRow& agency : agencies) {
    NQ_RETURN_IF_ERROR(AddUnit(demo, fmt::format("{}-{}", prefix, agency.suffix),
                               std::string(agency.name), std::string(agency.short_name),
                               "co-quan-doanh-nghiep", district.code));
  }
  return Ok();
}

Status AddUnitTree(Demo& demo) {
  NQ_RETURN_IF_ERROR(AddUnit(demo, "viet-nam", "Việt Nam", "Việt Nam", "quoc-gia", std::nullopt));
  constexpr std::pair<std::string_view, std::string_view> kProvinces[] = {
      {"thanh-hoa", "Thanh Hóa"}, {"phu-tho", "Phú Thọ"}, {"ben-tre", "Bến Tre"}};
  for (const auto& [code, short_name] : kProvinces) {
    NQ_RETURN_IF_ERROR(AddUnit(demo, std::string(code), fmt::format("Đảng bộ tỉnh {}", short_name),
                               std::string(short_name), "tinh", "viet-nam"));
  }
  for (const DistrictRow& district : Districts()) {
    NQ_RETURN_IF_ERROR(AddDistrict(
        demo, district, district.code == "ba-thuoc" ? BaThuocAgencies() : CommonAgencies()));
  }
  return Ok();
}

}  // namespace

Status LoadFoundation(Demo& demo) {
  NQ_RETURN_IF_ERROR(AddKindsTermsFields(demo));
  NQ_RETURN_IF_ERROR(AddIndicators(demo));
  return AddUnitTree(demo);
}

}  // namespace nq::app::demo
