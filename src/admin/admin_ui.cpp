#include "admin/admin_ui.h"

#include "admin/pages.h"

namespace pharos::admin {

void add_routes(web::Router& router, const Services& services) {
  PageRoutes pages(router, services);
  add_static_pages(pages);
  add_login_pages(pages);
  add_dashboard_pages(pages);
  add_monitor_pages(pages);
  add_incident_pages(pages);
  add_incident_page(pages);
  add_postmortem_pages(pages);
  add_maintenance_pages(pages);
  add_template_pages(pages);
  add_users_pages(pages);
  add_subscribers_pages(pages);
  add_report_pages(pages);
}

}  // namespace pharos::admin
