#pragma once
// When each monitor is due: a min-heap of next-due times. Every monitor gets a fixed phase inside
// its interval derived from its name (so checks of many monitors spread out instead of aligning,
// and a restart keeps the same spread). A monitor whose slot passed while Pharos was busy or
// stopped is not run several times to catch up: missed slots are skipped and stay "no data".
// Not thread-safe: owned by the scheduler thread.
#include <cstddef>
#include <optional>
#include <queue>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace pharos::monitor {

struct DueCheck {
  std::size_t index = 0;  // the monitor's index as given to add()
  Instant due{};          // the slot it was due in (lateness = now - due)
};

class Schedule {
 public:
  // Adds a monitor whose first slot is the first `phase + k·interval` (k ≥ 0) at or after `now`,
  // counting from the Unix epoch, with phase = jitter(name, interval).
  void add(std::size_t index, std::string_view name, Millis interval, Instant now);
  // Appends every monitor due at or before `now` to `out` and schedules its next slot after `now`.
  void pop_due(Instant now, std::vector<DueCheck>& out);
  std::optional<Instant> next_due() const;
  std::size_t size() const { return heap_.size(); }

  // A stable offset in [0, interval) from the name (FNV-1a).
  static Millis jitter(std::string_view name, Millis interval);

 private:
  struct Entry {
    Instant due;
    std::size_t index;
    Millis interval;
    bool operator>(const Entry& o) const { return due > o.due; }
  };
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
};

}  // namespace pharos::monitor
