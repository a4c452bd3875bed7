#include "monitor/confirm.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "monitor/node_health.h"

namespace pharos::monitor {
namespace {

using S = ComponentStatus;

CheckOutcome parse(char c) {
  return c == 'U' ? CheckOutcome::kUp : c == 'S' ? CheckOutcome::kDegraded : CheckOutcome::kDown;
}

char letter(CheckOutcome o) {
  return o == CheckOutcome::kUp ? 'U' : o == CheckOutcome::kDegraded ? 'S' : 'D';
}

// A location with one node: its status from its node's confirmed state.
S location_status(const NodeHealth& node) {
  switch (node.state()) {
    case CheckOutcome::kUp:
      return S::kOperational;
    case CheckOutcome::kDegraded:
      return S::kDegradedPerformance;
    case CheckOutcome::kDown:
      return S::kMajorOutage;
  }
  return S::kOperational;
}

// The worked scenario of confirm.h, step by step: raw results of locations a/b/c (U up, S slow,
// D down) → the locations' confirmed states → the monitor's status.
TEST(ConfirmTest, WorkedScenarioOfTheHeader) {
  struct Step {
    const char* raw;     // a, b, c
    const char* states;  // after fall/rise
    S monitor;
  } steps[] = {
      {"UUU", "UUU", S::kOperational},          // 1
      {"DUU", "UUU", S::kOperational},          // 2  a has one failure (fall 2)
      {"DUU", "DUU", S::kOperational},          // 3  one location is no quorum
      {"DDU", "DUU", S::kOperational},          // 4
      {"DDU", "DDU", S::kMajorOutage},          // 5  two agree
      {"UDU", "DDU", S::kMajorOutage},          // 6  a needs rise 2
      {"UUU", "UDU", S::kOperational},          // 7  only b is left down
      {"USS", "USU", S::kOperational},          // 8  b is better at once; c slow once
      {"USS", "USS", S::kDegradedPerformance},  // 9  b and c agree on degraded
      {"UUU", "USS", S::kDegradedPerformance},  // 10 rise 2 not met yet
      {"UUU", "UUU", S::kOperational},          // 11
  };
  ThresholdRules rules{2, 2, false};
  std::array<NodeHealth, 3> locations{NodeHealth(rules), NodeHealth(rules), NodeHealth(rules)};
  Instant at = Instant(Millis(1'700'000'000'000));
  int k = quorum(0, 3, 3);
  ASSERT_EQ(k, 2);
  int n = 0;
  for (const auto& step : steps) {
    ++n;
    std::string states;
    std::vector<S> statuses;
    for (std::size_t i = 0; i < locations.size(); ++i) {
      locations[i].observe(parse(step.raw[i]), at);
      states += letter(locations[i].state());
      statuses.push_back(location_status(locations[i]));
    }
    at += std::chrono::seconds(30);
    EXPECT_EQ(states, step.states) << "step " << n;
    EXPECT_EQ(confirmed_status(statuses, k), step.monitor) << "step " << n;
  }
}

TEST(ConfirmTest, TheKthWorstStatusIsWhatKLocationsAgreeOn) {
  struct Case {
    std::vector<S> statuses;
    int k;
    S want;
  } cases[] = {
      {{}, 2, S::kOperational},  // no location reports: no data, never down
      {{S::kMajorOutage}, 1, S::kMajorOutage},
      {{S::kMajorOutage}, 3, S::kMajorOutage},  // k clamped to the locations there are
      {{S::kMajorOutage, S::kOperational, S::kOperational}, 2, S::kOperational},
      {{S::kMajorOutage, S::kPartialOutage, S::kOperational}, 2, S::kPartialOutage},
      {{S::kDegradedPerformance, S::kMajorOutage, S::kOperational}, 2, S::kDegradedPerformance},
      {{S::kMajorOutage, S::kMajorOutage, S::kMajorOutage}, 3, S::kMajorOutage},
      {{S::kMajorOutage, S::kMajorOutage, S::kOperational}, 3, S::kOperational},
      {{S::kOperational, S::kPartialOutage, S::kMajorOutage, S::kMajorOutage},
       3,
       S::kPartialOutage},
      {{S::kOperational, S::kMajorOutage}, 0, S::kMajorOutage},  // k below 1 means 1
  };
  for (const auto& c : cases) {
    EXPECT_EQ(confirmed_status(c.statuses, c.k), c.want)
        << "k " << c.k << ", " << c.statuses.size() << " locations";
  }
}

TEST(ConfirmTest, QuorumIsConfirmOrAMajorityAndNeverMoreThanTheLocationsReporting) {
  struct Case {
    int confirm;
    std::size_t listed, reporting;
    int want;
  } cases[] = {
      {0, 0, 1, 1},                              // one location (SQLite, one node): its own status
      {0, 0, 2, 2},                              // every location present, two of them: both
      {0, 0, 3, 2},                              // three present: a majority of 3
      {0, 0, 4, 3}, {0, 0, 5, 3}, {0, 3, 3, 2},  // listed a, b, c: a majority of 3
      {0, 3, 1, 1},                // two of the three have no live node: the one left still detects
      {0, 5, 4, 3},                // a majority of the five listed, four reporting
      {3, 4, 4, 3},                // confirm: 3
      {3, 4, 2, 2},                // capped by the locations reporting
      {1, 3, 3, 1}, {2, 0, 0, 1},  // nothing reporting: 1 (and no statuses: operational)
  };
  for (const auto& c : cases) {
    EXPECT_EQ(quorum(c.confirm, c.listed, c.reporting), c.want)
        << "confirm " << c.confirm << ", listed " << c.listed << ", reporting " << c.reporting;
  }
}

}  // namespace
}  // namespace pharos::monitor
