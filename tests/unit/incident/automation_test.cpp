// Scenario tests of incident automation on a simulated clock: each asserts the exact incident
// timeline produced from scripted component health.
#include "incident/automation.h"

#include <gtest/gtest.h>

#include "domain/rollup.h"
#include "incident/incident_service.h"
#include "support/store_fixture.h"
#include "unit/incident/automation_fixture.h"

namespace pharos {
namespace {

using namespace std::chrono_literals;
using S = IncidentStatus;
using C = ComponentStatus;

class AutomationTest : public testing::AutomationFixture {
 protected:
  AutomationTest() : AutomationFixture(Instant(std::chrono::hours(24 * 19800))) {}

  void SetUp() override {
    // The seed 004 shape: token verification (auth) feeds conversations (chat) and counts.
    using testing::component;
    open({component("api", "API"), component("auth", "Token verification"),
          component("chat", "Conversations", "", 0, {"auth"}),
          component("count", "Conversation counts", "", 0, {"auth"}),
          component("web", "Web app", "", 0, {"api"})});
  }

  ComponentHealth healthy(const std::string& id) {
    ComponentHealth h;
    h.component_id = id;
    return h;
  }

  // Evaluates every 10 s for `duration` with the same health.
  void hold(const std::vector<ComponentHealth>& health, std::chrono::milliseconds duration) {
    for (auto t = 0ms; t < duration; t += 10s) {
      clock_.advance(10s);
      run(health);
    }
  }

  std::vector<Incident> incidents() {
    IncidentQuery q;
    q.kind = IncidentKind::kIncident;
    return *store_->list_incidents(q);
  }
  std::vector<S> timeline(const Incident& i) {
    std::vector<S> out;
    for (const auto& u : i.updates) out.push_back(u.status);
    return out;
  }
  C status_of(const std::string& id) { return (*store_->find_component(id))->status; }
};

TEST_F(AutomationTest, OneSickNodeOpensAMajorIncidentAndResolvesAfterHolds) {  // seed 001
  Instant t0 = clock_.now();
  run({failing("api", C::kPartialOutage, "HTTP 404 (expected 200)", "10.0.0.12:443")});
  auto list = incidents();
  ASSERT_EQ(list.size(), 1u);
  Incident i = list[0];
  EXPECT_EQ(i.name, "Partial outage of API");
  EXPECT_EQ(i.source, IncidentSource::kAutomatic);
  EXPECT_EQ(i.impact, Impact::kMinor) << "a partial outage of an ordinary component is minor";
  EXPECT_EQ(i.started_at, t0 - 30s);
  EXPECT_EQ(i.detected_at, t0 - 30s);
  EXPECT_EQ(i.created_at, t0);
  EXPECT_EQ(i.updates[0].body, "We are investigating a partial outage of API.")
      << "customers read what is wrong, not how it was measured";
  auto notes = *store_->internal_notes(i.id);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].update_id, i.updates[0].id);
  EXPECT_EQ(notes[0].author, "automation");
  EXPECT_NE(notes[0].body.find("api-health failed on 10.0.0.12:443: HTTP 404"), std::string::npos)
      << notes[0].body;
  EXPECT_EQ(status_of("api"), C::kPartialOutage);
  ASSERT_EQ(automation_->detection().count, 1);
  EXPECT_EQ(automation_->detection().last, 30s);
  EXPECT_EQ(automation_->detection().buckets[4], 1) << "30 s falls in the le=30 bucket";

  hold({failing("api", C::kPartialOutage, "HTTP 404")}, 5min);  // still failing: no noise
  EXPECT_EQ(incidents()[0].updates.size(), 1u);

  Instant recovered = clock_.now() + 10s;  // the first evaluation that sees it healthy
  hold({healthy("api")}, 10min);
  EXPECT_EQ(status_of("api"), C::kOperational) << "the component follows its monitors at once";
  i = incidents()[0];
  EXPECT_EQ(timeline(i), (std::vector<S>{S::kInvestigating, S::kMonitoring, S::kResolved}));
  EXPECT_EQ(i.updates[1].created_at, recovered + 2min);
  EXPECT_EQ(i.updates[2].created_at, recovered + 2min + 5min);
  EXPECT_EQ(i.resolved_at, recovered + 7min);
}

