#include "reports/uptime_site.h"

#include <algorithm>
#include <map>
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

// Each component's days on the front page's 90-day bar, by the day's start.
using BarDays = std::map<std::string, std::map<Instant, StatusTime>>;

struct Figures {
  site::UptimePage page;
  BarDays bars;
};

Result<Figures> compute(const ReportService& service, const site::SiteData& data) {
  std::vector<std::string> ids;
  for (const auto& c : data.components) {
    if (c.showcase) ids.push_back(c.id);
  }
  Figures out;
  if (ids.empty()) return out;
  const TimeZone& zone = service.zone();
  Instant year = start_of_day(data.now, zone, -364);
  Instant calendar = start_of_month(data.now, zone, -(site::kUptimeMonths - 1));
  Instant bar = start_of_day(data.now, zone, -(site::kUptimeDays - 1));
  auto days = service.daily(std::min(year, calendar), data.now, ids);
  if (!days) return days.error();
  for (auto& c : *days) {
    site::ComponentUptime u{c.id, c.name, last_days(c, 30), last_days(c, 90), last_days(c, 365),
                            {}};
    for (auto& d : c.days) {
      if (d.start >= bar) out.bars[c.id][d.start] = d.time;
      if (d.start >= calendar) u.days.push_back({d.start, d.time, std::move(d.incident_names)});
    }
    out.page.components.push_back(std::move(u));
  }
  // In the front page's order, whatever order the service answers in.
  std::map<std::string, std::size_t> position;
  auto order = data.in_page_order();
  for (std::size_t k = 0; k < order.size(); ++k) position[order[k]->id] = k;
  std::stable_sort(out.page.components.begin(), out.page.components.end(),
                   [&position](const site::ComponentUptime& a, const site::ComponentUptime& b) {
                     return position[a.id] < position[b.id];
                   });
  return out;
}

// The front page's bars count what the reports count: a monitored component is observed only
// while a monitor was being checked. Past days only: today stays as the status history has it
// this very moment (these figures may be up to a refresh old).
void fill_bars(const BarDays& bars, site::SiteData& data) {
  for (auto& [id, days] : data.uptime) {
    auto figures = bars.find(id);
    if (figures == bars.end() || days.empty()) continue;
    for (std::size_t k = 0; k + 1 < days.size(); ++k) {
      auto day = figures->second.find(days[k].day_start);
      if (day != figures->second.end()) days[k].time = day->second;
    }
  }
}

struct Cache {
  std::mutex mu;
  std::optional<Figures> figures;     // GUARDED_BY(mu)
  std::optional<Millis> computed_at;  // GUARDED_BY(mu): the clock's monotonic time
};

}  // namespace

site::SiteExtension uptime_site_extension(const ReportService& service, Millis refresh) {
  auto cache = std::make_shared<Cache>();
  site::SiteExtension extension;
  extension.contribute = [&service, refresh, cache](site::SiteData& data) {
    std::lock_guard lock(cache->mu);
    Millis now = service.monotonic();
    if (!cache->computed_at || now - *cache->computed_at >= refresh) {
      auto figures = compute(service, data);
      if (figures) {
        cache->figures = std::move(*figures);
        cache->computed_at = now;
      } else {
        log::warn("reports.uptime_failed", {log::kv("error", figures.error().describe())});
      }
    }
    if (!cache->figures) return;
    data.uptime_page = cache->figures->page;
    fill_bars(cache->figures->bars, data);
  };
  return extension;
}

}  // namespace pharos::reports
