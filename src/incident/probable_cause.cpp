#include "incident/probable_cause.h"

#include <algorithm>
#include <deque>
#include <set>

#include "core/text.h"

namespace pharos {
namespace {

constexpr std::string_view kVendorPrefix = "vendor:";

std::string name_of(const std::map<std::string, Component>& catalog, const std::string& id) {
  auto it = catalog.find(id);
  return it == catalog.end() ? id : it->second.name;
}

bool already_known(const Incident& incident, const std::string& cause_id) {
  bool linked = std::any_of(incident.probable_causes.begin(), incident.probable_causes.end(),
                            [&](const ProbableCause& c) { return c.incident_id == cause_id; });
  return linked || std::find(incident.dismissed_causes.begin(), incident.dismissed_causes.end(),
                             cause_id) != incident.dismissed_causes.end();
}

// "API depends on Token verification, which depends on Cloudflare CDN"
std::string reason_for(const VendorDependency& dep, const std::map<std::string, Component>& catalog,
                       const std::string& vendor_name) {
  std::string out = name_of(catalog, dep.path.front());
  for (size_t i = 1; i < dep.path.size(); ++i) {
    out += (i == 1 ? " depends on " : ", which depends on ") + name_of(catalog, dep.path[i]);
  }
  out += (dep.path.size() == 1 ? " depends on " : ", which depends on ") + vendor_name + " " +
         dep.ref.component;
  return out;
}

}  // namespace

std::optional<VendorRef> parse_vendor_ref(const std::string& dependency) {
  if (dependency.rfind(kVendorPrefix, 0) != 0) return std::nullopt;
  std::string rest = dependency.substr(kVendorPrefix.size());
  auto slash = rest.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == rest.size()) return std::nullopt;
  return VendorRef{rest.substr(0, slash), rest.substr(slash + 1)};
}

std::vector<VendorDependency> vendor_dependencies(const std::string& component_id,
                                                  const std::map<std::string, Component>& catalog) {
  // Breadth first, so the shortest chain to each vendor component is the one reported.
  std::vector<VendorDependency> out;
  std::set<std::string> visited{component_id};
  std::set<std::string> found;
  std::deque<std::vector<std::string>> queue{{component_id}};
  while (!queue.empty()) {
    std::vector<std::string> path = std::move(queue.front());
    queue.pop_front();
    auto it = catalog.find(path.back());
    if (it == catalog.end()) continue;
    for (const auto& dep : it->second.depends_on) {
      if (auto ref = parse_vendor_ref(dep)) {
        if (found.insert(dep).second) out.push_back({*ref, path});
      } else if (visited.insert(dep).second) {
        std::vector<std::string> longer = path;
        longer.push_back(dep);
        queue.push_back(std::move(longer));
      }
    }
  }
  return out;
}

bool affects(const Incident& vendor_incident, const VendorRef& ref) {
  if (vendor_incident.source != IncidentSource::kVendor || !vendor_incident.active() ||
      vendor_incident.is_maintenance() || vendor_incident.vendor != ref.slug) {
    return false;
  }
  if (vendor_incident.external_components.empty()) return true;  // the vendor as a whole
  std::string wanted = to_lower(ref.component);
  return std::any_of(vendor_incident.external_components.begin(),
                     vendor_incident.external_components.end(),
                     [&](const std::string& name) { return to_lower(name) == wanted; });
}

std::string vendor_display_name(const std::map<std::string, std::string>& vendor_names,
                                const std::string& slug) {
  auto it = vendor_names.find(slug);
  return it == vendor_names.end() || it->second.empty() ? slug : it->second;
}

std::vector<ProbableCause> new_probable_causes(
    const Incident& incident, const std::map<std::string, Component>& catalog,
    const std::vector<Incident>& vendor_incidents,
    const std::map<std::string, std::string>& vendor_names, Instant now,
    const std::string& linked_by) {
  std::vector<ProbableCause> out;
  for (const auto& component_id : incident.component_ids) {
    for (const auto& dep : vendor_dependencies(component_id, catalog)) {
      for (const auto& vendor_incident : vendor_incidents) {
        if (!affects(vendor_incident, dep.ref) || already_known(incident, vendor_incident.id)) {
          continue;
        }
        bool added = std::any_of(out.begin(), out.end(), [&](const ProbableCause& c) {
          return c.incident_id == vendor_incident.id;
        });
        if (added) continue;
        out.push_back({vendor_incident.id,
                       reason_for(dep, catalog, vendor_display_name(vendor_names, dep.ref.slug)),
                       now, linked_by});
      }
    }
  }
  return out;
}

std::string probable_cause_note(const Incident& vendor_incident, const std::string& vendor_name,
                                const std::string& reason) {
  std::string note =
      "Probable cause: " + vendor_name + " incident \"" + vendor_incident.name + "\"";
  if (vendor_incident.detected_at) {
    note += ", detected " +
            format_in_zone(*vendor_incident.detected_at, TimeZone::utc(), "%H:%M UTC") +
            " by Pharos";
  }
  if (!reason.empty()) note += " (" + reason + ")";
  return note + ".";
}

}  // namespace pharos
