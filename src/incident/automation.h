#pragma once
// Incident automation: turns the health of monitored components into component statuses and
// incidents, the way a careful on-call engineer would, and never into noise.
//
// Worked scenario (automation.monitoring_after 2m, resolve_after 5m, reopen_within 30m):
//   10:00 api's monitors go major_outage (first failing check 09:59:30). api is set major_outage
//         and an incident opens: "Major outage of API", investigating, impact major
//         (automatic_impact in domain/rollup.h: critical only for a component marked critical
//         or a page wholly down), started/detected 09:59:30, first update "We are investigating
//         a major outage of API." The failing monitors, nodes and errors go to an InternalNote
//         on that update and to the admin alert routes — never into the public text.
//   10:01 chat (depends_on api) fails too. It is not a new incident: chat joins api's incident
//         with an update "We are also seeing a major outage of Conversations." (the note says
//         it depends on API).
//   10:04 everything healthy. Components go operational at once; the incident waits.
//   10:06 healthy for 2m → "monitoring".   10:11 healthy 5m more → "resolved".
//   10:20 api fails again: within 30m of resolution, so the same incident is reopened
//         ("recurred"), as in seed 002.
// Probable causes (probable_cause.h): when a failing component depends, directly or through the
// cascade, on a vendor component with an active vendor incident, the incident links it and its
// update says "Probable cause: …". Open automatic incidents are re-checked on every evaluation,
// so a vendor incident Pharos sees only after the own incident opened is linked then (one update
// with the note; a human-driven incident gets the link without an update).
// Public texts come from templates (domain/public_text.h): the root component's `messages:`, then
// its group's, then automation's, then the defaults. Nothing is posted during maintenance.
// A person who posts to the incident takes it over (controller human): automation then only
// keeps component statuses true and posts nothing until it is handed back. Components set by hand
// (status_source manual) and components under an active maintenance are left alone. Hold times
// use the monotonic clock: a wall-clock jump neither resolves nor opens anything.
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/automation_policy.h"
#include "domain/health.h"
#include "domain/lifecycle.h"
#include "domain/public_text.h"
#include "storage/store.h"

namespace pharos {

// The policy from pharos.yaml plus what automation needs from the rest of the instance.
struct AutomationSettings : AutomationPolicy {
  std::map<std::string, std::string> vendor_names;  // slug → display name, for the cause note
  TimeZone zone = TimeZone::utc();                  // the page's, for {start_time}
  std::string page_name;                            // {page}
  // The admin alert routes: called with the internal detail when an incident opens, reopens,
  // worsens or returns. Unset: no alerts.
  std::function<void(const std::string&)> alert;
};

// Detection latency of automatic incidents: first failing check → incident opened (or
// reopened), as a histogram with fixed buckets: a server that runs for months keeps the same
// few bytes (a list of every latency grew without end and /metrics walked all of it).
struct DetectionStats {
  static constexpr std::array<double, 10> kBoundsSeconds = {1,  2,   5,   10,  30,
                                                            60, 120, 300, 600, 1800};
  // Per bucket, the latencies at most its bound and above the one before (not cumulative); the
  // last entry counts those above every bound.
  std::array<std::int64_t, kBoundsSeconds.size() + 1> buckets{};
  std::int64_t count = 0;
  std::chrono::milliseconds sum{0};
  std::optional<std::chrono::milliseconds> last;  // the latest

  void add(std::chrono::milliseconds latency);
};

class Automation {
 public:
  // `store` and `clock` must outlive it. Not thread-safe: call from one thread.
  Automation(Store& store, const Clock& clock, AutomationSettings settings)
      : store_(store), clock_(clock), settings_(settings) {}

  // Applies the latest health of the monitored components (components absent from `health` are
  // not monitored and left alone). Call after every change and periodically (hold timers).
  Result<void> evaluate(const std::vector<ComponentHealth>& health);

  // Moves scheduled maintenances along their windows (scheduled → in_progress at scheduled_for,
  // → completed at scheduled_until) when they allow automatic transitions, setting their
  // components under_maintenance and back.
  Result<void> run_maintenance();

  const DetectionStats& detection() const { return detection_; }
  // Replaces the settings (a config reload: texts, timers, critical components). Open incidents
  // and their hold timers carry on under the new settings.
  void set_settings(AutomationSettings settings) { settings_ = std::move(settings); }

  struct Context;  // one evaluation's view of the store (defined in automation.cpp)

 private:
  Result<void> handle_failures(Context& ctx);
  Result<void> handle_incident(Context& ctx, Incident& incident);
  Result<void> open_or_reopen(Context& ctx, const std::string& root);
  // Posts `request` as automation; `note` (the internal detail) is stored beside the update.
  Result<void> post(Context& ctx, Incident& incident, UpdateRequest request, std::string note);
  // The public text `which` for an incident rooted at `root` (template lookup + variables).
  std::string text(const Context& ctx, AutoText which, const std::string& root,
                   const AutoTextVars& vars) const;
  AutoTextVars vars(const Context& ctx, const std::vector<std::string>& ids, ComponentStatus status,
                    Impact impact, Instant started) const;
  void alert(const Incident& incident, const std::string& what, const std::string& note) const;
  // Links the vendor incidents that newly explain `incident`; the notes they add to its timeline.
  std::vector<std::string> link_causes(const Context& ctx, Incident& incident);
  Result<void> recheck_causes(Context& ctx, Incident& incident);
  // The impact automation gives an incident over `ids` now (automatic_impact, per component).
  Impact impact_of(const Context& ctx, const std::vector<std::string>& ids) const;

  Store& store_;
  const Clock& clock_;
  AutomationSettings settings_;
  DetectionStats detection_;
  std::map<std::string, Millis> healthy_since_;     // incident id → monotonic time
  std::map<std::string, Millis> monitoring_since_;  // incident id → monotonic time
};

}  // namespace pharos
