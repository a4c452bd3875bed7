#pragma once
// Domain values → JSON in Statuspage's shapes (field names and enum values as Statuspage's APIs
// use them; times ISO-8601; absent values null; incident updates newest first, as Statuspage
// returns them).
#include <boost/json.hpp>
#include <optional>

#include "core/time.h"
#include "domain/model.h"

namespace pharos::statuspage {

// "2021-03-22T19:22:00Z" (UTC, whole seconds: the management API's and the CLI's form), or null.
boost::json::value time_or_null(const std::optional<Instant>& at);
// "2021-12-07T09:06:43.178-07:00" (Statuspage's public form: the page's offset, millis), or null.
boost::json::value time_or_null(const std::optional<Instant>& at, const TimeZone& zone);

// The management API's incident: Statuspage's fields plus Pharos's own (kind, source,
// reopen_count, version, component_ids, probable_causes; per update reopened and author). Times
// in UTC. Also the before/after of every incident audit row.
boost::json::object incident_json(const Incident& incident);
// The management API's component (times in UTC); also the before/after of component audit rows.
boost::json::object component_json(const Component& component);

}  // namespace pharos::statuspage
