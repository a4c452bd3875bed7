#pragma once
// Internal to the poller (poller.cpp, poller_nodes.cpp): its state of one vendor.
#include <optional>
#include <string>

#include "vendor_status/poller.h"

namespace pharos::vendor_status {

// Polling-thread state of one vendor; `health` is also read by other threads under mu_.
struct VendorPoller::Vendor {
  VendorSpec spec;
  std::string url;
  std::string etag;  // of the last answer that was read and stored
  std::string last_modified;
  bool in_flight = false;
  Instant scheduled{};  // the time of its live entry on the poller's due-time heap
  // Component statuses, when the polled document has none: fetched right after it, conditionally.
  std::string components_url;  // empty: none to fetch (feeds, or the document carries them)
  std::string components_etag;
  std::string components_last_modified;
  bool components_missing = false;       // answered 404: not asked again until a restart
  VendorHealth health;                   // GUARDED_BY(mu_)
  std::size_t published_open = 0;        // open_incidents when generation_ was last bumped
  std::optional<VendorPollState> saved;  // what the VendorStore holds
  // Several nodes: this node polls it (holds its lease); the others show what the store says.
  bool owned = true;
};

}  // namespace pharos::vendor_status
