#pragma once
// Connection pressure (internal to server/): the rules that keep the page answering while
// hostile clients hold sockets open. Pure functions and containers without sockets, so the
// choices are unit-tested; session.cpp and http_server.cpp apply them.
//
// Worked scenario (cap 1,000): 2,000 clients connect and send nothing. Up to 937 connections
// nothing changes. From the 938th (high water, cap - cap/16, as nginx drains when fewer than
// 1/16 of its connections are free) every accept first takes slots back from the oldest
// reusable sessions of any request thread — idle keep-alive ones, and those whose request head
// is still incomplete — enough to fall under high water, at least nginx's share (1/8 of the
// reusable ones, 1..32). Their slots are free at once; their sockets close on their own threads.
// New waits for a request use pressure_timeout instead of the idle/request timeouts. A probe
// that connects now is the newest connection, so it is the last to be chosen; once its head is
// complete it is not reusable at all, and it is answered.
#include <sys/resource.h>

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include <boost/intrusive/list.hpp>

namespace pharos::web {

// Connections at or above this count are "under pressure": drains start.
inline std::size_t high_water(std::size_t cap) { return cap - cap / 16; }

// How many of the `reusable` connections to close when `connections` are open: enough to bring
// them back under `high_water`, and at least nginx's share (max(1, min(32, reusable / 8)));
// never more than `reusable`; none below high water.
std::size_t drain_count(std::size_t connections, std::size_t high_water, std::size_t reusable);

// Descriptors the server leaves to the rest of the process (probe engine sockets, up to 4,096,
// the store, memfds, the vendor fetcher, the notifier): half the limit, at most 5,120.
std::size_t fd_reserve(rlim_t soft_limit);

// The connection cap that fits the open-file limit: `requested`, lowered so that connections
// plus the reserve stay within `soft_limit` (at least 1).
std::size_t connection_cap(std::size_t requested, rlim_t soft_limit);

struct FdLimit {
  rlim_t before = 0;  // the soft limit found at start
  rlim_t soft = 0;    // the soft limit now (the hard limit when raising worked)
  rlim_t hard = 0;
};

// Raises this process's RLIMIT_NOFILE soft limit to its hard limit and says what it found.
FdLimit raise_fd_limit();

// Intrusive hook for ReusableQueue (a safe-mode hook knows whether it is linked).
using ReusableHook =
    boost::intrusive::list_base_hook<boost::intrusive::link_mode<boost::intrusive::safe_link>>;

// Connections that hold a slot without doing work, oldest first. `T` derives from ReusableHook
// and has `void evict()` (give the slot back, close the connection). Not thread-safe: the owner
// guards it with a mutex. An element must be removed before it is destroyed.
template <class T>
class ReusableQueue {
 public:
  ReusableQueue() = default;
  ReusableQueue(const ReusableQueue&) = delete;
  ReusableQueue& operator=(const ReusableQueue&) = delete;
  ~ReusableQueue() { list_.clear(); }

  // `c` becomes reusable now: it goes to the back (the newest), from wherever it was.
  void push_back(T& c) {
    remove(c);
    list_.push_back(c);
  }
  // `c` is doing work (its request head is complete) or going away: it cannot be evicted.
  void remove(T& c) {
    if (c.is_linked()) list_.erase(list_.iterator_to(c));
  }
  // Evicts up to `n` of the oldest, oldest first; returns how many.
  std::size_t evict_oldest(std::size_t n) {
    std::size_t done = 0;
    for (; done < n && !list_.empty(); ++done) {
      T& c = list_.front();
      list_.pop_front();
      c.evict();
    }
    return done;
  }
  std::size_t size() const { return list_.size(); }

 private:
  boost::intrusive::list<T, boost::intrusive::constant_time_size<true>> list_;
};

// Open connections per client address, for ServerOptions::max_connections_per_address.
// Thread-safe (the listener adds, request threads remove).
class AddressCounts {
 public:
  explicit AddressCounts(std::size_t cap) : cap_(cap) {}
  // Counts one more connection from `address`; false (and nothing counted) when it already has
  // `cap` open. Always true with cap 0 (no per-address limit).
  bool try_add(const std::string& address);
  // Forgets one connection from `address` (one try_add that returned true).
  void remove(const std::string& address);
  std::size_t count(const std::string& address) const;
  std::size_t cap() const { return cap_; }

 private:
  const std::size_t cap_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> open_;  // GUARDED_BY(mutex_)
};

}  // namespace pharos::web
