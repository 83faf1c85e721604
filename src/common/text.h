// Vietnamese text: UTF-8 validation, NFC normalisation, diacritic-insensitive search folding
// and Vietnamese collation, all through ICU.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace nq {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool IsValidUtf8(std::string_view text);

// A character that text may not hold: a C0 control other than tab, line feed and carriage return
// (NUL among them), or a noncharacter (U+FDD0–U+FDEF, U+FFFE, U+FFFF and their like in every
// plane), which documents cannot carry (XML 1.0 refuses U+0000–U+001F and U+FFFE/U+FFFF).
struct ForbiddenChar {
  size_t byte = 0;  // where it starts
  char32_t code = 0;
};
// The first forbidden character of well-formed UTF-8 `text`, if any.
std::optional<ForbiddenChar> FindForbiddenChar(std::string_view text);
// Well-formed UTF-8 `text` without its forbidden characters: what a document may carry of text
// stored before they were refused.
std::string WithoutForbiddenChars(std::string_view text);

// Returns `text` in Unicode NFC. Fails with invalid_argument when it is not valid UTF-8 or holds a
// forbidden character; `field` names the input in the error ("name": `field "name" is not valid
// UTF-8 at byte 3`).
Result<std::string> ToNfc(std::string_view text, std::string_view field = "text");

// Folds for search: NFD, combining marks removed, đ/Đ → d, lower case, whitespace collapsed.
// "Huyện ủy Bá Thước" → "huyen uy ba thuoc". Invalid UTF-8 folds to "".
std::string FoldForSearch(std::string_view text);

// True when every word of the folded `query` occurs in the folded `text` as a substring, in order
// of appearance not required. An empty query matches everything.
bool MatchesSearch(std::string_view folded_text, std::string_view folded_query);

// Compares by Vietnamese collation (A Ă Â B C D Đ E Ê … O Ô Ơ … U Ư …): <0, 0, >0.
// Thread-safe.
int CompareVietnamese(std::string_view a, std::string_view b);

// A byte string whose memcmp order is Vietnamese collation order; for sorting many rows.
std::string VietnameseSortKey(std::string_view text);

}  // namespace nq
