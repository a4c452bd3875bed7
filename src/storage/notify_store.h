#pragma once
// Storage for notifications: subscribers, their tokens, the durable outbox of events and the
// deliveries fanned out from it. A separate interface from Store: the notify module and the CLI
// use it; the incident side never calls it, because the Store appends outbox events itself
// inside the transaction of the change that caused them (save_incident, set_component_status).
//
// Contract (as for Store): each public method is one transaction; methods are thread-safe;
// instants are UTC milliseconds. Tokens are never stored: only their hashes are.
//
// Delivery life cycle (worked scenario, give_up_after 24h):
//   10:00 an incident update is saved → outbox event #7 (same transaction).
//   10:00 the worker fans #7 out: one delivery per matching confirmed subscriber and admin route,
//         state pending, id "<event>-<target>" (the stable idempotency id).
//   10:00 first attempt to hook A fails (503) → pending, attempts 1, next_attempt_at 10:00:10.
//         Event #8 for A waits: due_deliveries never returns a delivery while an earlier one of
//         the same target is pending (per-subscriber order).
//   …     retries back off exponentially with jitter; after 24h of failures → dead (the
//         dead-letter list). A later event then proceeds. retry_dead() makes it pending again.
//   410   from a webhook: the subscriber is removed and its pending deliveries cancelled.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/status.h"

namespace pharos {

enum class SubscriberKind { kEmail, kWebhook, kSlack, kTeams, kDiscord };
std::string_view to_string(SubscriberKind k);
std::optional<SubscriberKind> parse_subscriber_kind(std::string_view s);

struct Subscriber {
  std::string id;
  SubscriberKind kind = SubscriberKind::kEmail;
  std::string address;                  // email address or URL
  std::vector<std::string> components;  // empty: the whole page
  std::string secret;                   // webhook signing secret (webhook subscribers only)
  bool confirmed = false;
  Instant created_at{};
  std::optional<Instant> confirmed_at;
  // The page signed up to: a slug of config `pages:`, or empty for the main page (news of every
  // component). A page's subscriber hears of what touches that page's components.
  std::string page{};
};

// What an outbox event is about. `audience` decides who may see it.
enum class EventKind {
  kIncidentUpdated,    // an incident update was posted (incident_id, update_id)
  kComponentUpdated,   // a component changed status (component_id, old/new status)
  kSubscriberConfirm,  // send a confirmation message to one subscriber (subscriber_id)
  kAlert,              // an admin-only alert (text), e.g. a flapping monitor, an expiring cert
};
std::string_view to_string(EventKind k);
std::optional<EventKind> parse_event_kind(std::string_view s);

enum class Audience { kPublic, kAdmin };  // admin: only the admin alert routes see it

struct OutboxEvent {
  std::int64_t seq = 0;  // position in the outbox, increasing; the order of delivery
  EventKind kind = EventKind::kIncidentUpdated;
  Audience audience = Audience::kPublic;
  std::string incident_id;
  std::string update_id;
  std::string component_id;
  std::optional<ComponentStatus> old_status;
  std::optional<ComponentStatus> new_status;
  std::string subscriber_id;
  std::string text;  // alerts: the message
  Instant created_at{};
};

enum class DeliveryState { kPending, kDelivered, kDead, kCancelled };
std::string_view to_string(DeliveryState s);
std::optional<DeliveryState> parse_delivery_state(std::string_view s);

// A target is a subscriber id or an admin route ("route:<index>").
struct Delivery {
  std::string id;  // "<seq>-<target>": the idempotency id, stable across retries and restarts
  std::int64_t event_seq = 0;
  std::string target;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  Instant created_at{};
  Instant next_attempt_at{};
  std::optional<Instant> first_failure_at;
  std::optional<Instant> done_at;
  std::string last_error;
};

std::string delivery_id(std::int64_t event_seq, const std::string& target);

// The targets one event goes to.
struct FanOut {
  std::int64_t event_seq = 0;
  std::vector<std::string> targets;
};

// The outcome of one attempt, recorded by record_attempt.
struct AttemptOutcome {
  enum class Kind { kDelivered, kRetry, kDead, kUnsubscribe } kind = Kind::kDelivered;
  Instant at{};
  Instant next_attempt_at{};  // kRetry only
  std::string error;          // empty on success
};

class NotifyStore {
 public:
  virtual ~NotifyStore() = default;

