#pragma once
// The vendor poller: polls each configured vendor's status document on its own schedule, records
// what changed as vendor incidents (changes.h) and keeps a per-vendor health (health.h) in memory
// and, when given a VendorStore, in the database.
//
// Schedule, as a worked scenario (interval 2m, open_incident_interval 30s, backoff_max 30m):
//   15:00 poll ok, nothing open              → next 15:02
//   15:02 poll ok, an incident is open       → next 15:02:30 (faster while the vendor is down)
//   15:02:30 304 Not Modified                → still open (kept from the last read) → 15:03
//   15:03 HTTP 503 (failure 1)               → state unreachable since 15:03, next 15:05 (1×2m)
//   15:05 connection refused (failure 2)     → next 15:09 (2×2m); then 8m, 16m, 30m, 30m…
//   15:09 HTTP 429, Retry-After: 900         → next 15:24: the vendor's wish beats the backoff
//                                              when longer (capped at backoff_max or the interval)
//   15:39 poll ok                            → state ok, failures 0, next 15:41
// A failed poll never touches stored incidents; conditional headers (ETag / Last-Modified of the
// last successfully read answer) are sent on every poll, so an unchanged page costs a 304.
//
// Fetches run concurrently: every due vendor is started on the Fetcher at once (CurlFetcher keeps
// many in flight on one multi handle) and the answers are read and stored one at a time on the
// poller's thread as they come back, so a slow vendor delays no other and the store has one
// writer. A vendor is never fetched twice at once.
//
// Restarts: with a VendorStore, the validators and the health of each vendor are saved whenever
// they change (and at least every 10 minutes while polls succeed) and restored at construction:
// the first poll after a restart is conditional (a 304 when nothing changed) and the health shown
// ("source unreachable since …") carries over. Validators saved for another URL are dropped.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "config/vendor_spec.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/store.h"
#include "storage/vendor_store.h"
#include "vendor_status/attributed_store.h"
#include "vendor_status/fetcher.h"
#include "vendor_status/health.h"
#include "vendor_status/write_log.h"

namespace pharos::vendor_status {

struct PollerOptions {
  std::chrono::milliseconds open_incident_interval{std::chrono::seconds(30)};
  std::chrono::milliseconds backoff_max{std::chrono::minutes(30)};  // never below the interval
  std::size_t max_body = 4 * 1024 * 1024;
  // Several nodes: whether this node polls the vendor now (it holds the vendor's lease). Others
  // are not polled here; their health is read from the VendorStore every few seconds, and a
  // vendor taken over is polled at once from the validators saved there. Unset: every vendor.
  std::function<bool(const std::string& slug)> owned = {};
};

class VendorPoller {
 public:
  // `store`, `clock`, `fetcher` and `state` (optional) must outlive the poller. Every vendor is
  // due at once. With `state`, each vendor's saved validators and health are restored.
  VendorPoller(Store& store, const Clock& clock, Fetcher& fetcher, std::vector<VendorSpec> vendors,
               PollerOptions options = {}, VendorStore* state = nullptr);
  ~VendorPoller();  // stops
  VendorPoller(const VendorPoller&) = delete;
  VendorPoller& operator=(const VendorPoller&) = delete;

  // Polls every vendor whose next poll is due at the clock's now, all fetches at once, and waits
  // for their answers. Returns the earliest next poll time (now + 1h when there are no vendors).
  // Not to be called concurrently with itself or while started.
  Instant poll_due();
  // Polls one vendor now, whatever its schedule. kNotFound for an unknown slug.
  Result<VendorHealth> poll_now(const std::string& slug);

  // Starts a thread that runs poll_due() whenever a vendor is due. Idempotent.
  void start();
  // Stops and joins the thread. Fetches in flight are abandoned: their answers are dropped.
  void stop();

  // Thread-safe copies, in config order.
  std::vector<VendorHealth> health() const;
  std::optional<VendorHealth> health(const std::string& slug) const;
  // Bumped whenever a vendor's state, reason or open-incident count changes (not on every poll),
  // so a page showing health knows when to re-render. Thread-safe.
  std::uint64_t health_generation() const { return generation_.load(); }
  // Which store revisions and component writes were this poller's, by vendor (write_log.h).
  VendorWriteLog& write_log() { return write_log_; }
  // False on several nodes, where other nodes poll (and write) some vendors.
  bool polls_every_vendor() const { return !options_.owned; }

 private:
  struct Vendor;
  struct Inbox;
  void launch(std::size_t index, bool components);
  // Reads and stores one answer; on the polling thread. True when the vendor's document was
  // read (or unchanged), so its components may be fetched next.
  bool settle(Vendor& vendor, Result<FetchResponse> response);
  void settle_components(Vendor& vendor, Result<FetchResponse> response);
  // Records components down without a vendor incident as vendor incidents (changes.h), then saves
  // the statuses and logs the changes. False when the statuses could not be stored.
  bool store_components(Vendor& vendor, const std::vector<VendorComponentStatus>& current,
                        Instant now);
  void succeed(Vendor& vendor, Instant now);
  void fail(Vendor& vendor, Instant now, VendorState state, const std::string& reason);
  void persist(Vendor& vendor, Instant now);
  // poller_nodes.cpp: several nodes.
  void restore(Vendor& vendor, const VendorPollState& saved);
  // Whether this node polls `vendor` now (adopting its saved state when just taken over).
  bool take_turn(Vendor& vendor);
  // Reads the health of the vendors other nodes poll from the store (every few seconds).
  void follow_others(Instant now);
  // Settles every answer that came back; with `wait`, until no fetch is in flight.
  void drain(bool wait);
  // Starts every due vendor not in flight; returns the earliest next poll of those not in flight.
  Instant launch_due(Instant now);
  // Several nodes: the same by walking every vendor (its lease may pass here at any time).
  Instant launch_due_scanning(Instant now);
  // Puts vendor `index` (not in flight) on the due-time heap at its next_poll.
  void schedule(std::size_t index);
  void run();

  Store& store_;
  VendorWriteLog write_log_;
  AttributedStore attributed_{store_, write_log_};  // what the poller writes incidents through
  const Clock& clock_;
  Fetcher& fetcher_;
  PollerOptions options_;
  VendorStore* state_;
  std::vector<std::unique_ptr<Vendor>> vendors_;
  std::unordered_map<std::string, std::size_t> by_slug_;  // index into vendors_; fixed after start
  // When each vendor not in flight is due, earliest on top (polling thread only), so a wake-up
  // looks only at the vendors due then, not at every vendor. An entry whose time is no longer its
  // vendor's `scheduled` is stale and dropped when it comes up. Unused with several nodes.
  struct Due {
    Instant at;
    std::size_t index;
    bool operator>(const Due& o) const { return at > o.at; }
  };
  std::vector<Due> due_;
  // Where fetch callbacks leave answers; shared so a callback after the poller is gone is harmless.
  std::shared_ptr<Inbox> inbox_;
  std::size_t in_flight_ = 0;  // polling thread only
  Instant followed_at_{};      // polling thread only: when follow_others last read the store
  // How soon a vendor another node polls is looked at again (its lease may pass here).
  static constexpr std::chrono::seconds kOwnerCheck{1};

  mutable std::mutex mu_;  // guards every Vendor::health
  std::atomic<std::uint64_t> generation_{0};
  std::thread thread_;
};

}  // namespace pharos::vendor_status
