#include "reports/uptime_site.h"

#include <memory>
#include <mutex>

#include "core/log.h"
#include "site/html_pages.h"

namespace pharos::reports {
namespace {

std::optional<double> last_days(const ComponentDays& c, std::size_t n) {
  StatusTime total;
  std::size_t from = c.days.size() > n ? c.days.size() - n : 0;
  for (std::size_t k = from; k < c.days.size(); ++k) total += c.days[k].time;
  return uptime_ratio(total);
}

Result<site::UptimePage> compute(const ReportService& service, const site::SiteData& data) {
  std::vector<std::string> ids;
  for (const auto& c : data.components) {
    if (c.showcase) ids.push_back(c.id);
  }
  site::UptimePage page;
  if (ids.empty()) return page;
  const TimeZone& zone = service.zone();
  Instant year = start_of_day(data.now, zone, -364);
  Instant calendar = start_of_month(data.now, zone, -(site::kUptimeMonths - 1));
  auto days = service.daily(std::min(year, calendar), data.now, ids);
  if (!days) return days.error();
  for (auto& c : *days) {
    site::ComponentUptime u{c.id, c.name, last_days(c, 30), last_days(c, 90), last_days(c, 365), {}};
    for (auto& d : c.days) {
      if (d.start >= calendar) u.days.push_back({d.start, d.time, std::move(d.incident_names)});
    }
    page.components.push_back(std::move(u));
  }
  return page;
}

struct Cache {
  std::mutex mu;
  std::optional<site::UptimePage> page;  // GUARDED_BY(mu)
  std::optional<Millis> computed_at;     // GUARDED_BY(mu): the clock's monotonic time
};

}  // namespace

site::SiteExtension uptime_site_extension(const ReportService& service, Millis refresh) {
  auto cache = std::make_shared<Cache>();
  site::SiteExtension extension;
  extension.contribute = [&service, refresh, cache](site::SiteData& data) {
    std::lock_guard lock(cache->mu);
    Millis now = service.monotonic();
    if (!cache->computed_at || now - *cache->computed_at >= refresh) {
      auto page = compute(service, data);
      if (page) {
        cache->page = std::move(*page);
        cache->computed_at = now;
      } else {
        log::warn("reports.uptime_failed", {log::kv("error", page.error().describe())});
      }
    }
    data.uptime_page = cache->page;
  };
  return extension;
}

}  // namespace pharos::reports
