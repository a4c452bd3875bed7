#pragma once
// What changed between the running config and a newly read one, for `pharos serve`'s reload
// (SIGHUP or `pharos config reload`, docs/configuration.md "Reloading"). Pure: two values in,
// a value out; the runtime decides how to apply each part.
//
// Every field of Config is in exactly one of two classes:
//   applied live   monitors, components, groups, automation (texts, timers, critical), SLOs,
//                  the pages of `pages:` (everything about them) and the main page's access;
//   needs restart  everything else (listen, storage, http, node, log_level, the main page's
//                  name, URL, zone and brand, notify, vendors): listed by name in
//                  `needs_restart`, and with_running_settings()
//                  keeps the running value, so what runs is always one consistent Config.
// A field added to Config must be placed in one of them in config_diff.cpp (the unit test
// checks both classes by changing each field).
#include <string>
#include <vector>

#include "config/config.h"

namespace pharos {

// Names of things added, removed and changed, in the new file's order (removed: the old file's).
struct NamedChanges {
  std::vector<std::string> added, removed, changed;
  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

struct ConfigDiff {
  NamedChanges monitors;     // by name; changed: any field of the spec differs
  NamedChanges components;   // by id; changed: name, description, group, position, dependencies…
  NamedChanges groups;       // by id
  NamedChanges slos;         // by target ("api", "group:platform")
  bool automation = false;   // automation: or messages: differ
  NamedChanges pages;        // entries of `pages:` by slug; changed: any setting of the page
  bool main_access = false;  // the main page's `access:` (public/private) differs
  // Top-level settings that differ but only take effect after a restart ("listen", "storage",
  // "node", "page", …), in Config's order.
  std::vector<std::string> needs_restart;

  // True when nothing that is applied live changed.
  bool live_empty() const;
  // "+1 monitor, -0, ~2 changed; +1 component"; "no changes" when nothing differs. Kinds
  // without changes are left out, except monitors, which are always named.
  std::string summary() const;
};

ConfigDiff diff_configs(const Config& running, const Config& next);

// `next` with every needs-restart setting taken from `running`: the config a reload installs.
Config with_running_settings(const Config& running, Config next);

}  // namespace pharos
