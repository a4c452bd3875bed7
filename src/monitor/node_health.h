#pragma once
// The state of one monitored node, without flapping. A worked scenario (fall 3, rise 2):
//
//   results:  up up DOWN DOWN DOWN up DOWN up up
//   state:    up up up   up   down down down down up
//             three bad results in a row take it down; one good result among bad ones does not
//             bring it back; two good ones in a row do. `problem_since` is the first of the three.
//
// Degraded results (slow, certificate expiring) follow the same counts: `fall` results that are
// degraded-or-worse take an up node to degraded; `rise` results that are degraded-or-better bring
// a down node to degraded (and `rise` ups bring it to up).
//
// Flap detection, as Nagios does it but over a wider window: the last 41 raw results give 40
// transitions; each transition (a result that differs from the one before) weighs from 0.8
// (oldest) to 1.2 (newest). Their weighted share is the flap percentage. At ≥ 60 % the node is
// flapping and its state is held (no changes at all) until the share falls below 30 %.
// A target failing 5 % of checks at random has about 10 % transitions; reaching 60 % needs ~12
// isolated failures among 41 results (p ≈ 5·10⁻⁷ per window; Nagios's 21-result window at 50 %
// needs only 5, p ≈ 3·10⁻³, which random noise does reach). With the default fall of 5 a false
// "down" needs five failures in a row (p ≈ 3·10⁻⁷ per check, about once in 3 years at 30 s).
#include <cstdint>
#include <optional>

#include "core/time.h"
#include "domain/monitor.h"

namespace pharos::monitor {

struct ThresholdRules {
  int fall = 5;
  int rise = 2;
  bool flap_detection = true;
  double flap_high = 0.60;
  double flap_low = 0.30;
};

class NodeHealth {
 public:
  explicit NodeHealth(ThresholdRules rules = {}) : rules_(rules) {}

  // Feeds one raw result; returns true when the confirmed state changed.
  bool observe(CheckOutcome raw, Instant at);

  // Continues from a state another node confirmed (a check lease taken over, monitor/locations):
  // the counts start afresh, so leaving it takes `rise` (or `fall`) results as it would have.
  void resume(CheckOutcome state, std::optional<Instant> since);

  CheckOutcome state() const { return state_; }  // starts up (optimistic, as HAProxy does)
  bool flapping() const { return flapping_; }
  // Weighted share of transitions among the last 41 results, 0..1.
  double flap_share() const;
  // When the current problem began: the first bad result of the streak that made the state
  // degraded or down. Unset while up.
  std::optional<Instant> problem_since() const { return problem_since_; }

 private:
  CheckOutcome next_state() const;

  ThresholdRules rules_;
  CheckOutcome state_ = CheckOutcome::kUp;
  std::optional<CheckOutcome> last_raw_;
  std::uint64_t transitions_ = 0;  // bit 0 = newest result differed from the one before
  int down_run_ = 0, not_up_run_ = 0, up_run_ = 0, not_down_run_ = 0;
  bool flapping_ = false;
  std::optional<Instant> streak_start_;  // first non-up result since the last up result
  std::optional<Instant> problem_since_;
};

}  // namespace pharos::monitor
