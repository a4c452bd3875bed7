#pragma once
// A vendor's component statuses from its status document. Pure: no I/O.
//
// Statuspage v2 summary.json / components.json (and incident.io's Statuspage-compatible copy):
//   {"components": [{"id": "g1", "name": "Edge", "group": true, …},
//                   {"id": "c1", "name": "CDN", "status": "partial_outage", "group_id": "g1",
//                    "updated_at": "2024-06-01T12:01:00Z"}, …]}
//   → CDN partial_outage, group "Edge", vendor_updated_at 12:01 (groups themselves are not listed)
// Instatus components (`/v2/components.json`, UPPERCASE statuses) read the same way:
//   MAJOROUTAGE → major_outage, MINOROUTAGE → partial_outage, UNDERMAINTENANCE → under_maintenance.
// incident.io's widget vocabulary "full_outage" reads as major_outage.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/vendor_spec.h"
#include "core/result.h"
#include "storage/vendor_store.h"

namespace pharos::vendor_status {

// The vendor's component status word in any of the formats' vocabularies; nullopt when unknown.
std::optional<ComponentStatus> parse_vendor_component_status(std::string_view word);

// nullopt when `body` is not a JSON object with a "components" array (a history feed, an
// incidents.json); else the components the spec lists (all when it lists none), in the vendor's
// order. kInvalidArgument naming the JSON pointer for a component without name or known status.
Result<std::optional<std::vector<VendorComponentStatus>>> read_components(std::string_view body,
                                                                          const VendorSpec& spec);

// Where a vendor publishes its component statuses when the polled document does not carry them:
// <page>/api/v2/summary.json for a Statuspage-style page URL or incidents.json document; empty
// for feeds and for document URLs of other shapes.
std::string components_url(const VendorSpec& spec, const std::string& document_url);

}  // namespace pharos::vendor_status
