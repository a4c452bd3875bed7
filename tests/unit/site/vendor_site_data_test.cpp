// Vendor incidents are a third party's: the public page's data leaves them out.
#include "site/site_data.h"

#include <gtest/gtest.h>

#include "support/store_fixture.h"
#include "unit/vendor_status/vendor_support.h"
#include "vendor_status/changes.h"
#include "vendor_status/document.h"

namespace pharos::site {
namespace {

using vendor_status::testing::step;
using vendor_status::testing::utc;

TEST(VendorSiteDataTest, ThePublicPageShowsOnlyItsOwnIncidents) {
  pharos::testing::StoreFixture db;
  FakeClock clock{utc("2024-06-01T12:02:00Z")};
  auto store = db.open(clock);
  ASSERT_TRUE(store.ok());
  Page page{"", "Acme", "", "Etc/UTC"};
  ASSERT_TRUE((*store)->load_page(page).ok());
  VendorSpec spec;
  spec.slug = "acme";
  spec.url = "https://status.acme-cloud.example";
  auto doc = vendor_status::read_document(step("1_incident"), spec, clock.now());
  ASSERT_TRUE(doc.ok());
  ASSERT_TRUE(vendor_status::record_incidents(**store, spec, doc->incidents, clock.now()).ok());
  Incident own;
  own.id = "own1";
  own.name = "Our API is slow";
  own.started_at = own.created_at = own.updated_at = clock.now();
  ASSERT_TRUE((*store)->save_incident(IncidentWrite{own, 0, {}}).ok());

  auto data = load_site_data(**store, page, TimeZone::utc(), clock.now());
  ASSERT_TRUE(data.ok()) << data.error().describe();
  ASSERT_EQ(data->incidents.size(), 1u);
  EXPECT_EQ(data->incidents[0].name, "Our API is slow");
}

}  // namespace
}  // namespace pharos::site
