#include "formats/zip_archive.h"

#include <zip.h>

#include <memory>

namespace nq::formats {
namespace {

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

struct SourceFree {
  void operator()(zip_source_t* source) const { zip_source_free(source); }
};
using Source = std::unique_ptr<zip_source_t, SourceFree>;

std::unexpected<Error> ZipError(std::string_view what, zip_error_t* error) {
  return MakeError(ErrorCode::kInternal, "zip: {}: {}", what, zip_error_strerror(error));
}

// The whole content of a buffer source after the archive was closed into it.
Result<std::string> SourceBytes(zip_source_t* source) {
  if (zip_source_open(source) < 0) return ZipError("open", zip_source_error(source));
  std::string out;
  char buffer[1 << 15];
  while (true) {
    zip_int64_t read = zip_source_read(source, buffer, sizeof buffer);
    if (read < 0) {
      zip_source_close(source);
      return ZipError("read", zip_source_error(source));
    }
    if (read == 0) break;
    out.append(buffer, static_cast<size_t>(read));
  }
  zip_source_close(source);
  return out;
}

}  // namespace

Result<std::string> WriteZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  Source source(zip_source_buffer_create(nullptr, 0, 0, &error));
  if (!source) return ZipError("create", &error);
  zip_source_keep(source.get());  // the archive frees it on close; we read it afterwards
  zip_t* archive = zip_open_from_source(source.get(), ZIP_TRUNCATE, &error);
  if (!archive) return ZipError("open", &error);
  for (const auto& [name, content] : entries) {
    zip_source_t* part = zip_source_buffer(archive, content.data(), content.size(), 0);
    if (!part || zip_file_add(archive, name.c_str(), part, ZIP_FL_ENC_UTF_8) < 0) {
      if (part) zip_source_free(part);
      auto failure = ZipError(name, zip_get_error(archive));
      zip_discard(archive);
      return failure;
    }
  }
  if (zip_close(archive) < 0) {
    auto failure = ZipError("close", zip_get_error(archive));
    zip_discard(archive);
    return failure;
  }
  return SourceBytes(source.get());
}

Result<std::map<std::string, std::string>> ReadZip(std::string_view bytes,
                                                   const ZipLimits& limits) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) return ZipError("source", &error);
  Archive archive(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (!archive) {
    zip_source_free(source);
    return MakeError(ErrorCode::kInvalidArgument, "the file is not a valid xlsx (zip) archive");
  }
  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  if (count < 0 || static_cast<size_t>(count) > limits.max_entries) {
    return MakeError(ErrorCode::kTooLarge, "the archive has {} entries, more than {}", count,
                     limits.max_entries);
  }
  // Every declared size is checked before anything is inflated.
  uint64_t total = 0;
  std::vector<zip_stat_t> stats(static_cast<size_t>(count));
  for (zip_int64_t index = 0; index < count; ++index) {
    zip_stat_t& stat = stats[static_cast<size_t>(index)];
    zip_stat_init(&stat);
    if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(index), 0, &stat) < 0) {
      return MakeError(ErrorCode::kInvalidArgument, "the archive's entry {} is unreadable", index);
    }
    total += stat.size;
    if (total > limits.max_total_bytes) {
      return MakeError(ErrorCode::kTooLarge,
                       "the archive inflates to more than {} bytes (zip bomb?)",
                       limits.max_total_bytes);
    }
    if (stat.size > (1u << 20) &&
        stat.size / std::max<uint64_t>(stat.comp_size, 1) > limits.max_ratio) {
      return MakeError(ErrorCode::kTooLarge, "entry \"{}\" inflates {} times (zip bomb?)",
                       stat.name, stat.size / std::max<uint64_t>(stat.comp_size, 1));
    }
  }
  std::map<std::string, std::string> entries;
  for (const zip_stat_t& stat : stats) {
    std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive.get(), stat.index, 0));
    if (!file) {
      return MakeError(ErrorCode::kInvalidArgument, "entry \"{}\" cannot be opened", stat.name);
    }
    std::string content(stat.size, '\0');
    zip_int64_t read = zip_fread(file.get(), content.data(), stat.size);
    if (read < 0 || static_cast<uint64_t>(read) != stat.size) {
      return MakeError(ErrorCode::kInvalidArgument, "entry \"{}\" is damaged", stat.name);
    }
    char extra;
    if (zip_fread(file.get(), &extra, 1) != 0) {
      return MakeError(ErrorCode::kTooLarge, "entry \"{}\" inflates past its size", stat.name);
    }
    entries.emplace(stat.name, std::move(content));
  }
  return entries;
}

}  // namespace nq::formats
