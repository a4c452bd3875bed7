#pragma once
// Admin UI sessions, kept in memory (a restart logs everyone out, which is safe).
//
// A session is created after a correct password. Its id — 32 random bytes, URL-safe base64 — goes
// to the browser once, in a cookie that is HttpOnly (no script reads it), SameSite=Strict (no
// other site's page or form sends it) and Secure when served over TLS; the map is keyed by the
// id's SHA-256, so a memory dump does not hand out live cookies. Each session has its own CSRF
// token, which every form must echo; check_csrf compares in constant time.
//
// Worked scenario (idle 30 min, max age 12 h): 09:00 login → session; 09:20 a request → kept,
// last_seen 09:20; 09:51 a request → idle for 31 min → gone, the browser logs in again. A session
// busy all day still ends at 21:00. When max_sessions are live the oldest is dropped.
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "storage/auth_store.h"

namespace pharos::auth {

struct Session {
  std::string user_id;
  std::string user_name;
  Role role = Role::kViewer;
  std::string csrf_token;  // echo in every form (hidden field) or X-CSRF-Token header
  Instant created_at{};
  Instant last_seen{};
  std::string flash;  // a one-time message for the next page ("Update posted.")
  // The user's pages (User::pages): non-empty, the session reads those private pages only and
  // opens no admin page.
  std::vector<std::string> pages{};
};

struct SessionOptions {
  Millis idle_timeout = std::chrono::minutes(30);
  Millis max_age = std::chrono::hours(12);
  std::size_t max_sessions = 10000;
};

inline constexpr std::string_view kSessionCookie = "pharos_session";

class SessionManager {
 public:
  // `clock` must outlive the manager. Thread-safe.
  explicit SessionManager(const Clock& clock, SessionOptions options = {})
      : clock_(clock), options_(options) {}

  // Starts a session for `user`; returns the cookie value (give it to the browser once).
  std::string create(const User& user);
  // The live session for a cookie value, its last_seen moved to now; nullopt when unknown or
  // expired (an expired one is forgotten).
  std::optional<Session> find(std::string_view cookie_value);
  // Ends the session (logout). Unknown values are ignored.
  void destroy(std::string_view cookie_value);
  // Ends every session of a user (removed, or password changed).
  void destroy_user(const std::string& user_id);
  std::size_t size() const;

  // Leaves a one-time message for the session's next page, replacing an earlier one; ignored for
  // an unknown session. take_flash returns it and forgets it (empty when none).
  void set_flash(std::string_view cookie_value, std::string message);
  std::string take_flash(std::string_view cookie_value);

  // True when `token` is the session's CSRF token (constant-time comparison).
  static bool check_csrf(const Session& session, std::string_view token);
  // The Set-Cookie value for a session cookie, and the one that deletes it.
  std::string set_cookie(std::string_view cookie_value, bool secure) const;
  static std::string clear_cookie(bool secure);

 private:
  bool expired(const Session& s, Instant now) const;
  // REQUIRES: mu_ held.
  void drop_oldest();

  const Clock& clock_;
  SessionOptions options_;
  mutable std::mutex mu_;
  std::map<std::string, Session> sessions_;  // GUARDED_BY(mu_); key: hex SHA-256 of the cookie
};

}  // namespace pharos::auth