  // ---- subscribers and tokens ----
  // Stores a new subscriber with a token hash for `purpose` ("confirm"; may be empty) and, for an
  // unconfirmed one, an outbox event asking for its confirmation message. kAlreadyExists when the
  // same kind and address is subscribed.
  virtual Result<void> add_subscriber(const Subscriber& subscriber,
                                      const std::string& confirm_token_hash) = 0;
  virtual Result<std::vector<Subscriber>> list_subscribers() = 0;
  virtual Result<std::optional<Subscriber>> find_subscriber(const std::string& id) = 0;
  // Removes the subscriber, its tokens, and cancels its pending deliveries. kNotFound when unknown.
  virtual Result<void> remove_subscriber(const std::string& id) = 0;
  // Remembers a token hash for `purpose` ("confirm" or "unsubscribe").
  virtual Result<void> add_token(const std::string& subscriber_id, const std::string& purpose,
                                 const std::string& token_hash, Instant at) = 0;
  // The subscriber a token hash belongs to, for `purpose`; nullopt when unknown.
  virtual Result<std::optional<std::string>> subscriber_for_token(const std::string& purpose,
                                                                  const std::string& hash) = 0;
  virtual Result<void> confirm_subscriber(const std::string& id, Instant at) = 0;

  // ---- outbox ----
  // Appends an admin alert event (the other kinds are appended by the Store).
  virtual Result<void> append_alert(const std::string& text, Instant at) = 0;
  // Events not yet fanned out, oldest first.
  virtual Result<std::vector<OutboxEvent>> unfanned_events(std::size_t limit) = 0;
  virtual Result<std::optional<OutboxEvent>> find_event(std::int64_t seq) = 0;
  // For each event of the batch, creates one pending delivery per target (existing ones are
  // kept) and marks the event fanned out, all in one transaction; so a crash in between fans out
  // again without duplicates, and a burst costs one commit per batch.
  virtual Result<void> fan_out_batch(const std::vector<FanOut>& batch, Instant at) = 0;
  Result<void> fan_out(std::int64_t event_seq, const std::vector<std::string>& targets,
                       Instant at) {
    return fan_out_batch({FanOut{event_seq, targets}}, at);
  }

  // ---- deliveries ----
  // Pending deliveries due at `now` that are the oldest pending one of their target, by event
  // order; at most `limit`, skipping the ids in `exclude` (those in flight).
  virtual Result<std::vector<Delivery>> due_deliveries(Instant now, std::size_t limit,
                                                       const std::vector<std::string>& exclude) = 0;
  // Claims for `node` up to `limit` pending deliveries due at `now` that are the oldest pending
  // one of their target (per-target order across nodes), skipping those in `exclude` (what the
  // caller has in flight) and those claimed by another live node (storage/cluster_store.h); a
  // claim made by a node that died is free again, and the delivery is then sent again with the
  // same idempotency id (at-least-once). Rows another node is claiming at the same moment are
  // skipped, not waited for. record_attempt() clears the claim. Oldest first.
  virtual Result<std::vector<Delivery>> claim_due(const std::string& node, Instant now,
                                                  std::size_t limit,
                                                  const std::vector<std::string>& exclude) = 0;
  // The earliest next_attempt_at among pending deliveries; nullopt when none is pending.
  virtual Result<std::optional<Instant>> next_due() = 0;
  virtual Result<void> record_attempt(const std::string& delivery_id,
                                      const AttemptOutcome& outcome) = 0;
  // Deliveries in `state`, oldest first (the dead-letter list is state kDead).
  virtual Result<std::vector<Delivery>> list_deliveries(DeliveryState state, std::size_t limit) = 0;
  // Makes dead deliveries pending again, due at `now`: the one named, or all when id is empty.
  // Returns how many it revived.
  virtual Result<int> retry_dead(const std::string& id, Instant now) = 0;
  // Counts by state, for status output and tests.
  virtual Result<std::int64_t> count_deliveries(DeliveryState state) = 0;
};

// Opens the notification store on the database named by `url` (as open_store), migrating it.
// It uses its own connection, so it can run beside a Store on the same file.
Result<std::unique_ptr<NotifyStore>> open_notify_store(const std::string& url);

}  // namespace pharos
