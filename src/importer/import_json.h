#pragma once
// The `pharos import --dry-run --json` line for one incident, exactly the interface contract:
// {"vendor","title","impact","status","started_at","resolved_at","duration_seconds",
//  "components":[…],"updates":[{"status","at","body"}…],"postmortem","source_url",
//  "postmortem_at","reader","confidence":{field: 0..1}}
// Times ISO-8601 UTC ("2021-03-22T19:22:00Z"), updates oldest first, absent values null.
#include <boost/json.hpp>

#include "importer/imported_incident.h"

namespace pharos::importer {

boost::json::object to_json(const ImportedIncident& incident);

}  // namespace pharos::importer
