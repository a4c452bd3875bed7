#include "domain/availability.h"

#include <gtest/gtest.h>

namespace pharos {
namespace {

using namespace std::chrono_literals;
using C = ComponentStatus;

Instant m(int minutes) { return Instant(std::chrono::minutes(minutes)); }

TEST(AvailabilityTest, UptimeWeighsPartialOutageAtThirtyPercentAndLeavesMaintenanceOut) {
  struct Case {
    StatusTime t;
    UptimeRule rule;
    std::optional<double> uptime;
  };
  auto time = [](Millis up, Millis degraded, Millis partial, Millis major, Millis maint) {
    StatusTime t;
    t.operational = up;
    t.degraded = degraded;
    t.partial = partial;
    t.major = major;
    t.maintenance = maint;
    return t;
  };
  std::vector<Case> cases = {
      {time(100min, 0min, 0min, 0min, 0min), {}, 1.0},
      {time(90min, 0min, 0min, 10min, 0min), {}, 0.9},
      {time(90min, 0min, 10min, 0min, 0min), {}, 0.97},     // 10 min partial = 3 min down
      {time(80min, 10min, 0min, 10min, 0min), {}, 0.9},     // degraded is up
      {time(80min, 0min, 0min, 0min, 20min), {}, 1.0},      // maintenance is not measured
      {time(80min, 0min, 0min, 0min, 20min), {true}, 0.8},  // …unless included: then it is down
      {time(0min, 0min, 0min, 0min, 20min), {}, std::nullopt},  // only maintenance: no data
      {StatusTime{}, {}, std::nullopt},
  };
  for (const auto& c : cases) {
    auto got = uptime_ratio(c.t, c.rule);
    ASSERT_EQ(got.has_value(), c.uptime.has_value());
    if (got) {
      EXPECT_NEAR(*got, *c.uptime, 1e-12);
    }
  }
}

TEST(AvailabilityTest, TimeInStatusCountsOnlyObservedTimeAndMaintenanceWins) {
  // 0–60 operational, 60–70 major, 70–100 partial, then operational (open span).
  std::vector<StatusSpan> spans = {{C::kOperational, m(0), m(60)},
                                   {C::kMajorOutage, m(60), m(70)},
                                   {C::kPartialOutage, m(70), m(100)},
                                   {C::kOperational, m(100), std::nullopt}};
  // Observed 10–65 and 68–200 (no data 0–10 and 65–68); maintenance 90–120.
  TimeRanges observed({{m(10), m(65)}, {m(68), m(200)}});
  TimeRanges maintenance({{m(90), m(120)}});
  StatusTime t = time_in_status(spans, observed, maintenance, {m(0), m(180)});
  EXPECT_EQ(t.operational, 50min + 60min);  // 10–60 and 120–180
  EXPECT_EQ(t.major, 5min + 2min);          // 60–65 and 68–70
  EXPECT_EQ(t.partial, 20min);              // 70–90
  EXPECT_EQ(t.maintenance, 30min);          // 90–120, whatever the status said
  EXPECT_EQ(t.no_data, 13min);              // 0–10 and 65–68
  EXPECT_EQ(t.observed() + t.no_data, 180min);
  EXPECT_EQ(t.worst(), C::kMajorOutage);
  // down = 7 + 0.3 × 20 = 13 min over 180 − 13 − 30 = 137 min measured.
  EXPECT_NEAR(*uptime_ratio(t), 1.0 - 13.0 / 137.0, 1e-12);
}

TEST(AvailabilityTest, SpansThatDoNotCoverTheWindowLeaveNoData) {
  std::vector<StatusSpan> spans = {{C::kOperational, m(30), std::nullopt}};
  StatusTime t = time_in_status(spans, TimeRanges::of(m(0), m(100)), {}, {m(0), m(60)});
  EXPECT_EQ(t.operational, 30min);
  EXPECT_EQ(t.no_data, 30min);
}

TEST(AvailabilityTest, PercentIsTruncatedSoDowntimeNeverReadsOneHundred) {
  EXPECT_EQ(format_uptime_percent(1.0), "100.00%");
  EXPECT_EQ(format_uptime_percent(0.99999), "99.99%");
  EXPECT_EQ(format_uptime_percent(0.9995), "99.95%");
  EXPECT_EQ(format_uptime_percent(0.99949), "99.94%");
  EXPECT_EQ(format_uptime_percent(1.0 - 1e-12), "99.99%");
  EXPECT_EQ(format_uptime_percent(0.5, 3), "50.000%");
  EXPECT_EQ(format_uptime_percent(0.0), "0.00%");
}

}  // namespace
}  // namespace pharos
