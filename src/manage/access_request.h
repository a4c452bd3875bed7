#pragma once
// Management API bodies for users and tokens → typed requests, validated like the incident
// bodies (unknown fields refused, errors name the field: "user.role", "token.scopes").
#include <string_view>

#include "auth/auth_service.h"
#include "core/clock.h"

namespace pharos::manage {

// POST /users: {"user":{"name","role","password","pages"}}; role defaults to viewer. `pages`
// (slugs, "main" the main page) as given: the route checks them against the configured pages.
Result<auth::NewUser> parse_new_user(std::string_view body);
// POST /tokens: {"token":{"user","label","scopes":[…],"expires_at","pages"}}; expires_at is
// ISO-8601 or a duration ("30d"), after `now`; pages as for users.
Result<auth::NewToken> parse_new_token(std::string_view body, Instant now);

}  // namespace pharos::manage
