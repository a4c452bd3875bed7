#include "auth/auth_service.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>

#include "auth/auth_json.h"
#include "core/duration.h"
#include "core/ids.h"
#include "core/log.h"

namespace pharos::auth {
namespace {

constexpr std::string_view kTokenPrefix = "phr_";
constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kHintLength = 8;
constexpr std::size_t kMinPassword = 12;
constexpr std::size_t kMaxPassword = 1024;

void ensure_sodium() {
  // sodium_init is idempotent and thread-safe; failing means no secure randomness at all.
  static const int kInit = sodium_init();
  if (kInit < 0) std::abort();
}

template <std::size_t N>
std::string random_text() {
  ensure_sodium();
  unsigned char raw[N];
  randombytes_buf(raw, sizeof raw);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_encoded_len(sizeof raw, kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), raw, sizeof raw, kVariant);
  encoded.resize(encoded.size() - 1);  // the terminating NUL
  sodium_memzero(raw, sizeof raw);
  return encoded;
}

std::string random_token() { return std::string(kTokenPrefix) + random_text<kTokenBytes>(); }

Result<std::string> hash_password(const std::string& password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::internal("out of memory hashing the password");
  }
  return std::string(out);
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

std::string user_text(const User& u) { return boost::json::serialize(user_json(u)); }
std::string token_text(const ApiToken& t) { return boost::json::serialize(token_json(t)); }

Error unauthenticated() {
  return {ErrorCode::kUnauthenticated, "a valid API token is required: Authorization: Bearer phr_…",
          "Authorization"};
}

}  // namespace

Scope role_limit(Role role) {
  switch (role) {
    case Role::kViewer:
      return Scope::kRead;
    case Role::kResponder:
      return Scope::kWrite;
    case Role::kAdmin:
      return Scope::kAdmin;
  }
  return Scope::kRead;
}

std::string generate_password() { return random_text<18>(); }

std::string hash_token(std::string_view token) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  std::string hex(sizeof digest * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
  hex.pop_back();
  return hex;
}

Result<Instant> parse_expiry(std::string_view text, Instant now) {
  Error bad =
      Error::invalid("use a duration like 30d, 12h or 90m, or an ISO-8601 time", "expires_at");
  // A duration counts from now; anything else must be an absolute time.
  if (auto duration = parse_duration(text); duration) {
    if (duration->count() <= 0 || *duration > std::chrono::hours(24 * 36500)) return bad;
    return now + *duration;
  }
  auto at = parse_iso8601(text);
  if (!at) return bad;
  if (*at <= now) return Error::invalid("the expiry must be in the future", "expires_at");
  return *at;
}

Result<std::vector<std::string>> resolve_pages(const std::vector<std::string>& requested,
                                               const std::vector<PageChoice>& known,
                                               const std::string& field) {
  std::vector<std::string> out;
  for (const auto& name : requested) {
    std::string slug = name == "main" ? std::string() : name;
    bool found = std::any_of(known.begin(), known.end(),
                             [&](const PageChoice& p) { return p.slug == slug; });
    if (!found) {
      std::string names;
      for (const auto& p : known)
        names += (names.empty() ? "" : ", ") + (p.slug.empty() ? std::string("main") : p.slug);
      return Error::invalid("no page '" + name + "' (pages: " + names + ")", field);
    }
    if (std::find(out.begin(), out.end(), slug) == out.end()) out.push_back(slug);
  }
  return out;
}

AuditEntry AuthService::entry(const std::string& actor, const std::string& action,
                              const std::string& target, std::string before,
                              std::string after) const {
  return {0, clock_.now(), actor, action, target, std::move(before), std::move(after)};
}

std::vector<Error> AuthService::new_user_problems(const NewUser& request) {
  std::vector<Error> problems;
  if (!valid_name(request.name)) {
    problems.push_back(Error::invalid("1–64 characters of a-z, 0-9, '.', '_' or '-'", "name"));
  }
  if (request.password.size() < kMinPassword || request.password.size() > kMaxPassword) {
    problems.push_back(Error::invalid("a password needs 12 to 1024 characters", "password"));
  }
  if (request.role == Role::kAdmin && !request.pages.empty()) {
    problems.push_back(Error::invalid(
        "an admin manages every page; limit a viewer or a responder to pages", "pages"));
  }
  return problems;
}

Result<User> AuthService::add_user(const NewUser& request, const std::string& actor) {
  if (auto problems = new_user_problems(request); !problems.empty()) return problems.front();
  auto hashed = hash_password(request.password);
  if (!hashed) return hashed.error();
  User user{new_id(), request.name, request.role, *hashed, clock_.now(), request.pages};
  PHAROS_TRY(store_.add_user(user, entry(actor, "user.add", user.id, "", user_text(user))));
  log::info("user.added", {log::kv("name", user.name), log::kv("role", to_string(user.role))});
  return user;
}

Result<std::vector<User>> AuthService::list_users() { return store_.list_users(); }

