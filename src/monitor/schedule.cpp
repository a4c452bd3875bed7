#include "monitor/schedule.h"

#include <cstdint>

namespace pharos::monitor {
namespace {

// The first instant phase + k·interval that is at or after `now`.
Instant next_slot(Instant now, Millis phase, Millis interval) {
  auto since = now.time_since_epoch() - phase;
  auto k = since.count() <= 0 ? 0 : (since.count() + interval.count() - 1) / interval.count();
  return Instant(phase + interval * k);
}

}  // namespace

Millis Schedule::jitter(std::string_view name, Millis interval) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return Millis(static_cast<std::int64_t>(h % static_cast<std::uint64_t>(interval.count())));
}

void Schedule::add(std::size_t index, std::string_view name, Millis interval, Instant now) {
  heap_.push({next_slot(now, jitter(name, interval), interval), index, interval});
}

void Schedule::pop_due(Instant now, std::vector<DueCheck>& out) {
  while (!heap_.empty() && heap_.top().due <= now) {
    Entry e = heap_.top();
    heap_.pop();
    out.push_back({e.index, e.due});
    // Next slot strictly after now: slots missed while late are skipped, not replayed.
    Instant next = e.due + e.interval;
    if (next <= now) {
      auto missed = (now - e.due) / e.interval;
      next = e.due + e.interval * (missed + 1);
    }
    heap_.push({next, e.index, e.interval});
  }
}

std::optional<Instant> Schedule::next_due() const {
  if (heap_.empty()) return std::nullopt;
  return heap_.top().due;
}

}  // namespace pharos::monitor
