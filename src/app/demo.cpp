// The built-in demo: its config, and a history like the seed reports, written as it would have
// happened, one step at a time, with a clock set to each step's time.
#include "app/demo.h"

#include <chrono>

#include "incident/incident_service.h"
#include "storage/store.h"

namespace pharos {

const std::string& demo_config_yaml() {
  static const std::string kYaml = R"yaml(
page: { name: Acme, url: "http://127.0.0.1:8080", time_zone: Europe/Amsterdam,
        webhook_subscriptions: true }
listen: 127.0.0.1:8080
groups:
  - { id: platform, name: Platform, description: The core of the Acme service }
  - { id: apps, name: Applications }
components:
  - { id: api, name: API, group: platform, description: Public REST API, depends_on: [auth, db] }
  - { id: auth, name: Token verification, group: platform }
  - { id: db, name: Database, group: platform }
  - { id: web, name: Web app, group: apps, depends_on: [api] }
  - { id: chat, name: Conversations, group: apps, depends_on: [api] }
  - { id: count, name: Conversation counts, group: apps, depends_on: [auth] }
  - { id: cdn, name: CDN }
monitors:
  # A job reports in with: curl -X POST http://127.0.0.1:8080/api/push/demo-nightly-backup
  - { name: nightly-backup, component: db, kind: heartbeat, every: 24h, grace: 1h,
      token: demo-nightly-backup }
automation: { resolve_after: 5m, reopen_within: 30m }
)yaml";
  return kYaml;
}

namespace {

// The demo's history is seeded without an audit log; the name is what a log would show.
constexpr const char* kDemoActor = "demo";

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

struct Step {
  Millis at;  // since the incident began
  IncidentStatus status;
  const char* body;
  ComponentStatusChanges components;
};

class Seeder {
 public:
  Seeder(Store& store, FakeClock& clock) : service_(store, clock), clock_(clock) {}

  // Opens an incident at `start` from steps[0], then posts the other steps at their offsets.
  Result<void> incident(Instant start, const char* name, Impact impact, std::vector<Step> steps,
                        std::vector<std::string> attach = {}) {
    clock_.set(start);
    NewIncident request;
    request.name = name;
    request.impact = impact;
    request.status = steps[0].status;
    request.body = steps[0].body;
    request.component_statuses = steps[0].components;
    request.component_ids = std::move(attach);
    request.detected_at = start;
    request.author = "demo";
    auto opened = service_.open(request, kDemoActor);
    if (!opened) return opened.error();
    ++created_;
    for (size_t i = 1; i < steps.size(); ++i) {
      clock_.set(start + steps[i].at);
      UpdateRequest update;
      update.status = steps[i].status;
      update.body = steps[i].body;
      update.component_statuses = steps[i].components;
      update.author = "demo";
      auto posted = service_.post_update(opened->id, update, kDemoActor);
      if (!posted) return posted.error();
    }
    return Ok();
  }

  Result<void> maintenance(Instant created, Instant from, Instant until, const char* name,
                           const char* body, std::vector<std::string> components, bool complete) {
    clock_.set(created);
    NewIncident request;
    request.kind = IncidentKind::kMaintenance;
    request.name = name;
    request.body = body;
    request.scheduled_for = from;
    request.scheduled_until = until;
    request.component_ids = std::move(components);
    request.author = "demo";
    auto opened = service_.open(request, kDemoActor);
    if (!opened) return opened.error();
    ++created_;
    if (!complete) return Ok();
    const std::pair<Instant, IncidentStatus> moves[] = {
        {from, IncidentStatus::kInProgress},
        {until - minutes(10), IncidentStatus::kVerifying},
        {until, IncidentStatus::kCompleted}};
    const char* bodies[] = {"Scheduled maintenance is currently in progress.",
                            "The work is done; we are verifying that everything runs normally.",
                            "The scheduled maintenance has been completed."};
    for (size_t i = 0; i < 3; ++i) {
      clock_.set(moves[i].first);
      UpdateRequest update;
      update.status = moves[i].second;
      update.body = bodies[i];
      update.author = "demo";
      auto posted = service_.post_update(opened->id, update, kDemoActor);
      if (!posted) return posted.error();
    }
    return Ok();
  }

  int created() const { return created_; }

