#include "admin/incident_form.h"

#include <charconv>

#include "admin/view.h"
#include "core/text.h"

namespace pharos::admin {
namespace {

constexpr std::array<IncidentStatus, 3> kIncidentOpenStatuses{
    IncidentStatus::kInvestigating, IncidentStatus::kIdentified, IncidentStatus::kMonitoring};
constexpr std::array<IncidentStatus, 4> kIncidentUpdateStatuses{
    IncidentStatus::kInvestigating, IncidentStatus::kIdentified, IncidentStatus::kMonitoring,
    IncidentStatus::kResolved};
constexpr std::array<IncidentStatus, 4> kMaintenanceStatuses{
    IncidentStatus::kScheduled, IncidentStatus::kInProgress, IncidentStatus::kVerifying,
    IncidentStatus::kCompleted};

bool parse_int(std::string_view text, int& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

void check_text(const IncidentFormValues& v, bool name_required, FieldErrors& errors) {
  if (name_required && trim(v.name).empty()) errors.add("name", "Give it a name.");
  if (v.name.size() > kMaxNameLength) {
    errors.add("name", "At most " + std::to_string(kMaxNameLength) + " characters (this has " +
                           std::to_string(v.name.size()) + ").");
  }
  if (v.body.size() > kMaxBodyLength) {
    errors.add("body", "At most " + std::to_string(kMaxBodyLength) + " characters (this has " +
                           std::to_string(v.body.size()) + ").");
  }
}

std::optional<Impact> read_impact(const IncidentFormValues& v, FieldErrors& errors) {
  if (v.impact.empty()) return std::nullopt;
  auto impact = parse_impact(v.impact);
  if (!impact || *impact == Impact::kMaintenance) {
    errors.add("impact", "Choose none, minor, major or critical.");
    return std::nullopt;
  }
  return impact;
}

ComponentStatusChanges read_components(const IncidentFormValues& v,
                                       const std::vector<Component>& components,
                                       FieldErrors& errors) {
  ComponentStatusChanges changes;
  for (const auto& [id, text] : v.component_statuses) {
    if (text.empty()) continue;
    bool known = false;
    for (const Component& c : components) known = known || c.id == id;
    auto status = parse_component_status(text);
    if (!known) {
      errors.add("component." + id, "Unknown component.");
    } else if (!status) {
      errors.add("component." + id, "Unknown status.");
    } else {
      changes.emplace_back(id, *status);
    }
  }
  return changes;
}

template <std::size_t N>
std::optional<IncidentStatus> read_status(std::string_view text,
                                          const std::array<IncidentStatus, N>& allowed,
                                          FieldErrors& errors) {
  auto status = parse_incident_status(text);
  for (IncidentStatus s : allowed) {
    if (status && *status == s) return status;
  }
  errors.add("status", "Choose one of the listed statuses.");
  return std::nullopt;
}

}  // namespace

IncidentFormValues read_incident_form(const Form& form) {
  IncidentFormValues v;
  v.name = form.get("name");
  v.status = form.get("status");
  v.impact = form.get("impact");
  v.body = form.get("body");
  v.notify = form.get("notify") == "yes";
  v.starts = form.get("starts");
  v.ends = form.get("ends");
  v.auto_transition = form.get("auto") == "yes";
  for (const auto& [key, value] : form.fields()) {
    if (key.starts_with("component.")) v.component_statuses[key.substr(10)] = value;
  }
  return v;
}

std::optional<Instant> parse_local_input(std::string_view text, const TimeZone& zone) {
  // YYYY-MM-DDTHH:MM[:SS]
  if (text.size() != 16 && text.size() != 19) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') || text[13] != ':') {
    return std::nullopt;
  }
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!parse_int(text.substr(0, 4), y) || !parse_int(text.substr(5, 2), mo) ||
      !parse_int(text.substr(8, 2), d) || !parse_int(text.substr(11, 2), h) ||
      !parse_int(text.substr(14, 2), mi)) {
    return std::nullopt;
  }
  if (text.size() == 19 && (text[16] != ':' || !parse_int(text.substr(17, 2), s)))
    return std::nullopt;
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59 || h < 0 || mi < 0 || s < 0) return std::nullopt;
  auto local = date::local_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
               std::chrono::seconds{s};
  return from_local(std::chrono::time_point_cast<Millis>(local), zone);
}

ParsedNewIncident parse_new_incident(const IncidentFormValues& v, IncidentKind kind,
                                     const std::vector<Component>& components, const TimeZone& zone,
                                     const std::string& author) {
  ParsedNewIncident out;
  NewIncident& r = out.request;
  FieldErrors& errors = out.errors;
  r.kind = kind;
  r.name = std::string(trim(v.name));
  r.body = v.body;
  r.author = author;
  r.deliver_notifications = v.notify;
  check_text(v, true, errors);
  if (kind == IncidentKind::kIncident) {
    r.status = read_status(v.status, kIncidentOpenStatuses, errors);
    r.impact = read_impact(v, errors);
    r.component_statuses = read_components(v, components, errors);
    return out;
  }
  // Maintenance: the listed components are attached; automation puts them under maintenance
  // when the window starts (auto) or a person moves it to in progress.
  for (const auto& [id, change] : read_components(v, components, errors))
    r.component_ids.push_back(id);
  r.auto_transition = v.auto_transition;
  r.scheduled_for = parse_local_input(v.starts, zone);
  r.scheduled_until = parse_local_input(v.ends, zone);
  if (!r.scheduled_for)
    errors.add("starts", "Give the start as date and time (" + zone.name() + ").");
  if (!r.scheduled_until)
    errors.add("ends", "Give the end as date and time (" + zone.name() + ").");
  if (r.scheduled_for && r.scheduled_until && *r.scheduled_until <= *r.scheduled_for) {
    errors.add("ends", "The window must end after it starts.");
  }
  return out;
}

