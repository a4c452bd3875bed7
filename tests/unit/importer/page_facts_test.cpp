#include "importer/page_facts.h"

#include <gtest/gtest.h>

namespace pharos::importer {
namespace {

PageFacts facts_of(std::vector<Line>& lines, std::vector<PageLine>* out = nullptr) {
  auto page = classify_lines(lines);
  auto facts = read_page_facts(page);
  if (out) *out = page;
  return facts;
}

TEST(PageFactsTest, AffectedListsKeepAbbreviationsAndSplitGroups) {
  struct Case {
    const char* list;
    std::vector<std::string> names;
  };
  for (const Case& c : {
           Case{"Inbound Email Security (IES), Email Productivity (EPR), and AI Mailbox (AISM).",
                {"Inbound Email Security (IES)", "Email Productivity (EPR)", "AI Mailbox (AISM)"}},
           Case{"Backend (Data pipeline).", {"Backend - Data pipeline"}},
           Case{"Cloud (A, B) and C", {"Cloud - A", "Cloud - B", "C"}},
       }) {
    EXPECT_EQ(split_affected_list(c.list), c.names) << c.list;
  }
}

TEST(PageFactsTest, ReadsDurations) {
  EXPECT_EQ(parse_duration_minutes("8 hours, 33 minutes"), 513);
  EXPECT_EQ(parse_duration_minutes("2d 18h"), 2 * 1440 + 18 * 60);
  EXPECT_EQ(parse_duration_minutes("45m"), 45);
  EXPECT_EQ(parse_duration_minutes("soon"), std::nullopt);
  EXPECT_EQ(parse_duration_minutes("3 weeks"), std::nullopt);
}

TEST(PageFactsTest, SummarySentenceGivesVendorImpactAndComponents) {
  std::vector<Line> lines = {
      {1,
       "Courier experienced a minor incident on September 6, 2024 affecting API and "
       "Observability, lasting 23m. The incident has been resolved."},
      {2, "Affected components"},
      {3, "APIObservability"}};
  std::vector<PageLine> page;
  auto f = facts_of(lines, &page);
  EXPECT_EQ(f.vendor, "Courier");
  EXPECT_EQ(f.impact, Impact::kMinor);
  EXPECT_EQ(f.components, (std::vector<std::string>{"API", "Observability"}));
  for (const auto& p : page) EXPECT_EQ(p.kind, LineKind::kJunk) << p.line->text;
}

TEST(PageFactsTest, BadgesFieldsAndContext) {
  std::vector<Line> lines = {{1, "Downtime"},
                             {2, "Incident Report for Form3"},
                             {3, "Started 7 Sep at 07:24pm UTC."},
                             {4, "End time: Monday, February 20, 2017, at 11:40 AM UTC"},
                             {5, "2026-01-29 (all times in UTC)"},
                             {6, "Affected services"},
                             {7, "Production"},
                             {8, "Dashboard"},
                             {9, ""},
                             {10, "What happened"}};
  auto f = facts_of(lines);
  EXPECT_EQ(f.impact, Impact::kMajor);
  EXPECT_EQ(f.vendor, "Form3");
  ASSERT_TRUE(f.start.has_value());
  EXPECT_EQ(*f.start->hour, 19);
  ASSERT_TRUE(f.end.has_value());
  EXPECT_EQ(f.end_line, 4);
  EXPECT_EQ(f.zone, "UTC");
  ASSERT_TRUE(f.date.has_value());
  EXPECT_EQ(*f.date->year, 2026);
  EXPECT_EQ(f.components, (std::vector<std::string>{"Production", "Dashboard"}));
}

}  // namespace
}  // namespace pharos::importer
