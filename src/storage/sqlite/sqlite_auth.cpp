// SQLite persistence of users, API tokens and the audit log. Each change and its audit entry
// commit together.
#include "storage/sqlite/sqlite_auth.h"

#include "storage/sqlite/codec.h"
#include "storage/sqlite/migrations.h"

namespace pharos::sqlite {
namespace {

constexpr const char* kUserColumns = "SELECT id, name, role, password_hash, created_at FROM users ";
constexpr const char* kTokenColumns =
    "SELECT id, user_id, label, hint, hash, scopes, created_at, expires_at, revoked_at "
    "FROM api_tokens ";

User read_user(const Statement& q) {
  User u;
  u.id = q.text(0);
  u.name = q.text(1);
  u.role = parse_role(q.text(2)).value_or(Role::kViewer);
  u.password_hash = q.text(3);
  u.created_at = from_millis(q.int64(4));
  return u;
}

std::string join_scopes(const std::vector<Scope>& scopes) {
  std::vector<std::string> names;
  for (Scope s : scopes) names.emplace_back(to_string(s));
  return join_list(names);
}

ApiToken read_token(const Statement& q) {
  ApiToken t;
  t.id = q.text(0);
  t.user_id = q.text(1);
  t.label = q.text(2);
  t.hint = q.text(3);
  t.hash = q.text(4);
  for (const auto& name : split_list(q.text(5))) {
    if (auto scope = parse_scope(name)) t.scopes.push_back(*scope);
  }
  t.created_at = from_millis(q.int64(6));
  t.expires_at = from_millis(q.optional_int64(7));
  t.revoked_at = from_millis(q.optional_int64(8));
  return t;
}

}  // namespace

Result<std::unique_ptr<SqliteAuthStore>> SqliteAuthStore::open(const std::string& path) {
  auto conn = Connection::open(path);
  if (!conn) return conn.error();
  PHAROS_TRY(migrate(**conn));
  return std::unique_ptr<SqliteAuthStore>(new SqliteAuthStore(std::move(*conn)));
}

Result<void> SqliteAuthStore::write_audit(const AuditEntry& e) {
  Statement q(db_->handle(),
              "INSERT INTO audit_log (at, actor, action, target, before, after) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  q.bind(1, to_millis(e.at)).bind(2, e.actor).bind(3, e.action).bind(4, e.target);
  q.bind(5, e.before).bind(6, e.after);
  return q.run();
}

Result<void> SqliteAuthStore::add_user(const User& u, const AuditEntry& audit) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  if (!tx.begun()) return tx.begun().error();
  Statement taken(db_->handle(), "SELECT 1 FROM users WHERE name = ?1");
  taken.bind(1, u.name);
  if (taken.step()) {
    return Error{ErrorCode::kAlreadyExists, "a user named '" + u.name + "' exists", "name"};
  }
  Statement q(db_->handle(),
              "INSERT INTO users (id, name, role, password_hash, created_at) "
              "VALUES (?1, ?2, ?3, ?4, ?5)");
  q.bind(1, u.id).bind(2, u.name).bind(3, to_string(u.role)).bind(4, u.password_hash);
  q.bind(5, to_millis(u.created_at));
  PHAROS_TRY(q.run());
  PHAROS_TRY(write_audit(audit));
  return tx.commit();
}

Result<std::vector<User>> SqliteAuthStore::list_users() {
  std::lock_guard lock(mu_);
  Statement q(db_->handle(), std::string(kUserColumns) + "ORDER BY name");
  std::vector<User> out;
  while (q.step()) out.push_back(read_user(q));
  if (q.last_code() != SQLITE_DONE) return q.error();
  return out;
}

Result<std::optional<User>> SqliteAuthStore::user_where(const char* column,
                                                        const std::string& value) {
  Statement q(db_->handle(), std::string(kUserColumns) + "WHERE " + column + " = ?1");
  q.bind(1, value);
  if (q.step()) return std::optional<User>(read_user(q));
  if (q.last_code() != SQLITE_DONE) return q.error();
  return std::optional<User>();
}

Result<std::optional<User>> SqliteAuthStore::find_user(const std::string& id) {
  std::lock_guard lock(mu_);
  return user_where("id", id);
}

Result<std::optional<User>> SqliteAuthStore::find_user_by_name(const std::string& name) {
  std::lock_guard lock(mu_);
  return user_where("name", name);
}

Result<void> SqliteAuthStore::remove_user(const std::string& id, const AuditEntry& audit) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  if (!tx.begun()) return tx.begun().error();
  auto user = user_where("id", id);
  if (!user) return user.error();
  if (!user->has_value()) return Error::not_found("no user with id '" + id + "'", "user");
  if ((*user)->role == Role::kAdmin) {
    Statement admins(db_->handle(), "SELECT COUNT(*) FROM users WHERE role = 'admin'");
    if (!admins.step()) return admins.error();
    if (admins.int64(0) <= 1) {
      return Error::conflict("'" + (*user)->name + "' is the last admin; add another admin first",
                             "user");
    }
  }
  // Tokens go explicitly (not only by ON DELETE CASCADE), so this holds even where foreign keys
  // are off.
  Statement tokens(db_->handle(), "DELETE FROM api_tokens WHERE user_id = ?1");
  tokens.bind(1, id);
  PHAROS_TRY(tokens.run());
  Statement q(db_->handle(), "DELETE FROM users WHERE id = ?1");
  q.bind(1, id);
  PHAROS_TRY(q.run());
  PHAROS_TRY(write_audit(audit));
  return tx.commit();
}

