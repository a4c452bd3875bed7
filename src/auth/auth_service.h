#pragma once
// Users, API tokens and who-did-what, over an AuthStore: the one place that hashes passwords
// (Argon2id, libsodium's crypto_pwhash_str) and tokens (SHA-256), and that checks a Bearer token.
// Used by the CLI (`pharos user …`, `pharos token …`), the management API and the admin UI.
//
// Tokens: "phr_" + 43 characters (32 random bytes, URL-safe base64). The token is returned once
// by create_token and never stored; the store keeps its SHA-256 and its first 8 characters (the
// hint shown in lists). What a request may do is the lower of the token's scope and its user's
// role: a write token of a viewer can only read.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "storage/auth_store.h"

namespace pharos::auth {

// Who is making a request, once authenticated.
struct Principal {
  User user;
  std::string token_id;
  Scope scope = Scope::kRead;  // effective: min(token scope, role)
  // The pages it may read: the token's (ApiToken::pages), else its user's (User::pages); empty:
  // every page. A token of a user limited to pages names only some of the user's (create_token).
  std::vector<std::string> pages;
  // The audit actor: "user:<name>".
  std::string actor() const { return "user:" + user.name; }
};

struct NewUser {
  std::string name;  // [a-z0-9._-], 1–64 characters
  Role role = Role::kViewer;
  std::string password;  // 12–1024 characters; only its hash is kept
  // The only pages it may read (User::pages; slugs, "" the main page); empty: a user of the admin
  // UI. Not for an admin.
  std::vector<std::string> pages{};
};

struct NewToken {
  std::string user_name;
  std::string label;
  std::vector<Scope> scopes;          // at least one
  std::optional<Instant> expires_at;  // must be in the future; unset: never expires
  // Pages whose private content it may read (slugs, "" the main page); empty: every page.
  std::vector<std::string> pages{};
};

struct IssuedToken {
  ApiToken token;
  std::string secret;  // the token itself: show it once, then forget it
};

// A status page a user or a token may be limited to, as the CLI, the API and the admin UI offer
// them (from the config in force).
struct PageChoice {
  std::string slug;  // "" the main page
  std::string name;
  std::string path;  // where it is served: "/" for the main page, "/internal" for a page
};

// `requested` slugs checked against `known`; "main" (or "") names the main page. The slugs in
// order without duplicates ("" for the main page); kInvalidArgument naming `field` and the known
// slugs for an unknown one.
Result<std::vector<std::string>> resolve_pages(const std::vector<std::string>& requested,
                                               const std::vector<PageChoice>& known,
                                               const std::string& field);

// The most a role allows: viewer → read, responder → write, admin → admin.
Scope role_limit(Role role);
// A fresh random password (24 characters, URL-safe base64 of 18 random bytes).
std::string generate_password();
// The hex SHA-256 of a token, as stored.
std::string hash_token(std::string_view token);
// Parses "30d", "12h", "90m" or an ISO-8601 instant into an expiry after `now`.
Result<Instant> parse_expiry(std::string_view text, Instant now);

class AuthService {
 public:
  // `store` and `clock` must outlive the service.
  AuthService(AuthStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Every problem of `request` at once (field "name", "password"), so a form can show them
  // all; empty when add_user would accept it (short of a taken name).
  static std::vector<Error> new_user_problems(const NewUser& request);
  // Errors: kInvalidArgument (the first of new_user_problems), kAlreadyExists.
  Result<User> add_user(const NewUser& request, const std::string& actor);
  Result<std::vector<User>> list_users();
  // Removes the user and its tokens. Errors: kNotFound, kConflict for the last admin.
  Result<void> remove_user(const std::string& name, const std::string& actor);
  // The user when the password is right; kUnauthenticated otherwise (same message either way).
  Result<User> verify_password(const std::string& name, const std::string& password);

  // Errors: kNotFound (field "user"), kInvalidArgument ("scopes", "expires_at").
  Result<IssuedToken> create_token(const NewToken& request, const std::string& actor);
  // All tokens, or one user's (kNotFound when that user is unknown).
  Result<std::vector<ApiToken>> list_tokens(const std::optional<std::string>& user_name);
  Result<void> revoke_token(const std::string& id, const std::string& actor);

  // Checks an Authorization header value ("Bearer phr_…"). kUnauthenticated when missing,
  // malformed, unknown, revoked or expired, with one message that does not say which.
  Result<Principal> authenticate(std::string_view authorization);

  // Audits a change made elsewhere (an incident, a component), after it committed.
  Result<void> record(const std::string& actor, const std::string& action,
                      const std::string& target, std::string before, std::string after);
  Result<std::vector<AuditEntry>> audit_log(std::size_t limit, std::size_t offset);

 private:
  AuditEntry entry(const std::string& actor, const std::string& action, const std::string& target,
                   std::string before, std::string after) const;

  AuthStore& store_;
  const Clock& clock_;
};

}  // namespace pharos::auth
