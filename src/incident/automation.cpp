#include "incident/automation.h"

#include <algorithm>
#include <set>

#include "core/duration.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/text.h"
#include "domain/lifecycle.h"
#include "domain/rollup.h"
#include "incident/probable_cause.h"

namespace pharos {

void DetectionStats::add(std::chrono::milliseconds latency) {
  double seconds = std::chrono::duration<double>(latency).count();
  std::size_t bucket = 0;
  while (bucket < kBoundsSeconds.size() && seconds > kBoundsSeconds[bucket]) ++bucket;
  ++buckets[bucket];
  ++count;
  sum += latency;
  last = latency;
}

struct Automation::Context {
  Instant now{};
  Millis mono{};
  std::map<std::string, Component> components;
  std::map<std::string, const ComponentHealth*> health;  // monitored, automatic, not in maintenance
  std::vector<Incident> open;                            // open automatic incidents
  std::map<std::string, size_t> assigned;                // component → index in `open`
  std::map<std::string, ComponentStatus> pending;        // statuses still to apply
  std::vector<Incident> vendor_incidents;                // active vendor incidents

  bool failing(const std::string& id) const {
    auto it = health.find(id);
    return it != health.end() && it->second->status != ComponentStatus::kOperational;
  }
  std::string name(const std::string& id) const {
    auto it = components.find(id);
    return it == components.end() ? id : it->second.name;
  }
  ComponentStatusLookup lookup() const {
    return [this](const std::string& id) -> std::optional<ComponentStatus> {
      auto it = components.find(id);
      if (it == components.end()) return std::nullopt;
      return it->second.status;
    };
  }
};

namespace {

// The failing component at the bottom of `id`'s failing dependencies (itself when none fail).
std::string find_root(const Automation::Context& ctx, const std::string& id,
                      std::set<std::string>& seen) {
  if (!seen.insert(id).second) return id;
  auto it = ctx.components.find(id);
  if (it == ctx.components.end()) return id;
  for (const auto& dep : it->second.depends_on) {
    if (ctx.failing(dep)) return find_root(ctx, dep, seen);
  }
  return id;
}

// The internal detail, for the admin view and alerts only: "API is in major outage. api-health
// failed on 10.0.0.12 (HTTP 404, expected 200)." — at most five failures per component.
std::string describe(const Automation::Context& ctx, const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    auto it = ctx.health.find(id);
    if (it == ctx.health.end()) continue;
    const ComponentHealth& h = *it->second;
    out += ctx.name(id) + " is in " + to_lower(label(h.status)) + ".";
    size_t shown = 0;
    for (const auto& f : h.failures) {
      if (shown++ == 5) {
        out += " (" + std::to_string(h.failures.size() - 5) + " more failures)";
        break;
      }
      out += " " + f.monitor + " failed" + (f.node.empty() ? "" : " on " + f.node) +
             (f.location.empty() ? "" : " from " + f.location) +
             (f.error.empty() ? "" : ": " + f.error) + ".";
    }
    out += "\n";
  }
  if (!out.empty()) out.pop_back();
  return out;
}

std::optional<Instant> earliest_failure(const Automation::Context& ctx,
                                        const std::vector<std::string>& ids) {
  std::optional<Instant> earliest;
  for (const auto& id : ids) {
    auto it = ctx.health.find(id);
    if (it == ctx.health.end() || !it->second->failing_since) continue;
    if (!earliest || *it->second->failing_since < *earliest) earliest = it->second->failing_since;
  }
  return earliest;
}

// The worst component status an incident's updates recorded: what {problem} means once its
// components are healthy again (monitoring, resolved).
ComponentStatus worst_recorded(const Incident& incident) {
  ComponentStatus out = ComponentStatus::kOperational;
  for (const auto& u : incident.updates) {
    for (const auto& change : u.component_changes) {
      if (change.new_status != ComponentStatus::kUnderMaintenance) {
        out = worst(out, change.new_status);
      }
    }
  }
  return out;
}

ComponentStatus worst_now(const Automation::Context& ctx, const std::vector<std::string>& ids) {
  ComponentStatus out = ComponentStatus::kOperational;
  for (const auto& id : ids) {
    auto it = ctx.health.find(id);
    if (it != ctx.health.end()) out = worst(out, it->second->status);
  }
  return out;
}

std::string with_notes(std::string body, const std::vector<std::string>& notes) {
  for (const auto& note : notes) body += "\n\n" + note;
  return body;
}

}  // namespace

