// Incident persistence of SqlStore: an incident is one row plus its components, updates and
// their component changes, always written together in one transaction.
#include <algorithm>
#include <map>

#include "storage/sql/codec.h"
#include "storage/sql/sql_notify.h"
#include "storage/sql/sql_store.h"

namespace pharos::sql {

using db::Connection;
using db::Row;
using db::Statement;

namespace {

constexpr const char* kIncidentColumns =
    "SELECT id, kind, name, status, impact, impact_override, created_at, updated_at, started_at, "
    "monitoring_at, resolved_at, detected_at, scheduled_for, scheduled_until, auto_transition, "
    "source, controller, vendor, source_url, COALESCE(fingerprint, ''), root_component_id, "
    "reopen_count, postmortem_body, postmortem_published_at, postmortem_updated_at, version "
    "FROM incidents ";

std::optional<std::string> optional_text(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

Result<void> SqlStore::write_incident_rows(Connection& c, const Incident& i, std::int64_t version) {
  Statement q(c,
              "INSERT INTO incidents (id, kind, name, status, impact, impact_override, created_at, "
              "updated_at, started_at, monitoring_at, resolved_at, detected_at, scheduled_for, "
              "scheduled_until, auto_transition, source, controller, vendor, source_url, "
              "fingerprint, root_component_id, reopen_count, postmortem_body, "
              "postmortem_published_at, postmortem_updated_at, version) VALUES (?1,?2,?3,?4,?5,?6,"
              "?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26) "
              "ON CONFLICT(id) DO UPDATE SET kind=excluded.kind, name=excluded.name, "
              "status=excluded.status, impact=excluded.impact, "
              "impact_override=excluded.impact_override, updated_at=excluded.updated_at, "
              "started_at=excluded.started_at, monitoring_at=excluded.monitoring_at, "
              "resolved_at=excluded.resolved_at, detected_at=excluded.detected_at, "
              "scheduled_for=excluded.scheduled_for, scheduled_until=excluded.scheduled_until, "
              "auto_transition=excluded.auto_transition, source=excluded.source, "
              "controller=excluded.controller, vendor=excluded.vendor, "
              "source_url=excluded.source_url, fingerprint=excluded.fingerprint, "
              "root_component_id=excluded.root_component_id, reopen_count=excluded.reopen_count, "
              "postmortem_body=excluded.postmortem_body, "
              "postmortem_published_at=excluded.postmortem_published_at, "
              "postmortem_updated_at=excluded.postmortem_updated_at, version=excluded.version");
  q.bind(1, i.id)
      .bind(2, to_string(i.kind))
      .bind(3, i.name)
      .bind(4, to_string(i.status))
      .bind(5, to_string(i.impact));
  if (i.impact_override)
    q.bind(6, to_string(*i.impact_override));
  else
    q.bind_null(6);
  q.bind(7, to_millis(i.created_at))
      .bind(8, to_millis(i.updated_at))
      .bind(9, to_millis(i.started_at))
      .bind(10, to_millis(i.monitoring_at))
      .bind(11, to_millis(i.resolved_at))
      .bind(12, to_millis(i.detected_at))
      .bind(13, to_millis(i.scheduled_for))
      .bind(14, to_millis(i.scheduled_until))
      .bind(15, i.auto_transition)
      .bind(16, to_string(i.source))
      .bind(17, i.controller == Controller::kAutomation ? "automation" : "human")
      .bind(18, i.vendor)
      .bind(19, i.source_url)
      .bind(20, optional_text(i.fingerprint))
      .bind(21, i.root_component_id)
      .bind(22, i.reopen_count);
  if (i.postmortem) {
    q.bind(23, i.postmortem->body)
        .bind(24, to_millis(i.postmortem->published_at))
        .bind(25, to_millis(i.postmortem->updated_at));
  } else {
    q.bind_null(23).bind_null(24).bind_null(25);
  }
  q.bind(26, version);
  return q.run();
}

namespace {

// Runs `insert_sql` ((incident_id, position, value) as ?1, ?2, ?3) once per value, in order.
Result<void> insert_list(Connection& conn, const char* insert_sql, const std::string& incident_id,
                         const std::vector<std::string>& values) {
  Statement q(conn, insert_sql);
  for (size_t n = 0; n < values.size(); ++n) {
    q.reset();
    q.bind(1, incident_id).bind(2, static_cast<std::int64_t>(n)).bind(3, values[n]);
    PHAROS_TRY(q.run());
  }
  return Ok();
}

}  // namespace

Result<void> SqlStore::write_incident_children(Connection& conn, const Incident& i) {
  for (const char* sql : {"DELETE FROM incident_components WHERE incident_id = ?1",
                          "DELETE FROM incident_external_components WHERE incident_id = ?1",
                          "DELETE FROM incident_probable_causes WHERE incident_id = ?1",
                          "DELETE FROM incident_updates WHERE incident_id = ?1"}) {
    PHAROS_TRY(run_by_key(conn, sql, i.id));
  }
  PHAROS_TRY(insert_list(conn,
                         "INSERT INTO incident_components (incident_id, position, component_id) "
                         "VALUES (?1,?2,?3)",
                         i.id, i.component_ids));
  PHAROS_TRY(insert_list(conn,
                         "INSERT INTO incident_external_components (incident_id, position, name) "
                         "VALUES (?1,?2,?3)",
                         i.id, i.external_components));
  Statement p(conn,
              "INSERT INTO incident_probable_causes (incident_id, position, cause_id, reason, "
              "linked_at, linked_by, dismissed) VALUES (?1,?2,?3,?4,?5,?6,?7)");
  // Linked causes and dismissed ones share the table; a dismissal keeps only the cause's id.
  auto insert_cause = [&](std::size_t n, const ProbableCause& cause, bool dismissed) {
    p.reset();
    p.bind(1, i.id)
        .bind(2, static_cast<std::int64_t>(n))
        .bind(3, cause.incident_id)
        .bind(4, cause.reason)
        .bind(5, to_millis(cause.linked_at))
        .bind(6, cause.linked_by)
        .bind(7, dismissed);
    return p.run();
  };
  for (size_t n = 0; n < i.probable_causes.size(); ++n) {
    PHAROS_TRY(insert_cause(n, i.probable_causes[n], false));
  }
  for (size_t n = 0; n < i.dismissed_causes.size(); ++n) {
    ProbableCause dismissed;
    dismissed.incident_id = i.dismissed_causes[n];
    PHAROS_TRY(insert_cause(n, dismissed, true));
  }
  Statement u(conn,
              "INSERT INTO incident_updates (id, incident_id, seq, status, body, created_at, "
              "updated_at, display_at, deliver_notifications, reopened, author) "
              "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
  Statement ch(conn,
               "INSERT INTO update_component_changes (update_id, position, component_id, "
               "old_status, new_status) VALUES (?1,?2,?3,?4,?5)");
  for (size_t n = 0; n < i.updates.size(); ++n) {
    const IncidentUpdate& up = i.updates[n];
    u.reset();
    u.bind(1, up.id)
        .bind(2, i.id)
        .bind(3, static_cast<std::int64_t>(n))
        .bind(4, to_string(up.status))
        .bind(5, up.body)
        .bind(6, to_millis(up.created_at))
        .bind(7, to_millis(up.updated_at))
        .bind(8, to_millis(up.display_at))
        .bind(9, up.deliver_notifications)
        .bind(10, up.reopened)
        .bind(11, up.author);
    PHAROS_TRY(u.run());
    for (size_t k = 0; k < up.component_changes.size(); ++k) {
      const auto& change = up.component_changes[k];
      ch.reset();
      ch.bind(1, up.id)
          .bind(2, static_cast<std::int64_t>(k))
          .bind(3, change.component_id)
          .bind(4, to_string(change.old_status))
          .bind(5, to_string(change.new_status));
      PHAROS_TRY(ch.run());
    }
  }
  return Ok();
}

Result<std::int64_t> SqlStore::save_incident_in(Connection& c, const IncidentWrite& write,
                                                Instant now) {
  const Incident& incident = write.incident;
  PHAROS_TRY(check_fence(c, write.fence));
  Statement current(c, "SELECT version FROM incidents WHERE id = ?1");
  current.bind(1, incident.id);
  auto stored = current.first_int64();
  if (!stored) return stored.error();
  if (write.expected_version == 0 && *stored) {
    return Error{ErrorCode::kAlreadyExists, "incident " + incident.id + " already exists", "id"};
  }
  if (write.expected_version != 0) {
    if (!*stored) return Error::not_found("no incident " + incident.id, "id");
    if (**stored != write.expected_version) {
      return Error::conflict("incident " + incident.id +
                             " was changed by someone else meanwhile; reload and try again");
    }
  }
  std::int64_t version = write.expected_version + 1;
  auto rows = write_incident_rows(c, incident, version);
  if (!rows) {
    if (rows.error().code == ErrorCode::kAlreadyExists) {
      return Error{ErrorCode::kAlreadyExists,
                   "an incident with the same fingerprint is already stored", "fingerprint"};
    }
    return rows.error();
  }
  // Updates this write adds become outbox events in this same transaction (durable outbox).
  auto before = stored_update_ids(c, incident.id);
  if (!before) return before.error();
  PHAROS_TRY(write_incident_children(c, incident));
  PHAROS_TRY(append_incident_events(c, incident, *before, now));
  for (const auto& change : write.component_statuses) {
    auto applied = apply_component_status(c, change, now);
    if (!applied) return applied.error();
  }
  Statement note(c,
                 "INSERT INTO incident_internal_notes (incident_id, update_id, at, author, body) "
                 "VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const auto& n : write.internal_notes) {
    note.reset();
    note.bind(1, incident.id).bind(2, n.update_id).bind(3, to_millis(n.at)).bind(4, n.author);
    note.bind(5, n.body);
    PHAROS_TRY(note.run());
  }
  PHAROS_TRY(bump_revision(c));
  return version;
}

Result<std::int64_t> SqlStore::save_incident(const IncidentWrite& write) {
  if (write.incident.id.empty()) return Error::invalid("incident has no id", "id");
  Instant now = clock_.now();
  return db_->write([&](Connection& c) { return save_incident_in(c, write, now); });
}

namespace {

Result<Incident> read_incident(const Row& q) {
  Incident i;
  i.id = q.text(0);
  i.kind = q.text(1) == "maintenance" ? IncidentKind::kMaintenance : IncidentKind::kIncident;
  i.name = q.text(2);
  auto status = parse_incident_status(q.text(3));
  auto impact = parse_impact(q.text(4));
  if (!status || !impact) return Error::internal("incident " + i.id + " has a corrupt status");
  i.status = *status;
  i.impact = *impact;
  if (!q.is_null(5)) i.impact_override = parse_impact(q.text(5));
  i.created_at = from_millis(q.int64(6));
  i.updated_at = from_millis(q.int64(7));
  i.started_at = from_millis(q.int64(8));
  i.monitoring_at = from_millis(q.optional_int64(9));
  i.resolved_at = from_millis(q.optional_int64(10));
  i.detected_at = from_millis(q.optional_int64(11));
  i.scheduled_for = from_millis(q.optional_int64(12));
  i.scheduled_until = from_millis(q.optional_int64(13));
  i.auto_transition = q.int64(14) != 0;
  i.source = parse_incident_source(q.text(15)).value_or(IncidentSource::kManual);
  i.controller = q.text(16) == "automation" ? Controller::kAutomation : Controller::kHuman;
  i.vendor = q.text(17);
  i.source_url = q.text(18);
  i.fingerprint = q.text(19);
  i.root_component_id = q.text(20);
  i.reopen_count = static_cast<int>(q.int64(21));
  if (!q.is_null(22)) {
    i.postmortem = Postmortem{q.text(22), from_millis(q.optional_int64(23)),
                              from_millis(q.optional_int64(24).value_or(0))};
  }
  i.version = q.int64(25);
  return i;
}

// An update from its columns (id, status, body, created_at, updated_at, display_at,
// deliver_notifications, reopened, author) starting at column `first`: 0 when the update is the
// whole row, 1 when a batch read puts its incident's id first.
IncidentUpdate read_update_at(const Row& u, int first) {
  IncidentUpdate up;
  up.id = u.text(first);
  up.status = parse_incident_status(u.text(first + 1)).value_or(IncidentStatus::kInvestigating);
  up.body = u.text(first + 2);
  up.created_at = from_millis(u.int64(first + 3));
  up.updated_at = from_millis(u.int64(first + 4));
  up.display_at = from_millis(u.int64(first + 5));
  up.deliver_notifications = u.int64(first + 6) != 0;
  up.reopened = u.int64(first + 7) != 0;
  up.author = u.text(first + 8);
  return up;
}
IncidentUpdate read_update(const Row& u) { return read_update_at(u, 0); }

// A component change from its columns (component_id, old_status, new_status) starting at `first`.
ComponentChange read_change_at(const Row& r, int first) {
  auto status = [&](int column) {
    return parse_component_status(r.text(column)).value_or(ComponentStatus::kOperational);
  };
  return {r.text(first), status(first + 1), status(first + 2)};
}
ComponentChange read_change(const Row& r) { return read_change_at(r, 0); }

// `out` = the text column of each row of `sql` (bound to `id`), in order.
Result<void> read_texts(Connection& c, const char* sql, const std::string& id,
                        std::vector<std::string>& out) {
  Statement q(c, sql);
  q.bind(1, id);
  auto texts = q.collect([](const Row& r) { return r.text(0); });
  if (!texts) return texts.error();
  out = std::move(*texts);
  return Ok();
}

}  // namespace

Result<void> SqlStore::read_incident_children(Connection& c, Incident& i) {
  PHAROS_TRY(read_texts(c,
                        "SELECT component_id FROM incident_components "
                        "WHERE incident_id = ?1 ORDER BY position",
                        i.id, i.component_ids));
  PHAROS_TRY(read_texts(c,
                        "SELECT name FROM incident_external_components "
                        "WHERE incident_id = ?1 ORDER BY position",
                        i.id, i.external_components));
  Statement p(c,
              "SELECT cause_id, reason, linked_at, linked_by, dismissed "
              "FROM incident_probable_causes WHERE incident_id = ?1 ORDER BY position");
  p.bind(1, i.id);
  PHAROS_TRY(p.collect([&](const Row& r) {
    if (r.int64(4) != 0) {
      i.dismissed_causes.push_back(r.text(0));
    } else {
      i.probable_causes.push_back({r.text(0), r.text(1), from_millis(r.int64(2)), r.text(3)});
    }
  }));
  Statement u(c,
              "SELECT id, status, body, created_at, updated_at, display_at, "
              "deliver_notifications, reopened, author FROM incident_updates "
              "WHERE incident_id = ?1 ORDER BY seq");
  u.bind(1, i.id);
  auto updates = u.collect(read_update);
  if (!updates) return updates.error();
  Statement ch(c,
               "SELECT component_id, old_status, new_status FROM update_component_changes "
               "WHERE update_id = ?1 ORDER BY position");
  for (auto& up : *updates) {
    ch.reset();
    ch.bind(1, up.id);
    auto changes = ch.collect(read_change);
    if (!changes) return changes.error();
    up.component_changes = std::move(*changes);
  }
  i.updates = std::move(*updates);
  return Ok();
}

namespace {

// Runs `sql` for `keys` in chunks: the SQL's {keys} becomes a VALUES list k (id) of the chunk
// (each row then found by key: CROSS JOIN keeps k first on SQLite); `on_row` gets every row.
template <typename F>
Result<void> for_keys(Connection& c, const std::string& sql, const std::vector<std::string>& keys,
                      F&& on_row) {
  constexpr std::size_t kKeysPerStatement = 200;
  const std::string marker = "{keys}";
  for (std::size_t first = 0; first < keys.size(); first += kKeysPerStatement) {
    std::size_t n = std::min(kKeysPerStatement, keys.size() - first);
    std::string text = sql;
    text.replace(text.find(marker), marker.size(), db::placeholders(n, 1));
    Statement q(c, text);
    for (std::size_t k = 0; k < n; ++k) q.bind(static_cast<int>(k + 1), keys[first + k]);
    PHAROS_TRY(q.collect([&](const Row& r) { on_row(r); }));
  }
  return Ok();
}

}  // namespace

// What read_incident_children reads, for a whole page at once: one query per table and chunk of
// 200 incidents instead of four per incident and one per update (a year of reports reads
// thousands of incidents).
Result<void> SqlStore::read_children_of(Connection& c, std::vector<Incident>& incidents) {
  std::map<std::string, Incident*> by_id;
  std::vector<std::string> ids;
  for (auto& i : incidents) {
    if (by_id.emplace(i.id, &i).second) ids.push_back(i.id);
  }
  auto of = [&](const Row& r) -> Incident& { return *by_id.at(r.text(0)); };
  PHAROS_TRY(for_keys(c,
                      "WITH k (id) AS (VALUES {keys}) SELECT t.incident_id, t.component_id FROM k "
                      "CROSS JOIN incident_components t WHERE t.incident_id = k.id "
                      "ORDER BY t.incident_id, t.position",
                      ids, [&](const Row& r) { of(r).component_ids.push_back(r.text(1)); }));
  PHAROS_TRY(for_keys(c,
                      "WITH k (id) AS (VALUES {keys}) SELECT t.incident_id, t.name FROM k "
                      "CROSS JOIN incident_external_components t WHERE t.incident_id = k.id "
                      "ORDER BY t.incident_id, t.position",
                      ids, [&](const Row& r) { of(r).external_components.push_back(r.text(1)); }));
  PHAROS_TRY(for_keys(
      c,
      "WITH k (id) AS (VALUES {keys}) SELECT t.incident_id, t.cause_id, t.reason, "
      "t.linked_at, t.linked_by, t.dismissed FROM k CROSS JOIN "
      "incident_probable_causes t WHERE t.incident_id = k.id "
      "ORDER BY t.incident_id, t.position",
      ids, [&](const Row& r) {
        Incident& i = of(r);
        if (r.int64(5) != 0) {
          i.dismissed_causes.push_back(r.text(1));
        } else {
          i.probable_causes.push_back({r.text(1), r.text(2), from_millis(r.int64(3)), r.text(4)});
        }
      }));
  std::map<std::string, IncidentUpdate*> updates;
  std::vector<std::string> update_ids;
  PHAROS_TRY(for_keys(c,
                      "WITH k (id) AS (VALUES {keys}) SELECT t.incident_id, t.id, t.status, "
                      "t.body, t.created_at, t.updated_at, t.display_at, t.deliver_notifications, "
                      "t.reopened, t.author FROM k CROSS JOIN incident_updates t "
                      "WHERE t.incident_id = k.id ORDER BY t.incident_id, t.seq",
                      ids, [&](const Row& r) { of(r).updates.push_back(read_update_at(r, 1)); }));
  // Pointers into each incident's updates, now that none will be added.
  for (auto& i : incidents) {
    for (auto& up : i.updates) {
      if (updates.emplace(up.id, &up).second) update_ids.push_back(up.id);
    }
  }
  return for_keys(c,
                  "WITH k (id) AS (VALUES {keys}) SELECT t.update_id, t.component_id, "
                  "t.old_status, t.new_status FROM k CROSS JOIN update_component_changes t "
                  "WHERE t.update_id = k.id ORDER BY t.update_id, t.position",
                  update_ids, [&](const Row& r) {
                    updates.at(r.text(0))->component_changes.push_back(read_change_at(r, 1));
                  });
}

Result<std::optional<Incident>> SqlStore::find_incident_where(const char* column,
                                                              const std::string& value) {
  return db_->read([&](Connection& c) -> Result<std::optional<Incident>> {
    auto incident = find_by_key(c, std::string(kIncidentColumns) + "WHERE " + column + " = ?1",
                                value, read_incident);
    if (!incident || !*incident) return incident;
    PHAROS_TRY(read_incident_children(c, **incident));
    return incident;
  });
}

Result<std::optional<Incident>> SqlStore::find_incident(const std::string& id) {
  return find_incident_where("id", id);
}

Result<std::optional<Incident>> SqlStore::find_incident_by_fingerprint(
    const std::string& fingerprint) {
  if (fingerprint.empty()) return std::optional<Incident>();
  return find_incident_where("fingerprint", fingerprint);
}

Result<std::vector<Incident>> SqlStore::list_incidents(const IncidentQuery& query) {
  std::string sql = std::string(kIncidentColumns) + "WHERE 1=1";
  if (query.kind) sql += " AND kind = ?1";
  if (query.state == IncidentQuery::State::kOpen) {
    sql += " AND status NOT IN ('resolved','postmortem','completed')";
  } else if (query.state == IncidentQuery::State::kClosed) {
    sql += " AND status IN ('resolved','postmortem','completed')";
  }
  if (query.source) sql += " AND source = ?2";
  if (query.vendor) sql += " AND vendor = ?3";
  if (query.started_after) sql += " AND started_at >= ?4";
  if (query.started_before) sql += " AND started_at < ?5";
  if (query.active_after) sql += " AND (resolved_at IS NULL OR resolved_at > ?8)";
  sql += " ORDER BY started_at DESC, created_at DESC, id LIMIT ?6 OFFSET ?7";
  return db_->read([&](Connection& c) -> Result<std::vector<Incident>> {
    Statement q(c, sql);
    if (query.kind) q.bind(1, to_string(*query.kind));
    if (query.source) q.bind(2, to_string(*query.source));
    if (query.vendor) q.bind(3, *query.vendor);
    if (query.started_after) q.bind(4, to_millis(*query.started_after));
    if (query.started_before) q.bind(5, to_millis(*query.started_before));
    if (query.active_after) q.bind(8, to_millis(*query.active_after));
    q.bind(6, static_cast<std::int64_t>(query.limit))
        .bind(7, static_cast<std::int64_t>(query.offset));
    auto out = q.collect(read_incident);
    if (!out) return out;
    PHAROS_TRY(read_children_of(c, *out));
    return out;
  });
}

Result<std::vector<InternalNote>> SqlStore::internal_notes(const std::string& incident_id) {
  return db_->read([&](Connection& c) -> Result<std::vector<InternalNote>> {
    Statement q(c,
                "SELECT update_id, at, author, body FROM incident_internal_notes "
                "WHERE incident_id = ?1 ORDER BY seq");
    q.bind(1, incident_id);
    return q.collect([](const Row& r) {
      return InternalNote{r.text(0), from_millis(r.int64(1)), r.text(2), r.text(3)};
    });
  });
}

Result<void> SqlStore::delete_incident(const std::string& id) {
  return db_->write([&](Connection& c) -> Result<void> {
    Statement d(c, "DELETE FROM incidents WHERE id = ?1");
    PHAROS_TRY(d.bind(1, id).change_one(Error::not_found("no incident " + id, "id")));
    return bump_revision(c);
  });
}

}  // namespace pharos::sql
