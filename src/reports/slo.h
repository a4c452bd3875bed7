#pragma once
// Error budgets and burn rates for an SloSpec (domain/slo.h), from availability figures only.
//
//   budget       = (1 − objective) × window            99.9 % over 30 d → 43 min 12 s of downtime
//   spent        = weighted downtime in the last window (domain/availability.h; no data spends
//                  nothing, maintenance is left out)
//   remaining    = 1 − spent / budget                   may go below 0 when overspent
//   burn rate(w) = (downtime / measured over the last w) / (1 − objective)
//                  1 spends the budget exactly over the window; 14.4 over 30 d spends 2 % an hour
//
// The alert is the Google SRE Workbook's multiwindow, multi-burn-rate rule (chapter "Alerting on
// SLOs", table 5-8), each long window confirmed by a short one 1/12 its length so an alert stops
// soon after the burning does:
//   fast  (page)    2 % of the budget in 1 h:  burn(1 h) and burn(5 min) ≥ 0.02 × window / 1 h
//                   5 % of the budget in 6 h:  burn(6 h) and burn(30 min) ≥ 0.05 × window / 6 h
//   slow  (ticket) 10 % of the budget in 3 d:  burn(3 d) and burn(6 h) ≥ 0.10 × window / 3 d
// For a 30-day window the thresholds are the book's 14.4, 6 and 1.
#include <optional>
#include <string>
#include <vector>

#include "domain/slo.h"
#include "reports/figures.h"

namespace pharos::reports {

// The windows burn rates are read over, shortest first.
inline const std::vector<Millis>& burn_windows() {
  using std::chrono::hours;
  using std::chrono::minutes;
  static const std::vector<Millis> kWindows = {minutes(5), minutes(30), hours(1), hours(6),
                                               hours(72)};
  return kWindows;
}

enum class BurnAlert { kNone, kSlow, kFast };
std::string_view to_string(BurnAlert alert);

struct BurnRate {
  Millis window{0};
  std::optional<double> rate;  // unset without data in the window
};

struct SloStatus {
  SloSpec spec;
  std::string name;              // the component's or group's name
  std::optional<double> uptime;  // over the SLO window
  double budget_ms = 0;
  double spent_ms = 0;
  double remaining = 1;        // 1 − spent / budget
  std::vector<BurnRate> burn;  // one per burn_windows()
  BurnAlert alert = BurnAlert::kNone;
  std::string reason;  // which rule fired, for people: "burn rate 20.1 over 1h and 30.0 over 5m"
};

// Burn rate of one window's availability; unset when nothing was measured.
std::optional<double> burn_rate(const Availability& a, double objective);

// The status from the SLO window's availability and one Availability per burn_windows() entry.
SloStatus slo_status(const SloSpec& spec, std::string name, const Availability& window,
                     const std::vector<Availability>& burn_windows_availability);

// Budget remaining at the end of each period: `spent_per_period[k]` is the weighted downtime of
// period k, oldest first; the result's k-th value is 1 − (spent up to and including k) / budget.
std::vector<double> burn_down(const SloSpec& spec, const std::vector<double>& spent_per_period);

}  // namespace pharos::reports
