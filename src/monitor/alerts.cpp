#include "monitor/alerts.h"

#include "monitor/monitoring.h"

namespace pharos::monitor {

void AlertWatcher::check(const Monitoring& monitoring) {
  for (const auto& spec : specs_) {
    auto view = monitoring.monitor(spec.name);
    if (!view) continue;
    Seen now;
    std::string flapping_nodes, reason;
    for (const auto& node : view->nodes) {
      if (node.flapping) {
        now.flapping = true;
        flapping_nodes += (flapping_nodes.empty() ? "" : ", ") + (node.node.empty() ? spec.name : node.node);
      }
      // A tls or credential monitor that is degraded is warning before expiry (warn_before).
      bool expiry_kind = spec.kind == MonitorKind::kTls || spec.kind == MonitorKind::kCredential;
      if (expiry_kind && node.state != CheckOutcome::kUp) {
        now.expiring = true;
        if (node.last) reason = node.last->reason;
      }
    }
    Seen& before = seen_[spec.name];
    if (now.flapping != before.flapping) {
      send_(now.flapping ? "Monitor " + spec.name + " is flapping (" + flapping_nodes +
                               "); its state is held until it settles."
                         : "Monitor " + spec.name + " has stopped flapping.");
    }
    if (now.expiring && !before.expiring) {
      send_("Monitor " + spec.name + ": " + (reason.empty() ? "expiry warning" : reason) + ".");
    }
    before = now;
  }
}

}  // namespace pharos::monitor
