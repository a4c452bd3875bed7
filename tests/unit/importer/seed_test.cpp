// The five seed reports, every field asserted. Expected values were worked out by reading each
// document: times converted by hand (NZDT = UTC+13, so "Nov 05, 2021 - 04:45 NZDT" is
// 2021-11-04T15:45Z), durations computed from start to the resolving update.
#include <gtest/gtest.h>

#include "importer/importer.h"
#include "seed_support.h"

namespace pharos::importer {
namespace {

using testing::parse_one;
using testing::utc;
using S = IncidentStatus;

void expect_update(const ImportedUpdate& u, S status, const char* at, const std::string& body) {
  EXPECT_EQ(u.status, status) << body;
  ASSERT_TRUE(u.at.has_value()) << body;
  EXPECT_EQ(format_iso_utc(*u.at), at) << body;
  EXPECT_EQ(u.body, body);
}

TEST(SeedTest, ThinkLinkAggregatorPage) {
  auto i = parse_one("seeds/000_0d3f5e366055ad5d.txt");
  EXPECT_EQ(i.vendor, "ThinkLink");
  EXPECT_EQ(i.title, "Degraded Performance");
  EXPECT_EQ(i.impact, Impact::kMinor);
  EXPECT_EQ(i.status, S::kResolved);
  EXPECT_EQ(i.kind, IncidentKind::kIncident);
  EXPECT_EQ(i.started_at, utc("2022-04-01T18:15:00Z"));
  EXPECT_EQ(i.resolved_at, utc("2022-04-04T13:14:00Z"));
  EXPECT_EQ(i.detected_at, utc("2022-04-01T18:15:00Z"));
  // 2d 18h 59m: the page rounds it to "2d 18h".
  EXPECT_EQ(i.duration(), std::chrono::seconds(2 * 86400 + 18 * 3600 + 59 * 60));
  EXPECT_EQ(i.components, std::vector<std::string>{"ThinkLink Platform"});
  EXPECT_EQ(i.postmortem, std::nullopt);
  EXPECT_EQ(i.source_url, std::nullopt);
  EXPECT_TRUE(i.warnings.empty());
  ASSERT_EQ(i.updates.size(), 6u);
  expect_update(
      i.updates[0], S::kInvestigating, "2022-04-01T18:15:00Z",
      "Some users are reporting getting a generic error message when attempting to manage "
      "courses. This appears to be tied to slowness with one of the ThinkLink application's "
      "microservices. We are engaging with our hosting partner to troubleshoot and restart "
      "the service as needed.");
  expect_update(
      i.updates[1], S::kIdentified, "2022-04-01T19:02:00Z",
      "Our hosting partner will be initiating rolling restarts of the ThinkLink application "
      "to restore performance. Users may be momentarily logged out during the restart "
      "process but should immediately be able to log back in. We will provide an update "
      "when restarts are complete.");
  expect_update(i.updates[2], S::kIdentified, "2022-04-01T19:48:00Z",
                "Rolling restarts have been completed and users are still experiencing errors in "
                "parts of the application. We are continuing to diagnose the issue.");
  expect_update(
      i.updates[3], S::kIdentified, "2022-04-03T22:20:00Z",
      "The issue has been narrowed down to an expired access token for the file storage "
      "system and we are working with our hosting partner to renew the token. Once the "
      "token has been replaced we will need to complete another round of rolling restarts "
      "which will resolve the issues. We thank you for your patience.");
  expect_update(i.updates[4], S::kMonitoring, "2022-04-04T12:46:00Z",
                "Access tokens have been updated and the application is being restarted. Users may "
                "be logged out of the system but should immediately be able to log back in. This "
                "restart will restore full functionality and we are monitoring the application to "
                "confirm.");
  expect_update(
      i.updates[5], S::kResolved, "2022-04-04T13:14:00Z",
      "The incident has been resolved and ThinkLink has returned to normal functionality. "
      "We thank you for your patience while we resolved this issue.");
}

TEST(SeedTest, TechTimeStatuspagePageWithoutLabels) {
  auto i = parse_one("seeds/001_bdb14da426952084.txt");
  EXPECT_EQ(i.vendor, "TechTime Initiative Group");
  EXPECT_EQ(i.title, "Intermittent failures with TechTime's Cloud apps");
  EXPECT_EQ(i.impact, std::nullopt) << "the page names no severity";
  EXPECT_EQ(i.status, S::kPostmortem) << "a post-mortem was published after the resolution";
  EXPECT_EQ(i.started_at, utc("2021-11-04T15:45:00Z"));   // Nov 05 04:45 NZDT
  EXPECT_EQ(i.resolved_at, utc("2021-11-12T06:52:00Z"));  // Nov 12 19:52 NZDT
  EXPECT_EQ(i.duration(), std::chrono::seconds(7 * 86400 + 15 * 3600 + 7 * 60));
  EXPECT_EQ(i.detected_at, std::nullopt);
  EXPECT_EQ(i.components, (std::vector<std::string>{
                              "TechTime Cloud Apps - GoogleMaps Embed macro in Atlassian Cloud",
                              "TechTime Cloud Apps - EasyTime for Jira Cloud"}));
  EXPECT_EQ(i.source_url, std::nullopt);
  ASSERT_EQ(i.updates.size(), 4u);
  expect_update(
      i.updates[0], S::kInvestigating, "2021-11-04T15:45:00Z",
      "Our monitoring has identified intermittent failures with our Cloud apps \u2013 some "
      "requests are failing with 404");
  expect_update(
      i.updates[1], S::kIdentified, "2021-11-04T20:27:00Z",
      "We have identified that one of the hosting nodes didn't come back properly after an update");
  expect_update(i.updates[2], S::kMonitoring, "2021-11-04T20:54:00Z",
                "The node has been restarted \u2013 we continue to monitor");
  expect_update(i.updates[3], S::kResolved, "2021-11-12T06:52:00Z",
                "We consider this incident resolved");
  ASSERT_TRUE(i.postmortem.has_value());
  EXPECT_EQ(i.postmortem_at, utc("2021-11-12T07:04:00Z"));
  const std::string& pm = *i.postmortem;
  EXPECT_TRUE(pm.starts_with("To Our Cloud Customers:\n\nOn behalf of TechTime Initiative Group"));
  EXPECT_NE(pm.find("\n\n## What Happened?\n\nOur Cloud app hosting is clustered."),
            std::string::npos);
  EXPECT_NE(pm.find("\n\n## What Are We Going to Do Now?\n\n"), std::string::npos);
  EXPECT_NE(
      pm.find("1. The smoke tests we perform after updates will now explicitly test individual "
              "nodes and the state of apps, not just the platform\n2. Our regular health-checks"),
      std::string::npos);
  EXPECT_NE(pm.find("\n\n## More Information\n\n"), std::string::npos);
  EXPECT_TRUE(pm.ends_with("Ed Letifov"));
  EXPECT_EQ(pm.find("Posted"), std::string::npos);
  // Both guesses are announced.
  EXPECT_EQ(i.warnings.size(), 2u);
}

TEST(SeedTest, KalixAggregatorPageSplitsRunTogetherComponents) {
  auto i = parse_one("seeds/002_29c1566b0c079086.txt");
  EXPECT_EQ(i.vendor, "Kalix EMR");
  EXPECT_EQ(i.title, "API Down");
  EXPECT_EQ(i.impact, Impact::kCritical);
  EXPECT_EQ(i.status, S::kResolved);
  EXPECT_EQ(i.started_at, utc("2021-03-22T19:22:00Z"));
  EXPECT_EQ(i.resolved_at, utc("2021-03-31T00:44:00Z"));
  EXPECT_EQ(i.detected_at, utc("2021-03-22T19:22:00Z"));
  EXPECT_EQ(i.duration(), std::chrono::seconds(8 * 86400 + 5 * 3600 + 22 * 60));
  EXPECT_EQ(i.components,
            (std::vector<std::string>{"Kalix Platform", "Telehealth", "Online Schedulers",
                                      "Messaging", "Notifications"}));
  ASSERT_EQ(i.warnings.size(), 1u);
  EXPECT_EQ(i.warnings[0].line, 20);
  EXPECT_NE(i.warnings[0].message.find("guess"), std::string::npos);
  EXPECT_EQ(i.postmortem, std::nullopt);
  ASSERT_EQ(i.updates.size(), 15u);
  const std::vector<std::pair<S, const char*>> expected = {
      {S::kInvestigating, "2021-03-22T19:22:00Z"}, {S::kInvestigating, "2021-03-22T19:23:00Z"},
      {S::kMonitoring, "2021-03-22T19:31:00Z"},    {S::kMonitoring, "2021-03-22T19:57:00Z"},
      {S::kInvestigating, "2021-03-22T21:22:00Z"}, {S::kInvestigating, "2021-03-22T21:23:00Z"},
      {S::kMonitoring, "2021-03-22T21:41:00Z"},    {S::kMonitoring, "2021-03-22T21:45:00Z"},
      {S::kIdentified, "2021-03-23T20:33:00Z"},    {S::kMonitoring, "2021-03-24T12:23:00Z"},
      {S::kMonitoring, "2021-03-25T14:41:00Z"},    {S::kMonitoring, "2021-03-25T15:19:00Z"},
      {S::kMonitoring, "2021-03-27T00:31:00Z"},    {S::kMonitoring, "2021-03-29T15:58:00Z"},
      {S::kResolved, "2021-03-31T00:44:00Z"}};
  for (size_t n = 0; n < expected.size(); ++n) {
    EXPECT_EQ(i.updates[n].status, expected[n].first) << n + 1;
    EXPECT_EQ(format_iso_utc(*i.updates[n].at), expected[n].second) << n + 1;
  }
  EXPECT_EQ(i.updates[1].body, "We are continuing to investigate this issue.");
  EXPECT_EQ(i.updates[6].body, "A fix has been implemented and we are monitoring the results.");
  EXPECT_TRUE(i.updates[0].body.starts_with("The API to Kalix is currently down"));
  EXPECT_TRUE(i.updates[0].body.ends_with("hope to have a solution ASAP"));
  EXPECT_TRUE(i.updates[10].body.ends_with("The downtime today lasted a total of 40 minutes"));
  EXPECT_TRUE(i.updates[14].body.ends_with("will be closing this issue."));
}

TEST(SeedTest, SerraviewStatuspagePageWithPostmortem) {
  auto i = parse_one("seeds/003_f0b78b4ba82bb639.txt");
  EXPECT_EQ(i.vendor, "Serraview");
  EXPECT_EQ(i.title, "S2 - Serraview Engage service not accessible for some clients");
  EXPECT_EQ(i.impact, Impact::kMajor) << "S2 severity label";
  EXPECT_EQ(i.status, S::kPostmortem);
  EXPECT_EQ(i.started_at, utc("2024-01-29T16:26:00Z"));
  EXPECT_EQ(i.resolved_at, utc("2024-01-29T22:39:00Z"));
  EXPECT_EQ(i.duration(), std::chrono::seconds(6 * 3600 + 13 * 60));
  EXPECT_EQ(i.components, std::vector<std::string>{"Engage"});
  EXPECT_EQ(i.postmortem_at, utc("2024-02-02T18:04:00Z"));
  EXPECT_TRUE(i.warnings.empty());
  ASSERT_EQ(i.updates.size(), 4u);
  expect_update(i.updates[0], S::kInvestigating, "2024-01-29T16:26:00Z",
                "The issue with Engage service not accessible for some clients has been identified "
                "and a fix is being implemented. We will post another update at 2:30 CST.");
  expect_update(
      i.updates[1], S::kIdentified, "2024-01-29T19:32:00Z",
      "The issue with Engage service has been identified and a fix is being implemented. "
      "This will require a restart of Engage backend services, The maintenance will begin "
      "@ 2:00pm CST and will last approximately 15 minutes. During this time Engage will not "
      "be available for all users.\n\nWe will post another update at after this maintenance "
      "is competed.");
  expect_update(
      i.updates[2], S::kMonitoring, "2024-01-29T20:21:00Z",
      "Our Engineering team has identified the issue and implemented a fix. We are moving "
      "into the Monitoring Phase for the next 2 hours. We appreciate your patience and please "
      "contact support should you require any further assistance.");
  expect_update(i.updates[3], S::kResolved, "2024-01-29T22:39:00Z",
                "This incident has been resolved.");
  ASSERT_TRUE(i.postmortem.has_value());
  const std::string& pm = *i.postmortem;
  EXPECT_TRUE(
      pm.starts_with("Serraview Detailed Root Cause Analysis\n\nThursday, January 25, 2024 & "
                     "Monday, January 29, 2024\n\n"));
  for (const char* heading : {"## Description", "## Type of Event", "## Services\\Modules Impacted",
                              "## Timeline", "## Total Duration of Event", "## Root Cause Analysis",
                              "## Remediation", "## Preventative Action"}) {
    EXPECT_NE(pm.find(std::string("\n\n") + heading + "\n\n"), std::string::npos) << heading;
  }
  EXPECT_NE(pm.find("## Type of Event\n\nPerformance degradation\n\n"), std::string::npos);
  EXPECT_NE(pm.find("- Scaling the RDS (shared booking server)\n- Adding a replica of the booking "
                    "service (horizontal scaling to better balance the load)"),
            std::string::npos);
  EXPECT_NE(pm.find("Thursday, January 25: 10hrs 35mins\n\nMonday, January 29: 8hrs 19mins"),
            std::string::npos);
  EXPECT_TRUE(pm.ends_with("excessive database requests, and similar issues."));
  EXPECT_EQ(pm.find("\xC2\xA0"), std::string::npos) << "non-breaking spaces normalised";
}

ImportOptions amsterdam_day() {
  ImportOptions o = testing::read_on(date::year{2024} / 2 / 16, "Europe/Amsterdam");
  o.vendor = "Watermelon";
  return o;
}

TEST(SeedTest, WatermelonInstatusPageNeedsDateAndZone) {
  auto i = parse_one("seeds/004_e79fdfb425a7fb9c.txt", amsterdam_day());
  EXPECT_EQ(i.vendor, "Watermelon");
  EXPECT_EQ(i.title, std::nullopt) << "the page text starts at 'Affected'";
  EXPECT_EQ(i.impact, std::nullopt);
  EXPECT_EQ(i.status, S::kPostmortem);
  // 7:30 AM and 11:55 AM in Amsterdam (CET, UTC+1) on 16 February 2024.
  EXPECT_EQ(i.started_at, utc("2024-02-16T06:30:00Z"));
  EXPECT_EQ(i.resolved_at, utc("2024-02-16T10:55:00Z"));
  EXPECT_EQ(i.duration(), std::chrono::seconds(4 * 3600 + 25 * 60));
  EXPECT_TRUE(i.components.empty()) << "the four affected components are printed without names";
  ASSERT_EQ(i.warnings.size(), 1u);
  EXPECT_NE(i.warnings[0].message.find("4 affected component"), std::string::npos);
  const std::vector<std::pair<S, std::string>> expected = {
      {S::kInvestigating,
       "We are currently investigating this incident.\nConversations are not loading "
       "conversations, and the Pulse overview is not showing any chatbots. The Pulse and legacy "
       "chatbots continue to work on the selected channels and once the outage has been resolved, "
       "the conversations will be visible again."},
      {S::kInvestigating, "We are continuing to investigate this issue."},
      {S::kIdentified, "We have identified this issue and are working on a solution."},
      {S::kIdentified,
       "We have found a solution for the problem and actively working on fixing it."},
      {S::kMonitoring,
       "We've implemented a fix and are currently monitoring the situation. "
       "Everything is running again except the count in conversations."},
      {S::kMonitoring,
       "We've implemented a fix and are currently monitoring the situation. The "
       "count in conversations is up and running again as well. If you have a "
       "problem with logging in, please clear your cache and try again."},
      {S::kResolved, "This incident has been resolved."}};
  ASSERT_EQ(i.updates.size(), expected.size());
  for (size_t n = 0; n < expected.size(); ++n) {
    EXPECT_EQ(i.updates[n].status, expected[n].first) << n;
    EXPECT_EQ(i.updates[n].at, std::nullopt) << "Instatus prints no update times";
    EXPECT_EQ(i.updates[n].body, expected[n].second);
  }
  ASSERT_TRUE(i.postmortem.has_value());
  const std::string& pm = *i.postmortem;
  EXPECT_TRUE(pm.starts_with("We want to provide you with a transparent overview"));
  for (const char* heading : {"## Incident Timeline", "## Root Cause Analysis", "## Actions Taken",
                              "## Preventive Measures"}) {
    EXPECT_NE(pm.find(std::string("\n\n") + heading + "\n\n"), std::string::npos) << heading;
  }
  EXPECT_NE(
      pm.find("## Incident Timeline\n\nFriday 16 February 2024\n\n8:30 AM: System outage detected"),
      std::string::npos);
  EXPECT_TRUE(pm.ends_with("Thank you for your understanding and continued support."));
}

TEST(SeedTest, WatermelonWithoutDateOrZoneNamesTheMissingOptions) {
  struct Case {
    bool date;
    bool zone;
    const char* message;
  };
  for (const Case& c :
       {Case{false, false, "add --date YYYY-MM-DD and --tz ZONE"},
        Case{true, false, "add --tz ZONE"}, Case{false, true, "add --date YYYY-MM-DD"}}) {
    ImportOptions o = amsterdam_day();
    if (!c.date) o.date.reset();
    if (!c.zone) o.zone.reset();
    o.source_name = "004.txt";
    auto parsed = parse_report(testing::fixture("seeds/004_e79fdfb425a7fb9c.txt"), o);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().field, "004.txt:2") << "the first line with a time";
    EXPECT_TRUE(parsed.error().message.ends_with(c.message)) << parsed.error().message;
  }
}

TEST(SeedTest, EachSeedIsDetectedAsItsLayout) {
  EXPECT_EQ(*detect_format(testing::fixture("seeds/000_0d3f5e366055ad5d.txt")),
            Format::kAggregator);
  EXPECT_EQ(*detect_format(testing::fixture("seeds/001_bdb14da426952084.txt")),
            Format::kStatuspagePage);
  EXPECT_EQ(*detect_format(testing::fixture("seeds/002_29c1566b0c079086.txt")),
            Format::kAggregator);
  EXPECT_EQ(*detect_format(testing::fixture("seeds/003_f0b78b4ba82bb639.txt")),
            Format::kStatuspagePage);
  EXPECT_EQ(*detect_format(testing::fixture("seeds/004_e79fdfb425a7fb9c.txt")), Format::kInstatus);
}

}  // namespace
}  // namespace pharos::importer