AutoTextVars Automation::vars(const Context& ctx, const std::vector<std::string>& ids,
                              ComponentStatus status, Impact impact, Instant started) const {
  AutoTextVars v;
  for (const auto& id : ids) v.components.push_back(ctx.name(id));
  v.status = status;
  v.impact = impact;
  v.start_time = format_in_zone(started, settings_.zone, "%b %d, %H:%M %Z");
  v.page = settings_.page_name;
  return v;
}

std::string Automation::text(const Context& ctx, AutoText which, const std::string& root,
                             const AutoTextVars& v) const {
  auto from = [&](const std::map<std::string, AutoTexts>& by,
                  const std::string& key) -> const std::string* {
    auto texts = by.find(key);
    if (texts == by.end()) return nullptr;
    auto it = texts->second.find(which);
    return it == texts->second.end() ? nullptr : &it->second;
  };
  auto component = ctx.components.find(root);
  const std::string* chosen = from(settings_.component_messages, root);
  if (!chosen && component != ctx.components.end()) {
    chosen = from(settings_.group_messages, component->second.group_id);
  }
  if (!chosen) {
    auto it = settings_.messages.find(which);
    if (it != settings_.messages.end()) chosen = &it->second;
  }
  return render_template(chosen ? std::string_view(*chosen) : default_template(which), v);
}

void Automation::alert(const Incident& incident, const std::string& what,
                       const std::string& note) const {
  if (!settings_.alert) return;
  settings_.alert("Incident " + what + ": " + incident.name + " (" + incident.id + ")\n" + note);
}

std::vector<std::string> Automation::link_causes(const Context& ctx, Incident& incident) {
  std::vector<std::string> notes;
  for (auto& cause : new_probable_causes(incident, ctx.components, ctx.vendor_incidents,
                                         settings_.vendor_names, ctx.now, "automation")) {
    for (const auto& v : ctx.vendor_incidents) {
      if (v.id != cause.incident_id) continue;
      notes.push_back(probable_cause_note(v, vendor_display_name(settings_.vendor_names, v.vendor),
                                          cause.reason));
      log::info("automation.probable_cause",
                {log::kv("incident", incident.id), log::kv("cause", v.id)});
    }
    incident.probable_causes.push_back(std::move(cause));
  }
  return notes;
}

// A vendor incident seen after the own incident opened is linked now. Automation records it with
// an update carrying the note; a human-driven incident only gets the link (people own its
// timeline, and the admin dashboard shows the link).
Result<void> Automation::recheck_causes(Context& ctx, Incident& incident) {
  if (ctx.vendor_incidents.empty() || !incident.active()) return Ok();
  auto notes = link_causes(ctx, incident);
  if (notes.empty()) return Ok();
  if (incident.controller == Controller::kAutomation) {
    UpdateRequest request;
    for (const auto& note : notes) request.body += (request.body.empty() ? "" : "\n\n") + note;
    return post(ctx, incident, std::move(request), {});
  }
  auto version = store_.save_incident({incident, incident.version, {}});
  if (!version) return version.error();
  incident.version = *version;
  return Ok();
}

Impact Automation::impact_of(const Context& ctx, const std::vector<std::string>& ids) const {
  auto status_now = [&](const Component& c) {
    auto it = ctx.health.find(c.id);
    return it == ctx.health.end() ? c.status : it->second->status;
  };
  bool whole_page_down = !ctx.components.empty() &&
                         std::all_of(ctx.components.begin(), ctx.components.end(), [&](auto& kv) {
                           return status_now(kv.second) == ComponentStatus::kMajorOutage;
                         });
  Impact impact = Impact::kNone;
  for (const auto& id : ids) {
    auto it = ctx.health.find(id);
    if (it == ctx.health.end()) continue;
    impact = worst(impact,
                   automatic_impact(it->second->status, settings_.critical_components.count(id) > 0,
                                    whole_page_down));
  }
  return impact;
}

