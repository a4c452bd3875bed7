#pragma once
// The page files of the admin UI, each adding its routes (admin_ui.cpp calls them in order).
#include "admin/admin_page.h"

namespace pharos::admin {

void add_static_pages(PageRoutes& pages);     // static_assets.cpp: /admin/static/…
void add_login_pages(PageRoutes& pages);      // login_pages.cpp: login, logout, first-admin setup
void add_dashboard_pages(PageRoutes& pages);  // dashboard.cpp: /admin

}  // namespace pharos::admin