Result<void> AuthService::remove_user(const std::string& name, const std::string& actor) {
  auto user = store_.find_user_by_name(name);
  if (!user) return user.error();
  if (!user->has_value()) return Error::not_found("no user named '" + name + "'", "name");
  PHAROS_TRY(store_.remove_user((*user)->id,
                                entry(actor, "user.remove", (*user)->id, user_text(**user), "")));
  log::info("user.removed", {log::kv("name", name)});
  return Ok();
}

Result<User> AuthService::verify_password(const std::string& name, const std::string& password) {
  Error denied{ErrorCode::kUnauthenticated, "wrong user name or password", "password"};
  auto user = store_.find_user_by_name(name);
  if (!user) return user.error();
  if (!user->has_value()) return denied;
  ensure_sodium();
  if (crypto_pwhash_str_verify((*user)->password_hash.c_str(), password.data(), password.size()) !=
      0) {
    return denied;
  }
  return **user;
}

Result<IssuedToken> AuthService::create_token(const NewToken& request, const std::string& actor) {
  if (request.scopes.empty()) return Error::invalid("give at least one scope", "scopes");
  auto user = store_.find_user_by_name(request.user_name);
  if (!user) return user.error();
  if (!user->has_value()) {
    return Error::not_found("no user named '" + request.user_name + "'", "user");
  }
  Instant now = clock_.now();
  if (request.expires_at && *request.expires_at <= now) {
    return Error::invalid("the expiry must be in the future", "expires_at");
  }
  // A user limited to pages lends its tokens no more than those.
  const auto& mine = (*user)->pages;
  for (const auto& page : request.pages) {
    if (!mine.empty() && std::find(mine.begin(), mine.end(), page) == mine.end()) {
      return Error::invalid("'" + request.user_name + "' may not read the page '" +
                                (page.empty() ? std::string("main") : page) + "'",
                            "pages");
    }
  }
  IssuedToken issued;
  issued.secret = random_token();
  ApiToken& t = issued.token;
  t.id = new_id();
  t.user_id = (*user)->id;
  t.label = request.label;
  t.hint = issued.secret.substr(0, kTokenPrefix.size() + kHintLength);
  t.hash = hash_token(issued.secret);
  t.scopes = request.scopes;
  t.pages = request.pages;
  t.created_at = now;
  t.expires_at = request.expires_at;
  PHAROS_TRY(store_.add_token(t, entry(actor, "token.create", t.id, "", token_text(t))));
  log::info("token.created", {log::kv("id", t.id), log::kv("user", request.user_name)});
  return issued;
}

Result<std::vector<ApiToken>> AuthService::list_tokens(
    const std::optional<std::string>& user_name) {
  if (!user_name) return store_.list_tokens(std::nullopt);
  auto user = store_.find_user_by_name(*user_name);
  if (!user) return user.error();
  if (!user->has_value()) return Error::not_found("no user named '" + *user_name + "'", "user");
  return store_.list_tokens((*user)->id);
}

Result<void> AuthService::revoke_token(const std::string& id, const std::string& actor) {
  auto token = store_.find_token(id);
  if (!token) return token.error();
  if (!token->has_value()) return Error::not_found("no token with id '" + id + "'", "id");
  ApiToken after = **token;
  after.revoked_at = clock_.now();
  PHAROS_TRY(store_.revoke_token(
      id, *after.revoked_at,
      entry(actor, "token.revoke", id, token_text(**token), token_text(after))));
  log::info("token.revoked", {log::kv("id", id)});
  return Ok();
}

Result<Principal> AuthService::authenticate(std::string_view authorization) {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.substr(0, kBearer.size()) != kBearer) return unauthenticated();
  std::string_view secret = authorization.substr(kBearer.size());
  if (secret.substr(0, kTokenPrefix.size()) != kTokenPrefix || secret.size() > 128) {
    return unauthenticated();
  }
  auto token = store_.find_token_by_hash(hash_token(secret));
  if (!token) return token.error();
  if (!token->has_value()) return unauthenticated();
  const ApiToken& t = **token;
  if (t.revoked_at || (t.expires_at && *t.expires_at <= clock_.now())) return unauthenticated();
  auto user = store_.find_user(t.user_id);
  if (!user) return user.error();
  if (!user->has_value()) return unauthenticated();
  Scope granted = Scope::kRead;
  for (Scope s : t.scopes) granted = std::max(granted, s);
  Principal p{**user, t.id, std::min(granted, role_limit((*user)->role)),
              t.pages.empty() ? (*user)->pages : t.pages};
  return p;
}

Result<void> AuthService::record(const std::string& actor, const std::string& action,
                                 const std::string& target, std::string before, std::string after) {
  return store_.append_audit(entry(actor, action, target, std::move(before), std::move(after)));
}

Result<std::vector<AuditEntry>> AuthService::audit_log(std::size_t limit, std::size_t offset) {
  return store_.list_audit(limit, offset);
}

}  // namespace pharos::auth
