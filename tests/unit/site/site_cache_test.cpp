#include "site/site_cache.h"

#include <gtest/gtest.h>

#include "site_fixture.h"

namespace pharos::site {
namespace {

using namespace std::chrono_literals;
using web::Request;
using web::Response;

class SiteCacheTest : public SiteFixture {
 protected:
  Response get(const SiteCache& cache, std::string path) {
    Request r;
    r.path = std::move(path);
    return cache.serve(r);
  }
};

TEST_F(SiteCacheTest, NotReadyUntilFirstBuild) {
  SiteCache cache(*store_, page_, *TimeZone::locate(page_.time_zone), clock_);
  EXPECT_FALSE(cache.ready());
  EXPECT_EQ(get(cache, "/").status, 503u);
  ASSERT_TRUE(cache.rebuild().ok());
  EXPECT_TRUE(cache.ready());
  EXPECT_EQ(get(cache, "/").status, 200u);
}

TEST_F(SiteCacheTest, RebuildsOnlyWhenTheStoreChangedOrTheDayTurned) {
  SiteCache cache(*store_, page_, *TimeZone::locate(page_.time_zone), clock_);
  ASSERT_TRUE(cache.rebuild().ok());
  auto first = cache.current();
  EXPECT_FALSE(*cache.refresh()) << "nothing changed";
  EXPECT_EQ(cache.current(), first);

  Incident incident = open("Queue stuck", {{"web", ComponentStatus::kPartialOutage}});
  EXPECT_TRUE(*cache.refresh()) << "a write bumps the store revision";
  EXPECT_NE(get(cache, "/incidents/" + incident.id).status, 404u);
  EXPECT_NE(std::string(get(cache, "/").body_view()).find("Queue stuck"), std::string::npos);
  ASSERT_TRUE(service_->resolve(incident.id, "", "test", "test").ok());
  EXPECT_TRUE(*cache.refresh());
  EXPECT_FALSE(*cache.refresh());

  clock_.advance(std::chrono::milliseconds(24h));  // the page-zone day turns
  EXPECT_TRUE(*cache.refresh());
  EXPECT_FALSE(*cache.refresh());
}

TEST_F(SiteCacheTest, OpenIncidentsRefreshEveryMinute) {
  SiteCache cache(*store_, page_, *TimeZone::locate(page_.time_zone), clock_);
  open("Slow", {{"api", ComponentStatus::kDegradedPerformance}});
  ASSERT_TRUE(cache.rebuild().ok());
  clock_.advance(30s);
  EXPECT_FALSE(*cache.refresh());
  clock_.advance(31s);
  EXPECT_TRUE(*cache.refresh()) << "\"ongoing for\" texts age";
}

TEST_F(SiteCacheTest, ExtensionsAreRenderedAndServedWithTheSite) {
  SiteCache cache(*store_, page_, *TimeZone::locate(page_.time_zone), clock_);
  SiteExtension extension;
  extension.documents = [](const SiteData& d) {
    return std::vector<SiteDocument>{{"/history.atom",
                                      "<feed>" + std::to_string(d.incidents.size()) + "</feed>",
                                      "application/atom+xml; charset=utf-8", false}};
  };
  cache.add_extension(std::move(extension));
  ASSERT_TRUE(cache.rebuild().ok());
  EXPECT_EQ(get(cache, "/history.atom").body_view(), "<feed>0</feed>");
  open("Down", {{"api", ComponentStatus::kMajorOutage}});
  ASSERT_TRUE(*cache.refresh());
  EXPECT_EQ(get(cache, "/history.atom").body_view(), "<feed>1</feed>");
  EXPECT_NE(std::string(get(cache, "/history.atom").shared_headers)
                .find("Content-Type: application/atom+xml"),
            std::string::npos);
}

TEST_F(SiteCacheTest, ExtensionsContributeToThePublicPageBeforeItIsRendered) {
  SiteCache cache(*store_, page_, *TimeZone::locate(page_.time_zone), clock_);
  int documents_saw = 0;
  SiteExtension extension;
  extension.contribute = [](SiteData& d) {
    ThirdPartyService cloudflare;
    cloudflare.name = "Cloudflare";
    cloudflare.href = "/vendors/cloudflare";
    d.third_party.push_back(cloudflare);
  };
  extension.documents = [&documents_saw](const SiteData& d) {
    documents_saw = static_cast<int>(d.third_party.size());
    return std::vector<SiteDocument>{};
  };
  cache.add_extension(std::move(extension));
  ASSERT_TRUE(cache.rebuild().ok());
  std::string index(get(cache, "/").body_view());
  EXPECT_NE(index.find("Third-party services"), std::string::npos);
  EXPECT_NE(index.find("<a class=\"c-name\" href=\"/vendors/cloudflare\">Cloudflare</a>"),
            std::string::npos);
  EXPECT_EQ(documents_saw, 1) << "documents render from the contributed data";
  ASSERT_TRUE(cache.rebuild().ok());
  index = std::string(get(cache, "/").body_view());
  EXPECT_EQ(index.find("Cloudflare</a>"), index.rfind("Cloudflare</a>"))
      << "each rebuild starts from fresh data, so nothing is contributed twice";
}

}  // namespace
}  // namespace pharos::site
