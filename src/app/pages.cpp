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

auth::PrivatePages private_pages(const Config& config) {
  auto slugs = std::make_shared<std::set<std::string, std::less<>>>();
  if (config.private_page) slugs->insert("");
  for (const auto& p : config.pages) {
    if (p.private_page) slugs->insert(p.slug);
  }
  return [slugs](std::string_view slug) { return slugs->count(slug) > 0; };
}

bool any_private_page(const Config& config) {
  if (config.private_page) return true;
  for (const auto& p : config.pages) {
    if (p.private_page) return true;
  }
  return false;
}

}  // namespace pharos
