#include "auth/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace pharos::auth {

RateLimiter::Bucket& RateLimiter::bucket(const std::string& key, Millis now) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_tracked_) evict_one(now);
    lru_.push_front(key);
    it = buckets_.emplace(key, Bucket{limit_.burst, now, lru_.begin()}).first;
    return it->second;
  }
  Bucket& b = it->second;
  double elapsed = std::chrono::duration<double>(now - b.at).count();
  if (elapsed > 0) {
    b.tokens = std::min(limit_.burst, b.tokens + elapsed * limit_.per_second);
    b.at = now;
  }
  lru_.splice(lru_.begin(), lru_, b.lru);
  return b;
}

// A full bucket carries no information (a new one starts full), so it goes first; otherwise
// the least recently used one, whose owner gets a fresh burst if it comes back.
void RateLimiter::evict_one(Millis now) {
  std::size_t looked = 0;
  for (auto it = lru_.rbegin(); it != lru_.rend() && looked < 64; ++it, ++looked) {
    const Bucket& b = buckets_.at(*it);
    double elapsed = std::chrono::duration<double>(now - b.at).count();
    if (b.tokens + elapsed * limit_.per_second >= limit_.burst) {
      buckets_.erase(*it);
      lru_.erase(std::next(it).base());
      return;
    }
  }
  buckets_.erase(lru_.back());
  lru_.pop_back();
}

Millis RateLimiter::wait_for(const Bucket& b) const {
  if (b.tokens >= 1) return Millis(0);
  double seconds = (1 - b.tokens) / limit_.per_second;
  // The epsilon keeps float noise (0.998 tokens after 499 ms) from adding a millisecond.
  auto ms = static_cast<std::int64_t>(std::ceil(seconds * 1000 - 1e-6));
  return Millis(std::max<std::int64_t>(1, ms));
}

Millis RateLimiter::take(const std::string& key) {
  std::lock_guard lock(mu_);
  Bucket& b = bucket(key, clock_.monotonic());
  Millis w = wait_for(b);
  if (w.count() == 0) b.tokens -= 1;
  return w;
}

Millis RateLimiter::wait(const std::string& key) {
  std::lock_guard lock(mu_);
  return wait_for(bucket(key, clock_.monotonic()));
}

std::size_t RateLimiter::tracked() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace pharos::auth
