// SQL persistence of users, API tokens and the audit log. Each change and its audit entry
// commit together.
#include "storage/sql/sql_auth.h"

#include "storage/sql/codec.h"

namespace pharos::sql {

using db::Connection;
using db::Row;
using db::Statement;

namespace {

constexpr const char* kUserColumns =
    "SELECT id, name, role, password_hash, created_at, pages FROM users ";
constexpr const char* kTokenColumns =
    "SELECT id, user_id, label, hint, hash, scopes, created_at, expires_at, revoked_at, pages "
    "FROM api_tokens ";

// Pages are stored as a list with the main page as "-": a list item cannot be empty.
std::vector<std::string> read_pages(const std::string& text) {
  std::vector<std::string> out;
  for (auto& page : split_list(text)) out.push_back(page == "-" ? "" : page);
  return out;
}

std::string write_pages(const std::vector<std::string>& pages) {
  std::vector<std::string> items;
  for (const auto& page : pages) items.push_back(page.empty() ? "-" : page);
  return join_list(items);
}

User read_user(const Row& q) {
  User u;
  u.id = q.text(0);
  u.name = q.text(1);
  u.role = parse_role(q.text(2)).value_or(Role::kViewer);
  u.password_hash = q.text(3);
  u.created_at = from_millis(q.int64(4));
  u.pages = read_pages(q.text(5));
  return u;
}

std::string join_scopes(const std::vector<Scope>& scopes) {
  std::vector<std::string> names;
  names.reserve(scopes.size());
  for (Scope s : scopes) names.emplace_back(to_string(s));
  return join_list(names);
}

ApiToken read_token(const Row& q) {
  ApiToken t;
  read_columns(q, 0, t.id, t.user_id, t.label, t.hint, t.hash);
  for (const auto& name : split_list(q.text(5))) {
    if (auto scope = parse_scope(name)) t.scopes.push_back(*scope);
  }
  read_columns(q, 6, t.created_at, t.expires_at, t.revoked_at);
  t.pages = read_pages(q.text(9));
  return t;
}

// REQUIRES: a write transaction open on `c`.
Result<void> write_audit(Connection& c, const AuditEntry& e) {
  Statement q(c,
              "INSERT INTO audit_log (at, actor, action, target, before, after) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  q.bind(1, to_millis(e.at)).bind(2, e.actor).bind(3, e.action).bind(4, e.target);
  q.bind(5, e.before).bind(6, e.after);
  return q.run();
}

Result<std::optional<User>> user_where(Connection& c, const char* column,
                                       const std::string& value) {
  return find_by_key(c, std::string(kUserColumns) + "WHERE " + column + " = ?1", value, read_user);
}

Result<std::optional<ApiToken>> token_where(Connection& c, const char* column,
                                            const std::string& value) {
  return find_by_key(c, std::string(kTokenColumns) + "WHERE " + column + " = ?1", value,
                     read_token);
}

}  // namespace

Result<void> SqlAuthStore::add_user(const User& u, const AuditEntry& audit) {
  return db_->write([&](Connection& c) -> Result<void> {
    auto taken = user_where(c, "name", u.name);
    if (!taken) return taken.error();
    if (*taken) {
      return Error{ErrorCode::kAlreadyExists, "a user named '" + u.name + "' exists", "name"};
    }
    Statement q(c,
                "INSERT INTO users (id, name, role, password_hash, created_at, pages) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    q.bind(1, u.id).bind(2, u.name).bind(3, to_string(u.role)).bind(4, u.password_hash);
    q.bind(5, to_millis(u.created_at)).bind(6, write_pages(u.pages));
    PHAROS_TRY(q.run());
    return write_audit(c, audit);
  });
}

Result<std::vector<User>> SqlAuthStore::list_users() {
  return db_->read([](Connection& c) {
    return Statement(c, std::string(kUserColumns) + "ORDER BY name").collect(read_user);
  });
}

Result<std::optional<User>> SqlAuthStore::find_user(const std::string& id) {
  return db_->read([&](Connection& c) { return user_where(c, "id", id); });
}

Result<std::optional<User>> SqlAuthStore::find_user_by_name(const std::string& name) {
  return db_->read([&](Connection& c) { return user_where(c, "name", name); });
}

Result<void> SqlAuthStore::remove_user(const std::string& id, const AuditEntry& audit) {
  return db_->write([&](Connection& c) -> Result<void> {
    auto user = user_where(c, "id", id);
    if (!user) return user.error();
    if (!user->has_value()) return Error::not_found("no user with id '" + id + "'", "user");
    if ((*user)->role == Role::kAdmin) {
      auto admins = Statement(c, "SELECT COUNT(*) FROM users WHERE role = 'admin'").first_int64();
      if (!admins) return admins.error();
      if (admins->value_or(0) <= 1) {
        return Error::conflict("'" + (*user)->name + "' is the last admin; add another admin first",
                               "user");
      }
    }
    // Tokens go explicitly (not only by ON DELETE CASCADE), so this holds even where foreign
    // keys are off.
    PHAROS_TRY(run_by_key(c, "DELETE FROM api_tokens WHERE user_id = ?1", id));
    PHAROS_TRY(run_by_key(c, "DELETE FROM users WHERE id = ?1", id));
    return write_audit(c, audit);
  });
}

Result<void> SqlAuthStore::add_token(const ApiToken& t, const AuditEntry& audit) {
  return db_->write([&](Connection& c) -> Result<void> {
    auto user = user_where(c, "id", t.user_id);
    if (!user) return user.error();
    if (!user->has_value()) {
      return Error::not_found("no user with id '" + t.user_id + "'", "user");
    }
    Statement q(c,
                "INSERT INTO api_tokens (id, user_id, label, hint, hash, scopes, created_at, "
                "expires_at, revoked_at, pages) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    q.bind(1, t.id).bind(2, t.user_id).bind(3, t.label).bind(4, t.hint).bind(5, t.hash);
    q.bind(6, join_scopes(t.scopes)).bind(7, to_millis(t.created_at));
    q.bind(8, to_millis(t.expires_at)).bind(9, to_millis(t.revoked_at));
    q.bind(10, write_pages(t.pages));
    PHAROS_TRY(q.run());
    return write_audit(c, audit);
  });
}

Result<std::vector<ApiToken>> SqlAuthStore::list_tokens(const std::optional<std::string>& user_id) {
  std::string sql = std::string(kTokenColumns) + (user_id ? "WHERE user_id = ?1 " : "") +
                    "ORDER BY created_at DESC, id";
  return db_->read([&](Connection& c) {
    Statement q(c, sql);
    if (user_id) q.bind(1, *user_id);
    return q.collect(read_token);
  });
}

Result<std::optional<ApiToken>> SqlAuthStore::find_token(const std::string& id) {
  return db_->read([&](Connection& c) { return token_where(c, "id", id); });
}

Result<std::optional<ApiToken>> SqlAuthStore::find_token_by_hash(const std::string& hash) {
  return db_->read([&](Connection& c) { return token_where(c, "hash", hash); });
}

Result<void> SqlAuthStore::revoke_token(const std::string& id, Instant at,
                                        const AuditEntry& audit) {
  return db_->write([&](Connection& c) -> Result<void> {
    auto token = token_where(c, "id", id);
    if (!token) return token.error();
    if (!token->has_value()) return Error::not_found("no token with id '" + id + "'", "token");
    if ((*token)->revoked_at) return Ok();
    Statement q(c, "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1");
    q.bind(1, id).bind(2, to_millis(at));
    PHAROS_TRY(q.run());
    return write_audit(c, audit);
  });
}

Result<void> SqlAuthStore::append_audit(const AuditEntry& entry) {
  return db_->write([&](Connection& c) { return write_audit(c, entry); });
}

Result<std::vector<AuditEntry>> SqlAuthStore::list_audit(std::size_t limit, std::size_t offset) {
  return db_->read([&](Connection& c) {
    Statement q(c,
                "SELECT seq, at, actor, action, target, before, after FROM audit_log "
                "ORDER BY seq DESC LIMIT ?1 OFFSET ?2");
    q.bind(1, static_cast<std::int64_t>(limit)).bind(2, static_cast<std::int64_t>(offset));
    return q.collect([](const Row& r) {
      return AuditEntry{
          r.int64(0), from_millis(r.int64(1)), r.text(2), r.text(3), r.text(4), r.text(5),
          r.text(6)};
    });
  });
}

}  // namespace pharos::sql
