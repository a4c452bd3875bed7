#include "site/api_json.h"

#include <algorithm>

#include "domain/rollup.h"
#include "statuspage/json.h"

namespace pharos::site {
namespace {

namespace json = boost::json;

using statuspage::time_or_null;

json::value text_or_null(const std::string& text) {
  if (text.empty()) return nullptr;
  return json::value(text);
}

std::string iso(const SiteData& data, Instant at) { return format_iso_in_zone(at, data.zone); }

json::object component_object(const SiteData& data, const Component& c, int position) {
  json::object o;
  o["id"] = c.id;
  o["name"] = c.name;
  o["status"] = to_string(c.status);
  o["created_at"] = iso(data, c.created_at);
  o["updated_at"] = iso(data, c.updated_at);
  o["position"] = position;
  o["description"] = text_or_null(c.description);
  o["showcase"] = c.showcase;
  // Statuspage's field: the date the component began being tracked (here: added to Pharos), in
  // the page's zone. Uptime before it is "no data".
  o["start_date"] = format_date_in_zone(c.created_at, data.zone);
  o["group_id"] = text_or_null(c.group_id);
  o["page_id"] = data.page.id;
  o["group"] = false;
  o["only_show_if_degraded"] = c.only_show_if_degraded;
  return o;
}

json::object group_object(const SiteData& data, const ComponentGroup& g, int position) {
  auto children = data.children(g.id);
  Instant created = data.now, updated{};
  json::array ids;
  for (const auto* c : children) {
    created = std::min(created, c->created_at);
    updated = std::max(updated, c->updated_at);
    ids.emplace_back(c->id);
  }
  updated = std::max(updated, created);
  json::object o;
  o["id"] = g.id;
  o["name"] = g.name;
  o["status"] = to_string(data.group_status(g.id));
  o["created_at"] = iso(data, created);
  o["updated_at"] = iso(data, updated);
  o["position"] = position;
  o["description"] = text_or_null(g.description);
  o["showcase"] = false;
  o["start_date"] = nullptr;
  o["group_id"] = nullptr;
  o["page_id"] = data.page.id;
  o["group"] = true;
  o["only_show_if_degraded"] = false;
  o["components"] = std::move(ids);
  return o;
}

json::value affected_components(const SiteData& data, const IncidentUpdate& u) {
  if (u.component_changes.empty()) return nullptr;
  json::array out;
  for (const auto& change : u.component_changes) {
    json::object o;
    o["code"] = change.component_id;
    o["name"] = data.qualified_name(change.component_id);
    o["old_status"] = to_string(change.old_status);
    o["new_status"] = to_string(change.new_status);
    out.push_back(std::move(o));
  }
  return out;
}

json::object update_object(const SiteData& data, const Incident& incident, const IncidentUpdate& u) {
  json::object o;
  o["id"] = u.id;
  o["status"] = to_string(u.status);
  o["body"] = u.body;
  o["incident_id"] = incident.id;
  o["created_at"] = iso(data, u.created_at);
  o["updated_at"] = iso(data, u.updated_at);
  o["display_at"] = iso(data, u.display_at);
  o["affected_components"] = affected_components(data, u);
  o["deliver_notifications"] = u.deliver_notifications;
  o["custom_tweet"] = nullptr;
  o["tweet_id"] = nullptr;
  return o;
}

json::array incident_components(const SiteData& data, const Incident& incident) {
  json::array out;
  for (const auto& id : incident.component_ids) {
    const Component* c = data.find_component(id);
    if (c) out.push_back(component_object(data, *c, c->position));
  }
  return out;
}

template <typename Pred>
json::array incident_list(const SiteData& data, const std::vector<Incident>& from, Pred keep,
                          std::size_t limit = kApiListLimit) {
  json::array out;
  for (const auto& incident : from) {
    if (out.size() >= limit) break;
    if (keep(incident)) out.push_back(api_incident(data, incident));
  }
  return out;
}

bool any(const Incident&) { return true; }
bool unresolved(const Incident& i) { return i.active(); }
bool upcoming(const Incident& i) { return i.status == IncidentStatus::kScheduled; }
bool in_progress(const Incident& i) {
  return i.status == IncidentStatus::kInProgress || i.status == IncidentStatus::kVerifying;
}
bool summary_maintenance(const Incident& i) { return upcoming(i) || in_progress(i); }

std::string document(const SiteData& data, const char* key, json::value value) {
  json::object o;
  o["page"] = api_page(data);
  o[key] = std::move(value);
  return json::serialize(o);
}

}  // namespace

json::object api_page(const SiteData& data) {
  json::object o;
  o["id"] = data.page.id;
  o["name"] = data.page.name;
  std::string url = data.page.url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  o["url"] = url;
  o["time_zone"] = data.zone.name();
  o["updated_at"] = iso(data, data.updated_at());
  return o;
}

json::object api_status(const SiteData& data) {
  std::vector<Incident> open;
  for (const auto& i : data.incidents) {
    if (i.active()) open.push_back(i);
  }
  for (const auto& m : data.maintenances) {
    if (in_progress(m)) open.push_back(m);
  }
  PageStatus status = page_status(data.components, open);
  json::object o;
  o["indicator"] = to_string(status.indicator);
  o["description"] = status.description;
  return o;
}

json::array api_components(const SiteData& data) {
  // Top level: groups in their order, then ungrouped components; positions are 1-based within
  // the parent, and the flat list is sorted by position with levels interleaved (Statuspage).
  struct Entry {
    int position;
    int order;
    json::object object;
  };
  std::vector<Entry> entries;
  int top = 0, order = 0;
  for (const auto& g : data.groups) {
    if (data.children(g.id).empty()) continue;
    entries.push_back({++top, order++, group_object(data, g, top)});
    int child = 0;
    for (const auto* c : data.children(g.id)) {
      entries.push_back({++child, order++, component_object(data, *c, child)});
    }
  }
  for (const auto* c : data.children("")) {
    entries.push_back({++top, order++, component_object(data, *c, top)});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.position < b.position;
  });
  json::array out;
  for (auto& e : entries) out.push_back(std::move(e.object));
  return out;
}

