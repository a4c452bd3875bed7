#include "config/config.h"

#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "config/brand.h"
#include "config/messages.h"
#include "config/pages.h"
#include "config/reader.h"
#include "config/sections.h"
#include "config/slo.h"
#include "core/ids.h"
#include "core/time.h"

namespace pharos {

const Component* Config::find_component(const std::string& id) const {
  return find_by_id(components, id);
}

const ComponentGroup* Config::find_group(const std::string& id) const {
  return find_by_id(groups, id);
}

std::map<std::string, std::string> Config::vendor_names() const {
  std::map<std::string, std::string> names;
  for (const auto& v : vendors) names.emplace(v.slug, v.name.empty() ? v.slug : v.name);
  return names;
}

std::string ConfigDiagnostic::describe() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += ": ";
  if (!field.empty()) out += field + ": ";
  out += message;
  return out;
}

std::string LoadedConfig::describe() const {
  std::string out;
  for (const auto& e : errors) out += e.describe() + "\n";
  return out;
}

namespace config {
namespace {

void read_page(Reader& r, const YAML::Node& node, Config& config) {
  if (!node.IsDefined()) {
    r.error(node, "page", "missing required section 'page' (name, url, time_zone)");
    return;
  }
  PageSpec spec = config.main_page();
  read_page_mapping(r, node, "page", true, config, spec);
  config.page = std::move(spec.page);
  config.private_page = spec.private_page;
  config.webhook_subscriptions = spec.webhook_subscriptions;
}

void read_groups(Reader& r, const YAML::Node& node, Config& config) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!r.check_sequence(node, "groups")) return;
  for (size_t i = 0; i < node.size(); ++i) {
    std::string field = index_field("groups", i);
    const YAML::Node& g = node[i];
    if (!r.check_map(g, field, {"id", "name", "description", "messages", "slo"})) continue;
    ComponentGroup group;
    group.position = static_cast<int>(i) + 1;
    if (auto id = r.string(g, "id", field, true)) {
      if (!is_valid_id(*id)) {
        r.error(g["id"], join_field(field, "id"), "ids use lowercase letters, digits, - and _");
      } else if (config.find_group(*id)) {
        r.error(g["id"], join_field(field, "id"), "group id '" + *id + "' is used twice");
      }
      group.id = *id;
    }
    if (auto name = r.string(g, "name", field, true)) group.name = *name;
    if (auto d = r.string(g, "description", field)) group.description = *d;
    if (auto texts = read_messages(r, g, field); !texts.empty()) {
      config.automation.group_messages[group.id] = std::move(texts);
    }
    if (auto slo = read_slo(r, g, field, group.id, true)) config.slos.push_back(*slo);
    config.groups.push_back(std::move(group));
  }
}

void read_component(Reader& r, const YAML::Node& c, const std::string& field, Config& config,
                    std::map<std::string, int>& positions) {
  if (!r.check_map(c, field,
                   {"id", "name", "description", "group", "depends_on", "showcase",
                    "only_show_if_degraded", "critical", "messages", "slo"}))
    return;
  Component component;
  if (auto id = r.string(c, "id", field, true)) {
    if (!is_valid_id(*id)) {
      r.error(c["id"], join_field(field, "id"), "ids use lowercase letters, digits, - and _");
    } else if (config.find_component(*id) || config.find_group(*id)) {
      r.error(c["id"], join_field(field, "id"), "id '" + *id + "' is already used");
    }
    component.id = *id;
  }
  if (auto name = r.string(c, "name", field, true)) component.name = *name;
  if (auto d = r.string(c, "description", field)) component.description = *d;
  if (auto g = r.string(c, "group", field)) {
    if (!config.find_group(*g)) {
      std::string known;
      for (const auto& group : config.groups) known += (known.empty() ? "" : ", ") + group.id;
      r.error(
          c["group"], join_field(field, "group"),
          "unknown group '" + *g + "' (defined groups: " + (known.empty() ? "none" : known) + ")");
    }
    component.group_id = *g;
  }
  if (auto deps = r.string_list(c, "depends_on", field)) component.depends_on = *deps;
  if (auto b = r.boolean(c, "showcase", field)) component.showcase = *b;
  if (auto b = r.boolean(c, "only_show_if_degraded", field)) component.only_show_if_degraded = *b;
  if (auto b = r.boolean(c, "critical", field); b && *b) {
    config.automation.critical_components.insert(component.id);
  }
  if (auto texts = read_messages(r, c, field); !texts.empty()) {
    config.automation.component_messages[component.id] = std::move(texts);
  }
  if (auto slo = read_slo(r, c, field, component.id, false)) config.slos.push_back(*slo);
  component.position = ++positions[component.group_id];
  config.components.push_back(std::move(component));
}

