#include "admin/view.h"

#include "core/text.h"

namespace pharos::admin {

std::string time_html(const Services& services, Instant at) {
  return "<time datetime=\"" + format_iso_utc(at) + "\">" +
         html_escape(format_in_zone(at, services.zone, "%Y-%m-%d %H:%M %Z")) + "</time>";
}

std::string local_input_value(const Services& services, Instant at) {
  return format_in_zone(at, services.zone, "%Y-%m-%dT%H:%M");
}

std::string table_html(std::string_view css_class, std::initializer_list<std::string_view> headings,
                       const std::string& rows) {
  std::string out = "<table class=\"" + std::string(css_class) + "\"><thead><tr>";
  for (std::string_view heading : headings) out += "<th>" + std::string(heading) + "</th>";
  return out + "</tr></thead><tbody>" + rows + "</tbody></table>";
}

std::string listing_html(std::string_view css_class,
                         std::initializer_list<std::string_view> headings, const std::string& rows,
                         std::string_view empty_text) {
  if (rows.empty()) return "<p class=\"muted\">" + std::string(empty_text) + "</p>";
  return table_html(css_class, headings, rows);
}

std::string component_status_html(ComponentStatus status) {
  return "<span class=\"status s-" + std::string(to_string(status)) + "\">" +
         std::string(label(status)) + "</span>";
}

std::string incident_status_html(IncidentStatus status) {
  return "<span class=\"status st-" + std::string(to_string(status)) + "\">" +
         std::string(label(status)) + "</span>";
}

std::string impact_html(Impact impact) {
  return "<span class=\"status impact-" + std::string(to_string(impact)) + "\">" +
         std::string(label(impact)) + "</span>";
}

std::string probable_causes_html(const Services& services, const Incident& incident) {
  std::string out;
  for (const ProbableCause& cause : incident.probable_causes) {
    auto found = services.store.find_incident(cause.incident_id);
    std::string vendor = "a vendor";
    std::string name = cause.incident_id;
    if (found && *found) {
      vendor = (*found)->vendor.empty() ? vendor : (*found)->vendor;
      name = (*found)->name;
    }
    out += "<p class=\"cause\">Probably caused by " + html_escape(vendor) + " incident “" +
           html_escape(name) + "”";
    if (!cause.reason.empty())
      out += " <span class=\"muted\">(" + html_escape(cause.reason) + ")</span>";
    out += "</p>";
  }
  return out;
}

std::string component_names_html(const std::vector<Component>& components,
                                 const std::vector<std::string>& ids) {
  std::vector<std::string> names;
  for (const std::string& id : ids) {
    std::string name = id;
    for (const Component& c : components) {
      if (c.id == id) name = c.name;
    }
    names.push_back(name);
  }
  return html_escape(join_human(names));
}

}  // namespace pharos::admin
