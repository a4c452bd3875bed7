#include "storage/sqlite/sqlite_store.h"

#include <set>

#include "core/ids.h"
#include "core/text.h"
#include "storage/sqlite/codec.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_notify.h"

namespace pharos::sqlite {

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path,
                                                       const Clock& clock) {
  auto conn = Connection::open(path);
  if (!conn) return conn.error();
  PHAROS_TRY(migrate(**conn));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(*conn), clock));
}

Result<void> SqliteStore::bump_revision() {
  return db_->exec("UPDATE revision SET value = value + 1 WHERE id = 1");
}

Result<std::int64_t> SqliteStore::revision() {
  std::lock_guard lock(mu_);
  Statement q(db_->handle(), "SELECT value FROM revision WHERE id = 1");
  if (!q.step()) return q.error();
  return q.int64(0);
}

Result<Page> SqliteStore::load_page(const Page& defaults) {
  std::lock_guard lock(mu_);
  Statement q(db_->handle(), "SELECT id, name, url, time_zone FROM page LIMIT 1");
  if (q.step()) return Page{q.text(0), q.text(1), q.text(2), q.text(3)};
  if (q.last_code() != SQLITE_DONE) return q.error();
  Transaction tx(*db_);
  if (!tx.begun()) return tx.begun().error();
  Page page = defaults;
  if (page.id.empty()) page.id = new_id();
  Statement insert(db_->handle(),
                   "INSERT INTO page (id, name, url, time_zone, updated_at) VALUES (?1,?2,?3,?4,?5)");
  insert.bind(1, page.id).bind(2, page.name).bind(3, page.url).bind(4, page.time_zone)
      .bind(5, to_millis(clock_.now()));
  PHAROS_TRY(insert.run());
  PHAROS_TRY(bump_revision());
  PHAROS_TRY(tx.commit());
  return page;
}

namespace {

// Retires the rows of `table` whose id is not in `keep`; returns how many it retired.
Result<int> retire_missing(Connection& db, const char* table, const std::set<std::string>& keep) {
  Statement q(db.handle(), std::string("SELECT id FROM ") + table + " WHERE retired = 0");
  std::vector<std::string> gone;
  while (q.step()) {
    if (!keep.count(q.text(0))) gone.push_back(q.text(0));
  }
  if (q.last_code() != SQLITE_DONE) return q.error();
  Statement retire(db.handle(), std::string("UPDATE ") + table + " SET retired = 1 WHERE id = ?1");
  for (const auto& id : gone) {
    retire.reset();
    retire.bind(1, id);
    PHAROS_TRY(retire.run());
  }
  return static_cast<int>(gone.size());
}

}  // namespace

