// One incident (or maintenance) for the people handling it: what it is, what probably caused it,
// the timeline newest first, and the forms that move it along.
//
// Worked scenario (a responder, incident "API errors", monitoring):
//   post "Fixed; watching" with status resolved → timeline gains "Resolved"; the form now offers
//   "Reopen" (an active status on a resolved incident is a reopen: recorded, never a new incident)
//   and "Write the post-mortem".
//   The same page for a viewer shows the timeline and no forms.
#include "admin/audit.h"
#include "admin/incident_pages.h"
#include "admin/pages.h"
#include "admin/view.h"
#include "markdown/markdown.h"

namespace pharos::admin {
namespace {

std::string changes_html(const IncidentUpdate& u, const std::vector<Component>& components) {
  std::string out;
  for (const ComponentChange& change : u.component_changes) {
    out += "<li>" + component_names_html(components, {change.component_id}) + ": " +
           std::string(label(change.old_status)) + " → " +
           component_status_html(change.new_status) + "</li>";
  }
  return out.empty() ? out : "<ul class=\"changes\">" + out + "</ul>";
}

// The internal detail automation stored beside an update (failing monitors, nodes, errors): shown
// here only, never on the public page (Store::internal_notes).
std::string internal_html(const IncidentUpdate& u, const std::vector<InternalNote>& notes) {
  std::string out;
  for (const auto& note : notes) {
    if (note.update_id != u.id) continue;
    out +=
        "<div class=\"internal\"><strong>Internal detail</strong> <span class=\"muted\">(admin "
        "only, not published)</span><pre>" +
        esc(note.body) + "</pre></div>";
  }
  return out;
}

std::string timeline_html(const Context& ctx, const Incident& incident,
                          const std::vector<Component>& components,
                          const std::vector<InternalNote>& notes) {
  std::string out = "<h2>Timeline</h2><ol class=\"timeline\" reversed>";
  for (auto it = incident.updates.rbegin(); it != incident.updates.rend(); ++it) {
    const IncidentUpdate& u = *it;
    out += "<li id=\"u-" + esc(u.id) + "\"><strong>" + std::string(label(u.status)) + "</strong>" +
           (u.reopened ? " <span class=\"cause\">(reopened)</span>" : "") + " · " +
           time_html(ctx.services, u.display_at) + " · <span class=\"muted\">" +
           esc(u.author.empty() ? "unknown" : u.author) + "</span>";
    if (ctx.can(Role::kResponder)) {
      out += " · <a href=\"/admin/incidents/" + esc(incident.id) + "/updates/" + esc(u.id) +
             "\">Edit</a>";
    }
    out += "<div class=\"body\">" + markdown::to_html(u.body) + "</div>" + internal_html(u, notes) +
           changes_html(u, components) + "</li>";
  }
  out += "</ol>";
  return out;
}

std::string summary_html(const Context& ctx, const Incident& i,
                         const std::vector<Component>& components) {
  const Services& s = ctx.services;
  // A maintenance that has not begun is "scheduled for" its window, never "started".
  bool upcoming = i.is_maintenance() && i.status == IncidentStatus::kScheduled;
  std::string out = "<div class=\"panel summary\"><p>" + incident_status_html(i.status) + " " +
                    impact_html(i.impact) +
                    (upcoming ? std::string() : " · started " + time_html(s, i.started_at));
  if (i.resolved_at)
    out += " · " + std::string(i.is_maintenance() ? "completed " : "resolved ") +
           time_html(s, *i.resolved_at);
  if (i.scheduled_for && i.scheduled_until) {
    out += std::string(upcoming ? " · scheduled for " : " · window ") +
           time_html(s, *i.scheduled_for) + " – " + time_html(s, *i.scheduled_until);
  }
  out += "</p><p>Components: " +
         (i.component_ids.empty() ? std::string("none")
                                  : component_names_html(components, i.component_ids)) +
         "</p><p>Driven by " +
         (i.controller == Controller::kAutomation ? "automation" : std::string("people")) +
         (i.source == IncidentSource::kAutomatic ? " (opened automatically)" : "") + "</p>" +
         probable_causes_html(s, i) + "</div>";
  return out;
}

std::string actions_html(const Context& ctx, const Incident& i) {
  std::string base = "/admin/incidents/" + esc(i.id);
  std::string out = "<div class=\"actions\">";
  if (i.active()) {
    out += "<form method=\"post\" action=\"" + base + "/resolve\" class=\"inline\">" +
           csrf_field(ctx) + "<button type=\"submit\" data-confirm=\"Resolve this " +
           (i.is_maintenance() ? "maintenance" : "incident") + "?\">" +
           (i.is_maintenance() ? "Complete" : "Resolve") + "</button></form>";
  }
  if (i.active() && i.source == IncidentSource::kAutomatic && i.controller == Controller::kHuman) {
    out += "<form method=\"post\" action=\"" + base + "/handback\" class=\"inline\">" +
           csrf_field(ctx) +
           "<button type=\"submit\" class=\"secondary\">Hand back to automation</button></form>";
  }
  if (!i.is_maintenance() && !i.active()) {
    out += "<a class=\"button\" href=\"" + base + "/postmortem\">" +
           (i.postmortem ? "Edit the post-mortem" : "Write the post-mortem") + "</a>";
  }
  return out + "</div>";
}

std::string update_form_html(const Context& ctx, const Incident& i,
                             const std::vector<Component>& components,
                             const IncidentFormValues* values, const FieldErrors& errors) {
  if (i.status == IncidentStatus::kPostmortem || i.status == IncidentStatus::kCompleted) return {};
  IncidentFormValues fresh;
  ComposerView view{.kind = i.kind,
                    .action = "/admin/incidents/" + i.id + "/updates",
                    .csrf = ctx.session.csrf_token,
                    .submit_label = i.active() ? "Post update" : "Post (reopens when active)",
                    .is_update = true,
                    .current_status = i.status,
                    .zone_name = ctx.services.zone.name()};
  std::string heading = i.active() ? "Post an update" : "Reopen or add a note";
  return "<h2>" + heading + "</h2>" +
         render_incident_form(view, values ? *values : fresh, components, errors, "");
}

}  // namespace

web::Response incident_page(Context& ctx, const std::string& id,
                            const IncidentFormValues* update_values, const FieldErrors& errors,
                            unsigned status) {
  auto found = ctx.services.store.find_incident(id);
  auto components = ctx.services.store.list_components();
  auto notes = ctx.services.store.internal_notes(id);
  if (!found || !components || !notes) {
    return message_page(ctx, 500, "Storage error", "Could not read it.");
  }
  if (!*found) return message_page(ctx, 404, "Not found", "No incident has this id.");
  const Incident& i = **found;
  std::string body = "<p><a href=\"" +
                     std::string(i.is_maintenance() ? "/admin/maintenance" : "/admin/incidents") +
                     "\">← all</a> · <a href=\"/incidents/" + esc(i.id) +
                     "\">public page</a></p><h1>" + esc(i.name) + "</h1>";
  body += summary_html(ctx, i, *components);
  if (ctx.can(Role::kResponder)) {
    body += actions_html(ctx, i);
    body += maintenance_actions_html(ctx, i, errors);
    body += update_form_html(ctx, i, *components, update_values, errors);
  }
  if (i.postmortem) {
    body += "<h2>Post-mortem " +
            std::string(i.postmortem->published_at ? "(published)" : "(draft)") +
            "</h2><div class=\"panel\">" + markdown::to_html(i.postmortem->body) + "</div>";
  }
  body += timeline_html(ctx, i, *components, *notes);
  return page_response(ctx, i.name, i.is_maintenance() ? "maintenance" : "incidents", body, status);
}

web::Response incident_action(Context& ctx, const char* what,
                              const std::function<Result<Incident>(const std::string& id)>& act,
                              const std::function<std::string(const Incident& after)>& done) {
  std::string id(ctx.request.param("id"));
  auto before = ctx.services.store.find_incident(id);
  if (!before) return message_page(ctx, 500, "Storage error", "Could not read it.");
  if (!*before) {
    return message_page(ctx, 404, "Not found", "No " + std::string(what) + " has this id.");
  }
  auto after = act(id);
  if (!after) {
    FieldErrors errors;
    errors.add("form", after.error().message);
    return incident_page(ctx, id, nullptr, errors, 409);
  }
  return redirect_with_flash(ctx, "/admin/incidents/" + id, done(*after));
}

namespace {

web::Response post_update(Context& ctx) {
  std::string id(ctx.request.param("id"));
  auto before = ctx.services.store.find_incident(id);
  auto components = ctx.services.store.list_components();
  if (!before || !components) return message_page(ctx, 500, "Storage error", "Could not read it.");
  if (!*before) return message_page(ctx, 404, "Not found", "No incident has this id.");
  IncidentFormValues values = read_incident_form(ctx.form);
  ParsedUpdate parsed = parse_update(values, **before, *components, ctx.session.user_name);
  if (!parsed.errors.empty()) return incident_page(ctx, id, &values, parsed.errors, 400);
  auto after = ctx.services.incidents.post_update(id, parsed.request, actor(ctx));
  if (!after) {
    FieldErrors errors;
    errors.add(form_field_for(after.error().field), after.error().message);
    return incident_page(ctx, id, &values, errors,
                         after.error().code == ErrorCode::kConflict ? 409 : 400);
  }
  bool reopened = !(*before)->active() && after->active();
  return redirect_with_flash(ctx, "/admin/incidents/" + id,
                             reopened ? "Incident reopened." : "Update posted.");
}

web::Response resolve(Context& ctx) {
  return incident_action(
      ctx, "incident",
      [&](const std::string& id) {
        return ctx.services.incidents.resolve(id, ctx.form.get("body"), ctx.session.user_name,
                                              actor(ctx));
      },
      [](const Incident& after) {
        return after.is_maintenance() ? "Maintenance completed." : "Incident resolved.";
      });
}

web::Response hand_back(Context& ctx) {
  return incident_action(
      ctx, "incident",
      [&](const std::string& id) { return ctx.services.incidents.hand_back(id, actor(ctx)); },
      [](const Incident&) { return "Handed back to automation."; });
}

}  // namespace

void add_incident_page(PageRoutes& pages) {
  pages.get("/admin/incidents/{id}", Role::kViewer, [](Context& ctx) {
    return incident_page(ctx, std::string(ctx.request.param("id")), nullptr, FieldErrors{}, 200);
  });
  pages.post("/admin/incidents/{id}/updates", Role::kResponder, post_update);
  pages.post("/admin/incidents/{id}/resolve", Role::kResponder, resolve);
  pages.post("/admin/incidents/{id}/handback", Role::kResponder, hand_back);
}

}  // namespace pharos::admin
