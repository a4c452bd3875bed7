#pragma once
// Storage for access control: users (with a role and an Argon2id password hash), API tokens
// (only their hashes) and the audit log. A separate interface from Store, used by the manage
// module and the CLI. Hashing happens in the caller (manage/auth_service.h): this module never
// sees a password or a token in clear.
//
// Contract (as for Store): each public method is one transaction; methods are thread-safe;
// instants are UTC milliseconds. Every method that changes a user or a token takes the audit
// entry that describes the change and writes it in the same transaction, so the log never misses
// a change and never records one that did not happen.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace pharos {

// What a user may do: viewer reads, responder also changes incidents and components, admin also
// manages users and tokens. Ordered: a higher role includes the lower ones.
enum class Role { kViewer = 0, kResponder = 1, kAdmin = 2 };
std::string_view to_string(Role r);
std::optional<Role> parse_role(std::string_view s);

// What a token may do, ordered the same way: read ⊂ write ⊂ admin.
enum class Scope { kRead = 0, kWrite = 1, kAdmin = 2 };
std::string_view to_string(Scope s);
std::optional<Scope> parse_scope(std::string_view s);

struct User {
  std::string id;
  std::string name;  // unique, [a-z0-9._-], 1–64 chars
  Role role = Role::kViewer;
  std::string password_hash;  // crypto_pwhash_str output (Argon2id); never the password
  Instant created_at{};
  // The pages (config `pages:` slugs; "" the main page) this user may read, and nothing else:
  // its sessions open only those private pages and not the admin UI, its tokens read only those
  // pages. Empty: a user of the admin UI, as before (every page). Never an admin's.
  std::vector<std::string> pages{};
};

struct ApiToken {
  std::string id;
  std::string user_id;
  std::string label;  // what the token is for, free text
  std::string hint;   // the first characters of the token, to recognise it in lists
  std::string hash;   // hex SHA-256 of the token; never the token
  std::vector<Scope> scopes;
  // The slugs of the pages (config `pages:`; "" the main page) whose private content it may
  // read; empty: every page. Management API rights do not depend on it.
  std::vector<std::string> pages;
  Instant created_at{};
  std::optional<Instant> expires_at;
  std::optional<Instant> revoked_at;
};

// One change: who made it, when, what, and the thing before and after (JSON text; empty when
// it did not exist before / no longer exists after).
struct AuditEntry {
  std::int64_t seq = 0;  // assigned by the store, increasing
  Instant at{};
  std::string actor;   // "user:<name>", "cli:<login>"
  std::string action;  // "user.add", "token.create", "incident.create", …
  std::string target;  // the id of the thing changed
  std::string before;
  std::string after;
};

class AuthStore {
 public:
  virtual ~AuthStore() = default;

  // ---- users ----
  // kAlreadyExists when the name is taken.
  virtual Result<void> add_user(const User& user, const AuditEntry& audit) = 0;
  virtual Result<std::vector<User>> list_users() = 0;  // by name
  virtual Result<std::optional<User>> find_user(const std::string& id) = 0;
  virtual Result<std::optional<User>> find_user_by_name(const std::string& name) = 0;
  // Removes the user and deletes its tokens. kNotFound when unknown; kConflict when it is the
  // last admin (nobody could manage users any more).
  virtual Result<void> remove_user(const std::string& id, const AuditEntry& audit) = 0;

  // ---- API tokens ----
  virtual Result<void> add_token(const ApiToken& token, const AuditEntry& audit) = 0;
  // All tokens, or those of one user; newest first.
  virtual Result<std::vector<ApiToken>> list_tokens(const std::optional<std::string>& user_id) = 0;
  virtual Result<std::optional<ApiToken>> find_token(const std::string& id) = 0;
  virtual Result<std::optional<ApiToken>> find_token_by_hash(const std::string& hash) = 0;
  // Marks the token revoked at `at`. kNotFound when unknown; revoking twice keeps the first time.
  virtual Result<void> revoke_token(const std::string& id, Instant at, const AuditEntry& audit) = 0;

  // ---- audit log ----
  // For changes stored elsewhere (incidents, components): written after the change committed.
  virtual Result<void> append_audit(const AuditEntry& entry) = 0;
  // Newest first.
  virtual Result<std::vector<AuditEntry>> list_audit(std::size_t limit, std::size_t offset) = 0;
};

// Opens the auth store on the database named by `url` (as open_store), migrating it. It uses
// its own connection, so it can run beside a Store on the same file.
Result<std::unique_ptr<AuthStore>> open_auth_store(const std::string& url);

}  // namespace pharos
