#include "monitor/node_health.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace pharos::monitor {
namespace {

const Instant kStart = Instant(Millis(1'700'000'000'000));

CheckOutcome parse(char c) {
  return c == 'U' ? CheckOutcome::kUp : c == 'S' ? CheckOutcome::kDegraded : CheckOutcome::kDown;
}

// Feeds results written as a string (U up, S slow/degraded, D down), one per 30 s, and returns
// the confirmed states in the same notation.
std::string feed(NodeHealth& h, const std::string& results) {
  std::string states;
  Instant at = kStart;
  for (char c : results) {
    h.observe(parse(c), at);
    at += std::chrono::seconds(30);
    states += h.state() == CheckOutcome::kUp         ? 'U'
              : h.state() == CheckOutcome::kDegraded ? 'S'
                                                     : 'D';
  }
  return states;
}

TEST(NodeHealthTest, FallRiseScenarios) {
  struct Case {
    int fall, rise;
    const char* results;
    const char* states;
  } cases[] = {
      // The header's scenario.
      {3, 2, "UUDDDUDUU", "UUUUDDDDU"},
      {3, 2, "DDUDDUDD", "UUUUUUUU"},  // never three in a row
      {1, 1, "UDU", "UDU"},
      {3, 2, "SSSUU", "UUSSU"},  // slow three times → degraded; two ups → up
      {2, 2, "DDSS", "UDDS"},    // two not-down results bring down to degraded
      {2, 2, "SDSD", "USSS"},    // mixed degraded/down still counts as not up
  };
  for (const auto& c : cases) {
    NodeHealth h({c.fall, c.rise, false});
    EXPECT_EQ(feed(h, c.results), c.states) << c.results;
  }
}

TEST(NodeHealthTest, ProblemSinceIsTheFirstBadResultOfTheStreak) {
  NodeHealth h({3, 2, false});
  feed(h, "UUDDD");
  ASSERT_TRUE(h.problem_since());
  EXPECT_EQ(*h.problem_since(), kStart + std::chrono::seconds(60));
  feed(h, "UU");
  EXPECT_FALSE(h.problem_since());
}

TEST(NodeHealthTest, FivePercentRandomFailuresNeverChangeStateWithDefaults) {
  std::mt19937 rng(20211105);
  std::bernoulli_distribution fails(0.05);
  NodeHealth h;  // defaults
  Instant at = kStart;
  int changes = 0, failures = 0;
  for (int i = 0; i < 100'000; ++i) {  // ~35 days at a 30 s interval
    bool failed = fails(rng);
    failures += failed;
    changes += h.observe(failed ? CheckOutcome::kDown : CheckOutcome::kUp, at);
    EXPECT_FALSE(h.flapping()) << "check " << i;
    if (h.flapping()) break;
    at += std::chrono::seconds(30);
  }
  EXPECT_GT(failures, 4'500) << "the test really injects about 5 % failures";
  EXPECT_EQ(changes, 0);
  EXPECT_EQ(h.state(), CheckOutcome::kUp);
}

TEST(NodeHealthTest, FlappingHoldsTheStateUntilItCalmsDown) {
  NodeHealth h({1, 1, true});
  std::string alternating;
  for (int i = 0; i < 60; ++i) alternating += (i % 2) ? 'D' : 'U';
  std::string states = feed(h, alternating);
  EXPECT_TRUE(h.flapping());
  // Without flap detection fall=rise=1 would toggle every time; with it the toggling stops.
  EXPECT_EQ(states.substr(40), std::string(20, states[40]));
  EXPECT_GE(h.flap_share(), 0.6);
  feed(h, std::string(30, 'D'));
  EXPECT_FALSE(h.flapping()) << "a steady run ends flapping";
  EXPECT_EQ(h.state(), CheckOutcome::kDown) << "and the real state shows again";
}

}  // namespace
}  // namespace pharos::monitor
