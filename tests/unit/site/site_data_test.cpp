#include "site/site_data.h"

#include <gtest/gtest.h>

#include "site_fixture.h"

namespace pharos::site {
namespace {

using namespace std::chrono_literals;

TEST(DailyUptimeTest, SplitsSpansIntoPageZoneDays) {
  auto zone = *TimeZone::locate("Etc/UTC");
  Instant now =
      Instant(std::chrono::sys_days(std::chrono::year(2026) / 3 / 10).time_since_epoch()) + 12h;
  // Major outage from 23:00 the day before yesterday until 01:00 yesterday.
  Instant start = now - 12h - 24h - 1h;
  std::vector<StatusSpan> spans = {{ComponentStatus::kOperational, now - 100 * 24h, start},
                                   {ComponentStatus::kMajorOutage, start, start + 2h},
                                   {ComponentStatus::kOperational, start + 2h, std::nullopt}};
  auto days = daily_uptime(spans, zone, now);
  ASSERT_EQ(days.size(), static_cast<size_t>(kUptimeDays));
  const DayUptime& today = days[89];
  const DayUptime& yesterday = days[88];
  const DayUptime& before = days[87];
  EXPECT_EQ(today.time.observed(), Millis(12h));
  EXPECT_EQ(today.worst(), ComponentStatus::kOperational);
  EXPECT_EQ(yesterday.time.major, Millis(1h));
  EXPECT_EQ(before.time.major, Millis(1h));
  EXPECT_EQ(yesterday.worst(), ComponentStatus::kMajorOutage);
  EXPECT_NEAR(*yesterday.uptime(), 1.0 - 1.0 / 24.0, 1e-9);
}

TEST(DailyUptimeTest, PartialOutageWeighsThirtyPercent) {
  DayUptime day;
  day.time.operational = Millis(14h);
  day.time.partial = Millis(10h);
  EXPECT_NEAR(*day.uptime(), 1.0 - 3.0 / 24.0, 1e-9);
}

TEST(DailyUptimeTest, DaysBeforeThePageKnewTheComponentAreNoData) {
  auto zone = *TimeZone::locate("Etc/UTC");
  Instant now =
      Instant(std::chrono::sys_days(std::chrono::year(2026) / 3 / 10).time_since_epoch()) + 12h;
  // The store's history says "operational" for all 90 days; the component was created yesterday
  // at 06:00.
  std::vector<StatusSpan> spans = {{ComponentStatus::kOperational, now - 100 * 24h, std::nullopt}};
  auto days = daily_uptime(spans, zone, now, now - 30h);
  EXPECT_TRUE(days[87].no_data());
  EXPECT_FALSE(days[87].uptime()) << "no data is never 100 %";
  EXPECT_EQ(days[88].time.no_data, Millis(6h));
  EXPECT_EQ(days[88].time.observed(), Millis(18h));
  EXPECT_DOUBLE_EQ(*days[88].uptime(), 1.0);
  EXPECT_EQ(days[89].time.observed(), Millis(12h));
}

TEST(DailyUptimeTest, KnownSinceIsCreationOrAnEarlierRecordedStatus) {
  Instant now = Instant(std::chrono::sys_days(std::chrono::year(2026) / 3 / 10).time_since_epoch());
  Component c;
  c.created_at = now;
  std::vector<StatusSpan> nothing_recorded = {
      {ComponentStatus::kOperational, now - 90 * 24h, std::nullopt}};
  EXPECT_EQ(known_since(c, nothing_recorded), now);
  // A history seeded from before creation (backfill, import, the demo) counts from its first
  // recorded change.
  std::vector<StatusSpan> seeded = {{ComponentStatus::kOperational, now - 90 * 24h, now - 40 * 24h},
                                    {ComponentStatus::kMajorOutage, now - 40 * 24h, std::nullopt}};
  EXPECT_EQ(known_since(c, seeded), now - 40 * 24h);
}

TEST(DailyUptimeTest, DaysFollowLocalMidnightsAcrossDst) {
  auto zone = *TimeZone::locate("Europe/Amsterdam");
  // 2026-03-29 is the spring-forward day in Amsterdam: 23 hours long.
  Instant now =
      Instant(std::chrono::sys_days(std::chrono::year(2026) / 3 / 30).time_since_epoch()) + 12h;
  auto days =
      daily_uptime({{ComponentStatus::kOperational, now - 200 * 24h, std::nullopt}}, zone, now);
  EXPECT_EQ(days[88].time.observed(), Millis(23h));
  EXPECT_EQ(format_in_zone(days[88].day_start, zone, "%Y-%m-%d %H:%M"), "2026-03-29 00:00");
}

class SiteDataTest : public SiteFixture {};

TEST_F(SiteDataTest, LoadsCatalogIncidentsAndHistory) {
  clock_.advance(-std::chrono::milliseconds(48h));
  open("Broken", {{"api", ComponentStatus::kMajorOutage}});
  clock_.advance(std::chrono::milliseconds(48h));
  SiteData d = data();
  EXPECT_EQ(d.components.size(), 4u);
  EXPECT_EQ(d.incidents.size(), 1u);
  EXPECT_EQ(d.group_status("platform"), ComponentStatus::kMajorOutage);
  EXPECT_EQ(d.group_status("apps"), ComponentStatus::kOperational);
  EXPECT_EQ(d.qualified_name("api"), "Platform - API");
  EXPECT_EQ(d.qualified_name("cdn"), "CDN");
  const auto& api_days = d.uptime.at("api");
  EXPECT_EQ(api_days.back().worst(), ComponentStatus::kMajorOutage);
  EXPECT_EQ(d.uptime.at("web").back().worst(), ComponentStatus::kOperational);
}

}  // namespace
}  // namespace pharos::site
