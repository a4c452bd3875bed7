#include "auth/login_limiter.h"

#include <algorithm>

namespace pharos::auth {

LoginLimiter::Window& LoginLimiter::window(const std::string& key, Millis now) {
  if (windows_.size() >= limits_.max_tracked && !windows_.count(key)) {
    auto oldest = std::min_element(
        windows_.begin(), windows_.end(),
        [](const auto& a, const auto& b) { return a.second.start < b.second.start; });
    windows_.erase(oldest);
  }
  Window& w = windows_[key];
  if (w.failures == 0 || now - w.start >= limits_.window) w = Window{now, 0};
  return w;
}

bool LoginLimiter::exhausted(const std::string& key, int limit, Millis now) {
  auto it = windows_.find(key);
  if (it == windows_.end()) return false;
  if (now - it->second.start >= limits_.window) {
    windows_.erase(it);
    return false;
  }
  return it->second.failures >= limit;
}

bool LoginLimiter::allowed(const std::string& address, const std::string& user) {
  std::lock_guard lock(mu_);
  Millis now = clock_.monotonic();
  return !exhausted("a:" + address, limits_.per_address, now) &&
         !exhausted("u:" + user, limits_.per_user, now);
}

void LoginLimiter::record_failure(const std::string& address, const std::string& user) {
  std::lock_guard lock(mu_);
  Millis now = clock_.monotonic();
  ++window("a:" + address, now).failures;
  ++window("u:" + user, now).failures;
}

void LoginLimiter::record_success(const std::string& user) {
  std::lock_guard lock(mu_);
  windows_.erase("u:" + user);
}

}  // namespace pharos::auth
