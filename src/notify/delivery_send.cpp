// DeliveryWorker: turning one delivery into a message on its channel and sending it.
#include <algorithm>

#include "notify/chat/chat_payload.h"
#include "notify/crypto.h"
#include "notify/delivery_worker.h"
#include "notify/email/mime.h"
#include "notify/fanout.h"
#include "notify/subscription_service.h"
#include "notify/webhook/webhook_payload.h"

namespace pharos::notify {
namespace {

long long unix_seconds(Instant at) {
  return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

// Who a delivery goes to, resolved from its target.
struct Recipient {
  SubscriberKind kind = SubscriberKind::kWebhook;
  std::string url;
  std::string secret;
  std::vector<std::string> to;
  std::optional<SmtpSpec> smtp;
  std::optional<Subscriber> subscriber;  // unset for admin routes
};

Result<Recipient> resolve(NotifyStore& notify, const NotifySpec& spec, const std::string& target) {
  Recipient r;
  long index = route_index(target);
  if (index >= 0) {
    if (static_cast<size_t>(index) >= spec.routes.size()) {
      return Error::not_found("alert route " + target + " is no longer configured");
    }
    const auto& route = spec.routes[static_cast<size_t>(index)];
    r.kind = parse_subscriber_kind(route.kind).value_or(SubscriberKind::kWebhook);
    r.url = route.url;
    r.secret = route.secret;
    r.to = route.to;
    r.smtp = route.smtp;
    return r;
  }
  auto sub = notify.find_subscriber(target);
  if (!sub) return sub.error();
  if (!*sub) return Error::not_found("subscriber " + target + " no longer exists");
  r.kind = (*sub)->kind;
  r.url = (*sub)->address;
  r.secret = (*sub)->secret;
  r.to = {(*sub)->address};
  r.smtp = spec.smtp;
  r.subscriber = **sub;
  return r;
}

}  // namespace

Result<RenderInput> DeliveryWorker::render_input(const OutboxEvent& event,
                                                 const std::string& target,
                                                 const std::string& page) {
  RenderInput in;
  in.page = ctx_.page;
  in.zone = ctx_.zone;
  // A subscriber of a page of `pages:` hears of it by its name, in its time zone, with links to
  // it (its path or host) and its status, as Statuspage's per-page subscribers do; of a page
  // removed since it signed up, as of the main page.
  auto pages = pages_.load();
  const NotifyPage* own = nullptr;
  if (!page.empty()) {
    auto found = pages->pages.find(page);
    if (found != pages->pages.end()) own = &found->second;
  }
  if (own) {
    in.page = own->page;
    if (in.page.time_zone != ctx_.page.time_zone) {
      if (auto zone = TimeZone::locate(in.page.time_zone)) in.zone = *zone;
    }
  }
  in.vendor_names = ctx_.vendor_names;
  in.event = event;
  in.generated_at = clock_.now();
  PHAROS_ASSIGN(in.components, store_.list_components());
  PHAROS_ASSIGN(in.groups, store_.list_groups());
  IncidentQuery open;
  open.state = IncidentQuery::State::kOpen;
  auto incidents = store_.list_incidents(open);
  if (!incidents) return incidents.error();
  if (own) {
    // The page's indicator: its components and the open incidents that touch them.
    std::vector<Component> shown;
    for (const auto& c : in.components) {
      if (own->components.count(c.id)) shown.push_back(c);
    }
    std::erase_if(*incidents, [&](const Incident& i) {
      return std::none_of(i.component_ids.begin(), i.component_ids.end(),
                          [&](const std::string& id) { return own->components.count(id) > 0; });
    });
    in.status = page_status(shown, *incidents);
  } else {
    in.status = page_status(in.components, *incidents);
  }
  if (event.kind == EventKind::kIncidentUpdated) {
    auto incident = store_.find_incident(event.incident_id);
    if (!incident) return incident.error();
    if (!*incident) return Error::not_found("incident " + event.incident_id + " was deleted");
    in.incident = std::move(**incident);
  }
  if (event.kind == EventKind::kComponentUpdated) {
    PHAROS_ASSIGN(in.component, store_.find_component(event.component_id));
  }
  if (route_index(target) < 0) {
    // Each message to a subscriber carries its own unsubscribe link (and a confirmation message
    // its confirm link); only the tokens' hashes are stored.
    std::string token = new_token();
    PHAROS_TRY(notify_.add_token(target, "unsubscribe", hash_token(token), clock_.now()));
    in.unsubscribe_url = unsubscribe_url(in.page, token);
    if (event.kind == EventKind::kSubscriberConfirm) {
      std::string confirm = new_token();
      PHAROS_TRY(notify_.add_token(target, "confirm", hash_token(confirm), clock_.now()));
      in.confirm_url = confirm_url(in.page, confirm);
    }
  }
  return in;
}

Result<TransportResult> DeliveryWorker::send(const Delivery& d, const OutboxEvent& e,
                                             bool* is_subscriber, bool* is_mail) {
  auto recipient = resolve(notify_, ctx_.spec, d.target);
  if (!recipient) return recipient.error();
  *is_subscriber = recipient->subscriber.has_value();
  *is_mail = recipient->kind == SubscriberKind::kEmail;
  auto in = render_input(e, d.target,
                         recipient->subscriber ? recipient->subscriber->page : std::string());
  if (!in) return in.error();
  if (recipient->kind == SubscriberKind::kEmail) {
    if (!recipient->smtp) return Error::invalid("no SMTP server configured (notify: kind email)");
    MailHeaders headers;
    headers.from = recipient->smtp->from;
    headers.to = recipient->to;
    headers.message_id = message_id_for(d.id, recipient->smtp->from);
    headers.unsubscribe_url = in->unsubscribe_url;
    headers.date = clock_.now();
    return mail_.send({*recipient->smtp, recipient->to, build_mail(headers, render_text(*in))});
  }
  HttpRequest request;
  request.url = recipient->url;
  request.body = recipient->kind == SubscriberKind::kWebhook
                     ? webhook_payload(*in)
                     : chat_payload(recipient->kind, render_text(*in));
  request.headers = {{"Content-Type", "application/json"},
                     {"User-Agent", "Pharos-Notifier/0.1"},
                     {"X-Pharos-Event", std::string(to_string(e.kind))},
                     {"X-Pharos-Delivery", d.id},
                     {"Idempotency-Key", d.id}};
  if (!recipient->secret.empty()) {
    request.headers.emplace_back(
        "X-Pharos-Signature",
        signature_header(recipient->secret, unix_seconds(clock_.now()), request.body));
  }
  return http_.post(request);
}

}  // namespace pharos::notify
