#include "monitor/trend.h"

#include <gtest/gtest.h>

namespace pharos::monitor {
namespace {

const Instant kStart = Instant(Millis(1'700'000'000'000));

std::deque<Sample> line(double start, double per_minute, int n) {
  std::deque<Sample> out;
  for (int i = 0; i < n; ++i) {
    out.push_back({kStart + std::chrono::minutes(i), start + per_minute * i});
  }
  return out;
}

TEST(TrendTest, PredictsWhenARisingSeriesReachesTheLimit) {
  auto eta = time_to_limit(line(100, 10, 10), 1000);  // last 190, +10/min → 81 min
  ASSERT_TRUE(eta);
  EXPECT_NEAR(static_cast<double>(eta->count()), 81 * 60'000.0, 1000.0);
}

TEST(TrendTest, FallingTowardsALowerLimitToo) {
  auto eta = time_to_limit(line(100, -10, 5), 0);  // last 60 → 6 min
  ASSERT_TRUE(eta);
  EXPECT_NEAR(static_cast<double>(eta->count()), 6 * 60'000.0, 1000.0);
}

TEST(TrendTest, NoPredictionWhenFlatMovingAwayOrTooFewSamples) {
  EXPECT_FALSE(time_to_limit(line(100, 0, 10), 1000));
  EXPECT_FALSE(time_to_limit(line(100, -5, 10), 1000));
  EXPECT_FALSE(time_to_limit(line(100, 10, 2), 1000));
  EXPECT_EQ(time_to_limit(line(1000, 10, 5), 1000), std::chrono::milliseconds(0));
}

}  // namespace
}  // namespace pharos::monitor