Result<void> SqliteAuthStore::add_token(const ApiToken& t, const AuditEntry& audit) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  if (!tx.begun()) return tx.begun().error();
  auto user = user_where("id", t.user_id);
  if (!user) return user.error();
  if (!user->has_value()) return Error::not_found("no user with id '" + t.user_id + "'", "user");
  Statement q(db_->handle(),
              "INSERT INTO api_tokens (id, user_id, label, hint, hash, scopes, created_at, "
              "expires_at, revoked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  q.bind(1, t.id).bind(2, t.user_id).bind(3, t.label).bind(4, t.hint).bind(5, t.hash);
  q.bind(6, join_scopes(t.scopes)).bind(7, to_millis(t.created_at));
  q.bind(8, to_millis(t.expires_at)).bind(9, to_millis(t.revoked_at));
  PHAROS_TRY(q.run());
  PHAROS_TRY(write_audit(audit));
  return tx.commit();
}

Result<std::vector<ApiToken>> SqliteAuthStore::list_tokens(
    const std::optional<std::string>& user_id) {
  std::lock_guard lock(mu_);
  std::string sql = std::string(kTokenColumns) + (user_id ? "WHERE user_id = ?1 " : "") +
                    "ORDER BY created_at DESC, id";
  Statement q(db_->handle(), sql);
  if (user_id) q.bind(1, *user_id);
  std::vector<ApiToken> out;
  while (q.step()) out.push_back(read_token(q));
  if (q.last_code() != SQLITE_DONE) return q.error();
  return out;
}

Result<std::optional<ApiToken>> SqliteAuthStore::token_where(const char* column,
                                                             const std::string& value) {
  Statement q(db_->handle(), std::string(kTokenColumns) + "WHERE " + column + " = ?1");
  q.bind(1, value);
  if (q.step()) return std::optional<ApiToken>(read_token(q));
  if (q.last_code() != SQLITE_DONE) return q.error();
  return std::optional<ApiToken>();
}

Result<std::optional<ApiToken>> SqliteAuthStore::find_token(const std::string& id) {
  std::lock_guard lock(mu_);
  return token_where("id", id);
}

Result<std::optional<ApiToken>> SqliteAuthStore::find_token_by_hash(const std::string& hash) {
  std::lock_guard lock(mu_);
  return token_where("hash", hash);
}

Result<void> SqliteAuthStore::revoke_token(const std::string& id, Instant at,
                                           const AuditEntry& audit) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  if (!tx.begun()) return tx.begun().error();
  auto token = token_where("id", id);
  if (!token) return token.error();
  if (!token->has_value()) return Error::not_found("no token with id '" + id + "'", "token");
  if ((*token)->revoked_at) return Ok();
  Statement q(db_->handle(), "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1");
  q.bind(1, id).bind(2, to_millis(at));
  PHAROS_TRY(q.run());
  PHAROS_TRY(write_audit(audit));
  return tx.commit();
}

Result<void> SqliteAuthStore::append_audit(const AuditEntry& entry) {
  std::lock_guard lock(mu_);
  Transaction tx(*db_);
  if (!tx.begun()) return tx.begun().error();
  PHAROS_TRY(write_audit(entry));
  return tx.commit();
}

Result<std::vector<AuditEntry>> SqliteAuthStore::list_audit(std::size_t limit, std::size_t offset) {
  std::lock_guard lock(mu_);
  Statement q(db_->handle(),
              "SELECT seq, at, actor, action, target, before, after FROM audit_log "
              "ORDER BY seq DESC LIMIT ?1 OFFSET ?2");
  q.bind(1, static_cast<std::int64_t>(limit)).bind(2, static_cast<std::int64_t>(offset));
  std::vector<AuditEntry> out;
  while (q.step()) {
    out.push_back({q.int64(0), from_millis(q.int64(1)), q.text(2), q.text(3), q.text(4), q.text(5),
                   q.text(6)});
  }
  if (q.last_code() != SQLITE_DONE) return q.error();
  return out;
}

}  // namespace pharos::sqlite
