#include "core/duration.h"

#include <gtest/gtest.h>

namespace pharos {
namespace {

using namespace std::chrono_literals;

TEST(DurationTest, ParsesConfigForms) {
  struct Case {
    const char* text;
    std::chrono::milliseconds want;
  };
  const Case cases[] = {
      {"800ms", 800ms}, {"30s", 30s},     {"5m", 5min}, {"2h", 2h},     {"14d", 24h * 14},
      {"1w", 24h * 7},  {"1h30m", 90min}, {"0", 0ms},   {"1d12h", 36h},
  };
  for (const auto& c : cases) {
    auto parsed = parse_duration(c.text);
    ASSERT_TRUE(parsed.ok()) << c.text << ": " << parsed.error().message;
    EXPECT_EQ(*parsed, c.want) << c.text;
  }
}

TEST(DurationTest, RejectsMalformedWithAHint) {
  for (const char* bad : {"", "5", "5x", "m5", "-5s", "1.5h", "5 m", "99999999999999999999d"}) {
    auto parsed = parse_duration(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.error().message.find("30s"), std::string::npos) << parsed.error().message;
  }
}

TEST(DurationTest, FormatsLikeTheSeedPages) {
  using std::chrono::seconds;
  struct Case {
    seconds d;
    const char* want;
  };
  const Case cases[] = {
      // Seed 000: Apr 01 18:15 → Apr 04 13:14 UTC.
      {seconds(2 * 86400 + 18 * 3600 + 59 * 60), "2d 18h"},
      // Seed 002: Mar 22 19:22 → Mar 31 00:44 UTC.
      {seconds(8 * 86400 + 5 * 3600 + 22 * 60), "8d 5h"},
      // Seed 002, update 11: "lasted a total of 40 minutes".
      {seconds(40 * 60 + 10), "40m"},
      {seconds(3 * 86400), "3d"},
      {seconds(5 * 3600 + 7 * 60), "5h 7m"},
      {seconds(3600), "1h"},
      {seconds(45), "45s"},
      {seconds(0), "0s"},
      {seconds(-5), "0s"},
  };
  for (const auto& c : cases) EXPECT_EQ(format_duration_short(c.d), c.want);
}

TEST(DurationTest, FormatsConfigFormRoundTrip) {
  EXPECT_EQ(format_duration_config(30s), "30s");
  EXPECT_EQ(format_duration_config(5min), "5m");
  EXPECT_EQ(format_duration_config(800ms), "800ms");
  EXPECT_EQ(format_duration_config(24h * 14), "2w");
  EXPECT_EQ(format_duration_config(90s), "90s");
}

}  // namespace
}  // namespace pharos