TEST_F(AutomationTest, RecurrenceWithinCoolDownReopensTheSameIncident) {  // seed 002
  run({failing("api", C::kMajorOutage, "connection refused")});
  hold({healthy("api")}, 8min);
  ASSERT_EQ(incidents()[0].status, S::kResolved);
  hold({healthy("api")}, 10min);
  run({failing("api", C::kMajorOutage, "connection refused")});
  auto list = incidents();
  ASSERT_EQ(list.size(), 1u) << "one incident, reopened";
  EXPECT_EQ(list[0].reopen_count, 1);
  EXPECT_TRUE(list[0].updates.back().reopened);
  EXPECT_NE(list[0].updates.back().body.find("recurred"), std::string::npos);
  EXPECT_EQ(timeline(list[0]),
            (std::vector<S>{S::kInvestigating, S::kMonitoring, S::kResolved, S::kInvestigating}));
  EXPECT_FALSE(list[0].resolved_at);
}

TEST_F(AutomationTest, FailureAfterTheCoolDownIsANewIncident) {
  run({failing("api", C::kMajorOutage, "timeout")});
  hold({healthy("api")}, 8min);
  clock_.advance(31min);
  run({failing("api", C::kMajorOutage, "timeout")});
  EXPECT_EQ(incidents().size(), 2u);
}

TEST_F(AutomationTest, ReturningDuringMonitoringGoesBackToInvestigating) {
  run({failing("api", C::kMajorOutage, "timeout")});
  hold({healthy("api")}, 3min);
  ASSERT_EQ(incidents()[0].status, S::kMonitoring);
  run({failing("api", C::kMajorOutage, "timeout")});
  auto i = incidents()[0];
  EXPECT_EQ(timeline(i), (std::vector<S>{S::kInvestigating, S::kMonitoring, S::kInvestigating}));
  EXPECT_NE(i.updates.back().body.find("returned"), std::string::npos);
}

TEST_F(AutomationTest, RisingLatencyThenSaturationRaisesTheImpact) {  // seed 003
  run({failing("api", C::kDegradedPerformance, "response took 1.2s (degraded after 800ms)")});
  auto i = incidents()[0];
  EXPECT_EQ(i.impact, Impact::kMinor);
  EXPECT_EQ(i.name, "Degraded performance of API");
  hold({failing("api", C::kDegradedPerformance, "slow")}, 1min);
  run({failing("api", C::kMajorOutage, "connection refused")});
  i = incidents()[0];
  EXPECT_EQ(i.impact, Impact::kMajor) << "one component of five down is not critical";
  ASSERT_EQ(i.updates.size(), 2u);
  EXPECT_NE(i.updates[1].body.find("worsened"), std::string::npos);
  EXPECT_EQ(i.updates[1].component_changes,
            (std::vector<ComponentChange>{{"api", C::kDegradedPerformance, C::kMajorOutage}}));
  // Getting better again posts nothing: impact never falls by itself.
  run({failing("api", C::kDegradedPerformance, "slow")});
  EXPECT_EQ(incidents()[0].updates.size(), 2u);
  EXPECT_EQ(status_of("api"), C::kDegradedPerformance);
}

TEST_F(AutomationTest, CascadeIsOneIncidentUnderItsRoot) {  // seed 004
  run({failing("auth", C::kMajorOutage, "overloaded"), failing("chat", C::kMajorOutage, "timeout"),
       failing("count", C::kPartialOutage, "HTTP 500")});
  auto list = incidents();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].root_component_id, "auth");
  EXPECT_EQ(list[0].name, "Major outage of Token verification");
  EXPECT_EQ(list[0].component_ids, (std::vector<std::string>{"auth", "chat", "count"}));
  EXPECT_EQ(list[0].updates.size(), 1u);
}

TEST_F(AutomationTest, DependantFailingLaterJoinsWithANote) {
  run({failing("auth", C::kMajorOutage, "overloaded")});
  clock_.advance(1min);
  run({failing("auth", C::kMajorOutage, "overloaded"),
       failing("chat", C::kMajorOutage, "timeout")});
  auto list = incidents();
  ASSERT_EQ(list.size(), 1u);
  ASSERT_EQ(list[0].updates.size(), 2u);
  EXPECT_EQ(list[0].updates[1].body, "We are also seeing a major outage of Conversations.");
  auto notes = *store_->internal_notes(list[0].id);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_NE(notes[1].body.find("Conversations depends on Token verification"), std::string::npos)
      << notes[1].body;
  EXPECT_EQ(status_of("chat"), C::kMajorOutage);
}

TEST_F(AutomationTest, UnrelatedFailuresAreSeparateIncidents) {
  run({failing("auth", C::kMajorOutage, "x"), failing("api", C::kMajorOutage, "y")});
  EXPECT_EQ(incidents().size(), 2u);
}

