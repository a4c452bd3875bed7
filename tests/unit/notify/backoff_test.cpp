#include "notify/backoff.h"

#include <gtest/gtest.h>

namespace pharos::notify {
namespace {

using namespace std::chrono_literals;

TEST(BackoffTest, DoublesFromBaseUpToTheCap) {
  struct Case {
    int attempt;
    double random;
    std::chrono::milliseconds want;
  } cases[] = {
      {1, 0.999999, 5s},    {2, 0.999999, 10s},    {3, 0.999999, 20s},    {4, 0.999999, 40s},
      {9, 0.999999, 1280s}, {10, 0.999999, 1800s}, {50, 0.999999, 1800s}, {1, 0.0, 2500ms},
      {3, 0.0, 10s},        {10, 0.0, 900s},       {2, 0.5, 7500ms},
  };
  for (const auto& c : cases) {
    auto got = backoff_delay(c.attempt, 5s, 30min, c.random);
    EXPECT_NEAR(static_cast<double>(got.count()), static_cast<double>(c.want.count()), 1.0)
        << "attempt " << c.attempt << " random " << c.random;
  }
}

TEST(BackoffTest, JitterStaysWithinHalfAndWholeOfTheNominalDelay) {
  for (int i = 0; i <= 100; ++i) {
    double r = i / 100.0;
    auto got = backoff_delay(4, 1s, 1h, r);
    EXPECT_GE(got, 4s);
    EXPECT_LE(got, 8s);
  }
}

}  // namespace
}  // namespace pharos::notify
