// Zip archives in memory (libzip): writing the parts of a .docx, and reading an uploaded .xlsx
// with limits that stop zip bombs before anything is inflated.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace nq::formats {

// Writes `entries` (name → content, in order, deflated) as one zip archive.
Result<std::string> WriteZip(const std::vector<std::pair<std::string, std::string>>& entries);

struct ZipLimits {
  size_t max_entries = 1000;
  uint64_t max_total_bytes = 64ull << 20;  // uncompressed, summed over every entry
  uint64_t max_ratio = 100;                // uncompressed / compressed, for entries over 1 MiB
};

// The entries of an archive, inflated. Fails with invalid_argument when `bytes` is not a zip
// archive, and with too_large when the declared sizes break `limits` (checked from
// the central directory before any entry is inflated) or an entry inflates past its size.
Result<std::map<std::string, std::string>> ReadZip(std::string_view bytes,
                                                   const ZipLimits& limits = {});

}  // namespace nq::formats
