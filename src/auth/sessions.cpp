#include "auth/sessions.h"

#include <sodium.h>

#include <algorithm>
#include <utility>

#include "auth/auth_service.h"

namespace pharos::auth {
namespace {

std::string random_value() {
  if (sodium_init() < 0) std::abort();  // idempotent; failing means no secure randomness
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(sizeof raw, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), raw, sizeof raw, kVariant);
  out.pop_back();  // the terminating NUL
  return out;
}

}  // namespace

std::string SessionManager::create(const User& user) {
  std::string value = random_value();
  Instant now = clock_.now();
  Session s{.user_id = user.id,
            .user_name = user.name,
            .role = user.role,
            .csrf_token = random_value(),
            .created_at = now,
            .last_seen = now,
            .flash = {},
            .pages = user.pages};
  std::lock_guard lock(mu_);
  if (sessions_.size() >= options_.max_sessions) drop_oldest();
  sessions_[hash_token(value)] = std::move(s);
  return value;
}

bool SessionManager::expired(const Session& s, Instant now) const {
  return now - s.last_seen >= options_.idle_timeout || now - s.created_at >= options_.max_age;
}

std::optional<Session> SessionManager::find(std::string_view cookie_value) {
  if (cookie_value.empty() || cookie_value.size() > 128) return std::nullopt;
  std::string key = hash_token(cookie_value);
  Instant now = clock_.now();
  std::lock_guard lock(mu_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  if (expired(it->second, now)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second;
}

void SessionManager::destroy(std::string_view cookie_value) {
  std::string key = hash_token(cookie_value);
  std::lock_guard lock(mu_);
  sessions_.erase(key);
}

void SessionManager::destroy_user(const std::string& user_id) {
  std::lock_guard lock(mu_);
  std::erase_if(sessions_, [&](const auto& entry) { return entry.second.user_id == user_id; });
}

std::size_t SessionManager::size() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

void SessionManager::set_flash(std::string_view cookie_value, std::string message) {
  std::string key = hash_token(cookie_value);
  std::lock_guard lock(mu_);
  auto it = sessions_.find(key);
  if (it != sessions_.end()) it->second.flash = std::move(message);
}

std::string SessionManager::take_flash(std::string_view cookie_value) {
  std::string key = hash_token(cookie_value);
  std::lock_guard lock(mu_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return {};
  return std::exchange(it->second.flash, {});
}

void SessionManager::drop_oldest() {
  auto oldest = std::min_element(
      sessions_.begin(), sessions_.end(),
      [](const auto& a, const auto& b) { return a.second.created_at < b.second.created_at; });
  if (oldest != sessions_.end()) sessions_.erase(oldest);
}

bool SessionManager::check_csrf(const Session& session, std::string_view token) {
  const std::string& want = session.csrf_token;
  if (want.empty() || token.size() != want.size()) return false;
  return sodium_memcmp(want.data(), token.data(), want.size()) == 0;
}

std::string SessionManager::set_cookie(std::string_view cookie_value, bool secure) const {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options_.max_age).count();
  return std::string(kSessionCookie) + "=" + std::string(cookie_value) +
         "; Path=/; Max-Age=" + std::to_string(seconds) + "; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "");
}

std::string SessionManager::clear_cookie(bool secure) {
  return std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "");
}

}  // namespace pharos::auth
