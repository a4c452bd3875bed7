#pragma once
// The SQLite AuthStore: users, API tokens (hashed) and the audit log, on its own connection.
#include <memory>
#include <mutex>
#include <string>

#include "storage/auth_store.h"
#include "storage/sqlite/db.h"

namespace pharos::sqlite {

class SqliteAuthStore final : public AuthStore {
 public:
  // Opens `path` (creating it) and applies migrations.
  static Result<std::unique_ptr<SqliteAuthStore>> open(const std::string& path);

  Result<void> add_user(const User& user, const AuditEntry& audit) override;
  Result<std::vector<User>> list_users() override;
  Result<std::optional<User>> find_user(const std::string& id) override;
  Result<std::optional<User>> find_user_by_name(const std::string& name) override;
  Result<void> remove_user(const std::string& id, const AuditEntry& audit) override;

  Result<void> add_token(const ApiToken& token, const AuditEntry& audit) override;
  Result<std::vector<ApiToken>> list_tokens(const std::optional<std::string>& user_id) override;
  Result<std::optional<ApiToken>> find_token(const std::string& id) override;
  Result<std::optional<ApiToken>> find_token_by_hash(const std::string& hash) override;
  Result<void> revoke_token(const std::string& id, Instant at, const AuditEntry& audit) override;

  Result<void> append_audit(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> list_audit(std::size_t limit, std::size_t offset) override;

 private:
  explicit SqliteAuthStore(std::unique_ptr<Connection> db) : db_(std::move(db)) {}
  // REQUIRES: mu_ held.
  Result<std::optional<User>> user_where(const char* column, const std::string& value);
  Result<std::optional<ApiToken>> token_where(const char* column, const std::string& value);
  // REQUIRES: mu_ held and a transaction open.
  Result<void> write_audit(const AuditEntry& entry);

  std::mutex mu_;
  std::unique_ptr<Connection> db_;  // GUARDED_BY(mu_)
};

}  // namespace pharos::sqlite
