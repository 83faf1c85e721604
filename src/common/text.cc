#include "common/text.h"

#include <unicode/bytestream.h>
#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>

namespace nq {
namespace {

// ICU lengths are int32_t; nothing we store comes near this.
constexpr size_t kMaxIcuLength = std::numeric_limits<int32_t>::max();

// Callers check the length first where truncation would lose data (ToNfc, FoldForSearch);
// collation of a > 2 GiB string by its first 2 GiB is acceptable.
icu::StringPiece Piece(std::string_view text) {
  return {text.data(), static_cast<int32_t>(std::min(text.size(), kMaxIcuLength))};
}

// The offset of the lead byte of the first ill-formed sequence, or npos. Follows Table 3-7 of
// the Unicode Standard, so overlongs, surrogates and code points past U+10FFFF are ill-formed.
size_t FindInvalidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  size_t pos = 0;
  while (pos < size) {
    // ASCII dominates our text (codes, numbers, spaces); skip it eight bytes at a time.
    while (size - pos >= 8) {
      uint64_t chunk;
      std::memcpy(&chunk, bytes + pos, sizeof chunk);
      if ((chunk & 0x8080808080808080ULL) != 0) break;
      pos += 8;
    }
    if (pos == size) break;
    const unsigned char lead = bytes[pos];
    if (lead < 0x80) {
      ++pos;
      continue;
    }
    // The second byte's range is what excludes overlongs (E0, F0), surrogates (ED) and
    // values past U+10FFFF (F4); every later byte is a plain continuation byte.
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return pos;  // stray continuation byte, C0/C1 overlong lead, or F5..FF
    }
    if (size - pos < length) return pos;
    if (bytes[pos + 1] < low || bytes[pos + 1] > high) return pos;
    for (size_t byte_idx = 2; byte_idx < length; ++byte_idx) {
      if ((bytes[pos + byte_idx] & 0xC0) != 0x80) return pos;
    }
    pos += length;
  }
  return std::string_view::npos;
}

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

void AppendUtf8(std::string& out, UChar32 c) {
  const auto code = static_cast<uint32_t>(c);
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// Builds a search-folded string from decomposed code points. Holds no shared state, so
// FoldForSearch is thread-safe (a cached icu::Transliterator would not be).
class Folder final {
 public:
  explicit Folder(size_t size_hint) { out_.reserve(size_hint); }

  void Add(UChar32 c) {
    if (c < 0x80) {
      if (c == ' ' || (c >= '\t' && c <= '\r')) {
        pending_space_ = true;
        return;
      }
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      Emit(c);
      return;
    }
    if (u_isUWhiteSpace(c)) {  // NBSP and friends arrive in pasted text
      pending_space_ = true;
      return;
    }
    if (u_charType(c) == U_NON_SPACING_MARK) return;
    Emit(IsStrokedD(c) ? 'd' : u_tolower(c));
  }

  std::string Finish() && { return std::move(out_); }

 private:
  // đ and Đ have no decomposition, so NFD leaves them; Ð and ð are what CP1258 text
  // (where Đ is 0xD0 and đ is 0xF0) becomes when mis-decoded as Latin-1.
  static bool IsStrokedD(UChar32 c) {
    return c == 0x0110 || c == 0x0111 || c == 0x00D0 || c == 0x00F0;
  }

  void Emit(UChar32 c) {
    if (pending_space_ && !out_.empty()) out_.push_back(' ');
    pending_space_ = false;
    AppendUtf8(out_, c);
  }

  std::string out_;
  bool pending_space_ = false;
};

// Collators are not safe for concurrent use, so every thread clones its own from one
// prototype (cloning a const collator is). Null when ICU has no collation data, in which
// case comparisons fall back to bytes.
const icu::Collator* PrototypeCollator() {
  // Never destroyed, so threads still running during static destruction can clone it.
  static const icu::Collator* const prototype = []() -> const icu::Collator* {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> collator(
        icu::Collator::createInstance(icu::Locale("vi"), status));
    if (U_FAILURE(status) || collator == nullptr) return nullptr;
    // NFD input must sort with its NFC form.
    collator->setAttribute(UCOL_NORMALIZATION_MODE, UCOL_ON, status);
    if (U_FAILURE(status)) return nullptr;
    return collator.release();
  }();
  return prototype;
}

icu::Collator* ThreadCollator() {
  thread_local const std::unique_ptr<icu::Collator> collator(
      PrototypeCollator() != nullptr ? PrototypeCollator()->clone() : nullptr);
  return collator.get();
}

int CompareBytes(std::string_view a, std::string_view b) {
  const int result = a.compare(b);
  return (result > 0) - (result < 0);
}

}  // namespace

bool IsValidUtf8(std::string_view text) { return FindInvalidUtf8(text) == std::string_view::npos; }

