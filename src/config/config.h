#pragma once
// The validated configuration of one Pharos instance, loaded from pharos.yaml.
// Spec only: nothing here changes at run time (runtime state lives in the modules that own it).
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "config/node_spec.h"
#include "config/notify_spec.h"
#include "config/page_spec.h"
#include "config/vendor_spec.h"
#include "domain/automation_policy.h"
#include "domain/model.h"
#include "domain/monitor.h"
#include "domain/public_text.h"
#include "domain/slo.h"

namespace pharos {

// The HTTP server's connection limits (`http:`); `pharos serve --max-connections` wins.
struct HttpSpec {
  std::size_t max_connections = 10000;          // lowered at start to fit the open-file limit
  std::size_t max_connections_per_address = 0;  // 0: no per-address cap

  bool operator==(const HttpSpec&) const = default;
};

// What /metrics exposes (`metrics:`). By default only aggregates: counts of monitors and nodes
// by state and totals, a few kilobytes however many monitors run. Per-monitor series (a scrape
// of ~360 bytes per monitor) name the monitors' nodes, which are internal addresses: they are
// served only to a read-scope token.
struct MetricsSpec {
  bool per_monitor = false;

  bool operator==(const MetricsSpec&) const = default;
};

struct Config {
  std::string path;  // the file it came from; empty for built-in configs
  Page page;
  // page.access: private — the public page, history, feeds, incidents, vendors and /api/v2 need
  // a read-scope token or an admin-UI session (docs/configuration.md).
  bool private_page = false;
  // page.webhook_subscriptions: the public subscribe form offers webhooks (email is offered
  // whenever notify: configures SMTP).
  bool webhook_subscriptions = false;
  std::string listen = "127.0.0.1:8080";
  std::string storage;  // "sqlite:<path>" or "postgres://…"; empty: sqlite in the data directory
  std::string log_level = "info";
  HttpSpec http;
  MetricsSpec metrics;
  std::vector<ComponentGroup> groups;
  std::vector<Component> components;  // in file order; position is within the group
  AutomationPolicy automation;
  std::vector<MonitorSpec> monitors;  // in file order; names unique
  NotifySpec notify;                  // admin alert routes, SMTP, delivery settings
  std::vector<VendorSpec> vendors;    // third-party status pages polled; slugs unique
  NodeSpec node;                      // this process as a node (location, leases)
  std::vector<SloSpec> slos;          // `slo:` of components and groups, in file order
  // `pages:`: further pages served beside the main one, each showing part of the catalog
  // (config/page_spec.h); slugs, paths and hosts unique.
  std::vector<PageSpec> pages;

  const Component* find_component(const std::string& id) const;
  const ComponentGroup* find_group(const std::string& id) const;
  // Each vendor's display name by slug, for pages and messages that hold only the slug.
  std::map<std::string, std::string> vendor_names() const;
  // The main page (`page:`) as a PageSpec, without slug or path.
  PageSpec main_page() const;
  // The page of `slug` among `pages:`, or null.
  const PageSpec* find_page(const std::string& slug) const;
};

// One problem found in a config file, at a place a person can jump to.
struct ConfigDiagnostic {
  std::string file;
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based
  std::string field;    // "components[1].group"
  std::string message;  // what is wrong and how to fix it

  // "pharos.yaml:12:5: components[1].group: unknown group 'x' (defined groups: platform)"
  std::string describe() const;
};

struct LoadedConfig {
  Config config;
  std::vector<ConfigDiagnostic> errors;  // empty when the config is valid

  bool ok() const { return errors.empty(); }
  // All errors, one per line.
  std::string describe() const;
};

// Reads and validates a config file. Every error found is reported, not just the first.
LoadedConfig load_config_file(const std::string& path);
// Same, from text; `file` names the source in diagnostics.
LoadedConfig parse_config(const std::string& text, const std::string& file);

}  // namespace pharos
