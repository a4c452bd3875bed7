#pragma once
// The embedded SQLite store: one database file in WAL mode, one connection guarded by a mutex.
#include <memory>
#include <mutex>
#include <string>

#include "storage/sqlite/db.h"
#include "storage/store.h"

namespace pharos::sqlite {

class SqliteStore final : public Store {
 public:
  // Opens `path`, creating it, and applies migrations.
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path, const Clock& clock);

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

  Result<std::int64_t> revision() override;

 private:
  SqliteStore(std::unique_ptr<Connection> db, const Clock& clock)
      : db_(std::move(db)), clock_(clock) {}

  // REQUIRES: mu_ held and a transaction open.
  Result<void> bump_revision();
  Result<void> apply_component_status(const ComponentStatusSet& change, Instant at);
  Result<void> write_incident_rows(const Incident& incident, std::int64_t version);
  Result<void> write_incident_children(const Incident& incident);
  Result<Incident> read_incident(Statement& row);
  Result<void> read_incident_children(Incident& incident);
  Result<std::optional<Incident>> find_incident_where(const char* column, const std::string& value);

  std::mutex mu_;
  std::unique_ptr<Connection> db_;  // GUARDED_BY(mu_)
  const Clock& clock_;
};

}  // namespace pharos::sqlite
