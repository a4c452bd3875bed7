#pragma once
// What a vendor's status document says: the URL to poll for a spec, and the reading of one
// response body into incidents (through the importer's Statuspage JSON and feed parsers).
// Pure: no I/O, no clock beyond the `now` passed in.
#include <string>
#include <string_view>
#include <vector>

#include "config/vendor_spec.h"
#include "core/result.h"
#include "importer/imported_incident.h"

namespace pharos::vendor_status {

// The document polled for `spec`: the URL itself when it names a document (…/x.json, .atom,
// .rss, .xml), else for statuspage/auto <url>/api/v2/incidents.json (it keeps resolved incidents,
// which summary.json drops), for atom <url>/history.atom, for rss <url>/history.rss.
std::string document_url(const VendorSpec& spec);

struct VendorDocument {
  std::string kind;  // "Statuspage JSON", "Atom/RSS feed", "HTML status page"
  std::vector<importer::ImportedIncident> incidents;  // vendor = the spec's slug
};

// Reads `body` as the spec's format (auto: JSON object → Statuspage, XML feed → Atom/RSS, HTML →
// the importer's page layouts, importer.h; HTML it cannot read is an error adding its reason).
// Errors are kInvalidArgument whose message is the health reason shown for the vendor, e.g.
// "not Statuspage JSON: the response is HTML (<!DOCTYPE html>…)", "not Statuspage JSON: invalid
// JSON: incomplete JSON at line 3", "times in the future: 'Outage' starts 2031-01-01T00:00:00Z".
// A document whose times lie more than an hour ahead of `now` is rejected whole.
Result<VendorDocument> read_document(std::string_view body, const VendorSpec& spec, Instant now);

}  // namespace pharos::vendor_status
