#pragma once
// The AuthStore on an SQL database: users, API tokens (hashed) and the audit log.
#include <memory>
#include <string>

#include "storage/auth_store.h"
#include "storage/db/sql.h"

namespace pharos::sql {

class SqlAuthStore final : public AuthStore {
 public:
  // `db` is migrated already.
  explicit SqlAuthStore(std::unique_ptr<db::Database> db) : db_(std::move(db)) {}

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
  std::unique_ptr<db::Database> db_;
};

}  // namespace pharos::sql
