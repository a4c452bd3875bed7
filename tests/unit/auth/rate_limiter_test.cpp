// The token bucket behind the management API's rate limits: burst, refill, bounded keys.
#include "auth/rate_limiter.h"

#include <gtest/gtest.h>

namespace pharos::auth {
namespace {

using std::chrono::milliseconds;

TEST(RateLimiterTest, AllowsABurstThenRefillsAtTheRate) {
  FakeClock clock{Instant(Millis(1'000'000))};
  RateLimiter limiter(clock, {.burst = 3, .per_second = 2}, 100);
  for (int n = 0; n < 3; ++n) EXPECT_EQ(limiter.take("k").count(), 0) << n;
  EXPECT_EQ(limiter.take("k"), milliseconds(500));  // one token refills in 1/2 s
  EXPECT_EQ(limiter.wait("k"), milliseconds(500));
  clock.advance(milliseconds(499));
  EXPECT_EQ(limiter.take("k"), milliseconds(1));
  clock.advance(milliseconds(1));
  EXPECT_EQ(limiter.take("k").count(), 0);
  EXPECT_GT(limiter.take("k").count(), 0);
  EXPECT_EQ(limiter.take("other").count(), 0);  // keys are independent
  clock.advance(std::chrono::hours(1));
  for (int n = 0; n < 3; ++n) EXPECT_EQ(limiter.take("k").count(), 0) << n;  // never above burst
  EXPECT_GT(limiter.take("k").count(), 0);
}

TEST(RateLimiterTest, KeepsAtMostMaxTrackedKeysAndDropsIdleOnesFirst) {
  FakeClock clock{Instant(Millis(1'000'000))};
  RateLimiter limiter(clock, {.burst = 2, .per_second = 1}, 3);
  limiter.take("busy");
  limiter.take("busy");  // empty: must survive the flood below
  for (int n = 0; n < 100; ++n) limiter.wait("sprayed-" + std::to_string(n));
  EXPECT_EQ(limiter.tracked(), 3u);
  EXPECT_GT(limiter.take("busy").count(), 0) << "an empty bucket was evicted before full ones";
}

}  // namespace
}  // namespace pharos::auth
