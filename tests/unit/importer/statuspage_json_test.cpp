// Statuspage API v2 documents (fixtures written from ../shared/FORMATS.md §1).
#include <gtest/gtest.h>

#include "importer/importer.h"
#include "seed_support.h"

namespace pharos::importer {
namespace {

using testing::fixture;
using testing::utc;
using S = IncidentStatus;

const auto parse_json = testing::parse_all;

TEST(StatuspageJsonTest, IncidentsListInPageOffsetsBecomesUtcOldestFirst) {
  auto list = parse_json("json/incidents.json");
  ASSERT_EQ(list.size(), 2u);
  const auto& open = list[0];
  EXPECT_EQ(open.vendor, "Acme Cloud");
  EXPECT_EQ(open.title, "Elevated API error rates");
  EXPECT_EQ(open.impact, Impact::kMajor);
  EXPECT_EQ(open.status, S::kInvestigating);
  EXPECT_EQ(open.started_at, utc("2021-12-07T15:45:00Z")) << "started_at precedes the first update";
  EXPECT_EQ(open.resolved_at, std::nullopt);
  EXPECT_EQ(open.duration(), std::nullopt);
  EXPECT_EQ(open.components, std::vector<std::string>{"API"});
  EXPECT_EQ(open.source_url, "https://status.acme-cloud.example/incidents/p31zjtct2jer");
  ASSERT_EQ(open.updates.size(), 2u);
  EXPECT_EQ(open.updates[0].at, utc("2021-12-07T15:50:12Z")) << "display_at, not created_at";
  EXPECT_EQ(open.updates[0].body,
            "We are investigating elevated error rates on the API.\nSome requests fail with 502.");
  EXPECT_EQ(open.updates[1].body, "We are continuing to investigate this issue.");

  const auto& closed = list[1];
  EXPECT_EQ(closed.status, S::kPostmortem);
  EXPECT_EQ(closed.impact, Impact::kMinor);
  EXPECT_EQ(closed.started_at, utc("2021-11-30T21:02:00Z"));
  EXPECT_EQ(closed.resolved_at, utc("2021-11-30T23:30:00Z"));
  EXPECT_EQ(closed.duration(), std::chrono::seconds(2 * 3600 + 28 * 60));
  EXPECT_EQ(closed.components, std::vector<std::string>{"Integrations - Webhooks"})
      << "taken from affected_components when components is empty";
  ASSERT_EQ(closed.updates.size(), 3u) << "the postmortem update is the post-mortem, not an update";
  EXPECT_EQ(closed.updates[0].status, S::kInvestigating);
  EXPECT_EQ(closed.updates[1].status, S::kMonitoring);
  EXPECT_EQ(closed.updates[2].status, S::kResolved);
  EXPECT_EQ(closed.postmortem,
            "## Description\n\nA queue consumer stalled.\n\n## Root Cause\n\nA lock was "
            "never released.\n\n## Preventative Action\n\n- Alert on queue age");
  EXPECT_EQ(closed.postmortem_at, utc("2021-12-02T17:00:00Z"));
}

TEST(StatuspageJsonTest, UnresolvedKeepsEmptyBodies) {
  auto list = parse_json("json/unresolved.json");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].status, S::kIdentified);
  EXPECT_EQ(list[0].impact, Impact::kCritical);
  EXPECT_EQ(list[0].started_at, utc("2022-11-25T15:20:00.120Z"));
  ASSERT_EQ(list[0].updates.size(), 2u);
  EXPECT_EQ(list[0].updates[0].body, "");
  EXPECT_EQ(list[0].components, std::vector<std::string>{"Login"});
}

TEST(StatuspageJsonTest, SummaryYieldsIncidentsAndMaintenances) {
  auto list = parse_json("json/summary.json");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].title, "Slow search results");
  EXPECT_EQ(list[0].status, S::kMonitoring);
  EXPECT_EQ(list[0].source_url, "https://status.acme-cloud.example/incidents/s3s3s3s3s3s3")
      << "trailing slash of page.url dropped";
  EXPECT_EQ(list[1].kind, IncidentKind::kMaintenance);
  EXPECT_EQ(list[1].status, S::kScheduled);
  EXPECT_EQ(list[1].impact, Impact::kMaintenance);
  EXPECT_EQ(list[1].scheduled_for, utc("2024-03-20T02:00:00Z"));
  EXPECT_EQ(list[1].scheduled_until, utc("2024-03-20T04:00:00Z"));
}

TEST(StatuspageJsonTest, SingleIncidentWithoutPageUsesShortlink) {
  auto list = parse_json("json/incident.json");
  ASSERT_EQ(list.size(), 1u);
  const auto& i = list[0];
  EXPECT_EQ(i.vendor, std::nullopt);
  EXPECT_EQ(i.started_at, utc("2023-09-19T09:30:00Z"));
  EXPECT_EQ(i.resolved_at, utc("2023-09-19T11:05:00Z"));
  EXPECT_EQ(i.duration(), std::chrono::seconds(5700));
  EXPECT_EQ(i.source_url, "http://stspg.io/a1b2");
  EXPECT_EQ(i.components, std::vector<std::string>{"Uploads"});
  ASSERT_EQ(i.updates.size(), 3u);
  EXPECT_EQ(i.updates[0].at, utc("2023-09-19T09:34:00Z"));
}

TEST(StatuspageJsonTest, VendorOptionWinsOverPageName) {
  ImportOptions o;
  o.vendor = "acme";
  auto list = parse_report(fixture("json/unresolved.json"), o);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->front().vendor, "acme");
}

TEST(StatuspageJsonTest, ErrorsNameTheLineOrJsonPointer) {
  ImportOptions o;
  o.source_name = "in.json";
  auto broken = parse_report("{\n  \"incidents\": [\n    {\"name\": \"x\",,}\n  ]\n}", o);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().field, "in.json:3");
  auto bad_time = parse_report(
      R"({"incidents":[{"name":"x","started_at":"yesterday","incident_updates":[]}]})", o);
  ASSERT_FALSE(bad_time.ok());
  EXPECT_EQ(bad_time.error().field, "in.json:/incidents/0/started_at");
  auto bad_status = parse_report(
      R"({"incidents":[{"name":"x","incident_updates":[{"status":"sleeping","display_at":"2024-01-01T00:00:00Z"}]}]})",
      o);
  ASSERT_FALSE(bad_status.ok());
  EXPECT_EQ(bad_status.error().field, "in.json:/incidents/0/incident_updates/0/status");
  auto not_statuspage = parse_report(R"({"hello": 1})", o);
  ASSERT_FALSE(not_statuspage.ok());
  EXPECT_NE(not_statuspage.error().message.find("incidents"), std::string::npos);
}

}  // namespace
}  // namespace pharos::importer