Result<void> SqliteStore::sync_catalog(const Page& page, const std::vector<ComponentGroup>& groups,
                                       const std::vector<Component>& components) {
  std::lock_guard lock(mu_);
  Instant now = clock_.now();
  Transaction tx(*db_);
  if (!tx.begun()) return tx.begun().error();
  int changes = 0;
  Statement p(db_->handle(),
              "UPDATE page SET name=?1, url=?2, time_zone=?3, updated_at=?4 "
              "WHERE name IS NOT ?1 OR url IS NOT ?2 OR time_zone IS NOT ?3");
  p.bind(1, page.name).bind(2, page.url).bind(3, page.time_zone).bind(4, to_millis(now));
  PHAROS_TRY(p.run());
  changes += sqlite3_changes(db_->handle());

  // Upserts touch a row only when something differs, so sqlite3_changes counts real changes.
  Statement g(db_->handle(),
              "INSERT INTO component_groups (id, name, description, position, retired, created_at, "
              "updated_at) VALUES (?1,?2,?3,?4,0,?5,?5) ON CONFLICT(id) DO UPDATE SET "
              "name=excluded.name, description=excluded.description, position=excluded.position, "
              "retired=0, updated_at=excluded.updated_at WHERE name IS NOT excluded.name OR "
              "description IS NOT excluded.description OR position IS NOT excluded.position OR "
              "retired <> 0");
  std::set<std::string> group_ids;
  for (const auto& group : groups) {
    g.reset();
    g.bind(1, group.id).bind(2, group.name).bind(3, group.description).bind(4, group.position)
        .bind(5, to_millis(now));
    PHAROS_TRY(g.run());
    changes += sqlite3_changes(db_->handle());
    group_ids.insert(group.id);
  }

  Statement c(db_->handle(),
              "INSERT INTO components (id, name, description, group_id, position, status, "
              "status_source, depends_on, showcase, only_show_if_degraded, retired, created_at, "
              "updated_at) VALUES (?1,?2,?3,?4,?5,'operational','automatic',?6,?7,?8,0,?9,?9) "
              "ON CONFLICT(id) DO UPDATE SET name=excluded.name, description=excluded.description, "
              "group_id=excluded.group_id, position=excluded.position, depends_on=excluded.depends_on, "
              "showcase=excluded.showcase, only_show_if_degraded=excluded.only_show_if_degraded, "
              "retired=0, updated_at=excluded.updated_at WHERE name IS NOT excluded.name OR "
              "description IS NOT excluded.description OR group_id IS NOT excluded.group_id OR "
              "position IS NOT excluded.position OR depends_on IS NOT excluded.depends_on OR "
              "showcase IS NOT excluded.showcase OR only_show_if_degraded IS NOT "
              "excluded.only_show_if_degraded OR retired <> 0");
  std::set<std::string> component_ids;
  for (const auto& component : components) {
    c.reset();
    c.bind(1, component.id).bind(2, component.name).bind(3, component.description);
    if (component.group_id.empty()) c.bind_null(4); else c.bind(4, component.group_id);
    c.bind(5, component.position).bind(6, join_list(component.depends_on))
        .bind(7, component.showcase).bind(8, component.only_show_if_degraded)
        .bind(9, to_millis(now));
    PHAROS_TRY(c.run());
    changes += sqlite3_changes(db_->handle());
    component_ids.insert(component.id);
  }
  auto retired_components = retire_missing(*db_, "components", component_ids);
  if (!retired_components) return retired_components.error();
  auto retired_groups = retire_missing(*db_, "component_groups", group_ids);
  if (!retired_groups) return retired_groups.error();
  changes += *retired_components + *retired_groups;
  // Only a real change moves the revision, so restarting with the same config rebuilds nothing.
  if (changes > 0) PHAROS_TRY(bump_revision());
  return tx.commit();
}

Result<std::vector<ComponentGroup>> SqliteStore::list_groups() {
  std::lock_guard lock(mu_);
  Statement q(db_->handle(),
              "SELECT id, name, description, position FROM component_groups WHERE retired = 0 "
              "ORDER BY position, id");
  std::vector<ComponentGroup> out;
  while (q.step()) {
    out.push_back({q.text(0), q.text(1), q.text(2), static_cast<int>(q.int64(3))});
  }
  if (q.last_code() != SQLITE_DONE) return q.error();
  return out;
}

namespace {

constexpr const char* kComponentColumns =
    "SELECT c.id, c.name, c.description, COALESCE(c.group_id, ''), c.position, c.status, "
    "c.status_source, c.depends_on, c.showcase, c.only_show_if_degraded, c.created_at, "
    "c.updated_at FROM components c ";

Component read_component(const Statement& q) {
  Component c;
  c.id = q.text(0);
  c.name = q.text(1);
  c.description = q.text(2);
  c.group_id = q.text(3);
  c.position = static_cast<int>(q.int64(4));
  c.status = parse_component_status(q.text(5)).value_or(ComponentStatus::kOperational);
  c.status_source = q.text(6) == "manual" ? StatusSource::kManual : StatusSource::kAutomatic;
  c.depends_on = split_list(q.text(7));
  c.showcase = q.int64(8) != 0;
  c.only_show_if_degraded = q.int64(9) != 0;
  c.created_at = from_millis(q.int64(10));
  c.updated_at = from_millis(q.int64(11));
  return c;
}

}  // namespace

