#pragma once
// Domain values → the management API's JSON (Statuspage's field names; times ISO-8601 UTC,
// absent values null, incident updates newest first as Statuspage returns them).
#include <boost/json.hpp>

#include "domain/model.h"
#include "storage/auth_store.h"

namespace pharos::manage {

boost::json::object incident_view(const Incident& incident);
boost::json::object component_view(const Component& component);
boost::json::object audit_view(const AuditEntry& entry);
// Users and tokens without their hashes; `active` says whether the token works at `now`.
boost::json::object user_view(const User& user);
boost::json::object token_view(const ApiToken& token, Instant now);

}  // namespace pharos::manage
