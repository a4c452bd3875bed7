#pragma once
// Users and API tokens (without their hashes) and audit entries as JSON: the one form the
// management API, the CLI's --json and the audit rows of AuthService share. Times ISO-8601 UTC,
// absent ones null.
#include <boost/json.hpp>

#include "core/time.h"
#include "storage/auth_store.h"

namespace pharos::auth {

// {id, name, role, created_at}
boost::json::object user_json(const User& user);
// {id, user_id, label, hint, scopes, created_at, expires_at, revoked_at}
boost::json::object token_json(const ApiToken& token);
// token_json plus "active": whether the token works at `now` (neither revoked nor expired).
boost::json::object token_json(const ApiToken& token, Instant now);
// {seq, at, actor, action, target, before, after}; before/after are the JSON texts as stored.
boost::json::object audit_json(const AuditEntry& entry);

}  // namespace pharos::auth
