#pragma once
// Login rate limiting, per address and per user name, so neither one address trying many names
// nor many addresses trying one name can guess passwords quickly.
//
// Worked scenario (5 per user, 20 per address, window 15 min): 10:00–10:01 five wrong passwords
// for "ada" → allowed() is false for "ada" from any address until 10:15 (the window of the first
// failure ends), and a correct password meanwhile is refused too (the caller must not even check
// it). Another user from the same address still gets in until that address has 20 failures.
// A success clears the user's count, never the address's.
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"

namespace pharos::auth {

struct LoginLimits {
  int per_user = 5;
  int per_address = 20;
  Millis window = std::chrono::minutes(15);
  std::size_t max_tracked = 100000;  // keys kept at most; the oldest windows go first
};

class LoginLimiter {
 public:
  // `clock` must outlive the limiter (its monotonic time is used). Thread-safe.
  explicit LoginLimiter(const Clock& clock, LoginLimits limits = {})
      : clock_(clock), limits_(limits) {}

  // False while the address or the user has used up its failures in the current window.
  bool allowed(const std::string& address, const std::string& user);
  void record_failure(const std::string& address, const std::string& user);
  void record_success(const std::string& user);

 private:
  struct Window {
    Millis start{};
    int failures = 0;
  };
  // REQUIRES: mu_ held. The key's window, restarted when it ran out.
  Window& window(const std::string& key, Millis now);
  bool exhausted(const std::string& key, int limit, Millis now);

  const Clock& clock_;
  LoginLimits limits_;
  std::mutex mu_;
  std::map<std::string, Window> windows_;  // GUARDED_BY(mu_); "a:<address>" and "u:<user>"
};

}  // namespace pharos::auth