TEST_F(AutomationTest, AHumanTakingOverStopsAutomaticUpdates) {
  run({failing("api", C::kMajorOutage, "timeout")});
  IncidentService service(*store_, clock_);
  UpdateRequest human;
  human.status = S::kIdentified;
  human.body = "A bad deploy; rolling back.";
  ASSERT_TRUE(service.post_update(incidents()[0].id, human, "test").ok());
  hold({healthy("api")}, 20min);
  auto i = incidents()[0];
  EXPECT_EQ(timeline(i), (std::vector<S>{S::kInvestigating, S::kIdentified}))
      << "automation posted nothing after the person";
  EXPECT_EQ(status_of("api"), C::kOperational) << "but keeps the component status true";
}

TEST_F(AutomationTest, HandedBackIncidentsAreDrivenByAutomationAgain) {
  run({failing("api", C::kMajorOutage, "timeout")});
  IncidentService service(*store_, clock_);
  std::string id = incidents()[0].id;
  ASSERT_TRUE(service
                  .post_update(
                      id,
                      [] {
                        UpdateRequest r;
                        r.body = "Looking into it.";
                        return r;
                      }(),
                      "test")
                  .ok());
  ASSERT_TRUE(service.hand_back(id, "test").ok());
  hold({healthy("api")}, 10min);
  EXPECT_EQ(incidents()[0].status, S::kResolved);
}

TEST_F(AutomationTest, ComponentsSetByHandAreLeftAlone) {
  IncidentService service(*store_, clock_);
  ASSERT_TRUE(service.set_component_status("api", C::kDegradedPerformance, "test").ok());
  run({failing("api", C::kMajorOutage, "timeout")});
  EXPECT_TRUE(incidents().empty());
  EXPECT_EQ(status_of("api"), C::kDegradedPerformance);
}

TEST_F(AutomationTest, MaintenanceSilencesAutomationUntilTheWindowEnds) {
  IncidentService service(*store_, clock_);
  NewIncident m;
  m.kind = IncidentKind::kMaintenance;
  m.name = "Database upgrade";
  m.component_ids = {"api"};
  m.scheduled_for = clock_.now() + 1min;
  m.scheduled_until = clock_.now() + 31min;
  ASSERT_TRUE(service.open(m, "test").ok());
  clock_.advance(1min);
  ASSERT_TRUE(automation_->run_maintenance().ok());
  EXPECT_EQ(status_of("api"), C::kUnderMaintenance);
  hold({failing("api", C::kMajorOutage, "down for upgrade")}, 20min);
  EXPECT_TRUE(incidents().empty()) << "failures during the window open nothing";
  EXPECT_EQ(status_of("api"), C::kUnderMaintenance);
  clock_.advance(10min);
  ASSERT_TRUE(automation_->run_maintenance().ok());
  IncidentQuery q;
  q.kind = IncidentKind::kMaintenance;
  auto maintenance = (*store_->list_incidents(q))[0];
  EXPECT_EQ(timeline(maintenance), (std::vector<S>{S::kScheduled, S::kInProgress, S::kCompleted}));
  run({failing("api", C::kMajorOutage, "still down")});
  ASSERT_EQ(incidents().size(), 1u) << "a failure that outlasts the window opens an incident";
  EXPECT_EQ(status_of("api"), C::kMajorOutage);
}

TEST_F(AutomationTest, WallClockJumpsNeitherResolveNorOpen) {
  run({failing("api", C::kMajorOutage, "timeout")});
  run({healthy("api")});
  clock_.set(clock_.now() + 24h);  // someone sets the machine's clock a day ahead
  run({healthy("api")});
  EXPECT_EQ(incidents()[0].status, S::kInvestigating);
  clock_.set(clock_.now() - 48h);  // and back
  run({healthy("api")});
  EXPECT_EQ(incidents()[0].updates.size(), 1u);
  EXPECT_EQ(incidents().size(), 1u);
}

// The page indicator over an automatic incident's life: never critical for one component of
// five, and recovery (monitoring, components operational) never makes it worse.
TEST_F(AutomationTest, RecoveryNeverRaisesThePageIndicator) {
  auto page = [&] {
    IncidentQuery open;
    open.state = IncidentQuery::State::kOpen;
    return page_status(*store_->list_components(), *store_->list_incidents(open));
  };
  run({failing("api", C::kMajorOutage, "timeout")});
  EXPECT_EQ(incidents()[0].impact, Impact::kMajor);
  PageStatus during = page();
  EXPECT_EQ(during, (PageStatus{Indicator::kMajor, "Partial System Outage"}));
  hold({healthy("api")}, 3min);
  ASSERT_EQ(incidents()[0].status, S::kMonitoring);
  EXPECT_EQ(page(), (PageStatus{Indicator::kNone, "All Systems Operational"}));
}

