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

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(FailureLogTest, AnOutageIsTwoLinesHoweverManyAttemptsFail) {
  FailureLog refresh("test.refresh_failed", "test.refresh_recovered");
  ::testing::internal::CaptureStderr();
  refresh.note(Result<int>(1));  // working: nothing to say
  for (int i = 0; i < 40; ++i) refresh.failed(Error::unavailable("database unreachable"));
  EXPECT_TRUE(refresh.failing());
  refresh.failed(Error::internal("something else"));  // a different trouble: said once more
  refresh.failed(Error::internal("something else"));
  refresh.succeeded();
  refresh.succeeded();
  EXPECT_FALSE(refresh.failing());
  std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(count(out, "event=test.refresh_failed"), 2) << out;
  EXPECT_EQ(count(out, "event=test.refresh_recovered"), 1) << out;
  EXPECT_NE(out.find("failed_attempts=42"), std::string::npos) << out;
}

}  // namespace
}  // namespace pharos::log
