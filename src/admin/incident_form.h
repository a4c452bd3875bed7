#pragma once
// The incident composer, the update form and the maintenance scheduler as plain functions: form
// fields → typed requests (NewIncident, UpdateRequest) or per-field errors, and the forms back as
// HTML with the entered values kept. No HTTP and no storage here; incident_pages.cpp calls them.
//
// Field names (also the keys of FieldErrors): name, status, impact, body, notify,
// component.<id> (that component's new status; empty = not affected), starts, ends (maintenance
// window, datetime-local in the page zone), auto (maintenance moves itself along).
//
// Worked scenario: name "", component.api "major_outage", body 30,000 characters → errors
// {name: "Give the incident a name.", body: "At most 25000 characters (this has 30000)."}; the
// composer is shown again with api still at Major Outage and the body as typed.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "admin/form.h"
#include "core/time.h"
#include "domain/lifecycle.h"
#include "domain/model.h"

namespace pharos::admin {

// What a person entered, as text, so a refused form comes back exactly as it was.
struct IncidentFormValues {
  std::string name;
  std::string status;  // investigating|identified|monitoring|… ; empty keeps (updates)
  std::string impact;  // none|minor|major|critical; empty = derived from the components
  std::map<std::string, std::string> component_statuses;  // id → status; absent = untouched
  std::string body;
  bool notify = true;
  std::string starts, ends;  // maintenance window, "YYYY-MM-DDTHH:MM" in the page zone
  bool auto_transition = true;
};

IncidentFormValues read_incident_form(const Form& form);

// Parses "2026-11-21T18:05" (seconds optional) as a wall-clock time in `zone`.
std::optional<Instant> parse_local_input(std::string_view text, const TimeZone& zone);

// The composer's request, or the errors by field. `components` are the known ones.
struct ParsedNewIncident {
  NewIncident request;
  FieldErrors errors;
};
ParsedNewIncident parse_new_incident(const IncidentFormValues& values, IncidentKind kind,
                                     const std::vector<Component>& components, const TimeZone& zone,
                                     const std::string& author);

struct ParsedUpdate {
  UpdateRequest request;
  FieldErrors errors;
};
ParsedUpdate parse_update(const IncidentFormValues& values, const Incident& incident,
                          const std::vector<Component>& components, const std::string& author);

// A service error on a field ("name", "components", "scheduled_until"…) as the form's field name,
// so it shows next to the right input; unknown fields land on "form".
std::string form_field_for(const std::string& service_field);

// ---- rendering (every value escaped) ----
struct ComposerView {
  IncidentKind kind = IncidentKind::kIncident;
  std::string action;  // the form's action path
  std::string csrf;    // the session's CSRF token
  std::string submit_label;
  bool is_update = false;  // the update form: status may be kept, name not asked
  std::optional<IncidentStatus> current_status;  // for updates
  std::string zone_name;  // the page zone the window's times are in, shown beside them
};
std::string render_incident_form(const ComposerView& view, const IncidentFormValues& values,
                                 const std::vector<Component>& components,
                                 const FieldErrors& errors, const std::string& preview_html);

}  // namespace pharos::admin
