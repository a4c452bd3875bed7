// SQL persistence of notifications: subscribers, tokens (hashed), the outbox and deliveries.
#include "storage/sql/sql_notify.h"

#include <algorithm>

#include "storage/change_feed.h"
#include "storage/sql/codec.h"
#include "storage/sql/sql_cluster.h"

namespace pharos::sql {

using db::Connection;
using db::Row;
using db::Statement;

namespace {

constexpr const char* kEventColumns =
    "SELECT seq, kind, audience, incident_id, update_id, component_id, old_status, new_status, "
    "subscriber_id, text, created_at FROM outbox_events ";

constexpr const char* kDeliveryColumns =
    "SELECT id, event_seq, target, state, attempts, created_at, next_attempt_at, "
    "first_failure_at, done_at, last_error FROM deliveries ";

constexpr const char* kSubscriberColumns =
    "SELECT id, kind, address, components, secret, confirmed, created_at, confirmed_at, page "
    "FROM subscribers ";

OutboxEvent read_event(const Row& q) {
  OutboxEvent e;
  e.seq = q.int64(0);
  e.kind = parse_event_kind(q.text(1)).value_or(EventKind::kAlert);
  e.audience = q.text(2) == "admin" ? Audience::kAdmin : Audience::kPublic;
  e.incident_id = q.text(3);
  e.update_id = q.text(4);
  e.component_id = q.text(5);
  if (!q.is_null(6)) e.old_status = parse_component_status(q.text(6));
  if (!q.is_null(7)) e.new_status = parse_component_status(q.text(7));
  e.subscriber_id = q.text(8);
  e.text = q.text(9);
  e.created_at = from_millis(q.int64(10));
  return e;
}

Delivery read_delivery(const Row& q) {
  Delivery d;
  read_columns(q, 0, d.id, d.event_seq, d.target);
  d.state = parse_delivery_state(q.text(3)).value_or(DeliveryState::kPending);
  read_columns(q, 4, d.attempts, d.created_at, d.next_attempt_at, d.first_failure_at, d.done_at,
               d.last_error);
  return d;
}

Subscriber read_subscriber(const Row& q) {
  Subscriber s;
  s.id = q.text(0);
  s.kind = parse_subscriber_kind(q.text(1)).value_or(SubscriberKind::kEmail);
  s.address = q.text(2);
  s.components = split_list(q.text(3));
  s.secret = q.text(4);
  s.confirmed = q.int64(5) != 0;
  s.created_at = from_millis(q.int64(6));
  s.confirmed_at = from_millis(q.optional_int64(7));
  s.page = q.text(8);
  return s;
}

std::optional<std::string> status_text(const std::optional<ComponentStatus>& s) {
  if (!s) return std::nullopt;
  return std::string(to_string(*s));
}

}  // namespace

// ---- appends made by SqlStore inside its transactions ----

Result<void> append_event(Connection& db, const OutboxEvent& e) {
  Statement q(db,
              "INSERT INTO outbox_events (kind, audience, incident_id, update_id, component_id, "
              "old_status, new_status, subscriber_id, text, created_at) "
              "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
  q.bind(1, to_string(e.kind))
      .bind(2, e.audience == Audience::kAdmin ? "admin" : "public")
      .bind(3, e.incident_id)
      .bind(4, e.update_id)
      .bind(5, e.component_id)
      .bind(6, status_text(e.old_status))
      .bind(7, status_text(e.new_status))
      .bind(8, e.subscriber_id)
      .bind(9, e.text)
      .bind(10, to_millis(e.created_at));
  PHAROS_TRY(q.run());
  return db::notify(db, change_topic::kOutbox);  // every node's worker looks at once
}

Result<std::set<std::string>> stored_update_ids(Connection& db, const std::string& incident_id) {
  Statement q(db, "SELECT id FROM incident_updates WHERE incident_id = ?1");
  q.bind(1, incident_id);
  std::set<std::string> out;
  PHAROS_TRY(q.collect([&](const Row& r) { out.insert(r.text(0)); }));
  return out;
}

Result<void> append_incident_events(Connection& db, const Incident& incident,
                                    const std::set<std::string>& before, Instant at) {
  if (incident.source == IncidentSource::kImported) return Ok();
  if (incident.source == IncidentSource::kVendor && before.empty()) {
    // A vendor incident Pharos sees for the first time is news once, whatever history the vendor
    // page carries: one event for its latest update. One already closed when first seen (the
    // first poll of a vendor reads its whole history) is history, not news.
    const IncidentUpdate* latest = incident.latest_update();
    if (!incident.active() || !latest) return Ok();
    OutboxEvent e;
    e.kind = EventKind::kIncidentUpdated;
    e.audience = Audience::kAdmin;
    e.incident_id = incident.id;
    e.update_id = latest->id;
    e.created_at = at;
    return append_event(db, e);
  }
  // A vendor's updates arrive through the importer, which marks them deliver_notifications =
  // false (history); for a vendor incident being followed each new one is news all the same.
  bool vendor = incident.source == IncidentSource::kVendor;
  for (const auto& update : incident.updates) {
    if ((!vendor && !update.deliver_notifications) || before.count(update.id)) continue;
    OutboxEvent e;
    e.kind = EventKind::kIncidentUpdated;
    e.audience = incident.source == IncidentSource::kVendor ? Audience::kAdmin : Audience::kPublic;
    e.incident_id = incident.id;
    e.update_id = update.id;
    e.created_at = at;
    PHAROS_TRY(append_event(db, e));
  }
  return Ok();
}

Result<void> append_component_event(Connection& db, const std::string& component_id,
                                    ComponentStatus old_status, ComponentStatus new_status,
                                    Instant at) {
  OutboxEvent e;
  e.kind = EventKind::kComponentUpdated;
  e.component_id = component_id;
  e.old_status = old_status;
  e.new_status = new_status;
  e.created_at = at;
  return append_event(db, e);
}

// ---- SqlNotifyStore ----

namespace {

// REQUIRES: a write transaction open on `c`. Cancels the target's pending deliveries (and its
// dead ones when `dead_too`).
Result<void> cancel_target(Connection& c, const std::string& target, std::optional<Instant> at,
                           const std::string& reason, bool dead_too) {
  Statement q(c, std::string("UPDATE deliveries SET state='cancelled', last_error=?3, "
                             "done_at=COALESCE(?2, ") +
                     std::string(c.dialect().now_ms) + ") WHERE target=?1 AND " +
                     (dead_too ? "state IN ('pending','dead')" : "state = 'pending'"));
  q.bind(1, target).bind(2, to_millis(at)).bind(3, reason);
  return q.run();
}

}  // namespace

Result<void> SqlNotifyStore::add_subscriber(const Subscriber& s,
                                            const std::string& confirm_token_hash) {
  return db_->write([&](Connection& c) -> Result<void> {
    Statement taken(c, "SELECT 1 FROM subscribers WHERE kind = ?1 AND address = ?2");
    taken.bind(1, to_string(s.kind)).bind(2, s.address);
    auto found = taken.first_int64();
    if (!found) return found.error();
    if (*found) {
      return Error{ErrorCode::kAlreadyExists, s.address + " is already subscribed", "address"};
    }
    Statement q(c,
                "INSERT INTO subscribers (id, kind, address, components, secret, confirmed, "
                "created_at, confirmed_at, page) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");
    q.bind(1, s.id)
        .bind(2, to_string(s.kind))
        .bind(3, s.address)
        .bind(4, join_list(s.components))
        .bind(5, s.secret)
        .bind(6, s.confirmed)
        .bind(7, to_millis(s.created_at))
        .bind(8, to_millis(s.confirmed_at))
        .bind(9, s.page);
    PHAROS_TRY(q.run());
    if (!confirm_token_hash.empty()) {
      Statement t(c,
                  "INSERT INTO subscriber_tokens (hash, subscriber_id, purpose, created_at) "
                  "VALUES (?1,?2,'confirm',?3)");
      t.bind(1, confirm_token_hash).bind(2, s.id).bind(3, to_millis(s.created_at));
      PHAROS_TRY(t.run());
    }
    if (s.confirmed) return Ok();
    OutboxEvent e;
    e.kind = EventKind::kSubscriberConfirm;
    e.subscriber_id = s.id;
    e.created_at = s.created_at;
    return append_event(c, e);
  });
}

Result<std::vector<Subscriber>> SqlNotifyStore::list_subscribers() {
  return db_->read([](Connection& c) {
    return Statement(c, std::string(kSubscriberColumns) + "ORDER BY created_at, id")
        .collect(read_subscriber);
  });
}

Result<std::optional<Subscriber>> SqlNotifyStore::find_subscriber(const std::string& id) {
  return db_->read([&](Connection& c) {
    return find_by_key(c, std::string(kSubscriberColumns) + "WHERE id = ?1", id, read_subscriber);
  });
}

Result<void> SqlNotifyStore::remove_subscriber(const std::string& id) {
  return db_->write([&](Connection& c) -> Result<void> {
    Statement d(c, "DELETE FROM subscribers WHERE id = ?1");
    PHAROS_TRY(d.bind(1, id).change_one(Error::not_found("no subscriber " + id, "id")));
    return cancel_target(c, id, std::nullopt, "unsubscribed", true);
  });
}

Result<void> SqlNotifyStore::add_token(const std::string& subscriber_id, const std::string& purpose,
                                       const std::string& token_hash, Instant at) {
  return db_->write([&](Connection& c) {
    Statement t(c,
                "INSERT INTO subscriber_tokens (hash, subscriber_id, purpose, created_at) "
                "VALUES (?1,?2,?3,?4)");
    t.bind(1, token_hash).bind(2, subscriber_id).bind(3, purpose).bind(4, to_millis(at));
    return t.run();
  });
}

Result<std::optional<std::string>> SqlNotifyStore::subscriber_for_token(const std::string& purpose,
                                                                        const std::string& hash) {
  return db_->read([&](Connection& c) {
    Statement q(c, "SELECT subscriber_id FROM subscriber_tokens WHERE hash = ?1 AND purpose = ?2");
    q.bind(1, hash).bind(2, purpose);
    return q.first([](const Row& r) { return r.text(0); });
  });
}

Result<void> SqlNotifyStore::confirm_subscriber(const std::string& id, Instant at) {
  return db_->write([&](Connection& c) -> Result<void> {
    Statement u(c,
                "UPDATE subscribers SET confirmed = 1, "
                "confirmed_at = COALESCE(confirmed_at, ?2) WHERE id = ?1");
    u.bind(1, id).bind(2, to_millis(at));
    PHAROS_TRY(u.change_one(Error::not_found("no subscriber " + id, "id")));
    // A confirmation link works once.
    return run_by_key(
        c, "DELETE FROM subscriber_tokens WHERE subscriber_id = ?1 AND purpose = 'confirm'", id);
  });
}

Result<void> SqlNotifyStore::append_alert(const std::string& text, Instant at) {
  OutboxEvent e;
  e.kind = EventKind::kAlert;
  e.audience = Audience::kAdmin;
  e.text = text;
  e.created_at = at;
  return db_->write([&](Connection& c) { return append_event(c, e); });
}

Result<std::vector<OutboxEvent>> SqlNotifyStore::unfanned_events(std::size_t limit) {
  return db_->read([&](Connection& c) {
    Statement q(c, std::string(kEventColumns) + "WHERE fanned_out = 0 ORDER BY seq LIMIT ?1");
    q.bind(1, static_cast<std::int64_t>(limit));
    return q.collect(read_event);
  });
}

Result<std::optional<OutboxEvent>> SqlNotifyStore::find_event(std::int64_t seq) {
  return db_->read([&](Connection& c) {
    return find_by_key(c, std::string(kEventColumns) + "WHERE seq = ?1", seq, read_event);
  });
}

Result<void> SqlNotifyStore::fan_out_batch(const std::vector<FanOut>& batch, Instant at) {
  return db_->write([&](Connection& c) -> Result<void> {
    Statement ins(c,
                  "INSERT INTO deliveries (id, event_seq, target, state, attempts, "
                  "created_at, next_attempt_at) VALUES (?1,?2,?3,'pending',0,?4,?4) "
                  "ON CONFLICT DO NOTHING");
    Statement mark(c, "UPDATE outbox_events SET fanned_out = 1 WHERE seq = ?1");
    for (const auto& f : batch) {
      for (const auto& target : f.targets) {
        ins.reset();
        ins.bind(1, delivery_id(f.event_seq, target))
            .bind(2, f.event_seq)
            .bind(3, target)
            .bind(4, to_millis(at));
        PHAROS_TRY(ins.run());
      }
      mark.reset();
      mark.bind(1, f.event_seq);
      PHAROS_TRY(mark.run());
    }
    return Ok();
  });
}

Result<std::vector<Delivery>> SqlNotifyStore::due_deliveries(
    Instant now, std::size_t limit, const std::vector<std::string>& exclude) {
  // The head of each target's queue (its oldest pending delivery), when due. One pass over the
  // partial index of pending deliveries, grouped by target: the cost grows with the backlog
  // once per query, not once per row as a correlated "no earlier pending" test would.
  std::set<std::string> skip(exclude.begin(), exclude.end());
  return db_->read([&](Connection& c) -> Result<std::vector<Delivery>> {
    Statement q(c,
                "SELECT d.id, d.event_seq, d.target, d.state, d.attempts, d.created_at, "
                "d.next_attempt_at, d.first_failure_at, d.done_at, d.last_error FROM (SELECT "
                "target, MIN(event_seq) AS seq FROM deliveries WHERE state = 'pending' GROUP "
                "BY target) h JOIN deliveries d ON d.target = h.target AND d.event_seq = h.seq "
                "WHERE d.next_attempt_at <= ?1 ORDER BY d.event_seq, d.id");
    q.bind(1, to_millis(now));
    std::vector<Delivery> out;
    PHAROS_TRY(q.collect([&](const Row& r) {
      if (out.size() >= limit) return;
      Delivery d = read_delivery(r);
      if (!skip.count(d.id)) out.push_back(std::move(d));
    }));
    return out;
  });
}

Result<std::vector<Delivery>> SqlNotifyStore::claim_due(const std::string& node, Instant now,
                                                        std::size_t limit,
                                                        const std::vector<std::string>& exclude) {
  if (limit == 0) return std::vector<Delivery>{};
  // Row locks only (docs/adr/0002): nodes claim side by side, each skipping the rows another is
  // claiming. A target's head is the one pending delivery with the lowest event; while it is
  // pending (claimed, or waiting for a retry) nothing later of that target is a head.
  std::string skip;
  for (std::size_t i = 0; i < exclude.size(); ++i) skip += ",?" + std::to_string(i + 4);
  return db_->write(
      [&](Connection& c) -> Result<std::vector<Delivery>> {
        PHAROS_TRY(lock_expired_nodes(c));
        Statement q(c,
                    "UPDATE deliveries SET claimed_by = ?1 WHERE id IN (SELECT d.id FROM "
                    "deliveries d WHERE d.state = 'pending' AND d.next_attempt_at <= ?2 AND "
                    "(d.claimed_by IS NULL OR d.claimed_by = ?1 OR d.claimed_by NOT IN (" +
                        live_node_ids(c) + ")) AND d.id NOT IN (''" + skip +
                        ") AND d.event_seq = (SELECT MIN(e.event_seq) FROM deliveries e WHERE "
                        "e.target = d.target AND e.state = 'pending') ORDER BY d.event_seq "
                        "LIMIT ?3" +
                        std::string(c.dialect().for_update_skip_locked) +
                        ") RETURNING id, event_seq, target, state, attempts, created_at, "
                        "next_attempt_at, first_failure_at, done_at, last_error");
        q.bind(1, node).bind(2, to_millis(now)).bind(3, static_cast<std::int64_t>(limit));
        for (std::size_t i = 0; i < exclude.size(); ++i) {
          q.bind(static_cast<int>(i + 4), exclude[i]);
        }
        auto claimed = q.collect(read_delivery);
        if (!claimed) return claimed.error();
        std::sort(claimed->begin(), claimed->end(),
                  [](const Delivery& a, const Delivery& b) { return a.event_seq < b.event_seq; });
        return claimed;
      },
      db::WriteLock::kRows);
}

Result<std::optional<Instant>> SqlNotifyStore::next_due() {
  return db_->read([](Connection& c) -> Result<std::optional<Instant>> {
    auto due = Statement(c, "SELECT MIN(next_attempt_at) FROM deliveries WHERE state = 'pending'")
                   .first_int64();
    if (!due) return due.error();
    return from_millis(*due);
  });
}

namespace {

const char* attempt_sql(AttemptOutcome::Kind kind) {
  using Kind = AttemptOutcome::Kind;
  switch (kind) {
    case Kind::kDelivered:
      return "UPDATE deliveries SET state='delivered', attempts=attempts+1, done_at=?2, "
             "last_error='', claimed_by=NULL WHERE id=?1 AND state='pending'";
    case Kind::kRetry:
      return "UPDATE deliveries SET attempts=attempts+1, next_attempt_at=?3, last_error=?4, "
             "first_failure_at=COALESCE(first_failure_at, ?2), claimed_by=NULL WHERE id=?1 AND "
             "state='pending'";
    case Kind::kDead:
    case Kind::kUnsubscribe:
      break;
  }
  return "UPDATE deliveries SET state='dead', attempts=attempts+1, done_at=?2, last_error=?4, "
         "first_failure_at=COALESCE(first_failure_at, ?2), claimed_by=NULL WHERE id=?1 AND "
         "state='pending'";
}

}  // namespace

Result<void> SqlNotifyStore::record_attempt(const std::string& id, const AttemptOutcome& o) {
  using Kind = AttemptOutcome::Kind;
  // Row locks only: attempts of different targets, from different nodes, record side by side.
  return db_->write(
      [&](Connection& c) -> Result<void> {
        Statement u(c, attempt_sql(o.kind));
        u.bind(1, id).bind(2, to_millis(o.at));
        if (o.kind == Kind::kRetry) u.bind(3, to_millis(o.next_attempt_at));
        if (o.kind != Kind::kDelivered) u.bind(4, o.error);
        PHAROS_TRY(u.run());
        if (o.kind != Kind::kUnsubscribe) return Ok();
        // 410 Gone: the peer asked to be forgotten. The delivery itself stays as dead (a record of
        // what happened); the subscriber and everything still queued for it go.
        Statement t(c, "SELECT target FROM deliveries WHERE id = ?1");
        t.bind(1, id);
        auto target = t.first([](const Row& r) { return r.text(0); });
        if (!target) return target.error();
        if (!*target) return Ok();
        Statement d(c, "DELETE FROM subscribers WHERE id = ?1");
        d.bind(1, **target);
        PHAROS_TRY(d.run());
        return cancel_target(c, **target, o.at, "unsubscribed: " + o.error, false);
      },
      db::WriteLock::kRows);
}

Result<std::vector<Delivery>> SqlNotifyStore::list_deliveries(DeliveryState state,
                                                              std::size_t limit) {
  return db_->read([&](Connection& c) {
    Statement q(c, std::string(kDeliveryColumns) + "WHERE state = ?1 ORDER BY event_seq LIMIT ?2");
    q.bind(1, to_string(state)).bind(2, static_cast<std::int64_t>(limit));
    return q.collect(read_delivery);
  });
}

Result<int> SqlNotifyStore::retry_dead(const std::string& id, Instant now) {
  return db_->write([&](Connection& c) -> Result<int> {
    Statement u(c, std::string("UPDATE deliveries SET state='pending', attempts=0, "
                               "next_attempt_at=?1, first_failure_at=NULL, done_at=NULL "
                               "WHERE state='dead'") +
                       (id.empty() ? "" : " AND id=?2"));
    u.bind(1, to_millis(now));
    if (!id.empty()) u.bind(2, id);
    auto changed = u.changes();
    if (!changed) return changed.error();
    if (!id.empty() && *changed == 0) {
      return Error::not_found("no dead delivery " + id + " (see pharos outbox list --dead)", "id");
    }
    return static_cast<int>(*changed);
  });
}

Result<std::int64_t> SqlNotifyStore::count_deliveries(DeliveryState state) {
  return db_->read([&](Connection& c) -> Result<std::int64_t> {
    Statement q(c, "SELECT COUNT(*) FROM deliveries WHERE state = ?1");
    q.bind(1, to_string(state));
    auto count = q.first_int64();
    if (!count) return count.error();
    return count->value_or(0);
  });
}

}  // namespace pharos::sql