ParsedUpdate parse_update(const IncidentFormValues& v, const Incident& incident,
                          const std::vector<Component>& components, const std::string& author) {
  ParsedUpdate out;
  UpdateRequest& r = out.request;
  r.body = v.body;
  r.author = author;
  r.deliver_notifications = v.notify;
  check_text(v, false, out.errors);
  if (!v.status.empty()) {
    r.status = incident.is_maintenance()
                   ? read_status(v.status, kMaintenanceStatuses, out.errors)
                   : read_status(v.status, kIncidentUpdateStatuses, out.errors);
  }
  r.impact = read_impact(v, out.errors);
  r.component_statuses = read_components(v, components, out.errors);
  return out;
}

std::string form_field_for(const std::string& service_field) {
  if (service_field == "name" || service_field == "body" || service_field == "status" ||
      service_field == "impact") {
    return service_field;
  }
  if (service_field == "scheduled_for") return "starts";
  if (service_field == "scheduled_until") return "ends";
  if (service_field == "display_at") return "display_at";
  return "form";
}

namespace {

std::vector<Option> status_options(const ComposerView& view) {
  std::vector<Option> options;
  if (view.is_update) options.push_back({"", "Keep the current status"});
  auto add = [&](IncidentStatus s) {
    options.push_back({std::string(to_string(s)), std::string(label(s))});
  };
  if (view.kind == IncidentKind::kMaintenance) {
    for (IncidentStatus s : kMaintenanceStatuses) add(s);
  } else if (view.is_update) {
    for (IncidentStatus s : kIncidentUpdateStatuses) add(s);
  } else {
    for (IncidentStatus s : kIncidentOpenStatuses) add(s);
  }
  return options;
}

std::string components_fieldset(const std::vector<Component>& components,
                                const IncidentFormValues& values, const FieldErrors& errors,
                                bool maintenance) {
  std::string out = "<fieldset class=\"components\"><legend>" +
                    std::string(maintenance ? "Components in the window"
                                            : "Affected components and their new status") +
                    "</legend>";
  std::vector<Option> options{{"", maintenance ? "Not included" : "Not affected (unchanged)"}};
  if (maintenance) {
    options.push_back({"under_maintenance", "Included"});
  } else {
    for (ComponentStatus s : kComponentStatuses) {
      options.push_back({std::string(to_string(s)), std::string(label(s))});
    }
  }
  for (const Component& c : components) {
    auto it = values.component_statuses.find(c.id);
    std::string selected = it == values.component_statuses.end() ? "" : it->second;
    out += select_field("component." + c.id, c.name + " (now " + std::string(label(c.status)) + ")",
                        options, selected, errors);
  }
  out += "</fieldset>";
  return out;
}

}  // namespace

std::string render_incident_form(const ComposerView& view, const IncidentFormValues& values,
                                 const std::vector<Component>& components,
                                 const FieldErrors& errors, const std::string& preview_html) {
  bool maintenance = view.kind == IncidentKind::kMaintenance;
  std::string out = errors.summary_html() + errors.html("form");
  out +=
      "<form method=\"post\" action=\"" + html_escape(view.action) + "\" class=\"panel composer\">";
  out += "<input type=\"hidden\" name=\"csrf\" value=\"" + html_escape(view.csrf) + "\">";
  if (!view.is_update)
    out += input_field("name", "Name", values.name, errors, "text", "maxlength=\"255\"");
  out += select_field("status", "Status", status_options(view), values.status, errors);
  if (!maintenance) {
    std::vector<Option> impacts{{"", "Derived from the components"},
                                {"none", "None"},
                                {"minor", "Minor"},
                                {"major", "Major"},
                                {"critical", "Critical"}};
    out += select_field("impact", "Impact", impacts, values.impact, errors);
  }
  if (maintenance && !view.is_update) {
    std::string zone = view.zone_name.empty() ? "" : " (" + view.zone_name + ")";
    out += input_field("starts", "Window starts" + zone, values.starts, errors, "datetime-local");
    out += input_field("ends", "Window ends" + zone, values.ends, errors, "datetime-local");
    out += checkbox_field("auto",
                          "Move along by itself (in progress at the start, completed at the end)",
                          values.auto_transition);
  }
  if (!(maintenance && view.is_update))
    out += components_fieldset(components, values, errors, maintenance);
  out += textarea_field("body", "Message (Markdown)", values.body, errors, 8);
  out += "<div class=\"preview preview-target\"" +
         std::string(preview_html.empty() ? " hidden" : "") + ">" + preview_html + "</div>";
  out += checkbox_field("notify", "Notify subscribers", values.notify);
  out += "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"save\">" +
         html_escape(view.submit_label) +
         "</button><button type=\"submit\" class=\"secondary\" name=\"preview\" "
         "value=\"1\">Preview</button></div></form>";
  return out;
}

}  // namespace pharos::admin
