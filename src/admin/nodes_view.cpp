// What the admin shows of several nodes: the dashboard's node list (location, state, leases,
// last heartbeat, clock skew) and a monitor's view from each location.
#include "admin/nodes_view.h"

#include <cstdio>

#include "admin/view.h"
#include "cluster/cluster.h"
#include "core/text.h"
#include "monitor/monitoring.h"

namespace pharos::admin {
namespace {

std::string skew_text(std::int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.3f s", static_cast<double>(ms) / 1000.0);
  return buf;
}

}  // namespace

std::string nodes_section(const Services& s) {
  if (s.cluster == nullptr) return "";
  cluster::ClusterView v = s.cluster->view();
  std::string out = "<h2>Nodes</h2>";
  if (v.clock_skewed) {
    out += "<p class=\"field-error\">This node's clock is " + skew_text(v.clock_skew_ms) +
           " off the database's. Checks are scheduled on the same slots on every node and times "
           "come from this clock: fix its time synchronisation (NTP).</p>";
  }
  if (v.unreachable_since) {
    out += "<p class=\"field-error\">The database has not answered this node's heartbeat since " +
           time_html(s, *v.unreachable_since) + ".</p>";
  }
  std::string rows;
  for (const NodeRecord& n : v.nodes) {
    rows += "<tr><td>" + html_escape(n.name) +
            (n.id == v.self ? " <span class=\"muted\">(this node)</span>" : "") + "</td><td>" +
            html_escape(n.location) + "</td><td>" + (n.alive ? "alive" : "gone") + "</td><td>" +
            std::to_string(n.leases) + "</td><td>" + time_html(s, n.heartbeat_at) + "</td><td>" +
            skew_text(n.clock_skew_ms) + "</td></tr>";
  }
  return out +
         "<table class=\"nodes\"><thead><tr><th>Node</th><th>Location</th><th>State</th>"
         "<th>Leases</th><th>Last heartbeat</th><th>Clock skew</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
}

std::string locations_section(const Services& s, const monitor::MonitorView& m) {
  if (m.locations.empty()) return "";
  std::string rows;
  for (const monitor::LocationView& l : m.locations) {
    std::string nodes;
    for (const LocationNode& n : l.nodes) {
      nodes += "<li>" + html_escape(n.node.empty() ? "(the host)" : n.node) + ": " +
               html_escape(to_string(n.state)) +
               (n.reason.empty() ? "" : " · " + html_escape(n.reason)) + "</li>";
    }
    rows += "<tr><td>" + html_escape(l.location.empty() ? "(pushed)" : l.location) +
            (l.here ? " <span class=\"muted\">(checked here)</span>" : "") + "</td><td>" +
            component_status_html(l.status) + "</td><td>" +
            (l.since ? time_html(s, *l.since) : "") + "</td><td>" + html_escape(l.checked_by) +
            "</td><td><ul class=\"nodes\">" + nodes + "</ul></td></tr>";
  }
  return "<h2>Locations</h2><p>Down only when " + std::to_string(m.quorum) + " of " +
         std::to_string(m.locations.size()) +
         " locations agree.</p><table class=\"locations\"><thead><tr><th>Location</th>"
         "<th>Status there</th><th>Problem since</th><th>Seen by</th><th>Nodes not up</th>"
         "</tr></thead><tbody>" +
         rows + "</tbody></table>";
}

}  // namespace pharos::admin
