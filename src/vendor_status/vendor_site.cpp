#include "vendor_status/vendor_site.h"

#include "core/log.h"
#include "domain/rollup.h"
#include "site/html_vendors.h"

namespace pharos::vendor_status {
namespace {

constexpr std::size_t kIncidentsPerVendor = 50;

site::VendorView view_of(Store& store, VendorStore* state, const VendorSpec& spec,
                         const VendorHealth& h) {
  site::VendorView v;
  v.slug = spec.slug;
  v.name = spec.name;
  v.page_url = spec.url;
  v.healthy = h.ok() || h.state == VendorState::kPending;
  v.health = h.describe();
  v.last_success = h.last_success;
  IncidentQuery query;
  query.source = IncidentSource::kVendor;
  query.vendor = spec.slug;
  query.limit = kIncidentsPerVendor;
  if (auto incidents = store.list_incidents(query)) {
    v.incidents = std::move(*incidents);
  } else {
    log::warn("vendor.pages_store_failed",
              {log::kv("vendor", spec.slug), log::kv("error", incidents.error().describe())});
  }
  v.components_problem = h.components_reason;
  if (state) {
    if (auto components = state->vendor_components(spec.slug)) {
      v.components = std::move(*components);
    } else {
      log::warn("vendor.pages_store_failed",
                {log::kv("vendor", spec.slug), log::kv("error", components.error().describe())});
    }
  }
  return v;
}

// An open vendor incident's impact as the component status it stands for on the public page.
ComponentStatus status_of(Impact impact) {
  switch (impact) {
    case Impact::kCritical:
      return ComponentStatus::kMajorOutage;
    case Impact::kMajor:
      return ComponentStatus::kPartialOutage;
    case Impact::kMaintenance:
      return ComponentStatus::kUnderMaintenance;
    case Impact::kMinor:
    case Impact::kNone:
      return ComponentStatus::kDegradedPerformance;
  }
  return ComponentStatus::kDegradedPerformance;
}

// Open incidents + component statuses + poll health of one public vendor. A store read that fails
// is logged and leaves that part out: the public page still renders.
site::ThirdPartyService summary_of(Store& store, VendorStore* state, const VendorSpec& spec,
                                   const VendorHealth& h) {
  site::ThirdPartyService s;
  s.name = spec.name;
  s.href = "/vendors/" + spec.slug;
  std::vector<ComponentStatus> statuses;
  IncidentQuery query;
  query.kind = IncidentKind::kIncident;
  query.state = IncidentQuery::State::kOpen;
  query.source = IncidentSource::kVendor;
  query.vendor = spec.slug;
  if (auto open = store.list_incidents(query)) {
    for (const auto& i : *open) {
      s.open_incidents.push_back(i.name);
      statuses.push_back(status_of(i.impact));
    }
  } else {
    log::warn("vendor.pages_store_failed",
              {log::kv("vendor", spec.slug), log::kv("error", open.error().describe())});
  }
  if (state) {
    if (auto components = state->vendor_components(spec.slug)) {
      for (const auto& c : *components) statuses.push_back(c.status);
    }
  }
  s.status = rollup_status(statuses);
  if (!h.ok() && h.state != VendorState::kPending) {
    s.unreachable_since = h.error_since ? h.error_since : h.last_attempt;
    s.problem = h.reason;
  }
  return s;
}

}  // namespace

site::SiteExtension vendor_site_extension(Store& store, std::vector<VendorSpec> specs,
                                          VendorPoller& poller, VendorStore* state) {
  site::SiteExtension extension;
  extension.contribute = [&store, specs, &poller, state](site::SiteData& data) {
    for (const auto& spec : specs) {
      data.vendor_names[spec.slug] = spec.name.empty() ? spec.slug : spec.name;
      if (!spec.is_public) continue;
      if (auto h = poller.health(spec.slug)) {
        data.third_party.push_back(summary_of(store, state, spec, *h));
      }
    }
  };
  extension.documents = [&store, specs = std::move(specs), &poller,
                         state](const site::SiteData& data) {
    std::vector<site::VendorView> views;
    for (const auto& spec : specs) {
      if (data.vendor_scope && !data.vendor_scope->count(spec.slug)) continue;
      auto h = poller.health(spec.slug);
      if (h) views.push_back(view_of(store, state, spec, *h));
    }
    return site::render_vendor_pages(data, views);
  };
  return extension;
}

}  // namespace pharos::vendor_status
