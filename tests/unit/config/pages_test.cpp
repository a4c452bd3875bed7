// `pages:` (issue 20): several pages from one instance, each read by the same page-mapping
// reader as the main `page:`.
#include <gtest/gtest.h>

#include "config/config.h"
#include "support/config_assertions.h"

namespace pharos {
namespace {

using testing::HasError;
using testing::HasMarkedErrors;

// Lines 1–8 are the catalog; `pages:` starts on line 9.
constexpr int kPagesLine = 9;
LoadedConfig with_pages(const std::string& pages) {
  return parse_config(
      R"(page: { name: Acme, url: "https://status.acme.example", time_zone: Europe/Amsterdam, access: private }
groups: [ { id: platform, name: Platform } ]
components:
  - { id: api, name: API, group: platform }
  - { id: db, name: Database, group: platform }
  - { id: www, name: Website }
  - { id: build, name: Build farm }
vendors: [ { slug: aws, url: "https://status.aws.example" } ]
)" + pages,
      "pharos.yaml");
}

TEST(PagesConfigTest, ReadsPagesBesideTheMainPage) {
  auto loaded = with_pages(R"(pages:
  - slug: internal
    name: Acme internal
    hosts: [Internal.Acme.Example]
    groups: [platform]
    components: [build]
    vendors: [aws]
    access: private
    time_zone: Europe/Berlin
  - { slug: bigcorp, name: Acme for BigCorp, path: /big-corp/, components: [api, www], webhook_subscriptions: true }
)");
  ASSERT_TRUE(loaded.ok()) << loaded.describe();
  const Config& c = loaded.config;
  EXPECT_TRUE(c.private_page) << "the main page keeps its settings";
  EXPECT_EQ(c.page.name, "Acme");
  ASSERT_EQ(c.pages.size(), 2u);
  const PageSpec& internal = c.pages[0];
  EXPECT_EQ(internal.slug, "internal");
  EXPECT_EQ(internal.page.name, "Acme internal");
  EXPECT_EQ(internal.path, "/internal") << "the path defaults to /<slug>";
  EXPECT_EQ(internal.hosts, std::vector<std::string>{"internal.acme.example"}) << "lowercased";
  EXPECT_TRUE(internal.private_page);
  EXPECT_EQ(internal.page.time_zone, "Europe/Berlin");
  EXPECT_EQ(internal.page.url, "https://status.acme.example/internal");
  EXPECT_EQ(internal.page.id.size(), 12u);
  EXPECT_EQ(shown_components(internal, c.components), (std::set<std::string>{"api", "db", "build"}))
      << "a group brings all its components";
  const PageSpec& big = c.pages[1];
  EXPECT_EQ(big.path, "/big-corp") << "trailing slash dropped";
  EXPECT_FALSE(big.private_page);
  EXPECT_TRUE(big.webhook_subscriptions);
  EXPECT_EQ(big.page.time_zone, "Europe/Amsterdam") << "the main page's zone by default";
  EXPECT_NE(big.page.id, internal.page.id);
  EXPECT_EQ(c.find_page("bigcorp"), &c.pages[1]);
  EXPECT_EQ(c.find_page("nope"), nullptr);
  EXPECT_EQ(shown_components(c.main_page(), c.components).size(), 4u) << "main: everything";
}

TEST(PagesConfigTest, PageIdsAreStableAcrossLoads) {
  std::string pages = "pages: [ { slug: a, name: A, components: [api] } ]\n";
  EXPECT_EQ(with_pages(pages).config.pages[0].page.id, with_pages(pages).config.pages[0].page.id);
}

TEST(PagesConfigTest, UnknownCatalogNamesAreErrorsWithTheirPlace) {
  const std::string pages = R"(pages:
  - slug: a
    name: A
    components: [apl, www, www]
    # ^ pages[0].components: unknown component 'apl' (did you mean 'api'?)
    # ^ pages[0].components: 'www' is listed twice
    groups: [plat]
    # ^ pages[0].groups: unknown group 'plat'
    vendors: [gcp]
    # ^ pages[0].vendors: unknown vendor 'gcp'
)";
  EXPECT_TRUE(HasMarkedErrors(with_pages(pages), pages, kPagesLine));
}

TEST(PagesConfigTest, DuplicateSlugsPathsAndHostsAreErrors) {
  const std::string pages = R"(pages:
  - { slug: a, name: A, components: [api], hosts: [a.example] }
  - { slug: a, name: B, components: [api], path: /b }
  # ^ pages[1].slug: slug 'a' is already used by pages[0]
  - { slug: c, name: C, components: [api], path: /a }
  # ^ pages[2].path: path '/a' is already served by pages[0]
  - { slug: d, name: D, components: [api], hosts: [A.example] }
  # ^ pages[3].hosts: host 'a.example' is already served by pages[0]
  - { slug: e, name: E, components: [api], hosts: [status.acme.example] }
  # ^ pages[4].hosts: the main page's host
)";
  EXPECT_TRUE(HasMarkedErrors(with_pages(pages), pages, kPagesLine));
}

TEST(PagesConfigTest, PathsMayNotTakeTheServersOwnRoutes) {
  const std::string pages = R"(pages:
  - { slug: a, name: A, components: [api], path: /api }
  # ^ pages[0].path: '/api' is one of the server's own routes
  - { slug: admin, name: B, components: [api] }
  # ^ pages[1].slug: one of the server's own routes; set a path
  - { slug: c, name: C, components: [api], path: /x/y }
  # ^ pages[2].path: one segment
  - { slug: d, name: D, components: [api], path: / }
  # ^ pages[3].path: one segment
  - { slug: e, name: E, components: [api], hosts: ["https://e.example"] }
  # ^ pages[4].hosts: is not a host name
)";
  EXPECT_TRUE(HasMarkedErrors(with_pages(pages), pages, kPagesLine));
}

TEST(PagesConfigTest, EntriesNeedSlugNameAndSomethingToShow) {
  const std::string pages = R"(pages:
  - { path: /x }
  # ^ pages[0].slug: missing required key 'slug'
  # ^ pages[0].name: missing required key 'name'
  # ^ pages[0]: a page shows something
  - { slug: b, name: B, colour: red, components: [api] }
  # ^ pages[1].colour: unknown key 'colour'
)";
  EXPECT_TRUE(HasMarkedErrors(with_pages(pages), pages, kPagesLine));
}

TEST(PagesConfigTest, TheMainPageTakesNoCatalogKeys) {
  auto loaded = parse_config("page: { name: Acme, components: [api] }\n", "pharos.yaml");
  EXPECT_TRUE(HasError(loaded, 1, "page.components", "unknown key 'components'"));
}

}  // namespace
}  // namespace pharos
