// Monitoring::reconfigure (a config reload): unchanged monitors keep their node states and slots,
// changed ones start fresh, removed ones are dropped, added ones are checked from their first
// slot; component statuses follow and the listener hears each change.
#include <gtest/gtest.h>

#include <map>

#include "monitor/monitoring.h"

namespace pharos::monitor {
namespace {

using std::chrono::seconds;

const Instant kStart = Instant(Millis(1'800'000'000'000));

MonitorSpec http_monitor(std::string name, std::string component, int fall = 3) {
  MonitorSpec s;
  s.name = std::move(name);
  s.component = std::move(component);
  s.kind = MonitorKind::kHttp;
  s.url = "http://app.test/healthz";
  s.interval = seconds(30);
  s.fall = fall;
  s.rise = 2;
  return s;
}

std::vector<CheckResult> down(Instant at) {
  CheckResult r;
  r.outcome = CheckOutcome::kDown;
  r.at = at;
  r.reason = "connection refused";
  return {r};
}

ComponentStatus status_of(const Monitoring& m, const std::string& component) {
  for (const auto& h : m.component_health()) {
    if (h.component_id == component) return h.status;
  }
  return ComponentStatus::kOperational;
}

std::vector<std::string> names(const Monitoring& m) {
  std::vector<std::string> out;
  for (const auto& v : m.monitors()) out.push_back(v.name);
  return out;
}

TEST(MonitoringReconfigureTest, UnchangedMonitorKeepsItsFallCountAcrossAReload) {
  FakeClock clock(kStart);
  Monitoring m({http_monitor("api-health", "api", 3)}, nullptr, clock);
  ASSERT_TRUE(m.ingest("api-health", down(clock.now())).ok());
  ASSERT_TRUE(m.ingest("api-health", down(clock.now())).ok());
  EXPECT_EQ(status_of(m, "api"), ComponentStatus::kOperational) << "2 of fall 3";

  ASSERT_TRUE(
      m.reconfigure({http_monitor("api-health", "api", 3), http_monitor("www", "www")}).ok());
  EXPECT_EQ(names(m), (std::vector<std::string>{"api-health", "www"}));
  ASSERT_TRUE(m.ingest("api-health", down(clock.now())).ok());
  EXPECT_EQ(status_of(m, "api"), ComponentStatus::kMajorOutage)
      << "the third failure counts with the two before the reload";
  EXPECT_EQ(m.monitor("api-health")->checks, 3);
  EXPECT_EQ(m.monitor("www")->checks, 0);
}

TEST(MonitoringReconfigureTest, ChangedMonitorStartsFreshAndItsComponentClears) {
  FakeClock clock(kStart);
  Monitoring m({http_monitor("api-health", "api", 1)}, nullptr, clock);
  std::vector<ComponentHealth> changes;
  m.set_listener([&](const ComponentHealth& h) { changes.push_back(h); });
  ASSERT_TRUE(m.ingest("api-health", down(clock.now())).ok());
  ASSERT_EQ(status_of(m, "api"), ComponentStatus::kMajorOutage);

  MonitorSpec changed = http_monitor("api-health", "api", 1);
  changed.url = "http://app.test/readyz";
  ASSERT_TRUE(m.reconfigure({changed}).ok());
  EXPECT_EQ(status_of(m, "api"), ComponentStatus::kOperational) << "a new spec, a new state";
  EXPECT_EQ(m.monitor("api-health")->checks, 0);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].component_id, "api");
  EXPECT_EQ(changes[1].status, ComponentStatus::kOperational);
}

TEST(MonitoringReconfigureTest, RemovedMonitorIsDroppedWithItsComponentsHealth) {
  FakeClock clock(kStart);
  Monitoring m({http_monitor("api-health", "api", 1), http_monitor("www-home", "www", 1)}, nullptr,
               clock);
  std::vector<ComponentHealth> changes;
  m.set_listener([&](const ComponentHealth& h) { changes.push_back(h); });
  ASSERT_TRUE(m.ingest("www-home", down(clock.now())).ok());
  ASSERT_EQ(status_of(m, "www"), ComponentStatus::kMajorOutage);

  ASSERT_TRUE(m.reconfigure({http_monitor("api-health", "api", 1)}).ok());
  EXPECT_EQ(names(m), (std::vector<std::string>{"api-health"}));
  EXPECT_EQ(m.ingest("www-home", down(clock.now())).error().code, ErrorCode::kNotFound);
  ASSERT_EQ(m.component_health().size(), 1u) << "www has no monitor left";
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].component_id, "www");
  EXPECT_EQ(changes[1].status, ComponentStatus::kOperational)
      << "the listener hears that www is no longer failing";
}

TEST(MonitoringReconfigureTest, KeptMonitorKeepsItsSlotsRemovedStopsAddedStarts) {
  FakeClock clock(kStart);
  std::map<std::string, std::vector<Instant>> submitted;
  MonitoringOptions options;
  options.submit = [&](const MonitorSpec& spec) { submitted[spec.name].push_back(clock.now()); };
  Monitoring m({http_monitor("api-health", "api"), http_monitor("www-home", "www")}, nullptr, clock,
               options);
  auto run = [&](int steps) {
    for (int i = 0; i < steps; ++i) {
      m.tick();
      // Each submitted check "completes" at once, so the next slot is not skipped.
      for (const auto& v : m.monitors()) (void)m.ingest(v.name, {});
      clock.advance(seconds(1));
    }
  };
  run(95);
  auto before_api = submitted["api-health"];
  auto before_www = submitted["www-home"];
  ASSERT_EQ(before_api.size(), 3u);
  ASSERT_EQ(before_www.size(), 3u);

  ASSERT_TRUE(m.reconfigure({http_monitor("api-health", "api"), http_monitor("db", "db")}).ok());
  run(95);
  const auto& api = submitted["api-health"];
  // 190 s of a 30 s interval: 6 or 7 slots, depending on the name's phase.
  ASSERT_GE(api.size(), 6u);
  for (std::size_t i = 1; i < api.size(); ++i) {
    EXPECT_EQ(api[i] - api[i - 1], seconds(30)) << "one check per slot, none repeated or lost";
  }
  EXPECT_EQ(submitted["www-home"].size(), before_www.size()) << "removed: no more checks";
  const auto& db = submitted["db"];
  ASSERT_GE(db.size(), 3u) << "added: checked from its first slot";
  EXPECT_LE(db.front() - clock.now(), seconds(0));
  EXPECT_LT(db.front() - (clock.now() - seconds(95)), seconds(30))
      << "its first slot after the reload";
  for (std::size_t i = 1; i < db.size(); ++i) EXPECT_EQ(db[i] - db[i - 1], seconds(30));
}

}  // namespace
}  // namespace pharos::monitor
