#include "markdown/markdown.h"

#include <gtest/gtest.h>

namespace pharos::markdown {
namespace {

TEST(MarkdownTest, RendersMarkdownAndDropsRawHtml) {
  std::string html = to_html("**bold** <iframe src=x></iframe>\n\n- item");
  EXPECT_NE(html.find("<strong>bold</strong>"), std::string::npos);
  EXPECT_NE(html.find("<li>item</li>"), std::string::npos);
  EXPECT_EQ(html.find("<iframe"), std::string::npos);
}

}  // namespace
}  // namespace pharos::markdown
