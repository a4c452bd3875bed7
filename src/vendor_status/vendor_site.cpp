#include "vendor_status/vendor_site.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "core/log.h"
#include "domain/rollup.h"
#include "site/fingerprint.h"
#include "site/html_vendors.h"

namespace pharos::vendor_status {
namespace {

constexpr std::size_t kIncidentsPerVendor = 50;

// What the pages show of one vendor from the store, as last read.
struct VendorReads {
  // Newest first, at most kIncidentsPerVendor; shared with the views (and the pages they render),
  // so a build copies nothing. Hashed once per read (site/fingerprint.h), not per build.
  std::shared_ptr<const std::vector<Incident>> incidents =
      std::make_shared<const std::vector<Incident>>();
  std::string list_hash;
  std::shared_ptr<const std::vector<std::string>> incident_hashes =
      std::make_shared<const std::vector<std::string>>();
  std::vector<Incident> open;  // its open incidents (kind incident), for "/"
  std::vector<VendorComponentStatus> components;
};

// The vendors' store reads kept between site builds (one SiteCache builds at a time, so no lock):
// a build reads again only the vendors the revisions since the last read touched (write_log.h),
// or every vendor when it cannot tell.
struct ReadCache {
  std::int64_t revision = -1;  // SiteData::revision of the last read; -1: nothing read yet
  std::map<std::string, VendorReads, std::less<>> by_slug;
  std::set<std::string> retry;  // vendors whose last read failed
};

// Reads `spec`'s incidents (and open incidents when public) again. A failed read is logged and
// leaves that part empty: the page still renders, and the vendor is read again next build.
bool read_incidents(Store& store, const VendorSpec& spec, VendorReads& r) {
  bool ok = true;
  IncidentQuery query;
  query.source = IncidentSource::kVendor;
  query.vendor = spec.slug;
  query.limit = kIncidentsPerVendor;
  std::vector<Incident> listed;
  if (auto incidents = store.list_incidents(query)) {
    listed = std::move(*incidents);
  } else {
    ok = false;
    log::warn("vendor.pages_store_failed",
              {log::kv("vendor", spec.slug), log::kv("error", incidents.error().describe())});
  }
  site::Fingerprint whole;
  std::vector<std::string> each;
  for (const auto& i : listed) {
    site::add_incident(whole, i);
    site::Fingerprint one;
    site::add_incident(one, i);
    each.push_back(one.hex());
  }
  r.list_hash = whole.hex();
  r.incident_hashes = std::make_shared<const std::vector<std::string>>(std::move(each));
  r.incidents = std::make_shared<const std::vector<Incident>>(std::move(listed));
  r.open.clear();
  if (!spec.is_public) return ok;
  IncidentQuery open;
  open.kind = IncidentKind::kIncident;
  open.state = IncidentQuery::State::kOpen;
  open.source = IncidentSource::kVendor;
  open.vendor = spec.slug;
  if (auto found = store.list_incidents(open)) {
    r.open = std::move(*found);
  } else {
    ok = false;
    log::warn("vendor.pages_store_failed",
              {log::kv("vendor", spec.slug), log::kv("error", found.error().describe())});
  }
  return ok;
}

bool read_components(VendorStore* state, const VendorSpec& spec, VendorReads& r) {
  r.components.clear();
  if (!state) return true;
  auto components = state->vendor_components(spec.slug);
  if (!components) {
    log::warn("vendor.pages_store_failed",
              {log::kv("vendor", spec.slug), log::kv("error", components.error().describe())});
    return false;
  }
  r.components = std::move(*components);
  return true;
}

// Brings `cache` up to `revision`: the vendors whose incidents or components may have changed
// since its last read are read again, the others kept.
void refresh(ReadCache& cache, Store& store, VendorStore* state, VendorPoller& poller,
             const std::vector<VendorSpec>& specs, std::int64_t revision) {
  VendorWriteLog& log = poller.write_log();
  std::set<std::string> components = log.take_components_written();
  std::optional<std::set<std::string>> incidents;  // nullopt: every vendor
  if (revision > 0 && cache.revision >= 0 && revision >= cache.revision) {
    incidents = log.explain(cache.revision, revision);
  }
  bool all = !incidents.has_value();
  // Other nodes write the components of the vendors they poll, unseen by this write log.
  bool all_components = all || !poller.polls_every_vendor();
  std::set<std::string> retry = std::exchange(cache.retry, {});
  for (const auto& spec : specs) {
    auto [it, fresh] = cache.by_slug.try_emplace(spec.slug);
    bool again = fresh || retry.count(spec.slug) > 0;
    bool ok = true;
    if (again || all || incidents->count(spec.slug)) ok &= read_incidents(store, spec, it->second);
    if (again || all_components || components.count(spec.slug)) {
      ok &= read_components(state, spec, it->second);
    }
    if (!ok) cache.retry.insert(spec.slug);
  }
  cache.revision = revision;
}

site::VendorView view_of(const VendorSpec& spec, const VendorHealth& h, const VendorReads& r) {
  site::VendorView v;
  v.slug = spec.slug;
  v.name = spec.name;
  v.page_url = spec.url;
  v.healthy = h.ok() || h.state == VendorState::kPending;
  v.health = h.describe();
  v.last_success = h.last_success;
  v.kept_incidents = r.incidents;
  v.kept_list_hash = r.list_hash;
  v.kept_incident_hashes = r.incident_hashes;
  v.components_problem = h.components_reason;
  v.components = r.components;
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

// Open incidents + component statuses + poll health of one public vendor.
site::ThirdPartyService summary_of(const VendorSpec& spec, const VendorHealth& h,
                                   const VendorReads& r) {
  site::ThirdPartyService s;
  s.name = spec.name;
  s.href = "/vendors/" + spec.slug;
  std::vector<ComponentStatus> statuses;
  for (const auto& i : r.open) {
    s.open_incidents.push_back(i.name);
    statuses.push_back(status_of(i.impact));
  }
  for (const auto& c : r.components) statuses.push_back(c.status);
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
  auto cache = std::make_shared<ReadCache>();
  // Runs first on every build (once per time zone, the same revision each time).
  extension.contribute = [&store, specs, &poller, state, cache](site::SiteData& data) {
    if (data.revision == 0 || data.revision != cache->revision) {
      refresh(*cache, store, state, poller, specs, data.revision);
    }
    for (const auto& spec : specs) {
      data.vendor_names[spec.slug] = spec.name.empty() ? spec.slug : spec.name;
      if (!spec.is_public) continue;
      if (auto h = poller.health(spec.slug)) {
        data.third_party.push_back(summary_of(spec, *h, cache->by_slug[spec.slug]));
      }
    }
  };
  // Every /vendors document as one block per page, made from that page's block of the build
  // before: an unchanged vendor is handed over by one pointer.
  extension.block = [specs = std::move(specs), &poller, cache](const site::SiteData& data,
                                                               const site::BlockRequest& request) {
    std::vector<site::VendorView> views;
    views.reserve(specs.size());
    for (const auto& spec : specs) {
      if (data.vendor_scope && !data.vendor_scope->count(spec.slug)) continue;
      auto h = poller.health(spec.slug);
      if (h) views.push_back(view_of(spec, *h, cache->by_slug[spec.slug]));
    }
    // Only this extension makes the blocks at its place in a snapshot.
    const auto* previous = dynamic_cast<const site::VendorBlock*>(request.previous);
    auto made = site::vendor_block(data, views, request, previous);
    return site::BlockBuild{std::move(made.block), made.stats};
  };
  return extension;
}

}  // namespace pharos::vendor_status
