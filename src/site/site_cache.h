#pragma once
// Holds the current Snapshot of the public site and rebuilds it when the data changes.
//
// Scenario: the server polls refresh() every 250 ms on its housekeeping thread. refresh() asks
// the store for its revision (one cheap query); when it differs from the snapshot's, or the
// calendar day turned in the page zone, or an incident is open and a minute has passed (its
// "ongoing for" texts age), it loads the site data, renders a new snapshot and swaps it in
// atomically. Request threads only ever load the current shared_ptr: no rendering and no
// database access per request. A failed rebuild keeps serving the previous snapshot. A rebuild is
// incremental: each keyed document (incident pages, /vendors pages) whose inputs hash is
// unchanged is shared from the previous snapshot, neither rendered nor compressed again; the
// previous snapshot is the only cache, so it is bounded by the site itself.
//
// Several pages (config `pages:`, site/page_scope.h): one rebuild loads the data once per distinct
// time zone, runs the extensions on it, renders the main page from it and every further page
// from it filtered to that page's scope; all snapshots are swapped in together, with the mounts
// (paths, hosts) that route requests to them, so a request never mixes two generations.
//
// Threading: refresh()/rebuild()/set_pages() must be called from one thread at a time (the
// housekeeping thread, or whoever holds the app's refresh lock); current(), serve(), resolve()
// and ready() are safe from any thread.
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "site/page_scope.h"
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
  // The further pages (config `pages:`), each rendered from the main data filtered to its scope.
  // Takes effect with the next build; call rebuild() to apply at once (a config reload). Until a
  // build succeeds, refresh() rebuilds at every call, so a reload whose rebuild failed (the store
  // away) still applies once the store answers.
  void set_pages(std::vector<PageScope> pages) {
    pages_ = std::move(pages);
    pages_changed_ = true;
  }

  // Rebuilds when needed (see above). Returns whether it rebuilt.
  Result<bool> refresh();
  // Rebuilds unconditionally.
  Result<void> rebuild();

  // The current snapshot of the page `slug` (empty: the main page); null before the first
  // successful build or for an unknown slug.
  std::shared_ptr<const Snapshot> current(std::string_view slug = {}) const;
  // What the last successful build rendered, reused and compressed, over every page (the
  // documents whose inputs did not change are shared with the build before, site_builder.h).
  BuildStats last_build() const;
  // Which page `request` is for (resolve_page over the current build's mounts).
  PageTarget resolve(const web::Request& request) const;
  // True when a snapshot exists and the last contact with the store succeeded.
  bool ready() const { return current_.load() != nullptr && store_ok_.load(); }
  // Since when the store has failed every poll (the site is served from the last snapshot
  // meanwhile); nullopt while it answers.
  std::optional<Instant> store_unreachable_since() const {
    std::int64_t ms = store_down_since_ms_.load();
    if (ms == 0) return std::nullopt;
    return Instant(Millis(ms));
  }
  // Answers a GET/HEAD from the current snapshot of the page the request is for (503 before
  // the first build).
  web::Response serve(const web::Request& request) const;
  // Same for a page already resolved: `target.path` is looked up in the page's snapshot.
  web::Response serve(const PageTarget& target, const web::Request& request) const;

 private:
  // One generation: the main page's snapshot, every further page's and how requests reach them.
  struct Built {
    std::shared_ptr<const Snapshot> main;
    std::map<std::string, std::shared_ptr<const Snapshot>, std::less<>> pages;
    std::vector<PageMount> mounts;
  };
  Result<void> build(std::int64_t revision);
  // The page-zone dates of the main zone and every page's, joined: a change means a day turned.
  std::string days(Instant now) const;

  Store& store_;
  Page page_;
  TimeZone zone_;
  const Clock& clock_;
  std::vector<PageScope> pages_;
  std::atomic<std::shared_ptr<const Built>> current_;
  std::atomic<bool> store_ok_{false};
  std::atomic<std::int64_t> store_down_since_ms_{0};  // 0: the last poll succeeded
  // Records the outcome of one contact with the store.
  void note_store(bool ok);
  std::vector<SiteExtension> extensions_;
  std::string built_day_;       // days() at the last build
  bool has_open_ = false;       // the last build showed an open incident or maintenance
  bool pages_changed_ = false;  // set_pages since the last successful build
};

}  // namespace pharos::site
