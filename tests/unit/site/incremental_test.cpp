// Incremental rebuilds (issue 17): a change re-renders only the documents it touches, and what is
// served afterwards is byte for byte what a full rebuild of the same data serves.
#include <gtest/gtest.h>

#include "site/site_cache.h"
#include "site_fixture.h"
#include "unit/vendor_status/vendor_support.h"
#include "vendor_status/poller.h"
#include "vendor_status/vendor_site.h"
#include "vendor_status/write_log.h"

namespace pharos::site {
namespace {

using vendor_status::testing::step;

// Every document of `a` is in `b` with the same bytes in every encoding, and no other.
void expect_same_site(const Snapshot& a, const Snapshot& b) {
  EXPECT_EQ(a.size(), b.size());
  for (const auto& [key, resource] : a.resources()) {
    const Resource* other = b.find(key);
    ASSERT_NE(other, nullptr) << key;
    EXPECT_EQ(resource.identity.body, other->identity.body) << key;
    EXPECT_EQ(resource.etag, other->etag) << key;
    EXPECT_EQ(resource.content_type, other->content_type) << key;
    EXPECT_EQ(resource.gzip.has_value(), other->gzip.has_value()) << key;
    if (resource.gzip && other->gzip) {
      EXPECT_EQ(resource.gzip->body, other->gzip->body) << key;
    }
    EXPECT_EQ(resource.brotli.has_value(), other->brotli.has_value()) << key;
    if (resource.brotli && other->brotli) {
      EXPECT_EQ(resource.brotli->body, other->brotli->body) << key;
    }
  }
}

VendorSpec vendor(const std::string& slug) {
  VendorSpec s;
  s.slug = slug;
  s.name = "Vendor " + slug;
  s.url = "https://status." + slug + ".example";
  return s;
}

std::string document_url(const std::string& slug) {
  return "https://status." + slug + ".example/api/v2/incidents.json";
}

class IncrementalTest : public SiteFixture {
 protected:
  std::unique_ptr<SiteCache> cache() {
    return std::make_unique<SiteCache>(*store_, page_, *TimeZone::locate(page_.time_zone), clock_);
  }

  // The vendors `slugs`, each with one open incident, polled once by poller_ (fetcher_ serves
  // them; a test drives both further), and a site cache showing their pages (not built yet).
  std::unique_ptr<SiteCache> polled_vendor_site(const std::vector<std::string>& slugs) {
    for (const auto& slug : slugs) {
      specs_.push_back(vendor(slug));
      fetcher_.ok(step("1_incident"), "\"v1\"", document_url(slug));
    }
    poller_ = std::make_unique<vendor_status::VendorPoller>(*store_, clock_, fetcher_, specs_);
    poller_->poll_due();
    return vendor_site();
  }

  // A site cache showing the vendor pages of poller_.
  std::unique_ptr<SiteCache> vendor_site() {
    auto site = cache();
    site->add_extension(vendor_status::vendor_site_extension(*store_, specs_, *poller_));
    return site;
  }

