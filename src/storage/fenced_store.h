#pragma once
// A Store whose writes carry a WriteFence (store.h): what a lease holder writes through it
// happens only while it holds the lease. Several nodes run automation on one of them (the
// automation lease, docs/adr/0002); the Store it is given is this, so a node that stalled and
// lost the lease cannot open, update or resolve anything after another node took over. Reads
// pass through.
#include <functional>
#include <optional>

#include "storage/store.h"

namespace pharos {

class FencedStore final : public Store {
 public:
  // `fence` is asked at each write (a node's id changes when it rejoins); nullopt: unfenced.
  // `inner` must outlive this.
  FencedStore(Store& inner, std::function<std::optional<WriteFence>()> fence)
      : inner_(inner), fence_(std::move(fence)) {}

  Result<Page> load_page(const Page& defaults) override { return inner_.load_page(defaults); }
  Result<void> sync_catalog(const Page& page, const std::vector<ComponentGroup>& groups,
                            const std::vector<Component>& components) override {
    return inner_.sync_catalog(page, groups, components);
  }
  Result<std::vector<ComponentGroup>> list_groups() override { return inner_.list_groups(); }
  Result<std::vector<Component>> list_components() override { return inner_.list_components(); }
  Result<std::optional<Component>> find_component(const std::string& id) override {
    return inner_.find_component(id);
  }
  Result<void> set_component_status(const ComponentStatusSet& change) override {
    ComponentStatusSet fenced = change;
    fenced.fence = fence_();
    return inner_.set_component_status(fenced);
  }
  Result<std::vector<StatusSpan>> component_history(const std::string& id, Instant from,
                                                    Instant to) override {
    return inner_.component_history(id, from, to);
  }
  Result<std::int64_t> save_incident(const IncidentWrite& write) override {
    IncidentWrite fenced = write;
    fenced.fence = fence_();
    return inner_.save_incident(fenced);
  }
  Result<std::optional<Incident>> find_incident(const std::string& id) override {
    return inner_.find_incident(id);
  }
  Result<std::optional<Incident>> find_incident_by_fingerprint(
      const std::string& fingerprint) override {
    return inner_.find_incident_by_fingerprint(fingerprint);
  }
  Result<std::vector<Incident>> list_incidents(const IncidentQuery& query) override {
    return inner_.list_incidents(query);
  }
  Result<std::vector<InternalNote>> internal_notes(const std::string& incident_id) override {
    return inner_.internal_notes(incident_id);
  }
  Result<void> delete_incident(const std::string& id) override {
    return inner_.delete_incident(id);
  }
  Result<std::int64_t> revision() override { return inner_.revision(); }

 private:
  Store& inner_;
  std::function<std::optional<WriteFence>()> fence_;
};

}  // namespace pharos
