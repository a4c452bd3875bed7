// The report service's series: figures per day and per week (calendars and charts), SLO
// statuses and budget burn-down.
#include <algorithm>
#include <map>

#include "reports/history.h"
#include "reports/report_service.h"

namespace pharos::reports {
namespace {

// Monday 00:00 (page zone) of the week containing `at`.
Instant week_start(Instant at, const TimeZone& zone) {
  auto local = date::local_time<Millis>{at.time_since_epoch() + zone.offset_at(at)};
  date::weekday day{date::floor<date::days>(local)};
  int since_monday = static_cast<int>((day.c_encoding() + 6) % 7);
  return start_of_day(at, zone, -since_monday);
}

// The components an SLO is measured over: the component, or the group's components.
std::vector<std::string> slo_members(const SloSpec& spec, const History& h) {
  if (!spec.group) return {spec.target_id};
  std::vector<std::string> out;
  for (const auto& c : h.components) {
    if (c.group_id == spec.target_id) out.push_back(c.id);
  }
  return out;
}

Availability measure(const History& h, const std::vector<std::string>& members, TimeRange w) {
  std::vector<Availability> parts;
  for (const auto& id : members) parts.push_back(availability(h.status_time(id, w), {}));
  return parts.size() == 1 ? parts.front() : group_availability(parts);
}

std::string target_name(const SloSpec& spec, const History& h) {
  if (spec.group) {
    for (const auto& g : h.groups) {
      if (g.id == spec.target_id) return g.name;
    }
  }
  for (const auto& c : h.components) {
    if (c.id == spec.target_id) return c.name;
  }
  return spec.target_id;
}

Millis longest_slo_window(const std::vector<SloSpec>& slos) {
  Millis longest = burn_windows().back();
  for (const auto& s : slos) longest = std::max(longest, s.window);
  return longest;
}

}  // namespace

Result<std::vector<ComponentDays>> ReportService::daily(
    Instant from, Instant to, const std::vector<std::string>& components) const {
  auto h = load({from, to}, components);
  if (!h) return h.error();
  // The days are the same for every component: their bounds are worked out in the zone once
  // (a year of 1,000 components asked the zone 730,000 times).
  std::vector<TimeRange> ranges;
  for (Instant day = from; day < h->range.until;) {
    Instant next = start_of_day(day, zone_, 1);
    ranges.push_back({day, std::min(next, h->range.until)});
    day = next;
  }
  std::vector<ComponentDays> out;
  out.reserve(h->components.size());
  for (const auto& c : h->components) {
    ComponentDays days{c.id, c.name, c.group_id, {}};
    days.days.reserve(ranges.size());
    const std::vector<std::string> ids{c.id};
    for (const TimeRange& range : ranges) {
      DayFigures f{range.from, h->status_time(c.id, range), {}};
      for (const Incident* i : h->incidents_of(ids, range)) f.incident_names.push_back(i->name);
      days.days.push_back(std::move(f));
    }
    out.push_back(std::move(days));
  }
  return out;
}

Result<std::vector<WeekFigures>> ReportService::weekly(Instant from, Instant to) const {
  auto h = load({from, to}, {});
  if (!h) return h.error();
  std::map<Instant, std::vector<Millis>> repaired;
  std::vector<WeekFigures> out;
  for (Instant week = week_start(from, zone_); week < h->range.until;
       week = start_of_day(week, zone_, 7)) {
    out.push_back({week, 0, std::nullopt});
  }
  auto bucket = [&](Instant at) -> WeekFigures* {
    Instant week = week_start(at, zone_);
    auto it =
        std::find_if(out.begin(), out.end(), [&](const WeekFigures& w) { return w.start == week; });
    return it == out.end() ? nullptr : &*it;
  };
  for (const auto& i : h->incidents) {
    if (i.source == IncidentSource::kVendor) continue;
    if (i.started_at >= from && i.started_at < h->range.until) {
      if (WeekFigures* w = bucket(i.started_at)) ++w->started;
    }
    if (i.resolved_at && *i.resolved_at >= from && *i.resolved_at < h->range.until) {
      if (WeekFigures* w = bucket(*i.resolved_at))
        repaired[w->start].push_back(*i.resolved_at - i.started_at);
    }
  }
  for (auto& w : out) {
    const auto& times = repaired[w.start];
    if (times.empty()) continue;
    Millis total{0};
    for (Millis t : times) total += t;
    w.mttr = std::chrono::round<Seconds>(total / static_cast<std::int64_t>(times.size()));
  }
  return out;
}

Result<std::vector<SloStatus>> ReportService::slos() const {
  std::vector<SloStatus> out;
  const auto catalog = this->catalog();
  if (catalog->slos.empty()) return out;
  // Only the components the SLOs are about are read (this runs every minute under serve).
  auto components = store_.list_components();
  if (!components) return components.error();
  std::vector<std::string> needed;
  for (const auto& c : *components) {
    bool wanted = std::any_of(catalog->slos.begin(), catalog->slos.end(), [&](const SloSpec& s) {
      return s.group ? c.group_id == s.target_id : c.id == s.target_id;
    });
    if (wanted) needed.push_back(c.id);
  }
  if (needed.empty()) return out;
  Instant now = clock_.now();
  auto h = load({now - longest_slo_window(catalog->slos), now}, needed);
  if (!h) return h.error();
  for (const auto& spec : catalog->slos) {
    auto members = slo_members(spec, *h);
    Availability window = measure(*h, members, {now - spec.window, now});
    std::vector<Availability> burn;
    for (Millis w : burn_windows()) burn.push_back(measure(*h, members, {now - w, now}));
    out.push_back(slo_status(spec, target_name(spec, *h), window, burn));
  }
  return out;
}

Result<std::vector<std::pair<Instant, double>>> ReportService::burn_down(
    const SloSpec& spec) const {
  Instant now = clock_.now();
  Instant from = now - spec.window;
  auto h = load({from, now}, {});
  if (!h) return h.error();
  auto members = slo_members(spec, *h);
  std::vector<Instant> ends;
  std::vector<double> spent;
  for (Instant start = from; start < now;) {
    Instant end = std::min(start_of_day(start, zone_, 1), now);
    spent.push_back(measure(*h, members, {start, end}).downtime_ms);
    ends.push_back(end);
    start = end;
  }
  auto remaining = reports::burn_down(spec, spent);
  std::vector<std::pair<Instant, double>> out;
  for (std::size_t k = 0; k < ends.size(); ++k) out.emplace_back(ends[k], remaining[k]);
  return out;
}

}  // namespace pharos::reports
