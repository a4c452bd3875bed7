#pragma once
// Everything the public site shows, read from the store in one go at render time: catalog,
// incidents, maintenances and each component's last 90 days. The renderers are pure functions
// of a SiteData, so they are tested without a store.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "domain/availability.h"
#include "domain/model.h"
#include "site/brand_assets.h"
#include "storage/store.h"

namespace pharos::site {

inline constexpr int kUptimeDays = 90;
inline constexpr std::size_t kApiListLimit = 50;  // Statuspage: "the 50 most recent"
inline constexpr std::size_t kSiteIncidentLimit = 1000;

// One calendar day (page zone) of one component on the 90-day bar.
struct DayUptime {
  Instant day_start{};
  // Time in each status by the one uptime rule (domain/availability.h); today is cut at now.
  // no_data: time the component has no status history for (before it existed) or, where the
  // reports extension fills the bar, when none of its monitors was being checked.
  StatusTime time;

  ComponentStatus worst() const { return time.worst(); }
  bool no_data() const { return time.observed().count() == 0; }
  // Unset when the whole day is without data: drawn as such, left out of every percentage.
  std::optional<double> uptime() const { return uptime_ratio(time); }
};

// One vendor in the public page's "Third-party services" section. Filled by whoever knows the
// vendors (the app, from the vendor poller and VendorStore) through a SiteExtension's `contribute`;
// web only renders it.
struct ThirdPartyService {
  std::string name;
  std::string href;  // "/vendors/<slug>"
  // Worst of its open incidents' impacts and its component statuses, as last read.
  ComponentStatus status = ComponentStatus::kOperational;
  std::vector<std::string> open_incidents;  // names of its open incidents, newest first
  // Set while the vendor's page cannot be read: its state above is then the last one known.
  std::optional<Instant> unreachable_since;
  std::string problem;  // the reason ("HTTP 503", "connection refused"); empty when reachable
};

// One page-zone day of a component on /uptime.
struct UptimeDay {
  Instant start{};
  StatusTime time;                     // domain/availability.h; today is cut at now
  std::vector<std::string> incidents;  // names of the incidents that touched it
};

// A component on /uptime: its last 30/90/365 days' uptime and the days of the calendar months
// shown. Filled by the reports module through a SiteExtension (site never sees it).
struct ComponentUptime {
  std::string id, name;
  std::optional<double> last_30, last_90, last_365;  // unset: no data
  std::vector<UptimeDay> days;  // from the 1st of the oldest month shown until today
};

struct UptimePage {
  std::vector<ComponentUptime> components;  // page order
};

// What the public subscribe form offers: filled by the app from the config (email with a mail
// server, webhooks when page.webhook_subscriptions is on) through a SiteExtension. Nothing by
// default, so a static export, which cannot take a POST, shows only the feeds.
struct SubscribeChannels {
  bool email = false;
  bool webhook = false;
};

struct SiteData {
  Page page;
  // The store revision the data was read at (Store::revision; SiteCache sets it, 0: unknown).
  // Extensions that keep their own reads between builds compare it (vendor_status/vendor_site.h).
  std::int64_t revision = 0;
  // Where the page's brand files are served (brand_assets.h); load_site_data fills it from
  // page.brand.
  BrandAssets assets;
  TimeZone zone = TimeZone::utc();
  Instant now{};
  std::vector<ComponentGroup> groups;
  std::vector<Component> components;   // leaf components, group order then position
  std::vector<Incident> incidents;     // kind incident, newest first
  std::vector<Incident> maintenances;  // kind maintenance, newest first
  // Vendor incidents linked as probable causes of `incidents`, by id (their pages show the link).
  std::map<std::string, Incident> probable_causes;
  // Component id → its 90-day bar, oldest first: from status history (daily_uptime), past days
  // replaced by monitor coverage when the reports extension runs (reports/uptime_site.h).
  std::map<std::string, std::vector<DayUptime>> uptime;
  // Vendor display names by slug (filled with the third-party data); a missing one shows the slug.
  std::map<std::string, std::string> vendor_names;
  // Vendors shown on "/" (config `vendors[].public`); empty: the section is left out.
  std::vector<ThirdPartyService> third_party;
  // /uptime (month calendars per component); unset: the site has no /uptime page.
  std::optional<UptimePage> uptime_page;
  SubscribeChannels subscribe;
  // The vendors a page of `pages:` shows (site/page_scope.h): its /vendors pages list only these.
  // Unset on the main page: every vendor.
  std::optional<std::set<std::string>> vendor_scope;

  const Component* find_component(const std::string& id) const;
  const ComponentGroup* find_group(const std::string& id) const;
  // Components of `group_id` (empty: top level), in position order.
  std::vector<const Component*> children(const std::string& group_id) const;
  // Every component in the order the front page lists them: each group's, then the ungrouped.
  std::vector<const Component*> in_page_order() const;
  // Worst status of a group's children.
  ComponentStatus group_status(const std::string& group_id) const;
  // "Group - Child" for grouped components, the bare name otherwise (affected_components.name).
  std::string qualified_name(const std::string& component_id) const;
  // The latest change to anything shown (page.updated_at).
  Instant updated_at() const;
};

// Reads the whole site from `store`. `page` and `zone` come from the environment.
Result<SiteData> load_site_data(Store& store, const Page& page, const TimeZone& zone, Instant now);

// Splits `spans` (Store::component_history) into the 90 page-zone days that end with the day
// containing `now`. Time before `known_since` is no data, never up: the page did not know the
// component then.
std::vector<DayUptime> daily_uptime(const std::vector<StatusSpan>& spans, const TimeZone& zone,
                                    Instant now, Instant known_since = Instant{});
// Since when the page knows `c`: its creation, or an earlier recorded status (a backfilled or
// imported history, the demo's), as reports count it (reports/history.cpp). `spans` as above.
Instant known_since(const Component& c, const std::vector<StatusSpan>& spans);
// The first instant of the oldest of those 90 days.
Instant uptime_window_start(const TimeZone& zone, Instant now);

}  // namespace pharos::site
