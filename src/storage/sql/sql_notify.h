#pragma once
// The NotifyStore on an SQL database, and the outbox appends SqlStore makes inside its own
// transactions.
#include <memory>
#include <set>
#include <string>

#include "domain/model.h"
#include "storage/db/sql.h"
#include "storage/notify_store.h"

namespace pharos::sql {

// ---- called by SqlStore; REQUIRES: a write transaction open on `db` ----
// The ids of the updates an incident has in the database now (empty for a new incident).
Result<std::set<std::string>> stored_update_ids(db::Connection& db, const std::string& incident_id);
// One incident.updated event per update of `incident` not in `before` that asks for
// notifications. Imported incidents notify nobody (history, not news). Vendor incidents are
// admin-audience events (admin routes, and subscribers who opted in to that vendor): a new one
// gives one event for its latest update, or none when already closed when first seen; then one
// per update the vendor adds (a resolution arrives as an update).
Result<void> append_incident_events(db::Connection& db, const Incident& incident,
                                    const std::set<std::string>& before, Instant at);
// One component.updated event for a real status change.
Result<void> append_component_event(db::Connection& db, const std::string& component_id,
                                    ComponentStatus old_status, ComponentStatus new_status,
                                    Instant at);
Result<void> append_event(db::Connection& db, const OutboxEvent& event);

class SqlNotifyStore final : public NotifyStore {
 public:
  // `db` is migrated already.
  explicit SqlNotifyStore(std::unique_ptr<db::Database> db) : db_(std::move(db)) {}

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
  Result<std::vector<Delivery>> claim_due(const std::string& node, Instant now, std::size_t limit,
                                          const std::vector<std::string>& exclude) override;
  Result<std::optional<Instant>> next_due() override;
  Result<void> record_attempt(const std::string& delivery_id,
                              const AttemptOutcome& outcome) override;
  Result<std::vector<Delivery>> list_deliveries(DeliveryState state, std::size_t limit) override;
  Result<int> retry_dead(const std::string& id, Instant now) override;
  Result<std::int64_t> count_deliveries(DeliveryState state) override;

 private:
  std::unique_ptr<db::Database> db_;
};

}  // namespace pharos::sql