  std::vector<VendorSpec> specs_;
  vendor_status::testing::ScriptedFetcher fetcher_;
  std::unique_ptr<vendor_status::VendorPoller> poller_;
};

TEST_F(IncrementalTest, AnIncidentUpdateRendersItsOwnPageNotTheOthers) {
  Incident a = open("Queue stuck", {{"web", ComponentStatus::kPartialOutage}});
  Incident b = open("Logins slow", {{"auth", ComponentStatus::kDegradedPerformance}});
  Incident c = open("Old outage", {{"cdn", ComponentStatus::kMajorOutage}});
  ASSERT_TRUE(service_->resolve(c.id, "Fixed.", "test", "test").ok());
  auto site = cache();
  ASSERT_TRUE(site->rebuild().ok());
  EXPECT_EQ(site->last_build().reused, 0u) << "nothing to reuse in a first build";
  auto before = site->current();

  clock_.advance(std::chrono::minutes(1));
  ASSERT_TRUE(service_->resolve(a.id, "Drained.", "test", "test").ok());
  ASSERT_TRUE(*site->refresh());
  auto after = site->current();
  // Incident b is open too: its "ongoing for" text moves with the clock, so only c is unchanged...
  EXPECT_EQ(after->find("/incidents/" + c.id), before->find("/incidents/" + c.id))
      << "an untouched incident page is shared, not rendered again";
  EXPECT_NE(after->find("/incidents/" + a.id), before->find("/incidents/" + a.id));
  EXPECT_NE(after->find("/incidents/" + a.id)->identity.body.find("Drained."), std::string::npos);
  EXPECT_NE(after->find("/")->identity.body, before->find("/")->identity.body)
      << "the index shows the change";
  EXPECT_EQ(site->last_build().reused, 1u);

  // ...unless the clock stands still: then b is unchanged as well.
  ASSERT_TRUE(service_->resolve(b.id, "Better.", "test", "test").ok());
  ASSERT_TRUE(*site->refresh());
  EXPECT_EQ(site->last_build().reused, 2u) << "a and c";
  EXPECT_EQ(site->current()->find("/incidents/" + c.id), before->find("/incidents/" + c.id));

  auto full = cache();
  ASSERT_TRUE(full->rebuild().ok());
  expect_same_site(*site->current(), *full->current());
}

TEST_F(IncrementalTest, ACatalogChangeRendersTheIncidentPagesShowingIt) {
  Incident a = open("Queue stuck", {{"web", ComponentStatus::kPartialOutage}});
  Incident b = open("Logins slow", {{"auth", ComponentStatus::kDegradedPerformance}});
  ASSERT_TRUE(service_->resolve(a.id, "Drained.", "test", "test").ok());
  ASSERT_TRUE(service_->resolve(b.id, "Better.", "test", "test").ok());
  auto site = cache();
  ASSERT_TRUE(site->rebuild().ok());
  auto before = site->current();
  // "web" changes status: a's page lists it with its status pill, b's does not show it.
  ASSERT_TRUE(store_->set_component_status({"web", ComponentStatus::kMajorOutage}).ok());
  ASSERT_TRUE(*site->refresh());
  EXPECT_NE(site->current()->find("/incidents/" + a.id), before->find("/incidents/" + a.id));
  EXPECT_EQ(site->current()->find("/incidents/" + b.id), before->find("/incidents/" + b.id));
  auto full = cache();
  ASSERT_TRUE(full->rebuild().ok());
  expect_same_site(*site->current(), *full->current());
}

TEST_F(IncrementalTest, AVendorChangeRendersThatVendorsPagesAndTheIndexOnly) {
  auto site = polled_vendor_site({"acme", "beta", "gamma"});
  ASSERT_TRUE(site->rebuild().ok());
  auto before = site->current();
  ASSERT_NE(before->find("/vendors/beta"), nullptr);
  std::size_t first_rendered = site->last_build().rendered;

  // acme resolves its open incident (beta and gamma are not polled: their "Last read" stays).
  clock_.advance(std::chrono::minutes(5));
  fetcher_.ok(step("3_resolved"), "\"v2\"", document_url("acme"));
  ASSERT_TRUE(poller_->poll_now("acme").ok());
  ASSERT_TRUE(*site->refresh());
  auto after = site->current();
  EXPECT_NE(after->find("/vendors/acme"), before->find("/vendors/acme"));
  EXPECT_NE(after->find("/vendors/acme")->identity.body,
            before->find("/vendors/acme")->identity.body);
  EXPECT_NE(after->find("/vendors"), before->find("/vendors")) << "acme has no open incident now";
  EXPECT_NE(after->find("/vendors")->identity.body, before->find("/vendors")->identity.body);
  for (const char* path : {"/vendors/beta", "/vendors/gamma"}) {
    EXPECT_EQ(after->find(path), before->find(path)) << path << " is shared, not rendered again";
  }
  std::size_t vendor_incident_pages = 0, rendered = 0;
  for (const auto& [key, resource] : after->resources()) {
    if (key.find("/incidents/") == std::string::npos || !key.starts_with("/vendors/")) continue;
    ++vendor_incident_pages;
    if (before->find(key) == &resource) continue;  // shared
    ++rendered;
    EXPECT_TRUE(key.starts_with("/vendors/acme/incidents/")) << key;
    EXPECT_NE(resource.identity.body, before->find(key)->identity.body) << key;
  }
  EXPECT_EQ(vendor_incident_pages, 9u) << "three per vendor";
  EXPECT_EQ(rendered, 1u) << "only the incident acme resolved";
  // Of the 13 keyed documents (/vendors, 3 vendor pages, 9 incident pages) three changed; the
  // documents without inputs ("/", history, API, feeds…) render every build.
  EXPECT_EQ(site->last_build().reused, 10u);
  EXPECT_EQ(site->last_build().rendered, first_rendered - 10);

  // A full rebuild of the same data serves the same bytes.
  auto full = vendor_site();
  ASSERT_TRUE(full->rebuild().ok());
  expect_same_site(*after, *full->current());
}

TEST_F(IncrementalTest, AWriteNotTheVendorPollersReadsEveryVendorAgain) {
  auto site = polled_vendor_site({"acme", "beta"});
  ASSERT_TRUE(site->rebuild().ok());
  auto before = site->current();
  // Someone else (an admin, the CLI, another node) edits beta's vendor incident in the store.
  IncidentQuery query;
  query.source = IncidentSource::kVendor;
  query.vendor = "beta";
  auto stored = store_->list_incidents(query);
  ASSERT_TRUE(stored.ok());
  ASSERT_FALSE(stored->empty());
  Incident edited = (*stored)[0];
  edited.name = "Renamed by hand";
  ASSERT_TRUE(store_->save_incident(IncidentWrite{edited, edited.version, {}}).ok());
  ASSERT_TRUE(*site->refresh());
  auto after = site->current();
  EXPECT_NE(after->find("/vendors/beta")->identity.body.find("Renamed by hand"), std::string::npos)
      << "a write the poller did not make is never missed";
  EXPECT_EQ(after->find("/vendors/acme"), before->find("/vendors/acme"))
      << "read again, unchanged: still shared";
}

TEST(VendorWriteLogTest, ExplainsOnlyRangesMadeOfThePollersOwnWrites) {
  vendor_status::VendorWriteLog log;
  log.saved("acme", 10, 11);
  log.saved("beta", 11, 12);
  log.saved("acme", 12, 13);
  log.saved("zeta", 13, 15);  // someone else wrote in between: not attributed
  EXPECT_EQ(*log.explain(10, 13), (std::set<std::string>{"acme", "beta"}));
  EXPECT_EQ(*log.explain(12, 12), std::set<std::string>{});
  EXPECT_FALSE(log.explain(9, 11).has_value()) << "revision 10 is nobody's here";
  EXPECT_FALSE(log.explain(12, 15).has_value());
  log.components_written("beta");
  EXPECT_EQ(log.take_components_written(), std::set<std::string>{"beta"});
  EXPECT_TRUE(log.take_components_written().empty());
}

}  // namespace
}  // namespace pharos::site
