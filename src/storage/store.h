#pragma once
// The storage interface. Every persistent fact of Pharos goes through a Store; no SQL exists
// outside this module. One implementation (sql/) runs on every engine through the driver layer
// (db/; drivers sqlite/ and postgres/).
//
// Contract for every implementation:
//  - Each public method is one transaction: it either happens completely or not at all, and a
//    process killed at any point leaves the previous or the new state, never a mix.
//  - Methods are thread-safe (implementations serialise internally).
//  - revision() increases with every committed change made by any process sharing the database,
//    so caches (the rendered page) can notice changes made elsewhere, e.g. by the CLI.
//  - Instants are stored in UTC with millisecond precision.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/availability.h"  // StatusSpan
#include "domain/model.h"

namespace pharos {

// Which incidents to list. Results are newest first (by started_at, then created_at).
struct IncidentQuery {
  enum class State { kAny, kOpen, kClosed };
  std::optional<IncidentKind> kind;
  State state = State::kAny;
  std::optional<IncidentSource> source;
  std::optional<std::string> vendor;
  std::optional<Instant> started_after;   // started_at >= this
  std::optional<Instant> started_before;  // started_at < this
  std::optional<Instant> active_after;    // still open, or resolved after this
  std::size_t limit = 50;
  std::size_t offset = 0;
};

// A write made on behalf of a lease holder (several nodes: automation, which one node runs,
// docs/adr/0002): it happens only while the lease (scope, name) is held by `node`, checked in
// the write's own transaction with the lease row held unchanged until commit. A node that lost
// the lease (it stalled, another took over) gets kConflict and changes nothing.
struct WriteFence {
  std::string scope;
  std::string name;
  std::string node;
};

// A component status to set in the same transaction as an incident change.
struct ComponentStatusSet {
  std::string component_id;
  ComponentStatus status = ComponentStatus::kOperational;
  StatusSource source = StatusSource::kManual;
  std::optional<WriteFence> fence = std::nullopt;  // set_component_status only
};

// A whole incident to store, with the component statuses its latest update set.
struct IncidentWrite {
  Incident incident;                  // the complete new state
  std::int64_t expected_version = 0;  // the version it was read at; 0 creates a new incident
  std::vector<ComponentStatusSet> component_statuses;
  std::vector<InternalNote> internal_notes = {};  // admin-only notes appended with this write
  std::optional<WriteFence> fence = std::nullopt;
};

class Store {
 public:
  virtual ~Store() = default;

  // ---- page and catalog ----
  // The stored page; on a new database a page with a fresh id is created from `defaults`.
  virtual Result<Page> load_page(const Page& defaults) = 0;
  // Makes the stored catalog match the config: page name/url/zone, groups and components
  // upserted by id (a component keeps its status); those no longer configured are retired
  // (hidden, but kept for incident history).
  virtual Result<void> sync_catalog(const Page& page, const std::vector<ComponentGroup>& groups,
                                    const std::vector<Component>& components) = 0;
  virtual Result<std::vector<ComponentGroup>> list_groups() = 0;
  // Components that are not retired, ordered by group position then position.
  virtual Result<std::vector<Component>> list_components() = 0;
  // Any component, retired ones included; nullopt when unknown.
  virtual Result<std::optional<Component>> find_component(const std::string& id) = 0;
  // Sets a component's status (a no-op when unchanged) and logs the change for history.
  virtual Result<void> set_component_status(const ComponentStatusSet& change) = 0;
  // The statuses a component went through that overlap [from, to), oldest first.
  virtual Result<std::vector<StatusSpan>> component_history(const std::string& id, Instant from,
                                                            Instant to) = 0;

  // ---- incidents and maintenances ----
  // Stores the incident with all its updates and applies `component_statuses`. Fails with
  // kConflict when the stored version differs from expected_version (someone else changed it),
  // kAlreadyExists when creating an id or fingerprint that exists. Returns the new version.
  virtual Result<std::int64_t> save_incident(const IncidentWrite& write) = 0;
  virtual Result<std::optional<Incident>> find_incident(const std::string& id) = 0;
  virtual Result<std::optional<Incident>> find_incident_by_fingerprint(
      const std::string& fingerprint) = 0;
  virtual Result<std::vector<Incident>> list_incidents(const IncidentQuery& query) = 0;
  virtual Result<void> delete_incident(const std::string& id) = 0;
  // The admin-only notes stored with an incident's writes (IncidentWrite::internal_notes), oldest
  // first; empty for an unknown incident. For the admin view only: never render them publicly.
  virtual Result<std::vector<InternalNote>> internal_notes(const std::string& incident_id) = 0;

  // ---- change detection ----
  virtual Result<std::int64_t> revision() = 0;
};

// Opens the store named by `url`: "sqlite:<path>" (the file and its directory are created) or
// "postgres://…"/"postgresql://…" (any libpq URI; Pharos's own settings pool_size,
// statement_timeout and acquire_timeout are read from its query, see storage/db/url.h).
// Applies pending migrations, once even when several processes start at once; refuses a
// database written by a newer Pharos (kConflict). An unreachable server is kUnavailable naming
// its host and port; no message ever carries the URI's password. `clock` stamps catalog changes
// and must outlive the store.
Result<std::unique_ptr<Store>> open_store(const std::string& url, const Clock& clock);

}  // namespace pharos
