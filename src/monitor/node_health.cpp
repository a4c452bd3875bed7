#include "monitor/node_health.h"

#include <algorithm>

namespace pharos::monitor {
namespace {

constexpr int kTransitions = 40;  // a window of 41 results
constexpr std::uint64_t kTransitionMask = (std::uint64_t{1} << kTransitions) - 1;

int bump(int run) { return std::min(run + 1, 1'000'000); }

}  // namespace

double NodeHealth::flap_share() const {
  // Bit i is the transition i results ago; weight runs 1.2 (newest) down to 0.8 (oldest).
  double sum = 0;
  for (int i = 0; i < kTransitions; ++i) {
    if (transitions_ & (std::uint64_t{1} << i)) sum += 1.2 - 0.4 * i / (kTransitions - 1.0);
  }
  return sum / kTransitions;
}

CheckOutcome NodeHealth::next_state() const {
  switch (state_) {
    case CheckOutcome::kUp:
      if (down_run_ >= rules_.fall) return CheckOutcome::kDown;
      if (not_up_run_ >= rules_.fall) return CheckOutcome::kDegraded;
      return state_;
    case CheckOutcome::kDegraded:
      if (down_run_ >= rules_.fall) return CheckOutcome::kDown;
      if (up_run_ >= rules_.rise) return CheckOutcome::kUp;
      return state_;
    case CheckOutcome::kDown:
      if (up_run_ >= rules_.rise) return CheckOutcome::kUp;
      if (not_down_run_ >= rules_.rise) return CheckOutcome::kDegraded;
      return state_;
  }
  return state_;
}

void NodeHealth::resume(CheckOutcome state, std::optional<Instant> since) {
  state_ = state;
  problem_since_ = state == CheckOutcome::kUp ? std::nullopt : since;
  streak_start_ = problem_since_;
}

bool NodeHealth::observe(CheckOutcome raw, Instant at) {
  bool changed_raw = last_raw_ && *last_raw_ != raw;
  transitions_ = ((transitions_ << 1) | (changed_raw ? 1u : 0u)) & kTransitionMask;
  last_raw_ = raw;
  down_run_ = raw == CheckOutcome::kDown ? bump(down_run_) : 0;
  not_up_run_ = raw != CheckOutcome::kUp ? bump(not_up_run_) : 0;
  up_run_ = raw == CheckOutcome::kUp ? bump(up_run_) : 0;
  not_down_run_ = raw != CheckOutcome::kDown ? bump(not_down_run_) : 0;
  if (raw == CheckOutcome::kUp)
    streak_start_.reset();
  else if (!streak_start_)
    streak_start_ = at;

  if (rules_.flap_detection) {
    double share = flap_share();
    if (!flapping_ && share >= rules_.flap_high)
      flapping_ = true;
    else if (flapping_ && share < rules_.flap_low)
      flapping_ = false;
    if (flapping_) return false;  // hold the state while it flaps
  }
  CheckOutcome next = next_state();
  if (next == state_) return false;
  if (state_ == CheckOutcome::kUp) problem_since_ = streak_start_ ? streak_start_ : at;
  if (next == CheckOutcome::kUp) problem_since_.reset();
  state_ = next;
  return true;
}

}  // namespace pharos::monitor
