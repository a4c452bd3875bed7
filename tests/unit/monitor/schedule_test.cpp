#include "monitor/schedule.h"

#include <gtest/gtest.h>

#include <set>

namespace pharos::monitor {
namespace {

const Instant kNow = Instant(Millis(1'700'000'000'123));

TEST(ScheduleTest, AppliesJitterWithinBoundsAndSpreadsMonitors) {
  std::set<std::int64_t> phases;
  for (int i = 0; i < 200; ++i) {
    Millis j = Schedule::jitter("monitor-" + std::to_string(i), Millis(30'000));
    EXPECT_GE(j.count(), 0);
    EXPECT_LT(j.count(), 30'000);
    phases.insert(j.count() / 1000);
  }
  EXPECT_GT(phases.size(), 20u) << "phases spread over the interval";
  EXPECT_EQ(Schedule::jitter("api", Millis(30'000)), Schedule::jitter("api", Millis(30'000)));
}

TEST(ScheduleTest, RunsEachMonitorOncePerIntervalInItsSlot) {
  Schedule s;
  s.add(0, "a", Millis(10'000), kNow);
  s.add(1, "b", Millis(20'000), kNow);
  std::vector<DueCheck> due;
  int runs[2] = {0, 0};
  for (int step = 0; step <= 600; ++step) {  // 60 s in 100 ms steps
    due.clear();
    Instant now = kNow + Millis(step * 100);
    s.pop_due(now, due);
    for (const auto& d : due) {
      ++runs[d.index];
      EXPECT_LE(d.due, now);
      EXPECT_LT(now - d.due, Millis(100)) << "found within one step of its slot";
    }
  }
  EXPECT_EQ(runs[0], 6);
  EXPECT_EQ(runs[1], 3);
}

TEST(ScheduleTest, SkipsSlotsMissedWhileLate) {
  Schedule s;
  s.add(0, "a", Millis(1'000), kNow);
  std::vector<DueCheck> due;
  s.pop_due(kNow + Millis(10'500), due);  // ten slots passed while Pharos was stalled
  ASSERT_EQ(due.size(), 1u) << "one run, not ten catch-up runs";
  ASSERT_TRUE(s.next_due());
  EXPECT_GT(*s.next_due(), kNow + Millis(10'500));
  EXPECT_LE(*s.next_due(), kNow + Millis(11'500));
}

}  // namespace
}  // namespace pharos::monitor
