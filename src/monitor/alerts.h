#pragma once
// Admin-only alerts: events the public page never shows but on-call should hear about — a
// monitor that starts or stops flapping, a certificate or credential about to expire. Watches the
// monitoring snapshot and reports transitions only (never the same condition twice in a row).
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "domain/monitor.h"

namespace pharos::monitor {

class Monitoring;

class AlertWatcher {
 public:
  using Send = std::function<void(const std::string& text)>;

  // `specs` are the configured monitors; `send` queues one alert (e.g. Notifier::alert).
  AlertWatcher(std::vector<MonitorSpec> specs, Send send)
      : specs_(std::move(specs)), send_(std::move(send)) {}

  // Compares the monitors' current state with the previous call and sends what changed.
  void check(const Monitoring& monitoring);

 private:
  struct Seen {
    bool flapping = false;
    bool expiring = false;
  };
  std::vector<MonitorSpec> specs_;
  Send send_;
  std::map<std::string, Seen> seen_;  // monitor name → last observed state
};

}  // namespace pharos::monitor
