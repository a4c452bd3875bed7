#pragma once
// From an ImportedIncident to a domain Incident (a value; storing it is the caller's job:
// `record_external_incident` in incident/external_incident.h merges by fingerprint).
//
// The incident gets source = imported, the vendor, `external_components` = the page's component
// names, `source_url`, `detected_at` ("Detected by"), the post-mortem, and a fingerprint of vendor
// + title + start, so importing the same report twice finds the same stored incident.
#include <string>

#include "core/result.h"
#include "domain/model.h"
#include "importer/imported_incident.h"

namespace pharos::importer {

// "vendor|title|2021-03-22T19:22:00Z"; empty vendor when unknown.
std::string fingerprint(const ImportedIncident& incident);

// The title to store: the page's, else "<vendor> incident on YYYY-MM-DD" (a page without one).
std::string stored_title(const ImportedIncident& incident);

// A new domain incident (fresh ids; created_at = now). Updates without a time on the page are
// shown at the nearest known time (start for the first, resolution for the resolving one, else the
// previous update's). Errors: no start time at all.
Result<Incident> to_domain(const ImportedIncident& incident, Instant now);

}  // namespace pharos::importer
