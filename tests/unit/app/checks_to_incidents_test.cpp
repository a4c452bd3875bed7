// Incident automation fed by the monitoring pipeline with scripted check results on a simulated
// clock: the whole path from a CheckResult to the stored incident timeline, without sockets.
#include <gtest/gtest.h>

#include <random>

#include "app/runtime.h"
#include "incident/automation.h"
#include "monitor/monitoring.h"
#include "support/monitor_specs.h"
#include "support/store_fixture.h"

namespace pharos {
namespace {

using namespace std::chrono_literals;

class ChecksToIncidentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Page page{"", "TechTime", "", "Etc/UTC"};
    auto store = db_.open(clock_, page, {}, {testing::component("apps", "Cloud Apps")});
    ASSERT_TRUE(store.ok()) << store.error().describe();
    store_ = std::move(*store);
    spec_ = testing::three_node_http("apps-health", "apps");
    automation_ = std::make_unique<Automation>(*store_, clock_, AutomationSettings{});
  }

  // One round: every node checked at `now`; `down(node)` says which fail. Then automation runs.
  template <typename Down>
  void round(monitor::Monitoring& m, Down down) {
    std::vector<CheckResult> results;
    for (const auto& node : spec_.nodes) {
      CheckResult r;
      r.node = node;
      r.at = clock_.now();
      r.outcome = down(node) ? CheckOutcome::kDown : CheckOutcome::kUp;
      if (r.outcome == CheckOutcome::kDown) r.reason = "HTTP 404, expected 200";
      results.push_back(r);
    }
    ASSERT_TRUE(m.ingest(spec_.name, std::move(results)).ok());
    ASSERT_TRUE(automation_->evaluate(to_component_health(m.component_health())).ok());
    clock_.advance(spec_.interval);
  }

  std::vector<Incident> incidents() { return *store_->list_incidents({}); }

  testing::StoreFixture db_;
  FakeClock clock_{Instant(Millis(1'800'000'000'000))};
  std::unique_ptr<Store> store_;
  MonitorSpec spec_;
  std::unique_ptr<Automation> automation_;
};

TEST_F(ChecksToIncidentsTest, OneNodeOfThree404sOpensOneIncidentAtFallTimesInterval) {  // seed 001
  monitor::Monitoring m({spec_}, nullptr, clock_);
  for (int i = 0; i < 3; ++i) round(m, [](const std::string&) { return false; });
  Instant first_failure = clock_.now();
  for (int i = 0; i < 2; ++i) round(m, [](const std::string& n) { return n == "10.0.0.13"; });
  EXPECT_TRUE(incidents().empty()) << "two failures are below fall 3";
  round(m, [](const std::string& n) { return n == "10.0.0.13"; });
  auto list = incidents();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].name, "Partial outage of Cloud Apps");
  EXPECT_EQ(list[0].impact, Impact::kMinor) << "one node of three: a partial outage, minor";
  EXPECT_EQ(list[0].detected_at, first_failure);
  EXPECT_EQ(list[0].created_at, first_failure + 2 * spec_.interval)
      << "opened at the third failing check: fall × interval after the first, less one interval";
  EXPECT_EQ(list[0].updates[0].body.find("10.0.0.13"), std::string::npos)
      << "no node in public text: " << list[0].updates[0].body;
  auto notes = *store_->internal_notes(list[0].id);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].body.find("apps-health failed on 10.0.0.13: HTTP 404"), std::string::npos)
      << notes[0].body;
  // The node is restarted: healthy for rise checks, then the hold times pass.
  for (int i = 0; i < 40; ++i) round(m, [](const std::string&) { return false; });
  list = incidents();
  ASSERT_EQ(list.size(), 1u);
  std::vector<IncidentStatus> timeline;
  for (const auto& u : list[0].updates) timeline.push_back(u.status);
  EXPECT_EQ(timeline,
            (std::vector<IncidentStatus>{IncidentStatus::kInvestigating,
                                         IncidentStatus::kMonitoring, IncidentStatus::kResolved}));
}

TEST_F(ChecksToIncidentsTest, FivePercentRandomFailuresForASimulatedDayOpenNothing) {
  spec_.fall = 5;  // the default
  monitor::Monitoring m({spec_}, nullptr, clock_);
  std::mt19937 rng(2024);
  std::bernoulli_distribution fails(0.05);
  for (int i = 0; i < 2880; ++i) round(m, [&](const std::string&) { return fails(rng); });
  EXPECT_TRUE(incidents().empty());
  EXPECT_EQ((*store_->find_component("apps"))->status, ComponentStatus::kOperational);
}

}  // namespace
}  // namespace pharos
