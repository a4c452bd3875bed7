#pragma once
// Manual incident operations: what a person does from the CLI, the admin UI or the management
// API. Applies the domain lifecycle and stores the result in one transaction.
//
// Audit: every change is recorded in the audit log (when the service has one) right after it
// committed, by the service itself, so every entry point gets it: the caller passes `actor`
// ("user:<name>" from the API and the admin UI, "cli:<login>" from the CLI); the action names are
// the management API's ("incident.create", "incident.update", "incident.reopen",
// "incident.resolve", "maintenance.reschedule", "maintenance.cancel", "component.update", …)
// and before/after are statuspage::incident_json / component_json text. A failed audit write is
// logged, never an error (storage/audit_log.h).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/lifecycle.h"
#include "incident/external_incident.h"
#include "storage/audit_log.h"
#include "storage/store.h"

namespace pharos {

// The longest post-mortem body accepted, in bytes.
inline constexpr std::size_t kMaxPostmortemLength = 100000;

class IncidentService {
 public:
  // `store`, `clock` and `audit` must outlive the service; null `audit`: changes are not audited
  // (tests, the demo seeding).
  IncidentService(Store& store, const Clock& clock, const AuditLog* audit = nullptr)
      : store_(store), clock_(clock), audit_(audit) {}

  // Opens an incident or schedules a maintenance; sets the requested component statuses.
  Result<Incident> open(const NewIncident& request, const std::string& actor);
  // Posts an update. A person posting to an automatic incident takes it over (automation stops
  // posting to it). Errors: kNotFound, kConflict (illegal transition, concurrent change).
  // Audited as "incident.reopen" when the update reopened a closed incident.
  Result<Incident> post_update(const std::string& id, const UpdateRequest& request,
                               const std::string& actor);
  // Resolves (maintenance: completes) with an optional closing note. Components this incident
  // set by hand and that are still not operational return to operational under automatic
  // control — unless another open incident or maintenance set them down too: those keep the
  // worst status the others set (still by hand), so closing one of two incidents on a component
  // does not report the other's outage as over.
  Result<Incident> resolve(const std::string& id, const std::string& body,
                           const std::string& author, const std::string& actor);

  // ---- maintenance windows ----
  //
  //   open({kind maintenance, window 10:00–12:00}) at 13:00  → kInvalidArgument
  //     "scheduled_until": a window already over is refused (and notifies nobody)
  //   reschedule(m, {11:00–13:00}) while scheduled           → window moved, started_at
  //     follows it, one "Update" on the timeline, subscribers told once
  //   reschedule(m, {same start, 14:00}) while in progress   → the end moves; a new start
  //     is refused (kConflict "scheduled_for")
  //   cancel_maintenance(m) while scheduled                  → completed now with "This
  //     scheduled maintenance has been cancelled." (Statuspage has no cancelled status); the
  //     planned window stays in scheduled_for/_until. Started windows are completed instead.
  struct Reschedule {
    Instant scheduled_for{};
    Instant scheduled_until{};
    std::string body;  // empty: "The maintenance window has been rescheduled."
    std::string author;
    bool notify = true;
  };
  // Errors: kNotFound/kInvalidArgument "id" (unknown, not a maintenance); kConflict "status"
  // (over), "scheduled_for" (started); kInvalidArgument "scheduled_until" (not after the start,
  // or not in the future), "scheduled_for" (a future window moved into the past).
  Result<Incident> reschedule(const std::string& id, const Reschedule& request,
                              const std::string& actor);
  // Errors: kNotFound/kInvalidArgument "id"; kConflict "status" once the window started.
  Result<Incident> cancel_maintenance(const std::string& id, const std::string& body,
                                      const std::string& author, const std::string& actor);

  // Hands an automatic incident that a person took over back to automation, which then posts
  // its updates and resolves it again. Errors: kNotFound; kConflict when the incident was not
  // opened by automation or is closed.
  Result<Incident> hand_back(const std::string& id, const std::string& actor);

  // Links vendor incident `cause_id` to incident `id` as its probable cause, by `author` (a user
  // name); shown on the incident page, in the management API ("probable_causes") and the admin
  // UI. Linking a linked cause again changes nothing; a cause a person had unlinked is linked
  // again. No timeline update is posted. Errors: kNotFound (either id), kInvalidArgument when
  // `cause_id` is not a vendor incident or `id` is one (field "cause_id" / "id").
  Result<Incident> link_probable_cause(const std::string& id, const std::string& cause_id,
                                       const std::string& author, const std::string& actor);
  // Removes the link and remembers the dismissal, so automation does not link it again.
  // Errors: kNotFound (incident unknown, or `cause_id` not linked to it).
  Result<Incident> unlink_probable_cause(const std::string& id, const std::string& cause_id,
                                         const std::string& actor);

  // ---- post-mortems (incidents only; one Markdown body per incident, see Postmortem) ----
  //
  //   save_postmortem(id, "# Description\n…")     draft saved, published_at unset, not public
  //   (incident resolved) publish_postmortem(id, {.notify_subscribers = true, .author = "ada"})
  //     → published_at = now, shown on the incident page; the incident moves resolved →
  //       postmortem with a timeline update "A postmortem has been published." whose
  //       deliver_notifications is notify_subscribers (so subscribers hear of it only if asked,
  //       like Statuspage's notify_subscribers on publish)
  //   save_postmortem(id, "…fixed typo…")          a published post-mortem is edited in place
  //                                                 (published_at kept; no notification)
  //   publish again                                 published_at refreshed; a timeline update
  //                                                 only if notify_subscribers
  //   delete_postmortem(id)                         removed, draft or published; the timeline
  //                                                 keeps its entries as history

