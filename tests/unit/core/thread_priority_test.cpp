#include "core/thread_priority.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace pharos {
namespace {

using namespace std::chrono_literals;

int nice_of_this_thread() { return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())); }

TEST(ScopedThreadPriorityTest, RaisesThisThreadOnlyAndRestoresIt) {
  // Threads of their own, so the test leaves the runner's thread as it was whatever happens.
  std::atomic<int> phase{0};
  int other_during = 0;
  std::thread other([&] {  // running before and during the scope
    for (int k = 0; k < 2000 && phase.load() < 1; ++k) std::this_thread::sleep_for(1ms);
    other_during = nice_of_this_thread();
    phase = 2;
  });
  std::thread([&] {
    int before = nice_of_this_thread();
    {
      ScopedThreadPriority scope(before - 5);
      if (!scope.raised()) {
        phase = 1;
        GTEST_SKIP() << "this process may not raise a priority (no CAP_SYS_NICE)";
      }
      EXPECT_EQ(nice_of_this_thread(), before - 5);
      phase = 1;
      for (int k = 0; k < 2000 && phase.load() < 2; ++k) std::this_thread::sleep_for(1ms);
      EXPECT_EQ(other_during, before) << "another thread keeps its own priority";
    }
    EXPECT_EQ(nice_of_this_thread(), before);
  }).join();
  other.join();
}

TEST(ScopedThreadPriorityTest, ALowerPriorityThanNowIsNotTaken) {
  std::thread([] {
    int before = nice_of_this_thread();
    {
      ScopedThreadPriority scope(before + 3);
      EXPECT_FALSE(scope.raised());
      EXPECT_EQ(nice_of_this_thread(), before);
    }
    EXPECT_EQ(nice_of_this_thread(), before);
  }).join();
}

}  // namespace
}  // namespace pharos
