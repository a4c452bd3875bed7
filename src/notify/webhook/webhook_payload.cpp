#include "notify/webhook/webhook_payload.h"

#include <boost/json.hpp>

#include "statuspage/json.h"

namespace pharos::notify {
namespace {

namespace json = boost::json;

json::value iso(const RenderInput& in, const std::optional<Instant>& at) {
  return statuspage::time_or_null(at, in.zone);
}

json::value text_or_null(const std::string& s) {
  if (s.empty()) return nullptr;
  return json::value(s);
}

json::object component_json(const RenderInput& in, const Component& c) {
  json::object o;
  o["status"] = to_string(c.status);
  o["name"] = c.name;
  o["created_at"] = iso(in, c.created_at);
  o["updated_at"] = iso(in, c.updated_at);
  o["position"] = c.position;
  o["description"] = text_or_null(c.description);
  o["showcase"] = c.showcase;
  o["id"] = c.id;
  o["page_id"] = in.page.id;
  o["group_id"] = text_or_null(c.group_id);
  return o;
}

json::value affected(const RenderInput& in, const IncidentUpdate& u) {
  if (u.component_changes.empty()) return nullptr;
  json::array out;
  for (const auto& ch : u.component_changes) {
    json::object o;
    o["code"] = ch.component_id;
    o["name"] = component_display_name(in, ch.component_id);
    o["old_status"] = to_string(ch.old_status);
    o["new_status"] = to_string(ch.new_status);
    out.push_back(std::move(o));
  }
  return out;
}

json::object update_json(const RenderInput& in, const Incident& i, const IncidentUpdate& u) {
  json::object o;
  o["id"] = u.id;
  o["status"] = to_string(u.status);
  o["body"] = u.body;
  o["incident_id"] = i.id;
  o["created_at"] = iso(in, u.created_at);
  o["updated_at"] = iso(in, u.updated_at);
  o["display_at"] = iso(in, u.display_at);
  o["affected_components"] = affected(in, u);
  o["deliver_notifications"] = u.deliver_notifications;
  o["custom_tweet"] = nullptr;
  o["tweet_id"] = nullptr;
  o["wants_twitter_update"] = false;
  o["twitter_updated_at"] = nullptr;
  return o;
}

json::object incident_json(const RenderInput& in, const Incident& i) {
  json::object o;
  o["name"] = i.name;
  o["status"] = to_string(i.status);
  o["created_at"] = iso(in, i.created_at);
  o["updated_at"] = iso(in, i.updated_at);
  o["monitoring_at"] = iso(in, i.monitoring_at);
  o["resolved_at"] = iso(in, i.resolved_at);
  o["impact"] = to_string(i.impact);
  o["shortlink"] = incident_link(in.page, i);
  bool has_pm = i.postmortem.has_value();
  bool published = has_pm && i.postmortem->published_at.has_value();
  o["postmortem_ignored"] = false;
  o["postmortem_body"] = has_pm ? json::value(i.postmortem->body) : json::value(nullptr);
  o["postmortem_body_last_updated_at"] =
      has_pm ? iso(in, i.postmortem->updated_at) : json::value(nullptr);
  o["postmortem_published_at"] = published ? iso(in, i.postmortem->published_at) : nullptr;
  o["postmortem_notified_subscribers"] = published;
  o["postmortem_notified_twitter"] = false;
  o["backfilled"] = i.source == IncidentSource::kImported;
  o["scheduled_for"] = iso(in, i.scheduled_for);
  o["scheduled_until"] = iso(in, i.scheduled_until);
  o["scheduled_remind_prior"] = false;
  o["scheduled_reminded_at"] = nullptr;
  o["impact_override"] =
      i.impact_override ? json::value(to_string(*i.impact_override)) : json::value(nullptr);
  o["scheduled_auto_in_progress"] = i.is_maintenance() && i.auto_transition;
  o["scheduled_auto_completed"] = i.is_maintenance() && i.auto_transition;
  o["id"] = i.id;
  o["page_id"] = in.page.id;
  json::array updates;
  for (auto it = i.updates.rbegin(); it != i.updates.rend(); ++it) {
    updates.push_back(update_json(in, i, *it));  // newest first
  }
  o["incident_updates"] = std::move(updates);
  json::array components;
  for (const auto& id : i.component_ids) {
    for (const auto& c : in.components) {
      if (c.id == id) components.push_back(component_json(in, c));
    }
  }
  o["components"] = std::move(components);
  o["started_at"] = iso(in, i.started_at);
  return o;
}

json::object component_update_json(const RenderInput& in) {
  const OutboxEvent& e = in.event;
  json::object o;
  o["old_status"] = to_string(e.old_status.value_or(ComponentStatus::kOperational));
  o["new_status"] = to_string(e.new_status.value_or(ComponentStatus::kOperational));
  o["created_at"] = iso(in, e.created_at);
  o["component_type"] = "Component";
  o["id"] = component_update_id(e.seq);
  o["component_id"] = e.component_id;
  return o;
}

}  // namespace

std::string component_update_id(std::int64_t event_seq) {
  static const char* kDigits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out(12, '0');
  auto n = static_cast<unsigned long long>(event_seq);
  for (size_t pos = 12; pos-- > 0 && n > 0; n /= 36) out[pos] = kDigits[n % 36];
  return out;
}

std::string webhook_payload(const RenderInput& in) {
  json::object root;
  json::object meta;
  meta["unsubscribe"] = in.unsubscribe_url;
  meta["documentation"] = in.page.url + "/webhooks";  // rendered by the site (html_webhooks.cpp)
  meta["generated_at"] = iso(in, in.generated_at);
  root["meta"] = std::move(meta);
  json::object page;
  page["id"] = in.page.id;
  page["status_indicator"] = to_string(in.status.indicator);
  page["status_description"] = in.status.description;
  root["page"] = std::move(page);
  if (in.event.kind == EventKind::kIncidentUpdated && in.incident) {
    root["incident"] = incident_json(in, *in.incident);
  } else if (in.event.kind == EventKind::kComponentUpdated) {
    root["component_update"] = component_update_json(in);
    Component c = in.component.value_or(Component{});
    if (c.id.empty()) c.id = in.event.component_id;
    root["component"] = component_json(in, c);
  } else {
    json::object alert;
    alert["text"] = in.event.kind == EventKind::kSubscriberConfirm
                        ? "Confirm the subscription: " + in.confirm_url
                        : in.event.text;
    root["alert"] = std::move(alert);
  }
  return json::serialize(root);
}

}  // namespace pharos::notify
