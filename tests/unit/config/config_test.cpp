#include "config/config.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "support/config_assertions.h"

namespace pharos {
namespace {

using testing::HasError;
using testing::HasMarkedErrors;

TEST(ConfigTest, LoadsTheBriefsCatalog) {
  auto loaded = parse_config(R"(
page: { name: Acme, url: "https://status.acme.example/", time_zone: Europe/Amsterdam }
listen: 127.0.0.1:9090
storage: sqlite:data/pharos.db
groups: [ { id: platform, name: Platform } ]
components:
  - { id: api, name: API, group: platform, depends_on: [auth, "vendor:cloudflare/cdn"] }
  - { id: auth, name: Token verification, group: platform, description: "Verifies tokens" }
  - { id: www, name: Website }
automation: { resolve_after: 5m, reopen_within: 30m }
vendors: [ { slug: cloudflare, url: "https://www.cloudflarestatus.com" } ]
)",
                             "pharos.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.describe();
  const Config& c = loaded.config;
  EXPECT_EQ(c.page.name, "Acme");
  EXPECT_EQ(c.page.url, "https://status.acme.example") << "trailing slash dropped";
  EXPECT_EQ(c.page.time_zone, "Europe/Amsterdam");
  EXPECT_EQ(c.listen, "127.0.0.1:9090");
  ASSERT_EQ(c.components.size(), 3u);
  EXPECT_EQ(c.components[0].depends_on,
            (std::vector<std::string>{"auth", "vendor:cloudflare/cdn"}));
  EXPECT_EQ(c.components[1].position, 2);
  EXPECT_EQ(c.components[2].position, 1) << "positions count within the group";
  EXPECT_EQ(c.automation.resolve_after, std::chrono::minutes(5));
}

TEST(ConfigTest, ReportsEveryErrorWithLineAndField) {
  const std::string yaml = R"(page:
  name: Acme
  time_zone: Mars/Base
  # ^ page.time_zone: unknown time zone 'Mars/Base'
groups:
  - { id: platform, name: Platform }
components:
  - { id: api, name: API, group: platfrom }
  # ^ components[0].group: unknown group 'platfrom'
  - { id: api, name: Again }
  # ^ components[1].id: already used
  - { name: No id }
  # ^ components[2].id: missing required key 'id'
  - { id: db, name: DB, colour: red }
  # ^ components[3].colour: unknown key 'colour'
automation: { resolve_after: soon }
# ^ automation.resolve_after: invalid duration 'soon'
)";
  auto loaded = parse_config(yaml, "pharos.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_TRUE(HasMarkedErrors(loaded, yaml));
  EXPECT_EQ(loaded.errors.size(), 6u) << loaded.describe();
}

TEST(ConfigTest, SlosOnComponentsAndGroups) {
  auto loaded = parse_config(R"(
page: { name: Acme }
groups: [ { id: platform, name: Platform, slo: { target: 99.5%, window: 7d } } ]
components:
  - { id: api, name: API, group: platform, slo: { target: "99.9%", window: 30d } }
  - { id: www, name: Website, slo: { target: 99.95 } }
)",
                             "pharos.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.describe();
  const auto& slos = loaded.config.slos;
  ASSERT_EQ(slos.size(), 3u);
  EXPECT_EQ(slos[0].target_id, "platform");
  EXPECT_TRUE(slos[0].group);
  EXPECT_DOUBLE_EQ(slos[0].objective, 0.995);
  EXPECT_EQ(slos[0].window, std::chrono::hours(24 * 7));
  EXPECT_EQ(slos[1].target_id, "api");
  EXPECT_FALSE(slos[1].group);
  EXPECT_DOUBLE_EQ(slos[1].objective, 0.999);
  EXPECT_DOUBLE_EQ(slos[2].objective, 0.9995);
  EXPECT_EQ(slos[2].window, std::chrono::hours(24 * 30)) << "30 days by default";
}

TEST(ConfigTest, BadSlosAreNamedByLineAndKey) {
  const std::string yaml = R"(page: { name: Acme }
components:
  - { id: a, name: A, slo: { target: 100% } }
  # ^ components[0].slo.target: below 100
  - { id: b, name: B, slo: { target: 0.999 } }
  # ^ components[1].slo.target: like 99.9%
  - { id: c, name: C, slo: { target: lots } }
  # ^ components[2].slo.target: percentage
  - { id: d, name: D, slo: { target: 99%, window: 2y } }
  # ^ components[3].slo.window: invalid duration
  - { id: e, name: E, slo: { target: 99%, window: 500d } }
  # ^ components[4].slo.window: 400d
  - { id: f, name: F, slo: { window: 30d, budget: 5m } }
  # ^ components[5].slo.budget: unknown key 'budget'
  # ^ components[5].slo.target: missing required key 'target'
  - { id: g, name: G, slo: 99.9% }
  # ^ components[6].slo
)";
  auto loaded = parse_config(yaml, "pharos.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_TRUE(HasMarkedErrors(loaded, yaml));
  EXPECT_TRUE(loaded.config.slos.empty());
}

TEST(ConfigTest, UnknownTopLevelKeySuggestsTheRightOne) {
  auto loaded = parse_config("page: { name: A }\ncomponets: []\n", "f.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_TRUE(HasError(loaded, 2, "componets", "did you mean 'components'?"));
  EXPECT_EQ(loaded.errors[0].describe().rfind("f.yaml:2:1: componets: unknown key", 0), 0u)
      << loaded.errors[0].describe();
}

TEST(ConfigTest, DependencyCycleIsNamed) {
  auto loaded = parse_config(R"(page: { name: A }
components:
  - { id: a, name: A, depends_on: [b] }
  - { id: b, name: B, depends_on: [c] }
  - { id: c, name: C, depends_on: [a] }
  - { id: d, name: D, depends_on: [ghost] }
)",
                             "f.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_TRUE(HasError(loaded, 5, "components[2].depends_on", "dependency cycle: a → b → c → a"));
  EXPECT_TRUE(HasError(loaded, 6, "components[3].depends_on", "unknown component 'ghost'"));
}

TEST(ConfigTest, SyntaxErrorsHaveAPosition) {
  auto loaded = parse_config("page: { name: A\ncomponents: [\n", "bad.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_GT(loaded.errors[0].line, 0);
  EXPECT_NE(loaded.errors[0].message.find("YAML syntax"), std::string::npos);
}

TEST(ConfigTest, MissingPageAndEmptyFile) {
  EXPECT_FALSE(parse_config("", "e.yaml").ok());
  auto loaded = parse_config("components: []\n", "e.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.describe().find("missing required section 'page'"), std::string::npos);
  EXPECT_FALSE(load_config_file("/nonexistent/pharos.yaml").ok());
}

TEST(ConfigTest, ExpandsEnvironmentVariablesAndReportsMissingOnes) {
  setenv("PHAROS_TEST_NAME", "From Env", 1);
  auto ok = parse_config("page: { name: \"${PHAROS_TEST_NAME}\" }\n", "f.yaml");
  ASSERT_TRUE(ok.ok()) << ok.describe();
  EXPECT_EQ(ok.config.page.name, "From Env");
  auto missing = parse_config("page: { name: \"${PHAROS_TEST_UNSET_VAR}\" }\n", "f.yaml");
  EXPECT_TRUE(HasError(missing, 1, "page.name", "PHAROS_TEST_UNSET_VAR is not set"));
}

TEST(ConfigTest, RejectsBadValues) {
  const std::string yaml = R"(page: { name: A, url: "ftp://x" }
# ^ page.url: http:// or https://
storage: mysql://x
# ^ storage: sqlite:<path>
log_level: loud
# ^ log_level: debug, info
groups: [ { id: "Bad Id", name: X } ]
# ^ groups[0].id: lowercase
)";
  EXPECT_TRUE(HasMarkedErrors(parse_config(yaml, "f.yaml"), yaml));
}

}  // namespace
}  // namespace pharos
