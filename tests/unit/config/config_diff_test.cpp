// What a reload would change (config/config_diff.h): monitors, components, groups and SLOs by
// name, automation as a whole, and the settings that need a restart.
#include "config/config_diff.h"

#include <gtest/gtest.h>

namespace pharos {
namespace {

using Names = std::vector<std::string>;

Config parse(const std::string& text) {
  auto loaded = parse_config(text, "pharos.yaml");
  EXPECT_TRUE(loaded.ok()) << loaded.describe();
  return loaded.config;
}

// The running file in three parts, so a test's next file spells out only the part it changes.
const std::string kPage = "page: { name: Acme }\n";
const std::string kCatalog = R"(groups: [ { id: platform, name: Platform } ]
components:
  - { id: api, name: API, group: platform, slo: { target: 99.9% } }
  - { id: www, name: Website }
)";
const std::string kMonitors = R"(monitors:
  - { name: api-health, component: api, kind: http, url: "http://127.0.0.1:1/", interval: 30s }
  - { name: www-home, component: www, kind: http, url: "http://127.0.0.1:2/", interval: 30s }
  - { name: www-tcp, component: www, kind: tcp, target: "127.0.0.1:3" }
)";
const std::string kBase = kPage + kCatalog + kMonitors;

TEST(ConfigDiffTest, SameFileChangesNothing) {
  ConfigDiff d = diff_configs(parse(kBase), parse(kBase));
  EXPECT_TRUE(d.live_empty());
  EXPECT_TRUE(d.needs_restart.empty());
  EXPECT_EQ(d.summary(), "no changes");
}

TEST(ConfigDiffTest, MonitorsAddedRemovedAndChangedByName) {
  Config next = parse(kPage + kCatalog + R"(monitors:
  - { name: www-home, component: www, kind: http, url: "http://127.0.0.1:2/", interval: 10s }
  - { name: api-health, component: api, kind: http, url: "http://127.0.0.1:1/", interval: 30s }
  - { name: api-tcp, component: api, kind: tcp, target: "127.0.0.1:4" }
)");
  ConfigDiff d = diff_configs(parse(kBase), next);
  EXPECT_EQ(d.monitors.added, Names{"api-tcp"});
  EXPECT_EQ(d.monitors.removed, Names{"www-tcp"});
  EXPECT_EQ(d.monitors.changed, Names{"www-home"}) << "interval changed; a reorder is no change";
  EXPECT_TRUE(d.components.empty());
  EXPECT_EQ(d.summary(), "+1 monitor, -1, ~1 changed");
}

TEST(ConfigDiffTest, ComponentsAndGroupsAddedRenamedReordered) {
  Config next =
      parse(kPage + R"(groups: [ { id: platform, name: Core platform }, { id: edge, name: Edge } ]
components:
  - { id: www, name: Website }
  - { id: api, name: API, group: platform, slo: { target: 99.9% } }
  - { id: cdn, name: CDN, group: edge }
)" + kMonitors);
  ConfigDiff d = diff_configs(parse(kBase), next);
  EXPECT_EQ(d.components.added, Names{"cdn"});
  EXPECT_TRUE(d.components.removed.empty());
  // www moved to the top: its position among top-level components is still 1, api's in its
  // group too; neither changed.
  EXPECT_TRUE(d.components.changed.empty());
  EXPECT_EQ(d.groups.added, Names{"edge"});
  EXPECT_EQ(d.groups.changed, Names{"platform"}) << "renamed";
  EXPECT_TRUE(d.monitors.empty());
  EXPECT_EQ(d.summary(),
            "+0 monitors, -0, ~0 changed; +1 component, -0, ~0 changed; "
            "+1 group, -0, ~1 changed");
}

