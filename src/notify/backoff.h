#pragma once
// The retry schedule: exponential backoff with jitter.
//
// attempt n (1 = the first retry) waits base·2^(n-1), capped at `max`, then scaled by a jitter
// factor in [0.5, 1.0] ("equal jitter"): retries of many deliveries that failed together spread
// out instead of hammering a recovering peer at the same instant, and no wait is shorter than
// half the nominal one. With base 5s, max 30m: ~5s, 10s, 20s, 40s, … 30m, 30m, …
#include <chrono>

namespace pharos::notify {

// `unit_random` is a draw from [0, 1) (injected so tests are exact).
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds max, double unit_random);

}  // namespace pharos::notify