 private:
  IncidentService service_;
  FakeClock& clock_;
  int created_ = 0;
};

constexpr auto kOk = ComponentStatus::kOperational;
constexpr auto kDegraded = ComponentStatus::kDegradedPerformance;
constexpr auto kPartial = ComponentStatus::kPartialOutage;
constexpr auto kMajor = ComponentStatus::kMajorOutage;
using S = IncidentStatus;

// The seeds as data, one update a line or two: clang-format would break their sentences apart.
// clang-format off
// Seed 002: a critical outage that flapped between monitoring and investigating for days.
Result<void> api_down(Seeder& s, Instant start) {
  return s.incident(start, "API down", Impact::kCritical, {
      {Millis(0), S::kInvestigating, "The API is currently down, so the web app does not load and "
       "users cannot log in. We are investigating and hope to have a solution as soon as possible.",
       {{"api", kMajor}, {"web", kMajor}, {"chat", kPartial}}},
      {minutes(1), S::kInvestigating, "We are continuing to investigate this issue.", {}},
      {minutes(9), S::kMonitoring, "The API is back up. The instances serving requests became "
       "unresponsive and recovered by themselves; we are still determining the underlying issue.",
       {{"api", kDegraded}, {"web", kOk}, {"chat", kOk}}},
      {hours(2), S::kInvestigating, "Unfortunately, the API outage has reoccurred. We are "
       "investigating and will keep you updated.", {{"api", kMajor}}},
      {hours(2) + minutes(23), S::kMonitoring, "We found a likely cause: health probes on the "
       "servers were too conservative, so healthy servers were **restarted in a loop**. A change "
       "that relaxes them is deployed; we are monitoring.", {{"api", kDegraded}}},
      {days(1) + hours(1), S::kIdentified, "One server became unresponsive twice and was removed "
       "from rotation. Some requests timed out during that time.", {}},
      {days(2) + hours(3), S::kMonitoring, "Overnight we deployed stronger servers and fixed "
       "several memory leaks. We are monitoring the servers as the day goes on.", {}},
      {days(3) + hours(7), S::kMonitoring, "A sick server that stayed sick after a restart caused "
       "connection errors for 40 minutes. Requests are now only routed to healthy servers.", {}},
      {days(6) + hours(20), S::kMonitoring, "A short burst of 503 errors this morning was caused by "
       "an outage at our CDN provider, not by the API itself.", {}},
      {days(8) + hours(5), S::kResolved, "There were no restarts or downtime today. We are "
       "confident the servers are stable and are closing this incident.", {{"api", kOk}}},
  });
}

// Seed 000: a minor incident whose cause was an expired access token.
Result<void> expired_token(Seeder& s, Instant start) {
  return s.incident(start, "Errors when opening conversations", Impact::kMinor, {
      {Millis(0), S::kInvestigating, "Some users get a generic error when opening conversations. "
       "This appears tied to slowness in one of our services.", {{"chat", kDegraded}}},
      {minutes(47), S::kIdentified, "Rolling restarts of the conversation service are under way. "
       "You may be logged out briefly.", {}},
      {hours(1) + minutes(33), S::kIdentified, "Restarts are complete but errors continue in parts "
       "of the app. We are still diagnosing.", {}},
      {days(2) + hours(4), S::kIdentified, "The cause is an **expired access token** for the file "
       "storage system. We are renewing it; another round of restarts will follow.", {}},
      {days(2) + hours(18) + minutes(31), S::kMonitoring, "Access tokens are renewed and the "
       "service is restarting. We are monitoring to confirm.", {}},
      {days(2) + hours(18) + minutes(59), S::kResolved, "Conversations have returned to normal. "
       "Thank you for your patience.", {{"chat", kOk}}},
  });
}

// Seed 004: token verification overload cascading into dependent services.
Result<void> token_cascade(Seeder& s, Instant start) {
  return s.incident(start, "Conversations not loading", Impact::kCritical, {
      {Millis(0), S::kInvestigating, "Conversations are not loading. Chatbots keep working on "
       "their channels; conversations will be visible again once this is resolved.",
       {{"auth", kMajor}, {"chat", kPartial}, {"count", kMajor}}},
      {hours(1), S::kIdentified, "Excessive token refreshing overloaded the token verification "
       "servers, which backed up requests to the services that depend on them.", {}},
      {hours(10), S::kMonitoring, "A fix is deployed. Everything is running again except the "
       "conversation counts.", {{"auth", kOk}, {"chat", kOk}, {"count", kPartial}}},
      {hours(25), S::kResolved, "Conversation counts are back. If you have trouble logging in, "
       "clear your browser cache and try again.", {{"count", kOk}}},
  });
}

// Seed 001: one node behind the load balancer silently answered 404.
Result<void> sick_node(Seeder& s, Instant start) {
  return s.incident(start, "Intermittent failures in the web app", Impact::kMinor, {
      {Millis(0), S::kInvestigating, "Our monitoring found intermittent failures: some requests "
       "to the web app fail with 404.", {{"web", kPartial}}},
      {minutes(27), S::kIdentified, "One of the hosting nodes did not come back properly after an "
       "update; the load balancer kept sending it a share of the traffic.", {}},
      {minutes(54), S::kMonitoring, "The node has been restarted. We continue to monitor.",
       {{"web", kOk}}},
      {hours(3), S::kResolved, "This incident has been resolved. Health checks now test every "
       "node, not just the load balancer.", {}},
  });
}

// Seed 003: slowness from an ever-growing number of open connections, with a post-mortem.
Result<void> connection_leak(Seeder& s, Instant start) {
  return s.incident(start, "Slow responses from the API for some customers", Impact::kMajor, {
      {Millis(0), S::kInvestigating, "Some customers see slow responses and occasional errors from "
       "the API. We are investigating.", {{"api", kDegraded}, {"db", kDegraded}}},
      {hours(3), S::kIdentified, "The database connection pool is exhausted: the number of open "
       "connections kept growing. A restart with a larger pool is required (about 15 minutes).",
       {{"api", kPartial}}},
      {hours(4), S::kMonitoring, "The fix is in place; we are monitoring for the next two hours.",
       {{"api", kOk}, {"db", kOk}}},
      {hours(6) + minutes(18), S::kResolved, "This incident has been resolved.", {}},
      {days(4), S::kPostmortem,
       "## Description\nSlow responses and errors for a small group of customers.\n\n"
       "## Type of event\nPerformance degradation\n\n## Services impacted\nAPI, Database\n\n"
       "## Root cause\nAn ever-growing list of open database connections maxed out the pool.\n\n"
       "## Remediation\n- Restarted the service with a larger pool\n- Added a replica\n\n"
       "## Preventative action\nAlerts on open connections (threshold and trend) are now in place.",
       {}},
  });
}

// clang-format on

}  // namespace

