#include "storage/sql/sql_store.h"

#include <set>

#include "core/ids.h"
#include "core/text.h"
#include "storage/change_feed.h"
#include "storage/sql/codec.h"
#include "storage/sql/sql_notify.h"

namespace pharos::sql {

using db::Connection;
using db::Row;
using db::Statement;

Result<void> SqlStore::bump_revision(Connection& c) {
  PHAROS_TRY(c.exec("UPDATE revision SET value = value + 1 WHERE id = 1"));
  return db::notify(c, change_topic::kRevision);  // other nodes re-render at once (change_feed.h)
}

Result<std::int64_t> SqlStore::revision() {
  return db_->read([](Connection& c) -> Result<std::int64_t> {
    auto value = Statement(c, "SELECT value FROM revision WHERE id = 1").first_int64();
    if (!value) return value.error();
    return value->value_or(0);
  });
}

Result<Page> SqlStore::load_page(const Page& defaults) {
  auto read_page = [](const Row& r) {
    Page page;
    page.id = r.text(0);
    page.name = r.text(1);
    page.url = r.text(2);
    page.time_zone = r.text(3);
    return page;
  };
  auto stored = db_->read([&](Connection& c) {
    return Statement(c, "SELECT id, name, url, time_zone FROM page LIMIT 1").first(read_page);
  });
  if (!stored) return stored.error();
  if (*stored) return **stored;
  return db_->write([&](Connection& c) -> Result<Page> {
    // Another process may have created it since the read above.
    auto again = Statement(c, "SELECT id, name, url, time_zone FROM page LIMIT 1").first(read_page);
    if (!again) return again.error();
    if (*again) return **again;
    Page page = defaults;
    if (page.id.empty()) page.id = new_id();
    Statement insert(c,
                     "INSERT INTO page (id, name, url, time_zone, updated_at) "
                     "VALUES (?1,?2,?3,?4,?5)");
    insert.bind(1, page.id)
        .bind(2, page.name)
        .bind(3, page.url)
        .bind(4, page.time_zone)
        .bind(5, to_millis(clock_.now()));
    PHAROS_TRY(insert.run());
    PHAROS_TRY(bump_revision(c));
    return page;
  });
}

namespace {

// Retires the rows of `table` whose id is not in `keep`; returns how many it retired.
Result<std::int64_t> retire_missing(Connection& c, const char* table,
                                    const std::set<std::string>& keep) {
  Statement q(c, std::string("SELECT id FROM ") + table + " WHERE retired = 0");
  std::vector<std::string> gone;
  PHAROS_TRY(q.collect([&](const Row& r) {
    if (!keep.count(r.text(0))) gone.push_back(r.text(0));
  }));
  Statement retire(c, std::string("UPDATE ") + table + " SET retired = 1 WHERE id = ?1");
  for (const auto& id : gone) {
    retire.reset();
    retire.bind(1, id);
    PHAROS_TRY(retire.run());
  }
  return static_cast<std::int64_t>(gone.size());
}

// Upserts touch a row only when something differs, so the change counts are real changes.
constexpr const char* kUpsertGroup =
    "INSERT INTO component_groups (id, name, description, position, retired, created_at, "
    "updated_at) VALUES (?1,?2,?3,?4,0,?5,?5) ON CONFLICT(id) DO UPDATE SET "
    "name=excluded.name, description=excluded.description, position=excluded.position, "
    "retired=0, updated_at=excluded.updated_at WHERE component_groups.name IS DISTINCT FROM "
    "excluded.name OR component_groups.description IS DISTINCT FROM excluded.description OR "
    "component_groups.position IS DISTINCT FROM excluded.position OR "
    "component_groups.retired <> 0";

constexpr const char* kUpsertComponent =
    "INSERT INTO components (id, name, description, group_id, position, status, "
    "status_source, depends_on, showcase, only_show_if_degraded, retired, created_at, "
    "updated_at) VALUES (?1,?2,?3,?4,?5,'operational','automatic',?6,?7,?8,0,?9,?9) "
    "ON CONFLICT(id) DO UPDATE SET name=excluded.name, description=excluded.description, "
    "group_id=excluded.group_id, position=excluded.position, depends_on=excluded.depends_on, "
    "showcase=excluded.showcase, only_show_if_degraded=excluded.only_show_if_degraded, "
    "retired=0, updated_at=excluded.updated_at WHERE components.name IS DISTINCT FROM "
    "excluded.name OR components.description IS DISTINCT FROM excluded.description OR "
    "components.group_id IS DISTINCT FROM excluded.group_id OR components.position IS DISTINCT "
    "FROM excluded.position OR components.depends_on IS DISTINCT FROM excluded.depends_on OR "
    "components.showcase IS DISTINCT FROM excluded.showcase OR "
    "components.only_show_if_degraded IS DISTINCT FROM excluded.only_show_if_degraded OR "
    "components.retired <> 0";

// Upserts every catalog row (`bind(q, item)` binds one row of `upsert`) and retires the rows of
// `table` whose ids are no longer listed; returns how many rows changed.
template <typename T, typename Bind>
Result<std::int64_t> sync_rows(Connection& c, const char* upsert, const char* table,
                               const std::vector<T>& items, Bind bind) {
  Statement q(c, upsert);
  std::int64_t changes = 0;
  std::set<std::string> ids;
  for (const auto& item : items) {
    q.reset();
    bind(q, item);
    auto changed = q.changes();
    if (!changed) return changed.error();
    changes += *changed;
    ids.insert(item.id);
  }
  auto retired = retire_missing(c, table, ids);
  if (!retired) return retired.error();
  return changes + *retired;
}

Result<std::int64_t> upsert_groups(Connection& c, const std::vector<ComponentGroup>& groups,
                                   Instant now) {
  return sync_rows(c, kUpsertGroup, "component_groups", groups,
                   [&](Statement& q, const ComponentGroup& group) {
                     q.bind(1, group.id)
                         .bind(2, group.name)
                         .bind(3, group.description)
                         .bind(4, group.position)
                         .bind(5, to_millis(now));
                   });
}

Result<std::int64_t> upsert_components(Connection& c, const std::vector<Component>& components,
                                       Instant now) {
  return sync_rows(c, kUpsertComponent, "components", components,
                   [&](Statement& q, const Component& component) {
                     q.bind(1, component.id).bind(2, component.name).bind(3, component.description);
                     if (component.group_id.empty())
                       q.bind_null(4);
                     else
                       q.bind(4, component.group_id);
                     q.bind(5, component.position)
                         .bind(6, join_list(component.depends_on))
                         .bind(7, component.showcase)
                         .bind(8, component.only_show_if_degraded)
                         .bind(9, to_millis(now));
                   });
}

}  // namespace

Result<void> SqlStore::sync_catalog(const Page& page, const std::vector<ComponentGroup>& groups,
                                    const std::vector<Component>& components) {
  Instant now = clock_.now();
  return db_->write([&](Connection& c) -> Result<void> {
    Statement p(c,
                "UPDATE page SET name=?1, url=?2, time_zone=?3, updated_at=?4 "
                "WHERE name IS DISTINCT FROM ?1 OR url IS DISTINCT FROM ?2 OR "
                "time_zone IS DISTINCT FROM ?3");
    p.bind(1, page.name).bind(2, page.url).bind(3, page.time_zone).bind(4, to_millis(now));
    auto changes = p.changes();
    if (!changes) return changes.error();
    // Groups first: components reference them.
    auto groups_changed = upsert_groups(c, groups, now);
    if (!groups_changed) return groups_changed.error();
    auto components_changed = upsert_components(c, components, now);
    if (!components_changed) return components_changed.error();
    // Only a real change moves the revision, so restarting with the same config rebuilds nothing.
    if (*changes + *groups_changed + *components_changed > 0) PHAROS_TRY(bump_revision(c));
    return Ok();
  });
}

Result<std::vector<ComponentGroup>> SqlStore::list_groups() {
  return db_->read([](Connection& c) {
    return Statement(c,
                     "SELECT id, name, description, position FROM component_groups "
                     "WHERE retired = 0 ORDER BY position, id")
        .collect([](const Row& r) {
          return ComponentGroup{r.text(0), r.text(1), r.text(2), static_cast<int>(r.int64(3))};
        });
  });
}

namespace {

constexpr const char* kComponentColumns =
    "SELECT c.id, c.name, c.description, COALESCE(c.group_id, ''), c.position, c.status, "
    "c.status_source, c.depends_on, c.showcase, c.only_show_if_degraded, c.created_at, "
    "c.updated_at FROM components c ";

Component read_component(const Row& q) {
  Component c;
  read_columns(q, 0, c.id, c.name, c.description, c.group_id, c.position);
  c.status = parse_component_status(q.text(5)).value_or(ComponentStatus::kOperational);
  c.status_source = q.text(6) == "manual" ? StatusSource::kManual : StatusSource::kAutomatic;
  c.depends_on = split_list(q.text(7));
  read_columns(q, 8, c.showcase, c.only_show_if_degraded, c.created_at, c.updated_at);
  return c;
}

}  // namespace

Result<std::vector<Component>> SqlStore::list_components() {
  return db_->read([](Connection& c) {
    return Statement(c, std::string(kComponentColumns) +
                            "LEFT JOIN component_groups g ON g.id = c.group_id WHERE c.retired = 0 "
                            "ORDER BY COALESCE(g.position, 0), c.position, c.id")
        .collect(read_component);
  });
}

Result<std::optional<Component>> SqlStore::find_component(const std::string& id) {
  return db_->read([&](Connection& c) {
    return find_by_key(c, std::string(kComponentColumns) + "WHERE c.id = ?1", id, read_component);
  });
}

Result<bool> SqlStore::apply_component_status(Connection& c, const ComponentStatusSet& change,
                                              Instant at) {
  Statement current(c, "SELECT status, status_source FROM components WHERE id = ?1");
  current.bind(1, change.component_id);
  auto stored = current.first([](const Row& r) { return std::pair(r.text(0), r.text(1)); });
  if (!stored) return stored.error();
  if (!*stored) {
    return Error::not_found("unknown component '" + change.component_id + "'", "component_id");
  }
  const auto& [old_status, old_source] = **stored;
  std::string status(to_string(change.status));
  std::string source = change.source == StatusSource::kManual ? "manual" : "automatic";
  if (old_status == status && old_source == source) return false;
  Statement update(c,
                   "UPDATE components SET status=?2, status_source=?3, updated_at=?4 "
                   "WHERE id=?1");
  update.bind(1, change.component_id).bind(2, status).bind(3, source).bind(4, to_millis(at));
  PHAROS_TRY(update.run());
  if (old_status == status) return true;  // only the source changed: no history entry
  // A real status change notifies, in the transaction that makes it (durable outbox).
  PHAROS_TRY(append_component_event(
      c, change.component_id,
      parse_component_status(old_status).value_or(ComponentStatus::kOperational), change.status,
      at));
  Statement log(c,
                "INSERT INTO component_status_log (component_id, status, source, at) "
                "VALUES (?1,?2,?3,?4)");
  log.bind(1, change.component_id).bind(2, status).bind(3, source).bind(4, to_millis(at));
  PHAROS_TRY(log.run());
  return true;
}

Result<void> SqlStore::check_fence(Connection& c, const std::optional<WriteFence>& fence) {
  if (!fence) return Ok();
  // FOR SHARE: the lease cannot pass to another node until this transaction ends.
  Statement q(c, "SELECT 1 FROM cluster_leases WHERE scope = ?1 AND name = ?2 AND node = ?3" +
                     std::string(c.dialect().for_share));
  q.bind(1, fence->scope).bind(2, fence->name).bind(3, fence->node);
  auto held = q.first_int64();
  if (!held) return held.error();
  if (*held) return Ok();
  return Error::conflict("this node no longer holds the " + fence->name +
                         " lease; another node does that now");
}

Result<void> SqlStore::set_component_status(const ComponentStatusSet& change) {
  Instant now = clock_.now();
  return db_->write([&](Connection& c) -> Result<void> {
    PHAROS_TRY(check_fence(c, change.fence));
    auto changed = apply_component_status(c, change, now);
    if (!changed) return changed.error();
    // A no-op (same status and source) must not move the revision: it would re-render the site.
    if (*changed) PHAROS_TRY(bump_revision(c));
    return Ok();
  });
}

Result<std::vector<StatusSpan>> SqlStore::component_history(const std::string& id, Instant from,
                                                            Instant to) {
  // The status in force at `from` is the last change before it (operational when none).
  auto changes = db_->read([&](Connection& c) {
    Statement q(c,
                "SELECT status, at FROM (SELECT status, at, seq, 0 AS part FROM (SELECT status, "
                "at, seq FROM component_status_log WHERE component_id = ?1 AND at <= ?2 "
                "ORDER BY at DESC, seq DESC LIMIT 1) AS before_from UNION ALL SELECT status, "
                "at, seq, 1 AS part FROM component_status_log WHERE component_id = ?1 AND "
                "at > ?2 AND at < ?3) AS changes ORDER BY part, at, seq");
    q.bind(1, id).bind(2, to_millis(from)).bind(3, to_millis(to));
    return q.collect([](const Row& r) { return std::pair(r.text(0), r.int64(1)); });
  });
  if (!changes) return changes.error();
  std::vector<StatusSpan> spans;
  for (const auto& [status_text, at_ms] : *changes) {
    Instant at = std::max(from_millis(at_ms), from);
    auto status = parse_component_status(status_text).value_or(ComponentStatus::kOperational);
    if (!spans.empty()) spans.back().until = at;
    spans.push_back({status, at, std::nullopt});
  }
  if (spans.empty() || spans.front().from > from) {
    StatusSpan first{ComponentStatus::kOperational, from,
                     spans.empty() ? std::nullopt : std::optional<Instant>(spans.front().from)};
    spans.insert(spans.begin(), first);
  }
  return spans;
}

}  // namespace pharos::sql
