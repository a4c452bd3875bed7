#include "domain/lifecycle.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "support/update_request.h"

namespace pharos {
namespace {

using S = IncidentStatus;
const S kAll[] = {S::kInvestigating, S::kIdentified, S::kMonitoring, S::kResolved, S::kPostmortem,
                  S::kScheduled,     S::kInProgress, S::kVerifying,  S::kCompleted};

// The complete table of allowed transitions; everything else must be refused.
const std::map<S, std::set<S>> kIncidentAllowed = {
    {S::kInvestigating, {S::kInvestigating, S::kIdentified, S::kMonitoring, S::kResolved}},
    {S::kIdentified, {S::kInvestigating, S::kIdentified, S::kMonitoring, S::kResolved}},
    {S::kMonitoring, {S::kInvestigating, S::kIdentified, S::kMonitoring, S::kResolved}},
    {S::kResolved,
     {S::kInvestigating, S::kIdentified, S::kMonitoring, S::kResolved, S::kPostmortem}},
    {S::kPostmortem, {S::kPostmortem}},
};
const std::map<S, std::set<S>> kMaintenanceAllowed = {
    {S::kScheduled, {S::kScheduled, S::kInProgress, S::kCompleted}},
    {S::kInProgress, {S::kInProgress, S::kVerifying, S::kCompleted}},
    {S::kVerifying, {S::kInProgress, S::kVerifying, S::kCompleted}},
    {S::kCompleted, {S::kCompleted}},
};

TEST(LifecycleTest, EveryIncidentTransitionAllowedOrRefusedAsSpecified) {
  for (const auto& [from, allowed] : kIncidentAllowed) {
    for (S to : kAll) {
      auto r = check_transition(IncidentKind::kIncident, from, to);
      EXPECT_EQ(r.ok(), allowed.count(to) == 1) << to_string(from) << " → " << to_string(to);
      if (!r.ok()) {
        EXPECT_EQ(r.error().code, ErrorCode::kConflict);
        EXPECT_EQ(r.error().field, "status");
      }
    }
  }
}

TEST(LifecycleTest, EveryMaintenanceTransitionAllowedOrRefusedAsSpecified) {
  for (const auto& [from, allowed] : kMaintenanceAllowed) {
    for (S to : kAll) {
      auto r = check_transition(IncidentKind::kMaintenance, from, to);
      EXPECT_EQ(r.ok(), allowed.count(to) == 1) << to_string(from) << " → " << to_string(to);
    }
  }
}

using testing::upd;

struct Fixture {
  std::map<std::string, ComponentStatus> components{{"api", ComponentStatus::kOperational},
                                                    {"auth", ComponentStatus::kOperational}};
  ComponentStatusLookup lookup() {
    return [this](const std::string& id) -> std::optional<ComponentStatus> {
      auto it = components.find(id);
      if (it == components.end()) return std::nullopt;
      return it->second;
    };
  }
  Instant t(int minutes) {
    return Instant(std::chrono::minutes(minutes) + std::chrono::hours(24 * 19000));
  }
  // Opens an incident at t(0) with ids "i" and "u0".
  Result<Incident> open(std::string name, ComponentStatusChanges statuses = {}) {
    NewIncident req;
    req.name = std::move(name);
    req.component_statuses = std::move(statuses);
    return open_incident(req, lookup(), t(0), "i", "u0");
  }
};

TEST(LifecycleTest, OpenDerivesImpactFromComponentStatuses) {
  Fixture f;
  NewIncident req;
  req.name = "API errors";
  req.component_statuses = {{"api", ComponentStatus::kPartialOutage}};
  auto incident = open_incident(req, f.lookup(), f.t(0), "inc1", "up1");
  ASSERT_TRUE(incident.ok()) << incident.error().message;
  EXPECT_EQ(incident->status, S::kInvestigating);
  EXPECT_EQ(incident->impact, Impact::kMajor);
  EXPECT_EQ(incident->component_ids, std::vector<std::string>{"api"});
  ASSERT_EQ(incident->updates.size(), 1u);
  EXPECT_EQ(incident->updates[0].component_changes,
            (std::vector<ComponentChange>{
                {"api", ComponentStatus::kOperational, ComponentStatus::kPartialOutage}}));
  EXPECT_EQ(incident->started_at, f.t(0));
  EXPECT_FALSE(incident->resolved_at);
}

TEST(LifecycleTest, OpenRefusesBadRequests) {
  Fixture f;
  NewIncident empty;
  EXPECT_EQ(open_incident(empty, f.lookup(), f.t(0), "i", "u").error().field, "name");
  NewIncident unknown;
  unknown.name = "x";
  unknown.component_statuses = {{"nope", ComponentStatus::kMajorOutage}};
  EXPECT_EQ(open_incident(unknown, f.lookup(), f.t(0), "i", "u").error().field, "components");
  NewIncident wrong_kind;
  wrong_kind.name = "x";
  wrong_kind.status = S::kScheduled;
  EXPECT_EQ(open_incident(wrong_kind, f.lookup(), f.t(0), "i", "u").error().field, "status");
  NewIncident window;
  window.kind = IncidentKind::kMaintenance;
  window.name = "DB upgrade";
  EXPECT_EQ(open_incident(window, f.lookup(), f.t(0), "i", "u").error().field, "scheduled_for");
  window.scheduled_for = f.t(60);
  window.scheduled_until = f.t(30);
  EXPECT_EQ(open_incident(window, f.lookup(), f.t(0), "i", "u").error().field, "scheduled_until");
  NewIncident long_name;
  long_name.name = std::string(256, 'x');
  EXPECT_EQ(open_incident(long_name, f.lookup(), f.t(0), "i", "u").error().field, "name");
}

TEST(LifecycleTest, ResolveSetsResolvedAtAndMonitoringAtOnce) {
  Fixture f;
  auto incident = f.open("x");
  ASSERT_TRUE(incident.ok());
  UpdateRequest monitoring = upd(S::kMonitoring, "fix deployed");
  ASSERT_TRUE(apply_update(*incident, monitoring, f.lookup(), f.t(10), "u1").ok());
  EXPECT_EQ(incident->monitoring_at, f.t(10));
  UpdateRequest back = upd(S::kInvestigating, "it came back");
  ASSERT_TRUE(apply_update(*incident, back, f.lookup(), f.t(20), "u2").ok());
  ASSERT_TRUE(apply_update(*incident, monitoring, f.lookup(), f.t(30), "u3").ok());
  EXPECT_EQ(incident->monitoring_at, f.t(10)) << "monitoring_at records the first entry";
  UpdateRequest resolve = upd(S::kResolved, "done");
  ASSERT_TRUE(apply_update(*incident, resolve, f.lookup(), f.t(40), "u4").ok());
  EXPECT_EQ(incident->resolved_at, f.t(40));
  EXPECT_EQ(incident->duration(), std::chrono::seconds(40 * 60));
  EXPECT_EQ(incident->updates.size(), 5u);
}

TEST(LifecycleTest, ReopeningIsRecordedNotANewIncident) {
  Fixture f;
  auto incident = f.open("API down");
  ASSERT_TRUE(incident.ok());
  ASSERT_TRUE(apply_update(*incident, upd(S::kResolved, "ok"), f.lookup(), f.t(9), "u1").ok());
  auto reopened =
      apply_update(*incident, upd(S::kInvestigating, "recurred"), f.lookup(), f.t(120), "u2");
  ASSERT_TRUE(reopened.ok());
  EXPECT_TRUE(reopened->reopened);
  EXPECT_EQ(incident->reopen_count, 1);
  EXPECT_FALSE(incident->resolved_at);
  EXPECT_EQ(incident->id, "i");
  EXPECT_EQ(incident->status, S::kInvestigating);
}

TEST(LifecycleTest, PostmortemOnlyAfterResolve) {
  Fixture f;
  auto incident = f.open("x");
  ASSERT_TRUE(incident.ok());
  auto early = apply_update(*incident, upd(S::kPostmortem, "rca"), f.lookup(), f.t(1), "u1");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(incident->updates.size(), 1u) << "a refused update leaves the incident unchanged";
  ASSERT_TRUE(apply_update(*incident, upd(S::kResolved, "ok"), f.lookup(), f.t(2), "u2").ok());
  ASSERT_TRUE(apply_update(*incident, upd(S::kPostmortem, "rca"), f.lookup(), f.t(3), "u3").ok());
  EXPECT_EQ(incident->resolved_at, f.t(2)) << "resolved_at is kept by the post-mortem";
  EXPECT_FALSE(apply_update(*incident, upd(S::kInvestigating, "x"), f.lookup(), f.t(4), "u4").ok());
}

TEST(LifecycleTest, ImpactRisesWithComponentsAndNeverFallsByItself) {
  Fixture f;
  auto incident = f.open("x", {{"api", ComponentStatus::kDegradedPerformance}});
  ASSERT_TRUE(incident.ok());
  EXPECT_EQ(incident->impact, Impact::kMinor);
  UpdateRequest worse;
  worse.component_statuses = {{"api", ComponentStatus::kMajorOutage}};
  ASSERT_TRUE(apply_update(*incident, worse, f.lookup(), f.t(1), "u1").ok());
  EXPECT_EQ(incident->impact, Impact::kCritical);
  UpdateRequest better;
  better.component_statuses = {{"api", ComponentStatus::kDegradedPerformance}};
  ASSERT_TRUE(apply_update(*incident, better, f.lookup(), f.t(2), "u2").ok());
  EXPECT_EQ(incident->impact, Impact::kCritical);
  UpdateRequest person;
  person.impact = Impact::kMinor;
  ASSERT_TRUE(apply_update(*incident, person, f.lookup(), f.t(3), "u3").ok());
  EXPECT_EQ(incident->impact, Impact::kMinor) << "a person's impact wins";
}

TEST(LifecycleTest, UpdateKeepsStatusWhenNoneGiven) {
  Fixture f;
  NewIncident req;
  req.name = "x";
  req.status = S::kIdentified;
  auto incident = open_incident(req, f.lookup(), f.t(0), "i", "u0");
  ASSERT_TRUE(incident.ok());
  auto u = apply_update(*incident, upd(std::nullopt, "still on it"), f.lookup(), f.t(1), "u1");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->status, S::kIdentified);
  EXPECT_FALSE(apply_update(*incident, UpdateRequest{}, f.lookup(), f.t(2), "u2").ok())
      << "an update with nothing in it is refused";
}

TEST(LifecycleTest, MaintenanceWalksItsOwnLifecycle) {
  Fixture f;
  NewIncident req;
  req.kind = IncidentKind::kMaintenance;
  req.name = "Database upgrade";
  req.scheduled_for = f.t(60);
  req.scheduled_until = f.t(120);
  auto m = open_incident(req, f.lookup(), f.t(0), "m", "u0");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->status, S::kScheduled);
  EXPECT_EQ(m->impact, Impact::kMaintenance);
  EXPECT_EQ(m->started_at, f.t(60));
  ASSERT_TRUE(apply_update(*m, upd(S::kInProgress, "started"), f.lookup(), f.t(60), "u1").ok());
  ASSERT_TRUE(apply_update(*m, upd(S::kVerifying, "checking"), f.lookup(), f.t(100), "u2").ok());
  EXPECT_EQ(m->monitoring_at, f.t(100));
  ASSERT_TRUE(apply_update(*m, upd(S::kCompleted, "done"), f.lookup(), f.t(110), "u3").ok());
  EXPECT_EQ(m->resolved_at, f.t(110));
  EXPECT_FALSE(apply_update(*m, upd(S::kInvestigating, "x"), f.lookup(), f.t(111), "u4").ok());
}

TEST(LifecycleTest, ImpactForComponentStatus) {
  EXPECT_EQ(impact_for(ComponentStatus::kOperational), Impact::kNone);
  EXPECT_EQ(impact_for(ComponentStatus::kDegradedPerformance), Impact::kMinor);
  EXPECT_EQ(impact_for(ComponentStatus::kPartialOutage), Impact::kMajor);
  EXPECT_EQ(impact_for(ComponentStatus::kMajorOutage), Impact::kCritical);
  EXPECT_EQ(impact_for(ComponentStatus::kUnderMaintenance), Impact::kMaintenance);
}

}  // namespace
}  // namespace pharos
