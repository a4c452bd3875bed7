#include "core/log.h"

#include <gtest/gtest.h>

namespace pharos::log {
namespace {

TEST(LogTest, FormatsKeyValueLines) {
  EXPECT_EQ(format_line("incident.opened", {kv("id", "abc123"), kv("count", 3), kv("ok", true)}),
            "event=incident.opened id=abc123 count=3 ok=true");
}

TEST(LogTest, QuotesValuesThatWouldBreakTheLine) {
  EXPECT_EQ(format_line("x", {kv("title", "API down"), kv("q", "a\"b"), kv("e", "")}),
            "event=x title=\"API down\" q=\"a\\\"b\" e=\"\"");
  EXPECT_EQ(format_line("x", {kv("body", "line1\nline2")}), "event=x body=\"line1\\nline2\"");
}

TEST(LogTest, ParsesLevels) {
  EXPECT_TRUE(parse_level("debug").ok());
  EXPECT_TRUE(parse_level("warn").ok());
  EXPECT_FALSE(parse_level("loud").ok());
}

}  // namespace
}  // namespace pharos::log
