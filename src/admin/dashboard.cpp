// The dashboard, /admin: what the person on call needs first — every component's live status and
// who sets it, the open incidents (with a vendor incident that probably explains them), and the
// monitors that fail or flap with their latest checks.
#include <algorithm>

#include "admin/pages.h"
#include "admin/view.h"
#include "monitor/monitoring.h"

namespace pharos::admin {
namespace {

std::string components_section(const std::vector<Component>& components) {
  std::string out = "<h2>Components</h2><table class=\"components\"><thead><tr><th>Component</th>"
                    "<th>Status</th><th>Set by</th></tr></thead><tbody>";
  for (const Component& c : components) {
    out += "<tr><td>" + esc(c.name) + " <span class=\"muted\">" + esc(c.id) + "</span></td><td>" +
           component_status_html(c.status) + "</td><td>" +
           (c.status_source == StatusSource::kAutomatic ? "automatic" : "manual") + "</td></tr>";
  }
  out += "</tbody></table>";
  return out;
}

std::string open_incidents_section(const Services& s, const std::vector<Component>& components) {
  IncidentQuery query;
  query.state = IncidentQuery::State::kOpen;
  query.limit = 50;
  auto incidents = s.store.list_incidents(query);
  std::string out = "<h2>Open incidents and maintenance</h2>";
  if (!incidents) return out + "<p class=\"field-error\">" + esc(incidents.error().message) + "</p>";
  std::string rows;
  for (const Incident& i : *incidents) {
    if (i.source == IncidentSource::kVendor) continue;  // vendors' own, shown as causes
    rows += "<tr><td><a href=\"/admin/incidents/" + esc(i.id) + "\">" + esc(i.name) + "</a>" +
            probable_causes_html(s, i) + "</td><td>" + incident_status_html(i.status) +
            "</td><td>" + impact_html(i.impact) + "</td><td>" +
            component_names_html(components, i.component_ids) + "</td><td>" +
            time_html(s, i.started_at) + "</td><td>" +
            (i.controller == Controller::kAutomation ? "automation" : "people") + "</td></tr>";
  }
  if (rows.empty()) return out + "<p class=\"muted\">None. All quiet.</p>";
  return out + "<table class=\"open-incidents\"><thead><tr><th>Name</th><th>Status</th>"
               "<th>Impact</th><th>Components</th><th>Started</th><th>Driven by</th></tr></thead>"
               "<tbody>" + rows + "</tbody></table>";
}

std::string last_check_html(const Services& s, const monitor::NodeView& node) {
  if (!node.last) return "<span class=\"muted\">no check yet</span>";
  const CheckResult& r = *node.last;
  std::string out = esc(to_string(r.outcome)) + " · " + time_html(s, r.at) + " · " +
                    std::to_string(r.timing.total_us / 1000) + " ms";
  if (!r.reason.empty()) out += " · " + esc(r.reason);
  return out;
}

// The monitors behind every failing component, node by node, with their latest check. Healthy
// monitors are left out: the dashboard answers "what is wrong"; /admin/monitors lists all.
std::string monitors_section(const Services& s) {
  std::string out = "<h2>Monitors failing or flapping</h2>";
  if (s.monitoring == nullptr) return out + "<p class=\"muted\">Monitoring is not running.</p>";
  std::vector<std::string> names;
  for (const monitor::ComponentHealth& health : s.monitoring->component_health()) {
    for (const monitor::FailingNode& node : health.failing) {
      if (std::find(names.begin(), names.end(), node.monitor) == names.end()) {
        names.push_back(node.monitor);
      }
    }
  }
  std::string rows;
  for (const std::string& name : names) {
    auto view = s.monitoring->monitor(name);
    if (!view) continue;
    for (const monitor::NodeView& node : view->nodes) {
      if (node.state == CheckOutcome::kUp && !node.flapping) continue;
      rows += "<tr><td>" + esc(view->name) + "</td><td>" + esc(node.node.empty() ? "-" : node.node) +
              "</td><td>" + esc(to_string(node.state)) + (node.flapping ? " (flapping)" : "") +
              "</td><td>" + last_check_html(s, node) + "</td></tr>";
    }
  }
  if (rows.empty()) return out + "<p class=\"muted\">Every monitor is up.</p>";
  return out + "<table class=\"failing-monitors\"><thead><tr><th>Monitor</th><th>Node</th>"
               "<th>State</th><th>Latest check</th></tr></thead><tbody>" + rows +
               "</tbody></table>";
}

web::Response dashboard(Context& ctx) {
  const Services& s = ctx.services;
  auto components = s.store.list_components();
  if (!components) return message_page(ctx, 500, "Storage error", components.error().message);
  std::string body = "<h1>Dashboard</h1>";
  if (ctx.can(Role::kResponder)) {
    body += "<div class=\"actions\"><a class=\"button\" href=\"/admin/incidents/new\">Open an "
            "incident</a><a class=\"button\" href=\"/admin/maintenance/new\">Schedule "
            "maintenance</a></div>";
  }
  body += open_incidents_section(s, *components);
  body += components_section(*components);
  body += monitors_section(s);
  return page_response(ctx, "Dashboard", "dashboard", body);
}

}  // namespace

void add_dashboard_pages(PageRoutes& pages) { pages.get("/admin", Role::kViewer, dashboard); }

}  // namespace pharos::admin
