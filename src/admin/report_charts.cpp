#include "admin/report_charts.h"

#include <algorithm>
#include <cmath>

#include "admin/admin_page.h"
#include "admin/svg_chart.h"
#include "core/duration.h"

namespace pharos::admin {
namespace {

using reports::Availability;

std::string failed(const Error& e) {
  return "<p class=\"field-error\">" + esc(e.describe()) + "</p>";
}

std::string day_label(const Services& s, Instant at) { return format_in_zone(at, s.zone, "%b %d"); }

std::string uptime_per_day(const Services& s, const reports::ReportService& service,
                           const reports::Report& report) {
  auto days = service.daily(report.window.from, report.window.to);
  if (!days) return failed(days.error());
  std::vector<SeriesPoint> points;
  double lowest = 100;
  std::size_t n = days->empty() ? 0 : days->front().days.size();
  for (std::size_t k = 0; k < n; ++k) {
    std::vector<Availability> parts;
    for (const auto& c : *days) {
      parts.push_back(reports::availability(c.days[k].time, {report.include_maintenance}));
    }
    Availability page = reports::group_availability(parts);
    Instant from = (*days)[0].days[k].start;
    Instant to = k + 1 < n ? (*days)[0].days[k + 1].start : report.window.to;
    SeriesPoint p{from, to, std::nullopt, day_label(s, from) + ": no data"};
    if (page.uptime) {
      p.value = *page.uptime * 100.0;
      lowest = std::min(lowest, *p.value);
      p.tooltip = day_label(s, from) + ": " + format_uptime_percent(*page.uptime, 3) +
                  " (average component)";
    }
    points.push_back(std::move(p));
  }
  SeriesFrame frame{"uptime-per-day",
                    "Uptime per day, average component",
                    "Uptime of the average component per day, " + report.window.label,
                    {},
                    0,
                    100,
                    "%",
                    {}};
  frame.y_min = std::min(99.0, std::floor(lowest));
  return "<h2>Uptime per day</h2>" + series_chart_svg(points, frame, s.zone);
}

std::string weekly_charts(const Services& s, const reports::ReportService& service,
                          const reports::Report& report) {
  auto weeks = service.weekly(report.window.from, report.window.to);
  if (!weeks) return failed(weeks.error());
  std::vector<SeriesPoint> started, repaired;
  for (std::size_t k = 0; k < weeks->size(); ++k) {
    const auto& w = (*weeks)[k];
    Instant to =
        k + 1 < weeks->size() ? (*weeks)[k + 1].start : std::max(report.window.to, w.start);
    std::string week = "Week of " + day_label(s, w.start) + ": ";
    started.push_back({w.start, to, static_cast<double>(w.started),
                       week + std::to_string(w.started) + " incidents started"});
    SeriesPoint r{w.start, to, std::nullopt, week + "no incident resolved"};
    if (w.mttr) {
      r.value = static_cast<double>(w.mttr->count()) / 60.0;
      r.tooltip = week + "MTTR " + (w.mttr->count() ? format_duration_short(*w.mttr) : "0s");
    }
    repaired.push_back(std::move(r));
  }
  SeriesFrame count{"incidents-per-week", "Incidents started per week",
                    "Own incidents started each week, " + report.window.label};
  SeriesFrame mttr{
      "mttr-trend",
      "MTTR per week (minutes)",
      "Mean time to repair of the incidents resolved each week, in minutes, " + report.window.label,
      SeriesFrame::Kind::kLine,
      0,
      0,
      " min",
      {}};
  return "<h2>Incidents per week</h2>" + series_chart_svg(started, count, s.zone) +
         "<h2>MTTR trend</h2>" + series_chart_svg(repaired, mttr, s.zone);
}

std::string burn_down(const Services& s, const reports::ReportService& service,
                      const reports::SloStatus& slo) {
  auto points = service.burn_down(slo.spec);
  if (!points) return failed(points.error());
  std::vector<SeriesPoint> series;
  Instant from = service.now() - slo.spec.window;
  for (const auto& [end, left] : *points) {
    char text[64];
    std::snprintf(text, sizeof text, "%.1f%% of the budget left", left * 100.0);
    series.push_back({from, end, left * 100.0, day_label(s, end) + ": " + text});
    from = end;
  }
  std::string title = "Error budget of " + slo.name + " (" +
                      format_uptime_percent(slo.spec.objective, 3) + " over " +
                      format_duration_config(slo.spec.window) + ")";
  SeriesFrame frame{"burn-" + std::string(slo.spec.group ? "g-" : "c-") + slo.spec.target_id,
                    title,
                    "Budget left at the end of each day of the current window",
                    SeriesFrame::Kind::kLine,
                    0,
                    100,
                    "%",
                    0.0};
  double lowest = 0;
  for (const auto& p : series) lowest = std::min(lowest, p.value.value_or(0));
  frame.y_min = lowest < 0 ? std::floor(lowest / 50) * 50 : 0;
  return "<h3>" + esc(title) + "</h3>" + series_chart_svg(series, frame, s.zone);
}

}  // namespace

std::string report_charts(const Services& s, const reports::ReportService& service,
                          const reports::Report& report,
                          const std::vector<reports::SloStatus>& slos) {
  std::string out = "<section class=\"charts\">" + uptime_per_day(s, service, report) +
                    weekly_charts(s, service, report);
  if (!slos.empty()) out += "<h2>Error-budget burn-down</h2>";
  for (const auto& slo : slos) out += burn_down(s, service, slo);
  return out + "</section>";
}

}  // namespace pharos::admin
