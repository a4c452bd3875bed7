#pragma once
// The Store the vendor poller writes through: every call passes to the real store, and each
// saved incident is recorded in a VendorWriteLog under its vendor with the revision it made
// (write_log.h), so the site can tell which vendors a change touched. Reads pass through.
#include "storage/store.h"
#include "vendor_status/write_log.h"

namespace pharos::vendor_status {

class AttributedStore final : public Store {
 public:
  // `inner` and `log` must outlive this.
  AttributedStore(Store& inner, VendorWriteLog& log) : inner_(inner), log_(log) {}

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
    auto before = inner_.revision();
    auto saved = inner_.save_incident(write);
    if (saved && before && write.incident.source == IncidentSource::kVendor) {
      if (auto after = inner_.revision()) log_.saved(write.incident.vendor, *before, *after);
    }
    return saved;
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
  VendorWriteLog& log_;
};

}  // namespace pharos::vendor_status
