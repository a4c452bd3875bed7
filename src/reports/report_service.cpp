#include "reports/report_service.h"

#include <algorithm>
#include <set>

#include "reports/history.h"

namespace pharos::reports {
namespace {

constexpr Millis kHour = std::chrono::hours(1);
constexpr Millis kDay = std::chrono::hours(24);

Instant floor_to(Instant at, Millis unit) { return Instant(at.time_since_epoch() / unit * unit); }
Instant ceil_to(Instant at, Millis unit) {
  Instant f = floor_to(at, unit);
  return f == at ? f : f + unit;
}

std::vector<std::string> ids_of(const std::vector<Component>& components) {
  std::vector<std::string> out;
  for (const auto& c : components) out.push_back(c.id);
  return out;
}

std::vector<GroupReport> group_reports(const History& h,
                                       const std::vector<ComponentReport>& components,
                                       TimeRange window) {
  std::vector<GroupReport> out;
  for (const auto& g : h.groups) {
    GroupReport r{g.id, g.name, {}, {}, {}, std::nullopt};
    std::vector<Availability> parts;
    for (const auto& c : components) {
      if (c.group_id != g.id) continue;
      r.components.push_back(c.id);
      parts.push_back(c.availability);
    }
    if (r.components.empty()) continue;
    r.availability = group_availability(parts);
    r.incidents = incident_figures(h.incidents_of(r.components, window), h.now);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<VendorReport> vendor_reports(const History& h, const ReportCatalog& catalog,
                                         TimeRange window) {
  std::vector<VendorReport> out;
  for (const auto& [slug, name] : catalog.vendors) out.push_back({slug, name, {}, Millis(0)});
  std::map<std::string, std::vector<const Incident*>> by_vendor;
  for (const auto& i : h.incidents) {
    if (i.source != IncidentSource::kVendor || !overlaps(i, window)) continue;
    by_vendor[i.vendor].push_back(&i);
  }
  for (const auto& entry : by_vendor) {
    const std::string& slug = entry.first;
    auto known = [&](const VendorReport& v) { return v.slug == slug; };
    if (std::none_of(out.begin(), out.end(), known)) out.push_back({slug, slug, {}, Millis(0)});
  }
  for (auto& v : out) {
    const auto& list = by_vendor[v.slug];
    v.incidents = incident_figures(list, h.now);
    TimeRanges open;
    for (const Incident* i : list) open.add({i->started_at, i->resolved_at.value_or(h.now)});
    v.incident_time = open.intersect(window).length();
  }
  return out;
}

}  // namespace

ReportService::ReportService(Store& store, ResultsStore& results, ReportCatalog catalog,
                             TimeZone zone, const Clock& clock)
    : store_(store),
      results_(results),
      catalog_(std::make_shared<const ReportCatalog>(std::move(catalog))),
      zone_(zone),
      clock_(clock) {}

Result<ReportWindow> ReportService::window(std::string_view name) const {
  return named_window(name, zone_, clock_.now());
}

Result<ReportWindow> ReportService::window(std::string_view from, std::string_view to) const {
  return explicit_window(from, to, zone_, clock_.now());
}

Result<ReportWindow> ReportService::window(std::string_view name, std::string_view from,
                                           std::string_view to) const {
  if (!name.empty() && !from.empty()) {
    return Error::invalid("give either a window or from/to, not both", "window");
  }
  if (!to.empty() && from.empty()) return Error::invalid("`to` needs `from`", "from");
  if (!from.empty()) return window(from, to);
  return window(name.empty() ? "30d" : name);
}

Result<std::vector<Incident>> ReportService::incidents(TimeRange range) const {
  auto all = incidents_in(store_, IncidentKind::kIncident, range);
  if (!all) return all.error();
  std::vector<Incident> out;
  for (auto& i : *all) {
    if (i.source != IncidentSource::kVendor && overlaps(i, range)) out.push_back(std::move(i));
  }
  return out;
}

Result<History> ReportService::load(TimeRange range, const std::vector<std::string>& only) const {
  return load_history(store_, results_, *catalog(), range, only, clock_.now());
}

Result<Report> ReportService::report(const ReportRequest& request) const {
  const auto catalog = this->catalog();
  auto h = load(request.window.range(), request.components);
  if (!h) return h.error();
  UptimeRule rule{request.include_maintenance};
  TimeRange window = h->range;
  Report out;
  out.window = request.window;
  out.window.to = window.until;
  out.time_zone = zone_.name();
  out.include_maintenance = request.include_maintenance;
  out.generated_at = h->now;
  for (const auto& c : h->components) {
    ComponentReport r{c.id, c.name, c.group_id, {}, {}, std::nullopt};
    r.availability = availability(h->status_time(c.id, window), rule);
    r.incidents = incident_figures(h->incidents_of({c.id}, window), h->now);
    out.components.push_back(std::move(r));
  }
  out.groups = group_reports(*h, out.components, window);
  auto monitors = monitor_reports(*h, window, rule);
  if (!monitors) return monitors.error();
  out.monitors = std::move(*monitors);
  out.vendors = vendor_reports(*h, *catalog, window);
  if (catalog->slos.empty()) return out;
  auto slos = this->slos();
  if (!slos) return slos.error();
  for (const auto& s : *slos) {
    for (auto& c : out.components) {
      if (!s.spec.group && c.id == s.spec.target_id) c.slo = s;
    }
    for (auto& g : out.groups) {
      if (s.spec.group && g.id == s.spec.target_id) g.slo = s;
    }
  }
  return out;
}

// Monitor figures read the day rollups for whole UTC days the monitor was checked throughout
// with no maintenance (there every hour weighs the same, so the day's share of failed checks is
// the hours' average), and the hour rollups for the other days and the cut days at the window's
// edges (an hour cut by the edge counts in proportion).
Result<std::vector<MonitorReport>> ReportService::monitor_reports(const History& h,
                                                                  TimeRange window,
                                                                  UptimeRule rule) const {
  std::vector<MonitorReport> out;
  const auto catalog = this->catalog();
  const std::vector<std::string> ids = ids_of(h.components);
  const std::set<std::string> reported(ids.begin(), ids.end());
  std::map<std::string, std::size_t> index;  // monitor → its place in `out`
  std::vector<std::string> names;
  for (const auto& m : catalog->monitors) {
    if (!reported.count(m.component)) continue;
    index.emplace(m.name, out.size());
    names.push_back(m.name);
    out.push_back({m.name, m.component, {}});
  }
  if (out.empty() || window.empty()) return out;
  static const TimeRanges kNothing;
  auto ranges = [](const std::map<std::string, TimeRanges>& map,
                   const std::string& key) -> const TimeRanges& {
    auto it = map.find(key);
    return it == map.end() ? kNothing : it->second;
  };
  Instant first_day = ceil_to(window.from, kDay),
          last_day = std::max(first_day, floor_to(window.until, kDay));
  std::vector<std::vector<RollupCount>> rows(out.size());  // by place in `out`
  std::vector<std::set<Instant>> whole_days(out.size());   // days read from the day rollup
  std::set<Instant> irregular;                             // days some monitor needs hours for
  if (first_day < last_day) {
    auto days = results_.rollup_counts(RollupPeriod::kDay, first_day, last_day, names);
    if (!days) return days.error();
    const std::string* monitor = nullptr;  // rows come monitor by monitor
    const TimeRanges* covered = &kNothing;
    const TimeRanges* maintenance = &kNothing;
    std::size_t at = 0;
    for (auto& row : *days) {
      if (!monitor || *monitor != row.monitor) {
        auto it = index.find(row.monitor);
        if (it == index.end()) continue;
        at = it->second;
        monitor = &out[at].name;
        covered = &ranges(h.coverage, out[at].name);
        maintenance = &ranges(h.maintenance, out[at].component);
      }
      TimeRange day{row.start, row.start + kDay};
      if (covered->overlap(day) == kDay && maintenance->overlap(day) == Millis(0)) {
        whole_days[at].insert(row.start);
        rows[at].push_back(std::move(row));
      } else {
        irregular.insert(row.start);
      }
    }
  }
  // The hours to read: the cut days at the window's edges, then the irregular days (adjacent
  // ones as one range). The rows keep that order: the downtime adds up in the same order.
  std::vector<TimeRange> hours{{floor_to(window.from, kHour), std::min(first_day, window.until)},
                               {last_day, window.until}};
  for (Instant day : irregular) {
    if (hours.size() > 2 && hours.back().until == day) {
      hours.back().until = day + kDay;
    } else {
      hours.push_back({day, day + kDay});
    }
  }
  for (const auto& range : hours) {
    if (range.empty()) continue;
    auto some = results_.rollup_counts(RollupPeriod::kHour, range.from, range.until, names);
    if (!some) return some.error();
    for (auto& row : *some) {
      auto it = index.find(row.monitor);
      if (it == index.end()) continue;
      if (whole_days[it->second].count(floor_to(row.start, kDay))) continue;
      rows[it->second].push_back(std::move(row));
    }
  }
  for (std::size_t k = 0; k < out.size(); ++k) {
    MonitorReport& r = out[k];
    r.figures = monitor_figures(rows[k], ranges(h.coverage, r.name),
                                ranges(h.maintenance, r.component), window, rule);
  }
  return out;
}

}  // namespace pharos::reports
