#include "core/time_ranges.h"

#include <algorithm>

namespace pharos {

TimeRanges::TimeRanges(std::vector<TimeRange> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const TimeRange& a, const TimeRange& b) { return a.from < b.from; });
  for (const auto& r : ranges) add(r);
}

void TimeRanges::add(TimeRange range) {
  if (range.empty()) return;
  if (ranges_.empty() || ranges_.back().until < range.from) {
    ranges_.push_back(range);
    return;
  }
  if (ranges_.back().from <= range.from) {  // in order, touching or overlapping the last one
    ranges_.back().until = std::max(ranges_.back().until, range.until);
    return;
  }
  // Out of order: find the first range that ends at or after the new one starts, merge forward.
  auto first = std::lower_bound(ranges_.begin(), ranges_.end(), range.from,
                                [](const TimeRange& r, Instant at) { return r.until < at; });
  auto last = first;
  while (last != ranges_.end() && last->from <= range.until) {
    range.from = std::min(range.from, last->from);
    range.until = std::max(range.until, last->until);
    ++last;
  }
  first = ranges_.erase(first, last);
  ranges_.insert(first, range);
}

TimeRanges TimeRanges::unite(const TimeRanges& other) const {
  std::vector<TimeRange> all;
  all.reserve(ranges_.size() + other.ranges_.size());
  std::merge(ranges_.begin(), ranges_.end(), other.ranges_.begin(), other.ranges_.end(),
             std::back_inserter(all),
             [](const TimeRange& a, const TimeRange& b) { return a.from < b.from; });
  TimeRanges out;
  for (const auto& r : all) out.add(r);
  return out;
}

TimeRanges TimeRanges::intersect(const TimeRanges& other) const {
  TimeRanges out;
  auto a = ranges_.begin();
  auto b = other.ranges_.begin();
  while (a != ranges_.end() && b != other.ranges_.end()) {
    TimeRange both{std::max(a->from, b->from), std::min(a->until, b->until)};
    if (!both.empty()) out.ranges_.push_back(both);
    if (a->until < b->until)
      ++a;
    else
      ++b;
  }
  return out;
}

TimeRanges TimeRanges::intersect(TimeRange range) const {
  TimeRanges out;
  auto it = std::lower_bound(ranges_.begin(), ranges_.end(), range.from,
                             [](const TimeRange& r, Instant at) { return r.until <= at; });
  for (; it != ranges_.end() && it->from < range.until; ++it) {
    TimeRange both{std::max(it->from, range.from), std::min(it->until, range.until)};
    if (!both.empty()) out.ranges_.push_back(both);
  }
  return out;
}

TimeRanges TimeRanges::subtract(const TimeRanges& other) const {
  TimeRanges out;
  auto b = other.ranges_.begin();
  for (TimeRange a : ranges_) {
    while (b != other.ranges_.end() && b->until <= a.from) ++b;
    for (auto cut = b; cut != other.ranges_.end() && cut->from < a.until; ++cut) {
      if (cut->from > a.from) out.ranges_.push_back({a.from, cut->from});
      a.from = std::max(a.from, cut->until);
      if (a.empty()) break;
    }
    if (!a.empty()) out.ranges_.push_back(a);
  }
  return out;
}

Millis TimeRanges::length() const {
  Millis total{0};
  for (const auto& r : ranges_) total += r.length();
  return total;
}

Millis TimeRanges::overlap(TimeRange range) const {
  Millis total{0};
  auto it = std::lower_bound(ranges_.begin(), ranges_.end(), range.from,
                             [](const TimeRange& r, Instant at) { return r.until <= at; });
  for (; it != ranges_.end() && it->from < range.until; ++it) {
    total += TimeRange{std::max(it->from, range.from), std::min(it->until, range.until)}.length();
  }
  return total;
}

bool TimeRanges::contains(Instant at) const {
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), at,
                             [](Instant t, const TimeRange& r) { return t < r.until; });
  return it != ranges_.end() && it->from <= at;
}

}  // namespace pharos
