#include "web/server/pressure.h"

#include <algorithm>

namespace pharos::web {

std::size_t drain_count(std::size_t connections, std::size_t high_water, std::size_t reusable) {
  if (connections < high_water || reusable == 0) return 0;
  std::size_t excess = connections - high_water + 1;
  // nginx's ngx_drain_connections: a few at a time, so a burst does not close everyone at once.
  std::size_t nginx = std::max<std::size_t>(1, std::min<std::size_t>(32, reusable / 8));
  return std::min(reusable, std::max(excess, nginx));
}

std::size_t fd_reserve(rlim_t soft_limit) {
  return static_cast<std::size_t>(std::min<rlim_t>(soft_limit / 2, 5120));
}

std::size_t connection_cap(std::size_t requested, rlim_t soft_limit) {
  if (soft_limit == RLIM_INFINITY) return std::max<std::size_t>(1, requested);
  std::size_t fits = static_cast<std::size_t>(soft_limit) - fd_reserve(soft_limit);
  return std::max<std::size_t>(1, std::min(requested, fits));
}

FdLimit raise_fd_limit() {
  FdLimit out;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return out;
  out.before = out.soft = limit.rlim_cur;
  out.hard = limit.rlim_max;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) == 0) out.soft = limit.rlim_max;
  }
  return out;
}

bool AddressCounts::try_add(const std::string& address) {
  if (cap_ == 0) return true;
  std::lock_guard lock(mutex_);
  std::size_t& open = open_[address];
  if (open >= cap_) return false;
  ++open;
  return true;
}

void AddressCounts::remove(const std::string& address) {
  if (cap_ == 0) return;
  std::lock_guard lock(mutex_);
  auto it = open_.find(address);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);
}

std::size_t AddressCounts::count(const std::string& address) const {
  std::lock_guard lock(mutex_);
  auto it = open_.find(address);
  return it == open_.end() ? 0 : it->second;
}

}  // namespace pharos::web
