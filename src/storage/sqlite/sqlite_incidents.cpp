// Incident persistence of SqliteStore: an incident is one row plus its components, updates and
// their component changes, always written together in one transaction.
#include "storage/sqlite/codec.h"
#include "storage/sqlite/sqlite_notify.h"
#include "storage/sqlite/sqlite_store.h"

namespace pharos::sqlite {
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

Result<void> SqliteStore::write_incident_rows(const Incident& i, std::int64_t version) {
  Statement q(db_->handle(),
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
  q.bind(1, i.id).bind(2, to_string(i.kind)).bind(3, i.name).bind(4, to_string(i.status))
      .bind(5, to_string(i.impact));
  if (i.impact_override) q.bind(6, to_string(*i.impact_override)); else q.bind_null(6);
  q.bind(7, to_millis(i.created_at)).bind(8, to_millis(i.updated_at))
      .bind(9, to_millis(i.started_at)).bind(10, to_millis(i.monitoring_at))
      .bind(11, to_millis(i.resolved_at)).bind(12, to_millis(i.detected_at))
      .bind(13, to_millis(i.scheduled_for)).bind(14, to_millis(i.scheduled_until))
      .bind(15, i.auto_transition).bind(16, to_string(i.source))
      .bind(17, i.controller == Controller::kAutomation ? "automation" : "human")
      .bind(18, i.vendor).bind(19, i.source_url).bind(20, optional_text(i.fingerprint))
      .bind(21, i.root_component_id).bind(22, i.reopen_count);
  if (i.postmortem) {
    q.bind(23, i.postmortem->body).bind(24, to_millis(i.postmortem->published_at))
        .bind(25, to_millis(i.postmortem->updated_at));
  } else {
    q.bind_null(23).bind_null(24).bind_null(25);
  }
  q.bind(26, version);
  return q.run();
}

Result<void> SqliteStore::write_incident_children(const Incident& i) {
  for (const char* sql : {"DELETE FROM incident_components WHERE incident_id = ?1",
                          "DELETE FROM incident_external_components WHERE incident_id = ?1",
                          "DELETE FROM incident_probable_causes WHERE incident_id = ?1",
                          "DELETE FROM incident_updates WHERE incident_id = ?1"}) {
    Statement d(db_->handle(), sql);
    d.bind(1, i.id);
    PHAROS_TRY(d.run());
  }
  Statement c(db_->handle(),
              "INSERT INTO incident_components (incident_id, position, component_id) "
              "VALUES (?1,?2,?3)");
  for (size_t n = 0; n < i.component_ids.size(); ++n) {
    c.reset();
    c.bind(1, i.id).bind(2, static_cast<std::int64_t>(n)).bind(3, i.component_ids[n]);
    PHAROS_TRY(c.run());
  }
  Statement e(db_->handle(),
              "INSERT INTO incident_external_components (incident_id, position, name) "
              "VALUES (?1,?2,?3)");
  for (size_t n = 0; n < i.external_components.size(); ++n) {
    e.reset();
    e.bind(1, i.id).bind(2, static_cast<std::int64_t>(n)).bind(3, i.external_components[n]);
    PHAROS_TRY(e.run());
  }
  Statement p(db_->handle(),
              "INSERT INTO incident_probable_causes (incident_id, position, cause_id, reason, "
              "linked_at, linked_by, dismissed) VALUES (?1,?2,?3,?4,?5,?6,?7)");
  for (size_t n = 0; n < i.probable_causes.size(); ++n) {
    const ProbableCause& cause = i.probable_causes[n];
    p.reset();
    p.bind(1, i.id).bind(2, static_cast<std::int64_t>(n)).bind(3, cause.incident_id)
        .bind(4, cause.reason).bind(5, to_millis(cause.linked_at)).bind(6, cause.linked_by)
        .bind(7, false);
    PHAROS_TRY(p.run());
  }
  for (size_t n = 0; n < i.dismissed_causes.size(); ++n) {
    p.reset();
    p.bind(1, i.id).bind(2, static_cast<std::int64_t>(n)).bind(3, i.dismissed_causes[n])
        .bind(4, "").bind(5, std::int64_t{0}).bind(6, "").bind(7, true);
    PHAROS_TRY(p.run());
  }
  Statement u(db_->handle(),
              "INSERT INTO incident_updates (id, incident_id, seq, status, body, created_at, "
              "updated_at, display_at, deliver_notifications, reopened, author) "
              "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
  Statement ch(db_->handle(),
               "INSERT INTO update_component_changes (update_id, position, component_id, "
               "old_status, new_status) VALUES (?1,?2,?3,?4,?5)");
  for (size_t n = 0; n < i.updates.size(); ++n) {
    const IncidentUpdate& up = i.updates[n];
    u.reset();
    u.bind(1, up.id).bind(2, i.id).bind(3, static_cast<std::int64_t>(n))
        .bind(4, to_string(up.status)).bind(5, up.body).bind(6, to_millis(up.created_at))
        .bind(7, to_millis(up.updated_at)).bind(8, to_millis(up.display_at))
        .bind(9, up.deliver_notifications).bind(10, up.reopened).bind(11, up.author);
    PHAROS_TRY(u.run());
    for (size_t k = 0; k < up.component_changes.size(); ++k) {
      const auto& change = up.component_changes[k];
      ch.reset();
      ch.bind(1, up.id).bind(2, static_cast<std::int64_t>(k)).bind(3, change.component_id)
          .bind(4, to_string(change.old_status)).bind(5, to_string(change.new_status));
      PHAROS_TRY(ch.run());
    }
  }
  return Ok();
}

Result<std::int64_t> SqliteStore::save_incident(const IncidentWrite& write) {
  const Incident& incident = write.incident;
  if (incident.id.empty()) return Error::invalid("incident has no id", "id");
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  if (!tx.begun()) return tx.begun().error();
  Statement current(db_->handle(), "SELECT version FROM incidents WHERE id = ?1");
  current.bind(1, incident.id);
  bool exists = current.step();
  if (!exists && current.last_code() != SQLITE_DONE) return current.error();
  if (write.expected_version == 0 && exists) {
    return Error{ErrorCode::kAlreadyExists, "incident " + incident.id + " already exists", "id"};
  }
  if (write.expected_version != 0) {
    if (!exists) return Error::not_found("no incident " + incident.id, "id");
    if (current.int64(0) != write.expected_version) {
      return Error::conflict("incident " + incident.id +
                             " was changed by someone else meanwhile; reload and try again");
    }
  }
  std::int64_t version = write.expected_version + 1;
  auto rows = write_incident_rows(incident, version);
  if (!rows) {
    if (rows.error().code == ErrorCode::kAlreadyExists) {
      return Error{ErrorCode::kAlreadyExists,
                   "an incident with the same fingerprint is already stored", "fingerprint"};
    }
    return rows.error();
  }
  // Updates this write adds become outbox events in this same transaction (durable outbox).
  auto before = stored_update_ids(*db_, incident.id);
  if (!before) return before.error();
  PHAROS_TRY(write_incident_children(incident));
  Instant now = clock_.now();
  PHAROS_TRY(append_incident_events(*db_, incident, *before, now));
  for (const auto& change : write.component_statuses) {
    PHAROS_TRY(apply_component_status(change, now));
  }
  PHAROS_TRY(bump_revision());
  PHAROS_TRY(tx.commit());
  return version;
}

Result<Incident> SqliteStore::read_incident(Statement& q) {
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

Result<void> SqliteStore::read_incident_children(Incident& i) {
  Statement c(db_->handle(),
              "SELECT component_id FROM incident_components WHERE incident_id = ?1 ORDER BY position");
  c.bind(1, i.id);
  while (c.step()) i.component_ids.push_back(c.text(0));
  if (c.last_code() != SQLITE_DONE) return c.error();
  Statement e(db_->handle(),
              "SELECT name FROM incident_external_components WHERE incident_id = ?1 "
              "ORDER BY position");
  e.bind(1, i.id);
  while (e.step()) i.external_components.push_back(e.text(0));
  if (e.last_code() != SQLITE_DONE) return e.error();
  Statement p(db_->handle(),
              "SELECT cause_id, reason, linked_at, linked_by, dismissed "
              "FROM incident_probable_causes WHERE incident_id = ?1 ORDER BY position");
  p.bind(1, i.id);
  while (p.step()) {
    if (p.int64(4) != 0) {
      i.dismissed_causes.push_back(p.text(0));
    } else {
      i.probable_causes.push_back({p.text(0), p.text(1), from_millis(p.int64(2)), p.text(3)});
    }
  }
  if (p.last_code() != SQLITE_DONE) return p.error();
  Statement u(db_->handle(),
              "SELECT id, status, body, created_at, updated_at, display_at, deliver_notifications, "
              "reopened, author FROM incident_updates WHERE incident_id = ?1 ORDER BY seq");
  u.bind(1, i.id);
  Statement ch(db_->handle(),
               "SELECT component_id, old_status, new_status FROM update_component_changes "
               "WHERE update_id = ?1 ORDER BY position");
  while (u.step()) {
    IncidentUpdate up;
    up.id = u.text(0);
    up.status = parse_incident_status(u.text(1)).value_or(IncidentStatus::kInvestigating);
    up.body = u.text(2);
    up.created_at = from_millis(u.int64(3));
    up.updated_at = from_millis(u.int64(4));
    up.display_at = from_millis(u.int64(5));
    up.deliver_notifications = u.int64(6) != 0;
    up.reopened = u.int64(7) != 0;
    up.author = u.text(8);
    ch.reset();
    ch.bind(1, up.id);
    while (ch.step()) {
      up.component_changes.push_back(
          {ch.text(0), parse_component_status(ch.text(1)).value_or(ComponentStatus::kOperational),
           parse_component_status(ch.text(2)).value_or(ComponentStatus::kOperational)});
    }
    if (ch.last_code() != SQLITE_DONE) return ch.error();
    i.updates.push_back(std::move(up));
  }
  if (u.last_code() != SQLITE_DONE) return u.error();
  return Ok();
}

Result<std::optional<Incident>> SqliteStore::find_incident_where(const char* column,
                                                                 const std::string& value) {
  std::lock_guard lock(mu_);
  Statement q(db_->handle(), std::string(kIncidentColumns) + "WHERE " + column + " = ?1");
  q.bind(1, value);
  if (!q.step()) {
    if (q.last_code() != SQLITE_DONE) return q.error();
    return std::optional<Incident>();
  }
  auto incident = read_incident(q);
  if (!incident) return incident.error();
  PHAROS_TRY(read_incident_children(*incident));
  return std::optional<Incident>(std::move(*incident));
}

Result<std::optional<Incident>> SqliteStore::find_incident(const std::string& id) {
  return find_incident_where("id", id);
}

Result<std::optional<Incident>> SqliteStore::find_incident_by_fingerprint(
    const std::string& fingerprint) {
  if (fingerprint.empty()) return std::optional<Incident>();
  return find_incident_where("fingerprint", fingerprint);
}

Result<std::vector<Incident>> SqliteStore::list_incidents(const IncidentQuery& query) {
  std::lock_guard lock(mu_);
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
  sql += " ORDER BY started_at DESC, created_at DESC, id LIMIT ?6 OFFSET ?7";
  Statement q(db_->handle(), sql);
  if (query.kind) q.bind(1, to_string(*query.kind));
  if (query.source) q.bind(2, to_string(*query.source));
  if (query.vendor) q.bind(3, *query.vendor);
  if (query.started_after) q.bind(4, to_millis(*query.started_after));
  if (query.started_before) q.bind(5, to_millis(*query.started_before));
  q.bind(6, static_cast<std::int64_t>(query.limit)).bind(7, static_cast<std::int64_t>(query.offset));
  std::vector<Incident> out;
  while (q.step()) {
    auto incident = read_incident(q);
    if (!incident) return incident.error();
    out.push_back(std::move(*incident));
  }
  if (q.last_code() != SQLITE_DONE) return q.error();
  for (auto& incident : out) PHAROS_TRY(read_incident_children(incident));
  return out;
}

Result<void> SqliteStore::delete_incident(const std::string& id) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  if (!tx.begun()) return tx.begun().error();
  Statement d(db_->handle(), "DELETE FROM incidents WHERE id = ?1");
  d.bind(1, id);
  PHAROS_TRY(d.run());
  if (sqlite3_changes(db_->handle()) == 0) return Error::not_found("no incident " + id, "id");
  PHAROS_TRY(bump_revision());
  return tx.commit();
}

}  // namespace pharos::sqlite
