// The layouts beyond the seeds: shapes the same families publish (unresolved incidents,
// maintenances, missing years, post-mortem entries) and the errors for reports that break them.
#include <gtest/gtest.h>

#include "importer/importer.h"
#include "seed_support.h"

namespace pharos::importer {
namespace {

using testing::utc;
using S = IncidentStatus;

Result<std::vector<ImportedIncident>> parse(const std::string& text, ImportOptions o = {}) {
  o.source_name = "r.txt";
  return parse_report(text, o);
}

// A report of one incident, read; fails the test when it is not exactly one.
ImportedIncident parse_single(const std::string& text, ImportOptions o = {}) {
  return testing::parse_one_text(text, "r.txt", std::move(o));
}

TEST(AggregatorLayoutTest, UnresolvedIncidentHasNoResolution) {
  const auto i = parse_single(
      "Acme Cloud incident\n\nLogin failures\n\nMajor Identified View vendor source →\n\n"
      "Acme Cloud is experiencing a major incident affecting Login.\n\nStarted\nMay 02, 2024, "
      "09:00 AM UTC\n"
      "Detected by Pingoru\nMay 02, 2024, 09:03 AM UTC\n\nAffected components\n\nLogin\n\nUpdate "
      "timeline\n\n"
      "  1. investigating May 02, 2024, 09:05 AM UTC\n\n    We are looking into it.\n\n"
      "  2. identified May 02, 2024, 09:40 AM UTC\n\n    Found it.\n");
  EXPECT_EQ(i.vendor, "Acme Cloud");
  EXPECT_EQ(i.impact, Impact::kMajor);
  EXPECT_EQ(i.status, S::kIdentified);
  EXPECT_EQ(i.started_at, utc("2024-05-02T09:00:00Z"))
      << "the page's Started precedes the first update";
  EXPECT_EQ(i.resolved_at, std::nullopt);
  EXPECT_EQ(i.detected_at, utc("2024-05-02T09:03:00Z"));
  EXPECT_EQ(i.components, std::vector<std::string>{"Login"});
}

TEST(AggregatorLayoutTest, WithoutVendorHeadingTheSummaryNamesTheVendor) {
  // The shape Pharos renders for its own incidents: breadcrumb, title, badges on their own lines.
  const auto i = parse_single(
      "Acme status\n› Incident\nAPI Down\nCritical\nResolved\n"
      "Acme experienced a critical incident on March 22, 2021 affecting API, lasting 1h.\n"
      "Started\nMar 22, 2021, 07:22 PM UTC\nUpdate timeline\n"
      "1. Investigating Mar 22, 2021, 07:22 PM UTC\nDown.\n2. Resolved Mar 22, 2021, 08:22 PM "
      "UTC\nUp.\n");
  EXPECT_EQ(i.vendor, "Acme");
  EXPECT_EQ(i.title, "API Down");
  EXPECT_EQ(i.impact, Impact::kCritical);
  EXPECT_EQ(i.duration(), std::chrono::seconds(3600));
}

TEST(AggregatorLayoutTest, MaintenanceWithTwoWordStatusAndPostmortemEntry) {
  const auto i = parse_single(
      "Acme maintenance\n\nDatabase upgrade\n\nMaintenance Completed View vendor source "
      "→\n\nUpdate timeline\n\n"
      "  1. scheduled Jun 01, 2024, 08:00 PM UTC\n\n    Planned.\n\n"
      "  2. in progress Jun 02, 2024, 01:00 AM UTC\n\n    Started.\n\n"
      "  3. completed Jun 02, 2024, 02:00 AM UTC\n\n    Done.\n\n"
      "  4. postmortem Jun 03, 2024, 10:00 AM UTC\n\n    Root Cause:\n\n    None, it was "
      "planned.\n");
  EXPECT_EQ(i.kind, IncidentKind::kMaintenance);
  EXPECT_EQ(i.impact, Impact::kMaintenance);
  ASSERT_EQ(i.updates.size(), 3u);
  EXPECT_EQ(i.updates[1].status, S::kInProgress);
  EXPECT_EQ(i.status, S::kCompleted);
  EXPECT_EQ(i.resolved_at, utc("2024-06-02T02:00:00Z"));
  EXPECT_EQ(i.postmortem, "## Root Cause\n\nNone, it was planned.");
}

TEST(AggregatorLayoutTest, ErrorsNameTheLineAndWhatWasExpected) {
  struct Case {
    std::string text;
    std::string field;
    std::string expected;
  };
  for (const Case& c : {
           Case{"Acme incident\n\nDown\n\nUpdate timeline\n\n  1. sleeping Jun 01, 2024, 08:00 PM "
                "UTC\n",
                "r.txt:7", "expected a status"},
           Case{"Acme incident\n\nDown\n\nUpdate timeline\n\n  1. investigating soon\n", "r.txt:7",
                "expected the update's time"},
           Case{"Acme incident\n\nDown\n\nUpdate timeline\n\nnothing numbered\n", "r.txt:7",
                "expected a numbered update"},
           Case{"Acme incident\n\nDown\n\nStarted\nsoon\n\nUpdate timeline\n\n  1. investigating "
                "Jun 01, 2024, 08:00 PM UTC\n",
                "r.txt:5", "expected a time after 'Started'"},
           Case{"Acme incident\n\nDown\n\nUpdate timeline\n\n  1. investigating Jun 01, 2024, "
                "08:00 PM XYZT\n",
                "r.txt:7", "time"},
       }) {
    auto r = parse(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().field, c.field) << c.text;
    EXPECT_NE(r.error().message.find(c.expected), std::string::npos) << r.error().message;
  }
}

TEST(StatuspageLayoutTest, UnresolvedMaintenanceAndYearFromContext) {
  const auto i = parse_single(
      "Router replacement\nScheduled Maintenance Report for Acme\n\nIn progress\nWork has begun.\n"
      "Posted Dec 31, 23:10 UTC\nScheduled\nWe will replace a router.\nPosted Dec 20, 2023 - 10:00 "
      "UTC\n"
      "This scheduled maintenance affects: Network (EU, US).\n");
  EXPECT_EQ(i.kind, IncidentKind::kMaintenance);
  EXPECT_EQ(i.status, S::kInProgress);
  EXPECT_EQ(i.vendor, "Acme");
  ASSERT_EQ(i.updates.size(), 2u);
  EXPECT_EQ(i.updates[1].at, utc("2023-12-31T23:10:00Z"))
      << "the year comes from the nearest dated entry on the page";
  EXPECT_EQ(i.components, (std::vector<std::string>{"Network - EU", "Network - US"}));
  EXPECT_EQ(i.resolved_at, std::nullopt);
}

TEST(StatuspageLayoutTest, UpdateLabelsKeepStatusAndAmbiguousZoneWarns) {
  const auto i = parse_single(
      "API errors\nIncident Report for Acme\nUpdate\nStill looking.\nPosted Mar 01, 2024 - 10:30 "
      "IST\n"
      "Investigating\nLooking.\nPosted Mar 01, 2024 - 10:00 IST\n");
  ASSERT_EQ(i.updates.size(), 2u);
  EXPECT_EQ(i.updates[1].status, S::kInvestigating);
  EXPECT_EQ(i.updates[0].at, utc("2024-03-01T04:30:00Z"));
  EXPECT_FALSE(i.warnings.empty());
  ImportOptions dublin;
  dublin.zone = *TimeZone::locate("Europe/Dublin");
  auto summer = parse(
      "API errors\nIncident Report for Acme\nInvestigating\nLooking.\nPosted Jul 01, 2024 - 10:00 "
      "IST\n",
      dublin);
  ASSERT_TRUE(summer.ok());
  EXPECT_EQ(summer->front().updates[0].at, utc("2024-07-01T09:00:00Z"));
}

TEST(StatuspageLayoutTest, ErrorsNameTheLine) {
  auto no_posts = parse("Title\nIncident Report for Acme\nInvestigating\nLooking.\n");
  ASSERT_FALSE(no_posts.ok());
  EXPECT_EQ(no_posts.error().field, "r.txt:2");
  EXPECT_NE(no_posts.error().message.find("Posted"), std::string::npos);
  // Without a title the Statuspage parser refuses at line 1; the general reader reads the page.
  auto no_title = parse("Incident Report for Acme\nLooking.\nPosted Mar 01, 2024 - 10:00 UTC\n");
  ASSERT_TRUE(no_title.ok()) << no_title.error().describe();
  EXPECT_EQ(no_title->front().reader, "general");
  EXPECT_EQ(no_title->front().vendor, "Acme");
  EXPECT_FALSE(no_title->front().title.has_value());
  auto no_year = parse("T\nIncident Report for Acme\nLooking.\nPosted Mar 01, 10:00 UTC\n");
  ASSERT_FALSE(no_year.ok());
  EXPECT_EQ(no_year.error().field, "r.txt:4");
  EXPECT_NE(no_year.error().message.find("--date"), std::string::npos);
}

TEST(InstatusLayoutTest, NamedComponentsTimesAndOvernightSpan) {
  ImportOptions o = testing::read_on(date::year{2024} / 3 / 9, "America/New_York");
  const auto i = parse_single(
      "Email delays\nResolvedResolved\nMar 9, 2024\nAffected\nEmail\nPartial outage from 10:00 PM "
      "to 1:30 AM\n"
      "- ResolvedResolved\nAll mail delivered.\nMar 10 at 1:30 AM EST\n"
      "- InvestigatingInvestigating\nMail is delayed.\n",
      o);
  EXPECT_EQ(i.title, "Email delays");
  EXPECT_EQ(i.components, std::vector<std::string>{"Email"});
  EXPECT_EQ(i.started_at, utc("2024-03-10T03:00:00Z"));
  EXPECT_EQ(i.resolved_at, utc("2024-03-10T06:30:00Z"));
  ASSERT_EQ(i.updates.size(), 2u);
  EXPECT_EQ(i.updates[1].body, "All mail delivered.");
  EXPECT_EQ(i.updates[0].at, std::nullopt);
  EXPECT_TRUE(i.warnings.empty());
}

TEST(DetectTest, UnknownTextNamesLineOneAndTheLayouts) {
  auto r = parse("just some words\nand more\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "r.txt:1");
  EXPECT_NE(r.error().message.find("--format"), std::string::npos);
  ImportOptions forced;
  forced.format = Format::kInstatus;
  auto wrong = parse(testing::fixture("seeds/000_0d3f5e366055ad5d.txt"), forced);
  EXPECT_FALSE(wrong.ok()) << "a forced layout is not second-guessed";
}

}  // namespace
}  // namespace pharos::importer