void read_components(Reader& r, const YAML::Node& node, Config& config) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!r.check_sequence(node, "components")) return;
  std::map<std::string, int> positions;
  for (size_t i = 0; i < node.size(); ++i) {
    read_component(r, node[i], index_field("components", i), config, positions);
  }
}

// Depth-first search for a cycle in depends_on; reports "a → b → a".
void check_dependencies(Reader& r, const YAML::Node& node, const Config& config) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < config.components.size(); ++i) index[config.components[i].id] = i;
  for (size_t i = 0; i < config.components.size(); ++i) {
    const auto& c = config.components[i];
    std::string field = index_field("components", i) + ".depends_on";
    for (const auto& dep : c.depends_on) {
      if (dep.rfind("vendor:", 0) == 0)
        continue;  // vendor components are checked by the vendor module
      if (!index.count(dep)) {
        r.error(node[i]["depends_on"], field, "unknown component '" + dep + "'");
      } else if (dep == c.id) {
        r.error(node[i]["depends_on"], field, "a component cannot depend on itself");
      }
    }
  }
  enum Mark { kNew, kActive, kDone };
  std::vector<Mark> marks(config.components.size(), kNew);
  std::vector<std::string> stack;
  std::set<std::string> reported;
  std::function<void(size_t)> visit = [&](size_t i) {
    marks[i] = kActive;
    stack.push_back(config.components[i].id);
    for (const auto& dep : config.components[i].depends_on) {
      auto it = index.find(dep);
      if (it == index.end() || dep == config.components[i].id) continue;
      if (marks[it->second] == kActive) {
        std::string cycle;
        bool in = false;
        for (const auto& id : stack) {
          if (id == dep) in = true;
          if (in) cycle += id + " → ";
        }
        cycle += dep;
        if (reported.insert(dep).second) {
          r.error(node[i]["depends_on"], index_field("components", i) + ".depends_on",
                  "dependency cycle: " + cycle);
        }
      } else if (marks[it->second] == kNew) {
        visit(it->second);
      }
    }
    stack.pop_back();
    marks[i] = kDone;
  };
  for (size_t i = 0; i < config.components.size(); ++i) {
    if (marks[i] == kNew) visit(i);
  }
}

void read_automation(Reader& r, const YAML::Node& node, Config& config) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!r.check_map(node, "automation",
                   {"monitoring_after", "resolve_after", "reopen_within", "messages"})) {
    return;
  }
  config.automation.messages = read_messages(r, node, "automation");
  if (auto d = r.duration(node, "monitoring_after", "automation"))
    config.automation.monitoring_after = *d;
  if (auto d = r.duration(node, "resolve_after", "automation"))
    config.automation.resolve_after = *d;
  if (auto d = r.duration(node, "reopen_within", "automation"))
    config.automation.reopen_within = *d;
}

void read_root(Reader& r, const YAML::Node& root, Config& config) {
  if (!r.check_map(root, "", top_level_keys())) return;
  read_page(r, root["page"], config);
  if (auto listen = r.string(root, "listen", "")) config.listen = *listen;
  if (auto storage = r.string(root, "storage", "")) {
    if (storage->rfind("sqlite:", 0) != 0 && storage->rfind("postgres://", 0) != 0 &&
        storage->rfind("postgresql://", 0) != 0) {
      r.error(root["storage"], "storage", "expected sqlite:<path> or postgres://…");
    }
    config.storage = *storage;
  }
  if (auto level = r.string(root, "log_level", "")) {
    static const std::set<std::string> kLevels{"debug", "info", "warn", "error", "off"};
    if (!kLevels.count(*level)) {
      r.error(root["log_level"], "log_level", "expected debug, info, warn, error or off");
    }
    config.log_level = *level;
  }
  read_groups(r, root["groups"], config);
  read_components(r, root["components"], config);
  check_dependencies(r, root["components"], config);
  read_automation(r, root["automation"], config);
  read_extra_sections(r, root, config);
  read_pages(r, root["pages"], config);  // checks its entries against the catalog and vendors
}

}  // namespace
}  // namespace config

LoadedConfig parse_config(const std::string& text, const std::string& file) {
  LoadedConfig loaded;
  loaded.config.path = file;
  config::Reader reader(file, loaded.errors);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    ConfigDiagnostic d{file, e.mark.line + 1, e.mark.column + 1, "", "YAML syntax: " + e.msg};
    loaded.errors.push_back(std::move(d));
    return loaded;
  }
  if (!root.IsDefined() || root.IsNull()) {
    loaded.errors.push_back(
        {file, 1, 1, "", "the file is empty; it needs at least a 'page' section"});
    return loaded;
  }
  config::read_root(reader, root, loaded.config);
  return loaded;
}

LoadedConfig load_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadedConfig loaded;
    loaded.errors.push_back({path, 0, 0, "", "cannot read the file (does it exist?)"});
    return loaded;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path);
}

}  // namespace pharos
