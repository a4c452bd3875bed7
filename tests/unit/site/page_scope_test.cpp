// Several pages (issue 20): a page's data is the main data filtered to its scope; its links are
// under its path; requests reach it by path or Host.
#include "site/page_scope.h"

#include <gtest/gtest.h>

#include <set>

#include "site/site_builder.h"
#include "site/site_cache.h"
#include "site_fixture.h"

namespace pharos::site {
namespace {

class PageScopeTest : public SiteFixture {
 protected:
  PageScope internal() {
    PageScope scope = SiteFixture::scope("internal", "Acme internal");
    scope.hosts = {"internal.acme.example"};
    scope.components = {"api", "cdn"};
    return scope;
  }

  // `host` must outlive the request (headers are views): pass literals.
  static web::Request request(std::string path, std::string_view host = {}) {
    web::Request r;
    r.path = std::move(path);
    if (!host.empty()) r.headers.push_back({"Host", host});
    return r;
  }
};

TEST_F(PageScopeTest, KeepsOnlyThePagesComponentsAndTheIncidentsTouchingThem) {
  Incident shared = open("API and web slow", {{"api", ComponentStatus::kDegradedPerformance},
                                              {"web", ComponentStatus::kDegradedPerformance}});
  Incident other = open("Web down", {{"web", ComponentStatus::kMajorOutage}});
  SiteData all = data();
  SiteData page = scope_site_data(all, internal());

  EXPECT_EQ(page.page.name, "Acme internal");
  std::set<std::string> ids;
  for (const auto& c : page.components) ids.insert(c.id);
  EXPECT_EQ(ids, (std::set<std::string>{"api", "cdn"})) << "in the main data's order";
  ASSERT_EQ(page.groups.size(), 1u) << "only the groups that hold a shown component";
  EXPECT_EQ(page.groups[0].id, "platform");
  ASSERT_EQ(page.incidents.size(), 1u);
  EXPECT_EQ(page.incidents[0].id, shared.id) << "an incident touching a shown component";
  EXPECT_EQ(page.incidents[0].component_ids, std::vector<std::string>{"api"})
      << "listing only the page's components";
  for (const auto& update : page.incidents[0].updates) {
    for (const auto& change : update.component_changes) EXPECT_NE(change.component_id, "web");
  }
  EXPECT_EQ(page.uptime.count("web"), 0u);
  EXPECT_EQ(page.uptime.count("api"), 1u);
  EXPECT_EQ(all.incidents.size(), 2u) << "the main data is left alone";
  (void)other;
}

TEST_F(PageScopeTest, TheApiAndHtmlOfAPageNameNoOtherComponent) {
  open("Web down", {{"web", ComponentStatus::kMajorOutage}});
  Incident shared = open("API slow", {{"api", ComponentStatus::kDegradedPerformance},
                                      {"web", ComponentStatus::kDegradedPerformance}});
  SiteData page = scope_site_data(data(), internal());
  auto snapshot = build_snapshot(page, 1, nullptr, {}, "/internal");
  const Resource* summary = snapshot->find("/api/v2/summary.json");
  ASSERT_NE(summary, nullptr);
  std::string body(summary->identity.body);
  EXPECT_NE(body.find("\"API\""), std::string::npos);
  EXPECT_EQ(body.find("\"Web\""), std::string::npos) << body;
  EXPECT_EQ(body.find("Web down"), std::string::npos);
  EXPECT_NE(body.find("https://status.acme.example/internal"), std::string::npos);
  const Resource* index = snapshot->find("/");
  ASSERT_NE(index, nullptr);
  std::string html(index->identity.body);
  EXPECT_NE(html.find("href=\"/internal/incidents/" + shared.id + "\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/internal/history\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/static/pharos.css\""), std::string::npos) << "shared assets";
  EXPECT_EQ(html.find("href=\"/history\""), std::string::npos) << "no link leaves the page";
  EXPECT_NE(snapshot->find("/incidents/" + shared.id), nullptr);
}

TEST(PrefixLinksTest, PrefixesRootRelativeLinksOnly) {
  EXPECT_EQ(prefix_links(R"(<a href="/">x</a><a href="/history">h</a><form action="/subscribe">)"
                         R"(<link href="/static/pharos.css"><a href="//cdn.example/x">)"
                         R"(<a href="https://x.example/">y</a><img src="/badge.svg">)",
                         "/in"),
            R"(<a href="/in/">x</a><a href="/in/history">h</a><form action="/in/subscribe">)"
            R"(<link href="/static/pharos.css"><a href="//cdn.example/x">)"
            R"(<a href="https://x.example/">y</a><img src="/in/badge.svg">)");
  EXPECT_EQ(prefix_links("no links", "/in"), "no links");
}

TEST(ResolvePageTest, PathFirstThenHostElseTheMainPage) {
  std::vector<PageMount> mounts = {{"internal", "/internal", {"internal.example"}},
                                   {"big", "/big", {}}};
  auto at = [&](std::string path, std::string host) {
    web::Request r;
    r.path = std::move(path);
    if (!host.empty()) r.headers.push_back({"Host", host});
    auto t = resolve_page(mounts, r);
    return t.slug + " " + t.path;
  };
  EXPECT_EQ(at("/internal", ""), "internal /");
  EXPECT_EQ(at("/internal/history", "status.example"), "internal /history");
  EXPECT_EQ(at("/internalx", ""), " /internalx") << "a prefix of a segment is not the page";
  EXPECT_EQ(at("/", "Internal.Example:8080"), "internal /") << "Host without port, any case";
  EXPECT_EQ(at("/big/api/v2/summary.json", "internal.example"), "big /api/v2/summary.json");
  EXPECT_EQ(at("/history", "status.example"), " /history");
}

TEST_F(PageScopeTest, TheCacheServesEachPageFromItsOwnSnapshot) {
  open("Web down", {{"web", ComponentStatus::kMajorOutage}});
  SiteCache cache(*store_, page_, *TimeZone::locate(page_.time_zone), clock_);
  cache.set_pages({internal()});
  ASSERT_TRUE(cache.rebuild().ok());
  auto main = cache.serve(request("/api/v2/summary.json"));
  EXPECT_NE(std::string(main.shared_body).find("Web down"), std::string::npos);
  for (auto r : {request("/internal/api/v2/summary.json"),
                 request("/api/v2/summary.json", "internal.acme.example")}) {
    auto page = cache.serve(r);
    ASSERT_EQ(page.status, 200u);
    std::string body(page.shared_body);
    EXPECT_NE(body.find("Acme internal"), std::string::npos);
    EXPECT_EQ(body.find("Web down"), std::string::npos);
  }
  EXPECT_EQ(cache.serve(request("/internal/nope")).status, 404u);
  ASSERT_NE(cache.current("internal"), nullptr);
  EXPECT_EQ(cache.current("unknown"), nullptr);
}

}  // namespace
}  // namespace pharos::site
