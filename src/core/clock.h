#pragma once
// The injectable clock. Production code asks a Clock for the time so tests can drive time by hand
// (no sleeps in unit tests) and so clock jumps can be simulated.
#include <atomic>

#include "core/time.h"

namespace pharos {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (UTC). May jump backwards or forwards when the machine's clock is set.
  virtual Instant now() const = 0;
  // Monotonic time since an arbitrary origin: never jumps. Measure hold times and timeouts with
  // it, so a clock change can neither resolve nor open an incident by itself.
  virtual Millis monotonic() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override;
  Millis monotonic() const override;
  // A process-wide instance; stateless, so sharing it is safe.
  static const SystemClock& instance();
};

// A clock that only moves when told to. Thread-safe.
// advance() moves wall and monotonic time together; set() moves only the wall clock, as when
// someone changes the machine's time.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Instant start) : now_(start.time_since_epoch().count()) {}
  Instant now() const override { return Instant(Millis(now_.load())); }
  Millis monotonic() const override { return Millis(monotonic_.load()); }
  void set(Instant at) { now_.store(at.time_since_epoch().count()); }
  void advance(Millis by) {
    now_.fetch_add(by.count());
    monotonic_.fetch_add(by.count());
  }

 private:
  std::atomic<long long> now_;
  std::atomic<long long> monotonic_{0};
};

}  // namespace pharos
