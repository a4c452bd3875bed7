// Scheduled maintenance: the list (upcoming and in progress first) and the scheduler, which is
// the composer with a window (start and end in the page's time zone) and automatic transitions.
// A scheduled maintenance is an incident of kind maintenance; its page is the incident page.
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
  body += rows.empty() ? "<p class=\"muted\">None scheduled.</p>"
                       : "<table class=\"maintenance\"><thead><tr><th>Name</th><th>Status</th>"
                         "<th>Starts</th><th>Ends</th><th>Components</th><th>Transitions</th>"
                         "</tr></thead><tbody>" +
                             rows + "</tbody></table>";
  return page_response(ctx, "Maintenance", "maintenance", body);
}

}  // namespace

void add_maintenance_pages(PageRoutes& pages) {
  pages.get("/admin/maintenance", Role::kViewer, list_maintenance);
  pages.get("/admin/maintenance/new", Role::kResponder, [](Context& ctx) {
    IncidentFormValues values = fresh_form_values(IncidentKind::kMaintenance);
    apply_template(ctx, values);
    return composer_page(ctx, IncidentKind::kMaintenance, values, FieldErrors{}, "", 200);
  });
  pages.post("/admin/maintenance/new", Role::kResponder,
             [](Context& ctx) { return submit_composer(ctx, IncidentKind::kMaintenance); });
}

}  // namespace pharos::admin