TEST(ConfigDiffTest, ComponentRenameIsAChangeAndRemovalIsNamed) {
  Config next = parse(kPage + R"(groups: [ { id: platform, name: Platform } ]
components:
  - { id: api, name: Public API, group: platform, slo: { target: 99.9% } }
monitors:
  - { name: api-health, component: api, kind: http, url: "http://127.0.0.1:1/", interval: 30s }
)");
  ConfigDiff d = diff_configs(parse(kBase), next);
  EXPECT_EQ(d.components.changed, Names{"api"});
  EXPECT_EQ(d.components.removed, Names{"www"});
  EXPECT_EQ(d.monitors.removed, (Names{"www-home", "www-tcp"}));
}

TEST(ConfigDiffTest, AutomationAndSlosAreAppliedLive) {
  Config next = parse(kPage + R"(groups: [ { id: platform, name: Platform } ]
components:
  - { id: api, name: API, group: platform, slo: { target: 99.5% } }
  - { id: www, name: Website, slo: { target: 99% } }
automation: { resolve_after: 1m, messages: { investigating: "Looking into {components}." } }
)" + kMonitors);
  ConfigDiff d = diff_configs(parse(kBase), next);
  EXPECT_TRUE(d.automation);
  EXPECT_EQ(d.slos.changed, Names{"api"});
  EXPECT_EQ(d.slos.added, Names{"www"});
  EXPECT_TRUE(d.needs_restart.empty());
}

TEST(ConfigDiffTest, PagesAndTheMainPageAccessAreAppliedLive) {
  std::string text = kBase;
  Config running = parse(text +
                         "pages:\n  - { slug: staff, name: Staff, components: [api] }\n"
                         "  - { slug: old, name: Old, components: [www] }\n");
  Config next =
      parse("page: { name: Acme, access: private }\n" + text.substr(text.find("groups:")) +
            "pages:\n  - { slug: staff, name: Staff, components: [api], "
            "access: private }\n"
            "  - { slug: partners, name: Partners, components: [www] }\n");
  ConfigDiff d = diff_configs(running, next);
  EXPECT_EQ(d.pages.added, Names{"partners"});
  EXPECT_EQ(d.pages.removed, Names{"old"});
  EXPECT_EQ(d.pages.changed, Names{"staff"});
  EXPECT_TRUE(d.main_access);
  EXPECT_FALSE(d.live_empty());
  EXPECT_TRUE(d.needs_restart.empty()) << d.summary();
  EXPECT_NE(d.summary().find("+1 page, -1, ~1 changed; main page access changed"),
            std::string::npos)
      << d.summary();

  Config installed = with_running_settings(running, next);
  ASSERT_EQ(installed.pages.size(), 2u);
  EXPECT_EQ(installed.pages[1].slug, "partners");
  EXPECT_TRUE(installed.pages[0].private_page);
  EXPECT_TRUE(installed.private_page);
}

TEST(ConfigDiffTest, SettingsThatNeedARestartAreNamedAndKeepTheirRunningValue) {
  Config running = parse(kBase);
  Config next = parse(R"(page: { name: Acme Corp, time_zone: Europe/Paris }
listen: 127.0.0.1:9999
storage: sqlite:elsewhere.db
log_level: debug
http: { max_connections: 10 }
node: { location: eu }
)" + kCatalog + kMonitors);
  ConfigDiff d = diff_configs(running, next);
  EXPECT_EQ(d.needs_restart, (Names{"page", "listen", "storage", "log_level", "http", "node"}));
  EXPECT_TRUE(d.live_empty());
  EXPECT_NE(d.summary().find("needs a restart: page listen storage log_level http node"),
            std::string::npos)
      << d.summary();

  Config installed = with_running_settings(running, next);
  EXPECT_EQ(installed.page.name, "Acme");
  EXPECT_EQ(installed.listen, running.listen);
  EXPECT_EQ(installed.storage, running.storage);
  EXPECT_EQ(installed.node.location, running.node.location);
  EXPECT_EQ(installed.http.max_connections, running.http.max_connections);
  EXPECT_TRUE(diff_configs(running, installed).needs_restart.empty())
      << "what is installed differs from the running config only in what is applied live";
}

}  // namespace
}  // namespace pharos
