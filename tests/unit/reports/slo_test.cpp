#include "reports/slo.h"

#include <gtest/gtest.h>

namespace pharos::reports {
namespace {

using namespace std::chrono_literals;

// `down` weighted downtime out of `measured`.
Availability measured(Millis measured_time, Millis down) {
  StatusTime t;
  t.operational = measured_time - down;
  t.major = down;
  return availability(t, {});
}

// Availabilities for burn_windows() (5m 30m 1h 6h 3d) with the given error ratios (-1: no data).
std::vector<Availability> burning(std::vector<double> ratios) {
  std::vector<Availability> out;
  for (std::size_t k = 0; k < ratios.size(); ++k) {
    Millis w = burn_windows()[k];
    if (ratios[k] < 0) {
      out.push_back(availability(StatusTime{}, {}));
      continue;
    }
    out.push_back(
        measured(w, Millis(static_cast<std::int64_t>(ratios[k] * static_cast<double>(w.count())))));
  }
  return out;
}

TEST(SloTest, BudgetIsTheDowntimeTheObjectiveAllowsOverTheWindow) {
  SloSpec spec{"api", false, 0.999, 30 * 24h};
  SloStatus s = slo_status(spec, "API", measured(30 * 24h, 12min), burning({0, 0, 0, 0, 0}));
  EXPECT_NEAR(s.budget_ms, 2'592'000.0, 1e-6);  // 43 min 12 s
  EXPECT_DOUBLE_EQ(s.spent_ms, 720'000.0);
  EXPECT_NEAR(s.remaining, 1.0 - 720.0 / 2592.0, 1e-12);
  EXPECT_EQ(s.alert, BurnAlert::kNone);
  ASSERT_EQ(s.burn.size(), 5u);
  EXPECT_EQ(s.burn[2].window, 1h);
  EXPECT_DOUBLE_EQ(*s.burn[2].rate, 0.0);
}

TEST(SloTest, MultiwindowMultiBurnRateRulesOfTheWorkbook) {
  // 30-day window, 99.9 %: thresholds 14.4 (1h & 5m), 6 (6h & 30m), 1 (3d & 6h). Error ratios
  // are burn rate × 0.001.
  SloSpec spec{"api", false, 0.999, 30 * 24h};
  struct Case {
    const char* what;
    std::vector<double> burn;  // 5m 30m 1h 6h 3d
    BurnAlert alert;
  };
  std::vector<Case> cases = {
      {"quiet", {0, 0, 0, 0, 0}, BurnAlert::kNone},
      {"1h and 5m over 14.4", {15, 5, 14.5, 3, 0.5}, BurnAlert::kFast},
      {"1h over but 5m recovered", {10, 5, 20, 3, 0.5}, BurnAlert::kNone},
      {"6h and 30m over 6", {0, 6.5, 5, 6.2, 0.9}, BurnAlert::kFast},
      {"3d and 6h over 1", {0, 0, 0.5, 1.5, 1.2}, BurnAlert::kSlow},
      {"3d over, 6h under", {0, 0, 0, 0.9, 2}, BurnAlert::kNone},
      {"fast wins over slow", {20, 20, 20, 20, 20}, BurnAlert::kFast},
      {"no data is no alert", {-1, -1, -1, -1, -1}, BurnAlert::kNone},
  };
  for (const auto& c : cases) {
    std::vector<double> ratios;
    for (double b : c.burn) ratios.push_back(b < 0 ? -1 : b * 0.001);
    SloStatus s = slo_status(spec, "API", measured(30 * 24h, 0min), burning(ratios));
    EXPECT_EQ(s.alert, c.alert) << c.what << ": " << s.reason;
  }
  SloStatus fast = slo_status(spec, "API", measured(30 * 24h, 0min),
                              burning({0.015, 0.005, 0.0145, 0.003, 0.0005}));
  EXPECT_EQ(fast.reason, "burn rate 14.5 over 1h and 15.0 over 5m (threshold 14.4)");
}

TEST(SloTest, ThresholdsFollowTheWindowLength) {
  // Over 7 days 2 % of the budget in an hour is a burn rate of 0.02 × 168 = 3.36.
  SloSpec spec{"api", false, 0.99, 7 * 24h};
  SloStatus s = slo_status(spec, "API", measured(7 * 24h, 0min), burning({0.034, 0, 0.034, 0, 0}));
  EXPECT_EQ(s.alert, BurnAlert::kFast) << s.reason;
  EXPECT_NE(s.reason.find("threshold 3.4"), std::string::npos) << s.reason;
}

TEST(SloTest, BurnDownSubtractsEachPeriodsSpendingFromTheWholeBudget) {
  SloSpec spec{"api", false, 0.999, 30 * 24h};  // 2,592 s
  auto left = burn_down(spec, {0, 259'200.0, 0, 2'592'000.0});
  ASSERT_EQ(left.size(), 4u);
  EXPECT_NEAR(left[0], 1.0, 1e-12);
  EXPECT_NEAR(left[1], 0.9, 1e-12);
  EXPECT_NEAR(left[2], 0.9, 1e-12);
  EXPECT_NEAR(left[3], -0.1, 1e-12);
}

}  // namespace
}  // namespace pharos::reports
