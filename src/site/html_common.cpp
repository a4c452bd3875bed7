#include "site/html_common.h"

#include "core/duration.h"
#include "markdown/markdown.h"
#include "site/html_pages.h"

namespace pharos::site::html {

std::string layout(const SiteData& data, std::string_view title, std::string_view main_html) {
  const Brand& brand = data.page.brand;
  const BrandAssets& assets = data.assets;
  std::string name = html_escape(data.page.name);
  std::string out;
  out.reserve(main_html.size() + 2048);
  out += "<!doctype html>\n<html lang=\"";
  out += html_escape(brand.language.empty() ? "en" : brand.language);
  out +=
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  out += html_escape(title);
  out += "</title>\n<link rel=\"stylesheet\" href=\"";
  out += kStylesheetPath;
  out += "\">\n";
  // The brand's stylesheets come after the built-in one, so they win at equal specificity.
  for (const std::string* href : {&assets.theme_href, &assets.custom_href}) {
    if (!href->empty()) out += "<link rel=\"stylesheet\" href=\"" + html_escape(*href) + "\">\n";
  }
  out += "<link rel=\"icon\"";
  if (assets.favicon_href.empty()) {
    out += " type=\"image/svg+xml\" href=\"";
    out += kFaviconPath;
  } else {
    if (!assets.favicon_type.empty()) out += " type=\"" + assets.favicon_type + "\"";
    out += " href=\"" + html_escape(assets.favicon_href);
  }
  out +=
      "\">\n<link rel=\"alternate\" type=\"application/json\" href=\"/api/v2/summary.json\">\n"
      "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Incident history (Atom)\" "
      "href=\"/history.atom\">\n<link rel=\"alternate\" type=\"application/rss+xml\" "
      "title=\"Incident history (RSS)\" href=\"/history.rss\">\n"
      "</head>\n<body>\n<a class=\"skip\" href=\"#main\">";
  out += text(data, "skip_to_content");
  out += "</a>\n<header class=\"site-header\"><div class=\"wrap\"><a class=\"brand\" href=\"/\">";
  if (!assets.logo_src.empty()) {
    out += "<img class=\"brand-logo\" src=\"" + html_escape(assets.logo_src) + "\" alt=\"" +
           html_escape(brand.logo_alt.empty() ? data.page.name : brand.logo_alt) + "\">";
  } else {
    out += name + " <span>" + text(data, "status_suffix") + "</span>";
  }
  out += "</a><nav aria-label=\"Site\"><a href=\"/history\">" + text(data, "nav_history") + "</a>";
  if (data.uptime_page) out += "<a href=\"/uptime\">" + text(data, "nav_uptime") + "</a>";
  for (const auto& link : brand.links) {
    // http(s) only and free of quotes (config/brand.cpp); escaped all the same.
    out += "<a class=\"brand-link\" href=\"" + html_escape(link.url) + "\" rel=\"noopener\">" +
           html_escape(link.label) + "</a>";
  }
  out += "</nav></div></header>\n<main id=\"main\" class=\"wrap\">\n";
  out += main_html;
  out += "</main>\n<footer class=\"site-footer\"><div class=\"wrap\">";
  if (!brand.footer_text.empty()) {
    out += "<p class=\"brand-footer\">" + html_escape(brand.footer_text) + "</p>";
  }
  out += "<p><a href=\"/history\">" + text(data, "nav_history") +
         "</a> · <a href=\"/api/v2/summary.json\">" + text(data, "footer_status_api") +
         "</a> · <a href=\"/history.atom\">Atom</a> · <a href=\"/history.rss\">RSS</a></p>"
         "<p class=\"muted\">" +
         text(data, "footer_times_in") + " ";
  out += html_escape(data.zone.name());
  out += ". " + text(data, "footer_powered_by") + "</p></div></footer>\n</body>\n</html>\n";
  return out;
}

std::string text(const SiteData& data, std::string_view key) {
  return html_escape(data.page.brand.text(key));
}

std::string_view raw_text(const SiteData& data, std::string_view key) {
  return data.page.brand.text(key);
}

// A status's or impact's text key is its wire name after the kind's prefix
// ("status_partial_outage", "incident_in_progress", "impact_major").
std::string status_key(ComponentStatus status) {
  return "status_" + std::string(to_string(status));
}
std::string status_key(IncidentStatus status) {
  return "incident_" + std::string(to_string(status));
}
std::string status_key(Impact impact) { return "impact_" + std::string(to_string(impact)); }

const std::vector<std::pair<std::string_view, std::string_view>>& description_keys() {
  // The descriptions domain/rollup.cpp gives a page status, by their text keys.
  static const std::vector<std::pair<std::string_view, std::string_view>> kKeys = {
      {"All Systems Operational", "all_operational"},
      {"Degraded System Service", "degraded_system_service"},
      {"Partially Degraded Service", "partially_degraded_service"},
      {"Minor Service Outage", "minor_service_outage"},
      {"Partial System Outage", "partial_system_outage"},
      {"Major System Outage", "major_system_outage"},
      {"Service Under Maintenance", "service_under_maintenance"},
  };
  return kKeys;
}

std::string_view description_key(std::string_view description) {
  for (const auto& [known, key] : description_keys()) {
    if (known == description) return key;
  }
  return {};
}

std::string long_time(const SiteData& data, Instant at) {
  return format_in_zone(at, data.zone, "%b %d, %Y, %I:%M %p %Z");
}

std::string long_date(const SiteData& data, Instant at) {
  std::string day = format_in_zone(at, data.zone, "%d");
  if (day.size() == 2 && day[0] == '0') day.erase(0, 1);
  return format_in_zone(at, data.zone, "%B ") + day + format_in_zone(at, data.zone, ", %Y");
}

std::string short_date(const SiteData& data, Instant at) {
  return format_in_zone(at, data.zone, "%b %d, %Y");
}

std::string status_time_notes(const StatusTime& time, bool with_no_data) {
  std::string out;
  auto add = [&](Millis length, const char* what) {
    auto s = std::chrono::duration_cast<Seconds>(length);
    if (s.count() > 0) out += "; " + format_duration_short(s) + " " + what;
  };
  add(time.major, "major outage");
  add(time.partial, "partial outage");
  add(time.degraded, "degraded performance");
  add(time.maintenance, "maintenance");
  if (with_no_data) add(time.no_data, "no data");
  return out;
}

std::string time_tag(const SiteData& data, Instant at) {
  return "<time datetime=\"" + format_iso_in_zone(at, data.zone) + "\">" +
         html_escape(long_time(data, at)) + "</time>";
}

std::string_view status_class(ComponentStatus status) {
  switch (status) {
    case ComponentStatus::kOperational:
      return "operational";
    case ComponentStatus::kDegradedPerformance:
      return "degraded";
    case ComponentStatus::kPartialOutage:
      return "partial";
    case ComponentStatus::kMajorOutage:
      return "major";
    case ComponentStatus::kUnderMaintenance:
      return "maintenance";
  }
  return "operational";
}

std::string status_pill(const SiteData& data, ComponentStatus status) {
  return "<span class=\"status s-" + std::string(status_class(status)) + "\">" +
         text(data, status_key(status)) + "</span>";
}

std::string impact_badge(const SiteData& data, Impact impact) {
  return "<span class=\"badge impact-" + std::string(to_string(impact)) + "\">" +
         text(data, status_key(impact)) + "</span>";
}

std::string status_badge(const SiteData& data, IncidentStatus status) {
  return "<span class=\"badge st-" + std::string(to_string(status)) + "\">" +
         text(data, status_key(status)) + "</span>";
}

// The texts of a page without a brand: the forms without SiteData (feeds, /vendors).
const SiteData& unbranded() {
  static const SiteData kUnbranded;
  return kUnbranded;
}

std::string status_pill(ComponentStatus status) { return status_pill(unbranded(), status); }
std::string impact_badge(Impact impact) { return impact_badge(unbranded(), impact); }
std::string status_badge(IncidentStatus status) { return status_badge(unbranded(), status); }

std::string update_label(const SiteData& data, const Incident& incident, std::size_t index) {
  const auto& u = incident.updates[index];
  if (index > 0 && incident.updates[index - 1].status == u.status && !u.reopened) {
    return std::string(raw_text(data, "update"));
  }
  return std::string(raw_text(data, status_key(u.status)));
}

std::string update_label(const Incident& incident, std::size_t index) {
  return update_label(unbranded(), incident, index);
}

std::string timeline(const SiteData& data, const Incident& incident) {
  std::string out = "<section aria-labelledby=\"timeline-h\"><h2 id=\"timeline-h\">" +
                    text(data, "update_timeline") + "</h2><ol class=\"timeline\" reversed>\n";
  for (size_t i = incident.updates.size(); i-- > 0;) {
    const auto& u = incident.updates[i];
    // The step number is an attribute, not a CSS counter: counters ignore `reversed`.
    out += "<li class=\"step st-" + std::string(to_string(u.status)) + "\" data-step=\"" +
           std::to_string(i + 1) + "\"><p class=\"u-head\"><span class=\"u-label\">" +
           html_escape(update_label(data, incident, i)) + "</span>" +
           (u.reopened ? " <span class=\"badge\">Reopened</span>" : "") + " " +
           time_tag(data, u.display_at) + "</p>" + markdown_block(u.body) + "</li>\n";
  }
  return out + "</ol></section>\n";
}

bool cancelled_maintenance(const Incident& i) {
  return i.is_maintenance() && i.resolved_at && i.scheduled_for &&
         *i.resolved_at < *i.scheduled_for;
}

std::vector<std::string> affected_names(const SiteData& data, const Incident& incident) {
  std::vector<std::string> names;
  for (const auto& id : incident.component_ids) {
    const Component* c = data.find_component(id);
    names.push_back(c ? c->name : id);
  }
  for (const auto& external : incident.external_components) names.push_back(external);
  return names;
}

std::string markdown_block(std::string_view body) {
  if (body.empty()) return {};
  return "<div class=\"md\">" + markdown::to_html(body) + "</div>";
}

std::string escaped_join(const std::vector<std::string>& names) {
  std::vector<std::string> escaped;
  escaped.reserve(names.size());
  for (const auto& n : names) escaped.push_back(html_escape(n));
  return join_human(escaped);
}

}  // namespace pharos::site::html
