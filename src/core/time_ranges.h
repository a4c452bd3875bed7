#pragma once
// Sets of time: sorted, disjoint half-open ranges [from, until) with union, intersection and
// difference. Reports use them for "when was this observed", "when was it under maintenance" and
// windows; everything is exact to the millisecond (Instant's precision).
#include <vector>

#include "core/time.h"

namespace pharos {

// [from, until); empty when until <= from.
struct TimeRange {
  Instant from{};
  Instant until{};

  bool empty() const { return until <= from; }
  Millis length() const { return empty() ? Millis(0) : until - from; }
  bool operator==(const TimeRange&) const = default;
};

class TimeRanges {
 public:
  TimeRanges() = default;
  // Sorts and merges: overlapping and touching ranges become one, empty ones are dropped.
  explicit TimeRanges(std::vector<TimeRange> ranges);
  static TimeRanges of(Instant from, Instant until) { return TimeRanges({{from, until}}); }

  // Adds one range. Cheap when ranges arrive in order (the common case); any order is correct.
  void add(TimeRange range);

  TimeRanges unite(const TimeRanges& other) const;
  TimeRanges intersect(const TimeRanges& other) const;
  TimeRanges intersect(TimeRange range) const;
  TimeRanges subtract(const TimeRanges& other) const;

  Millis length() const;
  // Length of the part inside `range`.
  Millis overlap(TimeRange range) const;
  bool contains(Instant at) const;

  const std::vector<TimeRange>& ranges() const { return ranges_; }
  bool empty() const { return ranges_.empty(); }
  bool operator==(const TimeRanges&) const = default;

 private:
  std::vector<TimeRange> ranges_;  // sorted by from, disjoint, not touching, none empty
};

}  // namespace pharos
