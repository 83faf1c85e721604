// The 2025 reform in the demo: from 1 July 2025 the district level is dissolved. Bá Thước's 21
// and Thanh Sơn's 23 commune-level units merge into fewer new communes attached to their
// province; the districts' agencies move under the province; the districts close with the new
// communes as successors, so their running targets are re-based onto them. Applied through the
// ordinary reorganisation, as one batch.
#include "app/reorg/reorg.h"
#include "demo/demo_internal.h"

namespace nq::app::demo {
namespace {

using namespace nq::domain;

constexpr std::string_view kReformDate = "2025-07-01";

struct NewCommune {
  std::string_view short_name;
  std::vector<std::string_view> from;  // short names of the old communes (the town by its own)
};

struct DistrictReform {
  std::string_view district;
  std::string_view province;
  std::vector<NewCommune> communes;
};

const std::vector<DistrictReform>& Reforms() {
  static const std::vector<DistrictReform> reforms = {
      {"ba-thuoc",
       "thanh-hoa",
       {{"Cành Nàng", {"Cành Nàng", "Hạ Trung", "Lương Ngoại"}},
        {"Điền Quang", {"Điền Quang", "Điền Thượng", "Điền Hạ"}},
        {"Điền Lư", {"Điền Lư", "Điền Trung", "Ái Thượng"}},
        {"Cổ Lũng", {"Cổ Lũng", "Thành Lâm", "Thành Sơn"}},
        {"Pù Luông", {"Lũng Cao", "Lũng Niêm", "Ban Công"}},
        {"Quý Lương", {"Lương Nội", "Lương Trung", "Kỳ Tân"}},
        {"Văn Nho", {"Văn Nho", "Thiết Kế", "Thiết Ống"}}}},
      {"thanh-son",
       "phu-tho",
       {{"Thục Luyện", {"Thị trấn Thanh Sơn", "Thục Luyện", "Sơn Hùng", "Giáp Lai"}},
        {"Văn Miếu", {"Văn Miếu", "Thạch Khoán", "Tất Thắng", "Cự Thắng"}},
        {"Cự Đồng", {"Cự Đồng", "Thắng Sơn", "Tân Minh", "Tân Lập"}},
        {"Hương Cần", {"Hương Cần", "Yên Lãng", "Yên Lương", "Yên Sơn"}},
        {"Khả Cửu", {"Khả Cửu", "Đông Cửu", "Thượng Cửu"}},
        {"Tinh Nhuệ", {"Tinh Nhuệ", "Lương Nha", "Địch Quả", "Võ Miếu"}}}},
  };
  return reforms;
}

// The operations of one district: merges, then the agencies' moves, then the district's close.
Result<std::vector<ReorgOperation>> DistrictOperations(Demo& demo, const DistrictReform& reform) {
  const Date date = Day(kReformDate);
  const std::string note =
      "Sắp xếp đơn vị hành chính cấp xã, không tổ chức cấp huyện từ 01/07/2025";
  std::vector<ReorgOperation> operations;
  ReorgOperation close;
  close.kind = ReorgKind::kClose;
  close.date = date;
  close.units = {std::string(reform.district)};
  close.note = note;
  for (const NewCommune& commune : reform.communes) {
    ReorgOperation merge;
    merge.kind = ReorgKind::kMerge;
    merge.date = date;
    merge.note = note;
    for (std::string_view old : commune.from) {
      merge.units.push_back(fmt::format("{}-{}", reform.district, Slug(old)));
    }
    NewUnit unit{fmt::format("{}-{}", reform.province, Slug(commune.short_name)),
                 fmt::format("Đảng bộ xã {}", commune.short_name), std::string(commune.short_name),
                 "xa-thi-tran", std::string(reform.province)};
    close.into.push_back({unit.code, std::nullopt});
    merge.into.push_back({"", std::move(unit)});
    operations.push_back(std::move(merge));
  }
  NQ_TRY(Id agency_kind, KindId(demo, "co-quan-doanh-nghiep"));
  const std::string prefix = fmt::format("{}-", reform.district);
  for (const auto& [code, id] : demo.units) {
    if (!code.starts_with(prefix)) continue;
    NQ_TRY(Unit unit, storage::Get<Unit>(demo.scope.tx(), id));
    if (unit.kind_id != agency_kind) continue;
    ReorgOperation move;
    move.kind = ReorgKind::kMove;
    move.date = date;
    move.units = {code};
    move.parent = std::string(reform.province);
    move.note = note;
    operations.push_back(std::move(move));
  }
  close.carry_to = close.into.front().existing;
  operations.push_back(std::move(close));
  return operations;
}

}  // namespace

Status LoadReform2025(Demo& demo) {
  std::vector<ReorgOperation> operations;
  for (const DistrictReform& reform : Reforms()) {
    NQ_TRY(auto district, DistrictOperations(demo, reform));
    operations.insert(operations.end(), district.begin(), district.end());
  }
  NQ_TRY(ReorgResult result, ApplyReorganisation(demo.scope, operations, nullptr));
  for (const Lineage& lineage : result.lineages) {
    for (Id id : lineage.target_unit_ids) {
      NQ_TRY(Unit unit, storage::Get<Unit>(demo.scope.tx(), id));
      if (demo.units.emplace(unit.code, unit.id).second) ++demo.units_created;
    }
  }
  return Ok();
}

}  // namespace nq::app::demo
