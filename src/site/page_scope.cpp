#include "site/page_scope.h"

#include <algorithm>
#include <cctype>

namespace pharos::site {
namespace {

bool shown(const std::set<std::string>& ids, const Incident& incident) {
  return std::any_of(incident.component_ids.begin(), incident.component_ids.end(),
                     [&](const std::string& id) { return ids.count(id) > 0; });
}

// The incident as the page shows it: its components and component changes limited to the
// page's, so no other page's component names reach this one.
Incident scoped(const Incident& incident, const std::set<std::string>& ids) {
  Incident out = incident;
  std::erase_if(out.component_ids, [&](const std::string& id) { return !ids.count(id); });
  out.external_components.clear();
  for (auto& update : out.updates) {
    std::erase_if(update.component_changes,
                  [&](const ComponentChange& c) { return !ids.count(c.component_id); });
  }
  if (!out.root_component_id.empty() && !ids.count(out.root_component_id)) {
    out.root_component_id.clear();
  }
  return out;
}

std::vector<Incident> scoped_list(const std::vector<Incident>& all,
                                  const std::set<std::string>& ids) {
  std::vector<Incident> out;
  for (const auto& incident : all) {
    if (shown(ids, incident)) out.push_back(scoped(incident, ids));
  }
  return out;
}

std::string lowercase_host(std::string_view host) {
  // "Status.Example:8080" → "status.example"; "[::1]:8080" keeps its brackets.
  if (!host.empty() && host.front() != '[') host = host.substr(0, host.find(':'));
  std::string out(host);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

SiteData scope_site_data(const SiteData& all, const PageScope& scope) {
  SiteData data;
  data.page = scope.page;
  data.revision = all.revision;
  data.zone = all.zone;
  data.now = all.now;
  for (const auto& c : all.components) {
    if (scope.components.count(c.id)) data.components.push_back(c);
  }
  for (const auto& g : all.groups) {
    bool used = std::any_of(data.components.begin(), data.components.end(),
                            [&](const Component& c) { return c.group_id == g.id; });
    if (used) data.groups.push_back(g);
  }
  data.incidents = scoped_list(all.incidents, scope.components);
  data.maintenances = scoped_list(all.maintenances, scope.components);
  for (const auto& incident : data.incidents) {
    for (const auto& cause : incident.probable_causes) {
      auto found = all.probable_causes.find(cause.incident_id);
      if (found != all.probable_causes.end()) data.probable_causes.insert(*found);
    }
  }
  for (const auto& id : scope.components) {
    auto bar = all.uptime.find(id);
    if (bar != all.uptime.end()) data.uptime.insert(*bar);
  }
  data.vendor_names = all.vendor_names;
  for (const auto& service : all.third_party) {
    std::string_view slug = service.href;
    if (slug.starts_with("/vendors/")) slug.remove_prefix(9);
    if (scope.vendors.count(std::string(slug))) data.third_party.push_back(service);
  }
  data.vendor_scope = scope.vendors;
  if (all.uptime_page) {
    UptimePage page;
    for (const auto& c : all.uptime_page->components) {
      if (scope.components.count(c.id)) page.components.push_back(c);
    }
    data.uptime_page = std::move(page);
  }
  data.subscribe = scope.subscribe;
  return data;
}

std::string prefix_links(std::string_view html, std::string_view base) {
  std::string out;
  out.reserve(html.size() + html.size() / 32);
  static constexpr std::string_view kAttributes[] = {"href=\"/", "action=\"/", "src=\"/"};
  std::size_t at = 0;
  while (at < html.size()) {
    std::size_t next = std::string_view::npos, length = 0;
    for (auto attribute : kAttributes) {
      auto found = html.find(attribute, at);
      if (found < next) next = found, length = attribute.size();
    }
    if (next == std::string_view::npos) break;
    std::size_t slash = next + length - 1;  // the link's leading "/"
    out.append(html.substr(at, slash - at));
    std::string_view rest = html.substr(slash);
    // "//host/…" is another site; /static/ is shared by every page.
    if (!rest.starts_with("//") && !rest.starts_with("/static/")) out.append(base);
    at = slash;
    out.push_back('/');
    ++at;
  }
  out.append(html.substr(at));
  return out;
}

PageTarget resolve_page(const std::vector<PageMount>& mounts, const web::Request& request) {
  std::string_view path = request.path;
  for (const auto& m : mounts) {
    if (m.base_path.empty() || !path.starts_with(m.base_path)) continue;
    std::string_view rest = path.substr(m.base_path.size());
    if (rest.empty()) return {m.slug, "/"};
    if (rest.front() == '/') return {m.slug, std::string(rest)};
  }
  std::string host = lowercase_host(request.header("Host"));
  if (!host.empty()) {
    for (const auto& m : mounts) {
      if (std::find(m.hosts.begin(), m.hosts.end(), host) != m.hosts.end()) {
        return {m.slug, request.path};
      }
    }
  }
  return {"", request.path};
}

}  // namespace pharos::site
