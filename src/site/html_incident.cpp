// "/incidents/{id}": one incident in the layout of seeds 000 and 002.
#include "core/duration.h"
#include "site/html_common.h"
#include "site/html_pages.h"

namespace pharos::site {
namespace {

using namespace html;

// "A", "A and B", "A and B and 3 more components".
std::string affecting(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  std::string out = " affecting " + names[0];
  if (names.size() >= 2) out += " and " + names[1];
  if (names.size() > 2) {
    size_t more = names.size() - 2;
    out += " and " + std::to_string(more) + " more component" + (more == 1 ? "" : "s");
  }
  return out;
}

std::string impact_phrase(Impact impact) {
  if (impact == Impact::kNone || impact == Impact::kMaintenance) return "an incident";
  return "a " + std::string(to_string(impact)) + " incident";
}

std::string maintenance_sentence(const SiteData& data, const Incident& m,
                                 const std::string& where) {
  const std::string& page = data.page.name;
  Instant start = m.scheduled_for.value_or(m.started_at);
  std::string planned;
  if (m.scheduled_for && m.scheduled_until) {
    planned =
        format_duration_short(std::chrono::floor<Seconds>(*m.scheduled_until - *m.scheduled_for));
  }
  if (cancelled_maintenance(m)) {
    return page + " cancelled the maintenance scheduled for " + long_date(data, start) + where +
           ".";
  }
  if (m.status == IncidentStatus::kScheduled) {
    return page + " has scheduled maintenance on " + long_date(data, start) + where +
           (planned.empty() ? "" : ", planned to last " + planned) + ".";
  }
  if (m.active()) {
    return page + " is performing scheduled maintenance since " + long_date(data, m.started_at) +
           where + (planned.empty() ? "" : ", planned to last " + planned) + ".";
  }
  auto lasted = m.duration();
  return page + " completed scheduled maintenance on " + long_date(data, m.started_at) + where +
         (lasted ? ", lasting " + format_duration_short(*lasted) : "") + ".";
}

std::string facts(const SiteData& data, const Incident& incident) {
  auto fact = [](const char* term, const std::string& value) {
    return "<div><dt>" + std::string(term) + "</dt><dd>" + value + "</dd></div>";
  };
  std::string out = "<dl class=\"facts\">";
  if (incident.is_maintenance() && incident.scheduled_for && incident.scheduled_until) {
    out += fact("Scheduled", time_tag(data, *incident.scheduled_for) + " – " +
                                 time_tag(data, *incident.scheduled_until));
    // Not begun (upcoming, or cancelled before it began): nothing started, nothing lasted.
    if (incident.status == IncidentStatus::kScheduled) {
      return out + fact("Status", "Upcoming") + "</dl>\n";
    }
    if (cancelled_maintenance(incident)) {
      return out + fact("Status", "Cancelled " + time_tag(data, *incident.resolved_at)) + "</dl>\n";
    }
  }
  out += fact("Started", time_tag(data, incident.started_at));
  out += fact(incident.is_maintenance() ? "Completed" : "Resolved",
              incident.resolved_at ? time_tag(data, *incident.resolved_at) : "Ongoing");
  auto lasted = incident.duration();
  out +=
      fact("Duration", lasted ? format_duration_short(*lasted)
                              : "Ongoing for " + format_duration_short(std::chrono::floor<Seconds>(
                                                     data.now - incident.started_at)));
  if (!incident.is_maintenance()) {
    std::string detected = "Not recorded";
    if (incident.detected_at) {
      detected = time_tag(data, *incident.detected_at);
      if (incident.source == IncidentSource::kAutomatic) detected += " by Pharos monitoring";
      if (incident.source == IncidentSource::kVendor) detected += " by Pharos";
    }
    out += fact("Detected", detected);
  }
  return out + "</dl>\n";
}

// "Probable cause: Cloudflare — CDN degraded", linking the vendor incident's page (issue 9).
std::string probable_causes(const SiteData& data, const Incident& incident) {
  std::string out;
  for (const auto& cause : incident.probable_causes) {
    auto it = data.probable_causes.find(cause.incident_id);
    if (it == data.probable_causes.end()) continue;  // the vendor incident was deleted
    const Incident& v = it->second;
    auto named = data.vendor_names.find(v.vendor);
    const std::string& vendor = named == data.vendor_names.end() ? v.vendor : named->second;
    out += "<p class=\"probable-cause\">Probable cause: <a href=\"/vendors/" +
           html_escape(v.vendor) + "/incidents/" + html_escape(v.id) + "\">" + html_escape(vendor) +
           " — " + html_escape(v.name) + "</a></p>\n";
  }
  return out;
}

std::string affected_section(const SiteData& data, const Incident& incident) {
  if (incident.component_ids.empty() && incident.external_components.empty()) return {};
  std::string out = "<section aria-labelledby=\"affected-h\"><h2 id=\"affected-h\">" +
                    text(data, "affected_components") + "</h2><ul class=\"affected\">";
  // In a cascade the root (the component the others depend on) is named as the cause.
  bool cascade = !incident.root_component_id.empty() && incident.component_ids.size() > 1;
  for (const auto& id : incident.component_ids) {
    const Component* c = data.find_component(id);
    bool root = cascade && id == incident.root_component_id;
    out += "<li><span>" + html_escape(data.qualified_name(id)) +
           (root ? " <span class=\"badge root\">Root cause</span>" : "") + "</span>" +
           (c ? status_pill(data, c->status) : std::string()) + "</li>";
  }
  for (const auto& name : incident.external_components) {
    out += "<li><span>" + html_escape(name) + "</span></li>";
  }
  return out + "</ul></section>\n";
}

std::string postmortem(const SiteData& data, const Incident& incident) {
  if (!incident.postmortem || !incident.postmortem->published_at) return {};
  return "<section class=\"postmortem\" aria-labelledby=\"pm-h\"><h2 id=\"pm-h\">" +
         text(data, "postmortem") + "</h2>" + markdown_block(incident.postmortem->body) +
         "</section>\n";
}

}  // namespace

std::string incident_sentence(const SiteData& data, const Incident& incident) {
  std::string where = affecting(affected_names(data, incident));
  if (incident.is_maintenance()) return maintenance_sentence(data, incident, where);
  const std::string& page = data.page.name;
  if (incident.active()) {
    return page + " is experiencing " + impact_phrase(incident.impact) + " since " +
           long_date(data, incident.started_at) + where + ", ongoing for " +
           format_duration_short(std::chrono::floor<Seconds>(data.now - incident.started_at)) +
           ". The incident is " + to_lower(label(incident.status)) +
           "; the latest update is at the top of the timeline below.";
  }
  auto lasted = incident.duration().value_or(Seconds(0));
  return page + " experienced " + impact_phrase(incident.impact) + " on " +
         long_date(data, incident.started_at) + where + ", lasting " +
         format_duration_short(lasted) +
         ". The incident has been resolved; the full update timeline is below.";
}

std::string render_incident(const SiteData& data, const Incident& incident) {
  std::string main =
      "<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"/\">" +
      html_escape(data.page.name) + " " + text(data, "home_link_suffix") + "</a> › " +
      text(data, incident.is_maintenance() ? "breadcrumb_maintenance" : "breadcrumb_incident") +
      "</nav>\n";
  main += "<article class=\"incident-page\"><h1>" + html_escape(incident.name) + "</h1>\n";
  main += "<p class=\"badges\">" + impact_badge(data, incident.impact) + " " +
          status_badge(data, incident.status);
  if (!incident.source_url.empty() && (incident.source_url.rfind("https://", 0) == 0 ||
                                       incident.source_url.rfind("http://", 0) == 0)) {
    main += " <a class=\"source\" href=\"" + html_escape(incident.source_url) +
            "\" rel=\"noopener nofollow\">View vendor source →</a>";
  }
  main += "</p>\n<p class=\"summary\">" + html_escape(incident_sentence(data, incident)) + "</p>\n";
  main += facts(data, incident) + probable_causes(data, incident) +
          affected_section(data, incident) + timeline(data, incident) + postmortem(data, incident) +
          "</article>\n";
  return layout(
      data,
      incident.name + " · " + data.page.name + " " + std::string(raw_text(data, "status_suffix")),
      main);
}

}  // namespace pharos::site
