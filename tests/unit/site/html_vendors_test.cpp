// The /vendors pages rendered from stored vendor incidents (vendor_block).
#include "site/html_vendors.h"

#include <gtest/gtest.h>

#include "support/store_fixture.h"
#include "unit/vendor_status/vendor_support.h"
#include "vendor_status/changes.h"
#include "vendor_status/document.h"

namespace pharos::site {
namespace {

using vendor_status::testing::step;
using vendor_status::testing::utc;

// The body `block` serves at `path`, or null.
const std::string* find(const DocumentBlock& block, const std::string& path) {
  const Resource* found = block.find(path);
  return found ? &found->identity.body : nullptr;
}

TEST(VendorPagesTest, ListsVendorsAndShowsEachIncidentWithDetectionAndSource) {
  pharos::testing::StoreFixture db;
  FakeClock clock{utc("2024-06-01T12:02:00Z")};
  auto store = db.open(clock);
  ASSERT_TRUE(store.ok());
  VendorSpec spec;
  spec.slug = "acme";
  spec.url = "https://status.acme-cloud.example";
  spec.components = {"CDN", "DNS"};
  auto doc = vendor_status::read_document(step("1_incident"), spec, clock.now());
  ASSERT_TRUE(doc.ok());
  ASSERT_TRUE(vendor_status::record_incidents(**store, spec, doc->incidents, clock.now()).ok());
  auto p1 = (*store)->find_incident_by_fingerprint("vendor:acme:p1");
  ASSERT_TRUE(p1.ok() && p1->has_value());

  SiteData data;
  data.page.name = "Example";
  data.now = clock.now();
  auto o1 = (*store)->find_incident_by_fingerprint("vendor:acme:o1");
  ASSERT_TRUE(o1.ok() && o1->has_value()) << "resolved before Pharos saw it: no detection lag";
  VendorView acme;
  acme.slug = "acme";
  acme.name = "Acme Cloud";
  acme.page_url = spec.url;
  acme.health = "ok";
  acme.last_success = clock.now();
  acme.incidents = {**p1, **o1};
  VendorComponentStatus cdn;
  cdn.slug = "acme";
  cdn.component_id = "cdn";
  cdn.name = "CDN";
  cdn.group = "Edge <EU>";
  cdn.status = ComponentStatus::kPartialOutage;
  cdn.changed_at = clock.now();
  acme.components = {cdn};
  VendorView down;
  down.slug = "down";
  down.name = "Down & Out";
  down.page_url = "https://down.example";
  down.healthy = false;
  down.health = "source unreachable since 2024-06-01T11:00:00Z (HTTP 503)";
  down.components_problem = "HTTP 500";
  auto made = vendor_block(data, {acme, down}, BlockRequest{}, nullptr);
  ASSERT_NE(made.block, nullptr);
  const DocumentBlock& docs = *made.block;
  ASSERT_EQ(docs.size(), 5u);

  const auto* index = find(docs, "/vendors");
  ASSERT_NE(index, nullptr);
  EXPECT_NE(index->find("href=\"/vendors/acme\">Acme Cloud</a> — 1 open incident"),
            std::string::npos);
  EXPECT_NE(index->find("Down &amp; Out"), std::string::npos);
  EXPECT_NE(index->find("source unreachable since 2024-06-01T11:00:00Z (HTTP 503)"),
            std::string::npos);

  const auto* vendor_page = find(docs, "/vendors/acme");
  ASSERT_NE(vendor_page, nullptr);
  EXPECT_NE(vendor_page->find(
                "Median detection by Pharos: 4m after the vendor&#39;s start time (1 incident)"),
            std::string::npos);
  EXPECT_NE(vendor_page->find("<li class=\"s-partial\"><span class=\"name\">CDN</span> "
                              "<span class=\"group\">(Edge &lt;EU&gt;)</span>"),
            std::string::npos)
      << *vendor_page;
  EXPECT_NE(vendor_page->find(">Partial Outage</span> <span class=\"when\">since <time"),
            std::string::npos);
  EXPECT_NE(find(docs, "/vendors/down")->find("Component statuses could not be read: HTTP 500"),
            std::string::npos);

  const auto* incident = find(docs, "/vendors/acme/incidents/" + (*p1)->id);
  ASSERT_NE(incident, nullptr);
  EXPECT_NE(incident->find("Elevated errors on CDN"), std::string::npos);
  EXPECT_NE(incident->find(" by Pharos</dd>"), std::string::npos);
  EXPECT_NE(incident->find("href=\"https://status.acme-cloud.example/incidents/p1\" "
                           "rel=\"noopener nofollow\">View vendor source →</a>"),
            std::string::npos);
  EXPECT_NE(incident->find("<dt>Detection</dt><dd>4m after the vendor"), std::string::npos);
}

}  // namespace
}  // namespace pharos::site
