#pragma once
// Holds the current Snapshot of the public site and rebuilds it when the data changes.
//
// Scenario: the server polls refresh() every 250 ms on its housekeeping thread. refresh() asks
// the store for its revision (one cheap query); when it differs from the snapshot's, or the
// calendar day turned in the page zone, or an incident is open and a minute has passed (its
// "ongoing for" texts age), it loads the site data, renders a new snapshot and swaps it in
// atomically. Request threads only ever load the current shared_ptr: no rendering and no
// database access per request. A failed rebuild keeps serving the previous snapshot.
//
// Threading: refresh()/rebuild() must be called from one thread at a time (the housekeeping
// thread); current(), serve() and ready() are safe from any thread.
#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "site/site_builder.h"
#include "site/snapshot.h"
#include "storage/store.h"
#include "web/http.h"

namespace pharos::site {

class SiteCache {
 public:
  // `store` and `clock` must outlive the cache.
  SiteCache(Store& store, Page page, TimeZone zone, const Clock& clock);

  // Adds data and documents rendered with the site on every rebuild (see SiteExtension). Call
  // before the first rebuild() and before the server starts.
  void add_extension(SiteExtension extension) { extensions_.push_back(std::move(extension)); }

  // Rebuilds when needed (see above). Returns whether it rebuilt.
  Result<bool> refresh();
  // Rebuilds unconditionally.
  Result<void> rebuild();

  // The current snapshot; null before the first successful build.
  std::shared_ptr<const Snapshot> current() const { return current_.load(); }
  // True when a snapshot exists and the last contact with the store succeeded.
  bool ready() const { return current_.load() != nullptr && store_ok_.load(); }
  // Since when the store has failed every poll (the site is served from the last snapshot
  // meanwhile); nullopt while it answers.
  std::optional<Instant> store_unreachable_since() const {
    std::int64_t ms = store_down_since_ms_.load();
    if (ms == 0) return std::nullopt;
    return Instant(Millis(ms));
  }
  // Answers a GET/HEAD from the current snapshot (503 before the first build).
  web::Response serve(const web::Request& request) const;

 private:
  Result<void> build(std::int64_t revision);

  Store& store_;
  Page page_;
  TimeZone zone_;
  const Clock& clock_;
  std::atomic<std::shared_ptr<const Snapshot>> current_;
  std::atomic<bool> store_ok_{false};
  std::atomic<std::int64_t> store_down_since_ms_{0};  // 0: the last poll succeeded
  // Records the outcome of one contact with the store.
  void note_store(bool ok);
  std::vector<SiteExtension> extensions_;
  std::string built_day_;     // page-zone date of the last build
  bool has_open_ = false;     // the last build showed an open incident or maintenance
};

}  // namespace pharos::site