Result<void> Automation::post(Context& ctx, Incident& incident, UpdateRequest request,
                              std::string note) {
  for (const auto& id : incident.component_ids) {
    auto it = ctx.pending.find(id);
    if (it == ctx.pending.end()) continue;
    request.component_statuses.emplace_back(id, it->second);
    ctx.pending.erase(it);
  }
  request.author = "automation";
  std::int64_t expected = incident.version;
  Impact before = incident.impact;
  auto update = apply_update(incident, request, ctx.lookup(), ctx.now, new_id());
  if (!update) return update.error();
  // apply_update raises impact by Statuspage's rule for a person's component changes; automation
  // chooses by its own table instead (rising only, a person's override kept).
  if (!incident.impact_override) {
    incident.impact = worst(before, impact_of(ctx, incident.component_ids));
  }
  std::vector<ComponentStatusSet> statuses;
  for (const auto& change : update->component_changes) {
    statuses.push_back({change.component_id, change.new_status, StatusSource::kAutomatic});
    ctx.components[change.component_id].status = change.new_status;
  }
  IncidentWrite write{incident, expected, std::move(statuses)};
  if (!note.empty())
    write.internal_notes.push_back({update->id, ctx.now, "automation", std::move(note)});
  auto version = store_.save_incident(write);
  if (!version) return version.error();
  incident.version = *version;
  log::info("automation.update",
            {log::kv("incident", incident.id), log::kv("status", to_string(incident.status)),
             log::kv("impact", to_string(incident.impact))});
  return Ok();
}

Result<void> Automation::open_or_reopen(Context& ctx, const std::string& root) {
  std::vector<std::string> members{root};
  for (const auto& [id, h] : ctx.health) {
    if (id == root || !ctx.failing(id) || ctx.assigned.count(id)) continue;
    std::set<std::string> seen;
    if (find_root(ctx, id, seen) == root) members.push_back(id);
  }
  for (const auto& id : members) ctx.pending[id] = ctx.health.at(id)->status;
  Instant since = earliest_failure(ctx, members).value_or(ctx.now);

  IncidentQuery recent;
  recent.kind = IncidentKind::kIncident;
  recent.state = IncidentQuery::State::kClosed;
  recent.source = IncidentSource::kAutomatic;
  recent.limit = 20;
  auto closed = store_.list_incidents(recent);
  if (!closed) return closed.error();
  for (auto& incident : *closed) {
    if (incident.root_component_id != root || incident.status != IncidentStatus::kResolved ||
        !incident.resolved_at || ctx.now - *incident.resolved_at > settings_.reopen_within) {
      continue;
    }
    UpdateRequest request;
    request.status = IncidentStatus::kInvestigating;
    incident.controller = Controller::kAutomation;
    for (const auto& id : members) {
      if (std::find(incident.component_ids.begin(), incident.component_ids.end(), id) ==
          incident.component_ids.end()) {
        incident.component_ids.push_back(id);
      }
    }
    auto v = vars(ctx, members, worst_now(ctx, members), incident.impact, since);
    request.body = with_notes(text(ctx, AutoText::kReopened, root, v), link_causes(ctx, incident));
    std::string note = describe(ctx, members);
    alert(incident, "reopened", note);
    PHAROS_TRY(post(ctx, incident, std::move(request), std::move(note)));
    detection_.add(std::chrono::duration_cast<Millis>(ctx.now - since));
    log::warn("automation.reopened", {log::kv("incident", incident.id), log::kv("root", root)});
    ctx.open.push_back(std::move(incident));
    for (const auto& id : members) ctx.assigned[id] = ctx.open.size() - 1;
    return Ok();
  }

  Impact impact = impact_of(ctx, members);
  NewIncident request;
  request.name = text(ctx, AutoText::kTitle, root,
                      vars(ctx, {root}, ctx.health.at(root)->status, impact, since));
  request.source = IncidentSource::kAutomatic;
  request.author = "automation";
  request.body = text(ctx, AutoText::kInvestigating, root,
                      vars(ctx, members, worst_now(ctx, members), impact, since));
  request.detected_at = since;
  for (const auto& id : members) {
    request.component_statuses.emplace_back(id, ctx.pending[id]);
    ctx.pending.erase(id);
  }
  auto incident = open_incident(request, ctx.lookup(), ctx.now, new_id(), new_id());
  if (!incident) return incident.error();
  incident->started_at = since;
  incident->root_component_id = root;
  incident->impact = impact;
  // The first update names the probable cause when one is known already (vendor incident first).
  incident->updates.front().body =
      with_notes(incident->updates.front().body, link_causes(ctx, *incident));
  std::vector<ComponentStatusSet> statuses;
  for (const auto& [id, status] : request.component_statuses) {
    statuses.push_back({id, status, StatusSource::kAutomatic});
    ctx.components[id].status = status;
  }
  std::string note = describe(ctx, members);
  IncidentWrite write{*incident, 0, std::move(statuses)};
  write.internal_notes.push_back({incident->updates.front().id, ctx.now, "automation", note});
  auto version = store_.save_incident(write);
  if (!version) return version.error();
  incident->version = *version;
  alert(*incident, "opened", note);
  detection_.add(std::chrono::duration_cast<Millis>(ctx.now - since));
  log::warn("automation.opened", {log::kv("incident", incident->id), log::kv("root", root),
                                  log::kv("impact", to_string(incident->impact))});
  ctx.open.push_back(std::move(*incident));
  for (const auto& id : members) ctx.assigned[id] = ctx.open.size() - 1;
  return Ok();
}

