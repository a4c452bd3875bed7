// The dashboard, /admin: what the person on call needs first — every component's live status and
// who sets it, the open incidents (with a vendor incident that probably explains them), the
// monitors that fail or flap, and the most recent checks.
#include <algorithm>

#include "admin/audit.h"
#include "admin/nodes_view.h"
#include "admin/pages.h"
#include "admin/view.h"
#include "monitor/monitoring.h"

namespace pharos::admin {
namespace {

// Responders set a component's status by hand here, or hand it back to automation ("auto").
std::string status_form(const Context& ctx, const Component& c) {
  std::string id = esc(c.id);
  std::string out = "<form method=\"post\" action=\"/admin/components/" + id +
                    "/status\" class=\"inline\">" + csrf_field(ctx) +
                    "<label class=\"muted\" for=\"status-" + id +
                    "\">Set to</label> <select "
                    "name=\"status\" id=\"status-" +
                    id +
                    "\"><option value=\"auto\">automatic "
                    "(hand back)</option>";
  for (ComponentStatus status : kComponentStatuses) {
    std::string name(to_string(status));
    bool current = c.status_source == StatusSource::kManual && c.status == status;
    out += "<option value=\"" + name + "\"" + (current ? " selected" : "") + ">" +
           std::string(label(status)) + "</option>";
  }
  return out + "</select> <button type=\"submit\" class=\"secondary\">Set</button></form>";
}

std::string components_section(const Context& ctx, const std::vector<Component>& components) {
  bool can_set = ctx.can(Role::kResponder);
  std::string out =
      "<h2>Components</h2><table class=\"components\"><thead><tr><th>Component</th>"
      "<th>Status</th><th>Set by</th>" +
      std::string(can_set ? "<th>Change</th>" : "") + "</tr></thead><tbody>";
  for (const Component& c : components) {
    out += "<tr id=\"component-" + esc(c.id) + "\"><td>" + esc(c.name) + " <span class=\"muted\">" +
           esc(c.id) + "</span></td><td>" + component_status_html(c.status) + "</td><td>" +
           (c.status_source == StatusSource::kAutomatic ? "automatic" : "manual") + "</td>" +
           (can_set ? "<td>" + status_form(ctx, c) + "</td>" : "") + "</tr>";
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
  if (!incidents)
    return out + "<p class=\"field-error\">" + esc(incidents.error().message) + "</p>";
  std::string rows;
  for (const Incident& i : *incidents) {
    if (i.source == IncidentSource::kVendor) continue;  // vendors' own, shown as causes
    rows += "<tr><td><a href=\"/admin/incidents/" + esc(i.id) + "\">" + esc(i.name) + "</a>" +
            probable_causes_html(s, i) + "</td><td>" + incident_status_html(i.status) +
            "</td><td>" + impact_html(i.impact) + "</td><td>" +
            component_names_html(components, i.component_ids) + "</td><td>" +
            (i.status == IncidentStatus::kScheduled ? "scheduled for " : "") +
            time_html(s, i.started_at) + "</td><td>" +
            (i.controller == Controller::kAutomation ? "automation" : "people") + "</td></tr>";
  }
  return out + listing_html("open-incidents",
                            {"Name", "Status", "Impact", "Components", "Started", "Driven by"},
                            rows, "None. All quiet.");
}

std::string last_check_html(const Services& s, const monitor::NodeView& node) {
  if (!node.last) return "<span class=\"muted\">no check yet</span>";
  const CheckResult& r = *node.last;
  std::string out = esc(to_string(r.outcome)) + " · " + time_html(s, r.at) + " · " +
                    std::to_string(r.timing.total_us / 1000) + " ms";
  if (!r.reason.empty()) out += " · " + esc(r.reason);
  return out;
}

// The monitors with a node not up, or flapping, node by node with its latest check; healthy ones
// are left out (the dashboard answers "what is wrong"; /admin/monitors lists all).
std::string failing_monitors_html(const Services& s,
                                  const std::vector<monitor::MonitorView>& views) {
  std::string rows;
  for (const monitor::MonitorView& view : views) {
    for (const monitor::NodeView& node : view.nodes) {
      if (node.state == CheckOutcome::kUp && !node.flapping) continue;
      rows += "<tr><td><a href=\"/admin/monitors/" + esc(view.name) + "\">" + esc(view.name) +
              "</a></td><td>" + esc(node.node.empty() ? "-" : node.node) + "</td><td>" +
              esc(to_string(node.state)) + (node.flapping ? " (flapping)" : "") + "</td><td>" +
              last_check_html(s, node) + "</td></tr>";
    }
  }
  return listing_html("failing-monitors", {"Monitor", "Node", "State", "Latest check"}, rows,
                      "Every monitor is up.");
}

// The latest check of every node, newest first, at most kRecentChecks rows.
constexpr std::size_t kRecentChecks = 15;
std::string recent_checks_html(const Services& s, const std::vector<monitor::MonitorView>& views) {
  std::vector<std::pair<const monitor::MonitorView*, const monitor::NodeView*>> checked;
  for (const monitor::MonitorView& view : views) {
    for (const monitor::NodeView& node : view.nodes) {
      if (node.last) checked.emplace_back(&view, &node);
    }
  }
  std::sort(checked.begin(), checked.end(),
            [](const auto& a, const auto& b) { return a.second->last->at > b.second->last->at; });
  if (checked.size() > kRecentChecks) checked.resize(kRecentChecks);
  if (checked.empty()) return "<p class=\"muted\">No checks yet.</p>";
  std::string rows;
  for (const auto& [view, node] : checked) {
    rows += "<tr><td>" + esc(view->name) + "</td><td>" +
            esc(node->node.empty() ? "-" : node->node) + "</td><td>" + last_check_html(s, *node) +
            "</td></tr>";
  }
  return "<table class=\"recent-checks\"><thead><tr><th>Monitor</th><th>Node</th><th>Check</th>"
         "</tr></thead><tbody>" +
         rows + "</tbody></table>";
}

std::string monitors_section(const Services& s) {
  std::string out = "<h2>Monitors failing or flapping</h2>";
  if (s.monitoring == nullptr) return out + "<p class=\"muted\">Monitoring is not running.</p>";
  std::vector<monitor::MonitorView> views = s.monitoring->monitors();
  return out + failing_monitors_html(s, views) + "<h2>Recent checks</h2>" +
         recent_checks_html(s, views);
}

// A refused reload: a banner with the diagnostics, on top, until a good reload or a restart.
// Otherwise one quiet line with the last reload, if any.
std::string config_reload_html(const Services& s) {
  if (!s.config_reload) return "";
  ConfigReloadView v = s.config_reload();
  if (!v.at) return "";
  if (!v.ok) {
    std::string items;
    for (const auto& e : v.errors) items += "<li><code>" + esc(e) + "</code></li>";
    return "<div class=\"config-error\" role=\"alert\"><strong>Config reload refused</strong> at " +
           time_html(s, *v.at) +
           ": the file has errors, and the running config stays in force until it is fixed "
           "and reloaded." +
           (items.empty() ? "" : "<ul>" + items + "</ul>") + "</div>";
  }
  return "<p class=\"muted config-reloaded\">Config reloaded at " + time_html(s, *v.at) + ": " +
         esc(v.summary) + "</p>";
}

web::Response dashboard(Context& ctx) {
  const Services& s = ctx.services;
  auto components = s.store.list_components();
  if (!components) return message_page(ctx, 500, "Storage error", components.error().message);
  std::string body = config_reload_html(s) + "<h1>Dashboard</h1>";
  if (ctx.can(Role::kResponder)) {
    body +=
        "<div class=\"actions\"><a class=\"button\" href=\"/admin/incidents/new\">Open an "
        "incident</a><a class=\"button\" href=\"/admin/maintenance/new\">Schedule "
        "maintenance</a></div>";
  }
  body += open_incidents_section(s, *components);
  body += components_section(ctx, *components);
  body += monitors_section(s);
  body += nodes_section(s);
  return page_response(ctx, "Dashboard", "dashboard", body);
}

// POST /admin/components/{id}/status, status=auto|<component status>: one service call (the
// service audits it like the API's PATCH), back to the dashboard with what happened.
web::Response set_component_status(Context& ctx) {
  const Services& s = ctx.services;
  std::string id(ctx.request.param("id"));
  std::string value = ctx.form.get("status");
  auto before = s.store.find_component(id);
  if (!before) return message_page(ctx, 500, "Storage error", before.error().message);
  if (!before->has_value()) {
    return message_page(ctx, 404, "No such component", "There is no component " + id + ".");
  }
  std::optional<ComponentStatus> status;
  if (value != "auto") {
    status = parse_component_status(value);
    if (!status) return redirect_with_flash(ctx, "/admin", "Unknown status \"" + value + "\".");
  }
  auto refused = [&](const Error& e) {
    return redirect_with_flash(ctx, "/admin", "Not changed: " + e.message);
  };
  std::string message;
  if (status) {
    auto set = s.incidents.set_component_status(id, status, actor(ctx));
    if (!set) return refused(set.error());
    message = (*before)->name + " is " + std::string(label(set->status)) +
              ", set by hand until you hand it back.";
  } else {
    auto handed = s.incidents.hand_back_component(id, actor(ctx));
    if (!handed) return refused(handed.error());
    message = (*before)->name + " is back under automation (" + handed->note +
              "): " + std::string(label(handed->component.status)) + ".";
  }
  return redirect_with_flash(ctx, "/admin#component-" + id, std::move(message));
}

}  // namespace

void add_dashboard_pages(PageRoutes& pages) {
  pages.get("/admin", Role::kViewer, dashboard);
  pages.post("/admin/components/{id}/status", Role::kResponder, set_component_status);
}

}  // namespace pharos::admin
