#include "notify/message.h"

#include <algorithm>

#include "core/text.h"
#include "statuspage/json.h"

namespace pharos::notify {
namespace {

std::string when(const RenderInput& in, Instant at) {
  return format_in_zone(at, in.zone, "%b %d, %Y - %H:%M %Z");
}

std::string prefix(const RenderInput& in) { return "[" + in.page.name + "] "; }

struct Parts {
  std::string subject;
  std::string headline;
  std::vector<std::string> lines;  // paragraphs
  std::string link_text;
  std::string link;
};

// A vendor's incident, told to the admin routes and to subscribers of that vendor: says whose
// incident it is, when Pharos saw it, and links Pharos's vendor incident page.
Parts vendor_incident_parts(const RenderInput& in) {
  Parts p;
  const Incident& i = *in.incident;
  const IncidentUpdate* u = event_update(in);
  std::string status(label(u ? u->status : i.status));
  auto named = in.vendor_names.find(i.vendor);
  const std::string& vendor = named == in.vendor_names.end() ? i.vendor : named->second;
  p.subject = prefix(in) + "Vendor " + vendor + ": " + i.name + " - " + status;
  p.headline = vendor + ": " + i.name;
  p.lines.push_back(status + ": " + (u ? u->body : std::string()));
  if (u) p.lines.push_back("Posted by " + vendor + " " + when(in, u->display_at));
  if (i.detected_at) p.lines.push_back("Detected by Pharos " + when(in, *i.detected_at));
  if (!i.external_components.empty()) {
    p.lines.push_back("This incident affects: " + join_human(i.external_components) + ".");
  }
  if (!i.source_url.empty()) p.lines.push_back("Vendor source: " + i.source_url);
  p.link_text = "View the vendor incident";
  p.link = incident_link(in.page, i);
  return p;
}

Parts incident_parts(const RenderInput& in) {
  if (in.incident->source == IncidentSource::kVendor) return vendor_incident_parts(in);
  Parts p;
  const Incident& i = *in.incident;
  const IncidentUpdate* u = event_update(in);
  std::string status(label(u ? u->status : i.status));
  p.subject = prefix(in) + i.name + " - " + status;
  p.headline = i.name;
  p.lines.push_back(status + ": " + (u ? u->body : std::string()));
  if (u) p.lines.push_back("Posted " + when(in, u->display_at));
  std::vector<std::string> names;
  for (const auto& id : i.component_ids) names.push_back(component_display_name(in, id));
  if (!names.empty()) p.lines.push_back("This incident affects: " + join_human(names) + ".");
  p.link_text = "View the incident";
  p.link = incident_url(in.page, i.id);
  return p;
}

Parts component_parts(const RenderInput& in) {
  Parts p;
  std::string name = component_display_name(in, in.event.component_id);
  std::string now(label(in.event.new_status.value_or(ComponentStatus::kOperational)));
  std::string was(label(in.event.old_status.value_or(ComponentStatus::kOperational)));
  p.subject = prefix(in) + name + " is " + now;
  p.headline = name + " is " + now;
  p.lines.push_back(name + " changed from " + was + " to " + now + " at " +
                    when(in, in.event.created_at) + ".");
  p.link_text = "View the status page";
  p.link = in.page.url;
  return p;
}

Parts confirm_parts(const RenderInput& in) {
  Parts p;
  p.subject = prefix(in) + "Confirm your subscription";
  p.headline = "Confirm your subscription to " + in.page.name;
  p.lines.push_back("Someone (hopefully you) asked to be notified about incidents on " +
                    in.page.name +
                    ". Open the link below to confirm; ignore this message "
                    "otherwise and you will hear nothing more.");
  p.link_text = "Confirm the subscription";
  p.link = in.confirm_url;
  return p;
}

Parts alert_parts(const RenderInput& in) {
  Parts p;
  p.subject = prefix(in) + "Alert: " + in.event.text;
  p.headline = "Alert";
  p.lines.push_back(in.event.text);
  p.link_text = "View the status page";
  p.link = in.page.url;
  return p;
}

Parts parts_for(const RenderInput& in) {
  switch (in.event.kind) {
    case EventKind::kIncidentUpdated:
      return incident_parts(in);
    case EventKind::kComponentUpdated:
      return component_parts(in);
    case EventKind::kSubscriberConfirm:
      return confirm_parts(in);
    case EventKind::kAlert:
      return alert_parts(in);
  }
  return alert_parts(in);
}

}  // namespace

const IncidentUpdate* event_update(const RenderInput& in) {
  if (!in.incident) return nullptr;
  for (const auto& u : in.incident->updates) {
    if (u.id == in.event.update_id) return &u;
  }
  return in.incident->latest_update();
}

std::string component_display_name(const RenderInput& in, const std::string& component_id) {
  if (in.component && in.component->id == component_id &&
      std::none_of(in.components.begin(), in.components.end(),
                   [&](const Component& c) { return c.id == component_id; })) {
    return in.component->name;  // a component gone from the catalog since the event
  }
  return statuspage::qualified_component_name(in.components, in.groups, component_id);
}

std::string incident_url(const Page& page, const std::string& incident_id) {
  return page.url + "/incidents/" + incident_id;
}

std::string incident_link(const Page& page, const Incident& incident) {
  return statuspage::incident_shortlink(page.url, incident);
}

TextMessage render_text(const RenderInput& in) {
  Parts p = parts_for(in);
  TextMessage m;
  m.subject = p.subject;
  for (const auto& line : p.lines) m.plain += line + "\n\n";
  m.plain += p.link_text + ": " + p.link + "\n";
  m.html = "<!doctype html><html><body><h2>" + html_escape(p.headline) + "</h2>";
  for (const auto& line : p.lines) m.html += "<p>" + html_escape(line) + "</p>";
  m.html += "<p><a href=\"" + html_escape(p.link) + "\">" + html_escape(p.link_text) + "</a></p>";
  if (!in.unsubscribe_url.empty()) {
    m.plain += "\n--\nUnsubscribe: " + in.unsubscribe_url + "\n";
    m.html += "<hr><p><small><a href=\"" + html_escape(in.unsubscribe_url) +
              "\">Unsubscribe</a></small></p>";
  }
  m.html += "</body></html>\n";
  return m;
}

}  // namespace pharos::notify
