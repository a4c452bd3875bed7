// The report as aligned text for people (pharos report --format table).
#include <algorithm>
#include <cmath>

#include "core/duration.h"
#include "reports/report_format.h"

namespace pharos::reports {
namespace {

std::string uptime_text(const std::optional<double>& ratio) {
  return ratio ? format_uptime_percent(*ratio, 3) : "no data";
}

// A mean time, "-" when there was nothing to average.
std::string mean_or_dash(const std::optional<Seconds>& s) { return s ? mean_text(*s) : "-"; }

}  // namespace

std::string duration_text(double ms) {
  auto s = std::llround(ms / 1000.0);
  return s == 0 ? "0s" : format_duration_short(Seconds(s));
}

std::string mean_text(Seconds mean) {
  return mean.count() == 0 ? "0s" : format_duration_short(mean);
}

namespace {

// Rows of cells, printed with each column as wide as its widest cell.
class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string text() const {
    std::vector<std::size_t> width(rows_.front().size(), 0);
    for (const auto& row : rows_) {
      for (std::size_t k = 0; k < row.size() && k < width.size(); ++k) {
        width[k] = std::max(width[k], row[k].size());
      }
    }
    std::string out;
    for (const auto& row : rows_) {
      std::string line;
      for (std::size_t k = 0; k < row.size(); ++k) {
        line += row[k];
        if (k + 1 < row.size()) line += std::string(width[k] - row[k].size() + 2, ' ');
      }
      out += line + "\n";
    }
    return out;
  }

 private:
  std::vector<std::vector<std::string>> rows_;
};

std::vector<std::string> figures_row(std::string name, const Availability& a,
                                     const IncidentFigures& f) {
  return {std::move(name),
          uptime_text(a.uptime),
          duration_text(a.downtime_ms),
          duration_text(static_cast<double>(a.time.no_data.count())),
          std::to_string(f.count),
          mean_or_dash(f.mttd),
          mean_or_dash(f.mtta),
          mean_or_dash(f.mttr)};
}

std::string slo_lines(const Report& r) {
  Table t({"SLO", "TARGET", "WINDOW", "UPTIME", "BUDGET LEFT", "BURN 1H", "BURN 6H", "BURN 3D",
           "ALERT"});
  bool any = false;
  auto add = [&](const std::string& id, const std::optional<SloStatus>& s) {
    if (!s) return;
    any = true;
    auto burn = [&](std::size_t k) {
      if (k >= s->burn.size() || !s->burn[k].rate) return std::string("-");
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2f", *s->burn[k].rate);
      return std::string(buf);
    };
    char left[32];
    std::snprintf(left, sizeof left, "%.1f%%", s->remaining * 100.0);
    t.add({id, format_uptime_percent(s->spec.objective, 3), format_duration_config(s->spec.window),
           uptime_text(s->uptime), left, burn(2), burn(3), burn(4),
           std::string(to_string(s->alert))});
  };
  for (const auto& c : r.components) add(c.id, c.slo);
  for (const auto& g : r.groups) add(g.id, g.slo);
  return any ? "\n" + t.text() : "";
}

}  // namespace

std::string report_table(const Report& r, const TimeZone& zone) {
  std::string out = "Report " + r.window.label + ": " +
                    format_in_zone(r.window.from, zone, "%Y-%m-%d %H:%M") + " to " +
                    format_in_zone(r.window.to, zone, "%Y-%m-%d %H:%M %Z") + ", maintenance " +
                    (r.include_maintenance ? "counted as downtime" : "excluded") + "\n\n";
  Table components(
      {"COMPONENT", "UPTIME", "DOWNTIME", "NO DATA", "INCIDENTS", "MTTD", "MTTA", "MTTR"});
  for (const auto& c : r.components) components.add(figures_row(c.id, c.availability, c.incidents));
  out += components.text();
  if (!r.groups.empty()) {
    Table groups({"GROUP", "UPTIME", "DOWNTIME", "NO DATA", "INCIDENTS", "MTTD", "MTTA", "MTTR"});
    for (const auto& g : r.groups) groups.add(figures_row(g.id, g.availability, g.incidents));
    out += "\n" + groups.text();
  }
  if (!r.monitors.empty()) {
    Table monitors({"MONITOR", "COMPONENT", "UPTIME", "DOWNTIME", "NO DATA", "CHECKS", "FAILED"});
    for (const auto& m : r.monitors) {
      monitors.add({m.name, m.component, uptime_text(m.figures.uptime),
                    duration_text(m.figures.downtime_ms),
                    duration_text(static_cast<double>(m.figures.no_data.count())),
                    std::to_string(m.figures.checks), std::to_string(m.figures.failures)});
    }
    out += "\n" + monitors.text();
  }
  if (!r.vendors.empty()) {
    Table vendors({"VENDOR", "INCIDENTS", "INCIDENT TIME", "MTTD", "MTTR"});
    for (const auto& v : r.vendors) {
      vendors.add({v.slug, std::to_string(v.incidents.count),
                   duration_text(static_cast<double>(v.incident_time.count())),
                   mean_or_dash(v.incidents.mttd), mean_or_dash(v.incidents.mttr)});
    }
    out += "\n" + vendors.text();
  }
  return out + slo_lines(r);
}

}  // namespace pharos::reports
