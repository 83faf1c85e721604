#include "common/text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace nq {
namespace {

// "Huế" with the ế precomposed (NFC) and as e + circumflex + acute (NFD).
constexpr std::string_view kHueNfc = "Hu\xE1\xBA\xBF";
constexpr std::string_view kHueNfd = "Hue\xCC\x82\xCC\x81";

// ICU's strict decoder, as the reference for the hand-written validator.
bool IcuAcceptsUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t pos = 0;
  while (pos < length) {
    UChar32 c = 0;
    U8_NEXT(bytes, pos, length, c);
    if (c < 0) return false;
  }
  return true;
}

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Huyện ủy Bá Thước"));
  EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3)));
  EXPECT_TRUE(IsValidUtf8(kHueNfd));
}

TEST(Utf8Test, AcceptsEveryBoundaryCodePoint) {
  for (std::string_view text :
       {"\x7F", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80",
        "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF"}) {
    EXPECT_TRUE(IsValidUtf8(text)) << testing::PrintToString(text);
  }
}

TEST(Utf8Test, RejectsIllFormedSequences) {
  for (std::string_view text : {
           "\xC3\x28",          // lead byte followed by ASCII
           "\xED\xA0\x80",      // surrogate U+D800
           "\xED\xBF\xBF",      // surrogate U+DFFF
           "\xF4\x90\x80\x80",  // U+110000
           "\xF5\x80\x80\x80",  // lead byte past U+10FFFF
           "\xC0\xAF",          // overlong '/'
           "\xC1\xBF",          // overlong U+007F
           "\xE0\x80\xAF",      // overlong, three bytes
           "\xF0\x80\x80\xAF",  // overlong, four bytes
           "\xE1\xBA",          // truncated ế
           "\xC2",              // truncated at the end
           "\x80",              // stray continuation byte
           "\xFF",
       }) {
    EXPECT_FALSE(IsValidUtf8(text)) << testing::PrintToString(text);
  }
}

TEST(Utf8Test, FindsAnErrorAtEveryOffsetOfAnAsciiRun) {
  // Covers the eight-bytes-at-a-time path and the byte-at-a-time tail.
  for (size_t offset = 0; offset < 20; ++offset) {
    std::string text(20, 'a');
    text[offset] = '\x80';
    EXPECT_FALSE(IsValidUtf8(text)) << offset;
    auto nfc = ToNfc(text, "title");
    ASSERT_FALSE(nfc.has_value());
    EXPECT_EQ(nfc.error().message,
              "field \"title\" is not valid UTF-8 at byte " + std::to_string(offset));
  }
}