std::optional<ForbiddenChar> FindForbiddenChar(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t pos = 0; pos < text.size();) {
    const unsigned char lead = bytes[pos];
    if (lead < 0x80) {
      if (lead < 0x20 && lead != '\t' && lead != '\n' && lead != '\r')
        return ForbiddenChar{pos, lead};
      ++pos;
      continue;
    }
    // Well-formed UTF-8 (checked first): the lead byte gives the length.
    const size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (pos + length > text.size()) return std::nullopt;
    char32_t code = lead & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
    for (size_t i = 1; i < length; ++i) code = (code << 6) | (bytes[pos + i] & 0x3F);
    // Noncharacters: U+FDD0–U+FDEF and the last two code points of every plane.
    if ((code >= 0xFDD0 && code <= 0xFDEF) || (code & 0xFFFE) == 0xFFFE) {
      return ForbiddenChar{pos, code};
    }
    pos += length;
  }
  return std::nullopt;
}

std::string WithoutForbiddenChars(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (const auto bad = FindForbiddenChar(text)) {
    out.append(text.substr(0, bad->byte));
    const size_t length = bad->code < 0x80 ? 1 : bad->code < 0x10000 ? 3 : 4;
    text.remove_prefix(bad->byte + length);
  }
  out.append(text);
  return out;
}

Result<std::string> ToNfc(std::string_view text, std::string_view field) {
  if (const size_t bad = FindInvalidUtf8(text); bad != std::string_view::npos) {
    return FieldError(std::string(field), "field \"{}\" is not valid UTF-8 at byte {}", field, bad);
  }
  if (const auto bad = FindForbiddenChar(text)) {
    return FieldError(
        std::string(field),
        "field \"{}\" contains U+{:04X} at byte {}: control characters other than tab "
        "and line breaks, and noncharacters, are not allowed in text",
        field, static_cast<uint32_t>(bad->code), bad->byte);
  }
  if (text.size() > kMaxIcuLength) {
    return FieldError(std::string(field), "field \"{}\" is too long ({} bytes)", field,
                      text.size());
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) {
    return MakeError(ErrorCode::kInternal, "cannot load the NFC normaliser: {}",
                     u_errorName(status));
  }
  // Nearly all input is already NFC; skip the copy through a ByteSink.
  if (nfc->isNormalizedUTF8(Piece(text), status) && U_SUCCESS(status)) return std::string(text);
  status = U_ZERO_ERROR;
  std::string normalized;
  normalized.reserve(text.size());
  icu::StringByteSink<std::string> sink(&normalized);
  nfc->normalizeUTF8(0, Piece(text), sink, nullptr, status);
  if (U_FAILURE(status)) {
    return MakeError(ErrorCode::kInternal, "cannot normalise field \"{}\" to NFC: {}", field,
                     u_errorName(status));
  }
  return normalized;
}

std::string FoldForSearch(std::string_view text) {
  if (text.size() > kMaxIcuLength || !IsValidUtf8(text)) return {};
  Folder folder(text.size());
  if (IsAscii(text)) {
    for (char c : text) folder.Add(static_cast<UChar32>(c));
    return std::move(folder).Finish();
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return {};
  const icu::UnicodeString decomposed =
      nfd->normalize(icu::UnicodeString::fromUTF8(Piece(text)), status);
  if (U_FAILURE(status)) return {};
  for (int32_t unit_idx = 0; unit_idx < decomposed.length();) {
    const UChar32 c = decomposed.char32At(unit_idx);
    unit_idx += U16_LENGTH(c);
    folder.Add(c);
  }
  return std::move(folder).Finish();
}

bool MatchesSearch(std::string_view folded_text, std::string_view folded_query) {
  size_t pos = 0;
  while (pos < folded_query.size()) {
    size_t end = folded_query.find(' ', pos);
    if (end == std::string_view::npos) end = folded_query.size();
    const std::string_view word = folded_query.substr(pos, end - pos);
    if (!word.empty() && folded_text.find(word) == std::string_view::npos) return false;
    pos = end + 1;
  }
  return true;
}

// Ill-formed UTF-8 is collated as if each ill-formed sequence were U+FFFD, which is what
// ICU's UTF-8 paths do; it never reads out of bounds.
int CompareVietnamese(std::string_view a, std::string_view b) {
  icu::Collator* collator = ThreadCollator();
  if (collator == nullptr) return CompareBytes(a, b);
  UErrorCode status = U_ZERO_ERROR;
  const UCollationResult result = collator->compareUTF8(Piece(a), Piece(b), status);
  if (U_FAILURE(status)) return CompareBytes(a, b);
  return static_cast<int>(result);
}

std::string VietnameseSortKey(std::string_view text) {
  icu::Collator* collator = ThreadCollator();
  if (collator == nullptr) return std::string(text);
  const icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(Piece(text));
  // Latin text needs about three key bytes per UTF-16 unit; retry once if that is short.
  std::string key(std::min(static_cast<size_t>(unicode.length()) * 3 + 16, kMaxIcuLength), '\0');
  auto fill = [&] {
    return collator->getSortKey(unicode, reinterpret_cast<uint8_t*>(key.data()),
                                static_cast<int32_t>(key.size()));
  };
  int32_t length = fill();
  if (length > static_cast<int32_t>(key.size())) {
    key.resize(static_cast<size_t>(length));
    length = fill();
  }
  if (length <= 0) return {};
  // The key ends in a NUL and holds no other; dropping it keeps prefixes sorting first.
  key.resize(static_cast<size_t>(length) - 1);
  return key;
}

}  // namespace nq
