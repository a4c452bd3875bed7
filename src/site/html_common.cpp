#include "site/html_common.h"

#include "core/duration.h"
#include "markdown/markdown.h"
#include "site/html_pages.h"

namespace pharos::site::html {

std::string layout(const SiteData& data, std::string_view title, std::string_view main_html) {
  std::string name = html_escape(data.page.name);
  std::string out;
  out.reserve(main_html.size() + 2048);
  out += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  out += html_escape(title);
  out += "</title>\n<link rel=\"stylesheet\" href=\"";
  out += kStylesheetPath;
  out += "\">\n<link rel=\"icon\" type=\"image/svg+xml\" href=\"";
  out += kFaviconPath;
  out += "\">\n<link rel=\"alternate\" type=\"application/json\" href=\"/api/v2/summary.json\">\n"
         "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Incident history (Atom)\" "
         "href=\"/history.atom\">\n<link rel=\"alternate\" type=\"application/rss+xml\" "
         "title=\"Incident history (RSS)\" href=\"/history.rss\">\n"
         "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
         "<header class=\"site-header\"><div class=\"wrap\"><a class=\"brand\" href=\"/\">";
  out += name;
  out += " <span>Status</span></a><nav aria-label=\"Site\"><a href=\"/history\">Incident history"
         "</a>";
  if (data.uptime_page) out += "<a href=\"/uptime\">Uptime</a>";
  out += "</nav></div></header>\n<main id=\"main\" class=\"wrap\">\n";
  out += main_html;
  out += "</main>\n<footer class=\"site-footer\"><div class=\"wrap\"><p><a href=\"/history\">"
         "Incident history</a> · <a href=\"/api/v2/summary.json\">Status API</a> · "
         "<a href=\"/history.atom\">Atom</a> · <a href=\"/history.rss\">RSS</a></p>"
         "<p class=\"muted\">Times are shown in ";
  out += html_escape(data.zone.name());
  out += ". Powered by Pharos.</p></div></footer>\n</body>\n</html>\n";
  return out;
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
    case ComponentStatus::kOperational: return "operational";
    case ComponentStatus::kDegradedPerformance: return "degraded";
    case ComponentStatus::kPartialOutage: return "partial";
    case ComponentStatus::kMajorOutage: return "major";
    case ComponentStatus::kUnderMaintenance: return "maintenance";
  }
  return "operational";
}

std::string status_pill(ComponentStatus status) {
  return "<span class=\"status s-" + std::string(status_class(status)) + "\">" +
         std::string(label(status)) + "</span>";
}

std::string impact_badge(Impact impact) {
  return "<span class=\"badge impact-" + std::string(to_string(impact)) + "\">" +
         std::string(label(impact)) + "</span>";
}

std::string status_badge(IncidentStatus status) {
  return "<span class=\"badge st-" + std::string(to_string(status)) + "\">" +
         std::string(label(status)) + "</span>";
}

std::string update_label(const Incident& incident, std::size_t index) {
  const auto& u = incident.updates[index];
  if (index > 0 && incident.updates[index - 1].status == u.status && !u.reopened) return "Update";
  return std::string(label(u.status));
}

std::string timeline(const SiteData& data, const Incident& incident) {
  std::string out = "<section aria-labelledby=\"timeline-h\"><h2 id=\"timeline-h\">Update timeline"
                    "</h2><ol class=\"timeline\" reversed>\n";
  for (size_t i = incident.updates.size(); i-- > 0;) {
    const auto& u = incident.updates[i];
    // The step number is an attribute, not a CSS counter: counters ignore `reversed`.
    out += "<li class=\"step st-" + std::string(to_string(u.status)) + "\" data-step=\"" +
           std::to_string(i + 1) + "\"><p class=\"u-head\"><span class=\"u-label\">" +
           update_label(incident, i) + "</span>" +
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
  for (const auto& n : names) escaped.push_back(html_escape(n));
  return join_human(escaped);
}

}  // namespace pharos::site::html
