#pragma once
// A Store that passes every call to another: the base of the decorators that change a few calls
// and pass the rest through (FencedStore, vendor_status's AttributedStore), so each states only
// what it changes and a method added to Store is forwarded in one place.
#include "storage/store.h"

namespace pharos {

class ForwardingStore : public Store {
 public:
  // `inner` must outlive this.
  explicit ForwardingStore(Store& inner) : inner_(inner) {}

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
    return inner_.set_component_status(change);
  }
  Result<std::vector<StatusSpan>> component_history(const std::string& id, Instant from,
                                                    Instant to) override {
    return inner_.component_history(id, from, to);
  }
  Result<std::int64_t> save_incident(const IncidentWrite& write) override {
    return inner_.save_incident(write);
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

 protected:
  Store& inner_;
};

}  // namespace pharos
