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

TEST(MarkdownTest, PlainTextKeepsTheWordsAndDropsTheMarkup) {
  struct Case {
    const char* markdown;
    const char* text;
  };
  const Case cases[] = {
      {"**Fixed** the [load balancer](https://example.com/lb).", "Fixed the load balancer."},
      {"# Heading\n\nBody *text*", "Heading Body text"},
      {"We did:\n\n- restart `api`\n- drain node\n\nDone.", "We did: restart api drain node Done."},
      {"line one\nline two", "line one line two"},
      {"**bold**ly <b>raw</b> ~~old~~", "boldly raw old"},
      {"Ünïcødé — 東京 🚀", "Ünïcødé — 東京 🚀"},
      {"", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(to_plain_text(c.markdown), c.text) << c.markdown;
}

}  // namespace
}  // namespace pharos::markdown
