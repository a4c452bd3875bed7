#include "incident/incident_service.h"

#include <algorithm>
#include <map>

#include "core/ids.h"
#include "core/log.h"
#include "statuspage/json.h"

namespace pharos {
namespace {

std::vector<ComponentStatusSet> statuses_from(const IncidentUpdate& update, StatusSource source) {
  std::vector<ComponentStatusSet> out;
  for (const auto& change : update.component_changes) {
    out.push_back({change.component_id, change.new_status, source});
  }
  return out;
}

std::string json_text(const Incident* incident) {
  return incident ? boost::json::serialize(statuspage::incident_json(*incident)) : std::string();
}

// The worst status each component keeps because another open incident or maintenance (not
// `closing_id`) set it there: the last status each of them set on it, worst of all. Resolving
// one of two incidents on a component must not report the other's outage as over.
Result<std::map<std::string, ComponentStatus>> kept_by_others(Store& store,
                                                              const std::string& closing_id) {
  IncidentQuery open;
  open.state = IncidentQuery::State::kOpen;
  open.limit = 1000;
  auto incidents = store.list_incidents(open);
  if (!incidents) return incidents.error();
  std::map<std::string, ComponentStatus> kept;
  for (const Incident& other : *incidents) {
    if (other.id == closing_id || other.source == IncidentSource::kVendor) continue;
    std::map<std::string, ComponentStatus> set;
    for (const auto& u : other.updates) {
      for (const auto& change : u.component_changes) set[change.component_id] = change.new_status;
    }
    for (const auto& [component, status] : set) {
      if (status == ComponentStatus::kOperational) continue;
      auto it = kept.find(component);
      kept[component] = it == kept.end() ? status : worst(it->second, status);
    }
  }
  return kept;
}

// Saves `incident` over the version it was read at (a change meanwhile is a conflict), with
// `statuses` set alongside, and takes the version stored.
Result<void> save_over(Store& store, Incident& incident,
                       std::vector<ComponentStatusSet> statuses = {}) {
  auto version = store.save_incident({incident, incident.version, std::move(statuses)});
  if (!version) return version.error();
  incident.version = *version;
  return Ok();
}

}  // namespace

void IncidentService::audit(const std::string& actor, std::string_view action,
                            const std::string& target, const Incident* before,
                            const Incident* after) const {
  if (audit_) audit_->record(actor, action, target, json_text(before), json_text(after));
}

Result<Component> IncidentService::store_component_status(const std::string& actor,
                                                          const Component& before,
                                                          ComponentStatus status,
                                                          StatusSource source) {
  PHAROS_TRY(store_.set_component_status({before.id, status, source}));
  auto updated = store_.find_component(before.id);
  if (!updated) return updated.error();
  const Component& after = **updated;
  log::info("component.status_set",
            {log::kv("id", after.id), log::kv("status", to_string(after.status)),
             log::kv("source", source == StatusSource::kManual ? "manual" : "automatic")});
  if (audit_) {
    audit_->record(actor, "component.update", after.id,
                   boost::json::serialize(statuspage::component_json(before)),
                   boost::json::serialize(statuspage::component_json(after)));
  }
  return after;
}

ComponentStatusLookup IncidentService::lookup() {
  return [this](const std::string& id) -> std::optional<ComponentStatus> {
    auto c = store_.find_component(id);
    if (!c || !c->has_value()) return std::nullopt;
    return (*c)->status;
  };
}

Result<Incident> IncidentService::open(const NewIncident& request, const std::string& actor) {
  // A window that is over cannot be scheduled: it would tell subscribers of maintenance that
  // never comes (and automation would complete it at once). Past work is backfilled instead.
  if (request.kind == IncidentKind::kMaintenance && request.scheduled_until &&
      *request.scheduled_until <= clock_.now()) {
    return Error::invalid("the window has already ended; a maintenance must end in the future",
                          "scheduled_until");
  }
  auto incident = open_incident(request, lookup(), clock_.now(), new_id(), new_id());
  if (!incident) return incident.error();
  IncidentWrite write{*incident, 0,
                      statuses_from(incident->updates.front(), StatusSource::kManual)};
  auto version = store_.save_incident(write);
  if (!version) return version.error();
  incident->version = *version;
  log::info("incident.opened",
            {log::kv("id", incident->id), log::kv("kind", to_string(incident->kind)),
             log::kv("impact", to_string(incident->impact)),
             log::kv("status", to_string(incident->status))});
  audit(actor, incident->is_maintenance() ? "maintenance.create" : "incident.create", incident->id,
        nullptr, &*incident);
  return incident;
}

Result<Incident> IncidentService::store_update(Incident incident, const IncidentUpdate& update) {
  PHAROS_TRY(save_over(store_, incident, statuses_from(update, StatusSource::kManual)));
  log::info("incident.updated",
            {log::kv("id", incident.id), log::kv("status", to_string(incident.status)),
             log::kv("reopened", update.reopened)});
  return incident;
}

Result<Incident> IncidentService::post_update(const std::string& id, const UpdateRequest& request,
                                              const std::string& actor) {
  auto found = store_.find_incident(id);
  if (!found) return found.error();
  if (!found->has_value()) return Error::not_found("no incident with id '" + id + "'", "id");
  const Incident before = **found;
  Incident incident = std::move(**found);
  auto update = apply_update(incident, request, lookup(), clock_.now(), new_id());
  if (!update) return update.error();
  incident.controller = Controller::kHuman;  // humans win: automation stops posting to it
  auto after = store_update(std::move(incident), *update);
  if (!after) return after.error();
  audit(actor, update->reopened ? "incident.reopen" : "incident.update", id, &before, &*after);
  return after;
}

Result<Incident> IncidentService::resolve(const std::string& id, const std::string& body,
                                          const std::string& author, const std::string& actor) {
  auto found = store_.find_incident(id);
  if (!found) return found.error();
  if (!found->has_value()) return Error::not_found("no incident with id '" + id + "'", "id");
  const Incident& incident = **found;
  UpdateRequest request;
  request.status =
      incident.is_maintenance() ? IncidentStatus::kCompleted : IncidentStatus::kResolved;
  request.body = body.empty()
                     ? (incident.is_maintenance() ? "The scheduled maintenance has been completed."
                                                  : "This incident has been resolved.")
                     : body;
  request.author = author;
  auto kept = kept_by_others(store_, id);
  if (!kept) return kept.error();
  // Hand-set components go back to operational under automation, unless another open incident
  // still holds them down: then they keep the worst status those set, by hand.
  std::vector<ComponentStatusSet> statuses;
  for (const auto& component_id : incident.component_ids) {
    auto component = store_.find_component(component_id);
    if (!component) return component.error();
    if (!component->has_value() || (*component)->status_source != StatusSource::kManual) continue;
    auto other = kept->find(component_id);
    ComponentStatus target = other == kept->end() ? ComponentStatus::kOperational : other->second;
    if ((*component)->status == target) continue;
    request.component_statuses.emplace_back(component_id, target);
    statuses.push_back({component_id, target,
                        other == kept->end() ? StatusSource::kAutomatic : StatusSource::kManual});
  }
  Incident next = incident;
  auto update = apply_update(next, request, lookup(), clock_.now(), new_id());
  if (!update) return update.error();
  next.controller = Controller::kHuman;
  PHAROS_TRY(save_over(store_, next, std::move(statuses)));
  log::info("incident.resolved", {log::kv("id", next.id)});
  audit(actor, "incident.resolve", id, &incident, &next);
  return next;
}

Result<Incident> IncidentService::hand_back(const std::string& id, const std::string& actor) {
  auto found = store_.find_incident(id);
  if (!found) return found.error();
  if (!found->has_value()) return Error::not_found("no incident with id '" + id + "'", "id");
  Incident incident = std::move(**found);
  if (incident.source != IncidentSource::kAutomatic) {
    return Error::conflict("only incidents opened by automation can be handed back to it", "id");
  }
  if (!incident.active()) return Error::conflict("the incident is closed", "status");
  Incident before = incident;
  if (incident.controller != Controller::kAutomation) {
    incident.controller = Controller::kAutomation;
    PHAROS_TRY(save_over(store_, incident));
    log::info("incident.handed_back", {log::kv("id", id)});
  }
  audit(actor, "incident.handback", id, &before, &incident);
  return incident;
}

Result<Incident> IncidentService::link_probable_cause(const std::string& id,
                                                      const std::string& cause_id,
                                                      const std::string& author,
                                                      const std::string& actor) {
  auto found = store_.find_incident(id);
  if (!found) return found.error();
  if (!found->has_value()) return Error::not_found("no incident with id '" + id + "'", "id");
  auto cause = store_.find_incident(cause_id);
  if (!cause) return cause.error();
  if (!cause->has_value()) {
    return Error::not_found("no incident with id '" + cause_id + "'", "cause_id");
  }
  Incident incident = std::move(**found);
  if (incident.source == IncidentSource::kVendor) {
    return Error::invalid("a vendor incident cannot have a probable cause linked to it", "id");
  }
  if ((*cause)->source != IncidentSource::kVendor) {
    return Error::invalid("incident '" + cause_id + "' is not a vendor incident", "cause_id");
  }
  Incident before = incident;
  bool linked = std::any_of(incident.probable_causes.begin(), incident.probable_causes.end(),
                            [&](const ProbableCause& c) { return c.incident_id == cause_id; });
  if (linked) {
    audit(actor, "incident.link_cause", id, &before, &incident);
    return incident;
  }
  std::erase(incident.dismissed_causes, cause_id);
  incident.probable_causes.push_back({cause_id, "linked by " + author, clock_.now(), author});
  PHAROS_TRY(save_over(store_, incident));
  log::info("incident.cause_linked", {log::kv("id", id), log::kv("cause", cause_id)});
  audit(actor, "incident.link_cause", id, &before, &incident);
  return incident;
}

Result<Incident> IncidentService::unlink_probable_cause(const std::string& id,
                                                        const std::string& cause_id,
                                                        const std::string& actor) {
  auto found = store_.find_incident(id);
  if (!found) return found.error();
  if (!found->has_value()) return Error::not_found("no incident with id '" + id + "'", "id");
  Incident incident = std::move(**found);
  Incident before = incident;
  auto removed = std::erase_if(incident.probable_causes,
                               [&](const ProbableCause& c) { return c.incident_id == cause_id; });
  if (removed == 0) {
    return Error::not_found("incident '" + id + "' has no probable cause '" + cause_id + "'",
                            "cause_id");
  }
  incident.dismissed_causes.push_back(cause_id);
  PHAROS_TRY(save_over(store_, incident));
  log::info("incident.cause_unlinked", {log::kv("id", id), log::kv("cause", cause_id)});
  audit(actor, "incident.unlink_cause", id, &before, &incident);
  return incident;
}

Result<Component> IncidentService::set_component_status(const std::string& component_id,
                                                        std::optional<ComponentStatus> status,
                                                        const std::string& actor) {
  if (!status) {
    auto handed = hand_back_component(component_id, actor);
    if (!handed) return handed.error();
    return std::move(handed->component);
  }
  auto component = store_.find_component(component_id);
  if (!component) return component.error();
  if (!component->has_value()) {
    return Error::not_found("no component with id '" + component_id + "'", "component");
  }
  return store_component_status(actor, **component, *status, StatusSource::kManual);
}

Result<IncidentService::HandedBack> IncidentService::hand_back_component(
    const std::string& component_id, const std::string& actor) {
  auto component = store_.find_component(component_id);
  if (!component) return component.error();
  if (!component->has_value()) {
    return Error::not_found("no component with id '" + component_id + "'", "component");
  }
  AutomaticStatus automatic = automatic_ ? automatic_(component_id) : AutomaticStatus{};
  // Without monitors nothing would ever move the status again: a hand-set outage would stay
  // on the page forever, so hand-back means "operational".
  ComponentStatus status = !automatic.monitored ? ComponentStatus::kOperational
                                                : automatic.derived.value_or((*component)->status);
  std::string note = !automatic.monitored ? "no monitors watch it: back to operational"
                     : automatic.derived  ? "its monitors say " + std::string(to_string(status))
                                          : "its monitors set its status (within a second of a "
                                            "running pharos serve)";
  auto updated = store_component_status(actor, **component, status, StatusSource::kAutomatic);
  if (!updated) return updated.error();
  return HandedBack{std::move(*updated), std::move(note)};
}

}  // namespace pharos

