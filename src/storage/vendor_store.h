#pragma once
// Storage for the vendor poller's own state, beside the vendor incidents (those live in the
// ordinary incidents tables through Store, source = vendor). Two things survive a restart here:
//
//  * the poll state of each vendor: the validators of the last document read (ETag,
//    Last-Modified) and its health (state, reason, "unreachable since"), so a restarted server
//    sends a conditional request instead of re-reading every page, and shows the same health;
//  * the vendor's component statuses as last read, with when Pharos saw each one change.
//
// Worked scenario (vendor "acme", component "CDN"):
//   12:00 first read: CDN operational     → replace_components: CDN added (no change reported:
//                                            nothing to compare with), changed_at 12:00
//   12:02 read: CDN partial_outage        → change reported {CDN, operational → partial_outage},
//                                            changed_at 12:02, vendor_updated_at the vendor's time
//   12:04 read: CDN partial_outage        → nothing reported, changed_at stays 12:02
//   restart, 12:06 read: CDN operational  → change reported {partial_outage → operational}
// A component the vendor stops listing is removed from the current statuses.
//
// Contract (as for Store): each method is one transaction; methods are thread-safe; instants
// are UTC milliseconds. Other modules (incident automation, notifications) may read
// vendor_components() to see whether a vendor component a local one depends on is down.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "domain/status.h"

namespace pharos {

// What the poller knows about one vendor between polls.
struct VendorPollState {
  std::string slug;
  std::string url;   // the document the validators belong to; another URL drops them
  std::string etag;  // of the last document read and stored
  std::string last_modified;
  std::string state;   // vendor_status::VendorState as text: "pending", "ok", "unreachable", …
  std::string reason;  // why not ok
  std::optional<Instant> error_since;
  std::optional<Instant> last_attempt;
  std::optional<Instant> last_success;
  int consecutive_failures = 0;
  std::string document_kind;        // "Statuspage JSON", …
  std::int64_t open_incidents = 0;  // unresolved incidents in the last document read
};

// One of a vendor's components, as the vendor's page last showed it.
struct VendorComponentStatus {
  std::string slug;          // the vendor
  std::string component_id;  // the vendor's id; the name when the format has none
  std::string name;          // as the vendor spells it; what `vendor:<slug>/<component>` names
  std::string group;         // the vendor's group name, empty when none
  ComponentStatus status = ComponentStatus::kOperational;
  std::optional<Instant> vendor_updated_at;  // the vendor's own time for the status
  Instant changed_at{};                      // when Pharos first saw this status
};

// A component whose status differs from the stored one.
struct VendorComponentChange {
  std::string slug;
  std::string component_id;
  std::string name;
  ComponentStatus from = ComponentStatus::kOperational;
  ComponentStatus to = ComponentStatus::kOperational;
  Instant at{};  // when Pharos saw it
};

class VendorStore {
 public:
  virtual ~VendorStore() = default;

  // Every vendor's stored poll state (any order). Vendors never polled are absent.
  virtual Result<std::vector<VendorPollState>> poll_states() = 0;
  // Inserts or replaces the poll state of state.slug.
  virtual Result<void> save_poll_state(const VendorPollState& state) = 0;

  // The vendor's components as last read, in the vendor's order. Empty for an unknown vendor or
  // one whose format has no components (feeds).
  virtual Result<std::vector<VendorComponentStatus>> vendor_components(const std::string& slug) = 0;
  // Replaces the vendor's current components with `current` (changed_at of each is ignored:
  // kept from the stored row when the status is unchanged, else `now`). Returns the status
  // changes of components already stored; a first read reports none.
  virtual Result<std::vector<VendorComponentChange>> replace_components(
      const std::string& slug, const std::vector<VendorComponentStatus>& current, Instant now) = 0;
};

// The vendor tables of the database named by `url` (as open_store), on a connection (pool) of
// its own, migrations applied.
Result<std::unique_ptr<VendorStore>> open_vendor_store(const std::string& url);

}  // namespace pharos