Result<void> Automation::handle_failures(Context& ctx) {
  // Roots first, so dependants find their root's incident.
  std::vector<std::pair<size_t, std::string>> order;
  for (const auto& [id, h] : ctx.health) {
    if (!ctx.failing(id) || ctx.assigned.count(id)) continue;
    std::set<std::string> seen;
    std::string root = find_root(ctx, id, seen);
    order.emplace_back(root == id ? 0 : seen.size(), id);
  }
  std::sort(order.begin(), order.end());
  for (const auto& [depth, id] : order) {
    if (ctx.assigned.count(id)) continue;
    std::set<std::string> seen;
    std::string root = find_root(ctx, id, seen);
    if (root == id || !ctx.assigned.count(root)) {
      PHAROS_TRY(open_or_reopen(ctx, root));
      continue;
    }
    // A dependant of a failing root joins the root's incident instead of opening its own.
    Incident& incident = ctx.open[ctx.assigned.at(root)];
    incident.component_ids.push_back(id);
    ctx.assigned[id] = ctx.assigned.at(root);
    ctx.pending[id] = ctx.health.at(id)->status;
    if (incident.controller == Controller::kAutomation) {
      UpdateRequest request;
      request.body =
          text(ctx, AutoText::kAlsoAffected, root,
               vars(ctx, {id}, ctx.health.at(id)->status, incident.impact, incident.started_at));
      std::string note = describe(ctx, {id}) + "\n" + ctx.name(id) + " depends on " +
                         ctx.name(root) + ", the root of this incident.";
      PHAROS_TRY(post(ctx, incident, std::move(request), std::move(note)));
    } else {
      // Humans own the timeline: attach the component quietly, keep its status true.
      auto version = store_.save_incident({incident, incident.version, {}});
      if (!version) return version.error();
      incident.version = *version;
    }
  }
  return Ok();
}

