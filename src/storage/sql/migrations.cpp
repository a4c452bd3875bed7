#include "storage/sql/migrations.h"

#include <algorithm>
#include <set>
#include <string>

namespace pharos::sql {

const std::vector<Migration>& migrations() {
  // Times are INTEGER milliseconds since the Unix epoch, UTC.
  static const std::vector<Migration> kMigrations = {
      {1, "catalog and incidents", R"sql(
CREATE TABLE page (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE revision (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO revision (id, value) VALUES (1, 0);
CREATE TABLE component_groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  retired INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE components (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  group_id TEXT REFERENCES component_groups(id),
  position INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('operational','degraded_performance','partial_outage',
                                         'major_outage','under_maintenance')),
  status_source TEXT NOT NULL CHECK (status_source IN ('automatic','manual')),
  depends_on TEXT NOT NULL DEFAULT '',
  showcase INTEGER NOT NULL DEFAULT 1,
  only_show_if_degraded INTEGER NOT NULL DEFAULT 0,
  retired INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE component_status_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  component_id TEXT NOT NULL REFERENCES components(id),
  status TEXT NOT NULL,
  source TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX component_status_log_by_time ON component_status_log (component_id, at);
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('incident','maintenance')),
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  impact TEXT NOT NULL,
  impact_override TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  monitoring_at INTEGER,
  resolved_at INTEGER,
  detected_at INTEGER,
  scheduled_for INTEGER,
  scheduled_until INTEGER,
  auto_transition INTEGER NOT NULL DEFAULT 1,
  source TEXT NOT NULL,
  controller TEXT NOT NULL CHECK (controller IN ('automation','human')),
  vendor TEXT NOT NULL DEFAULT '',
  source_url TEXT NOT NULL DEFAULT '',
  fingerprint TEXT UNIQUE,
  root_component_id TEXT NOT NULL DEFAULT '',
  reopen_count INTEGER NOT NULL DEFAULT 0,
  postmortem_body TEXT,
  postmortem_published_at INTEGER,
  postmortem_updated_at INTEGER,
  version INTEGER NOT NULL
);
CREATE INDEX incidents_by_start ON incidents (kind, started_at DESC);
CREATE INDEX incidents_open ON incidents (status) WHERE status NOT IN ('resolved','postmortem','completed');
CREATE TABLE incident_components (
  incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  component_id TEXT NOT NULL,
  PRIMARY KEY (incident_id, position)
);
CREATE TABLE incident_external_components (
  incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (incident_id, position)
);
CREATE TABLE incident_updates (
  id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  display_at INTEGER NOT NULL,
  deliver_notifications INTEGER NOT NULL,
  reopened INTEGER NOT NULL DEFAULT 0,
  author TEXT NOT NULL DEFAULT '',
  UNIQUE (incident_id, seq)
);
CREATE TABLE update_component_changes (
  update_id TEXT NOT NULL REFERENCES incident_updates(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  component_id TEXT NOT NULL,
  old_status TEXT NOT NULL,
  new_status TEXT NOT NULL,
  PRIMARY KEY (update_id, position)
);
)sql"},
      // Versions are applied by number, not list position (see migrate), so modules may append
      // theirs independently.
      {3, "notification subscribers, outbox and deliveries", R"sql(
CREATE TABLE subscribers (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('email','webhook','slack','teams','discord')),
  address TEXT NOT NULL,
  components TEXT NOT NULL DEFAULT '',
  secret TEXT NOT NULL DEFAULT '',
  confirmed INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  UNIQUE (kind, address)
);
CREATE TABLE subscriber_tokens (
  hash TEXT PRIMARY KEY,
  subscriber_id TEXT NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('confirm','unsubscribe')),
  created_at INTEGER NOT NULL
);
CREATE TABLE outbox_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  audience TEXT NOT NULL CHECK (audience IN ('public','admin')),
  incident_id TEXT NOT NULL DEFAULT '',
  update_id TEXT NOT NULL DEFAULT '',
  component_id TEXT NOT NULL DEFAULT '',
  old_status TEXT,
  new_status TEXT,
  subscriber_id TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  fanned_out INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_events_unfanned ON outbox_events (seq) WHERE fanned_out = 0;
CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  event_seq INTEGER NOT NULL REFERENCES outbox_events(seq),
  target TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending','delivered','dead','cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  first_failure_at INTEGER,
  done_at INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  UNIQUE (event_seq, target)
);
CREATE INDEX deliveries_pending_by_target ON deliveries (target, event_seq) WHERE state = 'pending';
CREATE INDEX deliveries_pending_by_time ON deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_by_state ON deliveries (state, event_seq);
)sql"},
      {2, "check results and rollups", R"sql(
CREATE TABLE check_results (
  monitor TEXT NOT NULL,
  node TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('up','degraded','down')),
  latency_us INTEGER NOT NULL,
  http_status INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX check_results_by_monitor ON check_results (monitor, at);
CREATE INDEX check_results_by_time ON check_results (at);
CREATE TABLE check_rollups (
  monitor TEXT NOT NULL,
  period TEXT NOT NULL CHECK (period IN ('minute','hour','day')),
  start INTEGER NOT NULL,
  checks INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  degraded INTEGER NOT NULL,
  latency TEXT NOT NULL,
  PRIMARY KEY (monitor, period, start)
) WITHOUT ROWID;
)sql"},
      // Kept beside the results (monitor state written on the results store's connection).
      {8, "paused monitors and generated heartbeat push tokens", R"sql(
CREATE TABLE monitor_pauses (
  monitor TEXT PRIMARY KEY,
  paused_by TEXT NOT NULL,
  paused_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE monitor_push_tokens (
  monitor TEXT PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql"},
      {4, "users, API tokens and the audit log", R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin','responder','viewer')),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  label TEXT NOT NULL DEFAULT '',
  hint TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  before TEXT NOT NULL DEFAULT '',
  after TEXT NOT NULL DEFAULT ''
);
)sql"},
      {5, "vendor poll state and vendor component statuses", R"sql(
CREATE TABLE vendor_poll_state (
  slug TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  error_since INTEGER,
  last_attempt INTEGER,
  last_success INTEGER,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  document_kind TEXT NOT NULL DEFAULT '',
  open_incidents INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE vendor_components (
  slug TEXT NOT NULL,
  component_id TEXT NOT NULL,
  name TEXT NOT NULL,
  group_name TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  vendor_updated_at INTEGER,
  changed_at INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (slug, component_id)
) WITHOUT ROWID;
)sql"},
      {6, "probable causes: vendor incidents linked to own incidents", R"sql(
CREATE TABLE incident_probable_causes (
  incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  cause_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  reason TEXT NOT NULL DEFAULT '',
  linked_at INTEGER NOT NULL,
  linked_by TEXT NOT NULL DEFAULT '',
  dismissed INTEGER NOT NULL DEFAULT 0,  -- 1: a person unlinked it; automation leaves it be
  PRIMARY KEY (incident_id, cause_id)
);
CREATE INDEX incident_probable_causes_by_cause ON incident_probable_causes (cause_id);
)sql"},
      // The admin composer's reusable incident templates (storage/template_store.h).
      {9, "incident templates for the admin composer", R"sql(
CREATE TABLE incident_templates (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('incident','maintenance')),
  title TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT '',
  impact TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql"},
      // When each monitor was being checked (storage/results_store.h, CoverageSpan): reports tell
      // "no data" from "up" with it. Existing data is covered hour by hour from the hour rollups
      // (an hour with a check counts as covered), consecutive hours merged into one span.
      {10, "monitor coverage spans", R"sql(
CREATE TABLE monitor_coverage (
  monitor TEXT NOT NULL,
  covered_from INTEGER NOT NULL,
  covered_until INTEGER NOT NULL,
  PRIMARY KEY (monitor, covered_from)
) WITHOUT ROWID;
INSERT INTO monitor_coverage (monitor, covered_from, covered_until)
  SELECT monitor, MIN(start), MAX(start) + 3600000 FROM (
    SELECT monitor, start,
           start - 3600000 * ROW_NUMBER() OVER (PARTITION BY monitor ORDER BY start) AS island
    FROM check_rollups WHERE period = 'hour') AS hours
  GROUP BY monitor, island;
)sql"},
      // Several nodes in several locations (docs/scale-out.md): results and rollups carry the
      // location they were checked from (existing rows: '' = before locations); each location's
      // confirmed state of a monitor while it is not operational (one row per problem, so a
      // node reads every location's view in one small query), with a version bumped on each
      // change; the last push of each heartbeat monitor, whichever node received it.
      {11, "locations: results and rollups by location, location states, pushes", R"sql(
ALTER TABLE check_results ADD COLUMN location TEXT NOT NULL DEFAULT '';
CREATE TABLE check_rollups_by_location (
  monitor TEXT NOT NULL,
  period TEXT NOT NULL CHECK (period IN ('minute','hour','day')),
  start INTEGER NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  checks INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  degraded INTEGER NOT NULL,
  latency TEXT NOT NULL,
  PRIMARY KEY (monitor, period, start, location)
) WITHOUT ROWID;
INSERT INTO check_rollups_by_location (monitor, period, start, location, checks, failures,
                                       degraded, latency)
  SELECT monitor, period, start, '', checks, failures, degraded, latency FROM check_rollups;
DROP TABLE check_rollups;
ALTER TABLE check_rollups_by_location RENAME TO check_rollups;
CREATE TABLE monitor_location_states (
  monitor TEXT NOT NULL,
  location TEXT NOT NULL,
  status TEXT NOT NULL,
  since INTEGER,
  nodes TEXT NOT NULL DEFAULT '',
  checked_by TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (monitor, location)
) WITHOUT ROWID;
CREATE TABLE monitor_pushes (
  monitor TEXT PRIMARY KEY,
  at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE monitor_state_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO monitor_state_version (id, value) VALUES (1, 0);
)sql"},
      // The nodes sharing the database and what each holds (cluster/cluster.h, docs/adr/0002):
      // a node is alive while expires_at (database time) is ahead; a lease held by a node that
      // is not alive is free. Deliveries are claimed by the node sending them.
      {12, "nodes, leases and delivery claims", R"sql(
CREATE TABLE cluster_nodes (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  location TEXT NOT NULL,
  version TEXT NOT NULL DEFAULT '',
  started_at INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  clock_skew_ms INTEGER NOT NULL DEFAULT 0,
  leases INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE cluster_leases (
  scope TEXT NOT NULL,
  name TEXT NOT NULL,
  node TEXT,
  since INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, name)
);
CREATE INDEX cluster_leases_by_node ON cluster_leases (node, scope);
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
)sql"},
      // Admin-only notes behind automatic updates: monitors, nodes, errors (domain InternalNote).
      {14, "internal notes of incidents (admin only)", R"sql(
CREATE TABLE incident_internal_notes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  update_id TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL
);
CREATE INDEX incident_internal_notes_by_incident ON incident_internal_notes (incident_id, seq);
)sql"},
      // Several pages from one instance (issue 20): a read token may be limited to some pages
      // (list of slugs, "-" the main page; empty: all), and a subscriber signs up to one page
      // ("" the main page, which notifies of everything).
      {15, "tokens limited to pages, subscribers of a page", R"sql(
ALTER TABLE api_tokens ADD COLUMN pages TEXT NOT NULL DEFAULT '';
ALTER TABLE subscribers ADD COLUMN page TEXT NOT NULL DEFAULT '';
)sql"},
      // A user limited to pages (issue 20): its sessions and tokens read only those private pages
      // (list of slugs as for tokens; empty: every page, as before).
      {16, "users limited to pages", R"sql(
ALTER TABLE users ADD COLUMN pages TEXT NOT NULL DEFAULT '';
)sql"},
      // The /vendors pages read each vendor's newest incidents (vendor = ?, newest first): without
      // an index every such read scans the whole incidents table (issue 17).
      {17, "vendor incidents by vendor", R"sql(
CREATE INDEX incidents_by_vendor ON incidents (vendor, started_at DESC);
)sql"},
  };
  return kMigrations;
}

int latest_version() {
  int latest = 0;
  for (const auto& m : migrations()) latest = std::max(latest, m.version);
  return latest;
}

Result<int> schema_version(db::Connection& conn) {
  auto created = conn.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  if (!created) return created.error();
  db::Statement q(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  auto version = q.first_int64();
  if (!version) return version.error();
  return static_cast<int>(version->value_or(0));
}

namespace {

// Two processes opening a new PostgreSQL database at once must not both create tables: the
// whole migration runs under this session lock (released on unlock or disconnect).
constexpr const char* kMigrationLock = "7415307930871547";

// The versions recorded in schema_migrations (the table exists: schema_version created it).
Result<std::set<int>> applied_versions(db::Connection& conn) {
  db::Statement q(conn, "SELECT version FROM schema_migrations");
  auto versions = q.collect([](const db::Row& r) { return static_cast<int>(r.int64(0)); });
  if (!versions) return versions.error();
  return std::set<int>(versions->begin(), versions->end());
}

Result<void> apply(db::Connection& conn, const Migration& m) {
  const db::Dialect& dialect = conn.dialect();
  db::Transaction tx(conn);
  if (!tx.begun()) return tx.begun().error();
  // Another process opening the same new database may have applied it meanwhile.
  db::Statement done(conn, "SELECT 1 FROM schema_migrations WHERE version = ?1");
  done.bind(1, m.version);
  auto found = done.first_int64();
  if (!found) return found.error();
  if (*found) return Ok();
  bool own = dialect.engine == db::Dialect::Engine::kPostgres && m.postgres_sql;
  PHAROS_TRY(conn.exec(own ? std::string(m.postgres_sql) : dialect.ddl(m.sql)));
  db::Statement record(conn,
                       "INSERT INTO schema_migrations (version, description, applied_at) "
                       "VALUES (?1, ?2, " +
                           std::string(dialect.now_ms) + ")");
  record.bind(1, m.version).bind(2, m.description);
  PHAROS_TRY(record.run());
  return tx.commit();
}

Result<void> migrate_locked(db::Connection& conn) {
  auto current = schema_version(conn);
  if (!current) return current.error();
  int latest = latest_version();
  if (*current > latest) {
    return Error::conflict("the database has schema version " + std::to_string(*current) +
                           " but this Pharos knows only up to " + std::to_string(latest) +
                           "; upgrade Pharos");
  }
  // Applied by "not yet recorded" rather than "newer than the maximum": modules add migrations
  // independently, so a lower version may arrive after a higher one was applied.
  auto applied = applied_versions(conn);
  if (!applied) return applied.error();
  for (const auto& m : migrations()) {
    if (!applied->count(m.version)) PHAROS_TRY(apply(conn, m));
  }
  return Ok();
}

}  // namespace

Result<void> migrate(db::Database& db) {
  auto lease = db.acquire();
  if (!lease) return lease.error();
  db::Connection& conn = **lease;
  if (conn.dialect().engine != db::Dialect::Engine::kPostgres) return migrate_locked(conn);
  PHAROS_TRY(conn.exec(std::string("SELECT pg_advisory_lock(") + kMigrationLock + ")"));
  auto migrated = migrate_locked(conn);
  (void)conn.exec(std::string("SELECT pg_advisory_unlock(") + kMigrationLock + ")");
  return migrated;
}

}  // namespace pharos::sql
