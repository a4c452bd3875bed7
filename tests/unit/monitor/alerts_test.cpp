#include "monitor/alerts.h"

#include <gtest/gtest.h>

#include "monitor/monitoring.h"
#include "support/monitor_specs.h"

namespace pharos::monitor {
namespace {

using namespace std::chrono_literals;

CheckResult result(CheckOutcome outcome, Instant at, std::string reason = "") {
  CheckResult r;
  r.outcome = outcome;
  r.at = at;
  r.reason = std::move(reason);
  return r;
}

TEST(AlertWatcherTest, FlappingStartAndStopAreEachSentOnce) {
  FakeClock clock(Instant(Millis(1'800'000'000'000)));
  MonitorSpec spec;
  spec.name = "api-health";
  spec.component = "api";
  spec.url = "http://app.test/";
  spec.interval = 30s;
  monitor::Monitoring m({spec}, nullptr, clock);
  std::vector<std::string> sent;
  AlertWatcher watcher([&](const std::string& text) { sent.push_back(text); });
  watcher.check(m);
  EXPECT_TRUE(sent.empty());
  for (int i = 0; i < 60; ++i) {  // up, down, up, down…: the textbook flapping pattern
    ASSERT_TRUE(m.ingest("api-health", {result(i % 2 ? CheckOutcome::kDown : CheckOutcome::kUp,
                                               clock.now(), "HTTP 500")})
                    .ok());
    clock.advance(spec.interval);
    watcher.check(m);
  }
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].find("api-health is flapping"), std::string::npos) << sent[0];
  for (int i = 0; i < 80; ++i) {
    ASSERT_TRUE(m.ingest("api-health", {result(CheckOutcome::kUp, clock.now())}).ok());
    clock.advance(spec.interval);
    watcher.check(m);
  }
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_NE(sent[1].find("stopped flapping"), std::string::npos) << sent[1];
}

TEST(AlertWatcherTest, CertificateAboutToExpireIsSentOnce) {
  FakeClock clock(Instant(Millis(1'800'000'000'000)));
  MonitorSpec spec = testing::certificate("cert", "api", "api.acme.example:443");
  spec.interval = 1h;
  spec.fall = 1;
  monitor::Monitoring m({spec}, nullptr, clock);
  std::vector<std::string> sent;
  AlertWatcher watcher([&](const std::string& text) { sent.push_back(text); });
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(m.ingest("cert", {result(CheckOutcome::kDegraded, clock.now(),
                                         "certificate expires in 2d 23h")})
                    .ok());
    clock.advance(spec.interval);
    watcher.check(m);
  }
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0], "Monitor cert: certificate expires in 2d 23h.");
}

}  // namespace
}  // namespace pharos::monitor