Result<void> Automation::handle_incident(Context& ctx, Incident& incident) {
  bool any_failing = std::any_of(incident.component_ids.begin(), incident.component_ids.end(),
                                 [&](const std::string& id) { return ctx.failing(id); });
  bool automatic = incident.controller == Controller::kAutomation;
  if (any_failing) {
    healthy_since_.erase(incident.id);
    monitoring_since_.erase(incident.id);
    if (!automatic) return Ok();
    bool returned = incident.status == IncidentStatus::kMonitoring;
    bool worse = !incident.impact_override &&
                 severity(impact_of(ctx, incident.component_ids)) > severity(incident.impact);
    if (!returned && !worse) return Ok();
    UpdateRequest request;
    if (returned) request.status = IncidentStatus::kInvestigating;
    std::vector<std::string> failing_ids;
    for (const auto& id : incident.component_ids) {
      if (ctx.failing(id)) failing_ids.push_back(id);
    }
    Impact impact = incident.impact_override
                        ? *incident.impact_override
                        : worst(incident.impact, impact_of(ctx, incident.component_ids));
    request.body =
        text(ctx, returned ? AutoText::kReturned : AutoText::kWorsened, incident.root_component_id,
             vars(ctx, failing_ids, worst_now(ctx, failing_ids), impact, incident.started_at));
    std::string note = describe(ctx, failing_ids);
    alert(incident, returned ? "returned" : "worsened", note);
    return post(ctx, incident, std::move(request), std::move(note));
  }
  Millis healthy_since = healthy_since_.emplace(incident.id, ctx.mono).first->second;
  if (!automatic) return Ok();
  if ((incident.status == IncidentStatus::kInvestigating ||
       incident.status == IncidentStatus::kIdentified) &&
      ctx.mono - healthy_since >= settings_.monitoring_after) {
    UpdateRequest request;
    request.status = IncidentStatus::kMonitoring;
    request.body = text(ctx, AutoText::kMonitoring, incident.root_component_id,
                        vars(ctx, incident.component_ids, worst_recorded(incident), incident.impact,
                             incident.started_at));
    std::string note = "All affected components have been healthy for " +
                       format_duration_short(std::chrono::duration_cast<std::chrono::seconds>(
                           ctx.mono - healthy_since)) +
                       ".";
    monitoring_since_[incident.id] = ctx.mono;
    return post(ctx, incident, std::move(request), std::move(note));
  }
  if (incident.status != IncidentStatus::kMonitoring) return Ok();
  Millis monitoring_since = monitoring_since_.emplace(incident.id, ctx.mono).first->second;
  if (ctx.mono - monitoring_since < settings_.resolve_after) return Ok();
  UpdateRequest request;
  request.status = IncidentStatus::kResolved;
  request.body = text(ctx, AutoText::kResolved, incident.root_component_id,
                      vars(ctx, incident.component_ids, worst_recorded(incident), incident.impact,
                           incident.started_at));
  healthy_since_.erase(incident.id);
  monitoring_since_.erase(incident.id);
  return post(ctx, incident, std::move(request),
              "All affected components stayed healthy while monitoring.");
}

Result<void> Automation::evaluate(const std::vector<ComponentHealth>& health) {
  Context ctx;
  ctx.now = clock_.now();
  ctx.mono = clock_.monotonic();
  auto components = store_.list_components();
  if (!components) return components.error();
  for (auto& c : *components) ctx.components[c.id] = c;

  IncidentQuery open;
  open.state = IncidentQuery::State::kOpen;
  open.limit = 1000;
  auto incidents = store_.list_incidents(open);
  if (!incidents) return incidents.error();
  std::set<std::string> in_maintenance;
  for (auto& incident : *incidents) {
    if (incident.is_maintenance()) {
      if (incident.status == IncidentStatus::kInProgress ||
          incident.status == IncidentStatus::kVerifying) {
        in_maintenance.insert(incident.component_ids.begin(), incident.component_ids.end());
      }
    } else if (incident.source == IncidentSource::kAutomatic) {
      ctx.open.push_back(std::move(incident));
    } else if (incident.source == IncidentSource::kVendor) {
      ctx.vendor_incidents.push_back(std::move(incident));
    }
  }
  for (size_t i = 0; i < ctx.open.size(); ++i) {
    for (const auto& id : ctx.open[i].component_ids) ctx.assigned.emplace(id, i);
  }
  for (const auto& h : health) {
    auto it = ctx.components.find(h.component_id);
    if (it == ctx.components.end() || it->second.status_source == StatusSource::kManual ||
        in_maintenance.count(h.component_id)) {
      continue;  // unknown, set by hand, or under maintenance: not automation's to change
    }
    ctx.health[h.component_id] = &h;
    if (it->second.status != h.status) ctx.pending[h.component_id] = h.status;
  }

  PHAROS_TRY(handle_failures(ctx));
  size_t count = ctx.open.size();
  for (size_t i = 0; i < count; ++i) PHAROS_TRY(handle_incident(ctx, ctx.open[i]));
  for (auto& incident : ctx.open) PHAROS_TRY(recheck_causes(ctx, incident));
  for (const auto& [id, status] : ctx.pending) {
    PHAROS_TRY(store_.set_component_status({id, status, StatusSource::kAutomatic}));
  }
  return Ok();
}

}  // namespace pharos
