#include "app/pages.h"

#include <memory>
#include <set>

#include "app/runtime.h"

namespace pharos {

Result<std::vector<site::PageScope>> page_scopes(const Config& config) {
  std::vector<site::PageScope> out;
  for (const PageSpec& spec : config.pages) {
    site::PageScope scope;
    scope.slug = spec.slug;
    scope.page = spec.page;
    auto zone = TimeZone::locate(spec.page.time_zone);
    if (!zone) return zone.error();
    scope.zone = *zone;
    scope.base_path = spec.path;
    scope.hosts = spec.hosts;
    scope.components = shown_components(spec, config.components);
    scope.vendors.insert(spec.vendors.begin(), spec.vendors.end());
    scope.subscribe = subscribe_channels(config);
    scope.subscribe.webhook = spec.webhook_subscriptions;
    out.push_back(std::move(scope));
  }
  return out;
}

std::vector<auth::PageChoice> page_choices(const Config& config) {
  std::vector<auth::PageChoice> out{{"", config.page.name, "/"}};
  for (const auto& p : config.pages) out.push_back({p.slug, p.page.name, p.path});
  return out;
}

namespace {

std::set<std::string, std::less<>> private_slugs(const Config& config) {
  std::set<std::string, std::less<>> slugs;
  if (config.private_page) slugs.insert("");
  for (const auto& p : config.pages) {
    if (p.private_page) slugs.insert(p.slug);
  }
  return slugs;
}

}  // namespace

void PrivatePageSet::set(const Config& config) { store(private_slugs(config)); }

void PrivatePageSet::widen(const Config& config) {
  Slugs slugs = private_slugs(config);
  if (auto current = slugs_.load()) slugs.insert(current->begin(), current->end());
  store(std::move(slugs));
}

void PrivatePageSet::store(Slugs slugs) {
  bool any = !slugs.empty();
  // Set before the flag goes up, cleared after it goes down: a reader past the flag finds a set.
  if (any) {
    slugs_.store(std::make_shared<const Slugs>(std::move(slugs)));
    any_.store(true);
  } else {
    any_.store(false);
    slugs_.store(std::make_shared<const Slugs>());
  }
}

bool PrivatePageSet::contains(std::string_view slug) const {
  if (!any_.load(std::memory_order_acquire)) return false;
  auto slugs = slugs_.load();
  return slugs && slugs->count(slug) > 0;
}

}  // namespace pharos
