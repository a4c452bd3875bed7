#include "site/api_json.h"

#include <algorithm>

#include "domain/rollup.h"
#include "statuspage/json.h"

namespace pharos::site {
namespace {

namespace json = boost::json;

json::value text_or_null(const std::string& text) {
  if (text.empty()) return nullptr;
  return json::value(text);
}

std::string iso(const SiteData& data, Instant at) { return format_iso_in_zone(at, data.zone); }

statuspage::PublicPage public_page(const SiteData& data) {
  return {data.page.id, data.page.url, data.zone, data.components, data.groups};
}

json::object component_object(const SiteData& data, const Component& c, int position) {
  return statuspage::public_component_json(c, public_page(data), statuspage::PublicForm::kApi,
                                           position);
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
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.position < b.position; });
  json::array out;
  for (auto& e : entries) out.push_back(std::move(e.object));
  return out;
}

json::object api_incident(const SiteData& data, const Incident& incident) {
  return statuspage::public_incident_json(incident, public_page(data),
                                          statuspage::PublicForm::kApi);
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
  out.emplace_back(
      "/api/v2/scheduled-maintenances.json",
      document(data, "scheduled_maintenances", incident_list(data, data.maintenances, any)));
  out.emplace_back(
      "/api/v2/scheduled-maintenances/upcoming.json",
      document(data, "scheduled_maintenances", incident_list(data, data.maintenances, upcoming)));
  out.emplace_back("/api/v2/scheduled-maintenances/active.json",
                   document(data, "scheduled_maintenances",
                            incident_list(data, data.maintenances, in_progress)));
  return out;
}

}  // namespace pharos::site
