#pragma once
// The JSON body of a webhook notification, shaped like Atlassian Statuspage's subscriber
// webhooks (docs: FORMATS.md section 2), so existing receivers work unchanged:
//   {"meta": {unsubscribe, documentation, generated_at},
//    "page": {id, status_indicator, status_description},
//    then "incident": {management-API shape, incident_updates newest first, components}
//    or   "component_update": {…} and "component": {…}}
// Alerts (admin only) carry "alert": {"text"} in place of the incident or component.
// Times are ISO-8601 with milliseconds in the page's time zone.
#include <string>

#include "notify/message.h"

namespace pharos::notify {

std::string webhook_payload(const RenderInput& in);

// The 12-character id of the component_update object of an event: stable across retries.
std::string component_update_id(std::int64_t event_seq);

}  // namespace pharos::notify
