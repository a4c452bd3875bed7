#pragma once
// Shared between the incident, maintenance, timeline and template page files.
#include <functional>
#include <string>

#include "admin/admin_page.h"
#include "admin/incident_form.h"

namespace pharos::admin {

// The composer (incident or maintenance) with `values`, `errors` next to their fields and an
// optional rendered preview.
web::Response composer_page(Context& ctx, IncidentKind kind, const IncidentFormValues& values,
                            const FieldErrors& errors, const std::string& preview, unsigned status);
// Validates and opens; on any error the composer again with the values kept.
web::Response submit_composer(Context& ctx, IncidentKind kind);
// GET `path` (the composer for `kind`, filled from ?template= when given) and POST `path`
// (submit_composer), for responders: /admin/incidents/new and /admin/maintenance/new.
void add_composer_routes(PageRoutes& pages, const std::string& path, IncidentKind kind);

// The incident page: details, probable causes, timeline and (for responders) the action forms.
// `update_values`/`update_errors` refill the update form after a refused post.
web::Response incident_page(Context& ctx, const std::string& id,
                            const IncidentFormValues* update_values, const FieldErrors& errors,
                            unsigned status);

// A button on the incident page (resolve, hand back, cancel a maintenance): `act` runs one
// service call (which audits it) on the path's incident. A 404 page names `what` ("incident",
// "maintenance") for an unknown id; a refusal shows the incident page again with the service's
// message (409); success goes back to the incident page with the flash `done` gives.
web::Response incident_action(Context& ctx, const char* what,
                              const std::function<Result<Incident>(const std::string& id)>& act,
                              const std::function<std::string(const Incident& after)>& done);

// A maintenance's own forms (maintenance_pages.cpp): reschedule (start and end in the page's
// zone, named beside the fields; only the end once it started) and, before it starts, cancel.
// Empty for incidents and closed windows. `errors` shows a refused reschedule's field errors.
std::string maintenance_actions_html(const Context& ctx, const Incident& maintenance,
                                     const FieldErrors& errors);

// Templates (template_pages.cpp): a "start from a template" picker for the composer, and the
// values of the template named by the request's ?template= (name, status, impact, body).
std::string templates_picker(const Context& ctx, IncidentKind kind);
void apply_template(const Context& ctx, IncidentFormValues& values);

}  // namespace pharos::admin
