// Each layout as saved HTML (fixtures written in the markup those sites publish), read with gumbo.
#include "importer/html_text.h"

#include <gtest/gtest.h>

#include "importer/import_json.h"
#include "seed_support.h"

namespace pharos::importer {
namespace {

using testing::parse_one;
using testing::utc;
using S = IncidentStatus;

TEST(HtmlTest, AggregatorHtmlMatchesTheTextSeedAndKeepsTheVendorLink) {
  auto html = parse_one("html/aggregator_thinklink.html");
  auto text = parse_one("seeds/000_0d3f5e366055ad5d.txt");
  EXPECT_EQ(html.source_url, "https://status.thinklink.example/incidents/5kq3wfzp0x1n");
  html.source_url.reset();
  EXPECT_EQ(boost::json::serialize(to_json(html)), boost::json::serialize(to_json(text)));
  EXPECT_EQ(html.detected_at, utc("2022-04-01T18:15:00Z"));
}

TEST(HtmlTest, AggregatorHtmlListsComponentsWithoutGuessing) {
  auto i = parse_one("html/aggregator_kalix.html");
  EXPECT_EQ(i.components,
            (std::vector<std::string>{"Kalix Platform", "Telehealth", "Online Schedulers",
                                      "Messaging", "Notifications"}));
  EXPECT_TRUE(i.warnings.empty());
  EXPECT_EQ(i.impact, Impact::kCritical);
  ASSERT_EQ(i.updates.size(), 4u);
  EXPECT_EQ(i.updates[3].body,
            "There were no downtimes or restarts of the server today.\n\nWe are confident that "
            "Kalix's servers will be stable moving forward.");
  EXPECT_EQ(i.source_url, "https://status.kalix.example/incidents/q8w1m2n3b4v5");
}

TEST(HtmlTest, StatuspageHtmlReadsLabelsBodiesTimestampsAndImpactClass) {
  auto html = parse_one("html/statuspage_serraview.html");
  auto text = parse_one("seeds/003_f0b78b4ba82bb639.txt");
  EXPECT_EQ(html.vendor, "Serraview");
  EXPECT_EQ(html.title, text.title);
  EXPECT_EQ(html.impact, Impact::kMajor);
  EXPECT_EQ(html.status, S::kPostmortem);
  EXPECT_EQ(html.started_at, text.started_at);
  EXPECT_EQ(html.resolved_at, text.resolved_at);
  EXPECT_EQ(html.components, text.components);
  EXPECT_EQ(html.updates, text.updates) << "pre-wrap bodies keep their paragraph break";
  EXPECT_EQ(html.postmortem_at, utc("2024-02-02T18:04:00Z"));
  EXPECT_EQ(html.source_url, "https://status.serraview.example/incidents/yq3jz0f8ym2d");
  ASSERT_TRUE(html.postmortem.has_value());
  EXPECT_NE(html.postmortem->find("## Description\n\nOn the morning"), std::string::npos);
  EXPECT_NE(html.postmortem->find(
                "## Remediation\n\n- Scaling the RDS (shared booking server)\n- Adding"),
            std::string::npos);
  EXPECT_EQ(html.postmortem->find("Powered by"), std::string::npos);
}

TEST(HtmlTest, StatuspageHtmlUpdateLabelKeepsStatusAndGroupsExpand) {
  auto i = parse_one("html/statuspage_techtime.html");
  EXPECT_EQ(i.impact, Impact::kMinor);
  EXPECT_EQ(i.status, S::kResolved);
  EXPECT_EQ(i.resolved_at, utc("2021-11-12T06:52:00Z"));
  EXPECT_EQ(i.components, (std::vector<std::string>{
                              "TechTime Cloud Apps - GoogleMaps Embed macro in Atlassian Cloud",
                              "TechTime Cloud Apps - EasyTime for Jira Cloud", "Website"}));
  ASSERT_EQ(i.updates.size(), 5u);
  EXPECT_EQ(i.updates[2].status, S::kIdentified) << "'Update' keeps the status in force";
  EXPECT_EQ(i.updates[2].body, "We are restarting the node.");
  EXPECT_EQ(i.updates[3].body, "The node has been restarted \u2013 we continue to monitor");
  EXPECT_TRUE(i.warnings.empty());
}

TEST(HtmlTest, InstatusHtmlUndoublesLabelsAndReadsComponentSpansAndTimes) {
  ImportOptions o = testing::read_on(date::year{2024} / 2 / 16, "Europe/Amsterdam");
  auto i = parse_one("html/instatus_watermelon.html", o);
  EXPECT_EQ(i.title, "Conversations not loading");
  EXPECT_EQ(i.components, (std::vector<std::string>{"Conversations", "Pulse overview"}));
  EXPECT_EQ(i.started_at, utc("2024-02-16T06:30:00Z"));
  EXPECT_EQ(i.resolved_at, utc("2024-02-16T10:55:00Z"));
  EXPECT_EQ(i.status, S::kPostmortem);
  const std::vector<ImportedUpdate> expected = {
      {S::kInvestigating, utc("2024-02-16T06:35:00Z"),
       "We are currently investigating this incident."},
      {S::kInvestigating, utc("2024-02-16T07:10:00Z"),
       "We are continuing to investigate this issue."},
      {S::kMonitoring, utc("2024-02-16T09:40:00Z"),
       "We've implemented a fix and are currently monitoring the situation."},
      {S::kResolved, utc("2024-02-16T10:55:00Z"), "This incident has been resolved."}};
  EXPECT_EQ(i.updates, expected);
  EXPECT_EQ(i.source_url, "https://status.watermelon.example/clsq1x2y3000108l4abcd1234");
  ASSERT_TRUE(i.postmortem.has_value());
  EXPECT_TRUE(
      i.postmortem->ends_with("## Root Cause Analysis\n\nThe system downtime was primarily "
                              "caused by excessive token refreshing."));
}

TEST(HtmlTest, TextExtractionFollowsBlocksListsAndPreWrap) {
  auto out = html_to_lines(
      "<html><head><title>ignored</title><script>var x = '<p>no</p>';</script></head><body>"
      "<div>one <span>two</span><var> 3</var></div><p>four<br>five</p>"
      "<ol><li>a</li><li><div>b</div></li></ol><ul><li>c</li></ul>"
      "<span class=\"whitespace-pre-wrap\">x\n\ny</span><footer>chrome</footer></body></html>");
  std::vector<std::string> texts;
  for (const auto& l : out.lines) texts.push_back(l.text);
  // A block boundary is a paragraph break (blank line); <br> and pre-wrap newlines are line breaks.
  EXPECT_EQ(texts, (std::vector<std::string>{"one two 3", "", "four", "five", "", "1. a", "",
                                             "2. b", "", "- c", "", "x", "", "y", ""}));
}

TEST(HtmlTest, LooksLikeHtmlOnlyWhenMarkupComesFirst) {
  EXPECT_TRUE(looks_like_html("  \n<!DOCTYPE html><html>"));
  EXPECT_FALSE(looks_like_html("ThinkLink incident\n<b>"));
}

}  // namespace
}  // namespace pharos::importer
