#pragma once
// Who receives an outbox event. Pure; the worker records the answer with NotifyStore::fan_out.
//
//  - incident.updated (public): every confirmed subscriber of the whole page, and every confirmed
//    subscriber of a component the incident affects. An incident that names no component concerns
//    the whole page, so it goes to every confirmed subscriber.
//  - component.updated: confirmed subscribers of the whole page or of that component.
//  - subscriber.confirm: only that subscriber (confirmed or not), never the admin routes.
//  - vendor incident events (admin audience): the admin routes, and the confirmed subscribers who
//    opted in to that vendor by naming "vendor:<slug>" among their components. A whole-page
//    subscriber does not get them: a vendor's incidents are not this page's news.
//  - other admin-audience events (alerts): admin routes only.
//  - a subscriber of a page of `pages:` (Subscriber::page) gets public events only when they
//    touch one of that page's components (`page_components`); an incident without components,
//    or a page no longer configured, reaches main-page subscribers only.
//  - every event except subscriber.confirm also goes to every admin route ("route-<index>").
#include <map>
#include <set>
#include <string>
#include <vector>

#include "storage/notify_store.h"

namespace pharos::notify {

std::string route_target(size_t index);  // "route-3"
// The route index a target names, or -1 when it names a subscriber.
long route_index(const std::string& target);

// "vendor:<slug>": what a subscriber names to opt in to a vendor's incidents.
std::string vendor_subscription(const std::string& slug);

// The component ids each page of `pages:` shows, by slug.
using PageComponents = std::map<std::string, std::set<std::string>, std::less<>>;

// `incident_components`: the component ids of the event's incident (incident events only);
// `incident_vendor`: its vendor slug when it is a vendor incident, else empty.
std::vector<std::string> targets_for(const OutboxEvent& event,
                                     const std::vector<Subscriber>& subscribers, size_t route_count,
                                     const std::vector<std::string>& incident_components,
                                     const std::string& incident_vendor = {},
                                     const PageComponents& page_components = {});

}  // namespace pharos::notify
