#pragma once
// Subscriptions: the plain service the web layer (subscribe form, confirm and unsubscribe links)
// and the CLI call. Validates addresses, mints unguessable tokens (libsodium) and stores only
// their hashes.
//
// Links (served by the web layer; each takes the token from the path):
//   <page url>/subscriptions/confirm/<token>      → confirm(token)
//   <page url>/subscriptions/unsubscribe/<token>  → unsubscribe(token)
// Email subscribers start unconfirmed; a confirmation mail (an outbox event written in the same
// transaction as the subscriber) carries a confirm link. Webhook and chat subscribers are
// confirmed at once (no inbox to confirm from); a webhook subscriber gets a signing secret.
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "domain/model.h"
#include "storage/audit_log.h"
#include "storage/notify_store.h"

namespace pharos::notify {

struct SubscribeRequest {
  SubscriberKind kind = SubscriberKind::kEmail;
  std::string address;                  // email address or https?:// URL
  std::vector<std::string> components;  // empty: the whole page
  // An admin adding someone by hand (management API) may vouch for the address: the email
  // subscriber starts confirmed and no confirmation mail is sent. Never set from public forms.
  bool skip_confirmation = false;
  // Who the audit log names ("user:<name>", "cli:<login>"); empty for the subscriber itself
  // through the public form, which is not audited.
  std::string actor{};
  // A slug of config `pages:` (checked by the caller); empty: the main page.
  std::string page{};
};

struct Subscription {
  Subscriber subscriber;
  std::string confirm_token;  // email only: the raw token (also mailed); empty otherwise
};

// What a subscription may name in `components`: every configured component id, and
// "vendor:<slug>" for each configured vendor (opting in to that vendor's incidents, which
// whole-page subscribers do not get).
std::vector<std::string> subscribable_ids(const Config& config);

std::string confirm_url(const Page& page, const std::string& token);
std::string unsubscribe_url(const Page& page, const std::string& token);

// Why `address` is not acceptable for `kind`, or nullopt when it is.
std::optional<std::string> address_problem(SubscriberKind kind, const std::string& address);

class SubscriptionService {
 public:
  // `known_components`: the component ids a subscription may name. `audit` (null: nothing
  // audited) records subscribers added and removed by a person, after the change committed
  // ("subscriber.create" / "subscriber.delete", subscriber_json.h). `email_available`: a mail
  // server is configured (notify: an email entry), so confirmation mail and updates can go out.
  // References must outlive it.
  SubscriptionService(NotifyStore& store, const Clock& clock,
                      std::vector<std::string> known_components, const AuditLog* audit = nullptr,
                      bool email_available = true)
      : store_(store),
        clock_(clock),
        known_components_(std::move(known_components)),
        audit_(audit),
        email_available_(email_available) {}

  // Replaces the ids a subscription may name (a config reload added or removed components).
  void set_known_components(std::vector<std::string> ids) {
    std::lock_guard lock(known_mu_);
    known_components_ = std::move(ids);
  }

  // Whether email subscriptions are taken (see the constructor).
  bool email_available() const { return email_available_; }

  // kInvalidArgument (field "address" or "components") with the reason; kInvalidArgument
  // "kind" for email without a mail server (nothing could ever reach the subscriber: refused
  // rather than stored to pile up as dead letters); kAlreadyExists.
  // Audited when request.actor is set.
  Result<Subscription> subscribe(const SubscribeRequest& request);
  // kNotFound for an unknown or used token. Returns the confirmed subscriber.
  Result<Subscriber> confirm(const std::string& token);
  // kNotFound for an unknown token. Removes the subscriber and cancels what is queued for it.
  Result<Subscriber> unsubscribe(const std::string& token);
  Result<std::vector<Subscriber>> list();
  // Removes the subscriber by id; returns it as it was. kNotFound ("id") when unknown.
  Result<Subscriber> remove(const std::string& id, const std::string& actor);

 private:
  Result<Subscriber> subscriber_for(const std::string& purpose, const std::string& token);

  NotifyStore& store_;
  const Clock& clock_;
  mutable std::mutex known_mu_;
  std::vector<std::string> known_components_;  // GUARDED_BY(known_mu_)
  const AuditLog* audit_;
  bool email_available_;
};

}  // namespace pharos::notify
