#include "config/config_diff.h"

#include <map>

namespace pharos {
namespace {

// Compares two lists of named things by key: added and changed in `next`'s order, removed in
// `running`'s.
template <typename T, typename Key>
NamedChanges diff_named(const std::vector<T>& running, const std::vector<T>& next, Key key) {
  std::map<std::string, const T*> before;
  for (const auto& item : running) before.emplace(key(item), &item);
  NamedChanges out;
  std::map<std::string, bool> seen;
  for (const auto& item : next) {
    std::string k = key(item);
    seen[k] = true;
    auto it = before.find(k);
    if (it == before.end())
      out.added.push_back(k);
    else if (!(*it->second == item))
      out.changed.push_back(k);
  }
  for (const auto& item : running) {
    std::string k = key(item);
    if (!seen.count(k)) out.removed.push_back(k);
  }
  return out;
}

std::string slo_key(const SloSpec& s) { return s.group ? "group:" + s.target_id : s.target_id; }

// "+1 monitor, -0, ~2 changed"
std::string part(const NamedChanges& c, const std::string& noun) {
  std::string out = "+" + std::to_string(c.added.size()) + " " + noun +
                    (c.added.size() == 1 ? "" : "s") + ", -" + std::to_string(c.removed.size()) +
                    ", ~" + std::to_string(c.changed.size()) + " changed";
  return out;
}

}  // namespace

bool ConfigDiff::live_empty() const {
  return monitors.empty() && components.empty() && groups.empty() && slos.empty() && !automation &&
         pages.empty() && !main_access;
}

std::string ConfigDiff::summary() const {
  if (live_empty() && needs_restart.empty()) return "no changes";
  std::string out = part(monitors, "monitor");
  if (!components.empty()) out += "; " + part(components, "component");
  if (!groups.empty()) out += "; " + part(groups, "group");
  if (!slos.empty()) out += "; " + part(slos, "SLO");
  if (automation) out += "; automation settings changed";
  if (!pages.empty()) out += "; " + part(pages, "page");
  if (main_access) out += "; main page access changed";
  if (!needs_restart.empty()) {
    out += "; needs a restart:";
    for (const auto& name : needs_restart) out += " " + name;
  }
  return out;
}

ConfigDiff diff_configs(const Config& running, const Config& next) {
  ConfigDiff d;
  d.monitors =
      diff_named(running.monitors, next.monitors, [](const MonitorSpec& m) { return m.name; });
  // Components carry runtime fields (status, timestamps) that a config never sets: compare
  // what the file says.
  auto spec_of = [](Component c) {
    c.status = ComponentStatus::kOperational;
    c.status_source = StatusSource::kAutomatic;
    c.created_at = c.updated_at = Instant{};
    return c;
  };
  std::vector<Component> a, b;
  for (const auto& c : running.components) a.push_back(spec_of(c));
  for (const auto& c : next.components) b.push_back(spec_of(c));
  d.components = diff_named(a, b, [](const Component& c) { return c.id; });
  d.groups = diff_named(running.groups, next.groups, [](const ComponentGroup& g) { return g.id; });
  d.slos = diff_named(running.slos, next.slos, slo_key);
  d.automation = !(running.automation == next.automation);
  d.pages = diff_named(running.pages, next.pages, [](const PageSpec& p) { return p.slug; });
  d.main_access = running.private_page != next.private_page;

  auto restart = [&d](bool differs, const char* name) {
    if (differs) d.needs_restart.emplace_back(name);
  };
  restart(!(running.page == next.page), "page");
  restart(running.webhook_subscriptions != next.webhook_subscriptions,
          "page.webhook_subscriptions");
  restart(running.listen != next.listen, "listen");
  restart(running.storage != next.storage, "storage");
  restart(running.log_level != next.log_level, "log_level");
  restart(!(running.http == next.http), "http");
  restart(!(running.notify == next.notify), "notify");
  restart(!(running.vendors == next.vendors), "vendors");
  restart(!(running.node == next.node), "node");
  restart(!(running.metrics == next.metrics), "metrics");
  return d;
}

Config with_running_settings(const Config& running, Config next) {
  next.path = running.path;
  next.page = running.page;
  next.webhook_subscriptions = running.webhook_subscriptions;
  next.listen = running.listen;
  next.storage = running.storage;
  next.log_level = running.log_level;
  next.http = running.http;
  next.notify = running.notify;
  next.vendors = running.vendors;
  next.node = running.node;
  next.metrics = running.metrics;
  return next;
}

}  // namespace pharos
