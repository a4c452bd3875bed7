#pragma once
// The Store the vendor poller writes through: every call passes to the real store, and each
// saved incident is recorded in a VendorWriteLog under its vendor with the revision it made
// (write_log.h), so the site can tell which vendors a change touched. Reads pass through.
#include "storage/forwarding_store.h"
#include "vendor_status/write_log.h"

namespace pharos::vendor_status {

class AttributedStore final : public ForwardingStore {
 public:
  // `inner` and `log` must outlive this.
  AttributedStore(Store& inner, VendorWriteLog& log) : ForwardingStore(inner), log_(log) {}

  Result<std::int64_t> save_incident(const IncidentWrite& write) override {
    auto before = inner_.revision();
    auto saved = inner_.save_incident(write);
    if (saved && before && write.incident.source == IncidentSource::kVendor) {
      if (auto after = inner_.revision()) log_.saved(write.incident.vendor, *before, *after);
    }
    return saved;
  }

 private:
  VendorWriteLog& log_;
};

}  // namespace pharos::vendor_status
