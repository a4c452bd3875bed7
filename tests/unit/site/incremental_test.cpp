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

TEST_F(IncrementalTest, AnIncidentUpdateLeavesTheFeedsOfOtherComponentsAlone) {
  Incident a = open("Queue stuck", {{"web", ComponentStatus::kPartialOutage}});
  auto site = cache();
  ASSERT_TRUE(site->rebuild().ok());
  auto before = site->current();
  clock_.advance(std::chrono::minutes(1));
  ASSERT_TRUE(service_->resolve(a.id, "Drained.", "test", "test").ok());
  ASSERT_TRUE(*site->refresh());
  auto after = site->current();
  for (const char* path : {"/components/cdn/history.atom", "/components/cdn/history.rss"}) {
    // A component without entries: its feed is as old as the component, not as the page's last
    // change (it used to change, and be compressed again, with every incident update).
    EXPECT_EQ(after->find(path)->identity.body, before->find(path)->identity.body) << path;
    EXPECT_EQ(after->find(path)->last_modified, before->find(path)->last_modified) << path;
  }
  for (const char* path : {"/components/web/history.atom", "/history.atom", "/history.rss"}) {
    EXPECT_NE(after->find(path)->identity.body.find("Drained."), std::string::npos) << path;
  }
  auto full = cache();
  ASSERT_TRUE(full->rebuild().ok());
  expect_same_site(*site->current(), *full->current());
}

TEST_F(IncrementalTest, TheUptimePageIsRenderedOnlyWhenItsFiguresChange) {
  // The reports module fills these now and then; here the test does.
  auto figures = std::make_shared<UptimePage>();
  ComponentUptime web{"web", "Web", 0.999, 0.998, std::nullopt, {}};
  StatusTime day;
  day.add(ComponentStatus::kOperational, std::chrono::hours(23));
  day.add(ComponentStatus::kPartialOutage, std::chrono::hours(1));
  web.days.push_back({clock_.now() - std::chrono::hours(24), day, {"Queue stuck"}});
  figures->components.push_back(web);
  auto with_figures = [&] {
    auto site = cache();
    site->add_extension({[figures](SiteData& data) { data.uptime_page = *figures; }, {}});
    return site;
  };
  Incident a = open("Queue stuck", {{"web", ComponentStatus::kPartialOutage}});
  auto site = with_figures();
  ASSERT_TRUE(site->rebuild().ok());
  auto before = site->current();
  ASSERT_NE(before->find("/uptime"), nullptr);

  ASSERT_TRUE(service_->resolve(a.id, "Drained.", "test", "test").ok());
  ASSERT_TRUE(*site->refresh());
  EXPECT_EQ(site->current()->find("/uptime"), before->find("/uptime"))
      << "the same figures: shared, not rendered again";

  // A figure changes (a day's time, the incident named on it): rendered again, and the same as a
  // full build of the same figures.
  figures->components[0].days[0].time.add(ComponentStatus::kMajorOutage, std::chrono::minutes(5));
  figures->components[0].days[0].incidents.push_back("Logins slow");
  ASSERT_TRUE(site->rebuild().ok());
  const Resource* changed = site->current()->find("/uptime");
  EXPECT_NE(changed, before->find("/uptime"));
  EXPECT_NE(changed->identity.body.find("Logins slow"), std::string::npos);
  auto full = with_figures();
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

// The /vendors documents come as one block the vendor extension keeps (html_vendors.h): a
// snapshot already served must keep serving its own bytes after the next build, and every page
// (the main one and a further page with its own base path and vendors) must serve after a change
// exactly what a full build of the same data serves.
TEST_F(IncrementalTest, VendorBlocksStayAsServedAndMatchAFullBuildOnEveryPage) {
  std::vector<VendorSpec> specs = {vendor("acme"), vendor("beta"), vendor("gamma")};
  vendor_status::testing::ScriptedFetcher fetcher;
  for (const auto& s : specs) fetcher.ok(step("1_incident"), "\"v1\"", document_url(s.slug));
  vendor_status::VendorPoller poller(*store_, clock_, fetcher, specs);
  poller.poll_due();
  PageScope partners = scope("partners", "Acme partners");
  partners.vendors = {"acme", "gamma"};
  auto site = cache();
  site->set_pages({partners});
  site->add_extension(vendor_status::vendor_site_extension(*store_, specs, poller));
  ASSERT_TRUE(site->rebuild().ok());
  auto main_before = site->current();
  auto page_before = site->current("partners");
  ASSERT_NE(page_before, nullptr);
  EXPECT_EQ(page_before->find("/vendors/beta"), nullptr) << "not on the partners page";
  ASSERT_NE(page_before->find("/vendors/acme"), nullptr);
  EXPECT_NE(page_before->find("/vendors/acme")->identity.body.find("href=\"/partners/vendors\""),
            std::string::npos)
      << "links carry the page's base path";
  std::string acme_as_served = main_before->find("/vendors/acme")->identity.body;
  std::string index_as_served = main_before->find("/vendors")->identity.body;

  clock_.advance(std::chrono::minutes(5));
  fetcher.ok(step("3_resolved"), "\"v2\"", document_url("acme"));
  ASSERT_TRUE(poller.poll_now("acme").ok());
  ASSERT_TRUE(*site->refresh());
  EXPECT_EQ(main_before->find("/vendors/acme")->identity.body, acme_as_served)
      << "the snapshot served before the change is never altered";
  EXPECT_EQ(main_before->find("/vendors")->identity.body, index_as_served);
  auto main_after = site->current();
  auto page_after = site->current("partners");
  EXPECT_NE(main_after->find("/vendors/acme")->identity.body, acme_as_served);
  EXPECT_NE(page_after->find("/vendors/acme"), page_before->find("/vendors/acme"));
  EXPECT_EQ(page_after->find("/vendors/gamma"), page_before->find("/vendors/gamma"))
      << "shared on the further page too";
  EXPECT_EQ(main_after->find("/vendors/beta"), main_before->find("/vendors/beta"));

  auto full = cache();
  full->set_pages({partners});
  full->add_extension(vendor_status::vendor_site_extension(*store_, specs, poller));
  ASSERT_TRUE(full->rebuild().ok());
  expect_same_site(*main_after, *full->current());
  expect_same_site(*page_after, *full->current("partners"));

  // The partners page now shows beta instead of gamma: the block follows the new list.
  partners.vendors = {"acme", "beta"};
  site->set_pages({partners});
  ASSERT_TRUE(site->rebuild().ok());
  auto page_moved = site->current("partners");
  EXPECT_EQ(page_moved->find("/vendors/gamma"), nullptr);
  ASSERT_NE(page_moved->find("/vendors/beta"), nullptr);
  EXPECT_EQ(page_moved->find("/vendors/acme"), page_after->find("/vendors/acme"));
  full->set_pages({partners});
  ASSERT_TRUE(full->rebuild().ok());
  expect_same_site(*page_moved, *full->current("partners"));

  // Served like any other document; a vendor path that does not exist is a 404.
  web::Request request;
  request.path = "/partners/vendors/beta";
  EXPECT_EQ(site->serve(request).status, 200u);
  request.path = "/vendors/nope";
  EXPECT_EQ(site->serve(request).status, 404u);
  request.path = "/vendors/acme/incidents/nope";
  EXPECT_EQ(site->serve(request).status, 404u);
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