Result<std::vector<Component>> SqliteStore::list_components() {
  std::lock_guard lock(mu_);
  Statement q(db_->handle(),
              std::string(kComponentColumns) +
                  "LEFT JOIN component_groups g ON g.id = c.group_id WHERE c.retired = 0 "
                  "ORDER BY COALESCE(g.position, 0), c.position, c.id");
  std::vector<Component> out;
  while (q.step()) out.push_back(read_component(q));
  if (q.last_code() != SQLITE_DONE) return q.error();
  return out;
}

Result<std::optional<Component>> SqliteStore::find_component(const std::string& id) {
  std::lock_guard lock(mu_);
  Statement q(db_->handle(), std::string(kComponentColumns) + "WHERE c.id = ?1");
  q.bind(1, id);
  if (q.step()) return std::optional<Component>(read_component(q));
  if (q.last_code() != SQLITE_DONE) return q.error();
  return std::optional<Component>();
}

Result<void> SqliteStore::apply_component_status(const ComponentStatusSet& change, Instant at) {
  Statement current(db_->handle(), "SELECT status, status_source FROM components WHERE id = ?1");
  current.bind(1, change.component_id);
  if (!current.step()) {
    if (current.last_code() != SQLITE_DONE) return current.error();
    return Error::not_found("unknown component '" + change.component_id + "'", "component_id");
  }
  std::string status(to_string(change.status));
  std::string source = change.source == StatusSource::kManual ? "manual" : "automatic";
  if (current.text(0) == status && current.text(1) == source) return Ok();
  Statement update(db_->handle(),
                   "UPDATE components SET status=?2, status_source=?3, updated_at=?4 WHERE id=?1");
  update.bind(1, change.component_id).bind(2, status).bind(3, source).bind(4, to_millis(at));
  PHAROS_TRY(update.run());
  if (current.text(0) == status) return Ok();  // only the source changed: no history entry
  // A real status change notifies, in the transaction that makes it (durable outbox).
  PHAROS_TRY(append_component_event(
      *db_, change.component_id,
      parse_component_status(current.text(0)).value_or(ComponentStatus::kOperational),
      change.status, at));
  Statement log(db_->handle(),
                "INSERT INTO component_status_log (component_id, status, source, at) "
                "VALUES (?1,?2,?3,?4)");
  log.bind(1, change.component_id).bind(2, status).bind(3, source).bind(4, to_millis(at));
  return log.run();
}

Result<void> SqliteStore::set_component_status(const ComponentStatusSet& change) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  if (!tx.begun()) return tx.begun().error();
  int before = sqlite3_total_changes(db_->handle());
  PHAROS_TRY(apply_component_status(change, clock_.now()));
  // A no-op (same status and source) must not move the revision: it would re-render the site.
  if (sqlite3_total_changes(db_->handle()) != before) PHAROS_TRY(bump_revision());
  return tx.commit();
}

Result<std::vector<StatusSpan>> SqliteStore::component_history(const std::string& id,
                                                               Instant from, Instant to) {
  std::lock_guard lock(mu_);
  // The status in force at `from` is the last change before it (operational when none).
  Statement q(db_->handle(),
              "SELECT status, at FROM (SELECT status, at, seq FROM component_status_log "
              "WHERE component_id = ?1 AND at <= ?2 ORDER BY at DESC, seq DESC LIMIT 1) "
              "UNION ALL SELECT status, at FROM (SELECT status, at, seq FROM component_status_log "
              "WHERE component_id = ?1 AND at > ?2 AND at < ?3 ORDER BY at, seq)");
  q.bind(1, id).bind(2, to_millis(from)).bind(3, to_millis(to));
  std::vector<StatusSpan> spans;
  while (q.step()) {
    Instant at = std::max(from_millis(q.int64(1)), from);
    auto status = parse_component_status(q.text(0)).value_or(ComponentStatus::kOperational);
    if (!spans.empty()) spans.back().until = at;
    spans.push_back({status, at, std::nullopt});
  }
  if (q.last_code() != SQLITE_DONE) return q.error();
  if (spans.empty() || spans.front().from > from) {
    StatusSpan first{ComponentStatus::kOperational, from,
                     spans.empty() ? std::nullopt : std::optional<Instant>(spans.front().from)};
    spans.insert(spans.begin(), first);
  }
  return spans;
}

}  // namespace pharos::sqlite