TEST_F(AutomationTest, ACriticalComponentOrAWholePageDownIsCritical) {
  AutomationSettings settings;
  settings.critical_components = {"auth"};
  automation_ = std::make_unique<Automation>(*store_, clock_, settings);
  run({failing("auth", C::kMajorOutage, "overloaded")});
  EXPECT_EQ(incidents()[0].impact, Impact::kCritical);
  run({failing("auth", C::kMajorOutage, "overloaded"), failing("api", C::kPartialOutage, "x")});
  for (const auto& i : incidents()) {
    if (i.root_component_id == "api") {
      EXPECT_EQ(i.impact, Impact::kMinor);
    }
  }
  std::vector<ComponentHealth> all;
  for (const char* id : {"api", "auth", "chat", "count", "web"}) {
    all.push_back(failing(id, C::kMajorOutage, "down"));
  }
  run(all);
  for (const auto& i : incidents()) EXPECT_EQ(i.impact, Impact::kCritical) << i.name;
}

// Every public text automation writes, with the defaults: no monitor, node or error in any.
TEST_F(AutomationTest, PublicTextsAreForCustomersAndDetailGoesToNotesAndAlerts) {
  std::vector<std::string> alerts;
  AutomationSettings settings;
  settings.alert = [&](const std::string& text) { alerts.push_back(text); };
  automation_ = std::make_unique<Automation>(*store_, clock_, settings);
  run({failing("api", C::kDegradedPerformance, "response took 1.2s", "10.0.0.7:443")});
  run({failing("api", C::kMajorOutage, "Failed to connect to 10.0.0.7 port 443", "10.0.0.7:443")});
  hold({healthy("api")}, 3min);
  run({failing("api", C::kMajorOutage, "Failed to connect to 10.0.0.7 port 443", "10.0.0.7:443")});
  hold({healthy("api")}, 10min);
  Incident i = incidents()[0];
  std::vector<std::string> bodies;
  for (const auto& u : i.updates) bodies.push_back(u.body);
  EXPECT_EQ(i.name, "Degraded performance of API");
  EXPECT_EQ(bodies, (std::vector<std::string>{
                        "We are investigating degraded performance of API.",
                        "The problem has worsened: we are now seeing a major outage of API. We "
                        "are investigating.",
                        "Service has recovered for API. We are monitoring to make sure it stays "
                        "healthy.",
                        "The problem has returned: we are seeing a major outage of API again. We "
                        "are investigating.",
                        "Service has recovered for API. We are monitoring to make sure it stays "
                        "healthy.",
                        "This incident has been resolved: service has been restored for API.",
                    }));
  auto notes = *store_->internal_notes(i.id);
  EXPECT_EQ(notes.size(), i.updates.size()) << "one internal note per automatic update";
  ASSERT_EQ(alerts.size(), 3u) << "opened, worsened, returned";
  EXPECT_NE(alerts[0].find("Incident opened: Degraded performance of API"), std::string::npos);
  EXPECT_NE(alerts[1].find("Failed to connect to 10.0.0.7 port 443"), std::string::npos);
  EXPECT_NE(alerts[2].find("Incident returned"), std::string::npos);
}

TEST_F(AutomationTest, TemplatesFromTheComponentThenAutomationThenTheDefault) {
  AutomationSettings settings;
  settings.messages[AutoText::kInvestigating] = "Automation-wide: {problem} of {components}.";
  settings.component_messages["auth"][AutoText::kInvestigating] =
      "Sign-in trouble since {start_time} ({impact}) on {page}.";
  settings.component_messages["auth"][AutoText::kTitle] = "Sign-in: {status}";
  settings.page_name = "Acme";
  settings.zone = *TimeZone::locate("Europe/Amsterdam");
  automation_ = std::make_unique<Automation>(*store_, clock_, settings);
  run({failing("auth", C::kMajorOutage, "x"), failing("api", C::kPartialOutage, "y")});
  std::map<std::string, Incident> by_root;
  for (auto& i : incidents()) by_root[i.root_component_id] = i;
  EXPECT_EQ(by_root["api"].updates[0].body, "Automation-wide: a partial outage of API.");
  EXPECT_EQ(by_root["api"].name, "Partial outage of API") << "no title set: the default";
  EXPECT_EQ(by_root["auth"].name, "Sign-in: Major outage");
  std::string started =
      format_in_zone(by_root["auth"].started_at, settings.zone, "%b %d, %H:%M %Z");
  EXPECT_EQ(by_root["auth"].updates[0].body,
            "Sign-in trouble since " + started + " (major) on Acme.");
}

TEST_F(AutomationTest, HealthyComponentsWithoutIncidentsChangeNothing) {
  hold({healthy("api"), healthy("auth")}, 1h);
  EXPECT_TRUE(incidents().empty());
}

}  // namespace
}  // namespace pharos
