#include "monitor/alerts.h"

#include <set>

#include "monitor/monitoring.h"

namespace pharos::monitor {

void AlertWatcher::compare(const std::string& name, const Seen& now, const Seen& before,
                           const std::string& flapping_nodes, const std::string& reason) {
  if (now.flapping != before.flapping) {
    send_(now.flapping ? "Monitor " + name + " is flapping (" + flapping_nodes +
                             "); its state is held until it settles."
                       : "Monitor " + name + " has stopped flapping.");
  }
  if (now.expiring && !before.expiring) {
    send_("Monitor " + name + ": " + (reason.empty() ? "expiry warning" : reason) + ".");
  }
}

void AlertWatcher::check(const Monitoring& monitoring) {
  std::set<std::string> troubled;
  for (const auto& view : monitoring.troubled()) {
    Seen now;
    std::string flapping_nodes, reason;
    // A tls or credential monitor that is degraded is warning before expiry (warn_before).
    bool expiry_kind = view.kind == MonitorKind::kTls || view.kind == MonitorKind::kCredential;
    for (const auto& node : view.nodes) {
      if (node.flapping) {
        now.flapping = true;
        flapping_nodes +=
            (flapping_nodes.empty() ? "" : ", ") + (node.node.empty() ? view.name : node.node);
      }
      if (expiry_kind && node.state != CheckOutcome::kUp) {
        now.expiring = true;
        if (node.last) reason = node.last->reason;
      }
    }
    Seen& before = seen_[view.name];
    compare(view.name, now, before, flapping_nodes, reason);
    before = now;
    troubled.insert(view.name);
  }
  // The monitors no longer in trouble are all clear now.
  for (auto it = seen_.begin(); it != seen_.end();) {
    if (troubled.count(it->first)) {
      ++it;
      continue;
    }
    compare(it->first, Seen{}, it->second, "", "");
    it = seen_.erase(it);
  }
}

}  // namespace pharos::monitor