TEST(Utf8Test, AgreesWithIcuOnRandomBytes) {
  // Bytes drawn mostly from the ranges where the rules are subtle.
  constexpr uint8_t kInteresting[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                      0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                                      0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
  std::mt19937 random(12345);
  std::uniform_int_distribution<size_t> pick(0, std::size(kInteresting) - 1);
  std::uniform_int_distribution<size_t> length(1, 12);
  for (int case_idx = 0; case_idx < 100'000; ++case_idx) {
    std::string text(length(random), '\0');
    for (char& c : text) c = static_cast<char>(kInteresting[pick(random)]);
    ASSERT_EQ(IsValidUtf8(text), IcuAcceptsUtf8(text)) << testing::PrintToString(text);
  }
}

TEST(Utf8Test, AgreesWithIcuOnEveryTwoByteString) {
  for (int first = 0; first < 256; ++first) {
    for (int second = 0; second < 256; ++second) {
      const std::string text{static_cast<char>(first), static_cast<char>(second)};
      ASSERT_EQ(IsValidUtf8(text), IcuAcceptsUtf8(text)) << first << " " << second;
    }
  }
}

TEST(NfcTest, ComposesDecomposedText) {
  auto nfc = ToNfc(kHueNfd);
  ASSERT_TRUE(nfc.has_value()) << nfc.error().message;
  EXPECT_EQ(*nfc, kHueNfc);
}

TEST(NfcTest, ReturnsNfcTextUnchanged) {
  auto nfc = ToNfc(kHueNfc);
  ASSERT_TRUE(nfc.has_value());
  EXPECT_EQ(*nfc, kHueNfc);
  auto empty = ToNfc("");
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(*empty, "");
}

TEST(NfcTest, MakesNfdAndNfcSpellingsEqual) {
  // "Nghị quyết" typed with combining marks, in canonical order (dot below before circumflex).
  auto decomposed = ToNfc("Nghi\xCC\xA3 quye\xCC\x82\xCC\x81t");
  auto composed = ToNfc("Nghị quyết");
  ASSERT_TRUE(decomposed.has_value());
  ASSERT_TRUE(composed.has_value());
  EXPECT_EQ(*decomposed, *composed);
  EXPECT_EQ(*composed, "Nghị quyết");
}

TEST(NfcTest, ReordersMarksBeforeComposing) {
  // ệ written e + circumflex + dot below: NFC reorders the marks canonically, then composes.
  auto nfc = ToNfc("e\xCC\x82\xCC\xA3");
  ASSERT_TRUE(nfc.has_value());
  EXPECT_EQ(*nfc, "ệ");
}

// Text may hold tab and line breaks but no other control character and no noncharacter: a NUL
// cuts a cell of the xlsx export, and U+FFFE/U+FFFF make a .docx whose XML is not well-formed.
TEST(NfcTest, RefusesControlCharactersAndNoncharacters) {
  const std::pair<std::string, std::string> refused[] = {
      {std::string("Nghị\0quyết", 13), "U+0000 at byte 6"},
      {"a\x01", "U+0001 at byte 1"},
      {"\x1b[31m", "U+001B at byte 0"},
      {"x\xEF\xBF\xBE", "U+FFFE at byte 1"},
      {"\xEF\xBF\xBF", "U+FFFF at byte 0"},
      {"\xEF\xB7\x90", "U+FDD0 at byte 0"},
      {"\xF0\x9F\xBF\xBF", "U+1FFFF at byte 0"},
      {"\xF4\x8F\xBF\xBE", "U+10FFFE at byte 0"},
  };
  for (const auto& [text, where] : refused) {
    auto nfc = ToNfc(text, "/title");
    ASSERT_FALSE(nfc.has_value()) << where;
    EXPECT_EQ(nfc.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(nfc.error().field, "/title");
    EXPECT_THAT(nfc.error().message, ::testing::HasSubstr(where));
  }
  for (std::string_view kept : {"a\tb", "dòng 1\ndòng 2", "dòng 1\r\ndòng 2", "\xEF\xBF\xBD",
                                "\xEF\xB7\x8F\xEF\xB7\xB0", "\xF0\x9F\x98\x80"}) {
    EXPECT_TRUE(ToNfc(kept).has_value()) << kept;
  }
}

TEST(NfcTest, RejectsInvalidUtf8NamingTheField) {
  auto nfc = ToNfc("abc\xFF", "name");
  ASSERT_FALSE(nfc.has_value());
  EXPECT_EQ(nfc.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(nfc.error().message, "field \"name\" is not valid UTF-8 at byte 3");
  EXPECT_EQ(nfc.error().field, "name");
}

TEST(NfcTest, ReportsTheLeadByteOfTheBadSequence) {
  auto nfc = ToNfc("Hu\xE1\xBA", "unit_name");  // ế cut short
  ASSERT_FALSE(nfc.has_value());
  EXPECT_EQ(nfc.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(nfc.error().message, "field \"unit_name\" is not valid UTF-8 at byte 2");
}

TEST(NfcTest, DefaultFieldNameIsText) {
  auto nfc = ToNfc("\xED\xA0\x80");
  ASSERT_FALSE(nfc.has_value());
  EXPECT_EQ(nfc.error().message, "field \"text\" is not valid UTF-8 at byte 0");
  EXPECT_EQ(nfc.error().field, "text");
}

TEST(FoldTest, RemovesDiacriticsAndLowersCase) {
  EXPECT_EQ(FoldForSearch("Huyện ủy Bá Thước"), "huyen uy ba thuoc");
  EXPECT_EQ(FoldForSearch("Nguyễn Văn Đức"), "nguyen van duc");
  EXPECT_EQ(FoldForSearch("ĐẢNG BỘ XÃ ĐIỆN LỮ"), "dang bo xa dien lu");
  EXPECT_EQ(FoldForSearch("Ơn Ưu Ăn Ân Ê Ô"), "on uu an an e o");
}

TEST(FoldTest, FoldsNfdLikeNfc) {
  EXPECT_EQ(FoldForSearch(kHueNfd), "hue");
  EXPECT_EQ(FoldForSearch(kHueNfc), "hue");
}

TEST(FoldTest, MapsMisdecodedCp1258DToD) {
  EXPECT_EQ(FoldForSearch("\xC3\x90\xC3\xB0"), "dd");  // Ð ð
}

TEST(FoldTest, CollapsesAndTrimsWhitespace) {
  EXPECT_EQ(FoldForSearch("  Bá \t\n Thước  "), "ba thuoc");
  EXPECT_EQ(FoldForSearch("Bá\xC2\xA0\xC2\xA0Thước"), "ba thuoc");  // no-break spaces
  EXPECT_EQ(FoldForSearch(" \t "), "");
  EXPECT_EQ(FoldForSearch(""), "");
}

TEST(FoldTest, KeepsAsciiPunctuationAndDigits) {
  EXPECT_EQ(FoldForSearch("Nghị quyết 05-NQ/TU"), "nghi quyet 05-nq/tu");
  EXPECT_EQ(FoldForSearch("ABC 123"), "abc 123");
}

TEST(FoldTest, LowersNonVietnameseLetters) { EXPECT_EQ(FoldForSearch("ΣΟΦΊΑ"), "σοφια"); }

TEST(FoldTest, InvalidUtf8FoldsToEmpty) {
  EXPECT_EQ(FoldForSearch("Bá\xC3\x28"), "");
  EXPECT_EQ(FoldForSearch("\xF4\x90\x80\x80"), "");
}

TEST(TextSearchTest, MatchesFoldedWordsInAnyOrder) {
  const std::string text = FoldForSearch("Huyện ủy Bá Thước");
  EXPECT_TRUE(MatchesSearch(text, FoldForSearch("ba thuoc")));
  EXPECT_TRUE(MatchesSearch(text, FoldForSearch("BA THUOC")));
  EXPECT_TRUE(MatchesSearch(text, FoldForSearch("Bá Thước")));
  EXPECT_TRUE(MatchesSearch(text, FoldForSearch("thuoc ba")));
  EXPECT_TRUE(MatchesSearch(text, FoldForSearch("thu")));  // a prefix is a substring
}

TEST(TextSearchTest, RejectsWhenAnyWordIsMissing) {
  const std::string text = FoldForSearch("Huyện ủy Bá Thước");
  EXPECT_FALSE(MatchesSearch(text, FoldForSearch("ba thuc")));
  EXPECT_FALSE(MatchesSearch(text, FoldForSearch("ba thuoc xa")));
}

TEST(TextSearchTest, EmptyQueryMatchesEverything) {
  EXPECT_TRUE(MatchesSearch("huyen uy ba thuoc", ""));
  EXPECT_TRUE(MatchesSearch("", ""));
  EXPECT_TRUE(MatchesSearch("abc", "  "));  // not folded: stray spaces are ignored
}

std::vector<std::string> SortedVietnamese(std::vector<std::string> words) {
  std::sort(words.begin(), words.end(),
            [](const std::string& a, const std::string& b) { return CompareVietnamese(a, b) < 0; });
  return words;
}

TEST(CollationTest, OrdersVietnameseLetters) {
  const std::vector<std::string> expected = {"An", "Ăn", "Ân", "Bá", "Da", "Đa", "Ea"};
  for (size_t idx = 0; idx + 1 < expected.size(); ++idx) {
    EXPECT_LT(CompareVietnamese(expected[idx], expected[idx + 1]), 0)
        << expected[idx] << " < " << expected[idx + 1];
    EXPECT_GT(CompareVietnamese(expected[idx + 1], expected[idx]), 0);
  }
  std::vector<std::string> shuffled(expected.rbegin(), expected.rend());
  EXPECT_EQ(SortedVietnamese(shuffled), expected);
}

TEST(CollationTest, OrdersHornAndCircumflexVowels) {
  EXPECT_EQ(SortedVietnamese({"Ơ", "O", "Ô"}), (std::vector<std::string>{"O", "Ô", "Ơ"}));
  EXPECT_EQ(SortedVietnamese({"Ư", "U"}), (std::vector<std::string>{"U", "Ư"}));
  EXPECT_LT(CompareVietnamese("Ơn", "Pa"), 0);  // ơ is a letter before p, not after z
  EXPECT_LT(CompareVietnamese("Đức", "Em"), 0);
}

TEST(CollationTest, SortsModifiedVowelsAsSeparateLetters) {
  // Root collation would treat ă as a with a secondary difference and put "Ăa" before "Az";
  // only the Vietnamese tailoring makes each a letter of its own.
  EXPECT_LT(CompareVietnamese("Az", "Ăa"), 0);
  EXPECT_LT(CompareVietnamese("Ăz", "Âa"), 0);
  EXPECT_LT(CompareVietnamese("Dz", "Đa"), 0);
  EXPECT_LT(CompareVietnamese("Oz", "Ôa"), 0);
  EXPECT_LT(CompareVietnamese("Ôz", "Ơa"), 0);
  EXPECT_LT(CompareVietnamese("Uz", "Ưa"), 0);
}

TEST(CollationTest, TreatsNfdAndNfcAsEqual) {
  EXPECT_EQ(CompareVietnamese(kHueNfc, kHueNfd), 0);
  EXPECT_EQ(CompareVietnamese("An", "An"), 0);
  EXPECT_EQ(VietnameseSortKey(kHueNfc), VietnameseSortKey(kHueNfd));
}

TEST(CollationTest, SortKeysOrderLikeCompare) {
  const std::vector<std::string> words = {"An", "Ăn", "Ân", "Bá", "Da", "Đa", "Ea",  "O",
                                          "Ô",  "Ơ",  "U",  "Ư",  "",   "a",  "Huế", "Hue"};
  for (const std::string& a : words) {
    for (const std::string& b : words) {
      const int by_key = VietnameseSortKey(a).compare(VietnameseSortKey(b));
      const int by_compare = CompareVietnamese(a, b);
      EXPECT_EQ((by_key > 0) - (by_key < 0), by_compare) << a << " vs " << b;
    }
  }
}

TEST(CollationTest, SortKeyOfEmptyIsAPrefixOfEveryKey) {
  const std::string empty = VietnameseSortKey("");
  EXPECT_LT(empty, VietnameseSortKey("a"));
  EXPECT_EQ(VietnameseSortKey("An").find('\0'), std::string::npos);
}

TEST(CollationTest, InvalidUtf8DoesNotCrash) {
  for (std::string_view bad :
       {"\xC3\x28", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC0\xAF", "\xE1\xBA", "\xFF\xFF\xFF"}) {
    EXPECT_EQ(CompareVietnamese(bad, bad), 0);
    const int order = CompareVietnamese("An", bad);
    EXPECT_EQ(CompareVietnamese(bad, "An"), -order);
    EXPECT_FALSE(VietnameseSortKey(bad).empty());
  }
}

TEST(CollationTest, ConcurrentUseFromManyThreads) {
  // Each thread uses its own collator clone; under TSan/ASan this catches shared state.
  constexpr int kThreads = 4;
  constexpr int kIterations = 300;
  const std::string expected_fold = "huyen uy ba thuoc";
  const std::string expected_key = VietnameseSortKey("Đa");
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&] {
      for (int iteration = 0; iteration < kIterations; ++iteration) {
        if (FoldForSearch("Huyện ủy Bá Thước") != expected_fold) ++failures;
        if (CompareVietnamese("Da", "Đa") >= 0) ++failures;
        if (CompareVietnamese("Ơ", "Ô") <= 0) ++failures;
        if (VietnameseSortKey("Đa") != expected_key) ++failures;
        auto nfc = ToNfc(kHueNfd);
        if (!nfc.has_value() || *nfc != kHueNfc) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace nq
