// Incidents: the list, the composer, and the incident page with its timeline and the actions a
// responder takes in the worst hour (post an update, resolve, reopen, hand back to automation).
//
// Every POST parses the whole form first; any invalid field → the same page again, status 400,
// every entered value kept and each message next to its field, nothing stored. A valid form is one
// IncidentService call (one transaction, audited by the service as the signed-in user), then 303
// to the incident page with a flash message (so a reload does not post twice).
#include "admin/incident_pages.h"
#include "admin/audit.h"
#include "admin/incident_form.h"
#include "admin/pages.h"
#include "admin/view.h"
#include "markdown/markdown.h"

namespace pharos::admin {
namespace {

std::string who(const Context& ctx) { return ctx.session.user_name; }

std::string incident_rows(const Services& s, const std::vector<Incident>& incidents,
                          const std::vector<Component>& components) {
  std::string rows;
  for (const Incident& i : incidents) {
    rows += "<tr><td><a href=\"/admin/incidents/" + esc(i.id) + "\">" + esc(i.name) + "</a>" +
            probable_causes_html(s, i) + "</td><td>" + incident_status_html(i.status) +
            "</td><td>" + impact_html(i.impact) + "</td><td>" +
            component_names_html(components, i.component_ids) + "</td><td>" +
            time_html(s, i.started_at) + "</td></tr>";
  }
  return rows;
}

web::Response list_incidents(Context& ctx) {
  const Services& s = ctx.services;
  auto components = s.store.list_components();
  IncidentQuery query;
  query.kind = IncidentKind::kIncident;
  query.limit = 100;
  auto incidents = s.store.list_incidents(query);
  if (!components || !incidents)
    return message_page(ctx, 500, "Storage error", "Could not read incidents.");
  std::vector<Incident> open, closed;
  for (Incident& i : *incidents) {
    if (i.source == IncidentSource::kVendor) continue;
    (i.active() ? open : closed).push_back(std::move(i));
  }
  std::string body = "<h1>Incidents</h1>";
  if (ctx.can(Role::kResponder)) {
    body +=
        "<div class=\"actions\"><a class=\"button\" href=\"/admin/incidents/new\">Open an "
        "incident</a></div>";
  }
  std::string head =
      "<thead><tr><th>Name</th><th>Status</th><th>Impact</th><th>Components</th>"
      "<th>Started</th></tr></thead>";
  body += "<h2>Open</h2>";
  body += open.empty() ? "<p class=\"muted\">None.</p>"
                       : "<table class=\"incidents-open\">" + head + "<tbody>" +
                             incident_rows(s, open, *components) + "</tbody></table>";
  body += "<h2>Recent</h2>";
  body += closed.empty() ? "<p class=\"muted\">None.</p>"
                         : "<table class=\"incidents-closed\">" + head + "<tbody>" +
                               incident_rows(s, closed, *components) + "</tbody></table>";
  return page_response(ctx, "Incidents", "incidents", body);
}

// An empty composer: the kind's first status.
IncidentFormValues fresh_form_values(IncidentKind kind) {
  IncidentFormValues values;
  values.status =
      std::string(to_string(kind == IncidentKind::kMaintenance ? IncidentStatus::kScheduled
                                                               : IncidentStatus::kInvestigating));
  return values;
}

}  // namespace

// ---- the composer (incident_pages.h: shared with the maintenance scheduler) ----

web::Response composer_page(Context& ctx, IncidentKind kind, const IncidentFormValues& values,
                            const FieldErrors& errors, const std::string& preview,
                            unsigned status) {
  auto components = ctx.services.store.list_components();
  if (!components) return message_page(ctx, 500, "Storage error", components.error().message);
  bool maintenance = kind == IncidentKind::kMaintenance;
  ComposerView view{.kind = kind,
                    .action = maintenance ? "/admin/maintenance/new" : "/admin/incidents/new",
                    .csrf = ctx.session.csrf_token,
                    .submit_label = maintenance ? "Schedule maintenance" : "Open incident",
                    .is_update = false,
                    .current_status = std::nullopt,
                    .zone_name = ctx.services.zone.name()};
  std::string body = std::string("<h1>") +
                     (maintenance ? "Schedule maintenance" : "Open an incident") + "</h1>" +
                     templates_picker(ctx, kind) +
                     render_incident_form(view, values, *components, errors, preview);
  return page_response(ctx, maintenance ? "Schedule maintenance" : "Open an incident",
                       maintenance ? "maintenance" : "incidents", body, status);
}

web::Response submit_composer(Context& ctx, IncidentKind kind) {
  IncidentFormValues values = read_incident_form(ctx.form);
  if (ctx.form.has("preview")) {
    return composer_page(ctx, kind, values, FieldErrors{}, markdown::to_html(values.body), 200);
  }
  auto components = ctx.services.store.list_components();
  if (!components) return message_page(ctx, 500, "Storage error", components.error().message);
  ParsedNewIncident parsed =
      parse_new_incident(values, kind, *components, ctx.services.zone, who(ctx));
  if (!parsed.errors.empty()) return composer_page(ctx, kind, values, parsed.errors, "", 400);
  auto opened = ctx.services.incidents.open(parsed.request, actor(ctx));
  if (!opened) {
    FieldErrors errors;
    errors.add(form_field_for(opened.error().field), opened.error().message);
    return composer_page(ctx, kind, values, errors, "", 400);
  }
  bool maintenance = kind == IncidentKind::kMaintenance;
  return redirect_with_flash(ctx, "/admin/incidents/" + opened->id,
                             maintenance ? "Maintenance scheduled." : "Incident opened.");
}

void add_composer_routes(PageRoutes& pages, const std::string& path, IncidentKind kind) {
  pages.get(path, Role::kResponder, [kind](Context& ctx) {
    IncidentFormValues values = fresh_form_values(kind);
    apply_template(ctx, values);
    return composer_page(ctx, kind, values, FieldErrors{}, "", 200);
  });
  pages.post(path, Role::kResponder, [kind](Context& ctx) { return submit_composer(ctx, kind); });
}

void add_incident_pages(PageRoutes& pages) {
  pages.get("/admin/incidents", Role::kViewer, list_incidents);
  add_composer_routes(pages, "/admin/incidents/new", IncidentKind::kIncident);
  // The Markdown preview for the composer's script: the same sanitising renderer as the page.
  pages.post("/admin/preview", Role::kResponder, [](Context& ctx) {
    return web::Response::text(200, markdown::to_html(ctx.form.get("body")),
                               "text/html; charset=utf-8");
  });
}

}  // namespace pharos::admin
