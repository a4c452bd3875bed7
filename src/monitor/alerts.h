#pragma once
// Admin-only alerts: events the public page never shows but on-call should hear about — a
// monitor that starts or stops flapping, a certificate or credential about to expire. Watches the
// monitoring snapshot and reports transitions only (never the same condition twice in a row).
#include <functional>
#include <map>
#include <string>

namespace pharos::monitor {

class Monitoring;

class AlertWatcher {
 public:
  using Send = std::function<void(const std::string& text)>;

  // `send` queues one alert (e.g. Notifier::alert).
  explicit AlertWatcher(Send send) : send_(std::move(send)) {}

  // Compares the monitors' current state with the previous call and sends what changed. Costs
  // in proportion to the monitors in trouble (Monitoring::troubled), not to all monitors: it runs
  // every second beside thousands of healthy ones.
  void check(const Monitoring& monitoring);

 private:
  struct Seen {
    bool flapping = false;
    bool expiring = false;
  };
  void compare(const std::string& name, const Seen& now, const Seen& before,
               const std::string& flapping_nodes, const std::string& reason);

  Send send_;
  std::map<std::string, Seen> seen_;  // monitor name → last observed state, when not all clear
};

}  // namespace pharos::monitor