  // Saves `body` (Markdown, 1–kMaxPostmortemLength bytes) as the incident's post-mortem.
  // Errors: kNotFound ("id"); kInvalidArgument "body" (empty or too long), "id" (a maintenance).
  Result<Incident> save_postmortem(const std::string& id, const std::string& body,
                                   const std::string& actor);
  struct PublishPostmortem {
    bool notify_subscribers = false;  // post the timeline update with notifications on
    std::string author;               // user name for the timeline update
  };
  // Publishes the saved post-mortem. Errors: kNotFound ("id"); kInvalidArgument "postmortem"
  // when none was saved; kConflict "status" while the incident is not resolved.
  Result<Incident> publish_postmortem(const std::string& id, const PublishPostmortem& request,
                                      const std::string& actor);
  // Removes the post-mortem (draft or published). Errors: kNotFound ("id", or "postmortem"
  // when there is none).
  Result<Incident> delete_postmortem(const std::string& id, const std::string& actor);

  // ---- editing the timeline ----
  // Statuspage's "edit incident update": corrects an update's body and/or the time shown for
  // it (display_at; the update's created_at stays the true posting time). Notifies nobody and
  // changes no status. Updates stay ordered by display_at.
  //   edit_update(id, u2, {.display_at = 14:05})  → u2 now shows 14:05, updated_at = now
  // Errors: kNotFound ("id", "update_id"); kInvalidArgument "body" (empty or over 25000 bytes),
  // "display_at" (in the future: back-dating is the point, forward-dating would show an update
  // that has not happened yet); kConflict on a concurrent change.
  struct UpdateEdit {
    std::optional<std::string> body;
    std::optional<Instant> display_at;
  };
  Result<Incident> edit_update(const std::string& id, const std::string& update_id,
                               const UpdateEdit& edit, const std::string& actor);

  // ---- backfill: recording an incident that happened before it was on the page ----
  //
  //   backfill({.name = "Login outage", .started_at = Mar 3 09:12,
  //             .updates = {{investigating, "Logins fail", 09:12}, {resolved, "Fixed", 10:40}}})
  //     → a resolved incident started 09:12, resolved 10:40, two timeline entries at those times,
  //       deliver_notifications false on each: subscribers hear nothing, component statuses are
  //       not touched (it is history), the page's history and uptime show it.
  struct BackfillEntry {
    IncidentStatus status = IncidentStatus::kResolved;
    std::string body;
    Instant display_at{};
  };
  struct Backfill {
    std::string name;
    std::optional<Impact> impact;
    std::vector<std::string> component_ids;
    Instant started_at{};
    // Oldest first; the last one resolved. Times from started_at to now, never decreasing.
    std::vector<BackfillEntry> updates;
    std::string author;
  };
  // The longest backfilled timeline accepted.
  static constexpr std::size_t kMaxBackfillUpdates = 50;
  // Stores the whole past incident in one transaction. Errors: kInvalidArgument naming
  // "backfill_date" (in the future), "incident_updates" (none, too many, out of order, before
  // started_at, in the future, not ending resolved, a maintenance or postmortem status; the
  // message names the entry), "name", "body", "component_ids" (unknown component).
  Result<Incident> backfill(const Backfill& request, const std::string& actor);

  // Records an incident read from outside (an imported report): created, or merged into the
  // stored one with its fingerprint by the rule of external_incident.h. Component statuses are
  // not touched (the incident names the page's components only as text). Audited as
  // "incident.import" when something changed.
  Result<RecordOutcome> record_external(const Incident& fresh, const ExternalMerge& rule,
                                        const std::string& actor);

  // Deletes the incident with its timeline; returns it as it was. Errors: kNotFound ("id").
  Result<Incident> remove(const std::string& id, const std::string& actor);

  // Sets a component's status by hand, or hands it back to automation when `status` is nullopt
  // (hand_back_component).
  Result<Component> set_component_status(const std::string& component_id,
                                         std::optional<ComponentStatus> status,
                                         const std::string& actor);

  // What automation knows of a component: whether a monitor watches it and, in a process that
  // runs the monitors, the status they derive now.
  struct AutomaticStatus {
    bool monitored = false;
    std::optional<ComponentStatus> derived;
  };
  using AutomaticStatusLookup = std::function<AutomaticStatus(const std::string& component_id)>;
  // Set at wiring, before any other thread uses the service. Without one, every component
  // counts as unmonitored.
  void set_automatic_status(AutomaticStatusLookup lookup) { automatic_ = std::move(lookup); }

  // Hands a component back to automation, which sets its status at once:
  //   no monitor watches it        → operational ("no monitors: back to operational")
  //   monitors, derived status known (serve) → that status
  //   monitors, not known here (the CLI)     → unchanged until the server's automation applies
  //                                            its monitors' status (within a second)
  // `note` says which, for people. Errors: kNotFound ("component").
  struct HandedBack {
    Component component;
    std::string note;
  };
  Result<HandedBack> hand_back_component(const std::string& component_id, const std::string& actor);

 private:
  ComponentStatusLookup lookup();
  Result<Incident> store_update(Incident incident, const IncidentUpdate& update);
  // Records a committed change (no-op without an audit log); null before/after: "".
  void audit(const std::string& actor, std::string_view action, const std::string& target,
             const Incident* before, const Incident* after) const;
  // Stores `status` (set by `source`) on the component `before` is, then logs the change and
  // records it as "component.update" (no audit without an audit log); the component as it is now.
  Result<Component> store_component_status(const std::string& actor, const Component& before,
                                           ComponentStatus status, StatusSource source);

  Store& store_;
  const Clock& clock_;
  const AuditLog* audit_;
  AutomaticStatusLookup automatic_;
};

}  // namespace pharos
