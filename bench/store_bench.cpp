// The outbox half of bench/store_bench.sh: a burst of incident events through the notification
// outbox of one database, the way the delivery worker drives it: EVENTS events appended (one
// transaction each, as incident changes append them), fanned out in batches of 100 to TARGETS
// subscribers, then every delivery handed out (due_deliveries, 50 at a time) and recorded
// delivered. Prints one JSON line {"events","deliveries","seconds","cpu_seconds"}; the CPU is
// this process's own (the script adds the database server's). Not a test: it asserts nothing.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/clock.h"
#include "cpu_time.h"
#include "storage/notify_store.h"

namespace {

int fail(const pharos::Error& e) {
  std::fprintf(stderr, "store_bench: %s\n", e.message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace pharos;
  if (argc < 4) {
    std::fprintf(stderr, "usage: store_bench STORAGE_URL EVENTS TARGETS\n");
    return 2;
  }
  int events = std::atoi(argv[2]);
  int targets = std::atoi(argv[3]);
  auto store = open_notify_store(argv[1]);
  if (!store) return fail(store.error());
  NotifyStore& n = **store;
  Instant now = SystemClock::instance().now();
  std::vector<std::string> subscribers;
  for (int t = 0; t < targets; ++t) subscribers.push_back("route:" + std::to_string(t));
  auto start = std::chrono::steady_clock::now();
  double cpu0 = process_cpu_seconds();
  for (int e = 0; e < events; ++e) {
    if (auto r = n.append_alert("burst " + std::to_string(e), now); !r) return fail(r.error());
  }
  for (;;) {
    auto batch = n.unfanned_events(100);
    if (!batch) return fail(batch.error());
    if (batch->empty()) break;
    std::vector<FanOut> fan;
    for (const auto& e : *batch) fan.push_back({e.seq, subscribers});
    if (auto r = n.fan_out_batch(fan, now); !r) return fail(r.error());
  }
  std::int64_t delivered = 0;
  for (;;) {
    auto due = n.due_deliveries(now, 50, {});
    if (!due) return fail(due.error());
    if (due->empty()) break;
    for (const auto& d : *due) {
      AttemptOutcome ok{AttemptOutcome::Kind::kDelivered, now, {}, ""};
      if (auto r = n.record_attempt(d.id, ok); !r) return fail(r.error());
      ++delivered;
    }
  }
  double cpu = process_cpu_seconds() - cpu0;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"events\":%d,\"deliveries\":%lld,\"seconds\":%.3f,\"cpu_seconds\":%.3f}\n", events,
              static_cast<long long>(delivered), seconds, cpu);
  return 0;
}