namespace pharos {
namespace {

Result<Incident> find_for_postmortem(Store& store, const std::string& id) {
  auto found = store.find_incident(id);
  if (!found) return found.error();
  if (!found->has_value()) return Error::not_found("no incident with id '" + id + "'", "id");
  if ((*found)->is_maintenance()) {
    return Error::invalid("maintenances have no post-mortem", "id");
  }
  return std::move(**found);
}

}  // namespace

Result<Incident> IncidentService::save_postmortem(const std::string& id, const std::string& body,
                                                  const std::string& actor) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::invalid("must not be empty", "body");
  }
  if (body.size() > kMaxPostmortemLength) {
    return Error::invalid("must be at most " + std::to_string(kMaxPostmortemLength) + " bytes",
                          "body");
  }
  auto incident = find_for_postmortem(store_, id);
  if (!incident) return incident.error();
  Incident before = *incident;
  Postmortem pm = incident->postmortem.value_or(Postmortem{});
  pm.body = body;
  pm.updated_at = clock_.now();
  incident->postmortem = std::move(pm);
  PHAROS_TRY(save_over(store_, *incident));
  log::info("incident.postmortem_saved", {log::kv("id", id)});
  audit(actor, "postmortem.save", id, &before, &*incident);
  return incident;
}

Result<Incident> IncidentService::publish_postmortem(const std::string& id,
                                                     const PublishPostmortem& request,
                                                     const std::string& actor) {
  auto found = find_for_postmortem(store_, id);
  if (!found) return found.error();
  Incident incident = std::move(*found);
  if (!incident.postmortem) {
    return Error::invalid("there is no post-mortem to publish; save a draft first", "postmortem");
  }
  if (incident.status != IncidentStatus::kResolved &&
      incident.status != IncidentStatus::kPostmortem) {
    return Error::conflict("a post-mortem is published once the incident is resolved", "status");
  }
  Instant now = clock_.now();
  Incident before = incident;
  incident.postmortem->published_at = now;
  // The first publication moves the incident to its final status with a timeline entry; a
  // republication adds one only when subscribers are to hear of it.
  if (incident.status == IncidentStatus::kResolved || request.notify_subscribers) {
    UpdateRequest update;
    update.status = IncidentStatus::kPostmortem;
    update.body = "A postmortem has been published.";
    update.author = request.author;
    update.deliver_notifications = request.notify_subscribers;
    auto posted = apply_update(incident, update, lookup(), now, new_id());
    if (!posted) return posted.error();
  }
  PHAROS_TRY(save_over(store_, incident));
  log::info("incident.postmortem_published",
            {log::kv("id", id), log::kv("notify", request.notify_subscribers)});
  audit(actor, "postmortem.publish", id, &before, &incident);
  return incident;
}

