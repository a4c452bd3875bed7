#include "site/site_cache.h"

#include <chrono>

#include "core/log.h"
#include "site/site_builder.h"
#include "site/site_data.h"

namespace pharos::site {

SiteCache::SiteCache(Store& store, Page page, TimeZone zone, const Clock& clock)
    : store_(store), page_(std::move(page)), zone_(std::move(zone)), clock_(clock) {}

Result<void> SiteCache::build(std::int64_t revision) {
  Instant now = clock_.now();
  auto started = std::chrono::steady_clock::now();
  auto data = load_site_data(store_, page_, zone_, now);
  if (!data) return data.error();
  for (const auto& extension : extensions_) {
    if (extension.contribute) extension.contribute(*data);
  }
  auto previous = current_.load();
  std::shared_ptr<const Snapshot> next =
      build_snapshot(*data, revision, previous.get(), extensions_);
  has_open_ = false;
  for (const auto* list : {&data->incidents, &data->maintenances}) {
    for (const auto& i : *list) has_open_ |= i.active();
  }
  built_day_ = format_date_in_zone(now, zone_);
  std::size_t count = next->resources().size();
  current_.store(std::move(next));
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  log::info("site.rendered", {log::kv("revision", revision), log::kv("documents", count),
                              log::kv("ms", took.count())});
  return Ok();
}

Result<void> SiteCache::rebuild() {
  auto revision = store_.revision();
  note_store(revision.ok());
  if (!revision) return revision.error();
  return build(*revision);
}

void SiteCache::note_store(bool ok) {
  store_ok_.store(ok);
  if (ok) {
    store_down_since_ms_.store(0);
  } else if (store_down_since_ms_.load() == 0) {
    store_down_since_ms_.store(clock_.now().time_since_epoch().count());
  }
}

Result<bool> SiteCache::refresh() {
  auto revision = store_.revision();
  note_store(revision.ok());
  if (!revision) return revision.error();
  auto snapshot = current_.load();
  Instant now = clock_.now();
  bool stale = !snapshot || snapshot->revision() != *revision ||
               format_date_in_zone(now, zone_) != built_day_ ||
               (has_open_ && now - snapshot->built_at() >= std::chrono::minutes(1));
  if (!stale) return false;
  PHAROS_TRY(build(*revision));
  return true;
}

web::Response SiteCache::serve(const web::Request& request) const {
  auto snapshot = current_.load();
  if (!snapshot) {
    return web::error_response(
        Error::unavailable("the status page is starting; try again shortly"));
  }
  return serve_from(snapshot, request);
}

}  // namespace pharos::site
