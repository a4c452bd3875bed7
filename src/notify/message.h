#pragma once
// What a notification says: everything a renderer needs, gathered once per delivery, and the
// channel-neutral text form (subject, plain text, HTML) that email and chat messages share.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "domain/model.h"
#include "domain/rollup.h"
#include "storage/notify_store.h"

namespace pharos::notify {

struct RenderInput {
  Page page;
  TimeZone zone = TimeZone::utc();
  PageStatus status;  // the page indicator now
  OutboxEvent event;
  std::optional<Incident> incident;    // incident events
  std::optional<Component> component;  // component events
  std::vector<Component> components;   // the catalog, for names and current statuses
  std::vector<ComponentGroup> groups;
  std::map<std::string, std::string> vendor_names;  // display names by slug; else the slug
  std::string unsubscribe_url;                      // empty for admin routes
  std::string confirm_url;                          // subscriber.confirm only
  Instant generated_at{};
};

struct TextMessage {
  std::string subject;  // one line
  std::string plain;
  std::string html;  // a complete small HTML document
};

// The update an incident event is about: the one named by the event, else the latest.
const IncidentUpdate* event_update(const RenderInput& in);
// "API", or "Platform - API" for a grouped component (Statuspage's affected_components naming).
std::string component_display_name(const RenderInput& in, const std::string& component_id);
// Public link to an incident page: "<page url>/incidents/<id>".
std::string incident_url(const Page& page, const std::string& incident_id);
// Where an incident is shown: incident_url for own incidents, "<page url>/vendors/<slug>/
// incidents/<id>" for a vendor's.
std::string incident_link(const Page& page, const Incident& incident);

TextMessage render_text(const RenderInput& in);

}  // namespace pharos::notify