Result<Incident> IncidentService::delete_postmortem(const std::string& id,
                                                    const std::string& actor) {
  auto found = find_for_postmortem(store_, id);
  if (!found) return found.error();
  Incident incident = std::move(*found);
  if (!incident.postmortem) {
    return Error::not_found("incident '" + id + "' has no post-mortem", "postmortem");
  }
  Incident before = incident;
  incident.postmortem.reset();
  PHAROS_TRY(save_over(store_, incident));
  log::info("incident.postmortem_deleted", {log::kv("id", id)});
  audit(actor, "postmortem.delete", id, &before, &incident);
  return incident;
}

Result<Incident> IncidentService::edit_update(const std::string& id, const std::string& update_id,
                                              const UpdateEdit& edit, const std::string& actor) {
  Instant now = clock_.now();
  if (edit.body) {
    if (edit.body->find_first_not_of(" \t\r\n") == std::string::npos) {
      return Error::invalid("must not be empty", "body");
    }
    if (edit.body->size() > kMaxBodyLength) {
      return Error::invalid("must be at most 25000 characters", "body");
    }
  }
  if (edit.display_at && *edit.display_at > now) {
    return Error::invalid("must not be in the future", "display_at");
  }
  auto found = store_.find_incident(id);
  if (!found) return found.error();
  if (!found->has_value()) return Error::not_found("no incident with id '" + id + "'", "id");
  Incident incident = std::move(**found);
  auto it = std::find_if(incident.updates.begin(), incident.updates.end(),
                         [&](const IncidentUpdate& u) { return u.id == update_id; });
  if (it == incident.updates.end()) {
    return Error::not_found("incident '" + id + "' has no update '" + update_id + "'", "update_id");
  }
  Incident before = incident;
  if (edit.body) it->body = *edit.body;
  if (edit.display_at) it->display_at = *edit.display_at;
  it->updated_at = now;
  // Oldest first by the time shown, as the page and the feeds read them.
  std::stable_sort(
      incident.updates.begin(), incident.updates.end(),
      [](const IncidentUpdate& a, const IncidentUpdate& b) { return a.display_at < b.display_at; });
  PHAROS_TRY(save_over(store_, incident));
  log::info("incident.update_edited", {log::kv("id", id), log::kv("update", update_id)});
  audit(actor, "incident_update.update", id + "/" + update_id, &before, &incident);
  return incident;
}

}  // namespace pharos

