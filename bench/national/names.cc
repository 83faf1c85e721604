#include "bench/national/names.h"

#include <fmt/format.h>

#include <array>

namespace nq::bench {
namespace {

constexpr std::array<std::string_view, 34> kNewProvinces = {
    "Hà Nội",     "Huế",      "Lai Châu",  "Điện Biên", "Sơn La",      "Lạng Sơn",    "Quảng Ninh",
    "Thanh Hóa",  "Nghệ An",  "Hà Tĩnh",   "Cao Bằng",  "Tuyên Quang", "Lào Cai",     "Thái Nguyên",
    "Phú Thọ",    "Bắc Ninh", "Hưng Yên",  "Hải Phòng", "Ninh Bình",   "Quảng Trị",   "Đà Nẵng",
    "Quảng Ngãi", "Gia Lai",  "Khánh Hòa", "Lâm Đồng",  "Đắk Lắk",     "Hồ Chí Minh", "Đồng Nai",
    "Tây Ninh",   "Cần Thơ",  "Vĩnh Long", "Đồng Tháp", "Cà Mau",      "An Giang"};

constexpr std::array<std::string_view, 63> kOldProvinces = {"Hà Nội",
                                                            "Hà Giang",
                                                            "Cao Bằng",
                                                            "Bắc Kạn",
                                                            "Tuyên Quang",
                                                            "Lào Cai",
                                                            "Điện Biên",
                                                            "Lai Châu",
                                                            "Sơn La",
                                                            "Yên Bái",
                                                            "Hòa Bình",
                                                            "Thái Nguyên",
                                                            "Lạng Sơn",
                                                            "Quảng Ninh",
                                                            "Bắc Giang",
                                                            "Phú Thọ",
                                                            "Vĩnh Phúc",
                                                            "Bắc Ninh",
                                                            "Hải Dương",
                                                            "Hải Phòng",
                                                            "Hưng Yên",
                                                            "Thái Bình",
                                                            "Hà Nam",
                                                            "Nam Định",
                                                            "Ninh Bình",
                                                            "Thanh Hóa",
                                                            "Nghệ An",
                                                            "Hà Tĩnh",
                                                            "Quảng Bình",
                                                            "Quảng Trị",
                                                            "Thừa Thiên Huế",
                                                            "Đà Nẵng",
                                                            "Quảng Nam",
                                                            "Quảng Ngãi",
                                                            "Bình Định",
                                                            "Phú Yên",
                                                            "Khánh Hòa",
                                                            "Ninh Thuận",
                                                            "Bình Thuận",
                                                            "Kon Tum",
                                                            "Gia Lai",
                                                            "Đắk Lắk",
                                                            "Đắk Nông",
                                                            "Lâm Đồng",
                                                            "Bình Phước",
                                                            "Tây Ninh",
                                                            "Bình Dương",
                                                            "Đồng Nai",
                                                            "Bà Rịa – Vũng Tàu",
                                                            "Hồ Chí Minh",
                                                            "Long An",
                                                            "Tiền Giang",
                                                            "Bến Tre",
                                                            "Trà Vinh",
                                                            "Vĩnh Long",
                                                            "Đồng Tháp",
                                                            "An Giang",
                                                            "Kiên Giang",
                                                            "Cần Thơ",
                                                            "Hậu Giang",
                                                            "Sóc Trăng",
                                                            "Bạc Liêu",
                                                            "Cà Mau"};

constexpr std::array<std::string_view, 40> kSyllables = {
    "An",    "Bình", "Hòa",   "Phú",   "Tân",   "Thạnh", "Long",  "Mỹ",   "Đông", "Tây",
    "Nam",   "Bắc",  "Thanh", "Hưng",  "Phước", "Lộc",   "Hải",   "Sơn",  "Thủy", "Trung",
    "Quang", "Vĩnh", "Hiệp",  "Thuận", "Đức",   "Nghĩa", "Xuân",  "Hồng", "Kim",  "Cẩm",
    "Lương", "Định", "Khánh", "Thịnh", "Yên",   "Đại",   "Quảng", "Minh", "Thái", "Lạc"};

constexpr std::array<std::string_view, 8> kHamlets = {"thôn",    "ấp",   "bản",  "tổ dân phố",
                                                      "khu phố", "làng", "buôn", "xóm"};

constexpr std::array<std::string_view, 8> kInstitutions = {
    "Trường Tiểu học", "Trường Trung học cơ sở",
    "Trạm Y tế",       "Trường Mầm non",
    "Hợp tác xã",      "Quân sự",
    "Công an",         "Cơ quan Ủy ban nhân dân"};

constexpr std::array<std::string_view, 20> kTopics = {
    "sản lượng lương thực", "hộ nghèo",
    "lao động có việc làm", "đảng viên mới kết nạp",
    "trẻ em đến trường",    "người có bảo hiểm y tế",
    "nhà văn hóa",          "đường giao thông nông thôn",
    "thu ngân sách",        "doanh nghiệp thành lập",
    "diện tích rừng trồng", "hộ dùng nước sạch",
    "tổ chức cơ sở đảng",   "vụ vi phạm được xử lý",
    "hội viên nông dân",    "cán bộ được đào tạo",
    "trường đạt chuẩn",     "xã đạt chuẩn nông thôn mới",
    "hộ gia đình văn hóa",  "đơn thư được giải quyết"};

constexpr std::array<std::string_view, 10> kDuties = {"Tổ chức hội nghị quán triệt nghị quyết",
                                                      "Xây dựng chương trình hành động",
                                                      "Sơ kết 6 tháng",
                                                      "Tổng kết năm",
                                                      "Kiểm điểm tập thể, cá nhân",
                                                      "Báo cáo công tác kiểm tra, giám sát",
                                                      "Rà soát quy hoạch cán bộ",
                                                      "Học tập chuyên đề",
                                                      "Đánh giá, xếp loại chất lượng",
                                                      "Báo cáo phát triển đảng viên"};

}  // namespace

std::span<const std::string_view> NewProvinceNames() { return kNewProvinces; }
std::span<const std::string_view> OldProvinceNames() { return kOldProvinces; }

std::string PlaceName(uint64_t key) {
  const std::string_view first = kSyllables[key % kSyllables.size()];
  const std::string_view second = kSyllables[(key / kSyllables.size() + 7) % kSyllables.size()];
  return fmt::format("{} {}", first, second);
}

std::string GrassrootsName(uint64_t key, int ordinal, std::string_view commune) {
  if (key % 5 == 0) {
    return fmt::format("Chi bộ {} {}", kInstitutions[(key / 5) % kInstitutions.size()], commune);
  }
  return fmt::format("Chi bộ {} {} {}", kHamlets[key % kHamlets.size()],
                     kSyllables[(key / 8) % kSyllables.size()], ordinal);
}

std::string IndicatorName(int ordinal, char kind) {
  const std::string_view topic = kTopics[static_cast<size_t>(ordinal) % kTopics.size()];
  switch (kind) {
    case 'p':
      return fmt::format("Tỷ lệ {} ({})", topic, ordinal);
    case 'l':
      return fmt::format("Tổng số {} hiện có ({})", topic, ordinal);
    case 'y':
      return fmt::format("Đã hoàn thành chỉ tiêu {} ({})", topic, ordinal);
    default:
      return fmt::format("Số {} ({})", topic, ordinal);
  }
}

std::string ObligationTitle(int ordinal) {
  return fmt::format("{} (đợt {})", kDuties[static_cast<size_t>(ordinal) % kDuties.size()],
                     ordinal / static_cast<int>(kDuties.size()) + 1);
}

}  // namespace nq::bench
