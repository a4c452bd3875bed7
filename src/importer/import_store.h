#pragma once
// From an ImportedIncident to a stored domain Incident.
//
// The incident gets source = imported, the vendor, `external_components` = the page's component
// names, `source_url`, `detected_at` ("Detected by"), the post-mortem, and a fingerprint of vendor
// + title + start. Storing is idempotent: an incident with the same fingerprint is merged, gaining
// only the updates it does not have yet (same status, time and body = the same update); importing
// the same report twice changes nothing.
#include <string>

#include "core/result.h"
#include "domain/model.h"
#include "importer/imported_incident.h"
#include "storage/store.h"

namespace pharos::importer {

// "vendor|title|2021-03-22T19:22:00Z"; empty vendor when unknown.
std::string fingerprint(const ImportedIncident& incident);

// The title to store: the page's, else "<vendor> incident on YYYY-MM-DD" (a page without one).
std::string stored_title(const ImportedIncident& incident);

// A new domain incident (fresh ids; created_at = now). Updates without a time on the page are
// shown at the nearest known time (start for the first, resolution for the resolving one, else the
// previous update's). Errors: no start time at all.
Result<Incident> to_domain(const ImportedIncident& incident, Instant now);

enum class StoreAction { kCreated, kUpdated, kUnchanged };
std::string_view to_string(StoreAction action);

struct StoreOutcome {
  StoreAction action = StoreAction::kUnchanged;
  std::string incident_id;
  size_t added_updates = 0;
};

// Creates or merges by fingerprint, one Store transaction. `store` is not retained.
Result<StoreOutcome> store_imported(Store& store, const ImportedIncident& incident, Instant now);

}  // namespace pharos::importer
