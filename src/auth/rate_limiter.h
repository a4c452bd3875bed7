#pragma once
// Token buckets for the management API: one per API token and one per peer address, so one
// client cannot starve the server or the others, and guessing tokens is slow.
//
// Worked scenario (per token: burst 60, 10/s; per address: burst 30, 1/s):
//   a script with a valid token fires 100 requests at once → 60 answered, 40 get 429 with
//     Retry-After: 1; a tenth of a second later one more request fits (1 token refilled)
//   a scanner sends 30 bad tokens → 30 × 401; the 31st request from that address → 429 before
//     the token is even looked up, whatever it carries, until the bucket refills
//   ordinary clients behind the same address as the scanner but with valid tokens are refused
//     only while that address's bucket is empty: failures cost the address, successes do not
// Buckets use the clock's monotonic time (setting the wall clock changes nothing). At most
// max_tracked keys are kept: when full, full (idle) buckets are dropped first, then the least
// recently used, so memory stays bounded under an address-spraying flood.
#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace pharos::auth {

struct RateLimit {
  double burst = 60;       // bucket size: requests allowed at once
  double per_second = 10;  // refill rate
};

struct ApiRateLimits {
  RateLimit per_token{.burst = 60, .per_second = 10};
  RateLimit per_address{.burst = 30, .per_second = 1};  // spent only by unauthenticated requests
  std::size_t max_tracked = 10000;                      // per kind of key
};

class RateLimiter {
 public:
  // `clock` must outlive the limiter. Thread-safe.
  RateLimiter(const Clock& clock, RateLimit limit, std::size_t max_tracked)
      : clock_(clock), limit_(limit), max_tracked_(max_tracked) {}

  // Zero when `key` may make a request now (and the request is counted); otherwise how long
  // until it may (nothing counted).
  Millis take(const std::string& key);
  // Like take() but counts nothing: the wait before `key` could make a request.
  Millis wait(const std::string& key);

  std::size_t tracked() const;

 private:
  struct Bucket {
    double tokens = 0;
    Millis at{};
    std::list<std::string>::iterator lru;
  };
  // REQUIRES: mu_ held. The key's bucket refilled to `now`, created full when new.
  Bucket& bucket(const std::string& key, Millis now);
  Millis wait_for(const Bucket& b) const;
  void evict_one(Millis now);

  const Clock& clock_;
  const RateLimit limit_;
  const std::size_t max_tracked_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // GUARDED_BY(mu_)
  std::list<std::string> lru_;                       // GUARDED_BY(mu_); most recent first
};

}  // namespace pharos::auth