namespace pharos {
namespace {

Result<void> check_backfill_times(const IncidentService::Backfill& request, Instant now) {
  if (request.started_at > now) return Error::invalid("must be in the past", "backfill_date");
  const auto& updates = request.updates;
  if (updates.empty() || updates.size() > IncidentService::kMaxBackfillUpdates) {
    return Error::invalid(
        "give 1 to " + std::to_string(IncidentService::kMaxBackfillUpdates) + " updates",
        "incident_updates");
  }
  Instant previous = request.started_at;
  for (std::size_t n = 0; n < updates.size(); ++n) {
    const auto& u = updates[n];
    std::string which = "update " + std::to_string(n) + ": ";
    if (u.display_at < previous) {
      return Error::invalid(which +
                                "display_at must not precede backfill_date or the update "
                                "before it",
                            "incident_updates");
    }
    if (u.display_at > now) {
      return Error::invalid(which + "display_at must be in the past", "incident_updates");
    }
    if (is_maintenance_status(u.status) || u.status == IncidentStatus::kPostmortem) {
      return Error::invalid(which + "use investigating, identified, monitoring or resolved",
                            "incident_updates");
    }
    previous = u.display_at;
  }
  if (updates.back().status != IncidentStatus::kResolved) {
    return Error::invalid("the last update must be resolved: a backfilled incident is over",
                          "incident_updates");
  }
  return Ok();
}

}  // namespace

Result<Incident> IncidentService::backfill(const Backfill& request, const std::string& actor) {
  PHAROS_TRY(check_backfill_times(request, clock_.now()));
  const BackfillEntry& first = request.updates.front();
  NewIncident open_request;
  open_request.name = request.name;
  open_request.status = first.status;
  open_request.impact = request.impact;
  open_request.component_ids = request.component_ids;
  open_request.body = first.body;
  open_request.started_at = request.started_at;
  open_request.author = request.author;
  open_request.deliver_notifications = false;
  // The domain builds the incident as if each update were posted at its own time, so statuses,
  // resolved_at and monitoring_at follow the same rules as live incidents.
  auto incident = open_incident(open_request, lookup(), first.display_at, new_id(), new_id());
  if (!incident) return incident.error();
  incident->updates.front().display_at = first.display_at;
  for (std::size_t n = 1; n < request.updates.size(); ++n) {
    const BackfillEntry& entry = request.updates[n];
    UpdateRequest update;
    update.status = entry.status;
    update.body = entry.body;
    update.display_at = entry.display_at;
    update.author = request.author;
    update.deliver_notifications = false;
    auto posted = apply_update(*incident, update, lookup(), entry.display_at, new_id());
    if (!posted) {
      Error e = posted.error();
      if (e.field == "status" || e.field == "body") e.field = "incident_updates";
      e.message = "update " + std::to_string(n) + ": " + e.message;
      return e;
    }
  }
  auto version = store_.save_incident({*incident, 0, {}});
  if (!version) return version.error();
  incident->version = *version;
  log::info("incident.backfilled", {log::kv("id", incident->id)});
  audit(actor, "incident.backfill", incident->id, nullptr, &*incident);
  return incident;
}

Result<RecordOutcome> IncidentService::record_external(const Incident& fresh,
                                                       const ExternalMerge& rule,
                                                       const std::string& actor) {
  auto found = store_.find_incident_by_fingerprint(fresh.fingerprint);
  if (!found) return found.error();
  auto outcome = record_external_incident(store_, fresh, rule, clock_.now());
  if (!outcome || outcome->action == RecordAction::kUnchanged || !audit_) return outcome;
  // Read back for the audit row only: a failed read leaves the stored change standing.
  auto after = store_.find_incident(outcome->incident_id);
  if (after && after->has_value()) {
    audit(actor, "incident.import", outcome->incident_id, found->has_value() ? &**found : nullptr,
          &**after);
  }
  return outcome;
}

Result<Incident> IncidentService::remove(const std::string& id, const std::string& actor) {
  auto found = store_.find_incident(id);
  if (!found) return found.error();
  if (!found->has_value()) return Error::not_found("no incident with id '" + id + "'", "id");
  PHAROS_TRY(store_.delete_incident(id));
  log::info("incident.deleted", {log::kv("id", id)});
  audit(actor, "incident.delete", id, &**found, nullptr);
  return std::move(**found);
}

namespace {

Result<Incident> find_maintenance(Store& store, const std::string& id) {
  auto found = store.find_incident(id);
  if (!found) return found.error();
  if (!found->has_value()) return Error::not_found("no maintenance with id '" + id + "'", "id");
  if (!(*found)->is_maintenance()) return Error::invalid("not a maintenance", "id");
  return std::move(**found);
}

}  // namespace

Result<Incident> IncidentService::reschedule(const std::string& id, const Reschedule& request,
                                             const std::string& actor) {
  auto found = find_maintenance(store_, id);
  if (!found) return found.error();
  Incident incident = std::move(*found);
  const Incident before = incident;
  Instant now = clock_.now();
  bool started = incident.status != IncidentStatus::kScheduled;
  if (!incident.active()) return Error::conflict("the maintenance is over", "status");
  if (started && request.scheduled_for != incident.scheduled_for) {
    return Error::conflict("the maintenance has started: only its end can change", "scheduled_for");
  }
  if (request.scheduled_until <= request.scheduled_for) {
    return Error::invalid("must be after scheduled_for", "scheduled_until");
  }
  if (request.scheduled_until <= now) {
    return Error::invalid("the window would already be over; it must end in the future",
                          "scheduled_until");
  }
  if (!started && request.scheduled_for < now) {
    return Error::invalid("a window that has not started cannot be moved into the past",
                          "scheduled_for");
  }
  incident.scheduled_for = request.scheduled_for;
  incident.scheduled_until = request.scheduled_until;
  if (!started) incident.started_at = request.scheduled_for;
  UpdateRequest update;
  update.body =
      request.body.empty() ? "The maintenance window has been rescheduled." : request.body;
  update.author = request.author;
  update.deliver_notifications = request.notify;
  auto applied = apply_update(incident, update, lookup(), now, new_id());
  if (!applied) return applied.error();
  auto after = store_update(std::move(incident), *applied);
  if (after) audit(actor, "maintenance.reschedule", id, &before, &*after);
  return after;
}

Result<Incident> IncidentService::cancel_maintenance(const std::string& id, const std::string& body,
                                                     const std::string& author,
                                                     const std::string& actor) {
  auto found = find_maintenance(store_, id);
  if (!found) return found.error();
  Incident incident = std::move(*found);
  const Incident before = incident;
  if (incident.status != IncidentStatus::kScheduled) {
    return Error::conflict(
        "only a maintenance that has not started can be cancelled; complete "
        "it instead",
        "status");
  }
  // Statuspage has no "cancelled" status: the window closes as completed with an update that
  // says so, and it is over now (its planned window stays on record in scheduled_for/_until).
  incident.started_at = clock_.now();
  UpdateRequest update;
  update.status = IncidentStatus::kCompleted;
  update.body = body.empty() ? "This scheduled maintenance has been cancelled." : body;
  update.author = author;
  auto applied = apply_update(incident, update, lookup(), clock_.now(), new_id());
  if (!applied) return applied.error();
  auto after = store_update(std::move(incident), *applied);
  if (after) audit(actor, "maintenance.cancel", id, &before, &*after);
  return after;
}

}  // namespace pharos
