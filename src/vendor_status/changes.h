#pragma once
// Change detection: one fetched document compared with what is stored, written as vendor
// incidents. Worked scenario (vendor "acme", incident id "p1"):
//   15:00 poll: p1 appears (investigating, vendor time 14:58) → created: source vendor, vendor
//         "acme", fingerprint "vendor:acme:p1", detected_at 15:00, started_at 14:58 (the vendor's).
//   15:02 poll: same document → unchanged, nothing written.
//   15:04 poll: p1 has an "identified" update → updated: that one update appended.
//   15:10 poll: p1 resolved at 15:09 → updated: the update appended, status and resolved_at set.
//   restart, 15:12 poll: same document → unchanged (matched by fingerprint; detected_at stays
//   15:00).
// Incidents are never deleted: a vendor dropping one from its document leaves it stored.
//
// Instatus (format instatus) lists only its active incidents, without updates or update times, so
// each poll's incident carries one update worded by its status and timed at the poll; such updates
// match by status and text alone, and an incident the document stops listing is resolved by
// Pharos. Worked scenario (vendor "ins", incident "i1"):
//   10:00 poll: i1 INVESTIGATING         → created, update "Investigating …" at 10:00
//   10:02 poll: same                     → unchanged (same status and text; the time is ignored)
//   10:04 poll: i1 IDENTIFIED            → update "Identified …" at 10:04 appended
//   10:06 poll: i1 gone from the list    → resolved at 10:06, update "No longer listed by the
//                                          vendor: resolved as noticed by Pharos."
//   10:08 poll, or a restart then a poll → nothing: i1 is no longer open, never resolved twice
// Pharos's own component incidents (record_component_incidents) are never resolved this way.
#include <string>
#include <vector>

#include "config/vendor_spec.h"
#include "core/result.h"
#include "importer/imported_incident.h"
#include "storage/store.h"
#include "storage/vendor_store.h"

namespace pharos::vendor_status {

// The vendor's own id for the incident: the path segment after "/incidents/" in its page URL,
// else that URL, else "<title>|<start>" (a feed entry without a link).
std::string vendor_incident_key(const importer::ImportedIncident& incident);
// "vendor:<slug>:<key>": unique per vendor incident, stable across polls and restarts.
std::string vendor_fingerprint(const std::string& slug, const std::string& key);

// True when the spec lists no components, the incident names none, or they share one.
bool matters(const VendorSpec& spec, const importer::ImportedIncident& incident);

struct ChangeSummary {
  std::size_t created = 0;
  std::size_t updated = 0;  // gained updates, a resolution, or other new facts
  std::size_t unchanged = 0;
  std::size_t ignored = 0;  // only about components the spec does not list
  std::size_t added_updates = 0;
};

// Creates or merges each incident that matters, one Store transaction per incident (for Instatus
// then resolves the stored open ones the document no longer lists, see above). New
// incidents get detected_at = now; stored ones keep theirs. An incident the vendor shows as older
// than the stored one only contributes updates it lacks. Stops at the first store error.
Result<ChangeSummary> record_incidents(Store& store, const VendorSpec& spec,
                                       const std::vector<importer::ImportedIncident>& incidents,
                                       Instant now);

// Component statuses as vendor incidents, for a vendor that shows a component down without an
// incident about it (Statuspage pages often do for minutes, some never post one). Worked scenario
// (vendor "acme", spec components [CDN, DNS]):
//   12:00 CDN operational                         → nothing
//   12:02 CDN degraded_performance, no open vendor incident names CDN
//         → created "CDN: degraded performance" (source vendor, external_components [CDN],
//           detected_at 12:02, impact minor,
//           fingerprint "vendor:acme:component:CDN:<12:02 as epoch seconds>")
//   12:04 CDN major_outage                        → update appended, name "CDN: major outage",
//                                                   impact critical
//   restart, 12:06 CDN major_outage               → unchanged: the open one is found among the
//                                                   vendor's open incidents, not re-created
//   12:10 CDN operational                         → resolved at 12:10 with an update
//   12:30 CDN partial_outage again                → a new incident (another first-seen epoch)
// A component the spec does not list is ignored. While an open incident of the vendor's own names
// the component, no synthetic one is opened: that incident already says it. If the vendor opens
// one after ours, ours is left open and follows the component to its end: both are true records
// (when Pharos saw the component down, and what the vendor said about it), and resolving ours
// early would claim the component recovered when it had not. under_maintenance counts as not
// down: planned work is the vendor's maintenance record, not an outage. A synthetic incident
// whose component the vendor (or the spec) no longer lists is resolved with a note saying so.
std::string component_fingerprint_prefix(const std::string& slug, const std::string& component);

Result<ChangeSummary> record_component_incidents(
    Store& store, const VendorSpec& spec, const std::vector<VendorComponentStatus>& components,
    Instant now);

}  // namespace pharos::vendor_status
