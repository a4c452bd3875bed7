#include "web/server/pressure.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pharos::web {
namespace {

// A connection without a socket: evicting it records its name.
struct FakeConnection : ReusableHook {
  std::string name;
  std::vector<std::string>* evicted;
  void evict() { evicted->push_back(name); }
};

struct QueueFixture {
  std::vector<std::string> evicted;
  std::vector<FakeConnection> connections;
  ReusableQueue<FakeConnection> queue;

  explicit QueueFixture(std::vector<std::string> names) {
    connections.reserve(names.size());
    for (auto& n : names) connections.push_back(FakeConnection{{}, n, &evicted});
  }
  ~QueueFixture() {
    for (auto& c : connections) queue.remove(c);
  }
  FakeConnection& operator[](std::size_t i) { return connections[i]; }
};

TEST(ReusableQueueTest, EvictsTheOldestFirst) {
  QueueFixture f({"a", "b", "c", "d"});
  for (std::size_t i = 0; i < 4; ++i) f.queue.push_back(f[i]);
  EXPECT_EQ(f.queue.evict_oldest(2), 2u);
  EXPECT_EQ(f.evicted, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(f.queue.size(), 2u);
}

TEST(ReusableQueueTest, AConnectionThatServedARequestBecomesTheNewest) {
  // a, b, c wait; a's head completes (removed), it is answered and waits again (pushed back).
  QueueFixture f({"a", "b", "c"});
  for (std::size_t i = 0; i < 3; ++i) f.queue.push_back(f[i]);
  f.queue.remove(f[0]);
  f.queue.push_back(f[0]);
  f.queue.evict_oldest(3);
  EXPECT_EQ(f.evicted, (std::vector<std::string>{"b", "c", "a"}));
}

TEST(ReusableQueueTest, AWorkingConnectionIsNeverEvicted) {
  QueueFixture f({"idle", "working", "partial-head"});
  for (std::size_t i = 0; i < 3; ++i) f.queue.push_back(f[i]);
  f.queue.remove(f[1]);  // its head is complete: it is being answered
  f.queue.remove(f[1]);  // removing twice is harmless
  EXPECT_EQ(f.queue.evict_oldest(10), 2u);
  EXPECT_EQ(f.evicted, (std::vector<std::string>{"idle", "partial-head"}));
  EXPECT_EQ(f.queue.evict_oldest(1), 0u) << "nothing left to evict";
}

TEST(ReusableQueueTest, PushingTwiceKeepsOneEntry) {
  QueueFixture f({"a", "b"});
  f.queue.push_back(f[0]);
  f.queue.push_back(f[1]);
  f.queue.push_back(f[0]);
  EXPECT_EQ(f.queue.size(), 2u);
  f.queue.evict_oldest(2);
  EXPECT_EQ(f.evicted, (std::vector<std::string>{"b", "a"}));
}

TEST(PressureTest, HighWaterLeavesOneSixteenthFree) {
  EXPECT_EQ(high_water(10000), 9375u);
  EXPECT_EQ(high_water(1000), 938u);
  EXPECT_EQ(high_water(2), 2u);
}

TEST(PressureTest, DrainCount) {
  struct Case {
    std::size_t connections, high_water, reusable, expected;
    const char* why;
  };
  const Case cases[] = {
      {900, 938, 400, 0, "below high water: nothing"},
      {938, 938, 400, 32, "at high water: nginx's share, 1/8 of 400 capped at 32"},
      {940, 938, 40, 5, "nginx's share of 40 is 5, more than the excess of 3"},
      {940, 938, 4, 3, "the excess of 3 when nginx's share is 1"},
      {1000, 938, 400, 63, "the excess: back under high water at once"},
      {1100, 938, 10, 10, "never more than there are"},
      {1100, 938, 0, 0, "nothing reusable: nothing to close"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(drain_count(c.connections, c.high_water, c.reusable), c.expected) << c.why;
  }
}

TEST(PressureTest, TheCapFitsTheFdLimit) {
  EXPECT_EQ(fd_reserve(20000), 5120u);
  EXPECT_EQ(fd_reserve(1024), 512u);
  EXPECT_EQ(connection_cap(10000, 20000), 10000u) << "fits: as requested";
  EXPECT_EQ(connection_cap(100000, 20000), 14880u) << "lowered to the limit minus the reserve";
  EXPECT_EQ(connection_cap(10000, 1024), 512u);
  EXPECT_EQ(connection_cap(10000, RLIM_INFINITY), 10000u);
  EXPECT_EQ(connection_cap(10000, 1), 1u) << "never zero";
}

TEST(PressureTest, RaisingTheFdLimitReachesTheHardLimit) {
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  if (saved.rlim_max < 64) GTEST_SKIP() << "hard limit too low to lower the soft one";
  rlimit lowered = saved;
  lowered.rlim_cur = saved.rlim_max / 2;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &lowered), 0);
  FdLimit got = raise_fd_limit();
  rlimit now{};
  getrlimit(RLIMIT_NOFILE, &now);
  setrlimit(RLIMIT_NOFILE, &saved);
  EXPECT_EQ(got.before, saved.rlim_max / 2);
  EXPECT_EQ(got.soft, saved.rlim_max);
  EXPECT_EQ(got.hard, saved.rlim_max);
  EXPECT_EQ(now.rlim_cur, saved.rlim_max);
}

TEST(AddressCountsTest, CapsConnectionsPerAddress) {
  AddressCounts counts(2);
  EXPECT_TRUE(counts.try_add("10.0.0.1"));
  EXPECT_TRUE(counts.try_add("10.0.0.1"));
  EXPECT_FALSE(counts.try_add("10.0.0.1")) << "third from one address";
  EXPECT_TRUE(counts.try_add("10.0.0.2")) << "another address has its own share";
  counts.remove("10.0.0.1");
  EXPECT_EQ(counts.count("10.0.0.1"), 1u);
  EXPECT_TRUE(counts.try_add("10.0.0.1")) << "a closed connection frees its share";
  counts.remove("10.0.0.2");
  EXPECT_EQ(counts.count("10.0.0.2"), 0u);
}

TEST(AddressCountsTest, ZeroMeansNoCap) {
  AddressCounts counts(0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(counts.try_add("10.0.0.1"));
  EXPECT_EQ(counts.count("10.0.0.1"), 0u) << "nothing is counted without a cap";
}

}  // namespace
}  // namespace pharos::web
