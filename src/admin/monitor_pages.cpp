// The monitor pages: /admin/monitors (every monitor with its state, each node's last check,
// flapping, paused, uptime) and /admin/monitors/{name} (nodes in detail, latency charts for the
// last 24 h and 7 d, and — for responders and up — pause, resume and run now as CSRF-guarded
// POST forms). The rules of pausing and running now are Monitoring's (monitor/monitoring.h).
//
// Worked scenario: rob (responder) opens /admin/monitors/api-health, presses "Run now" → POST
// /admin/monitors/api-health/run (CSRF checked by the guard) → Monitoring::run_now waits at most
// the timeout + 2 s → 303 back to the page, whose flash says "Checked api-health now: 10.0.0.11
// up (12 ms); 10.0.0.13 down (HTTP 404, expected 2xx)". A second press while the first check
// is still running → the flash says a check is already running; nothing else happens.
#include <boost/json.hpp>
#include <functional>
#include <variant>

#include "admin/audit.h"
#include "admin/nodes_view.h"
#include "admin/pages.h"
#include "admin/svg_chart.h"
#include "admin/view.h"
#include "core/duration.h"
#include "domain/availability.h"
#include "monitor/monitoring.h"

namespace pharos::admin {
namespace {

using namespace std::chrono_literals;
using monitor::MonitorView;
using monitor::NodeView;

// A monitor's share of passing checks (not its component's uptime, which counts time in each
// status: the public page's and Reports' figure). Truncated like every uptime figure, so a
// failed check never reads 100.00%.
std::string uptime_html(const std::optional<double>& uptime) {
  if (!uptime) return "<span class=\"muted\">no data</span>";
  return format_uptime_percent(*uptime);
}

std::string latency_text(const CheckResult& r) {
  return std::to_string((r.timing.total_us + 500) / 1000) + " ms";
}

// "down · 12 ms · HTTP 404, expected 2xx" (escaped), or a muted "no check yet".
std::string last_check_html(const Services& s, const NodeView& node, bool with_time) {
  if (!node.last) return "<span class=\"muted\">no check yet</span>";
  const CheckResult& r = *node.last;
  std::string out = "<span class=\"check c-" + std::string(to_string(r.outcome)) + "\">" +
                    esc(to_string(r.outcome)) + "</span> · " + latency_text(r);
  if (with_time) out += " · " + time_html(s, r.at);
  if (!r.reason.empty()) out += " · " + esc(r.reason);
  return out;
}

std::string state_html(const MonitorView& m) {
  std::string out = component_status_html(m.status);
  if (m.paused) out += " <span class=\"badge paused\">paused</span>";
  if (m.flapping()) out += " <span class=\"badge flapping\">flapping</span>";
  return out;
}

std::string node_name(const NodeView& n) { return n.node.empty() ? "(the host)" : n.node; }

using Uptimes = std::map<std::string, monitor::MonitorUptime, std::less<>>;

std::string monitor_row(const Services& s, const MonitorView& m, const Uptimes& uptimes) {
  std::string nodes;
  for (const NodeView& n : m.nodes) {
    nodes += "<li>" + esc(node_name(n)) + ": " + last_check_html(s, n, false) +
             (n.flapping ? " <span class=\"badge flapping\">flapping</span>" : "") + "</li>";
  }
  if (nodes.empty()) {
    nodes = m.paused ? "<li class=\"muted\">paused: not checked</li>"
                     : "<li class=\"muted\">no check yet</li>";
  }
  monitor::MonitorUptime up;
  if (auto it = uptimes.find(m.name); it != uptimes.end()) up = it->second;
  std::string href = "/admin/monitors/" + esc(m.name);
  return "<tr><td><a href=\"" + href + "\">" + esc(m.name) + "</a></td><td>" +
         esc(to_string(m.kind)) + "</td><td>" + esc(m.component) + "</td><td>" +
         esc(format_duration_config(m.interval)) + "</td><td>" + state_html(m) +
         "</td><td><ul class=\"nodes\">" + nodes + "</ul></td><td>" + uptime_html(up.day) +
         "</td><td>" + uptime_html(up.week) + "</td></tr>";
}

web::Response monitoring_off(Context& ctx) {
  return message_page(ctx, 503, "Monitoring is off",
                      "Monitoring is not running in this process, so there are no monitors to "
                      "show.");
}

web::Response list_monitors(Context& ctx) {
  const Services& s = ctx.services;
  if (s.monitoring == nullptr) return monitoring_off(ctx);
  auto monitors = s.monitoring->monitors();
  std::string body = "<h1>Monitors</h1>";
  if (monitors.empty()) {
    body += "<p class=\"muted\">No monitors are configured (monitors: in pharos.yaml).</p>";
    return page_response(ctx, "Monitors", "monitors", body);
  }
  body +=
      "<table class=\"monitors\"><thead><tr><th>Monitor</th><th>Kind</th><th>Component</th>"
      "<th>Every</th><th>State</th><th>Nodes: last check</th><th>Uptime 24 h</th>"
      "<th>Uptime 7 d</th></tr></thead><tbody>";
  auto read = s.monitoring->uptimes();  // two queries for the whole list
  const Uptimes uptimes = read ? std::move(*read) : Uptimes{};
  for (const MonitorView& m : monitors) body += monitor_row(s, m, uptimes);
  body += "</tbody></table>";
  return page_response(ctx, "Monitors", "monitors", body);
}

std::string nodes_table(const Services& s, const MonitorView& m) {
  if (m.nodes.empty()) {
    return std::string("<p class=\"muted\">") +
           (m.paused ? "Paused: its nodes are not checked." : "No check yet.") + "</p>";
  }
  std::string out =
      "<table class=\"nodes\"><thead><tr><th>Node</th><th>State</th>"
      "<th>Problem since</th><th>Last check</th><th>Result</th><th>Latency</th>"
      "<th>HTTP</th><th>Error</th></tr></thead><tbody>";
  for (const NodeView& n : m.nodes) {
    out += "<tr><td>" + esc(node_name(n)) + "</td><td>" + esc(to_string(n.state)) +
           (n.flapping ? " <span class=\"badge flapping\">flapping</span>" : "") + "</td><td>" +
           (n.problem_since ? time_html(s, *n.problem_since) : "") + "</td>";
    if (n.last) {
      const CheckResult& r = *n.last;
      out += "<td>" + time_html(s, r.at) + "</td><td>" + esc(to_string(r.outcome)) + "</td><td>" +
             latency_text(r) + "</td><td>" + (r.http_status ? std::to_string(r.http_status) : "") +
             "</td><td>" + esc(r.reason) + "</td>";
    } else {
      out += "<td colspan=\"5\" class=\"muted\">no check yet</td>";
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

// One chart: rollups of `period` over [now − span, now) merged into `bucket`s.
std::string chart_html(const Services& s, const MonitorView& m, std::string id, std::string title,
                       Millis span, RollupPeriod period, Millis bucket) {
  Instant now = s.clock.now();
  ChartFrame frame;
  frame.id = std::move(id);
  frame.title = std::move(title);
  frame.bucket = bucket;
  // Whole buckets, the last one holding now.
  frame.to = Instant((now.time_since_epoch() / bucket + 1) * bucket);
  frame.from = frame.to - span;
  auto rows = s.monitoring->rollups(m.name, period, frame.from, frame.to);
  if (!rows) return "<p class=\"field-error\">" + esc(rows.error().message) + "</p>";
  return "<figure class=\"chart\">" + latency_chart_svg(chart_points(*rows, frame), frame, s.zone) +
         "</figure>";
}

// The monitor the path names, or the page to answer instead (monitoring off, unknown name).
std::variant<MonitorView, web::Response> path_monitor(Context& ctx) {
  const Services& s = ctx.services;
  if (s.monitoring == nullptr) return monitoring_off(ctx);
  std::string name(ctx.request.param("name"));
  auto m = s.monitoring->monitor(name);
  if (!m)
    return message_page(ctx, 404, "No such monitor", "There is no monitor named " + name + ".");
  return std::move(*m);
}

std::string actions_html(const Context& ctx, const MonitorView& m) {
  if (!ctx.can(Role::kResponder)) return "";
  std::string base = "/admin/monitors/" + esc(m.name);
  auto form = [&](const std::string& action, const std::string& label) {
    return "<form method=\"post\" action=\"" + base + "/" + action + "\" class=\"inline\">" +
           csrf_field(ctx) + "<button type=\"submit\">" + label + "</button></form>";
  };
  return "<div class=\"actions\">" +
         (m.paused ? form("resume", "Resume") : form("pause", "Pause")) + form("run", "Run now") +
         "</div>";
}

web::Response show_monitor(Context& ctx) {
  const Services& s = ctx.services;
  auto found = path_monitor(ctx);
  if (auto* refusal = std::get_if<web::Response>(&found)) return std::move(*refusal);
  const MonitorView* m = &std::get<MonitorView>(found);
  std::string body = "<p><a href=\"/admin/monitors\">Monitors</a></p><h1>" + esc(m->name) + "</h1>";
  body += "<p>" + state_html(*m) + " · " + esc(to_string(m->kind)) + " on " + esc(m->component) +
          " · every " + esc(format_duration_config(m->interval)) + ", timeout " +
          esc(format_duration_config(m->timeout)) + "</p>";
  if (m->paused) {
    body += "<p class=\"message\">Paused by " + esc(m->paused->paused_by) + " at " +
            time_html(s, m->paused->paused_at) + ". It is not checked and does not count against " +
            esc(m->component) + ".</p>";
  }
  body += actions_html(ctx, *m);
  // The push token is a credential: shown to people who may change monitors, as the API does.
  if (m->kind == MonitorKind::kHeartbeat && ctx.can(Role::kResponder)) {
    body += "<p>The job reports in with <code>POST /api/push/" + esc(m->push_token) +
            "</code>. Keep this address secret.</p>";
  }
  auto up = s.monitoring->uptime(m->name);
  body += "<p>Checks passed: " + uptime_html(up ? up->day : std::nullopt) + " over 24 h, " +
          uptime_html(up ? up->week : std::nullopt) +
          " over 7 d. The component's uptime, as the public page shows it, is on "
          "<a href=\"/admin/reports\">Reports</a>.</p>";
  body += locations_section(s, *m);
  body += "<h2>Nodes</h2>" + nodes_table(s, *m);
  body += "<h2>Latency, last 24 hours</h2>" + chart_html(s, *m, "chart-day",
                                                         m->name + " latency, last 24 hours", 24h,
                                                         RollupPeriod::kMinute, 10min);
  body += "<h2>Latency, last 7 days</h2>" + chart_html(s, *m, "chart-week",
                                                       m->name + " latency, last 7 days", 24h * 7,
                                                       RollupPeriod::kHour, 1h);
  return page_response(ctx, m->name, "monitors", body);
}

std::string pause_state(const MonitorView& m) {
  boost::json::object o{
      {"name", m.name}, {"paused", m.paused.has_value()}, {"status", to_string(m.status)}};
  if (m.paused) {
    o["paused_by"] = m.paused->paused_by;
    o["paused_at"] = format_iso_utc(m.paused->paused_at);
  }
  return boost::json::serialize(o);
}

// A responder's action on the path's monitor (monitoring is on): `act(before)` does it and
// returns what to tell; the answer goes back to the monitor's page with that message (or is the
// refusal page when monitoring is off or there is no such monitor).
web::Response monitor_action(Context& ctx,
                             const std::function<std::string(const MonitorView&)>& act) {
  auto found = path_monitor(ctx);
  if (auto* refusal = std::get_if<web::Response>(&found)) return std::move(*refusal);
  const MonitorView& before = std::get<MonitorView>(found);
  return redirect_with_flash(ctx, "/admin/monitors/" + before.name, act(before));
}

web::Response set_paused(Context& ctx, bool pause) {
  return monitor_action(ctx, [&](const MonitorView& before) {
    auto& monitoring = *ctx.services.monitoring;
    auto after = pause ? monitoring.pause(before.name, "user:" + ctx.session.user_name)
                       : monitoring.resume(before.name);
    if (!after) return "Not changed: " + after.error().message;
    if (before.paused.has_value() != after->paused.has_value()) {
      audit_change(ctx, pause ? "monitor.pause" : "monitor.resume", before.name,
                   pause_state(before), pause_state(*after));
    }
    return (pause ? "Paused " : "Resumed ") + before.name + ".";
  });
}

std::string run_summary(const std::string& name, const std::vector<CheckResult>& results) {
  std::string out = "Checked " + name + " now:";
  if (results.empty()) return out + " no nodes to check.";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const CheckResult& r = results[i];
    out += (i ? "; " : " ") + (r.node.empty() ? std::string() : r.node + " ") +
           std::string(to_string(r.outcome)) + " (" +
           (r.reason.empty() ? latency_text(r) : r.reason) + ")";
  }
  return out;
}

web::Response run_now(Context& ctx) {
  return monitor_action(ctx, [&](const MonitorView& before) {
    auto results = ctx.services.monitoring->run_now(before.name);
    if (!results) return "Not run: " + results.error().message;
    std::string summary = run_summary(before.name, *results);
    audit_change(
        ctx, "monitor.run", before.name, pause_state(before),
        boost::json::serialize(boost::json::object{{"name", before.name}, {"summary", summary}}));
    return summary;
  });
}

}  // namespace

void add_monitor_pages(PageRoutes& pages) {
  pages.get("/admin/monitors", Role::kViewer, list_monitors);
  pages.get("/admin/monitors/{name}", Role::kViewer, show_monitor);
  pages.post("/admin/monitors/{name}/pause", Role::kResponder,
             [](Context& ctx) { return set_paused(ctx, true); });
  pages.post("/admin/monitors/{name}/resume", Role::kResponder,
             [](Context& ctx) { return set_paused(ctx, false); });
  pages.post("/admin/monitors/{name}/run", Role::kResponder, run_now);
}

}  // namespace pharos::admin
