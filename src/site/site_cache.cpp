#include "site/site_cache.h"

#include <chrono>

#include "core/log.h"
#include "site/site_builder.h"
#include "site/site_data.h"

namespace pharos::site {

SiteCache::SiteCache(Store& store, Page page, TimeZone zone, const Clock& clock)
    : store_(store), page_(std::move(page)), zone_(std::move(zone)), clock_(clock) {}

std::string SiteCache::days(Instant now) const {
  std::string out = format_date_in_zone(now, zone_);
  for (const auto& p : pages_) out += " " + format_date_in_zone(now, p.zone);
  return out;
}

Result<void> SiteCache::build(std::int64_t revision) {
  Instant now = clock_.now();
  auto started = std::chrono::steady_clock::now();
  // The data in each time zone some page uses (the 90-day bars are days of the page's zone),
  // read once and shared by every page in that zone.
  std::map<std::string, SiteData> by_zone;
  auto load = [&](const TimeZone& zone) -> Result<const SiteData*> {
    auto found = by_zone.find(zone.name());
    if (found != by_zone.end()) return &found->second;
    auto data = load_site_data(store_, page_, zone, now);
    if (!data) return data.error();
    data->revision = revision;
    for (const auto& extension : extensions_) {
      if (extension.contribute) extension.contribute(*data);
    }
    return &by_zone.emplace(zone.name(), std::move(*data)).first->second;
  };
  auto main = load(zone_);
  if (!main) return main.error();
  auto previous = current_.load();
  auto next = std::make_shared<Built>();
  next->main =
      build_snapshot(**main, revision, previous ? previous->main.get() : nullptr, extensions_);
  has_open_ = false;
  for (const auto* list : {&(*main)->incidents, &(*main)->maintenances}) {
    for (const auto& i : *list) has_open_ |= i.active();
  }
  std::size_t count = next->main->size();
  BuildStats stats = next->main->stats();
  for (const auto& scope : pages_) {
    auto all = load(scope.zone);
    if (!all) return all.error();
    SiteData data = scope_site_data(**all, scope);
    const Snapshot* before = nullptr;
    if (previous) {
      auto it = previous->pages.find(scope.slug);
      if (it != previous->pages.end()) before = it->second.get();
    }
    auto snapshot = build_snapshot(data, revision, before, extensions_, scope.base_path);
    count += snapshot->size();
    stats += snapshot->stats();
    next->pages.emplace(scope.slug, std::move(snapshot));
    next->mounts.push_back({scope.slug, scope.base_path, scope.hosts});
  }
  built_day_ = days(now);
  pages_changed_ = false;
  current_.store(std::move(next));
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  log::info("site.rendered",
            {log::kv("revision", revision), log::kv("pages", pages_.size() + 1),
             log::kv("documents", count), log::kv("rendered", stats.rendered),
             log::kv("reused", stats.reused), log::kv("compressed", stats.compressed),
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
  auto built = current_.load();
  Instant now = clock_.now();
  bool stale = !built || pages_changed_ || built->main->revision() != *revision ||
               days(now) != built_day_ ||
               (has_open_ && now - built->main->built_at() >= std::chrono::minutes(1));
  if (!stale) return false;
  PHAROS_TRY(build(*revision));
  return true;
}

BuildStats SiteCache::last_build() const {
  BuildStats stats;
  auto built = current_.load();
  if (!built) return stats;
  stats += built->main->stats();
  for (const auto& [slug, snapshot] : built->pages) stats += snapshot->stats();
  return stats;
}

std::shared_ptr<const Snapshot> SiteCache::current(std::string_view slug) const {
  auto built = current_.load();
  if (!built) return nullptr;
  if (slug.empty()) return built->main;
  auto it = built->pages.find(slug);
  return it == built->pages.end() ? nullptr : it->second;
}

PageTarget SiteCache::resolve(const web::Request& request) const {
  auto built = current_.load();
  if (!built) return {"", request.path};
  return resolve_page(built->mounts, request);
}

web::Response SiteCache::serve(const web::Request& request) const {
  return serve(resolve(request), request);
}

web::Response SiteCache::serve(const PageTarget& target, const web::Request& request) const {
  auto snapshot = current(target.slug);
  if (!snapshot) {
    return web::error_response(
        Error::unavailable("the status page is starting; try again shortly"));
  }
  if (target.path == request.path) return serve_from(snapshot, request);
  web::Request within = request;
  within.path = target.path;
  return serve_from(snapshot, within);
}

}  // namespace pharos::site
