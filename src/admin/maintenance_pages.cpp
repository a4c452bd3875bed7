// Scheduled maintenance: the list (upcoming and in progress first) and the scheduler, which is
// the composer with a window (start and end in the page's time zone) and automatic transitions.
// A scheduled maintenance is an incident of kind maintenance; its page is the incident page.
#include "admin/audit.h"
#include "admin/incident_pages.h"
#include "admin/pages.h"
#include "admin/view.h"

namespace pharos::admin {
namespace {

web::Response list_maintenance(Context& ctx) {
  const Services& s = ctx.services;
  IncidentQuery query;
  query.kind = IncidentKind::kMaintenance;
  query.limit = 100;
  auto all = s.store.list_incidents(query);
  auto components = s.store.list_components();
  if (!all || !components)
    return message_page(ctx, 500, "Storage error", "Could not read maintenance.");
  std::string rows;
  for (const Incident& m : *all) {
    rows += "<tr><td><a href=\"/admin/incidents/" + esc(m.id) + "\">" + esc(m.name) +
            "</a></td><td>" + incident_status_html(m.status) + "</td><td>" +
            (m.scheduled_for ? time_html(s, *m.scheduled_for) : std::string("-")) + "</td><td>" +
            (m.scheduled_until ? time_html(s, *m.scheduled_until) : std::string("-")) +
            "</td><td>" + component_names_html(*components, m.component_ids) + "</td><td>" +
            (m.auto_transition ? "automatic" : "by hand") + "</td></tr>";
  }
  std::string body = "<h1>Maintenance</h1>";
  if (ctx.can(Role::kResponder)) {
    body +=
        "<div class=\"actions\"><a class=\"button\" href=\"/admin/maintenance/new\">Schedule "
        "maintenance</a></div>";
  }
  body +=
      listing_html("maintenance", {"Name", "Status", "Starts", "Ends", "Components", "Transitions"},
                   rows, "None scheduled.");
  return page_response(ctx, "Maintenance", "maintenance", body);
}

// POST /admin/incidents/{id}/reschedule (starts, ends in the page zone; notify) and
// /admin/incidents/{id}/cancel: one service call each (the service audits it), back to the
// maintenance page.
web::Response reschedule(Context& ctx) {
  const Services& s = ctx.services;
  std::string id(ctx.request.param("id"));
  auto before = s.store.find_incident(id);
  if (!before) return message_page(ctx, 500, "Storage error", "Could not read it.");
  if (!*before) return message_page(ctx, 404, "Not found", "No maintenance has this id.");
  FieldErrors errors;
  auto starts = parse_local_input(ctx.form.get("starts"), s.zone);
  auto ends = parse_local_input(ctx.form.get("ends"), s.zone);
  if (!starts) errors.add("starts", "Give the start as date and time (" + s.zone.name() + ").");
  if (!ends) errors.add("ends", "Give the end as date and time (" + s.zone.name() + ").");
  if (errors.empty()) {
    IncidentService::Reschedule request{.scheduled_for = *starts,
                                        .scheduled_until = *ends,
                                        .body = ctx.form.get("body"),
                                        .author = ctx.session.user_name,
                                        .notify = ctx.form.has("notify")};
    auto after = s.incidents.reschedule(id, request, actor(ctx));
    if (after) {
      return redirect_with_flash(ctx, "/admin/incidents/" + id, "Maintenance rescheduled.");
    }
    errors.add(form_field_for(after.error().field), after.error().message);
  }
  return incident_page(ctx, id, nullptr, errors, 400);
}

web::Response cancel(Context& ctx) {
  return incident_action(
      ctx, "maintenance",
      [&](const std::string& id) {
        return ctx.services.incidents.cancel_maintenance(id, ctx.form.get("body"),
                                                         ctx.session.user_name, actor(ctx));
      },
      [](const Incident&) { return "Maintenance cancelled."; });
}

}  // namespace

std::string maintenance_actions_html(const Context& ctx, const Incident& m,
                                     const FieldErrors& errors) {
  if (!m.is_maintenance() || !m.active() || !m.scheduled_for || !m.scheduled_until) return {};
  const Services& s = ctx.services;
  bool upcoming = m.status == IncidentStatus::kScheduled;
  std::string base = "/admin/incidents/" + esc(m.id);
  std::string zone = " (" + s.zone.name() + ")";
  std::string out = "<h2>Reschedule</h2><form method=\"post\" action=\"" + base +
                    "/reschedule\" class=\"panel reschedule\">" + csrf_field(ctx);
  std::string starts = local_input_value(s, *m.scheduled_for);
  out += upcoming ? input_field("starts", "Window starts" + zone, starts, errors, "datetime-local")
                  : "<input type=\"hidden\" name=\"starts\" value=\"" + esc(starts) + "\">";
  out += input_field("ends", "Window ends" + zone, local_input_value(s, *m.scheduled_until), errors,
                     "datetime-local");
  out += textarea_field("body",
                        "Message (Markdown; default: The maintenance window has been "
                        "rescheduled.)",
                        "", errors, 3);
  out += checkbox_field("notify", "Notify subscribers", true);
  out += "<div class=\"actions\"><button type=\"submit\">Reschedule</button></div></form>";
  if (upcoming) {
    out += "<form method=\"post\" action=\"" + base + "/cancel\" class=\"inline\">" +
           csrf_field(ctx) +
           "<button type=\"submit\" class=\"danger\" data-confirm=\"Cancel this maintenance? "
           "Subscribers are told it is cancelled.\">Cancel the maintenance</button></form>";
  }
  return out;
}

void add_maintenance_pages(PageRoutes& pages) {
  pages.post("/admin/incidents/{id}/reschedule", Role::kResponder, reschedule);
  pages.post("/admin/incidents/{id}/cancel", Role::kResponder, cancel);
  pages.get("/admin/maintenance", Role::kViewer, list_maintenance);
  add_composer_routes(pages, "/admin/maintenance/new", IncidentKind::kMaintenance);
}

}  // namespace pharos::admin
