#include "domain/brand.h"

#include <algorithm>

namespace pharos {

const std::vector<PageTextDefault>& page_text_defaults() {
  // Keys are stable names (they are part of pharos.yaml); texts are today's English defaults.
  static const std::vector<PageTextDefault> kTexts = {
      // Header, navigation and footer of every page.
      {"status_suffix", "Status", "after the page name in the header and the window title"},
      {"home_link_suffix", "status", "after the page name in links back to the page"},
      {"skip_to_content", "Skip to content", "the keyboard users' first link"},
      {"nav_history", "Incident history", "header and footer link"},
      {"nav_uptime", "Uptime", "header link"},
      {"footer_status_api", "Status API", "footer link"},
      {"footer_times_in", "Times are shown in", "footer, before the time zone"},
      {"footer_powered_by", "Powered by Pharos.", "footer"},
      // The banner of "/" (the page's state, as /api/v2/status.json describes it).
      {"all_operational", "All Systems Operational", "banner"},
      {"degraded_system_service", "Degraded System Service", "banner"},
      {"partially_degraded_service", "Partially Degraded Service", "banner"},
      {"minor_service_outage", "Minor Service Outage", "banner"},
      {"partial_system_outage", "Partial System Outage", "banner"},
      {"major_system_outage", "Major System Outage", "banner"},
      {"service_under_maintenance", "Service Under Maintenance", "banner"},
      {"last_updated", "Last updated", "banner, before the time"},
      // Sections of "/".
      {"active_incidents", "Active incidents", "heading on /"},
      {"maintenance_in_progress", "Maintenance in progress", "heading on /"},
      {"scheduled_maintenance", "Scheduled maintenance", "heading on /"},
      {"components", "Components", "heading on /"},
      {"third_party_services", "Third-party services", "heading on /"},
      {"past_incidents", "Past incidents", "heading on /"},
      {"no_incidents_reported", "No incidents reported.", "a day without incidents on /"},
      {"incident_history_link", "Incident history →", "link under the past incidents"},
      {"incident_affects", "This incident affects:", "incident card on /"},
      {"maintenance_affects", "This maintenance affects:", "maintenance card on /"},
      {"scheduled_for", "Scheduled for", "maintenance card on /"},
      {"days_ago_90", "90 days ago", "under each uptime bar"},
      {"today", "Today", "under each uptime bar"},
      {"uptime", "uptime", "under each uptime bar, after the percentage"},
      {"no_data_yet", "No data yet", "under an uptime bar without data"},
      {"get_updates", "Get updates", "subscribe heading on /"},
      {"subscribe", "Subscribe", "subscribe button"},
      {"email_address", "Email address", "subscribe form"},
      {"add_webhook", "Add webhook", "subscribe form"},
      {"webhook_url", "Webhook URL", "subscribe form"},
      {"only_some_components", "Only some components", "subscribe form"},
      // Component statuses (status pills, badges, widget).
      {"status_operational", "Operational", "component status"},
      {"status_degraded_performance", "Degraded Performance", "component status"},
      {"status_partial_outage", "Partial Outage", "component status"},
      {"status_major_outage", "Major Outage", "component status"},
      {"status_under_maintenance", "Under Maintenance", "component status"},
      // Incident statuses and impacts (badges on incident cards and pages).
      {"incident_investigating", "Investigating", "incident status"},
      {"incident_identified", "Identified", "incident status"},
      {"incident_monitoring", "Monitoring", "incident status"},
      {"incident_resolved", "Resolved", "incident status"},
      {"incident_postmortem", "Postmortem", "incident status"},
      {"incident_scheduled", "Scheduled", "maintenance status"},
      {"incident_in_progress", "In progress", "maintenance status"},
      {"incident_verifying", "Verifying", "maintenance status"},
      {"incident_completed", "Completed", "maintenance status"},
      {"impact_none", "None", "impact badge"},
      {"impact_minor", "Minor", "impact badge"},
      {"impact_major", "Major", "impact badge"},
      {"impact_critical", "Critical", "impact badge"},
      {"impact_maintenance", "Maintenance", "impact badge"},
      {"update", "Update", "an update that keeps the previous status"},
      // Incident pages.
      {"update_timeline", "Update timeline", "heading on incident pages"},
      {"affected_components", "Affected components", "heading on incident pages"},
      {"postmortem", "Postmortem", "heading on incident pages"},
      {"breadcrumb_incident", "Incident", "breadcrumb on incident pages"},
      {"breadcrumb_maintenance", "Maintenance", "breadcrumb on maintenance pages"},
      // History and not-found pages.
      {"history_title", "Incident history", "heading of /history"},
      {"no_incidents_this_month", "No incidents reported for this month.", "/history"},
      {"newer", "← Newer", "/history pager"},
      {"older", "Older →", "/history pager"},
      {"not_found_title", "Page not found", "the 404 page"},
      {"not_found_text",
       "There is nothing at this address: the incident or page may have been removed, or the "
       "link is mistyped.",
       "the 404 page"},
      // Badge (/badge.svg) and widget (/widget, /widget.js).
      {"badge_label", "status", "left half of /badge.svg"},
      {"badge_operational", "operational", "/badge.svg"},
      {"badge_degraded", "degraded", "/badge.svg"},
      {"badge_partial_outage", "partial outage", "/badge.svg"},
      {"badge_major_outage", "major outage", "/badge.svg"},
      {"badge_maintenance", "maintenance", "/badge.svg"},
      {"widget_view_page", "View status page", "the widget's link"},
  };
  return kTexts;
}

bool is_page_text_key(std::string_view key) {
  const auto& all = page_text_defaults();
  return std::any_of(all.begin(), all.end(), [&](const auto& t) { return t.key == key; });
}

std::string_view Brand::text(std::string_view key) const {
  if (auto it = strings.find(key); it != strings.end()) return it->second;
  for (const auto& t : page_text_defaults()) {
    if (t.key == key) return t.text;
  }
  return key;
}

}  // namespace pharos
