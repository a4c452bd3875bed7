// Reading a stretch of history for the reports: one query per component for its status spans,
// one for all monitors' coverage, incidents and maintenances page by page.
#include "reports/history.h"

#include <algorithm>
#include <set>

namespace pharos::reports {
namespace {

constexpr std::size_t kIncidentPage = 1000;

}  // namespace

Result<std::vector<Incident>> incidents_in(Store& store, IncidentKind kind, TimeRange range) {
  std::vector<Incident> out;
  IncidentQuery query;
  query.kind = kind;
  if (kind == IncidentKind::kIncident) query.started_before = range.until;
  query.active_after = range.from;
  query.limit = kIncidentPage;
  while (true) {
    auto page = store.list_incidents(query);
    if (!page) return page.error();
    for (auto& i : *page) out.push_back(std::move(i));
    if (page->size() < kIncidentPage) break;
    query.offset += kIncidentPage;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

namespace {

Result<std::vector<Component>> chosen_components(Store& store,
                                                 const std::vector<std::string>& only) {
  auto all = store.list_components();
  if (!all) return all.error();
  if (only.empty()) return std::move(*all);
  std::vector<Component> out;
  for (const auto& c : *all) {
    if (std::find(only.begin(), only.end(), c.id) != only.end()) out.push_back(c);
  }
  for (const auto& id : only) {
    auto found =
        std::find_if(out.begin(), out.end(), [&](const Component& c) { return c.id == id; });
    if (found == out.end()) return Error::invalid("no component '" + id + "'", "component");
  }
  return out;
}

Result<void> read_coverage(ResultsStore& results, History& h) {
  auto spans = results.coverage(h.range.from, h.range.until);
  if (!spans) return spans.error();
  for (const auto& span : *spans) h.coverage[span.monitor].add({span.from, span.until});
  return Ok();
}

// Since when the page knows the component: it was created, or a status was recorded for it
// before that (a backfilled or imported history, the demo's).
Result<Instant> known_since(Store& store, const Component& c, TimeRange range) {
  if (c.created_at <= range.from) return c.created_at;
  // From the epoch, the first span is the store's "operational before anything was recorded";
  // a second one is the first recorded change.
  auto spans = store.component_history(c.id, Instant{}, c.created_at);
  if (!spans) return spans.error();
  return spans->size() > 1 ? std::min(c.created_at, (*spans)[1].from) : c.created_at;
}

// Observed time: since the page knows the component, and, when it has monitors, while one of
// them was being checked or while a status other than operational was recorded (an incident or
// a person said it was down: that is evidence, even where no monitor ran). Unmonitored
// operational time is never counted as up.
TimeRanges observed_time(const History& h, const Component& c, Instant since,
                         const ReportCatalog& catalog) {
  TimeRanges exists = TimeRanges::of(std::max(since, h.range.from), h.range.until);
  bool monitored = false;
  TimeRanges covered;
  for (const auto& m : catalog.monitors) {
    if (m.component != c.id) continue;
    monitored = true;
    if (auto it = h.coverage.find(m.name); it != h.coverage.end()) {
      covered = covered.unite(it->second);
    }
  }
  if (!monitored) return exists;
  if (auto it = h.spans.find(c.id); it != h.spans.end()) {
    for (const auto& s : it->second) {
      if (s.status == ComponentStatus::kOperational) continue;
      covered.add({s.from, s.until.value_or(h.range.until)});
    }
  }
  return covered.intersect(exists);
}

Result<void> read_maintenance(Store& store, History& h) {
  auto maintenances = incidents_in(store, IncidentKind::kMaintenance, h.range);
  if (!maintenances) return maintenances.error();
  for (const auto& m : *maintenances) {
    TimeRange active = maintenance_range(m, h.now);
    if (active.empty()) continue;
    for (const auto& id : m.component_ids) h.maintenance[id].add(active);
  }
  for (const auto& [id, spans] : h.spans) {
    for (const auto& s : spans) {
      if (s.status == ComponentStatus::kUnderMaintenance) {
        h.maintenance[id].add({s.from, s.until.value_or(h.range.until)});
      }
    }
  }
  return Ok();
}

}  // namespace

StatusTime History::status_time(const std::string& component, TimeRange window) const {
  static const std::vector<StatusSpan> kNoSpans;
  static const TimeRanges kNothing;
  auto spans_it = spans.find(component);
  auto observed_it = observed.find(component);
  auto maintenance_it = maintenance.find(component);
  return time_in_status(spans_it == spans.end() ? kNoSpans : spans_it->second,
                        observed_it == observed.end() ? kNothing : observed_it->second,
                        maintenance_it == maintenance.end() ? kNothing : maintenance_it->second,
                        window);
}

std::vector<const Incident*> History::incidents_of(const std::vector<std::string>& ids,
                                                   TimeRange window) const {
  std::set<const Incident*> seen;
  for (const auto& id : ids) {
    auto it = touching.find(id);
    if (it == touching.end()) continue;
    for (const Incident* i : it->second) {
      if (overlaps(*i, window)) seen.insert(i);
    }
  }
  std::vector<const Incident*> out(seen.begin(), seen.end());
  std::sort(out.begin(), out.end(), [](const Incident* a, const Incident* b) {
    return a->started_at != b->started_at ? a->started_at < b->started_at : a->id < b->id;
  });
  return out;
}

Result<History> load_history(Store& store, ResultsStore& results, const ReportCatalog& catalog,
                             TimeRange range, const std::vector<std::string>& only, Instant now) {
  History h;
  h.now = now;
  h.range = {range.from, std::min(range.until, now)};
  auto groups = store.list_groups();
  if (!groups) return groups.error();
  h.groups = std::move(*groups);
  auto components = chosen_components(store, only);
  if (!components) return components.error();
  h.components = std::move(*components);
  if (h.range.empty()) return h;
  PHAROS_TRY(read_coverage(results, h));
  for (const auto& c : h.components) {
    auto spans = store.component_history(c.id, h.range.from, h.range.until);
    if (!spans) return spans.error();
    h.spans[c.id] = std::move(*spans);
    auto since = known_since(store, c, h.range);
    if (!since) return since.error();
    h.observed[c.id] = observed_time(h, c, *since, catalog);
  }
  PHAROS_TRY(read_maintenance(store, h));
  auto incidents = incidents_in(store, IncidentKind::kIncident, h.range);
  if (!incidents) return incidents.error();
  h.incidents = std::move(*incidents);
  for (const auto& i : h.incidents) {
    if (i.source == IncidentSource::kVendor || !overlaps(i, h.range)) continue;
    for (const auto& id : i.component_ids) h.touching[id].push_back(&i);
  }
  return h;
}

}  // namespace pharos::reports