Result<int> seed_demo_history(const std::string& storage_url, Instant now) {
  FakeClock clock(now);
  auto store = open_store(storage_url, clock);
  if (!store) return store.error();
  IncidentQuery any;
  any.limit = 1;
  auto existing = (*store)->list_incidents(any);
  if (!existing) return existing.error();
  if (!existing->empty()) return 0;

  Seeder s(**store, clock);
  Instant today = std::chrono::floor<days>(now);
  PHAROS_TRY(api_down(s, today - days(76) + hours(19) + minutes(22)));
  PHAROS_TRY(expired_token(s, today - days(43) + hours(18) + minutes(15)));
  PHAROS_TRY(s.maintenance(today - days(33), today - days(30) + hours(1),
                           today - days(30) + hours(3), "Database upgrade to a new major version",
                           "We will upgrade the database. The API may answer slowly for a few "
                           "minutes during the window.",
                           {"db"}, true));
  PHAROS_TRY(connection_leak(s, today - days(22) + hours(14) + minutes(33)));
  PHAROS_TRY(token_cascade(s, today - days(12) + hours(7) + minutes(30)));
  PHAROS_TRY(sick_node(s, today - days(4) + hours(15) + minutes(45)));
  PHAROS_TRY(s.maintenance(now - hours(2), today + days(3) + hours(1), today + days(3) + hours(2),
                           "CDN certificate rotation",
                           "We will rotate the CDN's TLS certificates. No downtime is expected; "
                           "a few requests may be retried.",
                           {"cdn"}, false));
  PHAROS_TRY(s.incident(now - minutes(38), "Elevated API latency", Impact::kMinor,
                        {
                            {Millis(0),
                             S::kInvestigating,
                             "API response times are higher than usual. We are "
                             "investigating.",
                             {{"api", kDegraded}}},
                            {minutes(21),
                             S::kIdentified,
                             "A slow query on the database is the cause. A fix is being "
                             "deployed.",
                             {}},
                        }));
  return s.created();
}

}  // namespace pharos
