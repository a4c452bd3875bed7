// The Reports pages: /admin/reports (a window's figures per component, group, monitor, vendor and
// SLO, with charts of uptime per day, incidents per week, the MTTR trend and error-budget
// burn-down) and /admin/reports/monthly (one calendar month, laid out to print or save as PDF).
// Every figure comes from the report service (reports/report_service.h); these pages only lay
// them out.
#include "admin/pages.h"
#include "admin/report_charts.h"
#include "admin/view.h"
#include "core/duration.h"
#include "reports/report_format.h"
#include "reports/report_service.h"

namespace pharos::admin {
namespace {

using reports::Report;
using reports::ReportService;

std::string pct(const std::optional<double>& ratio) {
  return ratio ? format_uptime_percent(*ratio, 3) : "<span class=\"muted\">no data</span>";
}

std::string dur_ms(double ms) { return reports::duration_text(ms); }

std::string mean(const std::optional<Seconds>& s) {
  return s ? reports::mean_text(*s) : "<span class=\"muted\">–</span>";
}

web::Response reports_off(Context& ctx) {
  return message_page(ctx, 503, "Reports unavailable", "Reports are not available here.");
}

std::string window_form(const Context& ctx, const Report& r) {
  std::string chosen = ctx.request.query_param("window");
  std::string out =
      "<form method=\"get\" action=\"/admin/reports\" class=\"report-window no-print\">"
      "<label>Window <select name=\"window\"><option value=\"\">custom (from/to)</option>";
  for (const char* w : {"24h", "7d", "30d", "90d", "365d", "this_month", "last_month"}) {
    bool selected = chosen == w || (chosen.empty() && ctx.request.query_param("from").empty() &&
                                    std::string_view(w) == "30d");
    out += std::string("<option") + (selected ? " selected" : "") + ">" + w + "</option>";
  }
  out += "</select></label> <label>From <input type=\"date\" name=\"from\" value=\"" +
         esc(ctx.request.query_param("from")) +
         "\"></label> <label>To <input type=\"date\" "
         "name=\"to\" value=\"" +
         esc(ctx.request.query_param("to")) +
         "\"></label> <label>"
         "<input type=\"checkbox\" name=\"include_maintenance\" value=\"true\"" +
         (r.include_maintenance ? " checked" : "") +
         "> count maintenance as downtime</label> <button type=\"submit\">Show</button></form>";
  return out;
}

std::string figures_row(const std::string& name, const reports::Availability& a,
                        const reports::IncidentFigures& f, bool with_no_data = true) {
  return "<tr><td>" + esc(name) + "</td><td class=\"num\">" + pct(a.uptime) +
         "</td><td class=\"num\">" + dur_ms(a.downtime_ms) + "</td>" +
         (with_no_data
              ? "<td class=\"num\">" + dur_ms(static_cast<double>(a.time.no_data.count())) + "</td>"
              : std::string()) +
         "<td class=\"num\">" + std::to_string(f.count) + "</td><td class=\"num\">" + mean(f.mttd) +
         "</td><td class=\"num\">" + mean(f.mtta) + "</td><td class=\"num\">" + mean(f.mttr) +
         "</td><td class=\"num\">" + mean(f.longest) + "</td></tr>";
}

// The figures_row table whose first column names `what`.
std::string figures_table(std::string_view what, const std::string& rows) {
  return table_html(
      "report",
      {what, "Uptime", "Downtime", "No data", "Incidents", "MTTD", "MTTA", "MTTR", "Longest"},
      rows);
}

std::string components_table(const Report& r) {
  std::string rows;
  for (const auto& c : r.components) rows += figures_row(c.name, c.availability, c.incidents);
  std::string out = "<h2>Components</h2>" + figures_table("Component", rows);
  if (r.groups.empty()) return out;
  rows.clear();
  for (const auto& g : r.groups) rows += figures_row(g.name, g.availability, g.incidents);
  return out + "<h2>Groups</h2><p class=\"muted\">A group is its average component.</p>" +
         figures_table("Group", rows);
}

std::string monitors_table(const Report& r) {
  if (r.monitors.empty()) return "";
  std::string rows;
  for (const auto& m : r.monitors) {
    rows += "<tr><td><a href=\"/admin/monitors/" + esc(m.name) + "\">" + esc(m.name) +
            "</a></td><td>" + esc(m.component) + "</td><td class=\"num\">" + pct(m.figures.uptime) +
            "</td><td class=\"num\">" + dur_ms(m.figures.downtime_ms) + "</td><td class=\"num\">" +
            dur_ms(static_cast<double>(m.figures.no_data.count())) + "</td><td class=\"num\">" +
            std::to_string(m.figures.checks) + "</td><td class=\"num\">" +
            std::to_string(m.figures.failures) + "</td></tr>";
  }
  return "<h2>Monitors</h2><p class=\"muted\">From the checks themselves, before fall and rise "
         "thresholds.</p>" +
         table_html("report",
                    {"Monitor", "Component", "Uptime", "Downtime", "No data", "Checks", "Failed"},
                    rows);
}

std::string vendors_table(const Report& r) {
  if (r.vendors.empty()) return "";
  std::string rows;
  for (const auto& v : r.vendors) {
    rows += "<tr><td>" + esc(v.name) + "</td><td class=\"num\">" +
            std::to_string(v.incidents.count) + "</td><td class=\"num\">" +
            dur_ms(static_cast<double>(v.incident_time.count())) + "</td><td class=\"num\">" +
            mean(v.incidents.mttd) + "</td><td class=\"num\">" + mean(v.incidents.mttr) +
            "</td></tr>";
  }
  return "<h2>Vendors</h2>" + table_html("report",
                                         {"Vendor", "Incidents", "Time with an open incident",
                                          "MTTD (their start → Pharos saw it)", "MTTR"},
                                         rows);
}

std::string burn_text(const reports::SloStatus& s, std::size_t k) {
  if (k >= s.burn.size() || !s.burn[k].rate) return "–";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", *s.burn[k].rate);
  return buf;
}

std::string slo_rows(const std::vector<reports::SloStatus>& slos) {
  std::string out;
  for (const auto& s : slos) {
    char left[32];
    std::snprintf(left, sizeof left, "%.1f%%", s.remaining * 100.0);
    out += "<tr><td>" + esc(s.name) + "</td><td class=\"num\">" +
           format_uptime_percent(s.spec.objective, 3) + " / " +
           esc(format_duration_config(s.spec.window)) + "</td><td class=\"num\">" + pct(s.uptime) +
           "</td><td class=\"num\">" + dur_ms(s.spent_ms) + " of " + dur_ms(s.budget_ms) +
           "</td><td class=\"num\">" + left + "</td><td class=\"num\">" + burn_text(s, 2) + " / " +
           burn_text(s, 3) + " / " + burn_text(s, 4) + "</td><td class=\"alert-" +
           std::string(to_string(s.alert)) + "\">" + std::string(to_string(s.alert)) +
           (s.reason.empty() ? "" : ": " + esc(s.reason)) + "</td></tr>";
  }
  return out;
}

std::string slo_table(const std::vector<reports::SloStatus>& slos) {
  if (slos.empty()) return "";
  return "<h2>SLOs and error budgets</h2><p class=\"muted\">Each over its own window, ending "
         "now.</p>" +
         table_html("report",
                    {"SLO of", "Target / window", "Uptime", "Budget spent", "Left",
                     "Burn 1h / 6h / 3d", "Alert"},
                    slo_rows(slos));
}

web::Response show_reports(Context& ctx) {
  const Services& s = ctx.services;
  if (!s.reports) return reports_off(ctx);
  const web::Request& q = ctx.request;
  auto window =
      s.reports->window(q.query_param("window"), q.query_param("from"), q.query_param("to"));
  if (!window) {
    return message_page(ctx, 400, "Bad window", window.error().describe());
  }
  auto report = s.reports->report({*window, {}, q.query_param("include_maintenance") == "true"});
  if (!report) return message_page(ctx, 500, "Report failed", report.error().describe());
  auto slos = s.reports->slos();
  std::string body = "<h1>Reports</h1>" + window_form(ctx, *report);
  body += "<p>" + esc(window->label) + ": " + time_html(s, report->window.from) + " to " +
          time_html(s, report->window.to) + " · maintenance " +
          (report->include_maintenance ? "counted as downtime" : "left out") +
          " · <a href=\"/admin/reports/monthly\">printable monthly report</a> · definitions in "
          "docs/reports.md</p>";
  body += components_table(*report);
  body += report_charts(s, *s.reports, *report, slos ? *slos : std::vector<reports::SloStatus>{});
  body += slo_table(slos ? *slos : std::vector<reports::SloStatus>{});
  body += monitors_table(*report) + vendors_table(*report);
  return page_response(ctx, "Reports", "reports", body);
}

// "2026-10" → the month's first instant in the page zone; empty: last month.
Result<reports::ReportWindow> month_window(const ReportService& service, const std::string& month) {
  Instant now = service.now();
  if (month.empty()) return service.window("last_month");
  auto first = service.window(month + "-01", "");
  if (!first) return Error::invalid("expected a month as YYYY-MM", "month");
  Instant end = start_of_month(first->from, service.zone(), 1);
  return reports::ReportWindow{month, first->from, std::min(end, now)};
}

std::string incidents_list(const Services& s, const std::vector<Incident>& incidents) {
  if (incidents.empty()) return "<p>No incidents.</p>";
  std::string rows;
  for (const auto& i : incidents) {
    auto length = i.duration();
    rows += "<tr><td><a href=\"/admin/incidents/" + esc(i.id) + "\">" + esc(i.name) +
            "</a></td><td>" + impact_html(i.impact) + "</td><td>" + time_html(s, i.started_at) +
            "</td><td>" + (i.resolved_at ? time_html(s, *i.resolved_at) : "ongoing") +
            "</td><td class=\"num\">" + (length ? format_duration_short(*length) : "–") +
            "</td></tr>";
  }
  return table_html("report", {"Incident", "Impact", "Started", "Resolved", "Duration"}, rows);
}

web::Response show_monthly(Context& ctx) {
  const Services& s = ctx.services;
  if (!s.reports) return reports_off(ctx);
  auto window = month_window(*s.reports, ctx.request.query_param("month"));
  if (!window) return message_page(ctx, 400, "Bad month", window.error().describe());
  auto report = s.reports->report({*window, {}, false});
  if (!report) return message_page(ctx, 500, "Report failed", report.error().describe());
  auto incidents = s.reports->incidents(report->window.range());
  auto slos = s.reports->slos();
  std::string month = format_in_zone(window->from, s.zone, "%B %Y");
  std::string body = "<article class=\"monthly\"><h1>" + esc(s.page_name) +
                     ": reliability report, " + esc(month) + "</h1>";
  body += "<p class=\"muted\">" + time_html(s, report->window.from) + " to " +
          time_html(s, report->window.to) + " (" + esc(s.zone.name()) +
          "). Maintenance left out; time without monitoring data reported as such, never as up. "
          "Generated " +
          time_html(s, report->generated_at) + ".</p>";
  body += "<p class=\"no-print\"><a href=\"/admin/reports/monthly?month=" +
          esc(format_in_zone(start_of_month(window->from, s.zone, -1), s.zone, "%Y-%m")) +
          "\">← previous month</a> · print this page (or save it as PDF) from the browser.</p>";
  body += components_table(*report);
  body += slo_table(slos ? *slos : std::vector<reports::SloStatus>{});
  body += "<h2>Incidents</h2>" +
          (incidents ? incidents_list(s, *incidents)
                     : "<p class=\"field-error\">" + esc(incidents.error().message) + "</p>");
  body += vendors_table(*report) + "</article>";
  return page_response(ctx, "Reliability report " + month, "reports", body);
}

}  // namespace

void add_report_pages(PageRoutes& pages) {
  pages.get("/admin/reports", Role::kViewer, show_reports);
  pages.get("/admin/reports/monthly", Role::kViewer, show_monthly);
}

}  // namespace pharos::admin
