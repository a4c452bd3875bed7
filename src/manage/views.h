#pragma once
// Access values → the management API's JSON (incidents and components: statuspage/json.h).
#include <boost/json.hpp>

#include "domain/model.h"
#include "storage/auth_store.h"

namespace pharos::manage {

boost::json::object audit_view(const AuditEntry& entry);
// Users and tokens without their hashes; `active` says whether the token works at `now`.
boost::json::object user_view(const User& user);
boost::json::object token_view(const ApiToken& token, Instant now);

}  // namespace pharos::manage
