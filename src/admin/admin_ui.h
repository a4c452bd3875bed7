#pragma once
// The admin web UI, /admin/…: server-rendered HTML pages for the people who run the status page
// (dashboard, incident composer and timeline, post-mortems, maintenance, monitors, users), with a
// little progressive JavaScript served from /admin/static/ and no front-end build step.
//
// Access: every page but /admin/login and /admin/setup needs a session (the `pharos_session`
// cookie from auth::SessionManager) and a minimum role — viewer reads, responder posts and edits
// incidents, admin manages users and tokens. Every POST carries the session's CSRF token and must
// come from this origin. See admin_page.h for the toolkit every page file uses.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/auth_service.h"
#include "auth/login_limiter.h"
#include "auth/sessions.h"
#include "core/clock.h"
#include "core/time.h"
#include "incident/incident_service.h"
#include "storage/auth_store.h"
#include "storage/store.h"
#include "storage/template_store.h"
#include "web/router.h"

namespace pharos::monitor {
class Monitoring;
}
namespace pharos::cluster {
class Cluster;
}
namespace pharos::notify {
class SubscriptionService;
}
namespace pharos::reports {
class ReportService;
}

namespace pharos::admin {

class SetupGate;

// What the pages act on. Every referenced object must outlive the router; pages run on many
// threads at once (the stores, services, sessions and limiter are thread-safe).
// The last config reload (SIGHUP or `pharos config reload`) as the dashboard shows it; serve's
// reloader (app/reload.h) fills it. Admins only: diagnostics name files and lines.
struct ConfigReloadView {
  std::optional<Instant> at;        // unset: no reload since the server started
  bool ok = true;                   // false: the file was refused and the running config stays
  std::string summary;              // what changed ("+1 monitor, -0, ~2 changed; …")
  std::vector<std::string> errors;  // a refused file's diagnostics, "file:line:column: …" each
};

struct Services {
  Store& store;
  IncidentService& incidents;
  AuthStore& auth_store;
  auth::SessionManager& sessions;
  auth::LoginLimiter& limiter;
  const Clock& clock;
  const TimeZone& zone;  // the page's zone: every time shown or entered is in it
  std::string page_name;
  monitor::Monitoring* monitoring = nullptr;  // null: the dashboard says monitoring is off
  TemplateStore* templates = nullptr;         // null: the composer offers no templates
  notify::SubscriptionService* subscriptions = nullptr;  // null: no subscribers page
  reports::ReportService* reports = nullptr;  // null: the Reports pages say they are unavailable
  SetupGate* setup = nullptr;   // the first-admin setup token; null when an admin existed at start
  bool secure_cookies = false;  // served over TLS: cookies get the Secure attribute
  const cluster::Cluster* cluster = nullptr;  // several nodes: the dashboard lists them
  // The last config reload; unset: the dashboard says nothing about reloads.
  std::function<ConfigReloadView()> config_reload = {};
  // The status pages of the config in force (the main page first), offered when limiting a user
  // or a token to pages; unset: only the main page.
  std::function<std::vector<auth::PageChoice>()> pages = {};
};

// Adds every /admin route to `router`.
void add_routes(web::Router& router, const Services& services);

}  // namespace pharos::admin
