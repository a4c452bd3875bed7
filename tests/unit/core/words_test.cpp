#include "core/words.h"

#include <gtest/gtest.h>

namespace pharos {
namespace {

// True when `s` is well-formed UTF-8 (no character cut in half).
bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto lead = static_cast<unsigned char>(s[i]);
    size_t len = lead < 0x80           ? 1
                 : (lead >> 5) == 0x6  ? 2
                 : (lead >> 4) == 0xE  ? 3
                 : (lead >> 3) == 0x1E ? 4
                                       : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

TEST(WordsTest, ShortensWholeCharactersAtAWordWithAnEllipsis) {
  EXPECT_EQ(shorten_utf8("short", 10), "short");
  EXPECT_EQ(shorten_utf8("the quick brown fox", 14), "the quick…");
  // No space near the end: cut inside the word, still at a character boundary.
  EXPECT_EQ(shorten_utf8("abcdefghijklmnop", 8), "abcde…");
}

TEST(WordsTest, ShortenNeverSplitsAMultiByteCharacter) {
  // "é" is 2 bytes, "€" 3, "🚀" 4: cut at every length, every result is valid and fits.
  const std::string text = "Störung behoben: €5 Gutschrift 🚀🚀 für alle Kunden in Zürich — 東京 も";
  for (size_t max = 3; max < text.size(); ++max) {
    std::string out = shorten_utf8(text, max);
    EXPECT_LE(out.size(), max) << max;
    EXPECT_TRUE(valid_utf8(out)) << max << ": " << out;
    EXPECT_EQ(out.substr(out.size() - 3), "…") << max;
  }
  EXPECT_EQ(shorten_utf8("🚀🚀🚀", 9), "🚀…");
}

TEST(WordsTest, NearestSuggestsWithinTheDistance) {
  std::vector<std::string_view> commands = {"serve", "check", "config", "component"};
  EXPECT_EQ(nearest("chek", commands), "check");
  EXPECT_EQ(nearest("confg", commands), "config");
  EXPECT_EQ(nearest("xyzzy", commands), "");
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

}  // namespace
}  // namespace pharos
