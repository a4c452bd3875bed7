#pragma once
// Check results for the results-store tests: the UTC midnight their days count from, and a result
// as a probe writes it.
#include <cstdint>
#include <string>

#include "storage/results_store.h"

namespace pharos::testing {

inline const Instant kResultsDay = Instant(Millis(1'800'057'600'000));  // 2027-01-16 00:00 UTC

// `monitor`'s result at `when`: `outcome` after `latency_ms` ms, HTTP 200, no node or reason.
inline StoredResult stored_result(std::string monitor, Instant when, CheckOutcome outcome,
                                  std::int64_t latency_ms) {
  return {std::move(monitor), "", when, outcome, latency_ms * 1000, 200, ""};
}

}  // namespace pharos::testing
