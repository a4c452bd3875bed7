#include "core/time_ranges.h"

#include <gtest/gtest.h>

namespace pharos {
namespace {

// Minutes since an arbitrary epoch, so cases read as small numbers.
Instant m(int minutes) { return Instant(std::chrono::minutes(minutes)); }
TimeRange r(int from, int until) { return {m(from), m(until)}; }
TimeRanges set(std::vector<TimeRange> ranges) { return TimeRanges(std::move(ranges)); }

TEST(TimeRangesTest, NormalisesOverlappingTouchingAndEmptyRanges) {
  struct Case {
    std::vector<TimeRange> in;
    std::vector<TimeRange> out;
  };
  std::vector<Case> cases = {
      {{}, {}},
      {{r(5, 5)}, {}},
      {{r(0, 10), r(10, 20)}, {r(0, 20)}},
      {{r(10, 20), r(0, 5)}, {r(0, 5), r(10, 20)}},
      {{r(0, 10), r(5, 8)}, {r(0, 10)}},
      {{r(30, 40), r(0, 10), r(5, 35)}, {r(0, 40)}},
      {{r(0, 1), r(2, 3), r(4, 5), r(1, 4)}, {r(0, 5)}},
  };
  for (const auto& c : cases) EXPECT_EQ(set(c.in).ranges(), c.out);
}

TEST(TimeRangesTest, AddOutOfOrderMergesForward) {
  TimeRanges s = set({r(0, 10), r(20, 30), r(40, 50)});
  s.add(r(15, 42));
  EXPECT_EQ(s.ranges(), (std::vector<TimeRange>{r(0, 10), r(15, 50)}));
  s.add(r(-5, 0));
  EXPECT_EQ(s.ranges(), (std::vector<TimeRange>{r(-5, 10), r(15, 50)}));
}

TEST(TimeRangesTest, SetOperationsTable) {
  struct Case {
    std::vector<TimeRange> a, b, both, either, a_minus_b;
  };
  std::vector<Case> cases = {
      {{r(0, 10)}, {r(5, 15)}, {r(5, 10)}, {r(0, 15)}, {r(0, 5)}},
      {{r(0, 10)}, {r(10, 20)}, {}, {r(0, 20)}, {r(0, 10)}},
      {{r(0, 100)},
       {r(10, 20), r(30, 40)},
       {r(10, 20), r(30, 40)},
       {r(0, 100)},
       {r(0, 10), r(20, 30), r(40, 100)}},
      {{r(0, 10), r(20, 30)}, {r(5, 25)}, {r(5, 10), r(20, 25)}, {r(0, 30)}, {r(0, 5), r(25, 30)}},
      {{r(0, 10)}, {}, {}, {r(0, 10)}, {r(0, 10)}},
      {{r(0, 10)}, {r(-5, 50)}, {r(0, 10)}, {r(-5, 50)}, {}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(set(c.a).intersect(set(c.b)).ranges(), c.both);
    EXPECT_EQ(set(c.a).unite(set(c.b)).ranges(), c.either);
    EXPECT_EQ(set(c.a).subtract(set(c.b)).ranges(), c.a_minus_b);
  }
}

TEST(TimeRangesTest, LengthOverlapAndContains) {
  TimeRanges s = set({r(0, 10), r(20, 30)});
  EXPECT_EQ(s.length(), std::chrono::minutes(20));
  EXPECT_EQ(s.overlap(r(5, 25)), std::chrono::minutes(10));
  EXPECT_EQ(s.overlap(r(10, 20)), std::chrono::minutes(0));
  EXPECT_EQ(s.intersect(r(5, 25)).ranges(), (std::vector<TimeRange>{r(5, 10), r(20, 25)}));
  EXPECT_TRUE(s.contains(m(0)));
  EXPECT_FALSE(s.contains(m(10))) << "ranges are half-open";
  EXPECT_TRUE(s.contains(m(29)));
  EXPECT_FALSE(s.contains(m(30)));
}

}  // namespace
}  // namespace pharos
