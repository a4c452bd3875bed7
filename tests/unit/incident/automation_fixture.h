#pragma once
// What the automation tests stand on: an in-memory store with a catalog, an Automation over it on
// a fake clock, component health as the monitors report it, and one evaluation.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "incident/automation.h"
#include "support/store_fixture.h"

namespace pharos::testing {

class AutomationFixture : public ::testing::Test {
 protected:
  explicit AutomationFixture(Instant start) : clock_(start) {}

  // Opens the store with `components` on page Acme (UTC), and automation with `settings`.
  void open(std::vector<Component> components, AutomationSettings settings = {}) {
    Page page{"", "Acme", "", "Etc/UTC"};
    auto store = db_.open(clock_, page, {}, std::move(components));
    ASSERT_TRUE(store.ok()) << store.error().describe();
    store_ = std::move(*store);
    automation_ = std::make_unique<Automation>(*store_, clock_, std::move(settings));
  }

  // `id` as its monitors report it when failing for the last 30 s: `status`, with one failure of
  // monitor "<id>-health" on `node` saying `error`.
  ComponentHealth failing(const std::string& id, ComponentStatus status, const std::string& error,
                          const std::string& node = "") {
    ComponentHealth h;
    h.component_id = id;
    h.status = status;
    h.failures = {{id + "-health", node, error}};
    h.failing_since = clock_.now() - std::chrono::seconds(30);
    return h;
  }

  // One evaluation of `health`, which must succeed.
  void run(const std::vector<ComponentHealth>& health) {
    auto r = automation_->evaluate(health);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  StoreFixture db_{StoreFixture::kFake};  // no SQLite needed
  FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Automation> automation_;
};

}  // namespace pharos::testing
