#pragma once
// The SQLite NotifyStore, and the outbox appends SqliteStore makes inside its own transactions.
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "domain/model.h"
#include "storage/notify_store.h"
#include "storage/sqlite/db.h"

namespace pharos::sqlite {

// ---- called by SqliteStore; REQUIRES: a transaction open on `db` ----
// The ids of the updates an incident has in the database now (empty for a new incident).
Result<std::set<std::string>> stored_update_ids(Connection& db, const std::string& incident_id);
// One incident.updated event per update of `incident` not in `before` that asks for
// notifications. Imported incidents notify nobody (history, not news). Vendor incidents are
// admin-audience events (admin routes, and subscribers who opted in to that vendor): a new one
// gives one event for its latest update, or none when already closed when first seen; then one
// per update the vendor adds (a resolution arrives as an update).
Result<void> append_incident_events(Connection& db, const Incident& incident,
                                    const std::set<std::string>& before, Instant at);
// One component.updated event for a real status change.
Result<void> append_component_event(Connection& db, const std::string& component_id,
                                    ComponentStatus old_status, ComponentStatus new_status,
                                    Instant at);
Result<void> append_event(Connection& db, const OutboxEvent& event);

class SqliteNotifyStore final : public NotifyStore {
 public:
  // Opens `path` (creating it) and applies migrations.
  static Result<std::unique_ptr<SqliteNotifyStore>> open(const std::string& path);

  Result<void> add_subscriber(const Subscriber& subscriber,
                              const std::string& confirm_token_hash) override;
  Result<std::vector<Subscriber>> list_subscribers() override;
  Result<std::optional<Subscriber>> find_subscriber(const std::string& id) override;
  Result<void> remove_subscriber(const std::string& id) override;
  Result<void> add_token(const std::string& subscriber_id, const std::string& purpose,
                         const std::string& token_hash, Instant at) override;
  Result<std::optional<std::string>> subscriber_for_token(const std::string& purpose,
                                                          const std::string& hash) override;
  Result<void> confirm_subscriber(const std::string& id, Instant at) override;

  Result<void> append_alert(const std::string& text, Instant at) override;
  Result<std::vector<OutboxEvent>> unfanned_events(std::size_t limit) override;
  Result<std::optional<OutboxEvent>> find_event(std::int64_t seq) override;
  Result<void> fan_out_batch(const std::vector<FanOut>& batch, Instant at) override;

  Result<std::vector<Delivery>> due_deliveries(Instant now, std::size_t limit,
                                               const std::vector<std::string>& exclude) override;
  Result<std::optional<Instant>> next_due() override;
  Result<void> record_attempt(const std::string& delivery_id,
                              const AttemptOutcome& outcome) override;
  Result<std::vector<Delivery>> list_deliveries(DeliveryState state, std::size_t limit) override;
  Result<int> retry_dead(const std::string& id, Instant now) override;
  Result<std::int64_t> count_deliveries(DeliveryState state) override;

 private:
  explicit SqliteNotifyStore(std::unique_ptr<Connection> db) : db_(std::move(db)) {}
  // REQUIRES: mu_ held and a transaction open.
  // Cancels the target's pending deliveries (and its dead ones when `dead_too`).
  Result<void> cancel_target(const std::string& target, std::optional<Instant> at,
                             const std::string& reason, bool dead_too);

  std::mutex mu_;
  std::unique_ptr<Connection> db_;  // GUARDED_BY(mu_)
};

}  // namespace pharos::sqlite
