#include "auth/login_limiter.h"

#include <gtest/gtest.h>

namespace pharos::auth {
namespace {

using namespace std::chrono_literals;

TEST(LoginLimiterTest, FiveFailuresLockAUserForTheWindowFromAnyAddress) {
  FakeClock clock(Instant(Millis(0)));
  LoginLimiter limiter(clock, {5, 20, 15min, 1000});
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(limiter.allowed("10.0.0." + std::to_string(i), "ada")) << i;
    limiter.record_failure("10.0.0." + std::to_string(i), "ada");
    clock.advance(10s);
  }
  EXPECT_FALSE(limiter.allowed("10.0.0.99", "ada"));
  EXPECT_TRUE(limiter.allowed("10.0.0.1", "bob"));
  clock.advance(15min - 50s - 1ms);
  EXPECT_FALSE(limiter.allowed("10.0.0.99", "ada"));
  clock.advance(1ms);
  EXPECT_TRUE(limiter.allowed("10.0.0.99", "ada"));
}

TEST(LoginLimiterTest, OneAddressTryingManyNamesIsStopped) {
  FakeClock clock(Instant(Millis(0)));
  LoginLimiter limiter(clock, {5, 20, 15min, 1000});
  for (int i = 0; i < 20; ++i) limiter.record_failure("192.0.2.1", "user" + std::to_string(i));
  EXPECT_FALSE(limiter.allowed("192.0.2.1", "fresh"));
  EXPECT_TRUE(limiter.allowed("192.0.2.2", "fresh"));
}

TEST(LoginLimiterTest, SuccessClearsTheUserButNotTheAddress) {
  FakeClock clock(Instant(Millis(0)));
  LoginLimiter limiter(clock, {2, 3, 15min, 1000});
  limiter.record_failure("a", "ada");
  limiter.record_failure("a", "ada");
  EXPECT_FALSE(limiter.allowed("b", "ada"));
  limiter.record_success("ada");
  EXPECT_TRUE(limiter.allowed("b", "ada"));
  limiter.record_failure("a", "bob");
  EXPECT_FALSE(limiter.allowed("a", "carl"));  // the address has its 3 failures
}

}  // namespace
}  // namespace pharos::auth
