#include "site/site_data.h"

#include <algorithm>

#include <date/date.h>

#include "domain/rollup.h"
#include "statuspage/json.h"

namespace pharos::site {
namespace {

// Midnight (page zone) of the local day `days_back` days before the one containing `now`.
Instant local_midnight(const TimeZone& zone, Instant now, int days_back) {
  auto local = date::local_time<Millis>{now.time_since_epoch() + zone.offset_at(now)};
  auto day = date::floor<date::days>(local) - date::days(days_back);
  return from_local(date::local_time<Millis>{day.time_since_epoch()}, zone);
}

// This page's own incidents: vendor incidents (source vendor, written by the vendor poller) are
// a third party's and are shown on the /vendors pages only. Newest first, as the store lists.
Result<std::vector<Incident>> list_kind(Store& store, IncidentKind kind) {
  std::vector<Incident> out;
  for (auto source :
       {IncidentSource::kManual, IncidentSource::kAutomatic, IncidentSource::kImported}) {
    IncidentQuery query;
    query.kind = kind;
    query.source = source;
    query.limit = kSiteIncidentLimit;
    auto some = store.list_incidents(query);
    if (!some) return some.error();
    for (auto& i : *some) out.push_back(std::move(i));
  }
  std::stable_sort(out.begin(), out.end(), [](const Incident& a, const Incident& b) {
    return a.started_at != b.started_at ? a.started_at > b.started_at : a.created_at > b.created_at;
  });
  if (out.size() > kSiteIncidentLimit) out.resize(kSiteIncidentLimit);
  return out;
}

}  // namespace

Instant uptime_window_start(const TimeZone& zone, Instant now) {
  return local_midnight(zone, now, kUptimeDays - 1);
}

std::vector<DayUptime> daily_uptime(const std::vector<StatusSpan>& spans, const TimeZone& zone,
                                    Instant now, Instant known_since) {
  std::vector<DayUptime> days;
  days.reserve(kUptimeDays);
  for (int back = kUptimeDays - 1; back >= 0; --back) {
    DayUptime day;
    day.day_start = local_midnight(zone, now, back);
    TimeRange range{day.day_start, back == 0 ? now : local_midnight(zone, now, back - 1)};
    TimeRanges known = TimeRanges::of(std::max(range.from, known_since), range.until);
    day.time = time_in_status(spans, known, {}, range);
    days.push_back(day);
  }
  return days;
}

Instant known_since(const Component& c, const std::vector<StatusSpan>& spans) {
  // spans[0] is the status in force when the window begins (the store's "operational" when
  // nothing was recorded before); a later span is a recorded change.
  return spans.size() > 1 ? std::min(c.created_at, spans[1].from) : c.created_at;
}

const Component* SiteData::find_component(const std::string& id) const {
  for (const auto& c : components) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

const ComponentGroup* SiteData::find_group(const std::string& id) const {
  for (const auto& g : groups) {
    if (g.id == id) return &g;
  }
  return nullptr;
}

std::vector<const Component*> SiteData::in_page_order() const {
  std::vector<const Component*> out;
  for (const auto& g : groups) {
    for (const auto* c : children(g.id)) out.push_back(c);
  }
  for (const auto* c : children("")) out.push_back(c);
  return out;
}

std::vector<const Component*> SiteData::children(const std::string& group_id) const {
  std::vector<const Component*> out;
  for (const auto& c : components) {
    if (c.group_id == group_id) out.push_back(&c);
  }
  std::stable_sort(out.begin(), out.end(), [](const Component* a, const Component* b) {
    return a->position < b->position;
  });
  return out;
}

ComponentStatus SiteData::group_status(const std::string& group_id) const {
  std::vector<ComponentStatus> statuses;
  for (const auto* c : children(group_id)) statuses.push_back(c->status);
  return rollup_status(statuses);
}

std::string SiteData::qualified_name(const std::string& component_id) const {
  return statuspage::qualified_component_name(components, groups, component_id);
}

Instant SiteData::updated_at() const {
  Instant latest{};
  for (const auto& c : components) latest = std::max(latest, c.updated_at);
  for (const auto& i : incidents) latest = std::max(latest, i.updated_at);
  for (const auto& m : maintenances) latest = std::max(latest, m.updated_at);
  return latest == Instant{} ? now : latest;
}

Result<SiteData> load_site_data(Store& store, const Page& page, const TimeZone& zone, Instant now) {
  SiteData data;
  data.page = page;
  data.assets = brand_assets(page.brand);
  data.zone = zone;
  data.now = now;
  auto groups = store.list_groups();
  if (!groups) return groups.error();
  data.groups = std::move(*groups);
  auto components = store.list_components();
  if (!components) return components.error();
  data.components = std::move(*components);
  auto incidents = list_kind(store, IncidentKind::kIncident);
  if (!incidents) return incidents.error();
  data.incidents = std::move(*incidents);
  for (const auto& incident : data.incidents) {
    for (const auto& cause : incident.probable_causes) {
      if (data.probable_causes.count(cause.incident_id)) continue;
      auto found = store.find_incident(cause.incident_id);
      if (!found) return found.error();
      if (*found) data.probable_causes.emplace(cause.incident_id, std::move(**found));
    }
  }
  auto maintenances = list_kind(store, IncidentKind::kMaintenance);
  if (!maintenances) return maintenances.error();
  data.maintenances = std::move(*maintenances);
  Instant window = uptime_window_start(zone, now);
  for (const auto& c : data.components) {
    auto spans = store.component_history(c.id, window, now);
    if (!spans) return spans.error();
    data.uptime[c.id] = daily_uptime(*spans, zone, now, known_since(c, *spans));
  }
  return data;
}

}  // namespace pharos::site
