// Statuspage history feeds (fixtures written from ../shared/FORMATS.md §3).
#include <gtest/gtest.h>

#include "importer/importer.h"
#include "seed_support.h"

namespace pharos::importer {
namespace {

using testing::fixture;
using testing::utc;
using S = IncidentStatus;

const auto parse_feed = testing::parse_all;

TEST(FeedTest, AtomEntriesTakeTheirYearFromPublishedAcrossNewYear) {
  EXPECT_EQ(*detect_format(fixture("feed/history.atom")), Format::kStatuspageFeed);
  auto list = parse_feed("feed/history.atom");
  ASSERT_EQ(list.size(), 2u);
  const auto& i = list[0];
  EXPECT_EQ(i.vendor, "GitHub");
  EXPECT_EQ(i.title, "Disruption with some GitHub services");
  EXPECT_EQ(i.source_url, "https://www.githubstatus.com/incidents/v61nk2fpysnq");
  EXPECT_EQ(i.impact, std::nullopt);
  EXPECT_EQ(i.status, S::kResolved);
  const std::vector<ImportedUpdate> expected = {
      {S::kInvestigating, utc("2024-12-31T23:02:00Z"),
       "We are investigating reports of degraded performance."},
      {S::kInvestigating, utc("2024-12-31T23:40:00Z"),
       "We are deploying a fix.\nMost requests succeed again."},
      {S::kResolved, utc("2025-01-02T01:05:00Z"), "This incident has been resolved."}};
  EXPECT_EQ(i.updates, expected);
  EXPECT_EQ(i.started_at, utc("2024-12-31T23:02:00Z"));
  EXPECT_EQ(i.resolved_at, utc("2025-01-02T01:05:00Z"));
  EXPECT_EQ(i.duration(), std::chrono::seconds(86400 + 2 * 3600 + 3 * 60));

  const auto& m = list[1];
  EXPECT_EQ(m.kind, IncidentKind::kMaintenance);
  EXPECT_EQ(m.status, S::kScheduled);
  EXPECT_EQ(m.scheduled_for, utc("2024-12-21T02:00:00Z"));
  EXPECT_EQ(m.scheduled_until, utc("2024-12-21T04:00:00Z"));
  ASSERT_EQ(m.updates.size(), 1u);
  EXPECT_EQ(m.updates[0].body, "We will upgrade the primary database.");
}

TEST(FeedTest, RssItemsInPageZone) {
  auto list = parse_feed("feed/history.rss");
  ASSERT_EQ(list.size(), 1u);
  const auto& i = list[0];
  EXPECT_EQ(i.vendor, "Cloudflare");
  EXPECT_EQ(i.source_url, "https://www.cloudflarestatus.com/incidents/9c1xk3h0d8pm");
  ASSERT_EQ(i.updates.size(), 2u);
  EXPECT_EQ(i.updates[0].status, S::kIdentified);
  EXPECT_EQ(i.updates[0].at, utc("2026-03-16T06:50:00Z"));
  EXPECT_EQ(i.resolved_at, utc("2026-03-16T07:27:00Z"));
}

TEST(FeedTest, ErrorsNameTheEntryLine) {
  ImportOptions o;
  o.source_name = "f.atom";
  auto empty =
      parse_report("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>X</title></feed>", o);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().field, "f.atom:1");
  auto no_updates = parse_report(
      "<feed>\n<title>X Status - Incident History</title>\n<entry>\n<title>T</title>\n"
      "<content type=\"html\">&lt;p&gt;nothing&lt;/p&gt;</content>\n</entry>\n</feed>",
      o);
  ASSERT_FALSE(no_updates.ok());
  EXPECT_EQ(no_updates.error().field, "f.atom:3");
}

}  // namespace
}  // namespace pharos::importer
