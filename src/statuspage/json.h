#pragma once
// Domain values → JSON in Statuspage's shapes (field names and enum values as Statuspage's APIs
// use them; times ISO-8601; absent values null; incident updates newest first, as Statuspage
// returns them). The one writer of these shapes: the management API and its audit rows, the CLI's
// --json, the public /api/v2 documents and the subscriber webhooks all call it.
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "domain/model.h"

namespace pharos::statuspage {

// "2021-03-22T19:22:00Z" (UTC, whole seconds: the management API's and the CLI's form), or null.
boost::json::value time_or_null(const std::optional<Instant>& at);
// "2021-12-07T09:06:43.178-07:00" (Statuspage's public form: the page's offset, millis), or null.
boost::json::value time_or_null(const std::optional<Instant>& at, const TimeZone& zone);

// The management API's incident: Statuspage's fields plus Pharos's own (kind, source,
// reopen_count, version, component_ids, probable_causes; per update reopened and author). Times
// in UTC. Also the before/after of every incident audit row and the CLI's --json.
boost::json::object incident_json(const Incident& incident);
// The management API's component (times in UTC); also the before/after of component audit rows.
boost::json::object component_json(const Component& component);

// What a public document says around an incident or component: the page it belongs to, the
// page's time zone (times are written in it, with milliseconds) and the catalog that names
// components and gives their current status. Views only: the caller keeps them alive.
struct PublicPage {
  std::string_view id;
  std::string_view url;  // a trailing '/' is ignored
  const TimeZone& zone;
  const std::vector<Component>& components;
  const std::vector<ComponentGroup>& groups;
};

// The two public forms differ where Statuspage's do (docs: FORMATS.md sections 1 and 2): the
// same values, a different set of fields in a different order.
enum class PublicForm {
  // /api/v2 documents: no post-mortem, reminder or twitter fields; scheduled_for/until only on
  // maintenances.
  kApi,
  // Subscriber webhooks: Statuspage's whole incident (post-mortem fields, scheduling flags,
  // backfilled, impact_override; per update the twitter fields).
  kWebhook,
};

// One incident or maintenance as `form` writes it; updates newest first, components (those of
// the catalog it affects) with their current status.
boost::json::object public_incident_json(const Incident& incident, const PublicPage& page,
                                         PublicForm form);
// One component as `form` writes it. `position` is its place as the document counts it
// (/api/v2 lists count 1-based within the parent; elsewhere Component::position).
boost::json::object public_component_json(const Component& component, const PublicPage& page,
                                          PublicForm form, int position);

// Where an incident is shown publicly (Statuspage's "shortlink"): "<page url>/incidents/<id>",
// "<page url>/vendors/<slug>/incidents/<id>" for a vendor's incident.
std::string incident_shortlink(std::string_view page_url, const Incident& incident);
// "API", or "Platform - API" for a grouped component (Statuspage's affected_components naming);
// the id itself for a component the catalog lacks.
std::string qualified_component_name(const std::vector<Component>& components,
                                     const std::vector<ComponentGroup>& groups,
                                     const std::string& component_id);

}  // namespace pharos::statuspage
