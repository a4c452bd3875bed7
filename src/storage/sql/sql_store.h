#pragma once
// The Store on an SQL database (SQLite or PostgreSQL, through storage/db): one implementation
// for both engines.
#include <memory>
#include <string>

#include "storage/db/sql.h"
#include "storage/store.h"

namespace pharos::sql {

class SqlStore final : public Store {
 public:
  // `db` is migrated already (see open_store).
  SqlStore(std::unique_ptr<db::Database> db, const Clock& clock)
      : db_(std::move(db)), clock_(clock) {}

  Result<Page> load_page(const Page& defaults) override;
  Result<void> sync_catalog(const Page& page, const std::vector<ComponentGroup>& groups,
                            const std::vector<Component>& components) override;
  Result<std::vector<ComponentGroup>> list_groups() override;
  Result<std::vector<Component>> list_components() override;
  Result<std::optional<Component>> find_component(const std::string& id) override;
  Result<void> set_component_status(const ComponentStatusSet& change) override;
  Result<std::vector<StatusSpan>> component_history(const std::string& id, Instant from,
                                                    Instant to) override;

  Result<std::int64_t> save_incident(const IncidentWrite& write) override;
  Result<std::optional<Incident>> find_incident(const std::string& id) override;
  Result<std::optional<Incident>> find_incident_by_fingerprint(
      const std::string& fingerprint) override;
  Result<std::vector<Incident>> list_incidents(const IncidentQuery& query) override;
  Result<void> delete_incident(const std::string& id) override;
  Result<std::vector<InternalNote>> internal_notes(const std::string& incident_id) override;

  Result<std::int64_t> revision() override;

 private:
  // Each REQUIRES a write transaction open on `c`.
  static Result<void> bump_revision(db::Connection& c);
  // kConflict unless `fence` (when set) still holds (store.h: WriteFence).
  static Result<void> check_fence(db::Connection& c, const std::optional<WriteFence>& fence);
  // Returns whether anything changed (status or source).
  static Result<bool> apply_component_status(db::Connection& c, const ComponentStatusSet& change,
                                             Instant at);
  static Result<void> write_incident_rows(db::Connection& c, const Incident& incident,
                                          std::int64_t version);
  static Result<void> write_incident_children(db::Connection& c, const Incident& incident);
  static Result<std::int64_t> save_incident_in(db::Connection& c, const IncidentWrite& write,
                                               Instant now);
  static Result<void> read_incident_children(db::Connection& c, Incident& incident);
  // The same for every incident of a page, a few queries in all.
  static Result<void> read_children_of(db::Connection& c, std::vector<Incident>& incidents);
  Result<std::optional<Incident>> find_incident_where(const char* column, const std::string& value);

  std::unique_ptr<db::Database> db_;
  const Clock& clock_;
};

}  // namespace pharos::sql
