#pragma once
// The page files of the admin UI, each adding its routes (admin_ui.cpp calls them in order).
#include "admin/admin_page.h"

namespace pharos::admin {

void add_static_pages(PageRoutes& pages);       // static_assets.cpp: /admin/static/…
void add_login_pages(PageRoutes& pages);        // login_pages.cpp: login, logout, first-admin setup
void add_dashboard_pages(PageRoutes& pages);    // dashboard.cpp: /admin
void add_monitor_pages(PageRoutes& pages);      // monitor_pages.cpp: list, one monitor, its actions
void add_incident_pages(PageRoutes& pages);     // incident_pages.cpp: list, composer, preview
void add_incident_page(PageRoutes& pages);      // incident_page.cpp: one incident and its actions
void add_postmortem_pages(PageRoutes& pages);   // postmortem_pages.cpp: update edits, post-mortem
void add_maintenance_pages(PageRoutes& pages);  // maintenance_pages.cpp
void add_template_pages(PageRoutes& pages);     // template_pages.cpp
void add_users_pages(PageRoutes& pages);        // users_pages.cpp: users and API tokens (admin)
void add_subscribers_pages(PageRoutes& pages);  // subscribers_pages.cpp: list, remove (admin)
void add_report_pages(PageRoutes& pages);       // report_pages.cpp: reports, monthly report

}  // namespace pharos::admin
