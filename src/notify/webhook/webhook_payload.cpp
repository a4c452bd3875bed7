#include "notify/webhook/webhook_payload.h"

#include <boost/json.hpp>

#include "statuspage/json.h"

namespace pharos::notify {
namespace {

namespace json = boost::json;
constexpr auto kWebhook = statuspage::PublicForm::kWebhook;

json::value iso(const RenderInput& in, const std::optional<Instant>& at) {
  return statuspage::time_or_null(at, in.zone);
}

statuspage::PublicPage public_page(const RenderInput& in) {
  return {in.page.id, in.page.url, in.zone, in.components, in.groups};
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
    root["incident"] = statuspage::public_incident_json(*in.incident, public_page(in), kWebhook);
  } else if (in.event.kind == EventKind::kComponentUpdated) {
    root["component_update"] = component_update_json(in);
    Component c = in.component.value_or(Component{});
    if (c.id.empty()) c.id = in.event.component_id;
    root["component"] = statuspage::public_component_json(c, public_page(in), kWebhook, c.position);
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
