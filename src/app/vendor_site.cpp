#include "app/vendor_site.h"

#include "core/log.h"
#include "web/site/html_vendors.h"

namespace pharos {
namespace {

constexpr std::size_t kIncidentsPerVendor = 50;

web::VendorView view_of(Store& store, VendorStore* state, const VendorSpec& spec,
                        const vendor::VendorHealth& h) {
  web::VendorView v;
  v.slug = spec.slug;
  v.name = spec.name;
  v.page_url = spec.url;
  v.healthy = h.ok() || h.state == vendor::VendorState::kPending;
  v.health = h.describe();
  v.last_success = h.last_success;
  IncidentQuery query;
  query.source = IncidentSource::kVendor;
  query.vendor = spec.slug;
  query.limit = kIncidentsPerVendor;
  if (auto incidents = store.list_incidents(query)) {
    v.incidents = std::move(*incidents);
  } else {
    log::warn("vendor.pages_store_failed", {log::kv("vendor", spec.slug),
                                            log::kv("error", incidents.error().describe())});
  }
  v.components_problem = h.components_reason;
  if (state) {
    if (auto components = state->vendor_components(spec.slug)) {
      v.components = std::move(*components);
    } else {
      log::warn("vendor.pages_store_failed", {log::kv("vendor", spec.slug),
                                              log::kv("error", components.error().describe())});
    }
  }
  return v;
}

}  // namespace

web::SiteExtension vendor_site_extension(Store& store, std::vector<VendorSpec> specs,
                                         vendor::VendorPoller& poller, VendorStore* state) {
  return [&store, specs = std::move(specs), &poller, state](const web::SiteData& data) {
    std::vector<web::VendorView> views;
    for (const auto& spec : specs) {
      auto h = poller.health(spec.slug);
      if (h) views.push_back(view_of(store, state, spec, *h));
    }
    return web::render_vendor_pages(data, views);
  };
}

}  // namespace pharos
