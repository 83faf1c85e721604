// Vietnamese names for the generated units, indicators and obligations (NFC UTF-8).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace nq::bench {

// The 34 provinces and cities after the 2025 reorganisation, and the 63 before it.
std::span<const std::string_view> NewProvinceNames();
std::span<const std::string_view> OldProvinceNames();

// A place name of two syllables picked by `key` ("Tân Hòa", "Phú Lộc").
std::string PlaceName(uint64_t key);
// The name of a grassroots party organisation picked by `key` and its ordinal in the commune:
// "Chi bộ thôn Đông 3", "Chi bộ Trường Tiểu học Tân Hòa", "Đảng bộ Công an xã".
std::string GrassrootsName(uint64_t key, int ordinal, std::string_view commune);
// An indicator's name for its ordinal and kind letter (s sum, p percent, l last, y yes/no).
std::string IndicatorName(int ordinal, char kind);
// An obligation's title for its ordinal.
std::string ObligationTitle(int ordinal);

}  // namespace nq::bench
