#include "importer/page_lines.h"

#include <gtest/gtest.h>

namespace pharos::importer {
namespace {

TEST(TextLinesTest, TrimStripsAsciiAndNoBreakSpacesFromBothEnds) {
  EXPECT_EQ(trim_text(" \t\xC2\xA0 API down \xC2\xA0\r\n"), "API down");
  EXPECT_EQ(trim_text("\xC2\xA0\xC2\xA0"), "");
  EXPECT_EQ(trim_text("a\xC2\xA0"
                      "b"),
            "a\xC2\xA0"
            "b")
      << "inner spaces stay";
  EXPECT_EQ(trim_text("\xA0x\xC2"), "\xA0x\xC2") << "half a no-break space is no space";
  EXPECT_EQ(trim_text(""), "");
}

TEST(PageLinesTest, LabelsAsPagesPrintThem) {
  struct Case {
    const char* text;
    const char* label;  // nullptr: not a label
  };
  for (const Case& c :
       {Case{"Resolved", "Resolved"}, Case{"Resolved -", "Resolved"}, Case{"- Update", "Update"},
        Case{"Created", "Created"}, Case{"Post-mortem", "Post-mortem"},
        Case{"In progress", "In progress"}, Case{"Recovering", "Recovering"},
        Case{"Resolved the issue", nullptr}, Case{"Resolution:", nullptr}, Case{"", nullptr}}) {
    auto label = label_of(c.text);
    if (c.label) {
      ASSERT_TRUE(label.has_value()) << c.text;
      EXPECT_EQ(*label, c.label) << c.text;
    } else {
      EXPECT_FALSE(label.has_value()) << c.text;
    }
  }
}

TEST(PageLinesTest, StampLinesWithTheirWrappers) {
  for (const char* text :
       {"Posted Nov 05, 2021 - 04:45 NZDT", "(Sunday 11th March 2018 23:36:49 UTC)",
        "Tue, May 24, 2022, 04:29 PM(1 hour earlier)", "01:02 UTC | 17:02 PT",
        "Apr 17 at 01:57am GMT+6", "Mar 13, 14:24 MDT", "2018-09-07 11:16:25 UTC"}) {
    EXPECT_TRUE(stamp_line_of(text).has_value()) << text;
  }
  for (const char* text : {"Wednesday 19th April 2017", "The API was down at 12:00AM ET.",
                           "Service Incident February 1st 2016", "API outage 11 Nov 2021"}) {
    EXPECT_FALSE(stamp_line_of(text).has_value()) << text;
  }
}

TEST(PageLinesTest, ClassifiesLabelStampAndStampLedLines) {
  std::vector<Line> lines = {{1, "- investigating May 11, 2021, 02:35 AM UTC"},
                             {2, "- 03:00 - the login app is set in maintenance mode"},
                             {3, "23:17:00 - software upgrade started"},
                             {4, "Back to overview"},
                             {5, ""},
                             {6, "We are investigating."}};
  auto page = classify_lines(lines);
  ASSERT_EQ(page.size(), 6u);
  EXPECT_EQ(page[0].kind, LineKind::kStamp);
  EXPECT_EQ(*page[0].label, "investigating");
  EXPECT_EQ(page[1].kind, LineKind::kStamp);
  EXPECT_EQ(page[1].rest, "the login app is set in maintenance mode");
  EXPECT_EQ(page[2].rest, "software upgrade started");
  EXPECT_EQ(page[3].kind, LineKind::kJunk);
  EXPECT_EQ(page[4].kind, LineKind::kBlank);
  EXPECT_EQ(page[5].kind, LineKind::kText);
}

}  // namespace
}  // namespace pharos::importer