json::object api_incident(const SiteData& data, const Incident& incident) {
  json::object o;
  o["id"] = incident.id;
  o["name"] = incident.name;
  o["status"] = to_string(incident.status);
  o["created_at"] = iso(data, incident.created_at);
  o["updated_at"] = iso(data, incident.updated_at);
  o["monitoring_at"] = time_or_null(incident.monitoring_at, data.zone);
  o["resolved_at"] = time_or_null(incident.resolved_at, data.zone);
  o["impact"] = to_string(incident.impact);
  std::string url = data.page.url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  o["shortlink"] = url + "/incidents/" + incident.id;
  o["started_at"] = iso(data, incident.started_at);
  o["page_id"] = data.page.id;
  if (incident.is_maintenance()) {
    o["scheduled_for"] = time_or_null(incident.scheduled_for, data.zone);
    o["scheduled_until"] = time_or_null(incident.scheduled_until, data.zone);
  }
  json::array updates;
  for (auto it = incident.updates.rbegin(); it != incident.updates.rend(); ++it) {
    updates.push_back(update_object(data, incident, *it));
  }
  o["incident_updates"] = std::move(updates);
  o["components"] = incident_components(data, incident);
  return o;
}

std::vector<std::pair<std::string, std::string>> render_api(const SiteData& data) {
  std::vector<std::pair<std::string, std::string>> out;
  json::object summary;
  summary["page"] = api_page(data);
  summary["components"] = api_components(data);
  summary["incidents"] = incident_list(data, data.incidents, unresolved, SIZE_MAX);
  summary["scheduled_maintenances"] =
      incident_list(data, data.maintenances, summary_maintenance, SIZE_MAX);
  summary["status"] = api_status(data);
  out.emplace_back("/api/v2/summary.json", json::serialize(summary));
  out.emplace_back("/api/v2/status.json", document(data, "status", api_status(data)));
  out.emplace_back("/api/v2/components.json", document(data, "components", api_components(data)));
  out.emplace_back("/api/v2/incidents.json",
                   document(data, "incidents", incident_list(data, data.incidents, any)));
  out.emplace_back("/api/v2/incidents/unresolved.json",
                   document(data, "incidents", incident_list(data, data.incidents, unresolved)));
  out.emplace_back("/api/v2/scheduled-maintenances.json",
                   document(data, "scheduled_maintenances",
                            incident_list(data, data.maintenances, any)));
  out.emplace_back("/api/v2/scheduled-maintenances/upcoming.json",
                   document(data, "scheduled_maintenances",
                            incident_list(data, data.maintenances, upcoming)));
  out.emplace_back("/api/v2/scheduled-maintenances/active.json",
                   document(data, "scheduled_maintenances",
                            incident_list(data, data.maintenances, in_progress)));
  return out;
}

}  // namespace pharos::site
