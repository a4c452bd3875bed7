#include "core/text.h"

#include <gtest/gtest.h>

namespace pharos {
namespace {

TEST(TextTest, EscapesHtml) {
  EXPECT_EQ(html_escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
}

TEST(TextTest, EscapesJson) { EXPECT_EQ(json_escape("a\"b\\c\nd\x01"), "a\\\"b\\\\c\\nd\\u0001"); }

TEST(TextTest, JoinsLikeASentence) {
  EXPECT_EQ(join_human({}), "");
  EXPECT_EQ(join_human({"A"}), "A");
  EXPECT_EQ(join_human({"A", "B"}), "A and B");
  EXPECT_EQ(join_human({"A", "B", "C"}), "A, B and C");
}

TEST(TextTest, TrimsAndSplits) {
  EXPECT_EQ(trim("  a b \n"), "a b");
  EXPECT_EQ(split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_TRUE(starts_with_ci("Posted Nov", "posted"));
  EXPECT_TRUE(equals_ci("ResolvedResolved", "resolvedresolved"));
}

}  // namespace
}  // namespace pharos
