// "/": the page customers open during an outage.

#include "core/duration.h"
#include "site/api_json.h"
#include "site/html_common.h"
#include "site/html_pages.h"

namespace pharos::site {
namespace {

using namespace html;

std::string banner(const SiteData& data) {
  auto status = api_status(data);
  std::string indicator(status["indicator"].as_string());
  std::string out = "<section class=\"banner indicator-" + indicator + "\" role=\"status\">";
  // The API keeps Statuspage's English description; the page shows the page's text for it.
  std::string_view description = status["description"].as_string();
  std::string_view key = description_key(description);
  out += "<h1>" + (key.empty() ? html_escape(description) : text(data, key)) + "</h1>";
  out += "<p>" + text(data, "last_updated") + " " + time_tag(data, data.updated_at()) +
         "</p></section>\n";
  return out;
}

std::string incident_card(const SiteData& data, const Incident& incident) {
  std::string out = "<article class=\"card incident-card impact-" +
                    std::string(to_string(incident.impact)) + "\">";
  out += "<h3><a href=\"/incidents/" + html_escape(incident.id) + "\">" +
         html_escape(incident.name) + "</a></h3>";
  out += "<p class=\"badges\">" + impact_badge(data, incident.impact) + " " +
         status_badge(data, incident.status) + "</p>";
  if (incident.is_maintenance() && incident.scheduled_for && incident.scheduled_until) {
    out += "<p class=\"window\">" + text(data, "scheduled_for") + " " +
           time_tag(data, *incident.scheduled_for) + " – " +
           time_tag(data, *incident.scheduled_until) + "</p>";
  }
  if (const IncidentUpdate* u = incident.latest_update()) {
    out += "<div class=\"latest\"><p class=\"u-head\"><strong>" +
           html_escape(update_label(data, incident, incident.updates.size() - 1)) + "</strong> · " +
           time_tag(data, u->display_at) + "</p>" + markdown_block(u->body) + "</div>";
  }
  auto names = affected_names(data, incident);
  if (!names.empty()) {
    out += "<p class=\"affects\">" +
           text(data, incident.is_maintenance() ? "maintenance_affects" : "incident_affects") +
           " " + escaped_join(names) + ".</p>";
  }
  return out + "</article>\n";
}

std::string incidents_section(const SiteData& data) {
  std::string out;
  for (const auto& i : data.incidents) {
    if (i.active()) out += incident_card(data, i);
  }
  if (out.empty()) return {};
  return "<section aria-labelledby=\"active-h\"><h2 id=\"active-h\">" +
         text(data, "active_incidents") + "</h2>\n" + out + "</section>\n";
}

std::string maintenance_section(const SiteData& data) {
  std::string active, upcoming;
  for (auto it = data.maintenances.rbegin(); it != data.maintenances.rend(); ++it) {
    if (it->status == IncidentStatus::kScheduled)
      upcoming += incident_card(data, *it);
    else if (it->active())
      active += incident_card(data, *it);
  }
  std::string out;
  if (!active.empty()) {
    out += "<section aria-labelledby=\"maint-h\"><h2 id=\"maint-h\">" +
           text(data, "maintenance_in_progress") + "</h2>\n" + active + "</section>\n";
  }
  if (!upcoming.empty()) {
    out += "<section aria-labelledby=\"sched-h\"><h2 id=\"sched-h\">" +
           text(data, "scheduled_maintenance") + "</h2>\n" + upcoming + "</section>\n";
  }
  return out;
}

// "Nov 21: 99.95% uptime; 12m major outage; 2h no data", or "Nov 21: no data".
std::string day_title(const SiteData& data, const DayUptime& day) {
  std::string t = short_date(data, day.day_start) + ": ";
  auto ratio = day.uptime();
  if (!ratio) return t + "no data";
  t += format_uptime_percent(*ratio) + " uptime" + status_time_notes(day.time, true);
  if (day.worst() == ComponentStatus::kOperational) t += "; no incidents";
  return t;
}

// The 90-day bar: one cell per day, days without data drawn as such and left out of the
// percentage, which is truncated (a day with any outage never reads 100.00%).
std::string uptime_bar(const SiteData& data, const Component& c) {
  auto it = data.uptime.find(c.id);
  if (it == data.uptime.end()) return {};
  StatusTime total;
  std::string cells;
  cells.reserve(it->second.size() * 96);
  for (const auto& day : it->second) {
    total += day.time;
    std::string_view cls = day.no_data() ? "nodata" : status_class(day.worst());
    cells += "<span class=\"d s-" + std::string(cls) + "\" title=\"" +
             html_escape(day_title(data, day)) + "\"></span>";
  }
  auto ratio = uptime_ratio(total);
  std::string figure = ratio ? format_uptime_percent(*ratio) + " " + text(data, "uptime")
                             : text(data, "no_data_yet");
  std::string label = ratio ? format_uptime_percent(*ratio) + " uptime over the past 90 days"
                            : "no data over the past 90 days";
  std::string out = "<div class=\"bar\" role=\"img\" aria-label=\"" + html_escape(c.name) + ": " +
                    label + "\">" + cells + "</div>";
  out += "<div class=\"bar-foot\" aria-hidden=\"true\"><span>" + text(data, "days_ago_90") +
         "</span><span>" + figure + "</span><span>" + text(data, "today") + "</span></div>";
  return out;
}

std::string component_row(const SiteData& data, const Component& c) {
  std::string out = "<li class=\"component\"><div class=\"c-head\"><span class=\"c-name\">" +
                    html_escape(c.name) + "</span>" + status_pill(data, c.status) + "</div>";
  if (!c.description.empty()) {
    out += "<p class=\"c-desc\">" + html_escape(c.description) + "</p>";
  }
  return out + uptime_bar(data, c) + "</li>\n";
}

std::string components_section(const SiteData& data) {
  std::string out = "<section aria-labelledby=\"components-h\"><h2 id=\"components-h\">" +
                    text(data, "components") + "</h2>\n";
  for (const auto& g : data.groups) {
    auto children = data.children(g.id);
    if (children.empty()) continue;
    out += "<div class=\"card group\"><div class=\"group-head\"><h3>" + html_escape(g.name) +
           "</h3>" + status_pill(data, data.group_status(g.id)) + "</div>";
    if (!g.description.empty()) out += "<p class=\"c-desc\">" + html_escape(g.description) + "</p>";
    out += "<ul class=\"components\">\n";
    for (const auto* c : children) out += component_row(data, *c);
    out += "</ul></div>\n";
  }
  auto top = data.children("");
  if (!top.empty()) {
    out += "<div class=\"card group\"><ul class=\"components\">\n";
    for (const auto* c : top) out += component_row(data, *c);
    out += "</ul></div>\n";
  }
  return out + "</section>\n";
}

// "Cloudflare — Partial outage — Open: Elevated errors in Europe", or, while its page cannot be
// read, the last state known plus "Source unreachable since …", so nobody mistakes silence for
// health.
std::string third_party_row(const SiteData& data, const ThirdPartyService& s) {
  std::string out =
      "<li class=\"component vendor\"><div class=\"c-head\"><a class=\"c-name\" "
      "href=\"" +
      html_escape(s.href) + "\">" + html_escape(s.name) + "</a>" + status_pill(data, s.status) +
      "</div>";
  if (!s.open_incidents.empty()) {
    out += "<p class=\"c-desc\">Open incident" +
           std::string(s.open_incidents.size() == 1 ? "" : "s") + ": " +
           escaped_join(s.open_incidents) + "</p>";
  }
  if (s.unreachable_since) {
    out += "<p class=\"vendor-health error\">Source unreachable since " +
           time_tag(data, *s.unreachable_since);
    if (!s.problem.empty()) out += " (" + html_escape(s.problem) + ")";
    out += "; the state shown is the last one read.</p>";
  }
  return out + "</li>\n";
}

std::string third_party_section(const SiteData& data) {
  if (data.third_party.empty()) return {};
  std::string out = "<section aria-labelledby=\"vendors-h\"><h2 id=\"vendors-h\">" +
                    text(data, "third_party_services") +
                    "</h2>\n<div class=\"card group\"><ul class=\"components\">\n";
  for (const auto& s : data.third_party) out += third_party_row(data, s);
  return out + "</ul></div></section>\n";
}

std::string past_incident(const SiteData& data, const Incident& i) {
  std::string out = "<li class=\"past impact-" + std::string(to_string(i.impact)) +
                    "\"><a href=\"/incidents/" + html_escape(i.id) + "\">" + html_escape(i.name) +
                    "</a> " + status_badge(data, i.status);
  if (const IncidentUpdate* u = i.latest_update()) {
    out += "<p class=\"u-head\"><strong>" +
           html_escape(update_label(data, i, i.updates.size() - 1)) + "</strong> · " +
           time_tag(data, u->display_at) + "</p>";
  }
  return out + "</li>";
}

std::string past_section(const SiteData& data) {
  std::string out = "<section aria-labelledby=\"past-h\"><h2 id=\"past-h\">" +
                    text(data, "past_incidents") + "</h2>\n";
  // Walk back day by day through local midnights, so DST days have their true length.
  Instant day_start = start_of_day(data.now, data.zone);
  Instant day_end = start_of_day(day_start + std::chrono::hours(36), data.zone);
  for (int back = 0; back < kPastIncidentDays; ++back) {
    if (back > 0) {
      day_end = day_start;
      day_start = start_of_day(day_start - std::chrono::hours(12), data.zone);
    }
    std::string items;
    for (const auto* list : {&data.incidents, &data.maintenances}) {
      for (const auto& i : *list) {
        if (i.started_at >= day_start && i.started_at < day_end) items += past_incident(data, i);
      }
    }
    out += "<div class=\"day\"><h3>" + short_date(data, day_start) + "</h3>";
    out += items.empty() ? "<p class=\"muted\">" + text(data, "no_incidents_reported") + "</p>"
                         : "<ul class=\"past-list\">" + items + "</ul>";
    out += "</div>\n";
  }
  return out + "<p><a href=\"/history\">" + text(data, "incident_history_link") +
         "</a></p></section>\n";
}

}  // namespace

// "Only some components" checkboxes inside a subscribe form.
std::string component_picker(const SiteData& data) {
  if (data.components.empty()) return {};
  std::string out = "<details><summary>" + text(data, "only_some_components") +
                    "</summary><fieldset><legend>" + text(data, "components") + "</legend>";
  for (const auto& c : data.components) {
    out += "<label><input type=\"checkbox\" name=\"components\" value=\"" + html_escape(c.id) +
           "\"> " + html_escape(c.name) + "</label> ";
  }
  return out + "</fieldset></details>";
}

// Plain forms (no JavaScript) posting to /subscribe, one per channel the page offers
// (SiteData::subscribe): email (double opt-in follows), webhook. The feeds always.
std::string subscribe_section(const SiteData& data) {
  std::string out =
      "<section class=\"subscribe\" aria-labelledby=\"subscribe-h\"><h2 "
      "id=\"subscribe-h\">" +
      text(data, "get_updates") + "</h2>";
  if (data.subscribe.email) {
    out +=
        "<form method=\"post\" action=\"/subscribe\" id=\"sub-email-form\"><input "
        "type=\"hidden\" name=\"kind\" value=\"email\"><label for=\"sub-email\">" +
        text(data, "email_address") +
        "</label> <input id=\"sub-email\" name=\"email\" type=\"email\" required "
        "autocomplete=\"email\" placeholder=\"you@example.com\">" +
        component_picker(data) + " <button type=\"submit\">" + text(data, "subscribe") +
        "</button></form>";
  }
  if (data.subscribe.webhook) {
    out +=
        "<form method=\"post\" action=\"/subscribe\" id=\"sub-webhook-form\"><input "
        "type=\"hidden\" name=\"kind\" value=\"webhook\"><label for=\"sub-webhook\">" +
        text(data, "webhook_url") +
        "</label> <input id=\"sub-webhook\" name=\"address\" type=\"url\" "
        "required placeholder=\"https://hooks.example.com/status\">" +
        component_picker(data) + " <button type=\"submit\">" + text(data, "add_webhook") +
        "</button></form>";
  }
  bool any = data.subscribe.email || data.subscribe.webhook;
  out += std::string("<p class=\"muted\">") + (any ? "Or follow" : "Follow") +
         " the <a href=\"/history.atom\">Atom</a> or <a href=\"/history.rss\">RSS</a> feed.</p>"
         "</section>\n";
  return out;
}

std::string render_index(const SiteData& data) {
  std::string main = banner(data) + incidents_section(data) + maintenance_section(data) +
                     components_section(data) + third_party_section(data) + past_section(data) +
                     subscribe_section(data);
  return layout(data, data.page.name + " " + std::string(raw_text(data, "status_suffix")), main);
}

}  // namespace pharos::site
