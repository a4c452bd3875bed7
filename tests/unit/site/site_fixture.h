#pragma once
// A real SQLite store in a temp dir with a small catalog (two groups, an ungrouped component) and
// a fake clock, so renderer tests run on data written the way production writes it.
#include <gtest/gtest.h>

#include <memory>

#include "incident/incident_service.h"
#include "site/page_scope.h"
#include "site/site_data.h"
#include "support/store_fixture.h"

namespace pharos::site {

class SiteFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    page_ = Page{"", "Acme", "https://status.acme.example/", "America/Denver"};
    std::vector<ComponentGroup> groups = {{"platform", "Platform", "", 1}, {"apps", "Apps", "", 2}};
    std::vector<Component> components = {
        component("api", "API", "platform", 1), component("auth", "Auth", "platform", 2),
        component("web", "Web", "apps", 1), component("cdn", "CDN", "", 1)};
    auto store = db_.open(clock_, page_, groups, components);
    ASSERT_TRUE(store.ok()) << store.error().describe();
    store_ = std::move(*store);
    service_ = std::make_unique<IncidentService>(*store_, clock_);
  }

  static Component component(std::string id, std::string name, std::string group, int position) {
    return pharos::testing::component(std::move(id), std::move(name), std::move(group), position);
  }

  Incident open(const std::string& name, ComponentStatusChanges changes,
                std::string body = "Looking") {
    NewIncident request;
    request.name = name;
    request.body = std::move(body);
    request.component_statuses = std::move(changes);
    auto opened = service_->open(request, "test");
    EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().describe());
    return *opened;
  }

  // A further page of the same data: its slug names it, its links and paths live under /SLUG, and
  // its time zone is the main page's.
  PageScope scope(const std::string& slug, const std::string& name) const {
    PageScope scope;
    scope.slug = slug;
    scope.page =
        Page{"p-" + slug + "00", name, "https://status.acme.example/" + slug, page_.time_zone};
    scope.zone = *TimeZone::locate(page_.time_zone);
    scope.base_path = "/" + slug;
    return scope;
  }

  SiteData data() {
    auto zone = TimeZone::locate(page_.time_zone);
    auto loaded = load_site_data(*store_, page_, *zone, clock_.now());
    EXPECT_TRUE(loaded.ok());
    return *loaded;
  }

  pharos::testing::StoreFixture db_;
  // 2026-07-01T12:00:00Z: Denver is on MDT (-06:00).
  FakeClock clock_{
      Instant(std::chrono::sys_days(std::chrono::year(2026) / 7 / 1).time_since_epoch() +
              std::chrono::hours(12))};
  std::unique_ptr<Store> store_;
  std::unique_ptr<IncidentService> service_;
  Page page_;
};

}  // namespace pharos::site
