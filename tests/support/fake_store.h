#pragma once
// An in-memory Store for unit tests that need no database. It keeps the Store contract
// (storage/store.h) the tests rely on: one lock per call (each call is atomic), optimistic
// versions (kConflict on a stale expected_version, kAlreadyExists on a taken id or fingerprint),
// revision() moving on every real change and only then, retired components kept for history,
// list order and filters as the SQL store's. share() gives a second store on the same data, as
// another process opening the same database would. Not modelled: the notification outbox (no
// events are appended), write fences.
#include <map>
#include <mutex>

#include "storage/store.h"

namespace pharos::testing {

class FakeStore : public Store {
 public:
  explicit FakeStore(const Clock& clock);
  // Another store on this one's data (as a second process on the same database).
  std::unique_ptr<FakeStore> share(const Clock& clock) const;

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
  Result<std::vector<InternalNote>> internal_notes(const std::string& incident_id) override;
  Result<std::optional<Incident>> find_incident_by_fingerprint(
      const std::string& fingerprint) override;
  Result<std::vector<Incident>> list_incidents(const IncidentQuery& query) override;
  Result<void> delete_incident(const std::string& id) override;
  Result<std::int64_t> revision() override;

 private:
  template <typename T>
  struct Row {
    T value;
    bool retired = false;
  };
  struct StatusChange {
    ComponentStatus status;
    Instant at;
  };
  // What the stores sharing it see; every member guarded by `mutex`.
  struct State {
    std::mutex mutex;
    std::optional<Page> page;
    std::map<std::string, Row<ComponentGroup>> groups;
    std::map<std::string, Row<Component>> components;
    std::map<std::string, std::vector<StatusChange>> status_log;
    std::map<std::string, Incident> incidents;
    std::map<std::string, std::vector<InternalNote>> internal_notes;  // by incident, oldest first
    std::int64_t revision = 0;
  };
  FakeStore(const Clock& clock, std::shared_ptr<State> state)
      : clock_(clock), state_(std::move(state)) {}
  // REQUIRES: s.mutex held. Applies one status change; true when something changed.
  static Result<bool> apply_status(State& s, const ComponentStatusSet& change, Instant at);

  const Clock& clock_;
  std::shared_ptr<State> state_;
};

}  // namespace pharos::testing
