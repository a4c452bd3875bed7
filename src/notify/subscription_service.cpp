#include "notify/subscription_service.h"

#include <algorithm>
#include <boost/url/parse.hpp>

#include "core/ids.h"
#include "core/log.h"
#include "notify/crypto.h"
#include "notify/fanout.h"
#include "notify/subscriber_json.h"

namespace pharos::notify {
namespace {

std::optional<std::string> email_problem(const std::string& a) {
  if (a.empty()) return "an email address is required";
  if (a.size() > 254) return "the address is longer than 254 characters";
  auto at = a.rfind('@');
  if (at == std::string::npos) return "an email address needs an @";
  if (at == 0) return "nothing before the @";
  if (at > 64) return "the part before the @ is longer than 64 characters";
  std::string domain = a.substr(at + 1);
  if (domain.find('.') == std::string::npos || domain.front() == '.' || domain.back() == '.') {
    return "the domain after the @ must be a full host name like example.com";
  }
  for (char c : a) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f ||
        std::string_view("<>()[]\\,;:\"").find(c) != std::string_view::npos) {
      return "the address contains a character not allowed in email addresses";
    }
  }
  if (a.find('@') != at) return "an email address has exactly one @";
  return std::nullopt;
}

std::optional<std::string> url_problem(const std::string& a) {
  auto parsed = boost::urls::parse_absolute_uri(a);
  if (!parsed) return "not a valid absolute URL";
  if (parsed->scheme() != "http" && parsed->scheme() != "https") {
    return "the URL must start with https:// (or http://)";
  }
  if (parsed->encoded_host().empty()) return "the URL has no host";
  return std::nullopt;
}

}  // namespace

std::vector<std::string> subscribable_ids(const Config& config) {
  std::vector<std::string> out;
  for (const auto& c : config.components) out.push_back(c.id);
  for (const auto& v : config.vendors) out.push_back(vendor_subscription(v.slug));
  return out;
}

std::string confirm_url(const Page& page, const std::string& token) {
  return page.url + "/subscriptions/confirm/" + token;
}

std::string unsubscribe_url(const Page& page, const std::string& token) {
  return page.url + "/subscriptions/unsubscribe/" + token;
}

std::optional<std::string> address_problem(SubscriberKind kind, const std::string& address) {
  return kind == SubscriberKind::kEmail ? email_problem(address) : url_problem(address);
}

Result<Subscription> SubscriptionService::subscribe(const SubscribeRequest& request) {
  if (request.kind == SubscriberKind::kEmail && !email_available_) {
    return Error::invalid(
        "email updates are not available: no mail server is configured "
        "(notify: an email entry with smtp)",
        "kind");
  }
  if (auto problem = address_problem(request.kind, request.address)) {
    return Error::invalid(*problem, "address");
  }
  {
    std::lock_guard lock(known_mu_);
    for (const auto& c : request.components) {
      if (std::find(known_components_.begin(), known_components_.end(), c) ==
          known_components_.end()) {
        return Error::invalid("unknown component '" + c + "'", "components");
      }
    }
  }
  Subscription out;
  Subscriber& s = out.subscriber;
  s.id = new_id();
  s.kind = request.kind;
  s.address = request.address;
  s.components = request.components;
  s.page = request.page;
  s.created_at = clock_.now();
  std::string hash;
  if (request.kind == SubscriberKind::kEmail && !request.skip_confirmation) {
    out.confirm_token = new_token();
    hash = hash_token(out.confirm_token);
  } else {
    s.confirmed = true;
    s.confirmed_at = s.created_at;
    if (request.kind == SubscriberKind::kWebhook) s.secret = new_token();
  }
  PHAROS_TRY(store_.add_subscriber(s, hash));
  log::info("notify.subscribed", {log::kv("subscriber", s.id), log::kv("kind", to_string(s.kind))});
  if (audit_ && !request.actor.empty()) {
    audit_->record(request.actor, "subscriber.create", s.id, "",
                   boost::json::serialize(subscriber_json(s)));
  }
  return out;
}

Result<Subscriber> SubscriptionService::subscriber_for(const std::string& purpose,
                                                       const std::string& token) {
  auto id = store_.subscriber_for_token(purpose, hash_token(token));
  if (!id) return id.error();
  if (!*id) return Error::not_found("this link is unknown or was already used", "token");
  auto s = store_.find_subscriber(**id);
  if (!s) return s.error();
  if (!*s) return Error::not_found("the subscription no longer exists", "token");
  return **s;
}

Result<Subscriber> SubscriptionService::confirm(const std::string& token) {
  auto s = subscriber_for("confirm", token);
  if (!s) return s.error();
  PHAROS_TRY(store_.confirm_subscriber(s->id, clock_.now()));
  s->confirmed = true;
  log::info("notify.confirmed", {log::kv("subscriber", s->id)});
  return s;
}

Result<Subscriber> SubscriptionService::unsubscribe(const std::string& token) {
  auto s = subscriber_for("unsubscribe", token);
  if (!s) return s.error();
  PHAROS_TRY(store_.remove_subscriber(s->id));
  log::info("notify.unsubscribed", {log::kv("subscriber", s->id)});
  return s;
}

Result<std::vector<Subscriber>> SubscriptionService::list() { return store_.list_subscribers(); }

Result<Subscriber> SubscriptionService::remove(const std::string& id, const std::string& actor) {
  auto found = store_.find_subscriber(id);
  if (!found) return found.error();
  if (!*found) return Error::not_found("no subscriber with id '" + id + "'", "id");
  PHAROS_TRY(store_.remove_subscriber(id));
  log::info("notify.removed", {log::kv("subscriber", id)});
  if (audit_) {
    audit_->record(actor, "subscriber.delete", id, boost::json::serialize(subscriber_json(**found)),
                   "");
  }
  return std::move(**found);
}

}  // namespace pharos::notify
