#pragma once
// Trend rule for metric monitors (the seed 003 lesson: open connections kept growing until the
// service died). A least-squares line through the last samples says when the series will reach
// the limit; reaching it within the horizon makes the check degraded before any threshold trips.
#include <chrono>
#include <deque>
#include <optional>
#include <string>

#include "core/time.h"

namespace pharos::monitor {

struct Sample {
  Instant at{};
  double value = 0;
};

// How long until the fitted line through `samples` (oldest first) reaches `limit`, from the last
// sample. The limit is an upper one when it is at or above the oldest sample, a lower one
// otherwise. nullopt when fewer than 3 samples, the line is flat or moves away from the limit.
// Zero when the last value is already at or past it.
std::optional<std::chrono::milliseconds> time_to_limit(const std::deque<Sample>& samples,
                                                       double limit);

}  // namespace pharos::monitor
