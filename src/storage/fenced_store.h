#pragma once
// A Store whose writes carry a WriteFence (store.h): what a lease holder writes through it
// happens only while it holds the lease. Several nodes run automation on one of them (the
// automation lease, docs/adr/0002); the Store it is given is this, so a node that stalled and
// lost the lease cannot open, update or resolve anything after another node took over. Reads
// pass through.
#include <functional>
#include <optional>

#include "storage/forwarding_store.h"

namespace pharos {

class FencedStore final : public ForwardingStore {
 public:
  // `fence` is asked at each write (a node's id changes when it rejoins); nullopt: unfenced.
  // `inner` must outlive this.
  FencedStore(Store& inner, std::function<std::optional<WriteFence>()> fence)
      : ForwardingStore(inner), fence_(std::move(fence)) {}

  Result<void> set_component_status(const ComponentStatusSet& change) override {
    ComponentStatusSet fenced = change;
    fenced.fence = fence_();
    return inner_.set_component_status(fenced);
  }
  Result<std::int64_t> save_incident(const IncidentWrite& write) override {
    IncidentWrite fenced = write;
    fenced.fence = fence_();
    return inner_.save_incident(fenced);
  }

 private:
  std::function<std::optional<WriteFence>()> fence_;
};

}  // namespace pharos
